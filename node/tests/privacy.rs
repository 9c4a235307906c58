//! The curious-operator privacy audit (`docs/privacy.md`, "The curious-operator test").
//!
//! Every consortium member's node holds all state, every block and every event. This test plays
//! such an operator: it runs the demo flows of every pallet on a real development node (with
//! realistic sensitive data, `privacy/flows.rs`), reads everything the node holds and decodes
//! it with the runtime's metadata (`privacy/operator.rs`), then checks the disclosure budget,
//! one test per row:
//!
//! 1. `no_data_category_next_to_a_patient`: no item (a storage entry's key and value, one
//!    extrinsic, one event record) holds a patient id and a data category;
//! 2. `no_billing_code_in_clear_or_unsalted`: no billing code of the demo, in clear or under an
//!    unsalted hash;
//! 3. `no_patient_next_to_a_drug_unit`: no item holds a patient id and a drug unit's identifier
//!    (a pharmacy claim line names its unit by a token under the plan's key, which must be there);
//! 4. `no_unsalted_hash_of_a_demo_document`: no unsalted hash of a demo document;
//! 5. `no_fhir_resource_type_of_a_patients_record`: no FHIR resource type of the demo's records
//!    (which kind of care the patient had), nor any value of a `ResourceType` type.
//!
//! `the_operator_reads_and_decodes_everything` checks the reader itself: it read the whole state
//! and every block, recognised what the flows wrote, and left no identifier undeclared. The
//! flows run and the view is collected once per test binary; each test reads the shared view.
//! With `CADUCEUS_SNAPSHOT_DIR` set (`scripts/snapshot.sh`), the demo chain's final state is also
//! exported there for the runtime's upgrade check (`privacy/snapshot.rs`).
//!
//! How patient ids are recognised: `PatientId` is an alias of `u64`, so it has no type path of
//! its own in the metadata. A node is a patient id when it is a `u64` and either the field
//! holding it is named `patient` or `patient_id`, or the source declared it as `PatientId`.
//! Declarations come from scale-info's `type_name` of call arguments, event fields and struct
//! and enum fields (followed through generic arguments, tuples and collections:
//! `Option<PatientId>`, `BoundedVec<PatientId, _>`); storage keys and values carry none in the
//! metadata, so [`DECLARED`] states them as the pallets declare them, and the reader checks that
//! every storage entry with a `u64` that nothing declares is in that table.

mod common;
#[path = "privacy/flows.rs"]
mod flows;
#[path = "privacy/operator.rs"]
mod operator;
#[path = "privacy/snapshot.rs"]
mod snapshot;

use caduceus_primitives::{
	category_slots::category_in,
	salted::{demographic_commitment, document_hash},
	CategorySlot, DataCategory, Flag, FlagSet,
};
use codec::{Compact, Encode};
use common::{free_port, DevNode};
use flows::Secrets;
use operator::{byte_strings, bytes_of, contains, show_bytes, Item, Node, OperatorView, Source};
use sp_io::hashing::{blake2_128, blake2_256, keccak_256, sha2_256, twox_128};
use std::{
	collections::BTreeSet,
	sync::OnceLock,
	time::{Duration, Instant},
};
use subxt::ext::scale_value::ValueDef;

