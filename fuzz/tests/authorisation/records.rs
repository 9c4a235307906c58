//! Rows of the records pallet: anchoring, versions, access requests, erasure, clinical trials.
//!
//! Calls covered (every call of `pallet_records`' `#[pallet::call]` block): `anchor`,
//! `anchor_batch`, `amend`, `request_access`, `erase`, `erase_by_consortium`, `register_trial`,
//! `enrol`, `anchor_trial_results`.
//!
//! Most rows start from a lab report of patient 0 (Dave) that the physician anchors (record 0),
//! which the genesis grants (org 0: the broad categories, org 1: lab results, read and write for
//! treatment) let the hospital's and the laboratory's clinical practitioners write; or from a
//! trial the researcher registers (trial 0, its protocol record 0).

use crate::{row, Caller, Row};
use caduceus_fuzz::cast::{account, org::SPONSOR, who::*};
use caduceus_fuzz::{cast::participants, execute::now};
use caduceus_primitives::{
	category_slots::{slot_of, slots_of},
	Action, Actions, CategoryKey, CategorySlot, ContentHash, DataCategories, DataCategory, Purpose,
	Purposes, Role, Roles, DAY_MS,
};
use caduceus_runtime::{genesis_config_presets::DEMO_CATEGORY_KEYS, Runtime, RuntimeCall};
use codec::Encode;
use pallet_consent::{ConsentTerms, Party};
use pallet_records::{Call, ErasureRequest, SignedErasureRequest, ERASURE_REQUEST_DOMAIN};
use sp_core::{sr25519, Pair, H256};

/// The minor's (patient 3) category key: any key will do, nobody holds a grant for the minor.
const MINOR_KEY: CategoryKey = [0x03; 32];

fn records(call: Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Records(call)
}

fn pointer(text: &[u8]) -> pallet_records::PointerOf<Runtime> {
	text.to_vec().try_into().unwrap()
}

fn hash(n: u8) -> ContentHash {
	H256::repeat_byte(n)
}

/// Dave's (patient 0) slot of `category`, under his demo key.
fn slot(category: DataCategory) -> CategorySlot {
	slot_of(&DEMO_CATEGORY_KEYS[0], category)
}

/// A document of `patient` with content hash `n`.
fn document(patient: u64, n: u8, category: CategorySlot) -> pallet_records::NewRecordOf<Runtime> {
	pallet_records::NewRecord {
		patient,
		content_hash: hash(n),
		pointer: pointer(b"enc:v1:9f8e"),
		category,
	}
}

/// A lab report of patient 0 (content hash `n`).
fn lab_report(n: u8) -> pallet_records::NewRecordOf<Runtime> {
	document(0, n, slot(DataCategory::LabResults))
}

fn anchor(document: pallet_records::NewRecordOf<Runtime>) -> RuntimeCall {
	records(Call::anchor { document })
}

/// Setup: the physician anchors a lab report of patient 0 (record 0, authored by org 0).
fn physicians_report() -> Vec<(u8, RuntimeCall)> {
	vec![(PHYSICIAN, anchor(lab_report(1)))]
}

/// Setup: the guardian anchors a document of the minor, patient 3 (record 0, no organisation).
fn guardians_document() -> Vec<(u8, RuntimeCall)> {
	vec![(GUARDIAN, anchor(document(3, 1, slot_of(&MINOR_KEY, DataCategory::Immunizations))))]
}

/// The trial's protocol (first version).
const PROTOCOL: u8 = 3;
/// The protocol's amendment.
const AMENDED_PROTOCOL: u8 = 4;

fn register_trial() -> RuntimeCall {
	records(Call::register_trial {
		protocol_hash: hash(PROTOCOL),
		pointer: pointer(b"enc:v1:protocol"),
		categories: DataCategories::of(&[DataCategory::Conditions]),
	})
}

/// Setup: the researcher registers trial 0 (protocol record 0).
fn trial() -> Vec<(u8, RuntimeCall)> {
	vec![(RESEARCHER, register_trial())]
}

/// Patient 0's grant of research (read) to the sponsor's researchers, given for the protocol
/// whose content hash is `protocol` (the grant's source document).
fn research_consent(protocol: ContentHash) -> RuntimeCall {
	let terms: ConsentTerms<
		caduceus_runtime::AccountId,
		<Runtime as pallet_consent::Config>::MaxExcluded,
	> = ConsentTerms {
		grantee: Party::Organisation(SPONSOR),
		categories: slots_of(
			&DEMO_CATEGORY_KEYS[0],
			DataCategories::of(&[DataCategory::Conditions]),
		),
		purposes: Purposes::of(&[Purpose::Research]),
		actions: Actions::of(&[Action::Read]),
		roles: Roles::of(&[Role::Researcher]),
		valid_from: None,
		valid_until: now() + 300 * DAY_MS,
		exceptions: Default::default(),
		source_document: Some(protocol),
	};
	RuntimeCall::Consent(pallet_consent::Call::grant { patient: 0, terms })
}

