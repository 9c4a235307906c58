// Consent: grants and revocations signed by the patient's own key or in a wallet for someone else
// to submit, access checks, and the patient's consent history (as the Rust client's `consent`).
//
// Categories never reach the chain in clear: a grant names slots under the patient's category key
// (`slots.js`), computed here from the key the patient's wallet gave.

import { toHex } from "polkadot-api/utils";
import { typedCodecs } from "./chain.js";
import { CaduceusError } from "./errors.js";
import { addressOf } from "./keys.js";
import { categoryKey, categorySlot, categorySlots, fromHexChecked } from "./slots.js";
import { signatureBytes } from "./wallet.js";
import { ACTIONS, PURPOSES, ROLES, flagsOf, variant } from "./vocabulary.js";

/** The domain separator of a wallet-signed grant: `caduceus/consent-grant` and two zero bytes. */
export const SIGNED_CONSENT_DOMAIN = toHex(
  new Uint8Array([...new TextEncoder().encode("caduceus/consent-grant"), 0, 0]),
);

/** @typedef {import("./chain.js").Chain} Chain */
/** @typedef {import("./keys.js").KeyPair} KeyPair */
/** @typedef {{ type: "Organisation", value: number } | { type: "Practitioner", value: string }} Party */

/**
 * @typedef {object} ConsentTerms The terms as the chain keeps them (`ConsentTerms`).
 * @property {Party} grantee
 * @property {number} categories slots under the patient's key (`FlagSet`)
 * @property {number} purposes
 * @property {number} actions
 * @property {number} roles 0: the clinical roles
 * @property {bigint | undefined} valid_from
 * @property {bigint} valid_until
 * @property {{ categories: number, practitioners: string[] }} exceptions
 * @property {string | undefined} source_document
 */

/**
 * Who a grant is for: `{ organisation: 0 }`, `{ practitioner: "5F…" }`, or the chain's `Party`.
 *
 * @param {{ organisation: number } | { practitioner: string | Uint8Array } | Party} grantee
 * @returns {Party}
 */
export function party(grantee) {
  if ("type" in grantee) return grantee;
  if ("organisation" in grantee) return { type: "Organisation", value: Number(grantee.organisation) };
  if ("practitioner" in grantee) {
    const account = grantee.practitioner;
    return { type: "Practitioner", value: addressOf(account) };
  }
  throw new CaduceusError("input", "a grantee is an organisation or a practitioner");
}

/**
 * What a patient consents to, in words, as the chain keeps it: categories as slots under the
 * patient's key, purposes, actions and roles as bit sets.
 *
 * @param {object} terms
 * @param {{ organisation: number } | { practitioner: string | Uint8Array } | Party} terms.grantee
 * @param {string[]} terms.categories DataCategory names (`LabResults`, `lab-results`)
 * @param {Uint8Array | string} terms.categoryKey the patient's category key
 * @param {string[]} terms.purposes Purpose names (`Treatment`)
 * @param {string[]} terms.actions Action names (`Read`)
 * @param {bigint | number} terms.validUntil when the grant ends (block time, milliseconds)
 * @param {bigint | number} [terms.validFrom] when it starts (default: when granted)
 * @param {string[]} [terms.roles] Role names (default none: the clinical roles)
 * @param {string[]} [terms.exceptCategories] categories carved out of the grant
 * @param {(string | Uint8Array)[]} [terms.exceptPractitioners] practitioners carved out of it
 * @param {string | Uint8Array} [terms.sourceDocument] the salted hash of the source document
 * @returns {ConsentTerms}
 */
export function consentTerms(terms) {
  if (!terms.categories?.length || !terms.purposes?.length || !terms.actions?.length) {
    throw new CaduceusError("input", "name at least one category, purpose and action");
  }
  const key = categoryKey(terms.categoryKey);
  const source = terms.sourceDocument;
  return {
    grantee: party(terms.grantee),
    categories: categorySlots(key, terms.categories),
    purposes: flagsOf(PURPOSES, terms.purposes),
    actions: flagsOf(ACTIONS, terms.actions),
    roles: flagsOf(ROLES, terms.roles ?? []),
    valid_from: terms.validFrom === undefined ? undefined : BigInt(terms.validFrom),
    valid_until: BigInt(terms.validUntil),
    exceptions: {
      categories: categorySlots(key, terms.exceptCategories ?? []),
      practitioners: (terms.exceptPractitioners ?? []).map(addressOf),
    },
    source_document: source === undefined ? undefined : hash32(source, "source document"),
  };
}

/**
 * @param {string | Uint8Array} value
 * @param {string} what
 */
function hash32(value, what) {
  const bytes = typeof value === "string" ? fromHexChecked(value, what) : value;
  if (bytes.length !== 32) throw new CaduceusError("input", `${what}: expected 32 bytes`);
  return toHex(bytes);
}

/**
 * @typedef {object} SignedConsent The payload a wallet signs (`SignedConsent`), as polkadot-api
 *   takes it.
 * @property {string} domain
 * @property {string} genesis_hash
 * @property {bigint} patient
 * @property {string} signer
 * @property {number} nonce
 * @property {bigint} expires_at
 * @property {ConsentTerms} terms
 */