/// The key types (one per key part) and the value type of storage entries, as the pallets'
/// source declares them, for every entry whose metadata types leave a `u64` undeclared.
const DECLARED: &[(&str, &str, &[&str], Option<&str>)] = &[
	// Identity.
	("HealthIdentity", "NextPatientId", &[], Some("PatientId")),
	("HealthIdentity", "Patients", &["PatientId"], None),
	("HealthIdentity", "PatientByAccount", &["T::AccountId"], Some("PatientId")),
	(
		"HealthIdentity",
		"Wards",
		&["T::AccountId"],
		Some("BoundedVec<PatientId, T::MaxWardsPerGuardian>"),
	),
	("HealthIdentity", "PendingMoves", &["PatientId"], None),
	("HealthIdentity", "PatientAllowance", &["PatientId"], None),
	("HealthIdentity", "RegistrationDeposits", &["PatientId"], None),
	// Consent.
	("Consent", "NextConsentId", &[], Some("ConsentId")),
	("Consent", "Consents", &["PatientId", "Party<T::AccountId>"], None),
	("Consent", "RevokedAt", &["ConsentId"], Some("Moment")),
	("Consent", "ConsentIndex", &["PatientId", "ConsentId"], None),
	("Consent", "Grantors", &["Party<T::AccountId>", "PatientId"], None),
	("Consent", "BlockList", &["PatientId"], None),
	("Consent", "PatientCounters", &["PatientId"], None),
	("Consent", "NextEmergencyAccessId", &[], Some("EmergencyAccessId")),
	("Consent", "EmergencyAccesses", &["EmergencyAccessId"], None),
	(
		"Consent",
		"ActiveEmergency",
		&["PatientId", "T::AccountId"],
		Some("(EmergencyAccessId, Moment)"),
	),
	("Consent", "History", &["PatientId", "u32"], None),
	// Records.
	("Records", "NextRecordId", &[], Some("RecordId")),
	("Records", "Anchors", &["RecordId"], None),
	("Records", "Pointers", &["RecordId"], None),
	("Records", "HashAnchors", &["ContentHash", "Scope"], Some("RecordId")),
	("Records", "ErasureNonce", &["PatientId"], None),
	("Records", "AuditTrail", &["PatientId", "u64"], None),
	("Records", "AuditEnds", &["PatientId"], None),
	("Records", "ActorTrail", &["T::AccountId", "u64"], None),
	("Records", "OrganisationTrail", &["OrgId", "u64"], None),
	("Records", "AccessTallies", &["PatientId", "T::AccountId"], None),
	("Records", "Enrolments", &["TrialId", "PatientId"], None),
	// Supply chain.
	("SupplyChain", "NextShipmentId", &[], Some("ShipmentId")),
	("SupplyChain", "Shipments", &["ShipmentId"], None),
	("SupplyChain", "HistoryLength", &["Item"], Some("u64")),
	("SupplyChain", "LotHistoryLength", &["LotKey"], Some("u64")),
	("SupplyChain", "Dispensings", &["OrgId"], Some("u64")),
	// Claims.
	("Claims", "NextClaimId", &[], Some("ClaimId")),
	("Claims", "NextPriorAuthId", &[], Some("PriorAuthId")),
	("Claims", "Coverages", &["PatientId", "PlanId"], None),
	("Claims", "Accumulators", &["(PatientId, PlanId)", "PlanYear"], None),
	("Claims", "UnitsUsed", &["((PatientId, PlanId), PlanYear)", "ServiceCode"], Some("u32")),
	("Claims", "UnitsClaimed", &["UnitToken"], Some("ClaimId")),
	("Claims", "UnitsBilled", &["OrgId"], Some("u64")),
	("Claims", "Filed", &["ClaimId"], None),
	(
		"Claims",
		"ServicesClaimed",
		&["(PatientId, OrgId, u32)", "ServiceCode"],
		Some("(ClaimId, u32, BalanceOf<T>)"),
	),
	("Claims", "PriorAuthorisations", &["PriorAuthId"], None),
	("Claims", "Queue", &["ClaimId"], None),
	// FRAME.
	("Timestamp", "Now", &[], Some("T::Moment")),
	("Grandpa", "CurrentSetId", &[], Some("SetId")),
	("Grandpa", "SetIdSession", &["SetId"], Some("SessionIndex")),
];

fn declarations(pallet: &str, entry: &str) -> Option<(Vec<String>, Option<String>)> {
	DECLARED.iter().find(|(p, e, _, _)| *p == pallet && *e == entry).map(|(_, _, keys, value)| {
		(keys.iter().map(|k| k.to_string()).collect(), value.map(str::to_string))
	})
}

/// What the audit works on: the operator's view and what the flows used.
struct Audit {
	view: OperatorView,
	secrets: Secrets,
	flows_took: Duration,
	reading_took: Duration,
}

static AUDIT: OnceLock<Result<Audit, String>> = OnceLock::new();

/// The shared audit: the flows run and the view is read once per test binary.
fn audit() -> &'static Audit {
	let audit = AUDIT.get_or_init(|| {
		std::panic::catch_unwind(collect).map_err(|panic| {
			panic
				.downcast_ref::<String>()
				.cloned()
				.or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
				.unwrap_or_else(|| "a panic".into())
		})
	});
	match audit {
		Ok(audit) => audit,
		Err(why) => panic!("the flows or the operator's reading failed: {why}"),
	}
}