/// Patient 0's wallet-signed request that record `record` (of patient 0) be erased: Dave's key,
/// nonce 0, for this chain, good for a day.
fn dave_asks_to_erase(record: u64) -> pallet_records::SignedErasureRequestOf<Runtime> {
	let request = ErasureRequest {
		domain: ERASURE_REQUEST_DOMAIN,
		// The genesis block's hash as frame_system's genesis build stores it (`hash69`): the
		// cast's state is built from a genesis config, block 0 is never executed.
		// The genesis hash, from frame-system 49's genesis build and `initialize` (BlockHash(0) =
		// ParentHash of block 1 = [69; 32]), not from the built state.
		genesis_hash: H256::repeat_byte(69),
		patient: 0,
		signer: account(PATIENT_0),
		nonce: 0,
		expires_at: now() + DAY_MS,
		record,
	};
	let dave = sr25519::Pair::from_string("//Dave", None).expect("a dev key");
	let signature = sp_runtime::MultiSignature::Sr25519(dave.sign(&request.encode()));
	SignedErasureRequest { request, signature }
}

/// Practitioners who are no admins but whose consent check fails for writing patient 0's
/// data for treatment: a role that does not serve treatment (privacy officer, claims officer,
/// researcher), no grant (pharmacist), a suspended organisation (its physician).
const PRACTITIONERS_WITHOUT_WRITE: &[u8] =
	&[PRIVACY_OFFICER, PHARMACIST, CLAIMS_OFFICER, RESEARCHER, SUSPENDED_PHYSICIAN];

