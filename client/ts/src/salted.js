// The one scheme by which every hash of a document or of demographic data put on chain is made
// (docs/privacy.md, `caduceus_primitives::salted`):
//
//   commitment = BLAKE2b-256(domain ‖ salt ‖ content)
//
// - `domain`: a fixed tag per kind of content (`caduceus:document:v1`, `caduceus:demographics:v1`),
//   so a hash of one kind never matches another;
// - `salt`: 32 random bytes drawn by whoever makes the content, kept with it off chain and never
//   put on chain: without it no dictionary of likely contents reverses a hash;
// - `content`: the exact bytes (a FHIR resource as stored, demographics as the wallet serialises
//   them).

import { Blake2256 } from "@polkadot-api/substrate-bindings";
import { mergeUint8, toHex } from "polkadot-api/utils";
import { CaduceusError } from "./errors.js";
import { fromHexChecked } from "./slots.js";

const encoder = new TextEncoder();

/** The domain of a document's hash (records, consent source documents, evidence, reports). */
export const DOCUMENT_DOMAIN = encoder.encode("caduceus:document:v1");

/** The domain of a patient's demographic commitment. */
export const DEMOGRAPHICS_DOMAIN = encoder.encode("caduceus:demographics:v1");

/**
 * `n` random bytes from the platform's cryptographic generator (`crypto.getRandomValues`):
 * a fresh salt, nonce or key.
 *
 * @param {number} n
 * @returns {Uint8Array}
 */
export function randomBytes(n) {
  const cryptoApi = globalThis.crypto;
  if (typeof cryptoApi?.getRandomValues !== "function") {
    throw new CaduceusError("other", "no randomness: this JavaScript runtime has no crypto.getRandomValues");
  }
  return cryptoApi.getRandomValues(new Uint8Array(n));
}

/**
 * `value` as exactly `length` bytes, from bytes or their `0x` hex.
 *
 * @param {Uint8Array | string} value
 * @param {number} length
 * @param {string} what what it is, for the error
 * @returns {Uint8Array}
 */
export function fixedBytes(value, length, what) {
  const bytes = typeof value === "string" ? fromHexChecked(value, what) : value;
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new CaduceusError("input", `${what}: expected ${length} bytes`);
  }
  return bytes;
}

/**
 * Content as bytes: a `Uint8Array` as it is, a string as its UTF-8 bytes (never as hex).
 *
 * @param {Uint8Array | string} content
 * @returns {Uint8Array}
 */
export function contentBytes(content) {
  if (typeof content === "string") return encoder.encode(content);
  if (content instanceof Uint8Array) return content;
  throw new CaduceusError("input", "content is bytes (Uint8Array) or text");
}

/**
 * `BLAKE2b-256(domain ‖ salt ‖ content)`, as `0x` hex (the chain's `H256`).
 *
 * @param {Uint8Array} domain
 * @param {Uint8Array | string} salt 32 bytes, or their hex
 * @param {Uint8Array | string} content bytes, or text (its UTF-8 bytes)
 * @returns {string}
 */
export function commitment(domain, salt, content) {
  return toHex(Blake2256(mergeUint8([domain, fixedBytes(salt, 32, "salt"), contentBytes(content)])));
}

/**
 * The hash of a document as the records pallet anchors it: `BLAKE2b-256("caduceus:document:v1"
 * ‖ salt ‖ content)`.
 *
 * @param {Uint8Array | string} salt 32 bytes, or their hex
 * @param {Uint8Array | string} content the document's exact bytes, or text (its UTF-8 bytes)
 * @returns {string} `0x` and 64 hex digits
 */
export function documentHash(salt, content) {
  return commitment(DOCUMENT_DOMAIN, salt, content);
}

/**
 * A patient's commitment to their demographic data, as the identity pallet keeps it:
 * `BLAKE2b-256("caduceus:demographics:v1" ‖ salt ‖ demographics)`.
 *
 * @param {Uint8Array | string} salt 32 bytes, or their hex
 * @param {Uint8Array | string} demographics as the patient's wallet serialises them
 * @returns {string} `0x` and 64 hex digits
 */
export function demographicCommitment(salt, demographics) {
  return commitment(DEMOGRAPHICS_DOMAIN, salt, demographics);
}