fn collect() -> Audit {
	let dir = tempfile::tempdir().unwrap();
	// An operator keeps every block and every state.
	let args =
		["--dev", "--state-pruning", "archive", "--blocks-pruning", "archive"].map(String::from);
	let node = DevNode::spawn(&dir.path().join("dev"), &args, free_port(), free_port());
	node.wait_for_finalized(1);

	let started = Instant::now();
	let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
	let secrets = runtime.block_on(async {
		let api = subxt::OnlineClient::<subxt::PolkadotConfig>::from_insecure_url(node.ws_url())
			.await
			.expect("subxt connects");
		flows::run(&api).await
	});
	drop(runtime);
	let flows_took = started.elapsed();

	let started = Instant::now();
	let mut view = OperatorView::collect(&node);
	view.declare(declarations);
	let reading_took = started.elapsed();
	let spec_version = node.rpc("state_getRuntimeVersion", serde_json::json!([]))["specVersion"]
		.as_u64()
		.expect("a spec version");
	let status = node.stop();
	assert!(status.success(), "the node exits 0 on SIGINT, got {status}");
	if let Some(folder) = std::env::var_os("CADUCEUS_SNAPSHOT_DIR") {
		let out = std::path::Path::new(&folder).join(format!("demo-spec-{spec_version}.json"));
		let head = (view.head.0, view.head.1.as_str());
		snapshot::export(&dir.path().join("dev"), head, spec_version, &out);
	}

	let c = &view.counts;
	println!(
		"\n== The operator's view at #{} ({}): {} storage keys in {} pages ({} well-known, {} \
		 storage entries, {} bytes), {} opaque key parts; {} blocks, {} extrinsics ({} signed), {} \
		 event records; {} items in all. Flows {:.0?} ({} transactions), reading and decoding \
		 {:.1?}.",
		view.head.0,
		view.head.1,
		c.keys,
		c.key_pages,
		c.well_known_keys,
		c.storage_entries_present,
		c.state_bytes,
		c.opaque_key_parts,
		c.blocks,
		c.extrinsics,
		c.signed_extrinsics,
		c.events,
		view.items.len(),
		flows_took,
		secrets.transactions,
		reading_took,
	);
	println!("== Secrets: {}\n", secrets.summary());
	Audit { view, secrets, flows_took, reading_took }
}

// ---------------------------------------------------------------------------------------------
// What the audit recognises.
// ---------------------------------------------------------------------------------------------

/// Where a node is and its type: `value.subject.Patient.patient (PatientId)`.
fn place(node: &Node) -> String {
	let what = node.declared.clone().unwrap_or_else(|| node.type_name.to_string());
	format!("{}{} ({what})", node.part, node.trail)
}

/// The patient ids an item holds: `u64`s in a field named `patient`/`patient_id` or declared
/// `PatientId`.
fn patients(view: &OperatorView, nodes: &[Node]) -> Vec<(u64, String)> {
	nodes
		.iter()
		.filter(|n| view.is_uint(n.value.context, 64))
		.filter(|n| {
			n.declared_ident().as_deref() == Some("PatientId")
				|| matches!(n.field, Some("patient" | "patient_id"))
		})
		.filter_map(|n| n.as_u128().map(|id| (id as u64, place(n))))
		.collect()
}

/// Every item that names a patient, with its nodes and the patients it names.
fn naming_patients(
	view: &OperatorView,
) -> impl Iterator<Item = (&Item, Vec<Node<'_>>, Vec<(u64, String)>)> {
	view.items.iter().filter_map(move |item| {
		let nodes = view.nodes(item);
		let patients = patients(view, &nodes);
		(!patients.is_empty()).then_some((item, nodes, patients))
	})
}

fn category_named(name: &str) -> DataCategory {
	*DataCategory::ALL
		.iter()
		.find(|c| format!("{c:?}") == name)
		.unwrap_or_else(|| panic!("{name} is a DataCategory"))
}