/**
 * The payload a wallet signs for `terms`: good on the chain of `genesisHash` only, with the
 * patient's next nonce (`signedConsentNonce`), until `expiresAt`.
 *
 * @param {object} args
 * @param {string | Uint8Array} args.genesisHash
 * @param {bigint | number} args.patient
 * @param {string | Uint8Array} args.signer the signing account (the patient's or a guardian's)
 * @param {number} args.nonce
 * @param {bigint | number} args.expiresAt block time, milliseconds
 * @param {ConsentTerms} args.terms from `consentTerms`
 * @returns {SignedConsent}
 */
export function signedConsent({ genesisHash, patient, signer, nonce, expiresAt, terms }) {
  return {
    domain: SIGNED_CONSENT_DOMAIN,
    genesis_hash: hash32(genesisHash, "genesis hash"),
    patient: BigInt(patient),
    signer: addressOf(signer),
    nonce: Number(nonce),
    expires_at: BigInt(expiresAt),
    terms,
  };
}

/**
 * The SCALE bytes of the payload a wallet signs (see `signedConsent`). Works offline: the codec
 * comes from the generated descriptors.
 *
 * @param {Parameters<typeof signedConsent>[0]} args
 * @returns {Promise<Uint8Array>}
 */
export async function signedConsentPayload(args) {
  return encodeSignedConsent(signedConsent(args));
}

/**
 * @param {SignedConsent} consent
 * @returns {Promise<Uint8Array>}
 */
export async function encodeSignedConsent(consent) {
  const codec = (await typedCodecs()).tx.Consent.grant_signed.inner.consent;
  try {
    return codec.enc(consent);
  } catch (e) {
    throw new CaduceusError("encoding", `not a signed consent: ${/** @type {Error} */ (e).message}`, { cause: e });
  }
}

/**
 * The payload back from its SCALE bytes (what a submitter received), checking that it is one.
 *
 * @param {Uint8Array | string} payload
 * @returns {Promise<SignedConsent>}
 */
export async function decodeSignedConsent(payload) {
  const bytes = typeof payload === "string" ? fromHexChecked(payload, "payload") : payload;
  const codec = (await typedCodecs()).tx.Consent.grant_signed.inner.consent;
  let consent;
  try {
    consent = /** @type {SignedConsent} */ (/** @type {unknown} */ (codec.dec(bytes)));
  } catch (e) {
    throw new CaduceusError("input", `payload: not a signed consent (${/** @type {Error} */ (e).message})`, {
      cause: e,
    });
  }
  // The codec reads a prefix: the payload must be exactly one signed consent.
  if (toHex(codec.enc(consent)) !== toHex(bytes)) {
    throw new CaduceusError("input", "payload: not exactly one signed consent");
  }
  if (consent.domain !== SIGNED_CONSENT_DOMAIN) {
    throw new CaduceusError("input", "payload: not a consent grant (wrong domain separator)");
  }
  return consent;
}

/**
 * Submits a grant that someone signed in a wallet, paid by `submitter` (any account the chain
 * knows: typically the grantee's). Resolves when it is finalized.
 *
 * @param {Chain} chain
 * @param {KeyPair | import("polkadot-api").PolkadotSigner} submitter
 * @param {Uint8Array | string} payload the signed SCALE bytes
 * @param {Uint8Array | string} signature the signer's sr25519 signature (of the payload wrapped
 *   in `<Bytes>`, as wallets sign, or of the payload itself)
 * @returns {Promise<{ consent: bigint, event: any, block: { hash: string, number: number } }>}
 */
export async function submitSignedConsent(chain, submitter, payload, signature) {
  const consent = await decodeSignedConsent(payload);
  const tx = chain.api.tx.Consent.grant_signed({
    consent: consent,
    signature: { type: "Sr25519", value: toHex(signatureBytes(signature)) },
  });
  const done = await chain.submit(tx, submitter);
  return granted(chain, done);
}

/**
 * Grants `terms` for `patient`, signed by the patient (or a guardian) itself.
 *
 * @param {Chain} chain
 * @param {KeyPair | import("polkadot-api").PolkadotSigner} signer
 * @param {bigint | number} patient
 * @param {ConsentTerms} terms
 */
export async function grant(chain, signer, patient, terms) {
  const tx = chain.api.tx.Consent.grant({ patient: BigInt(patient), terms });
  return granted(chain, await chain.submit(tx, signer));
}

/**
 * @param {Chain} chain
 * @param {import("polkadot-api").TxFinalizedPayload} done
 */
function granted(chain, done) {
  const event = chain.emitted(done, chain.api.event.Consent.ConsentGranted, "Consent.ConsentGranted");
  return { consent: event.consent, event, block: { hash: done.block.hash, number: done.block.number } };
}

/**
 * Revokes grant `consent` of `patient`.
 *
 * @param {Chain} chain
 * @param {KeyPair | import("polkadot-api").PolkadotSigner} signer
 * @param {bigint | number} patient
 * @param {bigint | number} consent
 */
