// Records: documents anchored by a salted hash and a sealed pointer, verified against a file,
// asked for under consent, and the patient's audit trail (as the Rust client's `records`).
//
// The document never reaches the chain: its hash is `documentHash` over a fresh 32-byte salt
// kept with the document (`salted.js`), and where it is kept (the pointer) is sealed before it is
// anchored (`sealPointer`), so that only systems holding the pointer key learn where it lives.

import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { mergeUint8 } from "polkadot-api/utils";
import { CaduceusError } from "./errors.js";
import { contentBytes, documentHash, fixedBytes, randomBytes } from "./salted.js";
import { categorySlot } from "./slots.js";
import { PURPOSES, variant } from "./vocabulary.js";

/** @typedef {import("./chain.js").Chain} Chain */
/** @typedef {import("./keys.js").KeyPair} KeyPair */

/** The length of a sealed pointer's nonce (XChaCha20-Poly1305). */
const NONCE = 24;

/**
 * The sizes a pointer is padded to before it is sealed, its 2-byte length included: every
 * pointer of up to 254 bytes seals to 296 bytes, a longer one (up to 470) to 512, the chain's
 * `MaxPointerLength`. Unpadded, a pointer's length would be on chain, and a FHIR address's length
 * tells its resource type (`…/fhir/Observation/42`, `…/fhir/Immunization/42`).
 */
export const PADDED_POINTER = [256, 472];

/**
 * The pointer as anchored: `nonce ‖ XChaCha20-Poly1305(key, nonce, len ‖ pointer ‖ 0…)` (no
 * associated data), its length a 2-byte little-endian prefix and the whole padded with zeroes to
 * one of `PADDED_POINTER`, sealed under the author's 32-byte pointer key with a fresh 24-byte
 * nonce. What the Rust client's `seal_pointer` makes, and opens.
 *
 * @param {Uint8Array | string} key the pointer key: 32 bytes, or their hex
 * @param {Uint8Array | string} pointer where the document is kept: bytes, or text (its UTF-8)
 * @returns {Uint8Array}
 */
export function sealPointer(key, pointer) {
  const bytes = contentBytes(pointer);
  const size = PADDED_POINTER.find((s) => bytes.length + 2 <= s);
  if (size === undefined) {
    throw new CaduceusError("input", `the pointer has ${bytes.length} bytes: at most 470 are sealed`);
  }
  const plain = new Uint8Array(size);
  plain[0] = bytes.length & 0xff;
  plain[1] = bytes.length >> 8;
  plain.set(bytes, 2);
  const nonce = randomBytes(NONCE);
  const sealed = xchacha20poly1305(fixedBytes(key, 32, "pointer key"), nonce).encrypt(plain);
  return mergeUint8([nonce, sealed]);
}

/**
 * The pointer `sealed` by `sealPointer` under `key`, or undefined if the key is not the one, the
 * bytes were changed or they do not hold a padded pointer.
 *
 * @param {Uint8Array | string} key the pointer key: 32 bytes, or their hex
 * @param {Uint8Array} sealed
 * @returns {Uint8Array | undefined}
 */
export function openPointer(key, sealed) {
  const k = fixedBytes(key, 32, "pointer key");
  if (!(sealed instanceof Uint8Array) || sealed.length < NONCE) return undefined;
  let plain;
  try {
    plain = xchacha20poly1305(k, sealed.subarray(0, NONCE)).decrypt(sealed.subarray(NONCE));
  } catch {
    return undefined; // the tag does not verify (or the cipher text is shorter than a tag)
  }
  if (plain.length < 2) return undefined;
  const length = plain[0] | (plain[1] << 8);
  if (plain.length < 2 + length || plain.subarray(2 + length).some((b) => b !== 0)) return undefined;
  return plain.slice(2, 2 + length);
}

/**
 * @typedef {object} Document A document to anchor.
 * @property {bigint | number} patient whose data it is
 * @property {Uint8Array | string} content the document's exact bytes (a FHIR resource as
 *   stored), or text (its UTF-8 bytes)
 * @property {string} category a DataCategory name (`LabResults`, `lab-results`)
 * @property {Uint8Array | string} categoryKey the patient's category key
 * @property {Uint8Array | string} pointer where the document is kept (sealed before anchoring)
 * @property {Uint8Array | string} pointerKey the 32-byte key the pointer is sealed under
 */

