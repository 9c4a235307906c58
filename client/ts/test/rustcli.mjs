// The Rust command line (`caduceus`), when it is built, to compare encodings with: $CADUCEUS_CLI,
// else next to the node binary ($CARGO_TARGET_DIR/release, /var/tmp/caduceus-target/release).

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The `caduceus` binary, if it is built. */
export function rustCli() {
  const candidates = [
    process.env.CADUCEUS_CLI,
    process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, "release", "caduceus"),
    "/var/tmp/caduceus-target/release/caduceus",
  ].filter((x) => typeof x === "string" && x.length > 0);
  return candidates.find((path) => existsSync(/** @type {string} */ (path)));
}

/**
 * Runs the `caduceus` binary with `args` without blocking the event loop (other tests go on
 * meanwhile): its exit status and output.
 *
 * @param {string[]} args
 * @returns {Promise<{ status: number, stdout: string, stderr: string }>}
 */
export function runRustCli(args) {
  const cli = rustCli();
  if (!cli) throw new Error("no caduceus binary");
  return new Promise((resolve) => {
    execFile(cli, args, { encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}
