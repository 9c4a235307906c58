//! Rows of the authorisation matrix for the consent pallet: grants, revocations and clean-up,
//! wallet-signed grants and revocations, block lists, break-glass and its review, and the
//! consortium's break-glass governance.
//!
//! Calls covered (every call of `pallet_consent`'s `#[pallet::call]` block): `grant`,
//! `grant_signed`, `revoke`, `remove_ended`, `block`, `unblock`, `declare_emergency_access`,
//! `review_emergency_access`, `close_emergency_access`, `restore_emergency_privilege`,
//! `set_emergency_reviewer`, `revoke_signed`, `cancel_signed_consents`.
//!
//! Genesis state used: patient 0 (Dave) granted the hospital (consent 0) and the laboratory
//! (consent 1); the next grant is consent 2, the first emergency access is access 0.

use crate::{row, Caller, Row};
use caduceus_fuzz::cast::{account, org::*, who::*};
use caduceus_fuzz::{cast::participants, execute::now};
use caduceus_primitives::{
	category_slots::slots_of, wallet::wallet_wrapped, Action, Actions, DataCategories,
	DataCategory, EmergencyAccessId, PatientId, Purpose, Purposes, DAY_MS,
};
use caduceus_runtime::{
	genesis_config_presets::DEMO_CATEGORY_KEYS, AccountId, Runtime, RuntimeCall,
};
use codec::Encode;
use pallet_consent::{
	ConsentTerms, ConsentTermsOf, EmergencyReason, Party, SignedConsent, SignedConsentOf,
	SignedRevocation, SignedRevocationOf, Verdict, SIGNED_CONSENT_DOMAIN, SIGNED_REVOCATION_DOMAIN,
};
use sp_core::H256;
use sp_keyring::Sr25519Keyring;

fn consent(call: pallet_consent::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Consent(call)
}

/// Practitioners in good standing who are not physicians or nurses of a hospital or clinic.
const NOT_EMERGENCY_PROVIDERS: &[u8] =
	&[PRIVACY_OFFICER, LAB_TECHNICIAN, PHARMACIST, CLAIMS_OFFICER, RESEARCHER];

/// Terms of a grant of one category for one purpose, for 300 days from now.
fn terms(
	grantee: Party<AccountId>,
	category: DataCategory,
	purpose: Purpose,
	actions: &[Action],
) -> ConsentTermsOf<Runtime> {
	ConsentTerms {
		grantee,
		// The chain cannot tell one patient's slots from another's: Dave's key serves all.
		categories: slots_of(&DEMO_CATEGORY_KEYS[0], DataCategories::of(&[category])),
		purposes: Purposes::of(&[purpose]),
		actions: Actions::of(actions),
		roles: Default::default(),
		valid_from: None,
		valid_until: now() + 300 * DAY_MS,
		exceptions: Default::default(),
		source_document: None,
	}
}

/// The physician may read patient 0's lab results for treatment.
fn lab_results_to_physician() -> ConsentTermsOf<Runtime> {
	terms(
		Party::Practitioner(account(PHYSICIAN)),
		DataCategory::LabResults,
		Purpose::Treatment,
		&[Action::Read],
	)
}

/// The hospital may read the minor's (patient 3's) immunizations for treatment.
fn minor_immunizations_to_hospital() -> ConsentTermsOf<Runtime> {
	terms(
		Party::Organisation(HOSPITAL),
		DataCategory::Immunizations,
		Purpose::Treatment,
		&[Action::Read],
	)
}

/// The chain's genesis hash, as a wallet-signed payload must name it: read from the state every
/// cell starts from.
fn genesis_hash() -> H256 {
	sp_io::TestExternalities::new(caduceus_fuzz::cast::initial_state())
		.execute_with(|| caduceus_runtime::System::block_hash(0))
}

/// A wallet signature by `key` over `payload`, wrapped in `<Bytes>` as polkadot.js signs.
fn wallet_sign(key: Sr25519Keyring, payload: &impl Encode) -> caduceus_runtime::Signature {
	key.sign(&wallet_wrapped(&payload.encode())).into()
}

