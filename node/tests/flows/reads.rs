//! What a dApp reads without a transaction, over JSON-RPC, on the development chain's demo data:
//! the view functions of the identity, consent, records, supply-chain and claims pallets, called
//! with `state_call` of `RuntimeViewFunction_execute_view_function` exactly as
//! `docs/dapp-guide.md` shows them (the test checks the guide's payloads, so the guide cannot
//! drift from the chain).

use super::common::{
	chain::{dev_chain, state_call, submit},
	DevNode,
};
use caduceus_primitives::{
	category_slots::slot_of, paging::Order, DataCategory, OrgKind, OrgStatus, QueryError,
};
use caduceus_runtime::{genesis_config_presets::DEMO_CATEGORY_KEYS, Runtime, RuntimeCall};
use codec::{Decode, Encode};
use frame_support::view_functions::{ViewFunction, ViewFunctionDispatchError};
use pallet_claims::ClaimParty;
use pallet_consent::Party;
use pallet_records::Scope;
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use subxt_signer::sr25519::dev;

/// What `state_call` sends for view function `V` with `arguments`: its identifier, then the
/// SCALE-encoded arguments as bytes.
fn payload<V: ViewFunction>(arguments: impl Encode) -> String {
	format!("0x{}", hex::encode((V::id(), arguments.encode()).encode()))
}