fn first_u32(view: &OperatorView, nodes: &[Node], from: usize) -> Option<u32> {
	nodes[from..]
		.iter()
		.find(|n| view.is_uint(n.value.context, 32))
		.and_then(|n| n.as_u128())
		.map(|b| b as u32)
}

/// The data categories an item holds: `DataCategory` values, `DataCategories` sets, and
/// `FlagSet`s declared over `DataCategory`.
fn categories(view: &OperatorView, nodes: &[Node]) -> Vec<(Vec<DataCategory>, String)> {
	let mut found = Vec::new();
	for (i, node) in nodes.iter().enumerate() {
		if node.path.ends_with("::DataCategory") {
			if let ValueDef::Variant(variant) = &node.value.value {
				found.push((vec![category_named(&variant.name)], place(node)));
			}
		} else if node.path.ends_with("::DataCategories")
			|| (node.path.ends_with("::FlagSet")
				&& node.declared.as_deref().is_some_and(|d| d.contains("DataCategory"))
				&& !(i > 0 && nodes[i - 1].path.ends_with("::DataCategories")))
		{
			let bits = first_u32(view, nodes, i).expect("a category set has its bits");
			let set = FlagSet::<DataCategory>::from_bits(bits).expect("known categories");
			// An empty set (a grant's exceptions) names no category.
			if !set.is_empty() {
				found.push((set.iter().collect(), place(node)));
			}
		} else if node.path.ends_with("::FlagSet")
			&& node.declared.as_deref().is_some_and(|d| d.contains("CategorySlots"))
		{
			// Slots 0 to 15 are the categories' own indexes, readable without any key.
			let bits = first_u32(view, nodes, i).expect("a slot set has its bits");
			let unkeyed = FlagSet::<DataCategory>::from_bits(bits & 0xffff).expect("16 categories");
			if !unkeyed.is_empty() {
				found.push((unkeyed.iter().collect(), format!("{} (unkeyed slots)", place(node))));
			}
		} else if let Some(slot) = slots(std::slice::from_ref(node)).first() {
			let index = CategorySlot::ALL.iter().position(|s| s == slot).expect("a slot");
			if let Some(category) = DataCategory::ALL.get(index) {
				found.push((vec![*category], format!("{} (an unkeyed slot)", place(node))));
			}
		}
	}
	found
}

/// The category slots an item holds (`CategorySlot` values).
fn slots(nodes: &[Node]) -> Vec<CategorySlot> {
	nodes
		.iter()
		.filter(|node| node.path.ends_with("::CategorySlot"))
		.filter_map(|node| match &node.value.value {
			ValueDef::Variant(variant) => {
				CategorySlot::ALL.iter().find(|s| format!("{s:?}") == variant.name).copied()
			},
			_ => None,
		})
		.collect()
}

fn show_categories(categories: &[DataCategory]) -> String {
	let names: Vec<String> = categories
		.iter()
		.map(|c| if c.is_sensitive() { format!("{c:?} (SENSITIVE)") } else { format!("{c:?}") })
		.collect();
	format!("{{{}}}", names.join(", "))
}

fn show_patients(patients: &[(u64, String)]) -> String {
	patients.iter().map(|(id, at)| format!("patient {id} at {at}")).collect::<Vec<_>>().join("; ")
}

/// The nodes naming a drug unit: unit keys, product identifiers, serials.
fn drug_units<'a>(nodes: &'a [Node<'a>]) -> Vec<&'a Node<'a>> {
	nodes
		.iter()
		.filter(|n| {
			n.path.ends_with("::UnitKey")
				|| n.path.ends_with("::ProductIdentifier")
				|| n.declared_ident().as_deref() == Some("Serial")
				|| n.field == Some("serial")
		})
		.collect()
}

/// Fails with `findings` if there are any, after printing them.
fn verdict(row: &str, what: &str, findings: Vec<String>) {
	let audit = audit();
	let summary =
		format!("{row}: {} item(s) of {} read {what}", findings.len(), audit.view.items.len());
	println!("\n== {summary}");
	for finding in &findings {
		println!("  - {finding}");
	}
	assert!(findings.is_empty(), "{summary}:\n  - {}", findings.join("\n  - "));
}

fn scale_encoded(bytes: &[u8]) -> Vec<u8> {
	[Compact(bytes.len() as u32).encode(), bytes.to_vec()].concat()
}

