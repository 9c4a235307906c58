//! Consent end to end on the development chain's demo data: a patient grants a hospital access
//! with a real transaction, and an EHR gateway asks the node over JSON-RPC (`state_call` of the `ConsentApi` runtime API) whether
//! the hospital's physician may read the patient's lab results.

use super::{common::DevNode, free_balance};
use caduceus_primitives::{
	AccessDenial, AccessGround, Action, Actions, DataCategories, DataCategory, Purpose, Purposes,
	DAY_MS,
};
use caduceus_runtime::RuntimeCall;
use codec::{Decode, Encode};
use serde_json::json;
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use subxt::{dynamic, OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::Keypair;

/// A call's arguments, SCALE-encoded with the runtime's own types, handed to subxt as they are.
struct EncodedArguments(Vec<u8>);

impl scale_encode::EncodeAsFields for EncodedArguments {
	fn encode_as_fields_to<R: scale_encode::TypeResolver>(
		&self,
		_: &mut dyn scale_encode::FieldIter<'_, R::TypeId>,
		_: &R,
		out: &mut Vec<u8>,
	) -> Result<(), scale_encode::Error> {
		out.extend_from_slice(&self.0);
		Ok(())
	}
}

/// Signs `call` as `signer`, submits it and waits until it is finalized and succeeded.
async fn submit(api: &OnlineClient<PolkadotConfig>, call: RuntimeCall, signer: &Keypair) {
	let encoded = call.encode();
	// A runtime call is encoded as pallet index, call index, then the arguments.
	let at = api.at_current_block().await.unwrap();
	let metadata = at.metadata();
	let pallet = metadata.pallet_by_call_index(encoded[0]).expect("a pallet of the runtime");
	let call_name = pallet.call_variant_by_index(encoded[1]).expect("a call").name.clone();
	let payload = dynamic::tx(pallet.name(), &call_name, EncodedArguments(encoded[2..].to_vec()));
	at.transactions()
		.sign_and_submit_then_watch_default(&payload, signer)
		.await
		.unwrap_or_else(|e| panic!("{call_name} is accepted by the pool: {e}"))
		.wait_for_finalized_success()
		.await
		.unwrap_or_else(|e| panic!("{call_name} succeeds: {e}"));
}

/// Calls runtime API `function` with SCALE-encoded `arguments` over JSON-RPC, as any client can.
fn state_call<T: Decode>(node: &DevNode, function: &str, arguments: impl Encode) -> T {
	let hex_arguments = format!("0x{}", hex::encode(arguments.encode()));
	let answer = node.rpc("state_call", json!([function, hex_arguments]));
	let bytes = hex::decode(answer.as_str().expect("hex").trim_start_matches("0x")).unwrap();
	T::decode(&mut &bytes[..]).expect("the answer decodes")
}

/// Block time of the current block.
async fn now(api: &OnlineClient<PolkadotConfig>) -> u64 {
	let at = api.at_current_block().await.unwrap();
	let address = dynamic::storage::<(), u64>("Timestamp", "Now");
	at.storage().fetch(address, ()).await.unwrap().decode().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_patient_grants_a_hospital_for_free_and_the_gateway_checks_over_json_rpc() {
	let dir = tempfile::tempdir().unwrap();
	let node = DevNode::start(&dir.path().join("dev"));
	node.wait_for_finalized(1);
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url())
		.await
		.expect("subxt connects");
	let charlie = Sr25519Keyring::Charlie.to_account_id();
	let may_charlie_read = |patient: u64| -> Result<AccessGround, AccessDenial> {
		let question =
			(patient, charlie.clone(), DataCategory::LabResults, Purpose::Treatment, Action::Read);
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
			categories: DataCategories::of(&[DataCategory::LabResults]),
			purposes: Purposes::of(&[Purpose::Treatment]),
			actions: Actions::of(&[Action::Read]),
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
		DataCategory::LabResults,
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