/// A signed grant payload for patient 0 with nonce 0, naming `signer` as its signer.
fn signed_grant(genesis_hash: H256, signer: AccountId) -> SignedConsentOf<Runtime> {
	SignedConsent {
		domain: SIGNED_CONSENT_DOMAIN,
		genesis_hash,
		patient: 0,
		signer,
		nonce: 0,
		expires_at: now() + DAY_MS,
		terms: lab_results_to_physician(),
	}
}

/// `grant_signed` of `payload` with `key`'s signature.
fn grant_signed(payload: SignedConsentOf<Runtime>, key: Sr25519Keyring) -> RuntimeCall {
	let signature = wallet_sign(key, &payload);
	consent(pallet_consent::Call::grant_signed { consent: payload, signature })
}

/// `revoke_signed` of patient 0's grant 1 (to the laboratory), nonce 0, signed by `key` naming
/// it as signer.
fn revoke_signed(genesis_hash: H256, key: Sr25519Keyring) -> RuntimeCall {
	let revocation: SignedRevocationOf<Runtime> = SignedRevocation {
		domain: SIGNED_REVOCATION_DOMAIN,
		genesis_hash,
		patient: 0,
		signer: key.to_account_id(),
		nonce: 0,
		expires_at: now() + DAY_MS,
		consent: 1,
	};
	let signature = wallet_sign(key, &revocation);
	consent(pallet_consent::Call::revoke_signed { revocation, signature })
}

fn declare(patient: PatientId) -> RuntimeCall {
	consent(pallet_consent::Call::declare_emergency_access {
		patient,
		reason: EmergencyReason::LifeThreatening,
		justification: H256::repeat_byte(0xE1),
	})
}

fn review(access: EmergencyAccessId, verdict: Verdict) -> RuntimeCall {
	consent(pallet_consent::Call::review_emergency_access {
		access,
		verdict,
		report: H256::repeat_byte(0xE2),
	})
}

/// The physician breaks the glass for patients 0, 1 and 2 and the privacy officer finds each
/// access unjustified: three unjustified accesses (`MaxUnjustifiedEmergencies`) bar him.
fn bar_the_physician() -> Vec<(u8, RuntimeCall)> {
	// Patient n's access is access n (the first of the chain is 0).
	(0..3u64)
		.flat_map(|n| [(PHYSICIAN, declare(n)), (PRIVACY_OFFICER, review(n, Verdict::Unjustified))])
		.collect()
}