/// An item's label, with the source kind spelled out where it helps.
fn label(item: &Item) -> String {
	match (item.source, item.opaque.is_empty()) {
		(Source::State, false) => {
			format!("{} (opaque key parts: {})", item.label, item.opaque.join(", "))
		},
		_ => item.label.clone(),
	}
}

// ---------------------------------------------------------------------------------------------
// The budget, one test per row.
// ---------------------------------------------------------------------------------------------

#[test]
fn the_operator_reads_and_decodes_everything() {
	let Audit { view, secrets, flows_took, reading_took } = audit();
	let c = &view.counts;
	println!(
		"counts: keys {} ({} well-known) in {} pages, storage entries present {}, blocks {}, \
		 extrinsics {} ({} signed), events {}, items {}; flows {flows_took:.0?}, reading \
		 {reading_took:.1?}",
		c.keys,
		c.well_known_keys,
		c.key_pages,
		c.storage_entries_present,
		c.blocks,
		c.extrinsics,
		c.signed_extrinsics,
		c.events,
		view.items.len()
	);
	let mut problems = Vec::new();

	// The whole chain: every block from 1 to the head, each with its timestamp inherent.
	if c.blocks != view.head.0 {
		problems.push(format!("read {} blocks of {}", c.blocks, view.head.0));
	}
	let blocks_with_extrinsics: BTreeSet<u64> = view
		.items
		.iter()
		.filter(|i| i.source == Source::Extrinsic)
		.filter_map(|i| i.block)
		.collect();
	if blocks_with_extrinsics.len() as u64 != view.head.0 {
		problems.push(format!(
			"{} blocks of {} have extrinsics",
			blocks_with_extrinsics.len(),
			view.head.0
		));
	}
	if c.signed_extrinsics < secrets.transactions {
		problems.push(format!(
			"{} signed extrinsics, the flows submitted {}",
			c.signed_extrinsics, secrets.transactions
		));
	}
	// The whole state: the items are every key read.
	let state_items = view.items.iter().filter(|i| i.source == Source::State).count();
	if state_items != c.keys {
		problems.push(format!("{state_items} state items for {} keys", c.keys));
	}
	for pallet in
		["HealthIdentity", "Consent", "Records", "SupplyChain", "Claims", "System", "Balances"]
	{
		if !view.items.iter().any(|i| i.source == Source::State && i.pallet == pallet) {
			problems.push(format!("no state of {pallet}"));
		}
	}
	// Every identifier the audit relies on is declared, and every declaration is of an entry
	// that exists, with as many key types as it has key parts.
	let undeclared = view.undeclared_u64_entries();
	println!("storage entries whose metadata leaves a u64 undeclared: {}", undeclared.len());
	for (pallet, entry, places) in &undeclared {
		println!("  {pallet}.{entry}: {}", places.join(", "));
		if declarations(pallet, entry).is_none() {
			problems.push(format!(
				"{pallet}.{entry} holds an undeclared u64 ({}): add it to DECLARED",
				places.join(", ")
			));
		}
	}
	for (pallet, entry, keys, _) in DECLARED {
		let parts = view
			.metadata
			.pallets()
			.filter_map(|p| p.storage())
			.find(|s| s.prefix() == *pallet)
			.and_then(|s| s.entry_by_name(entry))
			.map(|e| e.keys().len());
		if parts != Some(keys.len()) {
			problems.push(format!(
				"DECLARED {pallet}.{entry} with {} key types: the metadata has {parts:?} key parts",
				keys.len()
			));
		}
	}
	let well_known: Vec<&str> = view
		.items
		.iter()
		.filter(|i| i.source == Source::State && i.parts.is_empty())
		.map(|i| i.label.as_str())
		.collect();
	println!("kept raw (no metadata describes them): {well_known:?}");
	// What the flows wrote is where it should be: the salted hashes, the unit, the patient.
	for document in &secrets.documents {
		let kept = (
			document_hash(&document.salt, &document.bytes),
			demographic_commitment(&document.salt, &document.bytes),
		);
		if kept.0 != document.salted_hash && kept.1 != document.salted_hash {
			problems.push(format!("the {}'s salt does not reproduce its hash", document.name));
		}
		let found =
			view.items.iter().filter(|i| contains(&i.raw, document.salted_hash.as_bytes())).count();
		println!("salted hash of the {} found in {found} items", document.name);
		if found == 0 {
			problems.push(format!("the salted hash of the {} is nowhere", document.name));
		}
	}
	let serial = scale_encoded(&secrets.unit.serial);
	let with_serial = view.items.iter().filter(|i| contains(&i.raw, &serial)).count();
	println!("the dispensed unit's serial found in {with_serial} items");
	if with_serial == 0 {
		problems.push("the dispensed unit is nowhere".into());
	}
	for patient in &secrets.patients {
		let labels: BTreeSet<String> = view
			.items
			.iter()
			.filter(|i| patients(view, &view.nodes(i)).iter().any(|(id, _)| id == patient))
			.map(|i| i.label.clone())
			.collect();
		println!("patient {patient} recognised in {} distinct labels: {labels:?}", labels.len());
		for expected in
			["state HealthIdentity.Patients", "state Claims.Filed", "state Records.Anchors"]
		{
			if !labels.contains(expected) {
				problems.push(format!("patient {patient} not recognised in {expected}"));
			}
		}
	}
	// Every claim line the flows submitted was approved: the flows are realistic.
	let decisions: Vec<String> = view
		.items
		.iter()
		.filter(|i| i.source == Source::Event && i.entry == "ClaimAdjudicated")
		.flat_map(|i| {
			view.nodes_of_type(i, |n| n.path.ends_with("::LineDecision"))
				.into_iter()
				.map(|n| match &n.value.value {
					ValueDef::Variant(v) => v.name.clone(),
					_ => "?".into(),
				})
				.collect::<Vec<_>>()
		})
		.collect();
	println!("claim line decisions: {decisions:?}");
	if decisions.len() != 3 || decisions.iter().any(|d| d != "Approved") {
		problems.push(format!("the claims' lines are not all approved: {decisions:?}"));
	}
	// A sample of type paths, to see how the vocabulary appears.
	let mut interesting = BTreeSet::new();
	for item in &view.items {
		for path in view.type_paths(item) {
			if [
				"DataCategor",
				"FlagSet",
				"UnitKey",
				"ProductIdentifier",
				"ClaimLine",
				"Item",
				"Subject",
			]
			.iter()
			.any(|w| path.contains(w))
			{
				interesting.insert(path);
			}
		}
	}
	println!("type paths of interest: {interesting:#?}");
	assert!(
		problems.is_empty(),
		"the operator's view is incomplete:\n  - {}",
		problems.join("\n  - ")
	);
}

