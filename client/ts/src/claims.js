// Claims, as the Rust client's `claims`: billing codes as tokens under a plan's billing key; an
// insurer's plan defined from a plan file, patients enrolled, its pool funded, prior
// authorisations, reviews and appeals decided; a provider's claims submitted (adjudicated in the
// same transaction) and appealed; a party's claims with their remittance, what a claim would pay,
// an insurer's payment queue.
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
import { mergeUint8, toHex } from "polkadot-api/utils";
import { CaduceusError } from "./errors.js";
import { addressOf } from "./keys.js";
import { contentBytes, fixedBytes } from "./salted.js";

/** @typedef {import("./chain.js").Chain} Chain */
/** @typedef {import("./keys.js").KeyPair | import("polkadot-api").PolkadotSigner} Signer */
/** @typedef {import("./chain.js").TxFinalizedPayload} TxFinalizedPayload */

const encoder = new TextEncoder();

/** The domain of billing-code tokens. */
export const BILLING_CODES_DOMAIN = encoder.encode("caduceus:billing-code:v1");

/** The domain of drug-unit tokens. */
export const DRUG_UNITS_DOMAIN = encoder.encode("caduceus:drug-unit:v1");

/** The chain's token has 12 decimals: 1 CAD is 10^12 of its smallest unit. */
export const UNIT = 1_000_000_000_000n;

/** A day of block time, in milliseconds. */
const DAY_MS = 86_400_000n;

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
 * @property {bigint | number} [priorAuthorisation] the prior authorisation the line draws on
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
    prior_authorisation: line.priorAuthorisation === undefined ? undefined : BigInt(line.priorAuthorisation),
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
      addressOf(submitter),
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

/**
 * @typedef {object} Service A covered service in a plan file.
 * @property {string} code the billing code in clear (`99213`, an NDC): tokenised before it is sent
 * @property {number | string} unit_price_cap the most the plan allows per unit, in CAD
 * @property {number} units_per_year units covered per plan year
 * @property {boolean} [needs_prior_authorisation]
 * @property {boolean} [pharmacy]
 * @property {boolean} [needs_evidence]
 */

/**
 * @typedef {object} PlanFile A plan as a JSON file describes it (the Rust CLI's `--file`: FHIR
 *   InsurancePlan's cost sharing, simplified); amounts in CAD, as numbers or strings.
 * @property {Service[]} services
 * @property {number | string} deductible
 * @property {number} coinsurance_percent the patient's share after the deductible and co-pay
 * @property {number | string} copay
 * @property {number | string} out_of_pocket_max
 * @property {number | string} benefit_max
 * @property {number} filing_window_days how many days after the date of service a claim may be filed
 * @property {boolean} [pharmacy_needs_unit]
 */

const PLAN_FIELDS = [
  "services",
  "deductible",
  "coinsurance_percent",
  "copay",
  "out_of_pocket_max",
  "benefit_max",
  "filing_window_days",
  "pharmacy_needs_unit",
];
const SERVICE_FIELDS = ["code", "unit_price_cap", "units_per_year", "needs_prior_authorisation", "pharmacy", "needs_evidence"];

/**
 * @param {object} value
 * @param {string[]} known
 * @param {string} what
 */
function onlyKnownFields(value, known, what) {
  const unknown = Object.keys(value).filter((field) => !known.includes(field));
  if (unknown.length > 0) throw new CaduceusError("input", `${what}: unknown field \`${unknown[0]}\``);
}

/**
 * @param {unknown} value
 * @param {string} what
 */
function count(value, what) {
  if (!Number.isInteger(value) || /** @type {number} */ (value) < 0 || /** @type {number} */ (value) > 0xffff_ffff) {
    throw new CaduceusError("input", `${what} must be a whole number of at most 4294967295`);
  }
  return /** @type {number} */ (value);
}

/**
 * A plan's terms as the chain takes them (`PlanTerms`), codes as tokens under `billingKey`: what
 * `definePlan` sends. Refuses a field it does not know, as the Rust CLI does.
 *
 * @param {PlanFile} plan
 * @param {Uint8Array | string} billingKey the plan's 32-byte key, or its hex
 */
