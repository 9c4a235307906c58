// Every way a request to the chain fails, each said in one line a person can act on (as the Rust
// client's `Error`).

import { toHex } from "polkadot-api/utils";

/**
 * `InvalidTransaction::Custom` code of a transaction from an account the chain does not know
 * (`runtime/src/admission.rs`).
 */
export const NOT_A_PARTICIPANT = 100;

/**
 * @typedef {"input" | "key" | "connect" | "refused" | "dispatch" | "query" | "encoding" | "other"} ErrorKind
 *
 * - `input`: a value that cannot be sent to the chain (bad hex, unknown category name…);
 * - `key`: a secret URI that gives no key pair, or a key that is not the payload's signer;
 * - `connect`: the node cannot be reached;
 * - `refused`: the transaction pool refused the transaction (it never reached a block, cost nothing);
 * - `dispatch`: the transaction was included but failed (`pallet`, `error` and `doc` say why);
 * - `query`: a read the chain answered with an error of its own (an unknown patient, a bad page);
 * - `encoding`: a value that does not encode or decode as the chain expects;
 * - `other`: anything else polkadot-api reports.
 */

export class CaduceusError extends Error {
  /**
   * @param {ErrorKind} kind
   * @param {string} message
   * @param {{ cause?: unknown, pallet?: string, error?: string, doc?: string, details?: unknown }} [extra]
   */
  constructor(kind, message, extra = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "CaduceusError";
    /** @type {ErrorKind} */
    this.kind = kind;
    /** For `dispatch`: the pallet whose error it is (`Consent`). */
    this.pallet = extra.pallet;
    /** For `dispatch`: the error's name in its pallet (`BadNonce`). */
    this.error = extra.error;
    /** For `dispatch`: the error's documentation in the runtime. */
    this.doc = extra.doc;
    /** What the chain or polkadot-api said, as it said it. */
    this.details = extra.details;
  }

  /** `Consent.BadNonce` for a pallet's error, else undefined. */
  get qualifiedName() {
    return this.pallet && this.error ? `${this.pallet}.${this.error}` : undefined;
  }
}

/** @type {Record<string, string>} */
const INVALID = {
  Payment: "too low balance: the account cannot pay the transaction fee",
  Stale: "bad nonce: the account's nonce has already been used",
  Future: "bad nonce: the account's nonce is ahead of the chain",
  BadProof: "bad signature: signed for another chain or with another key",
  AncientBirthBlock: "the transaction's mortality period has passed",
  ExhaustsResources: "the transaction does not fit in a block",
  Call: "the call is not accepted in a transaction",
  BadSigner: "the signing account is disabled",
};

/**
 * The pool's `TransactionValidityError` (as polkadot-api decodes it) in words.
 *
 * @param {any} validity
 * @returns {string}
 */
export function refusalReason(validity) {
  if (validity?.type === "Invalid") {
    const invalid = validity.value;
    if (invalid?.type === "Custom" && invalid.value === NOT_A_PARTICIPANT) {
      return "not a participant: the signing account is not known to the chain (register as a patient, or be attested by an organisation)";
    }
    if (invalid?.type === "Custom") return `custom error ${invalid.value}`;
    return INVALID[invalid?.type] ?? `invalid: ${show(invalid)}`;
  }
  if (validity?.type === "Unknown") {
    return `the node cannot validate the transaction: ${show(validity.value)}`;
  }
  return show(validity);
}

/**
 * A decoded value (with bigints and byte arrays) as one line of text.
 *
 * @param {unknown} value
 */
export function show(value) {
  try {
    return JSON.stringify(value, (_, v) =>
      typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? toHex(v) : v,
    );
  } catch {
    return String(value);
  }
}