#[test]
fn no_data_category_next_to_a_patient() {
	let Audit { view, secrets, .. } = audit();
	let mut findings = Vec::new();
	for (item, nodes, patients) in naming_patients(view) {
		let categories = categories(view, &nodes);
		if categories.is_empty() {
			continue;
		}
		let all: BTreeSet<DataCategory> =
			categories.iter().flat_map(|(c, _)| c.iter().copied()).collect();
		let sensitive = all.iter().filter(|c| c.is_sensitive()).count();
		let demo = secrets.sensitive_categories.iter().filter(|c| all.contains(c)).count();
		let shown: Vec<String> =
			categories.iter().map(|(c, at)| format!("{} at {at}", show_categories(c))).collect();
		findings.push(format!(
			"{}: {} | {} | {}",
			label(item),
			show_patients(&patients),
			shown.join("; "),
			if sensitive > 0 {
				format!("{sensitive} SENSITIVE ({demo} of the demo's)")
			} else {
				"none sensitive".into()
			}
		));
	}
	verdict(
		"no_data_category_next_to_a_patient",
		"put a data category next to a patient id",
		findings,
	);
	// Not vacuous: the categories are there, as slots next to the patient, and whoever holds
	// the patient's key reads them back.
	let read_back: BTreeSet<DataCategory> = naming_patients(view)
		.filter(|(_, _, patients)| patients.iter().any(|(id, _)| secrets.patients.contains(id)))
		.flat_map(|(_, nodes, _)| slots(&nodes))
		.filter_map(|slot| category_in(&secrets.category_key, slot))
		.collect();
	for category in &secrets.sensitive_categories {
		assert!(read_back.contains(category), "{category:?} is on chain as a slot of the patient");
	}
}

