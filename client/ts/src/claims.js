// Claims, as the Rust client's `claims`: billing codes as tokens under a plan's billing key, a
// party's claims with their remittance, what a claim would pay, an insurer's payment queue.
//
// Billing codes never reach the chain in clear (docs/privacy.md,
// `caduceus_primitives::billing_codes`): each plan has a secret 32-byte billing key, which the
// insurer gives the providers it pays, off chain, and the chain sees only
//
//   token      = first 16 bytes of BLAKE2b-256("caduceus:billing-code:v1" ‖ key ‖ code)
//   unit token = first 16 bytes of BLAKE2b-256("caduceus:drug-unit:v1" ‖ key ‖ "(01)" gtin "(21)" serial)
//
// `code` is the code's ASCII text as published, upper case, without separators: a CPT or HCPCS
// code as its 5 characters (`99213`, `J1745`), an NDC in its 11-digit 5-4-2 form.

import { Blake2256 } from "@polkadot-api/substrate-bindings";
import { mergeUint8 } from "polkadot-api/utils";
import { CaduceusError } from "./errors.js";
import { accountAddress } from "./keys.js";
import { contentBytes, fixedBytes } from "./salted.js";

/** @typedef {import("./chain.js").Chain} Chain */

const encoder = new TextEncoder();

/** The domain of billing-code tokens. */
export const BILLING_CODES_DOMAIN = encoder.encode("caduceus:billing-code:v1");

/** The domain of drug-unit tokens. */
export const DRUG_UNITS_DOMAIN = encoder.encode("caduceus:drug-unit:v1");

/** The chain's token has 12 decimals: 1 CAD is 10^12 of its smallest unit. */
export const UNIT = 1_000_000_000_000n;

const U128_MAX = (1n << 128n) - 1n;

/**
 * The first 16 bytes of `BLAKE2b-256(domain ‖ key ‖ text)`.
 *
 * @param {Uint8Array} domain
 * @param {Uint8Array | string} key
 * @param {Uint8Array | string} text
 */
function keyed(domain, key, text) {
  return Blake2256(mergeUint8([domain, fixedBytes(key, 32, "billing key"), contentBytes(text)])).slice(0, 16);
}

/**
 * The token of billing code `code` under a plan's billing key: what a plan's covered service
 * and a claim line name (`caduceus_primitives::billing_codes::code_token`).
 *
 * @param {Uint8Array | string} billingKey the plan's 32-byte key, or its hex
 * @param {string | Uint8Array} code the code's text as published (`99213`), or its bytes
 * @returns {Uint8Array} 16 bytes
 */
export function codeToken(billingKey, code) {
  return keyed(BILLING_CODES_DOMAIN, billingKey, code);
}

/**
 * The GS1 element string `(01)<gtin>(21)<serial>` of a unit: what `unitToken` hashes.
 *
 * @param {string} gtin
 * @param {string} serial
 */
export function sgtinElementString(gtin, serial) {
  return `(01)${gtin}(21)${serial}`;
}

/**
 * The token of a dispensed drug unit under a plan's billing key, from its SGTIN element string
 * (`sgtinElementString`): what a pharmacy line names (`drug_unit`).
 *
 * @param {Uint8Array | string} billingKey
 * @param {string | Uint8Array} elementString `(01)00312345678906(21)SN0001`
 * @returns {Uint8Array} 16 bytes
 */
export function unitToken(billingKey, elementString) {
  return keyed(DRUG_UNITS_DOMAIN, billingKey, elementString);
}

/**
 * An amount in CAD as written (`150`, `12.5`, `0.000001`), in the smallest unit.
 *
 * @param {string} text
 * @returns {bigint}
 */
export function parseAmount(text) {
  const trimmed = String(text).trim();
  const fail = () => new CaduceusError("input", `\`${text}\` is not an amount in CAD`);
  const dot = trimmed.indexOf(".");
  const [whole, fraction] = dot < 0 ? [trimmed, ""] : [trimmed.slice(0, dot), trimmed.slice(dot + 1)];
  if (fraction.length > 12 || (whole === "" && fraction === "")) throw fail();
  if (!/^[0-9]*$/.test(whole) || !/^[0-9]*$/.test(fraction)) throw fail();
  const amount = BigInt(whole || "0") * UNIT + BigInt(fraction.padEnd(12, "0"));
  if (amount > U128_MAX) throw fail();
  return amount;
}

