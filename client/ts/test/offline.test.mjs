// What the client computes without a node: category slots, the vocabulary's bits, the SCALE bytes
// of a wallet-signed consent and its `<Bytes>` signature, keys from secret URIs, salted document
// hashes, sealed pointers, GS1 element strings and expiries, billing-code tokens and amounts.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { fromHex, toHex } from "polkadot-api/utils";
import {
  ACTIONS,
  CaduceusError,
  MAX_CODE_LENGTH,
  DATA_CATEGORIES,
  GROUP_SEPARATOR,
  PURPOSES,
  ROLES,
  ORG_KINDS,
  GUARDIAN_SCOPES,
  SIGNED_CONSENT_DOMAIN,
  UNIT,
  block,
  broadCategories,
  categoriesIn,
  categoryIn,
  categorySlot,
  categorySlots,
  claimLines,
  claimParty,
  codeToken,
  commission,
  container,
  dispense,
  pack,
  planTerms,
  recallLot,
  setCompanyPrefixes,
  ship,
  ssccHex,
  unblock,
  units,
  unpack,
  connect,
  consentTerms,
  decodeSignedConsent,
  demographicCommitment,
  descriptorsMetadata,
  documentHash,
  expiryMs,
  fromSuri,
  gs1CheckDigitValid,
  openPointer,
  parseAmount,
  parseElementString,
  productIdentifier,
  sealPointer,
  sgtinElementString,
  showAmount,
  unitToken,
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
import { rustCli } from "./rustcli.mjs";

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

  test("Purpose, Action, Role, OrgKind and GuardianScope are the metadata's enums, in their order (bit = index)", async () => {
    assert.deepEqual(await variantsOf("Purpose"), PURPOSES.map((p, i) => [i, p]));
    assert.deepEqual(await variantsOf("Action"), ACTIONS.map((a, i) => [i, a]));
    assert.deepEqual(await variantsOf("Role"), ROLES.map((r, i) => [i, r]));
    assert.deepEqual(await variantsOf("OrgKind"), ORG_KINDS.map((k, i) => [i, k]));
    assert.deepEqual(await variantsOf("GuardianScope"), GUARDIAN_SCOPES.map((g, i) => [i, g]));
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

  test("junctions are derived as subkey derives them: numbers as u64, over 32 bytes hashed (the Rust command line's accounts)", { skip: rustCli() ? false : "no caduceus binary" }, () => {
    const cli = /** @type {string} */ (rustCli());
    const suris = [
      `//${"x".repeat(31)}`, // 32 bytes encoded: zero-padded
      `//${"x".repeat(32)}`, // 33 bytes encoded: hashed
      "//caduceus-ts-newcomer-0x1a2b3c4d5e6f",
      "//Alice/7//3/soft",
      "//18446744073709551616", // one past u64: a string
    ];
    for (const suri of suris) {
      const run = spawnSync(cli, ["--suri", suri, "--json", "account"], { encoding: "utf8" });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(fromSuri(suri).address, JSON.parse(run.stdout).account, suri);
    }
  });
});

// The hashes below were computed independently with Python's hashlib.blake2b(digest_size=32);
// the first of each is also a published vector of the Rust primitives
// (caduceus_primitives::salted, ::billing_codes).
const SALT_0_31 = Uint8Array.from({ length: 32 }, (_, i) => i);

describe("salted hashes", () => {
  test("the published vectors: salt 0x00..1f, content `caduceus`", () => {
    assert.equal(documentHash(SALT_0_31, "caduceus"), "0x20abbea719dd2d0a73b355ac005c912c9a53ada4a2631752bc93c4d0494aef3d");
    assert.equal(
      demographicCommitment(toHex(SALT_0_31), new TextEncoder().encode("caduceus")),
      "0xd09fb02660f5ac940997e11754be228f82851ac527a8bbc739d357b2fe9a3cf3",
    );
  });

  test("domain ‖ salt ‖ content, for text and for bytes", () => {
    // hashlib.blake2b(b"caduceus:document:v1" + bytes([7] * 32) + b"{}", digest_size=32)
    assert.equal(documentHash(new Uint8Array(32).fill(7), "{}"), "0x449483df2b1e7b25b800b1d5b9cb7fe9edf32ac8cf030bc96c50c1cc59d88be5");
    // ... + bytes([0xff] * 32) + bytes(range(256)): content that is not text
    assert.equal(
      documentHash(`0x${"ff".repeat(32)}`, Uint8Array.from({ length: 256 }, (_, i) => i)),
      "0xf12b1cc1b6b857e65a7a56c9b9a18ee7acd8d98e4204d0b4718d6d3ea41b6632",
    );
  });

  test("another salt, another domain or no salt gives another hash; a salt is 32 bytes", () => {
    const hash = documentHash(SALT_0_31, "caduceus");
    assert.notEqual(documentHash(new Uint8Array(32), "caduceus"), hash);
    assert.notEqual(demographicCommitment(SALT_0_31, "caduceus"), hash);
    // hashlib.blake2b(b"caduceus", digest_size=32): what a dictionary of contents would match
    assert.notEqual(hash, "0x4d588d68d78a5e5154e4877acd1e055a803cf2bfb4871eb43019afe0db691609");
    assert.throws(() => documentHash(new Uint8Array(31), "caduceus"), /salt: expected 32 bytes/);
    assert.throws(() => documentHash("0x12", "caduceus"), CaduceusError);
  });
});

describe("sealed pointers", () => {
  const key = new Uint8Array(32).fill(7);
  const pointer = "https://ehr.example/fhir/Observation/42";

  test("a sealed pointer opens with its key only, and not once changed", () => {
    const sealed = sealPointer(key, pointer);
    // nonce (24) ‖ cipher text (the pointer's length and the pointer, padded to 256) ‖ tag (16)
    assert.equal(sealed.length, 24 + 256 + 16);
    assert.ok(!Buffer.from(sealed).includes("ehr"), "the pointer is not in clear");
    assert.equal(new TextDecoder().decode(openPointer(key, sealed)), pointer);
    assert.equal(new TextDecoder().decode(openPointer(toHex(key), sealed)), pointer);
    assert.equal(openPointer(new Uint8Array(32).fill(8), sealed), undefined, "another key");
    for (const at of [0, 23, 30, sealed.length - 1]) {
      const changed = Uint8Array.from(sealed);
      changed[at] ^= 1;
      assert.equal(openPointer(key, changed), undefined, `byte ${at} changed`);
    }
    assert.equal(openPointer(key, sealed.slice(0, 30)), undefined, "cut short");
    assert.equal(openPointer(key, new Uint8Array(10)), undefined, "shorter than a nonce");
    assert.notDeepEqual(sealPointer(key, "same"), sealPointer(key, "same"), "a fresh nonce every time");
    assert.throws(() => sealPointer(new Uint8Array(16), pointer), /pointer key: expected 32 bytes/);
  });

  test("a sealed pointer does not tell its length, so neither the resource type of its address", () => {
    const lengths = ["Observation", "Immunization", "MedicationRequest"].map(
      (type) => sealPointer(key, `https://ehr.example/fhir/${type}/42`).length,
    );
    assert.deepEqual(lengths, [296, 296, 296]);
    assert.equal(sealPointer(key, "x".repeat(254)).length, 296);
    const long = sealPointer(key, "x".repeat(255));
    assert.equal(long.length, 512);
    assert.equal(openPointer(key, long)?.length, 255);
    assert.throws(() => sealPointer(key, "x".repeat(471)), /at most 470 are sealed/);
  });

  test("a pointer sealed by an independent XChaCha20-Poly1305 opens", () => {
    // Python: HChaCha20 subkey, then the `cryptography` package's ChaCha20-Poly1305 with nonce
    // 0^4 ‖ nonce[16..24], no associated data (checked on draft-irtf-cfrg-xchacha's A.3.1
    // vector); key 0x07 × 32, nonce 0x00..17; the plain text the pointer's length (2 bytes, little
    // endian) and the pointer, padded with zeroes to 256 bytes. The Rust client opens the same.
    const sealed = fromHex(
      "0x000102030405060708090a0b0c0d0e0f10111213141516178f17c3f18e6c289f0ae8e42f94cccad43ebb487b71d851199a6f98cef8bff1e5755ffb059afa71c424e1347d37acf0fcfe774bcc847000dad800affdaa81ca998aa1c50efde0564a50ed1f0c7a642aad2c2e94d7b4ebe463e68e57b6dd04b75aa6591167725dd77466838d2a7171b368bbb1396e0683fea647a2dcb54243ada522dde39159be6af77ea63f03e18b787716a16ce4b521ad44650b60f682a96c4125d8e4b3a94f3387f200a4272666db65eb134dafc2dac75eb19eb812b3e69b0c7599b751b1b0ab1af548758b4192654a1936891b16c97d7ab6b2544bc2156fcc5e0089cb408acb7d2fd771c8e85eb56300c8522aa96f4ed6e614556a49516809d11d3f6b428656021203203a07e18d4c",
    );
    assert.equal(new TextDecoder().decode(openPointer(key, sealed)), pointer);
  });
});

describe("GS1 element strings", () => {
  const expected = { gtin: "00300123456785", serial: "SN1", lot: "A2611", expiry: "271231" };

  test("the bracketed and the scanned forms read the same identifier", () => {
    const GS = GROUP_SEPARATOR;
    assert.deepEqual(parseElementString("(01)00300123456785(21)SN1(10)A2611(17)271231"), expected);
    assert.deepEqual(parseElementString("]d201003001234567851727123110A2611\u001d21SN1"), expected);
    // Any order, a separator after a fixed-length field too, a GS1-128 prefix, a trailing newline.
    assert.deepEqual(parseElementString(`]C121SN1${GS}10A2611${GS}0100300123456785${GS}17271231\n`), expected);
    assert.deepEqual(parseElementString("(10)A2611(17)271231(01)00300123456785(21)SN1"), expected);
  });

  test("a bad check digit, a missing or unknown element, a bad date are refused", () => {
    /** @param {string} text @param {RegExp} message */
    const refused = (text, message) =>
      assert.throws(() => parseElementString(text), (/** @type {any} */ e) => {
        assert.ok(e instanceof CaduceusError, String(e));
        assert.equal(e.kind, "input");
        assert.match(e.message, message);
        return true;
      });
    refused("(01)00300123456784(21)SN1(10)A2611(17)271231", /^\(01\) is not a GTIN-14 with a valid check digit$/);
    refused("]d201003001234567841727123110A2611\u001d21SN1", /check digit/);
    refused("(01)0030012345678(21)SN1(10)A2611(17)271231", /^\(01\) must be 14 digits$/);
    refused("(01)00300123456785(21)SN1(17)271231", /^the element string has no \(10\)$/);
    refused("(01)00300123456785(21)S(10)L(17)271331", /^\(17\) month 13 does not exist$/);
    refused("(01)00300123456785(21)S(10)L(17)270229", /^\(17\) day 29 does not exist in month 2$/);
    refused("(01)00300123456785(21)S(10)L(17)2712", /^\(17\) must be YYMMDD$/);
    refused("(01)00300123456785(21", /^unclosed AI in `21`$/);
    refused("0100300123456785992", /^AI \(99\) is not read here$/);
    refused("010030012345", /^\(01\) is short$/);
    assert.ok(gs1CheckDigitValid("00300123456785"));
    assert.ok(!gs1CheckDigitValid("00300123456786"));
  });

  test("an expiry is the last millisecond of its day, UTC; day 00 is the month's last", () => {
    // Python: datetime(2027, 12, 31, tzinfo=timezone.utc) + 1 day, in ms, minus 1
    assert.equal(expiryMs("271231"), 1_830_297_599_999n);
    assert.equal(expiryMs("280200"), expiryMs("280229")); // 2028 is a leap year
    assert.equal(expiryMs("280229"), 1_835_481_599_999n);
    assert.equal(expiryMs("270200"), 1_803_859_199_999n); // 2027-02-28: not a leap year
    assert.equal(expiryMs("000100"), 949_363_199_999n); // 2000-01-31
    assert.equal(expiryMs("991231"), 4_102_444_799_999n); // years are 2000 to 2099
    assert.equal(expiryMs(new TextEncoder().encode("271231")), 1_830_297_599_999n);
    assert.throws(() => expiryMs("27123"), /must be YYMMDD/);
    assert.throws(() => expiryMs("271232"), /day 32 does not exist in month 12/);
  });

  test("the identifier the chain takes: the GTIN's ASCII digits, bytes, the expiry in ms", () => {
    const id = productIdentifier("(01)00300123456785(21)SN1(10)A2611(17)271231");
    assert.deepEqual(id, {
      gtin: toHex(new TextEncoder().encode("00300123456785")),
      serial: new TextEncoder().encode("SN1"),
      lot: new TextEncoder().encode("A2611"),
      expiry: 1_830_297_599_999n,
    });
    assert.deepEqual(productIdentifier(expected), id);
  });
});

describe("supply-chain items and arguments, checked before anything is submitted", () => {
  const GTIN = "00300123456785";
  /** An input error with `message`, as `assert.throws` and `assert.rejects` check one. @param {RegExp} message */
  const inputError = (message) => (/** @type {any} */ e) => {
    assert.ok(e instanceof CaduceusError, String(e));
    assert.equal(e.kind, "input");
    assert.match(e.message, message);
    return true;
  };
  /** @param {() => unknown} act @param {RegExp} message */
  const refused = (act, message) => assert.throws(act, inputError(message));
  // No node: a helper that would reach one fails the test with a TypeError, not an input error.
  const noChain = /** @type {any} */ ({});
  const acme = fromSuri("//Dave//stash");

  test("units and containers are the chain's items: a GTIN's ASCII digits and a serial's bytes, an SSCC's digits", () => {
    const encoder = new TextEncoder();
    assert.deepEqual(units(GTIN, ["SN1", encoder.encode("SN2")]), [
      { type: "Unit", value: { gtin: toHex(encoder.encode(GTIN)), serial: encoder.encode("SN1") } },
      { type: "Unit", value: { gtin: toHex(encoder.encode(GTIN)), serial: encoder.encode("SN2") } },
    ]);
    assert.deepEqual(units(GTIN, []), []);
    assert.deepEqual(container("006141410000000012"), { type: "Container", value: toHex(encoder.encode("006141410000000012")) });
    assert.equal(ssccHex("006141410000000012"), toHex(encoder.encode("006141410000000012")));
  });

  test("a bad GTIN, SSCC, serial or lot is refused, saying what is wrong", () => {
    refused(() => units("00300123456784", ["SN1"]), /^`00300123456784` is not a GTIN-14 with a valid check digit$/);
    refused(() => container("006141410000000013"), /^`006141410000000013` is not an SSCC with a valid check digit$/);
    refused(() => container("00614141000000001"), /is not an SSCC/);
    refused(() => ssccHex(GTIN), /is not an SSCC/);
    refused(() => units(GTIN, ["SN1", ""]), /^serial ``: 1 to 20 printable ASCII characters$/);
    refused(() => units(GTIN, ["SN 1"]), /^serial `SN 1`: 1 to 20 printable ASCII characters$/);
    refused(() => units(GTIN, ["Ä1"]), /^serial `Ä1`/);
    refused(() => units(GTIN, ["S".repeat(MAX_CODE_LENGTH + 1)]), /^serial `S+`: 1 to 20/);
    assert.equal(units(GTIN, ["S".repeat(MAX_CODE_LENGTH)]).length, 1);
  });

  test("a move names something, a batch is checked whole, and a blocked party is a practitioner or an organisation, before the chain is asked", async () => {
    const documents = new Uint8Array(32);
    /** @param {Promise<unknown>} done @param {RegExp} message */
    const rejected = (done, message) => assert.rejects(done, inputError(message));
    await rejected(ship(noChain, acme, { to: 3, documents }), /^a shipment names items, or units \(gtin and serials\)$/);
    await rejected(ship(noChain, acme, { to: 3, gtin: GTIN, documents }), /^units are named by a gtin and at least one serial$/);
    await rejected(ship(noChain, acme, { to: 3, serials: ["SN1"], documents }), /^units are named by a gtin/);
    await rejected(ship(noChain, acme, { to: 3, items: [container("006141410000000012")], documents: new Uint8Array(31) }), /^documents hash: expected 32 bytes$/);
    await rejected(pack(noChain, acme, "006141410000000013", units(GTIN, ["SN1"])), /is not an SSCC/);
    await rejected(unpack(noChain, acme, "0061414100000000"), /is not an SSCC/);
    await rejected(dispense(noChain, acme, GTIN, ""), /^serial ``/);
    await rejected(recallLot(noChain, acme, { gtin: GTIN, lot: "A 2611", notice: documents }), /^lot `A 2611`/);
    await rejected(recallLot(noChain, acme, { gtin: GTIN, lot: "A2611", notice: "0x00" }), /^notice hash: expected 32 bytes$/);
    // The last serial is bad: nothing of the batch is commissioned.
    await rejected(
      commission(noChain, acme, { gtin: GTIN, lot: "A2611", expiry: "271231", serials: ["SN1", "SN2", "SN\t3"] }),
      /^serial `SN\t3`/,
    );
    await rejected(block(noChain, acme, 0, /** @type {any} */ ({})), /^a grantee is an organisation or a practitioner$/);
    await rejected(unblock(noChain, acme, 0, /** @type {any} */ ({ patient: 1 })), /^a grantee is an organisation or a practitioner$/);    // A company prefix is 4 to 12 digits.
    for (const bad of ["030", "0300123456789", "03001A3", ""]) {
      refused(() => setCompanyPrefixes(noChain, 2, ["0300123", bad]), /: GS1 company prefixes are 4 to 12 digits$/);
    }
  });
});

describe("billing codes and amounts", () => {
  test("the published token vectors: key 0x00..1f", () => {
    assert.equal(toHex(codeToken(SALT_0_31, "99213")), "0xccf3aa43a84958f27f01e314176336ac");
    const unit = sgtinElementString("00312345678906", "SN0001");
    assert.equal(unit, "(01)00312345678906(21)SN0001");
    assert.equal(toHex(unitToken(SALT_0_31, unit)), "0xe94d2027fe53aec31847e6743150f947");
  });

  test("a token is 16 bytes of BLAKE2b-256(domain ‖ key ‖ code), and depends on the key", () => {
    // hashlib.blake2b(b"caduceus:billing-code:v1" + bytes([0xab] * 32) + b"J1745", digest_size=32).hexdigest()[:32]
    const key = `0x${"ab".repeat(32)}`;
    assert.equal(toHex(codeToken(key, "J1745")), "0x392e07dbd137bb923538a8d08cd3a658");
    assert.equal(toHex(codeToken(key, new TextEncoder().encode("J1745"))), "0x392e07dbd137bb923538a8d08cd3a658");
    assert.notEqual(toHex(codeToken(new Uint8Array(32), "J1745")), "0x392e07dbd137bb923538a8d08cd3a658");
    assert.notEqual(toHex(unitToken(key, "J1745")), "0x392e07dbd137bb923538a8d08cd3a658", "another domain");
    assert.throws(() => codeToken(new Uint8Array(16), "99213"), /billing key: expected 32 bytes/);
  });

  test("claim lines carry tokens, never codes; parties are the chain's enum", () => {
    const [line] = claimLines([{ code: "99213", units: 1, charged: parseAmount("150"), evidence: 4 }], SALT_0_31);
    assert.deepEqual(line, {
      code: fromHex("0xccf3aa43a84958f27f01e314176336ac"),
      units: 1,
      charged: 150n * UNIT,
      prior_authorisation: undefined,
      drug_unit: undefined,
      evidence: 4n,
    });
    assert.deepEqual(claimParty({ patient: 0 }), { type: "Patient", value: 0n });
    assert.deepEqual(claimParty({ insurer: 4 }), { type: "Insurer", value: 4 });
  });

  test("a plan file becomes the chain's terms, codes as tokens; unknown fields and impossible shares are refused", () => {
    const plan = {
      services: [
        { code: "99213", unit_price_cap: 150, units_per_year: 6 },
        { code: "70553", unit_price_cap: "1200.50", units_per_year: 2, needs_prior_authorisation: true },
      ],
      deductible: 0,
      coinsurance_percent: 20,
      copay: "10.50",
      out_of_pocket_max: 3000,
      benefit_max: 1_000_000,
      filing_window_days: 90,
    };
    const terms = planTerms(plan, SALT_0_31);
    assert.deepEqual(terms.services[0], {
      code: fromHex("0xccf3aa43a84958f27f01e314176336ac"),
      unit_price_cap: 150n * UNIT,
      units_per_year: 6,
      needs_prior_authorisation: false,
      pharmacy: false,
      needs_evidence: false,
    });
    assert.equal(terms.services[1].unit_price_cap, 1200n * UNIT + UNIT / 2n);
    assert.equal(terms.services[1].needs_prior_authorisation, true);
    assert.deepEqual(
      [terms.deductible, terms.coinsurance, terms.copay, terms.filing_window, terms.pharmacy_needs_unit],
      [0n, 200_000, 10n * UNIT + UNIT / 2n, 90n * 86_400_000n, false],
    );
    assert.ok(!JSON.stringify(terms, (_, v) => (typeof v === "bigint" ? `${v}` : v)).includes("99213"), "no code in clear");
    assert.throws(() => planTerms({ ...plan, coinsurance_percent: 101 }, SALT_0_31), /coinsurance_percent is at most 100/);
    assert.throws(() => planTerms({ ...plan, filing_window_days: 1.5 }, SALT_0_31), /filing_window_days must be a whole number/);
    assert.throws(() => planTerms(/** @type {any} */ ({ ...plan, copayment: 3 }), SALT_0_31), /plan: unknown field `copayment`/);
    const badService = { ...plan, services: [{ code: "99213", unit_price_cap: 1, units_per_year: 1, units: 3 }] };
    assert.throws(() => planTerms(/** @type {any} */ (badService), SALT_0_31), /service: unknown field `units`/);
    assert.throws(() => planTerms({ ...plan, deductible: "ten" }, SALT_0_31), /`ten` is not an amount in CAD/);
  });

  test("a line citing a prior authorisation carries its id", () => {
    const [line] = claimLines([{ code: "70553", units: 1, charged: 900n, priorAuthorisation: 7 }], SALT_0_31);
    assert.equal(line.prior_authorisation, 7n);
  });

  test("amounts are read and shown in CAD (12 decimals)", () => {
    assert.equal(parseAmount("150"), 150n * UNIT);
    assert.equal(parseAmount("12.5"), 12n * UNIT + UNIT / 2n);
    assert.equal(parseAmount("0.000000000001"), 1n);
    assert.equal(parseAmount(".5"), UNIT / 2n);
    for (const bad of ["0.0000000000001", "-3", "ten", ".", "", "1.2.3"]) {
      assert.throws(() => parseAmount(bad), /is not an amount in CAD/, bad);
    }
    assert.equal(showAmount(12n * UNIT + UNIT / 2n), "12.5");
    assert.equal(showAmount(150n * UNIT), "150");
    assert.equal(showAmount(1n), "0.000000000001");
  });
});