#[test]
fn no_billing_code_in_clear_or_unsalted() {
	let Audit { view, secrets, .. } = audit();
	// Each code in clear, SCALE-encoded, and under every unsalted hash a client might use.
	let mut needles: Vec<(String, Vec<u8>)> = Vec::new();
	for code in &secrets.billing_codes {
		let clear = code.as_bytes().to_vec();
		let encoded = scale_encoded(&clear);
		needles.push((format!("{code:?} in clear"), clear.clone()));
		needles.push((format!("{code:?} SCALE-encoded"), encoded.clone()));
		for (form, bytes) in [("", &clear), (" (SCALE)", &encoded)] {
			needles.push((format!("blake2_256({code:?}{form})"), blake2_256(bytes).to_vec()));
			needles.push((format!("sha2_256({code:?}{form})"), sha2_256(bytes).to_vec()));
			needles.push((format!("keccak_256({code:?}{form})"), keccak_256(bytes).to_vec()));
			needles.push((format!("twox_128({code:?}{form})"), twox_128(bytes).to_vec()));
			needles.push((format!("blake2_128({code:?}{form})"), blake2_128(bytes).to_vec()));
			// Truncated digests, as a token is 16 bytes.
			needles.push((
				format!("blake2_256({code:?}{form})[..16]"),
				blake2_256(bytes)[..16].to_vec(),
			));
			needles
				.push((format!("sha2_256({code:?}{form})[..16]"), sha2_256(bytes)[..16].to_vec()));
		}
		// Tokens under keys anyone knows: all zeroes, the test doubles' key.
		for (name, key) in
			[("zero key", [0u8; 32]), ("test key", caduceus_primitives::doubles::TEST_BILLING_KEY)]
		{
			let token = caduceus_primitives::billing_codes::code_token(&key, code.as_bytes());
			needles.push((format!("token of {code:?} under the {name}"), token.to_vec()));
		}
	}
	let mut findings = Vec::new();
	for item in &view.items {
		let mut found: Vec<String> = Vec::new();
		// The SCALE form contains the clear form: report the most specific.
		for (name, needle) in &needles {
			if contains(&item.raw, needle) {
				found.push(format!("raw bytes hold {name}"));
			}
		}
		// And in the decoded values: a demo code in any byte string, any value declared a
		// `ServiceCode` (a billing code, the demo's or not).
		let nodes = view.nodes(item);
		for (node, bytes) in byte_strings(&nodes) {
			// A `ServiceCode` must be a 16-byte token (a code in clear is at most 12 characters).
			let code_in_clear = node.declared_ident().as_deref() == Some("ServiceCode")
				&& bytes.len() != caduceus_primitives::billing_codes::CodeToken::default().len();
			if code_in_clear
				|| secrets.billing_codes.iter().any(|code| contains(&bytes, code.as_bytes()))
			{
				found.push(format!("{} = {}", place(node), show_bytes(&bytes)));
			}
		}
		if !found.is_empty() {
			let patients = patients(view, &nodes);
			let next_to = if patients.is_empty() {
				String::new()
			} else {
				format!(" | next to {}", show_patients(&patients))
			};
			findings.push(format!("{}: {}{next_to}", label(item), found.join("; ")));
		}
	}
	verdict(
		"no_billing_code_in_clear_or_unsalted",
		"hold a demo billing code in clear or unsalted",
		findings,
	);
	// Not vacuous: the codes are there as tokens, which the insurer and its providers, holding
	// the plan's key, read back.
	for code in &secrets.billing_codes {
		let token =
			caduceus_primitives::billing_codes::code_token(&secrets.billing_key, code.as_bytes());
		assert!(
			view.items.iter().any(|item| contains(&item.raw, &token)),
			"the token of {code} is on chain"
		);
	}
}

