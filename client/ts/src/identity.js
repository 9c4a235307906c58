// Organisations and patients: what the chain tells of them (as the Rust client's `identity`).

/** @typedef {import("./chain.js").Chain} Chain */

/**
 * Up to `limit` organisations after `startAfter`, oldest (default) or newest first: `[id,
 * organisation]` pairs, each organisation as the chain keeps it (`name` is bytes: see
 * `text`).
 *
 * @param {Chain} chain
 * @param {{ startAfter?: number, limit?: number, newestFirst?: boolean }} [page]
 */
export async function organisations(chain, { startAfter, limit = 100, newestFirst = false } = {}) {
  return chain.ok(
    "HealthIdentity.organisations",
    chain.api.view.HealthIdentity.organisations(startAfter, limit, {
      type: newestFirst ? "NewestFirst" : "OldestFirst",
      value: undefined,
    }),
  );
}

/**
 * Organisation `id`, or undefined if there is none.
 *
 * @param {Chain} chain
 * @param {number} id
 */
export async function organisation(chain, id) {
  return chain.api.view.HealthIdentity.organisation(id);
}

/**
 * Patient `id`'s profile and pending move, or undefined if there is no such patient.
 *
 * @param {Chain} chain
 * @param {bigint | number} id
 */
export async function patient(chain, id) {
  return chain.api.view.HealthIdentity.patient(BigInt(id));
}

/**
 * Who `account` is to the chain (a patient, a practitioner, an organisation's admin…).
 *
 * @param {Chain} chain
 * @param {string} account
 */
export async function participant(chain, account) {
  return chain.api.view.HealthIdentity.participant(account);
}

const decoder = new TextDecoder();

/**
 * Bytes the chain keeps as text (an organisation's name) as a string.
 *
 * @param {Uint8Array} bytes
 */
export function text(bytes) {
  return decoder.decode(bytes);
}