export function planTerms(plan, billingKey) {
  onlyKnownFields(plan, PLAN_FIELDS, "plan");
  const percent = count(plan.coinsurance_percent, "coinsurance_percent");
  if (percent > 100) throw new CaduceusError("input", "coinsurance_percent is at most 100");
  const days = count(plan.filing_window_days, "filing_window_days");
  return {
    services: plan.services.map((service) => {
      onlyKnownFields(service, SERVICE_FIELDS, "service");
      return {
        code: codeToken(billingKey, service.code),
        unit_price_cap: parseAmount(String(service.unit_price_cap)),
        units_per_year: count(service.units_per_year, "units_per_year"),
        needs_prior_authorisation: service.needs_prior_authorisation ?? false,
        pharmacy: service.pharmacy ?? false,
        needs_evidence: service.needs_evidence ?? false,
      };
    }),
    deductible: parseAmount(String(plan.deductible)),
    coinsurance: percent * 10_000, // Permill
    copay: parseAmount(String(plan.copay)),
    out_of_pocket_max: parseAmount(String(plan.out_of_pocket_max)),
    benefit_max: parseAmount(String(plan.benefit_max)),
    filing_window: BigInt(days) * DAY_MS,
    pharmacy_needs_unit: plan.pharmacy_needs_unit ?? false,
  };
}

/**
 * Defines a plan (signed by the insurer's admin or a claims officer), adjudicated in the name of
 * claims officer `adjudicator`. The plan's id.
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {PlanFile} plan
 * @param {Uint8Array | string} billingKey
 * @param {string} adjudicator the claims officer's address
 * @returns {Promise<number>}
 */
export async function definePlan(chain, signer, plan, billingKey, adjudicator) {
  const tx = chain.api.tx.Claims.define_plan({ terms: planTerms(plan, billingKey), adjudicator });
  const done = await chain.submit(tx, signer);
  return chain.emitted(done, chain.api.event.Claims.PlanDefined, "Claims.PlanDefined").plan;
}

/**
 * Enrols `patient` in `plan` for `days` from now (signed by the plan's insurer).
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {number} plan
 * @param {bigint | number} patient
 * @param {number} [days] 365 unless given
 */
export async function enrol(chain, signer, plan, patient, days = 365) {
  const start = await chain.now();
  const coverage = { start, end: start + BigInt(days) * DAY_MS };
  await chain.submit(chain.api.tx.Claims.enrol({ plan, patient: BigInt(patient), coverage }), signer);
}

/**
 * Funds the signer's insurer's pool with `amount` (smallest unit: `parseAmount`); waiting claims
 * are paid from it at once.
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {bigint} amount
 */
export async function fund(chain, signer, amount) {
  await chain.submit(chain.api.tx.Claims.fund_pool({ amount }), signer);
}

/**
 * @typedef {object} Adjudicated What adjudication decided: the remittance as the chain's
 *   `ClaimAdjudicated` event tells it.
 * @property {bigint} claim
 * @property {string} outcome `Approved`, `PartiallyApproved`, `Denied` or `Pended`
 * @property {bigint} benefit what the plan pays
 * @property {bigint} patientResponsibility what the patient owes
 * @property {any} event the event itself (line results and reason codes)
 */

/**
 * The remittance in `done`'s `ClaimAdjudicated` event, if it emitted one.
 *
 * @param {Chain} chain
 * @param {TxFinalizedPayload} done
 * @returns {Adjudicated | undefined}
 */
function adjudicated(chain, done) {
  const [found] = chain.api.event.Claims.ClaimAdjudicated.filter(done.events);
  if (!found) return undefined;
  const event = found.payload;
  return {
    claim: event.claim,
    outcome: event.outcome.type,
    benefit: event.benefit,
    patientResponsibility: event.patient_responsibility,
    event,
  };
}

/**
 * The remittance in `done`, which must have one.
 *
 * @param {Chain} chain
 * @param {TxFinalizedPayload} done
 * @returns {Adjudicated}
 */
function remittance(chain, done) {
  const decided = adjudicated(chain, done);
  if (!decided) throw new CaduceusError("other", "the transaction succeeded but emitted no Claims.ClaimAdjudicated");
  return decided;
}

