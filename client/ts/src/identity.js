// Organisations and patients (as the Rust client's `identity`): what the chain tells of them, a
// patient registering, appointing guardians and moving to a new wallet, an organisation's admin
// attesting practitioners, and the motions that register or suspend an organisation.

import { CaduceusError } from "./errors.js";
import { addressOf } from "./keys.js";
import { contentBytes, demographicCommitment, randomBytes } from "./salted.js";
import { GUARDIAN_SCOPES, ORG_KINDS, ROLES, variant } from "./vocabulary.js";

/** @typedef {import("./chain.js").Chain} Chain */
/** @typedef {import("./keys.js").KeyPair} KeyPair */
/** @typedef {KeyPair | import("polkadot-api").PolkadotSigner} Signer */
/** @typedef {string | Uint8Array} Account an SS58 address or a public key */

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

/**
 * Registers `signer`'s account as a patient, committing to `demographics` (as the wallet
 * serialises them) under a fresh salt when given. The patient's id, and the salt the wallet must
 * keep with its demographics (undefined without them).
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {{ demographics?: Uint8Array | string }} [options]
 * @returns {Promise<{ patient: bigint, salt: Uint8Array | undefined }>}
 */
export async function registerPatient(chain, signer, { demographics } = {}) {
  const salt = demographics === undefined ? undefined : randomBytes(32);
  const commitment = salt && demographics !== undefined ? demographicCommitment(salt, demographics) : undefined;
  const tx = chain.api.tx.HealthIdentity.register_patient({ demographic_commitment: commitment });
  const done = await chain.submit(tx, signer);
  const { patient: id } = chain.emitted(done, chain.api.event.HealthIdentity.PatientRegistered, "HealthIdentity.PatientRegistered");
  return { patient: id, salt };
}

/**
 * Transfers `amount` (in the chain's smallest unit) to `to`, keeping the signer's account alive.
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {Account} to
 * @param {bigint} amount
 */
export async function transfer(chain, signer, to, amount) {
  const dest = { type: /** @type {const} */ ("Id"), value: addressOf(to) };
  await chain.submit(chain.api.tx.Balances.transfer_keep_alive({ dest, value: amount }), signer);
}

/**
 * Appoints `guardian` for the signing patient, with authority `scope` (`All`, `Consent`,
 * `Records`, `Emergency`), until `expiresAt` (block time, ms) if given.
 *
 * @param {Chain} chain
 * @param {Signer} patientSigner
 * @param {Account} guardian
 * @param {string} scope
 * @param {bigint} [expiresAt]
 */
export async function appointGuardian(chain, patientSigner, guardian, scope, expiresAt) {
  const tx = chain.api.tx.HealthIdentity.appoint_guardian({
    guardian: addressOf(guardian),
    scope: /** @type {any} */ (variant(GUARDIAN_SCOPES, scope)),
    expires_at: expiresAt,
  });
  await chain.submit(tx, patientSigner);
}

/**
 * Removes `guardian` of `patient`, by the patient (or the consortium).
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {bigint | number} patient
 * @param {Account} guardian
 */
export async function removeGuardian(chain, signer, patient, guardian) {
  const tx = chain.api.tx.HealthIdentity.remove_guardian({ patient: BigInt(patient), guardian: addressOf(guardian) });
  await chain.submit(tx, signer);
}

/**
 * Gives up guardianship of `patient`, by the guardian.
 *
 * @param {Chain} chain
 * @param {Signer} guardian
 * @param {bigint | number} patient
 */
export async function resignGuardianship(chain, guardian, patient) {
  await chain.submit(chain.api.tx.HealthIdentity.resign_guardianship({ patient: BigInt(patient) }), guardian);
}

/**
 * Starts moving the signing patient to `newAccount` (a new wallet, a lost key's replacement),
 * which must accept (`acceptMove`).
 *
 * @param {Chain} chain
 * @param {Signer} patientSigner
 * @param {Account} newAccount
 */
export async function startMove(chain, patientSigner, newAccount) {
  const tx = chain.api.tx.HealthIdentity.initiate_patient_move({ new_account: addressOf(newAccount) });
  await chain.submit(tx, patientSigner);
}

/**
 * Accepts the move of `patient` to the signing account.
 *
 * @param {Chain} chain
 * @param {Signer} newAccount
 * @param {bigint | number} patient
 */
export async function acceptMove(chain, newAccount, patient) {
  await chain.submit(chain.api.tx.HealthIdentity.accept_patient_move({ patient: BigInt(patient) }), newAccount);
}

/**
 * Cancels the signing patient's pending move.
 *
 * @param {Chain} chain
 * @param {Signer} patientSigner
 */
export async function cancelMove(chain, patientSigner) {
  await chain.submit(chain.api.tx.HealthIdentity.cancel_patient_move(), patientSigner);
}

/**
 * The motion that registers an organisation of `kind` (`Hospital`, `Insurer`…) named `name`, run
 * by `admin`, with its licence if given, for the council to pass (`propose` in `governance.js`).
 *
 * @param {Chain} chain
 * @param {{ kind: string, name: string, admin: Account, licence?: string }} organisation
 */
export function registerOrganisation(chain, { kind, name, admin, licence }) {
  if (name.length === 0) throw new CaduceusError("input", "an organisation needs a name");
  return chain.api.tx.HealthIdentity.register_organisation({
    kind: /** @type {any} */ (variant(ORG_KINDS, kind)),
    name: contentBytes(name),
    identifiers: { gln: undefined, npi: undefined, licence: licence === undefined ? undefined : contentBytes(licence) },
    admin: addressOf(admin),
  });
}

/**
 * The motion that suspends organisation `organisation` (its practitioners stop acting at once; it
 * can be reinstated).
 *
 * @param {Chain} chain
 * @param {number} organisation
 */
export function suspendOrganisation(chain, organisation) {
  return chain.api.tx.HealthIdentity.suspend_organisation({ organisation });
}

/**
 * Attests `practitioner` in `role` (`Physician`, `ClaimsOfficer`…) at the signer's organisation
 * (signed by its admin), with the hash of the credential checked off chain (`documentHash` of
 * the credential under a salt the organisation keeps). The organisation's id.
 *
 * @param {Chain} chain
 * @param {Signer} admin
 * @param {{ practitioner: Account, role: string, credentialHash: string, expiresAt?: bigint }} attestation
 * @returns {Promise<number>}
 */
export async function attest(chain, admin, { practitioner, role, credentialHash, expiresAt }) {
  const tx = chain.api.tx.HealthIdentity.attest_practitioner({
    practitioner: addressOf(practitioner),
    role: /** @type {any} */ (variant(ROLES, role)),
    credential_hash: credentialHash,
    expires_at: expiresAt,
  });
  const done = await chain.submit(tx, admin);
  return chain.emitted(done, chain.api.event.HealthIdentity.PractitionerAttested, "HealthIdentity.PractitionerAttested")
    .organisation;
}

/**
 * The organisation `admin` runs, or undefined.
 *
 * @param {Chain} chain
 * @param {Account} admin
 * @returns {Promise<number | undefined>}
 */
export async function administeredBy(chain, admin) {
  return chain.api.query.HealthIdentity.AdministeredBy.getValue(addressOf(admin), { at: "finalized" });
}
