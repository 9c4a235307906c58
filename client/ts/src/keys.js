// sr25519 key pairs from a secret URI (`//Alice`, a mnemonic with an optional `//derivation`, a
// `0x…` seed), for servers, scripts and tests. A web page does not hold keys: the patient's
// wallet signs (see `wallet.js`).

import {
  DEV_PHRASE,
  entropyToMiniSecret,
  mnemonicToEntropy,
  sr25519,
  sr25519Derive,
} from "@polkadot-labs/hdkd-helpers";
import { AccountId, Blake2256, str, u64 } from "@polkadot-api/substrate-bindings";
import { getPolkadotSigner } from "polkadot-api/signer";
import { fromHex } from "polkadot-api/utils";
import { CaduceusError } from "./errors.js";

/**
 * @typedef {object} KeyPair
 * @property {Uint8Array} publicKey the 32-byte sr25519 public key (the account id)
 * @property {string} address the account's SS58 address (generic prefix 42)
 * @property {(message: Uint8Array) => Uint8Array} sign signs `message` as it is (no wrapping)
 * @property {import("polkadot-api").PolkadotSigner} signer signs transactions for polkadot-api
 */

const SURI = /^([^/]*?)((?:\/{1,2}[^/]+)*)(?:\/\/\/(.*))?$/;
const JUNCTION = /(\/{1,2})([^/]+)/g;
const U64_LIMIT = 1n << 64n;

/**
 * A derivation junction's chain code, as Substrate's `DeriveJunction` makes it: the SCALE
 * encoding of the junction (a `u64` if it is a number, else a string), zero-padded to 32 bytes,
 * or its BLAKE2b-256 hash if longer.
 *
 * @param {string} code
 * @returns {Uint8Array}
 */
function chainCode(code) {
  const encoded = /^[0-9]+$/.test(code) && BigInt(code) < U64_LIMIT ? u64.enc(BigInt(code)) : str.enc(code);
  if (encoded.length > 32) return Blake2256(encoded);
  const padded = new Uint8Array(32);
  padded.set(encoded);
  return padded;
}

/**
 * The sr25519 key pair of secret URI `suri`, derived as Substrate's `subkey` does.
 *
 * @param {string} suri
 * @returns {KeyPair}
 */
export function fromSuri(suri) {
  const match = SURI.exec(String(suri).trim());
  if (!match) throw new CaduceusError("key", "not a secret URI");
  const [, phrasePart, paths = "", password] = match;
  const phrase = phrasePart.trim() || DEV_PHRASE;
  let miniSecret;
  try {
    miniSecret = /^0x[0-9a-fA-F]{64}$/.test(phrase)
      ? fromHex(phrase)
      : entropyToMiniSecret(mnemonicToEntropy(phrase), password ?? "");
  } catch (e) {
    throw new CaduceusError("key", `cannot read the secret phrase: ${/** @type {Error} */ (e).message}`, {
      cause: e,
    });
  }
  /** @type {["hard" | "soft", Uint8Array][]} */
  const junctions = [...paths.matchAll(JUNCTION)].map(([, slashes, code]) => [
    slashes === "//" ? "hard" : "soft",
    chainCode(code),
  ]);
  const pair = sr25519Derive(miniSecret, sr25519, junctions);
  return keyPair(pair.publicKey, (message) => pair.sign(message));
}

/**
 * A key pair from its public key and a function that signs bytes as they are.
 *
 * @param {Uint8Array} publicKey
 * @param {(message: Uint8Array) => Uint8Array} sign
 * @returns {KeyPair}
 */
export function keyPair(publicKey, sign) {
  return {
    publicKey,
    address: accountAddress(publicKey),
    sign,
    signer: getPolkadotSigner(publicKey, "Sr25519", sign),
  };
}

/**
 * The SS58 address (prefix 42) of a 32-byte account id.
 *
 * @param {Uint8Array} publicKey
 */
export function accountAddress(publicKey) {
  return AccountId(42).dec(publicKey);
}

/**
 * An account given as an SS58 address (kept as it is) or a public key (encoded), as the chain's
 * `AccountId` is passed to polkadot-api.
 *
 * @param {string | Uint8Array} account
 * @returns {string}
 */
export function addressOf(account) {
  return typeof account === "string" ? account : accountAddress(account);
}

/**
 * The 32-byte account id of an SS58 address.
 *
 * @param {string} address
 */
export function accountBytes(address) {
  try {
    return AccountId().enc(address);
  } catch (e) {
    throw new CaduceusError("input", `not an SS58 address: ${address}`, { cause: e });
  }
}

/**
 * Whether `signature` is `publicKey`'s sr25519 signature of `message`.
 *
 * @param {Uint8Array} signature
 * @param {Uint8Array} message
 * @param {Uint8Array} publicKey
 */
export function verifySr25519(signature, message, publicKey) {
  return sr25519.verify(signature, message, publicKey);
}
