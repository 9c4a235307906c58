//! Consent end to end on the development chain's demo data: a patient grants a hospital access
//! with a real transaction, and an EHR gateway asks the node over JSON-RPC (`state_call` of the `ConsentApi` runtime API) whether
//! the hospital's physician may read the patient's lab results.

use super::{
	common::chain::{dev_chain, now, state_call, submit},
	free_balance,
};
use caduceus_primitives::{
	category_slots::{slot_of, slots_of},
	AccessDenial, AccessGround, Action, Actions, DataCategories, DataCategory, Purpose, Purposes,
	DAY_MS,
};
use caduceus_runtime::{genesis_config_presets::DEMO_CATEGORY_KEYS, RuntimeCall};
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use subxt_signer::sr25519::Keypair;

#[tokio::test(flavor = "multi_thread")]
async fn a_patient_grants_a_hospital_for_free_and_the_gateway_checks_over_json_rpc() {
	let dir = tempfile::tempdir().unwrap();
	let (node, api) = dev_chain(dir.path()).await;
	let charlie = Sr25519Keyring::Charlie.to_account_id();
	// Each patient's wallet, and those it gave its category key, name lab results by the
	// patient's own slot.
	let lab_results =
		|patient: u64| slot_of(&DEMO_CATEGORY_KEYS[patient as usize], DataCategory::LabResults);
	let may_charlie_read = |patient: u64| -> Result<AccessGround, AccessDenial> {
		let question =
			(patient, charlie.clone(), lab_results(patient), Purpose::Treatment, Action::Read);
		state_call(&node, "ConsentApi_check_access", question)
	};

	// The development chain's demo data: Charlie, a physician of St. Luke's Hospital
	// (organisation 0), may read Dave's (patient 0) lab results under Dave's demo consent 0;
	// Charlie//stash (patient 1) has granted nothing.
	assert_eq!(may_charlie_read(0), Ok(AccessGround::Consent(0)));
	assert_eq!(may_charlie_read(1), Err(AccessDenial::NoConsent));

	// Charlie//stash grants the hospital read access to lab results for treatment, for free.
	let uri: subxt_signer::SecretUri = "//Charlie//stash".parse().unwrap();
	let patient = Keypair::from_uri(&uri).unwrap();
	let patient_account = patient.public_key().to_account_id().0;
	let before = free_balance(&api, patient_account).await;
	let grant = pallet_consent::Call::grant {
		patient: 1,
		terms: pallet_consent::ConsentTerms {
			grantee: pallet_consent::Party::Organisation(0),
			categories: slots_of(
				&DEMO_CATEGORY_KEYS[1],
				DataCategories::of(&[DataCategory::LabResults]),
			),
			purposes: Purposes::of(&[Purpose::Treatment]),
			actions: Actions::of(&[Action::Read]),
			roles: Default::default(),
			valid_from: None,
			valid_until: now(&api).await + 30 * DAY_MS,
			exceptions: Default::default(),
			source_document: Some(H256::repeat_byte(9)),
		},
	};
	submit(&api, RuntimeCall::Consent(grant), &patient).await;
	assert_eq!(free_balance(&api, patient_account).await, before, "the patient paid nothing");
	assert_eq!(may_charlie_read(1), Ok(AccessGround::Consent(2)));

	let outsider = (
		1u64,
		Sr25519Keyring::Eve.to_account_id(),
		lab_results(1),
		Purpose::Treatment,
		Action::Read,
	);
	let outsider: Result<AccessGround, AccessDenial> =
		state_call(&node, "ConsentApi_check_access", outsider);
	assert_eq!(outsider, Err(AccessDenial::NoConsent), "the laboratory's admin is not covered");
	let history: Result<Vec<HistoryEntry>, pallet_consent::QueryError> =
		state_call(&node, "ConsentApi_consent_history", (1u64, 0u64, 10u32));
	let history = history.expect("patient 1 exists");
	assert_eq!(history.len(), 1, "the grant is on the patient's history");
	assert_eq!(history[0].actor, sp_core::crypto::AccountId32::from(patient_account));

	let status = node.stop();
	assert!(status.success(), "the node exits 0 on SIGINT, got {status}");
}

type HistoryEntry = pallet_consent::HistoryEntryOf<caduceus_runtime::Runtime>;