#[test]
fn no_fhir_resource_type_of_a_patients_record() {
	let Audit { view, secrets, .. } = audit();
	assert!(
		secrets.documents.iter().any(|d| secrets.resource_types.iter().any(|fhir_type| contains(
			&d.bytes,
			format!(r#""resourceType":"{fhir_type}""#).as_bytes()
		))),
		"the demo's documents are of the types looked for"
	);
	let mut findings = Vec::new();
	for item in &view.items {
		let nodes = view.nodes(item);
		let mut found: Vec<String> = secrets
			.resource_types
			.iter()
			.filter(|fhir_type| contains(&item.raw, fhir_type.as_bytes()))
			.map(|fhir_type| format!("raw bytes hold {fhir_type:?}"))
			.collect();
		found.extend(
			nodes
				.iter()
				.filter(|node| node.path.ends_with("::ResourceType"))
				.map(|node| format!("{} is a resource type", place(node))),
		);
		if !found.is_empty() {
			let patients = patients(view, &nodes);
			findings.push(format!(
				"{}: {} | next to {}",
				label(item),
				found.join("; "),
				show_patients(&patients)
			));
		}
	}
	verdict(
		"no_fhir_resource_type_of_a_patients_record",
		"hold the FHIR resource type of a patient's record",
		findings,
	);
}

#[test]
fn no_patient_next_to_a_drug_unit() {
	let Audit { view, secrets, .. } = audit();
	let serial = scale_encoded(&secrets.unit.serial);
	let mut findings = Vec::new();
	// The pharmacy line names its unit, as a token that the plan's key reads back.
	let token = caduceus_primitives::billing_codes::unit_token(
		&secrets.billing_key,
		&secrets.unit.element_string(),
	);
	let with_token = view.items.iter().filter(|item| contains(&item.raw, &token)).count();
	println!("the dispensed unit's token under the plan's key found in {with_token} items");
	if with_token == 0 {
		findings.push(
			"the pharmacy line's unit token is nowhere: the insurer could not read it".into(),
		);
	}
	for (item, nodes, patients) in naming_patients(view) {
		let units = drug_units(&nodes);
		let raw_serial = contains(&item.raw, &serial);
		if units.is_empty() && !raw_serial {
			continue;
		}
		let mut shown: Vec<String> = units
			.iter()
			.filter(|n| !n.path.is_empty() || n.field == Some("serial"))
			.map(|n| format!("{} = {}", place(n), compact_display(n)))
			.collect();
		if raw_serial {
			shown.push(format!(
				"raw bytes hold the dispensed serial {}",
				show_bytes(&secrets.unit.serial)
			));
		}
		findings.push(format!(
			"{}: {} | {}",
			label(item),
			show_patients(&patients),
			shown.join("; ")
		));
	}
	verdict("no_patient_next_to_a_drug_unit", "put a drug unit next to a patient id", findings);
}

#[test]
fn no_unsalted_hash_of_a_demo_document() {
	let Audit { view, secrets, .. } = audit();
	let mut findings = Vec::new();
	for document in &secrets.documents {
		let hashes = [
			("blake2_256", blake2_256(&document.bytes)),
			("sha2_256", sha2_256(&document.bytes)),
			("keccak_256", keccak_256(&document.bytes)),
		];
		for item in &view.items {
			for (hasher, hash) in &hashes {
				if contains(&item.raw, hash) {
					findings.push(format!(
						"{}: {hasher} of the {} (0x{})",
						label(item),
						document.name,
						hex::encode(hash)
					));
				}
			}
			if contains(&item.raw, &document.bytes) {
				findings.push(format!("{}: the {} itself", label(item), document.name));
			}
		}
	}
	let checked = secrets.documents.iter().map(|d| d.name).collect::<Vec<_>>().join(", ");
	println!("documents checked: {checked}");
	verdict(
		"no_unsalted_hash_of_a_demo_document",
		"hold an unsalted hash of a demo document",
		findings,
	);
}

/// A value printed on one line, byte strings as text.
fn compact_display(node: &Node) -> String {
	if let Some(bytes) = bytes_of(node.value) {
		return show_bytes(&bytes);
	}
	let mut out = match &node.value.value {
		ValueDef::Composite(c) => {
			let fields: Vec<String> = c
				.values()
				.map(|v| bytes_of(v).map(|b| show_bytes(&b)).unwrap_or_else(|| v.to_string()))
				.collect();
			format!("({})", fields.join(", "))
		},
		_ => node.value.to_string(),
	};
	if out.len() > 200 {
		out.truncate(200);
		out.push('…');
	}
	out
}