export async function revoke(chain, signer, patient, consent) {
  const tx = chain.api.tx.Consent.revoke({ patient: BigInt(patient), consent: BigInt(consent) });
  await chain.submit(tx, signer);
}

/**
 * Blocks `grantee` (a practitioner, or an organisation and so all its practitioners) from
 * `patient`'s data: whatever the patient's grants say, the access check answers `Blocked` (break
 * the glass excepted, which is flagged for review) and no new grant to it is accepted, until
 * `unblock`. What a patient does at once when a grant was a mistake or trust is lost, without
 * hunting down each grant. Signed by the patient or a guardian with consent scope. Resolves with
 * the `PartyBlocked` event (`{ patient, party, by }`); `Consent.AlreadyBlocked` if it is.
 *
 * @param {Chain} chain
 * @param {KeyPair | import("polkadot-api").PolkadotSigner} signer
 * @param {bigint | number} patient
 * @param {Parameters<typeof party>[0]} grantee `{ practitioner }`, `{ organisation }` or a `Party`
 */
export async function block(chain, signer, patient, grantee) {
  const args = { patient: BigInt(patient), party: party(grantee) };
  const done = await chain.submit(chain.api.tx.Consent.block(args), signer);
  return chain.emitted(done, chain.api.event.Consent.PartyBlocked, "Consent.PartyBlocked");
}

/**
 * Lifts `patient`'s block of `grantee` (see `block`): the grants to it apply again, as they
 * stand. Resolves with the `PartyUnblocked` event (`{ patient, party, by }`);
 * `Consent.NotBlocked` if it was not.
 *
 * @param {Chain} chain
 * @param {KeyPair | import("polkadot-api").PolkadotSigner} signer
 * @param {bigint | number} patient
 * @param {Parameters<typeof party>[0]} grantee `{ practitioner }`, `{ organisation }` or a `Party`
 */
export async function unblock(chain, signer, patient, grantee) {
  const args = { patient: BigInt(patient), party: party(grantee) };
  const done = await chain.submit(chain.api.tx.Consent.unblock(args), signer);
  return chain.emitted(done, chain.api.event.Consent.PartyUnblocked, "Consent.PartyUnblocked");
}

/**
 * The nonce `patient`'s next wallet-signed payload must carry.
 *
 * @param {Chain} chain
 * @param {bigint | number} patient
 * @returns {Promise<number>}
 */
export async function signedConsentNonce(chain, patient) {
  return chain.ok("Consent.signed_consent_nonce", chain.api.view.Consent.signed_consent_nonce(BigInt(patient)));
}

/**
 * Whether `accessor` may `action` `patient`'s data of `category` for `purpose` now, as an EHR
 * gateway asks before serving a document: `{ success: true, value: AccessGround }` (the grant or
 * emergency that allows it: `{ type: "Consent", value: id }`) or `{ success: false, value:
 * AccessDenial }` (why not: `{ type: "CategoryNotCovered" }`…).
 *
 * @param {Chain} chain
 * @param {object} question
 * @param {bigint | number} question.patient
 * @param {string | Uint8Array} question.accessor
 * @param {string} question.category a DataCategory name
 * @param {Uint8Array | string} question.categoryKey the patient's category key
 * @param {string} question.purpose a Purpose name
 * @param {string} question.action an Action name
 */
export async function checkAccess(chain, { patient, accessor, category, categoryKey: key, purpose, action }) {
  return chain.api.apis.ConsentApi.check_access(
    BigInt(patient),
    addressOf(accessor),
    // The names are checked at run time against the vocabulary (and the vocabulary against the
    // metadata by the tests); the chain's enums are string unions to TypeScript.
    /** @type {any} */ (categorySlot(key, category)),
    /** @type {any} */ (variant(PURPOSES, purpose)),
    /** @type {any} */ (variant(ACTIONS, action)),
  );
}

/**
 * `patient`'s grants with where each stands, a page of up to `limit` after `startAfter`.
 *
 * @param {Chain} chain
 * @param {bigint | number} patient
 * @param {{ startAfter?: bigint | number, limit?: number }} [page]
 */
export async function consentsOf(chain, patient, { startAfter, limit = 100 } = {}) {
  return chain.ok(
    "ConsentApi.consents_of",
    chain.api.apis.ConsentApi.consents_of(
      BigInt(patient),
      startAfter === undefined ? undefined : BigInt(startAfter),
      limit,
    ),
  );
}

/**
 * Up to `limit` entries of `patient`'s consent history from sequence number `from` on.
 *
 * @param {Chain} chain
 * @param {bigint | number} patient
 * @param {{ from?: bigint | number, limit?: number }} [page]
 */
export async function consentHistory(chain, patient, { from = 0n, limit = 100 } = {}) {
  return chain.ok(
    "ConsentApi.consent_history",
    chain.api.apis.ConsentApi.consent_history(BigInt(patient), BigInt(from), limit),
  );
}