/**
 * An amount in the smallest unit, in CAD as a person reads it (`12.5`).
 *
 * @param {bigint | number} amount
 */
export function showAmount(amount) {
  const value = BigInt(amount);
  const [whole, fraction] = [value / UNIT, value % UNIT];
  if (fraction === 0n) return whole.toString();
  return `${whole}.${fraction.toString().padStart(12, "0").replace(/0+$/, "")}`;
}

/**
 * @typedef {object} Line A claim line as typed.
 * @property {string} code the billing code in clear (tokenised here, never sent)
 * @property {number} units
 * @property {bigint | number} charged the amount charged, in the smallest unit (`parseAmount`)
 * @property {bigint | number} [evidence] the anchored record the line cites
 */

/**
 * Claim lines as the chain takes them (`ClaimLine`), codes as tokens under `billingKey`.
 *
 * @param {Line[]} lines
 * @param {Uint8Array | string} billingKey
 */
export function claimLines(lines, billingKey) {
  return lines.map((line) => ({
    code: codeToken(billingKey, line.code),
    units: line.units,
    charged: BigInt(line.charged),
    prior_authorisation: undefined,
    drug_unit: undefined,
    evidence: line.evidence === undefined ? undefined : BigInt(line.evidence),
  }));
}

/**
 * Who a list of claims is for, as the chain's `ClaimParty`.
 *
 * @param {{ patient: bigint | number } | { provider: number } | { insurer: number }} party
 * @returns {{ type: "Patient", value: bigint } | { type: "Provider", value: number } | { type: "Insurer", value: number }}
 */
export function claimParty(party) {
  if ("patient" in party) return { type: "Patient", value: BigInt(party.patient) };
  if ("provider" in party) return { type: "Provider", value: Number(party.provider) };
  if ("insurer" in party) return { type: "Insurer", value: Number(party.insurer) };
  throw new CaduceusError("input", "a claims party is { patient }, { provider } or { insurer }");
}

/**
 * A party's claims, newest first, each with its remittance: `[id, claim]` pairs, a page of up to
 * `limit` older than `startAfter`.
 *
 * @param {Chain} chain
 * @param {{ patient: bigint | number } | { provider: number } | { insurer: number }} party
 * @param {{ startAfter?: bigint | number, limit?: number }} [page]
 */
export async function claimsOf(chain, party, { startAfter, limit = 100 } = {}) {
  return chain.ok(
    "Claims.claims_of",
    chain.api.view.Claims.claims_of(
      claimParty(party),
      startAfter === undefined ? undefined : BigInt(startAfter),
      limit,
    ),
  );
}

/**
 * What a claim by `submitter` would pay and what the patient would owe, line by line, if
 * submitted now (`ClaimsApi.estimate`: the same adjudication, nothing written). A refusal (an
 * unknown plan, a submitter who is no provider…) rejects with a `query` error naming it.
 *
 * @param {Chain} chain
 * @param {string | Uint8Array} submitter the practitioner who would submit it
 * @param {bigint | number} patient
 * @param {number} plan
 * @param {Line[]} lines
 * @param {Uint8Array | string} billingKey the plan's billing key
 */
export async function estimate(chain, submitter, patient, plan, lines, billingKey) {
  const encoded = claimLines(lines, billingKey);
  const now = await chain.now();
  return chain.ok(
    "ClaimsApi.estimate",
    chain.api.apis.ClaimsApi.estimate(
      typeof submitter === "string" ? submitter : accountAddress(submitter),
      BigInt(patient),
      plan,
      now,
      encoded,
    ),
  );
}

/**
 * One page of `insurer`'s payment queue, in the order its pool pays: `[claim, owed]` pairs, up to
 * `limit` after `startAfter`.
 *
 * @param {Chain} chain
 * @param {number} insurer
 * @param {{ startAfter?: bigint | number, limit?: number }} [page]
 */
export async function paymentQueue(chain, insurer, { startAfter, limit = 100 } = {}) {
  return chain.ok(
    "Claims.payment_queue",
    chain.api.view.Claims.payment_queue(insurer, startAfter === undefined ? undefined : BigInt(startAfter), limit),
  );
}
