// What the client computes without a node: category slots, the vocabulary's bits, the SCALE bytes
// of a wallet-signed consent and its `<Bytes>` signature, keys from secret URIs.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fromHex, toHex } from "polkadot-api/utils";
import {
  ACTIONS,
  CaduceusError,
  DATA_CATEGORIES,
  PURPOSES,
  ROLES,
  SIGNED_CONSENT_DOMAIN,
  broadCategories,
  categoriesIn,
  categoryIn,
  categorySlot,
  categorySlots,
  connect,
  consentTerms,
  decodeSignedConsent,
  descriptorsMetadata,
  fromSuri,
  signRawRequest,
  signWithExtension,
  signatureBytes,
  signedConsentPayload,
  slotIndex,
  verifySr25519,
  walletSign,
  walletWrapped,
} from "../src/index.js";
import { fakeExtension } from "./extension.mjs";

const KEY_DAVE = new Uint8Array(32).fill(0xda);
const KEY_CHARLIE_STASH = `0x${"c5".repeat(32)}`;

describe("category slots", () => {
  test("the published vector: key 0x00..1f", () => {
    // caduceus_primitives::category_slots::tests::published_vectors
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    assert.deepEqual(
      DATA_CATEGORIES.map((c) => slotIndex(key, c)),
      [31, 19, 27, 29, 25, 17, 26, 24, 23, 20, 21, 22, 18, 30, 28, 16],
    );
  });

  test("Dave's key puts lab results in slot 18, and his demo grants read back", () => {
    assert.equal(slotIndex(KEY_DAVE, "LabResults"), 18);
    assert.deepEqual(categorySlot(KEY_DAVE, "lab-results"), { type: "Slot18", value: undefined });
    // Dave's demo grants on the development chain: consent 1 (lab results, to the laboratory)
    // and consent 0 (every non-sensitive category, to St. Luke's), as the chain stores them.
    assert.equal(categorySlots(KEY_DAVE, ["LabResults"]), 262144);
    assert.equal(categorySlots(KEY_DAVE, broadCategories()), 3690201088);
    assert.deepEqual(categoriesIn(KEY_DAVE, 3690201088), broadCategories());
  });

  test("every category has its own slot under any key, and reads back", () => {
    for (let seed = 0; seed < 50; seed++) {
      const key = Uint8Array.from({ length: 32 }, (_, i) => (seed + i) & 0xff);
      const slots = DATA_CATEGORIES.map((c) => slotIndex(key, c));
      assert.equal(new Set(slots).size, 16);
      assert.ok(slots.every((s) => s >= 16 && s <= 31));
      for (const c of DATA_CATEGORIES) assert.equal(categoryIn(key, slotIndex(key, c)), c);
      assert.equal(categoryIn(key, 3), undefined, "unkeyed slots hold no keyed category");
      // Bit 31 stays a positive u32.
      const all = categorySlots(key, DATA_CATEGORIES);
      assert.equal(all, 0xffff0000);
    }
  });

  test("a key is 32 bytes, a category a known name", () => {
    assert.throws(() => slotIndex(new Uint8Array(31), "LabResults"), CaduceusError);
    assert.throws(() => slotIndex("0xzz", "LabResults"), /not hex/);
    assert.throws(() => slotIndex(KEY_DAVE, "Gossip"), /unknown name `Gossip`/);
  });
});

describe("vocabulary", () => {
  /** @param {string} name */
  async function variantsOf(name) {
    const meta = await descriptorsMetadata();
    const type = meta.lookup.find((t) => t.path.at(-1) === name && t.def.tag === "variant");
    assert.ok(type, `no enum ${name} in the metadata`);
    return /** @type {{ name: string, index: number }[]} */ (type.def.value).map((v) => [v.index, v.name]);
  }

  test("Purpose, Action and Role are the metadata's enums, in their order (bit = index)", async () => {
    assert.deepEqual(await variantsOf("Purpose"), PURPOSES.map((p, i) => [i, p]));
    assert.deepEqual(await variantsOf("Action"), ACTIONS.map((a, i) => [i, a]));
    assert.deepEqual(await variantsOf("Role"), ROLES.map((r, i) => [i, r]));
    const slots = await variantsOf("CategorySlot");
    assert.deepEqual(slots, Array.from({ length: 32 }, (_, i) => [i, `Slot${i}`]));
  });
});