/**
 * Anchors `document` as `author` (a practitioner whose organisation the patient's consent lets
 * write records of that category, or the patient): its salted hash under a fresh salt, its
 * sealed pointer, its category as a slot under the patient's key. Resolves when finalized with
 * the record's id and the salt to keep with the document (without it no one can verify the
 * document against the chain).
 *
 * @param {Chain} chain
 * @param {KeyPair | import("polkadot-api").PolkadotSigner} author
 * @param {Document} document
 */
export async function anchor(chain, author, document) {
  const salt = randomBytes(32);
  const contentHash = documentHash(salt, document.content);
  const tx = chain.api.tx.Records.anchor({
    document: {
      patient: BigInt(document.patient),
      content_hash: contentHash,
      pointer: sealPointer(document.pointerKey, document.pointer),
      // A `CategorySlot` variant, checked at run time (the chain's enums are string unions to
      // TypeScript).
      category: /** @type {any} */ (categorySlot(document.categoryKey, document.category)),
    },
  });
  const done = await chain.submit(tx, author);
  const event = chain.emitted(done, chain.api.event.Records.RecordAnchored, "Records.RecordAnchored");
  return { record: event.record, contentHash, salt, event, block: { hash: done.block.hash, number: done.block.number } };
}

/**
 * The records anchoring `content` hashed with `salt`: who anchored each, for whom, when, whether
 * it is the current version (`{ anchors, next }`; `anchors` is empty if the content or the salt
 * is not the anchored one).
 *
 * @param {Chain} chain
 * @param {Uint8Array | string} content the document's bytes, or text (its UTF-8 bytes)
 * @param {Uint8Array | string} salt the 32-byte salt it was anchored with, or its hex
 * @param {{ after?: any }} [page] where the page starts: the previous answer's `next`
 */
export async function verifyDocument(chain, content, salt, { after } = {}) {
  return chain.api.apis.RecordsApi.verify_document(documentHash(salt, content), after);
}

/**
 * @typedef {{ granted: true, ground: { type: string, value: bigint }, event: any }
 *   | { granted: false, reason: { type: string, value?: unknown }, refused: boolean, event: any }} AccessAnswer
 *   `granted` with its ground (`{ type: "Consent", value: id }`, or `Emergency`); or not, with
 *   the reason: `refused` is false for a denial by consent (`AccessDenied`, on the patient's
 *   trail) and true for a refusal before consent was asked (`AccessRefused`: the caller may not
 *   act as a practitioner now; nothing on the trail).
 */

/**
 * Asks to read `record` for `purpose`, as `accessor`. The chain checks consent and writes the
 * answer to the patient's audit trail either way (a denial is not an error). Resolves when
 * finalized.
 *
 * @param {Chain} chain
 * @param {KeyPair | import("polkadot-api").PolkadotSigner} accessor
 * @param {bigint | number} record
 * @param {string} purpose a Purpose name (`Treatment`)
 * @returns {Promise<AccessAnswer>}
 */
export async function requestAccess(chain, accessor, record, purpose) {
  const tx = chain.api.tx.Records.request_access({
    record: BigInt(record),
    purpose: /** @type {any} */ (variant(PURPOSES, purpose)),
  });
  const done = await chain.submit(tx, accessor);
  const events = chain.api.event.Records;
  const [granted] = events.AccessGranted.filter(done.events);
  if (granted) return { granted: true, ground: granted.payload.ground, event: granted.payload };
  const [denied] = events.AccessDenied.filter(done.events);
  if (denied) return { granted: false, reason: denied.payload.reason, refused: false, event: denied.payload };
  const [refused] = events.AccessRefused.filter(done.events);
  if (refused) return { granted: false, reason: refused.payload.reason, refused: true, event: refused.payload };
  throw new CaduceusError(
    "other",
    "the transaction succeeded but emitted none of Records.AccessGranted, AccessDenied, AccessRefused",
  );
}

/**
 * Up to `limit` entries of `patient`'s audit trail from sequence number `from` on, oldest first:
 * who anchored, accessed or tried to access which record, when, why, on which ground.
 *
 * @param {Chain} chain
 * @param {bigint | number} patient
 * @param {{ from?: bigint | number, limit?: number }} [page]
 */
export async function auditTrail(chain, patient, { from = 0n, limit = 100 } = {}) {
  return chain.ok("RecordsApi.audit_trail", chain.api.apis.RecordsApi.audit_trail(BigInt(patient), BigInt(from), limit));
}