/// Calls view function `V` with `arguments` over JSON-RPC, checks that `docs/dapp-guide.md`
/// shows this call's payload if `documented`, and decodes the answer.
fn read<V: ViewFunction<ReturnType = R>, R: Decode>(
	node: &DevNode,
	arguments: impl Encode + Clone,
	documented: bool,
) -> R {
	if documented {
		let guide = include_str!("../../../docs/dapp-guide.md");
		let shown = payload::<V>(arguments.clone());
		assert!(guide.contains(&shown), "docs/dapp-guide.md does not show the payload {shown}");
	}
	let answer: Result<Vec<u8>, ViewFunctionDispatchError> = state_call(
		node,
		"RuntimeViewFunction_execute_view_function",
		(V::id(), arguments.encode()),
	);
	let bytes = answer.expect("the view function exists and its arguments decode");
	R::decode(&mut &bytes[..]).expect("the answer decodes")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dapp_reads_organisations_patients_consents_records_shipments_and_claims() {
	use pallet_claims::{ClaimsOfViewFunction, PaymentQueueViewFunction};
	use pallet_consent::{
		ConsentHistoryEndsViewFunction, GrantorsOfViewFunction, SignedConsentNonceViewFunction,
	};
	use pallet_health_identity::{
		OrganisationViewFunction, OrganisationsViewFunction, PatientViewFunction,
	};
	use pallet_records::RecordsOfViewFunction;
	use pallet_supply_chain::{LotKey, Reach, RecallReachViewFunction, ShipmentsToViewFunction};
	let dir = tempfile::tempdir().unwrap();
	let (node, api) = dev_chain(dir.path()).await;

	// The directory: St. Luke's Hospital is organisation 0; four organisations, newest first.
	let hospital = read::<OrganisationViewFunction<Runtime>, _>(&node, 0u32, true)
		.expect("organisation 0 is registered");
	assert_eq!(hospital.name.to_vec(), b"St. Luke's Hospital".to_vec());
	assert_eq!((hospital.kind, hospital.status), (OrgKind::Hospital, OrgStatus::Active));
	assert_eq!(hospital.practitioners, 3, "Charlie, Ferdie and Alice//stash");
	let directory = read::<OrganisationsViewFunction<Runtime>, _>(
		&node,
		(None::<u32>, 10u32, Order::NewestFirst),
		true,
	)
	.expect("a page size within bounds");
	let ids: Vec<u32> = directory.iter().map(|(id, _)| *id).collect();
	assert_eq!(ids, [3, 2, 1, 0]);

	// Dave is patient 0: his profile, his wallet's next signed-consent nonce, his history.
	let dave = read::<PatientViewFunction<Runtime>, _>(&node, 0u64, true).expect("patient 0");
	assert_eq!(dave.profile.account, Sr25519Keyring::Dave.to_account_id());
	assert_eq!(dave.moving_to, None);
	let nonce = read::<SignedConsentNonceViewFunction<Runtime>, _>(&node, 0u64, true);
	assert_eq!(nonce, Ok(0));
	let ends = read::<ConsentHistoryEndsViewFunction<Runtime>, _>(&node, 0u64, false).unwrap();
	assert!(ends.next >= 2 && ends.oldest == 0, "his two demo grants: {ends:?}");
	let unknown = read::<ConsentHistoryEndsViewFunction<Runtime>, _>(&node, 9u64, false);
	assert_eq!(unknown, Err(QueryError::UnknownPatient));

	// The hospital lists the patients who granted it something: Dave.
	let grantors = read::<GrantorsOfViewFunction<Runtime>, _>(
		&node,
		(Party::<caduceus_runtime::AccountId>::Organisation(0), None::<u64>, 10u32),
		true,
	);
	assert_eq!(grantors, Ok(vec![0]));

	// Charlie, the hospital's physician, anchors a lab report of Dave's; Dave's wallet lists it.
	let anchor = pallet_records::Call::anchor {
		document: pallet_records::NewRecord {
			patient: 0,
			content_hash: H256::repeat_byte(0x6b),
			pointer: b"enc:v1:s3://st-lukes/9c21".to_vec().try_into().unwrap(),
			category: slot_of(&DEMO_CATEGORY_KEYS[0], DataCategory::LabResults),
		},
	};
	submit(&api, RuntimeCall::Records(anchor), &dev::charlie()).await;
	let records = read::<RecordsOfViewFunction<Runtime>, _>(
		&node,
		(Scope::Patient(0), None::<u64>, 10u32),
		true,
	)
	.expect("patient 0 exists");
	assert_eq!(records.len(), 1);
	assert_eq!(records[0].record.author, Sr25519Keyring::Charlie.to_account_id());
	assert_eq!(records[0].record.content_hash, H256::repeat_byte(0x6b));

	// Nothing is on its way to the distributor, no claim names Dave, the queue is empty.
	let incoming =
		read::<ShipmentsToViewFunction<Runtime>, _>(&node, (3u32, None::<u64>, 10u32), true);
	assert_eq!(incoming.map(|page| page.len()), Ok(0));

	// Acme (organisation 2, admin Dave//stash) commissions three units of lot A2611: the reach
	// of its recall is Acme, holding three.
	let acme = subxt_signer::sr25519::Keypair::from_uri(
		&"//Dave//stash".parse::<subxt_signer::SecretUri>().unwrap(),
	)
	.unwrap();
	let gtin = *b"00300123456785";
	let register = pallet_supply_chain::Call::register_product { gtin };
	submit(&api, RuntimeCall::SupplyChain(register), &acme).await;
	let lot = LotKey { gtin, lot: b"A2611".to_vec().try_into().unwrap() };
	let serials = ["SN1", "SN2", "SN3"].map(|s| s.as_bytes().to_vec().try_into().unwrap());
	let commission = pallet_supply_chain::Call::commission {
		gtin,
		lot: lot.lot.clone(),
		expiry: 1_830_297_599_999,
		serials: serials.to_vec().try_into().unwrap(),
	};
	submit(&api, RuntimeCall::SupplyChain(commission), &acme).await;
	let reach =
		read::<RecallReachViewFunction<Runtime>, _>(&node, (lot.clone(), None::<u32>, 10u32), true);
	assert_eq!(reach, Ok(vec![(2, Reach { held: 3, on_the_way: 0, dispensed: 0 })]));
	let unknown = LotKey { gtin, lot: b"Z9".to_vec().try_into().unwrap() };
	let unknown =
		read::<RecallReachViewFunction<Runtime>, _>(&node, (unknown, None::<u32>, 10u32), false);
	assert_eq!(unknown, Err(QueryError::UnknownLot));
	let claims = read::<ClaimsOfViewFunction<Runtime>, _>(
		&node,
		(ClaimParty::Patient(0), None::<u64>, 10u32),
		true,
	);
	assert_eq!(claims.map(|page| page.len()), Ok(0));
	let queue =
		read::<PaymentQueueViewFunction<Runtime>, _>(&node, (0u32, None::<u64>, 10u32), false);
	assert_eq!(queue, Ok(vec![]));
	let refused = read::<ClaimsOfViewFunction<Runtime>, _>(
		&node,
		(ClaimParty::Insurer(99), None::<u64>, 10u32),
		false,
	);
	assert_eq!(refused.map(|page| page.len()), Err(QueryError::UnknownOrganisation));
	assert!(node.stop().success());
}