describe("wallet-signed consent", () => {
  const charlieStash = fromSuri("//Charlie//stash");
  const NOW = 1_700_000_000_000n;
  const terms = () =>
    consentTerms({
      grantee: { organisation: 0 },
      categories: ["lab-results", "imaging"],
      categoryKey: KEY_CHARLIE_STASH,
      purposes: ["treatment"],
      actions: ["read"],
      validUntil: NOW + 30n * 86_400_000n,
    });
  const payloadArgs = () => ({
    genesisHash: `0x${"ab".repeat(32)}`,
    patient: 1,
    signer: charlieStash.address,
    nonce: 3,
    expiresAt: NOW + 24n * 3_600_000n,
    terms: terms(),
  });

  // Printed by the Rust client, which encodes with the runtime's own types:
  //   caduceus consent sign --patient 1 --org 0 --categories lab-results,imaging \
  //     --category-key 0xc5…c5 --suri //Charlie//stash --genesis 0xab…ab --nonce 3 \
  //     --now 1700000000000 --json
  const RUST_PAYLOAD =
    "0x63616475636575732f636f6e73656e742d6772616e740000abababababababababababababababababababababababababababababababab01000000000000001e07379407fecc4b89eb7dbd287c2c781cfb1907a96947a3eb18e4f8e71986250300000000c40bd58b010000010000000000004001010000000100000000000000000030646a8c010000000000000000";
  const RUST_SIGNATURE =
    "0x2800f4716b56be3d65249d799e6b28205e5bc69bb01dd051e8a5cb7f44a107550e80c5b81f2476d23d8d3c240f38c17873c7c78a001c3c2ac044791d48d95b81";

  test("the payload is byte for byte the Rust client's", async () => {
    const payload = await signedConsentPayload(payloadArgs());
    assert.equal(toHex(payload), RUST_PAYLOAD);
    // Its layout: domain, genesis hash, patient (u64), signer, nonce (u32), expiry (u64), terms.
    assert.equal(toHex(payload.slice(0, 24)), SIGNED_CONSENT_DOMAIN);
    assert.equal(new TextDecoder().decode(payload.slice(0, 22)), "caduceus/consent-grant");
    assert.equal(toHex(payload.slice(24, 56)), `0x${"ab".repeat(32)}`);
    assert.equal(new DataView(payload.buffer, payload.byteOffset).getBigUint64(56, true), 1n);
    assert.deepEqual(payload.slice(64, 96), charlieStash.publicKey);
    assert.equal(new DataView(payload.buffer, payload.byteOffset).getUint32(96, true), 3);
  });

  test("the Rust client's wallet signature is over <Bytes>payload</Bytes>", () => {
    const payload = fromHex(RUST_PAYLOAD);
    const signature = fromHex(RUST_SIGNATURE);
    assert.ok(verifySr25519(signature, walletWrapped(payload), charlieStash.publicKey));
    assert.ok(!verifySr25519(signature, payload, charlieStash.publicKey));
  });

  test("walletSign signs as the polkadot.js extension does, with a key or a PolkadotSigner", async () => {
    const payload = await signedConsentPayload(payloadArgs());
    const wrapped = walletWrapped(payload);
    assert.equal(new TextDecoder().decode(wrapped.slice(0, 7)), "<Bytes>");
    assert.equal(new TextDecoder().decode(wrapped.slice(-8)), "</Bytes>");
    for (const signer of [charlieStash.sign, charlieStash.signer]) {
      const signature = await walletSign(payload, signer);
      assert.equal(signature.length, 64);
      assert.ok(verifySr25519(signature, wrapped, charlieStash.publicKey));
      assert.ok(!verifySr25519(signature, payload, charlieStash.publicKey), "signed unwrapped");
    }
  });

  test("a page hands the extension the payload's hex, and the extension's signature verifies", async () => {
    const payload = await signedConsentPayload(payloadArgs());
    const request = signRawRequest(charlieStash.address, payload);
    assert.deepEqual(request, { address: charlieStash.address, data: RUST_PAYLOAD, type: "bytes" });
    const extension = fakeExtension([charlieStash]);
    const signature = await signWithExtension(extension.signer, charlieStash.address, payload);
    assert.deepEqual(extension.requests, [request]);
    assert.ok(verifySr25519(signature, walletWrapped(payload), charlieStash.publicKey));
  });

  test("a signature is 64 bytes, or 65 with the Sr25519 tag", () => {
    const sig = new Uint8Array(64).fill(7);
    assert.deepEqual(signatureBytes(toHex(sig)), sig);
    assert.deepEqual(signatureBytes(Uint8Array.of(1, ...sig)), sig);
    assert.throws(() => signatureBytes(new Uint8Array(63)), CaduceusError);
  });

  test("decoding takes exactly one signed consent", async () => {
    const payload = await signedConsentPayload(payloadArgs());
    const decoded = await decodeSignedConsent(payload);
    assert.equal(decoded.patient, 1n);
    assert.equal(decoded.nonce, 3);
    assert.equal(decoded.signer, charlieStash.address);
    assert.deepEqual(decoded.terms.grantee, { type: "Organisation", value: 0 });
    assert.deepEqual(categoriesIn(KEY_CHARLIE_STASH, decoded.terms.categories), ["LabResults", "Imaging"]);
    await assert.rejects(decodeSignedConsent(Uint8Array.of(...payload, 0)), /not exactly one/);
    const otherDomain = Uint8Array.from(payload);
    otherDomain[0] ^= 1;
    await assert.rejects(decodeSignedConsent(otherDomain), /wrong domain/);
  });

  test("terms name at least one category, purpose and action", () => {
    assert.throws(
      () => consentTerms({ ...{ grantee: { organisation: 0 }, categoryKey: KEY_DAVE, purposes: ["Treatment"], actions: ["Read"], validUntil: 1 }, categories: [] }),
      /at least one/,
    );
  });

  test("the same payload as the Rust command line, for other inputs", { skip: rustCli() ? false : "no caduceus binary" }, async () => {
    const cli = /** @type {string} */ (rustCli());
    const genesis = `0x${"3c".repeat(32)}`;
    const run = spawnSync(
      cli,
      [
        "consent", "sign", "--json", "--patient", "7", "--practitioner", fromSuri("//Ferdie").address,
        "--categories", "hiv,mental-health,demographics", "--category-key", `0x${"07".repeat(32)}`,
        "--purposes", "treatment,research", "--actions", "read,disclose", "--days", "3",
        "--suri", "//Alice", "--genesis", genesis, "--nonce", "42", "--now", "1800000000123", "--expires-in-hours", "2",
      ],
      { encoding: "utf8" },
    );
    assert.equal(run.status, 0, run.stderr);
    const rust = JSON.parse(run.stdout);
    const alice = fromSuri("//Alice");
    const ours = await signedConsentPayload({
      genesisHash: genesis,
      patient: 7n,
      signer: alice.address,
      nonce: 42,
      expiresAt: 1_800_000_000_123n + 2n * 3_600_000n,
      terms: consentTerms({
        grantee: { practitioner: fromSuri("//Ferdie").address },
        categories: ["Hiv", "MentalHealth", "Demographics"],
        categoryKey: `0x${"07".repeat(32)}`,
        purposes: ["Treatment", "Research"],
        actions: ["Read", "Disclose"],
        validUntil: 1_800_000_000_123n + 3n * 86_400_000n,
      }),
    });
    assert.equal(toHex(ours), rust.payload);
    assert.ok(verifySr25519(fromHex(rust.signature), walletWrapped(ours), alice.publicKey));
  });
});