/**
 * Submits a claim for `patient` under `plan`, served at `dateOfService` (block time, ms; now
 * unless given), signed by a practitioner of the provider; it is adjudicated in the same
 * transaction (and paid at once if the pool can).
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {{ patient: bigint | number, plan: number, lines: Line[], dateOfService?: bigint }} claim
 * @param {Uint8Array | string} billingKey
 * @returns {Promise<Adjudicated>}
 */
export async function submitClaim(chain, signer, { patient, plan, lines, dateOfService }, billingKey) {
  const tx = chain.api.tx.Claims.submit_claim({
    patient: BigInt(patient),
    plan,
    date_of_service: dateOfService ?? (await chain.now()),
    lines: claimLines(lines, billingKey),
    evidence: [],
  });
  return remittance(chain, await chain.submit(tx, signer));
}

/**
 * The plan's insurer (its admin or a claims officer) approves (`true`) or denies the pended lines
 * of claim `claim`: approved, they are priced and paid as any other. The new remittance.
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {bigint | number} claim
 * @param {boolean} approve
 * @returns {Promise<Adjudicated>}
 */
export async function review(chain, signer, claim, approve) {
  const done = await chain.submit(chain.api.tx.Claims.review_claim({ claim: BigInt(claim), approve }), signer);
  return remittance(chain, done);
}

/**
 * Appeals claim `claim`, citing the salted hash of the appeal's evidence (`documentHash`).
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {bigint | number} claim
 * @param {string | Uint8Array} evidence
 */
export async function appeal(chain, signer, claim, evidence) {
  const hash = toHex(fixedBytes(evidence, 32, "evidence hash"));
  await chain.submit(chain.api.tx.Claims.appeal({ claim: BigInt(claim), evidence: hash }), signer);
}

/**
 * The plan's insurer decides the appeal of claim `claim`: overturned (`true`), the denied lines
 * are adjudicated again without the administrative edits; upheld, the remittance stands. Whether
 * the chain recorded it overturned, and the new remittance if there is one.
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {bigint | number} claim
 * @param {boolean} overturn
 * @returns {Promise<{ overturned: boolean, remittance: Adjudicated | undefined }>}
 */
export async function decideAppeal(chain, signer, claim, overturn) {
  const done = await chain.submit(chain.api.tx.Claims.decide_appeal({ claim: BigInt(claim), overturn }), signer);
  const { overturned } = chain.emitted(done, chain.api.event.Claims.AppealDecided, "Claims.AppealDecided");
  return { overturned, remittance: adjudicated(chain, done) };
}

/**
 * Asks `plan`'s insurer to authorise `units` of `code` for `patient` in advance (signed by a
 * practitioner of the provider). The authorisation's id, which claim lines then cite
 * (`priorAuthorisation`).
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {{ patient: bigint | number, plan: number, code: string, units: number }} request
 * @param {Uint8Array | string} billingKey
 * @returns {Promise<bigint>}
 */
export async function requestPriorAuthorisation(chain, signer, { patient, plan, code, units }, billingKey) {
  const tx = chain.api.tx.Claims.request_prior_authorisation({
    patient: BigInt(patient),
    plan,
    code: codeToken(billingKey, code),
    units,
  });
  const done = await chain.submit(tx, signer);
  return chain.emitted(done, chain.api.event.Claims.PriorAuthorisationRequested, "Claims.PriorAuthorisationRequested")
    .authorisation;
}

/**
 * The plan's insurer approves `units` of a requested authorisation for services until `days` from
 * now, or denies it (`units` undefined). Its status as the chain names it (`Approved`, `Denied`).
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {bigint | number} authorisation
 * @param {{ units?: number, days?: number }} decision
 * @returns {Promise<string>}
 */
export async function decidePriorAuthorisation(chain, signer, authorisation, { units, days = 30 }) {
  const expiresAt = (await chain.now()) + BigInt(days) * DAY_MS;
  const tx = chain.api.tx.Claims.decide_prior_authorisation({
    authorisation: BigInt(authorisation),
    units,
    expires_at: expiresAt,
  });
  const done = await chain.submit(tx, signer);
  return chain.emitted(done, chain.api.event.Claims.PriorAuthorisationDecided, "Claims.PriorAuthorisationDecided")
    .status.type;
}
