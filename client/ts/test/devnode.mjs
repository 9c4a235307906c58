// A development chain for the tests: the real node binary with `--dev`, on free ports, in a
// temporary folder, stopped with SIGINT at the end.
//
// The binary: $CADUCEUS_NODE, else $CARGO_TARGET_DIR/release/caduceus-node, else
// /var/tmp/caduceus-target/release/caduceus-node.

import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const DEFAULT_TARGET = "/var/tmp/caduceus-target";

/** The node binary the tests run, or an error that says where it was looked for. */
export function nodeBinary() {
  const explicit = process.env.CADUCEUS_NODE;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`CADUCEUS_NODE=${explicit}: no such file`);
    return explicit;
  }
  const candidates = [
    process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, "release", "caduceus-node"),
    join(DEFAULT_TARGET, "release", "caduceus-node"),
  ].filter((x) => typeof x === "string" && x.length > 0);
  const found = candidates.find((path) => existsSync(/** @type {string} */ (path)));
  if (!found) {
    throw new Error(
      `no caduceus-node binary: looked at ${candidates.join(", ")}. Build it (cargo build --release -p caduceus-node) or set CADUCEUS_NODE.`,
    );
  }
  return found;
}

/**
 * `count` TCP ports that are free now, all different.
 *
 * @param {number} count
 * @returns {Promise<number[]>}
 */
async function freePorts(count) {
  const servers = [];
  const ports = [];
  for (let i = 0; i < count; i++) {
    const server = createServer();
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "0.0.0.0", () => resolve(undefined));
    });
    servers.push(server);
    ports.push(/** @type {import("node:net").AddressInfo} */ (server.address()).port);
  }
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))));
  return ports;
}

/**
 * One JSON-RPC request over HTTP.
 *
 * @param {string} http
 * @param {string} method
 * @param {unknown[]} [params]
 */
async function rpc(http, method, params = []) {
  const response = await fetch(http, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/**
 * @typedef {object} DevNode
 * @property {string} url the WebSocket endpoint, ws://127.0.0.1:PORT
 * @property {string} http the same port over HTTP
 * @property {number} pid
 * @property {() => string} logTail the last lines the node printed
 * @property {() => Promise<void>} stop SIGINT, then SIGKILL after 30 s; removes the folder
 */

/**
 * Starts a development chain and waits until its RPC answers (up to `readyMs`) and block #1 is
 * finalized. Tries again once on other ports if the node exits at start (a port taken meanwhile).
 *
 * @param {{ readyMs?: number }} [options]
 * @returns {Promise<DevNode>}
 */
export async function startDevNode(options = {}) {
  try {
    return await startOnce(options);
  } catch (e) {
    if (!(e instanceof NodeExited)) throw e;
    return startOnce(options);
  }
}

class NodeExited extends Error {}

/**
 * @param {{ readyMs?: number }} options
 * @returns {Promise<DevNode>}
 */
async function startOnce({ readyMs = 120_000 }) {
  const binary = nodeBinary();
  const dir = mkdtempSync(join(tmpdir(), "caduceus-ts-"));
  const logPath = join(dir, "node.log");
  const [rpcPort, p2pPort] = await freePorts(2);
  const log = openSync(logPath, "a");
  const child = spawn(
    binary,
    [
      "--dev",
      "--base-path",
      join(dir, "chain"),
      "--rpc-port",
      String(rpcPort),
      "--port",
      String(p2pPort),
      "--no-prometheus",
      "--no-telemetry",
      "--no-mdns",
    ],
    { stdio: ["ignore", log, log] },
  );
  closeSync(log);
  /** @type {number | null} */
  let exitCode = null;
  const exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      exitCode = code ?? (signal ? 128 : 1);
      resolve(undefined);
    }),
  );
  // Never leave a node behind if the test process ends without `stop`.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const logTail = (lines = 40) => {
    try {
      return readFileSync(logPath, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "(no log)";
    }
  };
  const http = `http://127.0.0.1:${rpcPort}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exitCode === null) {
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    }
    process.removeListener("exit", killOnExit);
    if (!process.env.CADUCEUS_KEEP_NODE_DIR) rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + readyMs;
  /** @param {() => Promise<boolean>} ready @param {string} what */
  const waitFor = async (ready, what) => {
    for (;;) {
      if (exitCode !== null) {
        throw new NodeExited(`the node exited (${exitCode}) before ${what}:\n${logTail()}`);
      }
      if (await ready().catch(() => false)) return;
      if (Date.now() > deadline) {
        throw new Error(`the node did not get to ${what} within ${readyMs / 1000} s:\n${logTail()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  try {
    await waitFor(async () => Boolean(await rpc(http, "system_health")), "answering system_health");
    await waitFor(async () => {
      const head = await rpc(http, "chain_getFinalizedHead");
      const header = await rpc(http, "chain_getHeader", [head]);
      return Number.parseInt(header.number, 16) >= 1;
    }, "finalizing block #1");
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `ws://127.0.0.1:${rpcPort}`, http, pid: /** @type {number} */ (child.pid), logTail, stop };
}