/** The Rust command line, if it is built: $CADUCEUS_CLI, else next to the node binary. */
function rustCli() {
  const candidates = [
    process.env.CADUCEUS_CLI,
    process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, "release", "caduceus"),
    "/var/tmp/caduceus-target/release/caduceus",
  ].filter((x) => typeof x === "string" && x.length > 0);
  return candidates.find((path) => existsSync(/** @type {string} */ (path)));
}

describe("connecting", () => {
  test("a URL that is not ws:// or wss:// is refused at once", async () => {
    await assert.rejects(connect("http://127.0.0.1:9944"), (/** @type {any} */ e) => {
      assert.equal(e.kind, "connect");
      assert.match(e.message, /must start with ws:\/\/ or wss:\/\//);
      return true;
    });
  });

  test(
    "a node that does not answer is a connect error within the time given",
    { skip: typeof WebSocket === "function" ? false : "no global WebSocket (Node 20 without --experimental-websocket)" },
    async () => {
      const started = Date.now();
      await assert.rejects(connect("ws://127.0.0.1:1", { timeoutMs: 1_500 }), (/** @type {any} */ e) => {
        assert.equal(e.kind, "connect");
        assert.match(e.message, /^cannot connect to ws:\/\/127\.0\.0\.1:1: /);
        return true;
      });
      assert.ok(Date.now() - started < 5_000);
    },
  );
});

describe("keys", () => {
  test("secret URIs give the development accounts", () => {
    assert.equal(fromSuri("//Alice").address, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
    assert.equal(fromSuri("//Charlie").address, "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y");
    assert.equal(fromSuri("//Dave").address, "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy");
    assert.equal(fromSuri("//Eve").address, "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw");
    const phrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
    assert.equal(fromSuri(`${phrase}//Charlie//stash`).address, fromSuri("//Charlie//stash").address);
    assert.equal(
      fromSuri("0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e//Alice").address,
      fromSuri("//Alice").address,
    );
    assert.throws(() => fromSuri("not a valid mnemonic at all"), CaduceusError);
  });
});
