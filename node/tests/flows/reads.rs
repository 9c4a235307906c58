//! What a dApp reads without a transaction, over JSON-RPC, on the development chain's demo data:
//! the view functions of the identity, consent, records, supply-chain and claims pallets, called
//! with `state_call` of `RuntimeViewFunction_execute_view_function`, and the runtime APIs, called
//! by name, exactly as `docs/dapp-guide.md` shows them (the test checks the guide's payloads, so
//! the guide cannot drift from the chain).

use super::common::{
	chain::{dev_chain, state_call, submit},
	DevNode,
};
use caduceus_primitives::{
	category_slots::slot_of, paging::Order, AccessDenial, AccessGround, Action, DataCategory,
	OrgKind, OrgStatus, Purpose, QueryError,
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

/// Calls runtime API `method` with `arguments` over JSON-RPC, checks that `docs/dapp-guide.md`
/// shows the call as `state_call`'s parameters (`"method","0x…"`), and decodes the answer.
fn call_api<R: Decode>(node: &DevNode, method: &str, arguments: impl Encode) -> R {
	let guide = include_str!("../../../docs/dapp-guide.md");
	let shown = format!("\"{method}\",\"0x{}\"", hex::encode(arguments.encode()));
	assert!(guide.contains(&shown), "docs/dapp-guide.md does not show the call {shown}");
	state_call(node, method, arguments)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dapp_reads_organisations_patients_consents_records_shipments_and_claims() {
	use caduceus_primitives::{retained_log::LogEnds, Role, Standing};
	use pallet_claims::{ClaimsOfViewFunction, PaymentQueueViewFunction};
	use pallet_consent::{
		ConsentHistoryEndsViewFunction, GrantorsOfViewFunction, SignedConsentNonceViewFunction,
	};
	use pallet_health_identity::{
		GuardiansOfViewFunction, OrganisationViewFunction, OrganisationsViewFunction,
		ParticipantViewFunction, PatientViewFunction, PractitionersOfViewFunction,
		WardsOfViewFunction,
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

	// Who Charlie is: St. Luke's physician, in good standing; St. Luke's three practitioners.
	let charlie = Sr25519Keyring::Charlie.to_account_id();
	let who = read::<ParticipantViewFunction<Runtime>, _>(&node, charlie.clone(), true);
	let (attestation, standing) = who.practitioner.expect("Charlie is a practitioner");
	assert_eq!((attestation.organisation, attestation.role), (0, Role::Physician));
	assert_eq!((standing, who.administers, who.patient), (Standing::Active, None, None));
	let staff = read::<PractitionersOfViewFunction<Runtime>, _>(
		&node,
		(0u32, None::<caduceus_runtime::AccountId>, 10u32),
		true,
	)
	.expect("organisation 0 exists");
	assert_eq!(staff.len(), 3, "Charlie, Ferdie and Alice//stash");
	assert!(staff.iter().any(|(account, a)| *account == charlie && a.role == Role::Physician));
	// Nobody guards anyone on the demo chain yet.
	let dave_account = Sr25519Keyring::Dave.to_account_id();
	assert_eq!(
		read::<WardsOfViewFunction<Runtime>, _>(&node, dave_account, true),
		Vec::<u64>::new()
	);
	let guardians = read::<GuardiansOfViewFunction<Runtime>, _>(&node, 0u64, true);
	assert!(guardians.expect("patient 0 exists").is_empty());

	// Dave is patient 0: his profile, his wallet's next signed-consent nonce, his history.
	let dave = read::<PatientViewFunction<Runtime>, _>(&node, 0u64, true).expect("patient 0");
	assert_eq!(dave.profile.account, Sr25519Keyring::Dave.to_account_id());
	assert_eq!(dave.moving_to, None);
	let nonce = read::<SignedConsentNonceViewFunction<Runtime>, _>(&node, 0u64, true);
	assert_eq!(nonce, Ok(0));
	let ends = read::<ConsentHistoryEndsViewFunction<Runtime>, _>(&node, 0u64, true);
	assert_eq!(ends, Ok(LogEnds { oldest: 0, next: 2 }), "his two demo grants");
	// His grants with where each stands, and his consent history, through the runtime API.
	let grants: Result<Vec<pallet_consent::ConsentViewOf<Runtime>>, QueryError> =
		call_api(&node, "ConsentApi_consents_of", (0u64, None::<u64>, 10u32));
	let grants = grants.expect("patient 0 exists");
	let ids: Vec<u64> = grants.iter().map(|g| g.grant.id).collect();
	assert_eq!(ids, [1, 0], "newest first");
	assert!(grants.iter().all(|g| g.status == pallet_consent::ConsentStatus::Active));
	assert_eq!(grants[0].grantee, Party::Organisation(1));
	let history: Result<Vec<pallet_consent::HistoryEntryOf<Runtime>>, QueryError> =
		call_api(&node, "ConsentApi_consent_history", (0u64, 0u64, 10u32));
	let sequence: Vec<u64> = history.expect("patient 0").iter().map(|e| e.sequence).collect();
	assert_eq!(sequence, [0, 1]);
	let unknown = read::<ConsentHistoryEndsViewFunction<Runtime>, _>(&node, 9u64, false);
	assert_eq!(unknown, Err(QueryError::UnknownPatient));

	// The hospital lists the patients who granted it something: Dave.
	let grantors = read::<GrantorsOfViewFunction<Runtime>, _>(
		&node,
		(Party::<caduceus_runtime::AccountId>::Organisation(0), None::<u64>, 10u32),
		true,
	);
	assert_eq!(grantors, Ok(vec![0]));
	// The gateway's question: may Charlie read Dave's lab results (slot 18 under Dave's demo key)
	// for treatment now? Yes, on consent 0. No emergency access was ever declared.
	let lab_results = slot_of(&DEMO_CATEGORY_KEYS[0], DataCategory::LabResults);
	let question = (0u64, charlie.clone(), lab_results, Purpose::Treatment, Action::Read);
	let access: Result<AccessGround, AccessDenial> =
		call_api(&node, "ConsentApi_check_access", question);
	assert_eq!(access, Ok(AccessGround::Consent(0)));
	let emergency: Option<pallet_consent::EmergencyAccess<caduceus_runtime::AccountId>> =
		call_api(&node, "ConsentApi_emergency_access", 0u64);
	assert!(emergency.is_none());

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
	// The first record on the chain is record 0; the anchor is the first entry of Dave's trail.
	let record: Option<pallet_records::RecordViewOf<Runtime>> =
		call_api(&node, "RecordsApi_record", 0u64);
	assert_eq!(record.map(|r| (r.id, r.record.author)), Some((0, charlie.clone())));
	let trail_ends: LogEnds = call_api(&node, "RecordsApi_audit_trail_ends", 0u64);
	assert_eq!(trail_ends, LogEnds { oldest: 0, next: 1 });
	let trail: Result<Vec<pallet_records::AuditEntryOf<Runtime>>, QueryError> =
		call_api(&node, "RecordsApi_audit_trail", (0u64, 0u64, 10u32));
	let trail = trail.expect("patient 0");
	assert_eq!(trail.iter().map(|e| (e.sequence, &e.actor)).collect::<Vec<_>>(), [(0, &charlie)]);
	type ActorPage = (LogEnds, Vec<pallet_records::IndexedEntryOf<Runtime>>);
	let by_charlie: Result<ActorPage, QueryError> =
		call_api(&node, "RecordsApi_audit_by_actor", (charlie.clone(), 0u64, 10u32));
	let (ends, entries) = by_charlie.expect("any account has an index");
	assert_eq!((ends, entries.len()), (LogEnds { oldest: 0, next: 1 }, 1));
	let by_hospital: Result<ActorPage, QueryError> =
		call_api(&node, "RecordsApi_audit_by_organisation", (0u32, 0u64, 10u32));
	let (ends, entries) = by_hospital.expect("organisation 0 exists");
	assert_eq!((ends, entries.len()), (LogEnds { oldest: 0, next: 1 }, 1));
	let versions: Vec<pallet_records::RecordViewOf<Runtime>> =
		call_api(&node, "RecordsApi_versions", 0u64);
	assert_eq!(versions.iter().map(|v| v.id).collect::<Vec<_>>(), [0], "not amended");
	let anchored: pallet_records::DocumentPageOf<Runtime> =
		call_api(&node, "RecordsApi_verify_document", (H256::repeat_byte(0x6b), None::<Scope>));
	assert_eq!(anchored.anchors.len(), 1);
	assert_eq!(anchored.next, None);
	// Dave's wallet has signed no erasure request; no trial is registered, so nobody is enrolled.
	let erasure_nonce: u32 = call_api(&node, "RecordsApi_erasure_request_nonce", 0u64);
	assert_eq!(erasure_nonce, 0);
	let trial: Option<pallet_records::Trial> = call_api(&node, "RecordsApi_trial", 0u32);
	assert!(trial.is_none());
	let enrolment: Option<pallet_records::Enrolment<caduceus_runtime::AccountId>> =
		call_api(&node, "RecordsApi_enrolment", (0u32, 0u64));
	assert!(enrolment.is_none());

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
	// A scanned unit verifies; its history is its commissioning by Acme; its lot has no history
	// of its own yet.
	let scanned = pallet_supply_chain::ProductIdentifier {
		gtin,
		serial: serials[0].clone(),
		lot: lot.lot.clone(),
		expiry: 1_830_297_599_999,
	};
	let report: Option<pallet_supply_chain::UnitReport> =
		call_api(&node, "SupplyChainApi_verify", scanned.clone());
	let report = report.expect("a commissioned unit");
	assert!(report.authentic);
	let held = (report.status, report.custodian, report.commissioned_by);
	assert_eq!(held, (caduceus_primitives::UnitStatus::Active, 2, 2));
	let unit: Vec<pallet_supply_chain::HistoryEntry> =
		call_api(&node, "SupplyChainApi_unit_history", (gtin, serials[0].clone()));
	assert_eq!(unit.iter().map(|e| e.by).collect::<Vec<_>>(), [2]);
	let lot_history: Vec<pallet_supply_chain::HistoryEntry> =
		call_api(&node, "SupplyChainApi_lot_history", lot.clone());
	assert!(lot_history.is_empty(), "a lot's own history is its quarantine and recall: none yet");
	// The product is Acme's; the lot's three units expire at the end of 2027; the distributor
	// would be told the unit is a saleable return; no container or shipment exists yet.
	let product: Option<pallet_supply_chain::ProductOf<Runtime>> =
		call_api(&node, "SupplyChainApi_product", gtin);
	assert_eq!(product.map(|p| (p.owner, p.offered_to)), Some((2, None)));
	let lot_info: Option<pallet_supply_chain::LotInfo> =
		call_api(&node, "SupplyChainApi_lot", lot.clone());
	let lot_info = lot_info.expect("a commissioned lot");
	let expected = (1_830_297_599_999, 3, None);
	assert_eq!((lot_info.expiry, lot_info.units, lot_info.recalled_at), expected);
	let returned: pallet_supply_chain::Verification =
		call_api(&node, "SupplyChainApi_verify_return", (scanned, 3u32));
	assert_eq!(returned, pallet_supply_chain::Verification::Verified);
	let sscc = *b"006141420000000011";
	let container: Option<pallet_supply_chain::ContainerOf<Runtime>> =
		call_api(&node, "SupplyChainApi_container", sscc);
	assert!(container.is_none());
	let packed: Vec<pallet_supply_chain::HistoryEntry> =
		call_api(&node, "SupplyChainApi_container_history", sscc);
	assert!(packed.is_empty());
	let shipment: Option<pallet_supply_chain::ShipmentOf<Runtime>> =
		call_api(&node, "SupplyChainApi_shipment", 0u64);
	assert!(shipment.is_none());
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
		read::<PaymentQueueViewFunction<Runtime>, _>(&node, (0u32, None::<u64>, 10u32), true);
	assert_eq!(queue, Ok(vec![]));
	let claim: Option<pallet_claims::ClaimOf<Runtime>> = call_api(&node, "ClaimsApi_claim", 0u64);
	assert!(claim.is_none(), "no claim filed yet");
	let refused = read::<ClaimsOfViewFunction<Runtime>, _>(
		&node,
		(ClaimParty::Insurer(99), None::<u64>, 10u32),
		false,
	);
	assert_eq!(refused.map(|page| page.len()), Err(QueryError::UnknownOrganisation));
	// No plan yet: an estimate names the refusal; plan 0, Dave's coverage and use of it, prior
	// authorisation 0 are none; organisation 0's pool is empty.
	type Estimate =
		Result<Vec<pallet_claims::LineResultOf<Runtime>>, pallet_claims::Error<Runtime>>;
	let no_lines = Vec::<pallet_claims::ClaimLineOf<Runtime>>::new();
	let estimate: Estimate = call_api(
		&node,
		"ClaimsApi_estimate",
		(charlie.clone(), 0u64, 0u32, 1_830_297_599_999u64, no_lines),
	);
	assert!(matches!(estimate, Err(pallet_claims::Error::UnknownPlan)));
	type PlanAnswer = Option<(
		pallet_claims::Plan<caduceus_runtime::AccountId>,
		pallet_claims::PlanTermsOf<Runtime>,
	)>;
	let plan: PlanAnswer = call_api(&node, "ClaimsApi_plan", (0u32, None::<u32>));
	assert!(plan.is_none());
	let coverage: Option<pallet_claims::Coverage> =
		call_api(&node, "ClaimsApi_coverage", (0u64, 0u32));
	assert!(coverage.is_none());
	let used: pallet_claims::AccumulatorOf<Runtime> =
		call_api(&node, "ClaimsApi_accumulator", (0u64, 0u32, 0u32));
	assert_eq!(used, Default::default());
	let authorisation: Option<pallet_claims::PriorAuthorisation> =
		call_api(&node, "ClaimsApi_prior_authorisation", 0u64);
	assert!(authorisation.is_none());
	let pool: caduceus_runtime::Balance = call_api(&node, "ClaimsApi_pool", 0u32);
	assert_eq!(pool, 0);
	// The validators: Alice, run for St. Luke's, in the current session; the network is open.
	let validators: Vec<pallet_validator_set::ValidatorView<caduceus_runtime::AccountId>> =
		call_api(&node, "ValidatorSetApi_validators", ());
	let alice = Sr25519Keyring::Alice.to_account_id();
	let seen: Vec<_> =
		validators.iter().map(|v| (&v.validator, v.organisation, v.in_current_session)).collect();
	assert_eq!(seen, [(&alice, 0, true)]);
	let allowed: Option<Vec<pallet_validator_set::PeerId>> =
		call_api(&node, "ValidatorSetApi_allowed_nodes", ());
	assert_eq!(allowed, None, "the development chain's network is open");
	assert!(node.stop().success());
}
