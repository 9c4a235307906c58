// Payloads that a person signs in a wallet and someone else submits
// (`caduceus_primitives::wallet`).
//
// Wallets (polkadot.js extension, Talisman, SubWallet) sign arbitrary bytes through `signRaw`
// only after wrapping them in `<Bytes>` … `</Bytes>`, so that a signed message can never be a
// valid transaction. The chain accepts a signature over the payload as it is or wrapped that way.

import { fromHex, mergeUint8, toHex } from "polkadot-api/utils";
import { CaduceusError } from "./errors.js";

const encoder = new TextEncoder();

/** The prefix wallets put before the bytes they are asked to sign. */
export const WALLET_PREFIX = encoder.encode("<Bytes>");
/** The suffix wallets put after the bytes they are asked to sign. */
export const WALLET_SUFFIX = encoder.encode("</Bytes>");

/**
 * `payload` as a wallet signs it: `<Bytes>payload</Bytes>`.
 *
 * @param {Uint8Array} payload
 */
export function walletWrapped(payload) {
  return mergeUint8([WALLET_PREFIX, payload, WALLET_SUFFIX]);
}

/**
 * What a web page passes to the polkadot.js extension (`injector.signer.signRaw(…)`) to have
 * `address` sign `payload`: the payload itself, hex, of type `bytes`. The extension shows it and
 * signs `<Bytes>payload</Bytes>`.
 *
 * @param {string} address the signer's SS58 address, as the extension lists it
 * @param {Uint8Array} payload the SCALE bytes to sign (`signedConsentPayload`)
 * @returns {{ address: string, data: string, type: "bytes" }}
 */
export function signRawRequest(address, payload) {
  return { address, data: toHex(payload), type: "bytes" };
}

/**
 * Signs `payload` as a wallet's `signRaw` does, with whatever holds the key:
 *
 * - a function that signs bytes as they are (an sr25519 key pair's `sign`): it signs
 *   `<Bytes>payload</Bytes>`;
 * - a polkadot-api `PolkadotSigner` (from `polkadot-api/signer` or `polkadot-api/pjs-signer`):
 *   its `signBytes` wraps the payload itself.
 *
 * @param {Uint8Array} payload
 * @param {((message: Uint8Array) => Uint8Array | Promise<Uint8Array>) | { signBytes: (data: Uint8Array) => Promise<Uint8Array> }} signer
 * @returns {Promise<Uint8Array>} the 64-byte sr25519 signature
 */
export async function walletSign(payload, signer) {
  const signature =
    typeof signer === "function" ? await signer(walletWrapped(payload)) : await signer.signBytes(payload);
  return signatureBytes(signature);
}

/**
 * Asks a polkadot.js-compatible extension's signer (`(await web3FromAddress(a)).signer`, or
 * `injected.signer` from `window.injectedWeb3[name].enable(dapp)`) to sign `payload` as `address`.
 *
 * @param {{ signRaw?: (raw: { address: string, data: string, type: "bytes" }) => Promise<{ signature: string }> }} extensionSigner
 * @param {string} address
 * @param {Uint8Array} payload
 * @returns {Promise<Uint8Array>} the 64-byte sr25519 signature
 */
export async function signWithExtension(extensionSigner, address, payload) {
  if (typeof extensionSigner?.signRaw !== "function") {
    throw new CaduceusError("key", "the wallet cannot sign raw bytes (no signRaw)");
  }
  const { signature } = await extensionSigner.signRaw(signRawRequest(address, payload));
  return signatureBytes(signature);
}

/**
 * A signature as its 64 bytes: from bytes or hex, 64 bytes as wallets return them, or 65 with a
 * leading `MultiSignature::Sr25519` tag (`0x01`) as some do.
 *
 * @param {Uint8Array | string} signature
 */
export function signatureBytes(signature) {
  const bytes = typeof signature === "string" ? fromHex(signature) : signature;
  if (bytes.length === 64) return bytes;
  if (bytes.length === 65 && bytes[0] === 1) return bytes.slice(1);
  throw new CaduceusError("input", `a sr25519 signature is 64 bytes, not ${bytes.length}`);
}