pub fn rows() -> Vec<Row> {
	vec![
		// Anchor: a clinical practitioner whose organisation holds the patient's write consent
		// for the category (physician, nurse: org 0's broad grant; lab technician: org 1's lab
		// grant), or the patient; other practitioners are denied by consent, non-practitioners
		// are neither patient nor practitioner.
		row(anchor(lab_report(1)))
			.may(&[PHYSICIAN, NURSE, LAB_TECHNICIAN, PATIENT_0])
			.others("NotPatientOrPractitioner")
			.except(PRACTITIONERS_WITHOUT_WRITE, "WriteDenied"),
		// Anchor for a minor: the minor (own account) or the guardian with `All` scope; no
		// practitioner holds a grant of patient 3.
		row(anchor(document(3, 1, slot_of(&MINOR_KEY, DataCategory::Immunizations))))
			.may(&[GUARDIAN, MINOR])
			.others("NotPatientOrPractitioner")
			.except(PRACTITIONERS_WITHOUT_WRITE, "WriteDenied")
			.except(&[PHYSICIAN, NURSE, LAB_TECHNICIAN], "WriteDenied"),
		// Anchor batch, all or nothing: a lab report and a condition of patient 0; the lab
		// technician may write the first but not the second (org 1's grant covers lab results
		// only), so the whole batch is refused.
		row(records(Call::anchor_batch {
			documents: vec![lab_report(1), document(0, 2, slot(DataCategory::Conditions))]
				.try_into()
				.unwrap(),
		}))
		.may(&[PHYSICIAN, NURSE, PATIENT_0])
		.others("NotPatientOrPractitioner")
		.except(PRACTITIONERS_WITHOUT_WRITE, "WriteDenied")
		.except(&[LAB_TECHNICIAN], "WriteDenied"),
		// An empty batch is refused whoever sends it (checked before any authority).
		row(records(Call::anchor_batch { documents: Default::default() })).others("EmptyBatch"),
		// Amend an organisation's record: a practitioner of the author organisation still
		// holding write consent (physician, nurse); its privacy officer is denied by consent;
		// anyone else, the patient and other organisations included, is not the author.
		row(records(Call::amend { record: 0, content_hash: hash(2), pointer: pointer(b"enc:v2") }))
			.setup(physicians_report())
			.may(&[PHYSICIAN, NURSE])
			.others("NotTheAuthor")
			.except(&[PRIVACY_OFFICER], "WriteDenied"),
		// Amend what the patient anchored: the patient only (no practitioner, not the author
		// organisation's admin).
		row(records(Call::amend { record: 0, content_hash: hash(2), pointer: pointer(b"enc:v2") }))
			.setup(vec![(PATIENT_0, anchor(lab_report(1)))])
			.may(&[PATIENT_0])
			.others("NotTheAuthor"),
		// Amend what a guardian anchored for a minor: the guardian (records scope) or the
		// minor's own account.
		row(records(Call::amend { record: 0, content_hash: hash(2), pointer: pointer(b"enc:v2") }))
			.setup(guardians_document())
			.may(&[GUARDIAN, MINOR])
			.others("NotTheAuthor"),
		// Amend a trial's protocol: the sponsor (its admin or an active researcher).
		row(records(Call::amend {
			record: 0,
			content_hash: hash(AMENDED_PROTOCOL),
			pointer: pointer(b"enc:v2:protocol"),
		}))
		.setup(trial())
		.may(&[SPONSOR_ADMIN, RESEARCHER])
		.others("NotAResearchSponsor"),
		// Request access: any account the chain admits may ask; a practitioner's request is
		// answered (granted or denied, an entry of the trail, paid for), anyone else's is
		// refused as an `AccessRefused` event, not an error. Nothing is granted by the call
		// itself.
		row(records(Call::request_access { record: 0, purpose: Purpose::Treatment }))
			.setup(physicians_report())
			.may(&participants()),
		// Request access to a trial's protocol: no patient's record, nobody may.
		row(records(Call::request_access { record: 0, purpose: Purpose::Research }))
			.setup(trial())
			.others("NotAPatientRecord"),
		// Erase without a request: the patient (or a guardian with full authority); the author
		// organisation's admin and privacy officer need the patient's signed request; anyone
		// else may not.
		row(records(Call::erase { record: 0, request: None }))
			.setup(physicians_report())
			.may(&[PATIENT_0])
			.others("NotAllowedToErase")
			.except(&[HOSPITAL_ADMIN, PRIVACY_OFFICER], "RequestDocumentRequired"),
		// Erase on the patient's wallet-signed request: the author organisation's admin or
		// active privacy officer; a request does not make anyone else (the patient included:
		// the patient erases without one) an eraser.
		row(records(Call::erase { record: 0, request: Some(dave_asks_to_erase(0)) }))
			.setup(physicians_report())
			.may(&[HOSPITAL_ADMIN, PRIVACY_OFFICER])
			.others("NotAllowedToErase"),
		// Erase a minor's document the guardian anchored: the minor or the guardian (`All`
		// scope); no organisation authored it, so no organisation may erase it.
		row(records(Call::erase { record: 0, request: None }))
			.setup(guardians_document())
			.may(&[GUARDIAN, MINOR])
			.others("NotAllowedToErase"),
		// Erase a trial's protocol: no patient's record, nobody may.
		row(records(Call::erase { record: 0, request: None }))
			.setup(trial())
			.others("NotAPatientRecord"),
		// Erase by the consortium (a court order): root or a two-thirds council motion only.
		row(records(Call::erase_by_consortium { record: 0 }))
			.setup(physicians_report())
			.consortium(),
		// The consortium's erasure of a trial's protocol: no patient's record.
		row(records(Call::erase_by_consortium { record: 0 }))
			.setup(trial())
			.except_origin(Caller::Root, "NotAPatientRecord")
			.except_origin(Caller::Consortium, "NotAPatientRecord"),
		// Register a trial: the admin or an active researcher of an active research sponsor.
		row(register_trial()).may(&[SPONSOR_ADMIN, RESEARCHER]).others("NotAResearchSponsor"),
		// Enrol with the patient's research consent given for the protocol in force: an active
		// researcher of the sponsor only (the sponsor's admin is no practitioner consent can
		// cover).
		row(records(Call::enrol { trial: 0, patient: 0 }))
			.setup(vec![
				(RESEARCHER, register_trial()),
				(PATIENT_0, research_consent(hash(PROTOCOL))),
			])
			.may(&[RESEARCHER])
			.others("NotAResearchSponsor")
			.except(&[SPONSOR_ADMIN], "NotAResearcher"),
		// Enrol without the patient's research consent: denied even to the researcher.
		row(records(Call::enrol { trial: 0, patient: 0 }))
			.setup(trial())
			.others("NotAResearchSponsor")
			.except(&[SPONSOR_ADMIN], "NotAResearcher")
			.except(&[RESEARCHER], "EnrolmentDenied"),
		// Enrol after the protocol was amended, with consent to the first version only: the
		// grant's source document is no longer the protocol in force, so denied.
		row(records(Call::enrol { trial: 0, patient: 0 }))
			.setup(vec![
				(RESEARCHER, register_trial()),
				(PATIENT_0, research_consent(hash(PROTOCOL))),
				(
					RESEARCHER,
					records(Call::amend {
						record: 0,
						content_hash: hash(AMENDED_PROTOCOL),
						pointer: pointer(b"enc:v2:protocol"),
					}),
				),
			])
			.others("NotAResearchSponsor")
			.except(&[SPONSOR_ADMIN], "NotAResearcher")
			.except(&[RESEARCHER], "EnrolmentDenied"),
		// Anchor a trial's results against its protocol: the sponsor (admin or researcher).
		row(records(Call::anchor_trial_results {
			trial: 0,
			protocol: 0,
			content_hash: hash(5),
			pointer: pointer(b"enc:v1:results"),
		}))
		.setup(trial())
		.may(&[SPONSOR_ADMIN, RESEARCHER])
		.others("NotAResearchSponsor"),
	]
}