pub fn rows() -> Vec<Row> {
	let genesis = genesis_hash();
	let dave = Sr25519Keyring::Dave;
	vec![
		// ---- grant ----
		// The patient grants access to their own data; nobody else may grant for them.
		row(consent(pallet_consent::Call::grant { patient: 0, terms: lab_results_to_physician() }))
			.may(&[PATIENT_0])
			.others("NotPatientOrGuardian"),
		// A guardian with consent scope grants for their ward; the ward's own account may too.
		// Policy question (open, see docs/security.md): the minor (patient 3) may grant for himself although the consortium appointed
		// him a guardian with scope All: `may_act_for` lets the patient's own account act
		// always. Written as the code does it (the pallet documents "the patient or a guardian").
		row(consent(pallet_consent::Call::grant {
			patient: 3,
			terms: minor_immunizations_to_hospital(),
		}))
		.may(&[GUARDIAN, MINOR])
		.others("NotPatientOrGuardian"),
		// ---- grant_signed ----
		// Anyone who pays, a newcomer included, submits a grant the patient signed in a wallet.
		row(grant_signed(signed_grant(genesis, dave.to_account_id()), dave))
			.may(&participants())
			.may(&[FUNDED_STRANGER])
			.except(&[UNFUNDED_STRANGER], "CannotPay"),
		// A grant signed by someone who may not act for the patient (the grantee physician
		// signing for patient 0) is refused whoever submits it.
		row(grant_signed(
			signed_grant(genesis, Sr25519Keyring::Charlie.to_account_id()),
			Sr25519Keyring::Charlie,
		))
		.others("NotPatientOrGuardian")
		.except(&[FUNDED_STRANGER], "NotPatientOrGuardian")
		.except(&[UNFUNDED_STRANGER], "CannotPay"),
		// A payload naming the patient as signer but signed with another key (patient 1's) is
		// refused whoever submits it.
		row(grant_signed(
			signed_grant(genesis, dave.to_account_id()),
			Sr25519Keyring::CharlieStash,
		))
		.others("BadSignature")
		.except(&[FUNDED_STRANGER], "BadSignature")
		.except(&[UNFUNDED_STRANGER], "CannotPay"),
		// Once the patient cancelled their signed payloads, nobody can submit one made before.
		row(grant_signed(signed_grant(genesis, dave.to_account_id()), dave))
			.setup(vec![(
				PATIENT_0,
				consent(pallet_consent::Call::cancel_signed_consents { patient: 0 }),
			)])
			.others("BadNonce")
			.except(&[FUNDED_STRANGER], "BadNonce")
			.except(&[UNFUNDED_STRANGER], "CannotPay"),
		// ---- revoke ----
		// The patient revokes their grant; nobody else may, the grantee neither.
		row(consent(pallet_consent::Call::revoke { patient: 0, consent: 1 }))
			.may(&[PATIENT_0])
			.others("NotPatientOrGuardian"),
		// Another patient cannot reach patient 0's grant by naming themselves.
		row(consent(pallet_consent::Call::revoke { patient: 1, consent: 0 }))
			.others("NotPatientOrGuardian")
			.except(&[PATIENT_1], "UnknownConsent"),
		// A guardian with consent scope revokes their ward's grant; the ward may too.
		// Policy question (open, see docs/security.md): as for the minor's grant above, the minor may revoke the guardian's grant.
		row(consent(pallet_consent::Call::revoke { patient: 3, consent: 2 }))
			.setup(vec![(
				GUARDIAN,
				consent(pallet_consent::Call::grant {
					patient: 3,
					terms: minor_immunizations_to_hospital(),
				}),
			)])
			.may(&[GUARDIAN, MINOR])
			.others("NotPatientOrGuardian"),
		// ---- revoke_signed ----
		// Anyone who pays, a newcomer included, submits a revocation the patient signed.
		row(revoke_signed(genesis, dave))
			.may(&participants())
			.may(&[FUNDED_STRANGER])
			.except(&[UNFUNDED_STRANGER], "CannotPay"),
		// A revocation signed by someone who may not act for the patient (the physician) is
		// refused whoever submits it.
		row(revoke_signed(genesis, Sr25519Keyring::Charlie))
			.others("NotPatientOrGuardian")
			.except(&[FUNDED_STRANGER], "NotPatientOrGuardian")
			.except(&[UNFUNDED_STRANGER], "CannotPay"),
		// ---- remove_ended ----
		// Any participant cleans up an ended (here: revoked) grant.
		row(consent(pallet_consent::Call::remove_ended { patient: 0, consent: 1 }))
			.setup(vec![(
				PATIENT_0,
				consent(pallet_consent::Call::revoke { patient: 0, consent: 1 }),
			)])
			.may(&participants()),
		// Nobody, the patient included, removes a grant still in force.
		row(consent(pallet_consent::Call::remove_ended { patient: 0, consent: 1 }))
			.others("ConsentStillInForce"),
		// ---- block ----
		// The patient blocks a practitioner; nobody else may block for them.
		row(consent(pallet_consent::Call::block {
			patient: 0,
			party: Party::Practitioner(account(NURSE)),
		}))
		.may(&[PATIENT_0])
		.others("NotPatientOrGuardian"),
		// A guardian with consent scope blocks an organisation for their ward; the ward may too.
		// Policy question (open, see docs/security.md): the minor may block for himself (see the grant row).
		row(consent(pallet_consent::Call::block {
			patient: 3,
			party: Party::Organisation(LABORATORY),
		}))
		.may(&[GUARDIAN, MINOR])
		.others("NotPatientOrGuardian"),
		// ---- unblock ----
		// The patient lifts their block; nobody else may, the blocked nurse neither.
		row(consent(pallet_consent::Call::unblock {
			patient: 0,
			party: Party::Practitioner(account(NURSE)),
		}))
		.setup(vec![(
			PATIENT_0,
			consent(pallet_consent::Call::block {
				patient: 0,
				party: Party::Practitioner(account(NURSE)),
			}),
		)])
		.may(&[PATIENT_0])
		.others("NotPatientOrGuardian"),
		// ---- cancel_signed_consents ----
		// The patient invalidates their signed payloads; nobody else may.
		row(consent(pallet_consent::Call::cancel_signed_consents { patient: 0 }))
			.may(&[PATIENT_0])
			.others("NotPatientOrGuardian"),
		// A guardian with consent scope cancels for their ward; the ward may too.
		// Policy question (open, see docs/security.md): the minor may cancel for himself (see the grant row).
		row(consent(pallet_consent::Call::cancel_signed_consents { patient: 3 }))
			.may(&[GUARDIAN, MINOR])
			.others("NotPatientOrGuardian"),
		// ---- declare_emergency_access ----
		// Only active physicians and nurses of a hospital or clinic break the glass; the
		// suspended clinic's physician is not in good standing.
		row(declare(0))
			.may(&[PHYSICIAN, NURSE])
			.others("NotAnActivePractitioner")
			.except(NOT_EMERGENCY_PROVIDERS, "NotAnEmergencyProvider"),
		// A block does not stop break-glass (life first; the access is flagged).
		row(declare(0))
			.setup(vec![(
				PATIENT_0,
				consent(pallet_consent::Call::block {
					patient: 0,
					party: Party::Organisation(HOSPITAL),
				}),
			)])
			.may(&[PHYSICIAN, NURSE])
			.others("NotAnActivePractitioner")
			.except(NOT_EMERGENCY_PROVIDERS, "NotAnEmergencyProvider"),
		// A practitioner barred after too many unjustified accesses may not break the glass.
		row(declare(3))
			.setup(bar_the_physician())
			.may(&[NURSE])
			.others("NotAnActivePractitioner")
			.except(NOT_EMERGENCY_PROVIDERS, "NotAnEmergencyProvider")
			.except(&[PHYSICIAN], "EmergencyPrivilegeBarred"),
		// ---- review_emergency_access ----
		// Only an active privacy officer of the practitioner's organisation reviews an
		// emergency access: not the practitioner, not the hospital's admin.
		row(review(0, Verdict::Justified))
			.setup(vec![(PHYSICIAN, declare(0))])
			.may(&[PRIVACY_OFFICER])
			.others("NotAPrivacyOfficer"),
		// ---- close_emergency_access ----
		// Any participant closes a reviewed access whose window is over (an unjustified one
		// ends at its review).
		row(consent(pallet_consent::Call::close_emergency_access { access: 0 }))
			.setup(vec![
				(PHYSICIAN, declare(0)),
				(PRIVACY_OFFICER, review(0, Verdict::Unjustified)),
			])
			.may(&participants()),
		// Nobody closes an access not yet reviewed.
		row(consent(pallet_consent::Call::close_emergency_access { access: 0 }))
			.setup(vec![(PHYSICIAN, declare(0))])
			.others("EmergencyAccessOpen"),
		// ---- restore_emergency_privilege ----
		// Only the consortium lifts a practitioner's bar on break-glass.
		row(consent(pallet_consent::Call::restore_emergency_privilege {
			practitioner: account(PHYSICIAN),
		}))
		.setup(bar_the_physician())
		.consortium(),
		// The origin is checked first: a member asking to clear a practitioner who is not
		// barred gets `BadOrigin`, only the consortium learns there is nothing to clear.
		row(consent(pallet_consent::Call::restore_emergency_privilege {
			practitioner: account(NURSE),
		}))
		.except_origin(Caller::Root, "NothingToClear")
		.except_origin(Caller::Consortium, "NothingToClear"),
		// ---- set_emergency_reviewer ----
		// Only the consortium names the organisation that reviews another's emergency accesses.
		row(consent(pallet_consent::Call::set_emergency_reviewer {
			organisation: HOSPITAL,
			reviewer: Some(LABORATORY),
		}))
		.consortium(),
	]
}
