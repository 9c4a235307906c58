//! The demo flows of every pallet on the development chain, with realistic sensitive data, as
//! their users would run them: signed transactions through subxt. They return the [`Secrets`]
//! they used, which the audit then looks for in what an operator holds.
//!
//! - **Records**: a new patient (Ferdie//stash, registering with a salted demographic
//!   commitment) grants St. Luke's Hospital (organisation 0) treatment access naming HIV and
//!   mental health, as slots under the category key its wallet drew; Charlie, its physician, anchors an HIV viral-load report and a depression
//!   diagnosis, then requests access to the HIV report.
//! - **Supply chain**: Acme (organisation 2) registers a product, commissions two units, ships
//!   them to the hospital, which receives them and dispenses one.
//! - **Claims**: the consortium (sudo on the dev chain) registers an insurer, Harbor Mutual
//!   Health; its admin attests a claims officer, defines a plan whose fee schedule uses real
//!   billing codes (CPT 99213, CPT 87389, the NDC of the dispensed drug) as tokens under the
//!   plan's billing key, enrols the patient and
//!   funds the pool; the patient consents to the insurer's use of billing data for payment; the
//!   physician claims the office visit and the HIV test (citing the HIV report), the hospital's
//!   pharmacist claims the dispensed unit.

use crate::common::chain::{now, submit, submit_payload};
use caduceus_primitives::{
	billing_codes::{code_token, sgtin_element_string, unit_token, BillingKey},
	category_slots::{slot_of, slots_of},
	identifiers::with_gs1_check_digit,
	salted::{demographic_commitment, document_hash, Salt},
	Action, Actions, CategoryKey, DataCategories, DataCategory, OrgKind, Purpose, Purposes, Role,
	Roles, DAY_MS,
};
use caduceus_runtime::{RuntimeCall, UNIT};
use codec::{Decode, Encode};
use pallet_supply_chain::{Gtin, Item, UnitKey};
use sp_core::H256;
use std::io::Read;
use subxt::{
	dynamic::{self, Value},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

type Api = OnlineClient<PolkadotConfig>;

/// The demo hospital, St. Luke's (admin Bob; Charlie physician).
pub const HOSPITAL: u32 = 0;

/// A document the flows made, kept off chain with its salt, as a client keeps it.
#[derive(Clone, Debug)]
pub struct Document {
	/// What it is.
	pub name: &'static str,
	/// Its exact bytes.
	pub bytes: Vec<u8>,
	/// The fresh salt it was hashed with.
	pub salt: Salt,
	/// What went on chain: the salted hash (`salted::document_hash`, or
	/// `salted::demographic_commitment` for demographic data).
	pub salted_hash: H256,
}

/// The dispensed drug unit.
#[derive(Clone, Debug)]
pub struct DispensedUnit {
	/// GTIN-14.
	pub gtin: Gtin,
	/// Serial (GS1 AI 21).
	pub serial: Vec<u8>,
	/// Lot (GS1 AI 10).
	pub lot: Vec<u8>,
	/// Its expiry.
	pub expiry: u64,
}

impl DispensedUnit {
	/// Its SGTIN element string, which a pharmacy line's token hashes.
	pub fn element_string(&self) -> Vec<u8> {
		sgtin_element_string(&self.gtin, &self.serial)
	}
}

/// What the flows used that no operator may learn (or learn only as allowed).
#[derive(Clone, Debug)]
pub struct Secrets {
	/// The patient ids the flows acted for.
	pub patients: Vec<u64>,
	/// The sensitive categories named in grants and records.
	pub sensitive_categories: Vec<DataCategory>,
	/// The patient's category key, as the patient's wallet drew it (and gave it to the hospital
	/// and the insurer, off chain).
	pub category_key: CategoryKey,
	/// The plan's billing key, as the insurer drew it (and gave it to the hospital, off chain).
	pub billing_key: BillingKey,
	/// The billing codes of the fee schedule and the claims.
	pub billing_codes: Vec<String>,
	/// Every document whose salted hash went on chain.
	pub documents: Vec<Document>,
	/// The records anchored (HIV report, depression diagnosis).
	pub records: Vec<u64>,
	/// The FHIR resource types of the records' documents (`DiagnosticReport`, `Condition`):
	/// which kind of care the patient had, known off chain to those who read the documents.
	pub resource_types: Vec<String>,
	/// The unit dispensed and billed.
	pub unit: DispensedUnit,
	/// The insurer organisation and its plan.
	pub insurer: u32,
	/// The plan.
	pub plan: u32,
	/// How many transactions the flows submitted (each finalized and successful).
	pub transactions: usize,
}

/// CPT 99213: office visit, established patient, low complexity.
pub const CPT_OFFICE_VISIT: &str = "99213";
/// CPT 87389: HIV-1 antigen with HIV-1/HIV-2 antibodies, single result (4th generation test).
pub const CPT_HIV_TEST: &str = "87389";
/// The 11-digit (5-4-2) NDC of the demo product: GTIN-14 `00300123456785` carries the 10-digit
/// NDC `0012-3456-78`, padded in the labeler part to `00012-3456-78`.
pub const NDC_DRUG: &str = "00012345678";

fn keypair(uri: &str) -> Keypair {
	Keypair::from_uri(&uri.parse::<SecretUri>().unwrap()).unwrap()
}

fn account(keypair: &Keypair) -> [u8; 32] {
	keypair.public_key().to_account_id().0
}

fn fresh_salt() -> Salt {
	let mut salt = [0u8; 32];
	std::fs::File::open("/dev/urandom").unwrap().read_exact(&mut salt).unwrap();
	salt
}

fn document(name: &'static str, bytes: &[u8]) -> Document {
	salted(name, bytes, document_hash)
}

fn salted(name: &'static str, bytes: &[u8], scheme: fn(&Salt, &[u8]) -> H256) -> Document {
	let salt = fresh_salt();
	Document { name, bytes: bytes.to_vec(), salt, salted_hash: scheme(&salt, bytes) }
}

fn bounded<T: TryFrom<Vec<u8>>>(bytes: &[u8]) -> T
where
	T::Error: std::fmt::Debug,
{
	bytes.to_vec().try_into().unwrap()
}

/// A storage value at the current block, decoded.
async fn read<K, V>(api: &Api, pallet: &str, entry: &str, keys: K) -> V
where
	K: subxt::ext::frame_decode::storage::IntoEncodableValues
		+ subxt::ext::frame_decode::storage::IntoDecodableValues,
	V: subxt::ext::scale_decode::DecodeAsType,
{
	let at = api.at_current_block().await.unwrap();
	at.storage()
		.fetch(dynamic::storage::<K, V>(pallet, entry), keys)
		.await
		.unwrap_or_else(|e| panic!("{pallet}.{entry} is readable: {e}"))
		.decode()
		.unwrap_or_else(|e| panic!("{pallet}.{entry} decodes: {e}"))
}

/// Signs and submits a dynamic call (named arguments checked against the metadata), waits until
/// it is finalized and succeeded.
async fn submit_dynamic(
	api: &Api,
	pallet: &str,
	call: &str,
	arguments: Vec<(&str, Value)>,
	signer: &Keypair,
) {
	let payload = dynamic::tx(pallet, call, Value::named_composite(arguments));
	submit_payload(api, &payload, signer, &format!("{pallet}.{call}")).await;
}

/// `call` dispatched as root through the sudo key (the development chain's stand-in for the
/// consortium's council).
async fn as_root(api: &Api, call: RuntimeCall) -> RuntimeCall {
	let at = api.at_current_block().await.unwrap();
	let metadata = at.metadata();
	let sudo = metadata.pallet_by_name("Sudo").expect("the dev chain has sudo");
	let index = sudo.call_variant_by_name("sudo").expect("Sudo.sudo").index;
	let bytes = [vec![sudo.call_index(), index], call.encode()].concat();
	RuntimeCall::decode(&mut &bytes[..]).expect("Sudo.sudo wraps a runtime call")
}

fn some(value: Value) -> Value {
	Value::unnamed_variant("Some", [value])
}

fn none() -> Value {
	Value::unnamed_variant("None", [])
}

fn seq(values: Vec<Value>) -> Value {
	Value::unnamed_composite(values)
}

impl Secrets {
	/// One line per secret, bytes as text.
	pub fn summary(&self) -> String {
		let documents: Vec<String> = self
			.documents
			.iter()
			.map(|d| {
				format!("{} ({} bytes, salted hash {:?})", d.name, d.bytes.len(), d.salted_hash)
			})
			.collect();
		format!(
			"patients {:?}; sensitive categories {:?}; billing codes {:?}; records {:?} of types {:?}; \
			 insurer {}, plan {}; unit GTIN {} serial {} lot {}; documents: {}",
			self.patients,
			self.sensitive_categories,
			self.billing_codes,
			self.records,
			self.resource_types,
			self.insurer,
			self.plan,
			String::from_utf8_lossy(&self.unit.gtin),
			String::from_utf8_lossy(&self.unit.serial),
			String::from_utf8_lossy(&self.unit.lot),
			documents.join("; "),
		)
	}
}

/// Runs every flow; returns what they used.
pub async fn run(api: &Api) -> Secrets {
	let patient = keypair("//Ferdie//stash");
	let physician = keypair("//Charlie");
	let hospital_admin = keypair("//Bob");
	let maker = keypair("//Dave//stash");
	let alice = keypair("//Alice");
	let insurer_admin = keypair("//HarborMutual//Admin");
	let claims_officer = keypair("//HarborMutual//ClaimsOfficer");
	let pharmacist = keypair("//StLukes//Pharmacist");
	// The patient's wallet draws a category key and the insurer a billing key; each is shared
	// off chain with those entitled (the hospital; the insurer's providers), never on chain.
	let category_key: CategoryKey = fresh_salt();
	let billing_key: BillingKey = fresh_salt();
	let token = |code: &str| code_token(&billing_key, code.as_bytes());

	let demographics = salted(
		"demographics",
		br#"{"resourceType":"Patient","name":[{"family":"Okafor","given":["Adaeze"]}],"gender":"female","birthDate":"1986-04-12","address":[{"postalCode":"02139"}]}"#,
		demographic_commitment,
	);
	let consent_form = document(
		"consent form",
		br#"{"resourceType":"Consent","status":"active","scope":{"coding":[{"code":"patient-privacy"}]},"provision":{"type":"permit","purpose":[{"code":"TREAT"}],"class":[{"code":"HIV"},{"code":"PSY"}]},"signed":"Adaeze Okafor"}"#,
	);
	let hiv_report = document(
		"HIV viral load report",
		br#"{"resourceType":"DiagnosticReport","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"20447-9","display":"HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by NAA with probe detection"}]},"subject":{"display":"Adaeze Okafor"},"result":[{"valueQuantity":{"value":48200,"unit":"copies/mL"}}],"conclusion":"HIV-1 detected"}"#,
	);
	let depression = document(
		"depression diagnosis",
		br#"{"resourceType":"Condition","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"F33.1","display":"Major depressive disorder, recurrent, moderate"}]},"subject":{"display":"Adaeze Okafor"},"note":[{"text":"Passive suicidal ideation, no plan. Start sertraline 50 mg."}]}"#,
	);
	let despatch_advice = document(
		"despatch advice",
		br#"{"DespatchAdvice":{"id":"DA-2611-0042","shipTo":"St. Luke's Hospital pharmacy","lines":[{"gtin":"00300123456785","serials":["HXV7Q2K9M4","HXV7Q2K9M5"],"lot":"A2611"}]}}"#,
	);
	let licence = document(
		"pharmacist licence",
		br#"{"licence":"RPh-48213","holder":"St. Luke's pharmacist","state":"MA","expires":"2028-06-30"}"#,
	);
	let expiry = now(api).await + 540 * DAY_MS;
	let unit = DispensedUnit {
		gtin: with_gs1_check_digit(b"0030012345678"),
		serial: b"HXV7Q2K9M4".to_vec(),
		lot: b"A2611".to_vec(),
		expiry,
	};
	let mut transactions = 0usize;

	// Three independent lanes, each with its own signers, run side by side.
	let records_lane = async {
		// The patient registers with a salted commitment to their demographic data.
		let register = pallet_health_identity::Call::register_patient {
			demographic_commitment: Some(demographics.salted_hash),
		};
		submit(api, RuntimeCall::HealthIdentity(register), &patient).await;
		let patient_id: u64 =
			read(api, "HealthIdentity", "PatientByAccount", (account(&patient),)).await;

		// They grant the hospital treatment access naming HIV and mental health.
		let grant = pallet_consent::Call::grant {
			patient: patient_id,
			terms: pallet_consent::ConsentTerms {
				grantee: pallet_consent::Party::Organisation(HOSPITAL),
				categories: slots_of(
					&category_key,
					DataCategories::of(&[
						DataCategory::Encounters,
						DataCategory::LabResults,
						DataCategory::Hiv,
						DataCategory::MentalHealth,
					]),
				),
				purposes: Purposes::of(&[Purpose::Treatment]),
				actions: Actions::of(&[Action::Read, Action::Write]),
				roles: Default::default(),
				valid_from: None,
				valid_until: now(api).await + 365 * DAY_MS,
				exceptions: Default::default(),
				source_document: Some(consent_form.salted_hash),
			},
		};
		submit(api, RuntimeCall::Consent(grant), &patient).await;

		// The physician anchors the HIV report and the depression diagnosis.
		let mut records = Vec::new();
		for (doc, category, pointer) in [
			(&hiv_report, DataCategory::Hiv, "enc:v1:s3://st-lukes-ehr/9c1e4b7a"),
			(&depression, DataCategory::MentalHealth, "enc:v1:s3://st-lukes-ehr/2f8d6e01"),
		] {
			let record: u64 = read(api, "Records", "NextRecordId", ()).await;
			let anchor = pallet_records::Call::anchor {
				document: pallet_records::NewRecord {
					patient: patient_id,
					content_hash: doc.salted_hash,
					pointer: bounded(pointer.as_bytes()),
					category: slot_of(&category_key, category),
				},
			};
			submit(api, RuntimeCall::Records(anchor), &physician).await;
			records.push(record);
		}
		// And reads the HIV report back.
		let access = pallet_records::Call::request_access {
			record: records[0],
			purpose: Purpose::Treatment,
		};
		submit(api, RuntimeCall::Records(access), &physician).await;
		(patient_id, records, 5usize)
	};

	let supply_lane = async {
		// The hospital attests its pharmacist.
		let attest = pallet_health_identity::Call::attest_practitioner {
			practitioner: account(&pharmacist).into(),
			role: Role::Pharmacist,
			credential_hash: licence.salted_hash,
			expires_at: None,
		};
		submit(api, RuntimeCall::HealthIdentity(attest), &hospital_admin).await;

		use pallet_supply_chain::Call;
		submit(api, RuntimeCall::SupplyChain(Call::register_product { gtin: unit.gtin }), &maker)
			.await;
		let commission = Call::commission {
			gtin: unit.gtin,
			lot: bounded(&unit.lot),
			expiry: unit.expiry,
			serials: vec![bounded(&unit.serial), bounded(b"HXV7Q2K9M5")].try_into().unwrap(),
		};
		submit(api, RuntimeCall::SupplyChain(commission), &maker).await;
		let key = |serial: &[u8]| UnitKey { gtin: unit.gtin, serial: bounded(serial) };
		let shipment: u64 = read(api, "SupplyChain", "NextShipmentId", ()).await;
		let ship = Call::ship {
			to: HOSPITAL,
			items: vec![Item::Unit(key(&unit.serial)), Item::Unit(key(b"HXV7Q2K9M5"))]
				.try_into()
				.unwrap(),
			documents: despatch_advice.salted_hash,
		};
		submit(api, RuntimeCall::SupplyChain(ship), &maker).await;
		submit(api, RuntimeCall::SupplyChain(Call::receive { shipment }), &hospital_admin).await;
		submit(
			api,
			RuntimeCall::SupplyChain(Call::dispense { unit: key(&unit.serial) }),
			&hospital_admin,
		)
		.await;
		6usize
	};

	let insurer_lane = async {
		for (to, amount) in [(&insurer_admin, 50_000 * UNIT), (&pharmacist, 1_000 * UNIT)] {
			let transfer = dynamic::tx(
				"Balances",
				"transfer_keep_alive",
				(to.public_key().to_address::<()>(), amount),
			);
			api.at_current_block()
				.await
				.unwrap()
				.transactions()
				.sign_and_submit_then_watch_default(&transfer, &alice)
				.await
				.expect("the transfer is accepted")
				.wait_for_finalized_success()
				.await
				.expect("the transfer succeeds");
		}
		let register = pallet_health_identity::Call::register_organisation {
			kind: OrgKind::Insurer,
			name: bounded(b"Harbor Mutual Health"),
			identifiers: pallet_health_identity::PublicIdentifiers {
				gln: None,
				npi: None,
				licence: Some(bounded(b"NAIC-60219")),
			},
			admin: account(&insurer_admin).into(),
		};
		submit(api, as_root(api, RuntimeCall::HealthIdentity(register)).await, &alice).await;
		let insurer: u32 =
			read(api, "HealthIdentity", "AdministeredBy", (account(&insurer_admin),)).await;

		let attest = pallet_health_identity::Call::attest_practitioner {
			practitioner: account(&claims_officer).into(),
			role: Role::ClaimsOfficer,
			credential_hash: H256::repeat_byte(0x42),
			expires_at: None,
		};
		submit(api, RuntimeCall::HealthIdentity(attest), &insurer_admin).await;

		// The plan's fee schedule: real codes.
		let service = |code: &str, cap: u128, per_year: u128, evidence: bool, pharmacy: bool| {
			Value::named_composite([
				("code", Value::from_bytes(token(code))),
				("unit_price_cap", Value::u128(cap * UNIT)),
				("units_per_year", Value::u128(per_year)),
				("needs_prior_authorisation", Value::bool(false)),
				("pharmacy", Value::bool(pharmacy)),
				("needs_evidence", Value::bool(evidence)),
			])
		};
		let plan: u32 = read(api, "Claims", "NextPlanId", ()).await;
		let terms = Value::named_composite([
			(
				"services",
				seq(vec![
					service(CPT_OFFICE_VISIT, 150, 6, false, false),
					service(CPT_HIV_TEST, 80, 4, true, false),
					service(NDC_DRUG, 600, 12, false, true),
				]),
			),
			("deductible", Value::u128(50 * UNIT)),
			("coinsurance", Value::u128(200_000)),
			("copay", Value::u128(10 * UNIT)),
			("out_of_pocket_max", Value::u128(3_000 * UNIT)),
			("benefit_max", Value::u128(1_000_000 * UNIT)),
			("filing_window", Value::u128((90 * DAY_MS) as u128)),
			("pharmacy_needs_unit", Value::bool(true)),
		]);
		submit_dynamic(
			api,
			"Claims",
			"define_plan",
			vec![("terms", terms), ("adjudicator", Value::from_bytes(account(&claims_officer)))],
			&insurer_admin,
		)
		.await;
		(insurer, plan, 5usize)
	};

	let ((patient_id, records, a), b, (insurer, plan, c)) =
		tokio::join!(records_lane, supply_lane, insurer_lane);
	transactions += a + b + c;

	// The patient consents to the insurer's claims officers reading billing data for payment;
	// the insurer enrols the patient and funds its pool.
	let payment_consent = async {
		let grant = pallet_consent::Call::grant {
			patient: patient_id,
			terms: pallet_consent::ConsentTerms {
				grantee: pallet_consent::Party::Organisation(insurer),
				categories: slots_of(&category_key, DataCategories::of(&[DataCategory::Billing])),
				purposes: Purposes::of(&[Purpose::Payment]),
				actions: Actions::of(&[Action::Read]),
				roles: Roles::of(&[Role::ClaimsOfficer]),
				valid_from: None,
				valid_until: now(api).await + 365 * DAY_MS,
				exceptions: Default::default(),
				source_document: None,
			},
		};
		submit(api, RuntimeCall::Consent(grant), &patient).await;
	};
	let enrol_and_fund = async {
		let today = now(api).await;
		let coverage = Value::named_composite([
			("start", Value::u128((today - 30 * DAY_MS) as u128)),
			("end", Value::u128((today + 335 * DAY_MS) as u128)),
		]);
		submit_dynamic(
			api,
			"Claims",
			"enrol",
			vec![
				("plan", Value::u128(plan.into())),
				("patient", Value::u128(patient_id.into())),
				("coverage", coverage),
			],
			&insurer_admin,
		)
		.await;
		submit_dynamic(
			api,
			"Claims",
			"fund_pool",
			vec![("amount", Value::u128(20_000 * UNIT))],
			&insurer_admin,
		)
		.await;
	};
	tokio::join!(payment_consent, enrol_and_fund);
	transactions += 3;

	// The claims: the physician's visit and HIV test, the pharmacist's dispensed unit.
	let date_of_service = now(api).await;
	let line = |code: &str, charged: u128, drug_unit: Value, evidence: Value| {
		Value::named_composite([
			("code", Value::from_bytes(token(code))),
			("units", Value::u128(1)),
			("charged", Value::u128(charged * UNIT)),
			("prior_authorisation", none()),
			("drug_unit", drug_unit),
			("evidence", evidence),
		])
	};
	let claim = |lines: Vec<Value>| {
		vec![
			("patient", Value::u128(patient_id.into())),
			("plan", Value::u128(plan.into())),
			("date_of_service", Value::u128(date_of_service.into())),
			("lines", seq(lines)),
			("evidence", seq(vec![])),
		]
	};
	let physician_claim = claim(vec![
		line(CPT_OFFICE_VISIT, 120, none(), none()),
		line(CPT_HIV_TEST, 65, none(), some(Value::u128(records[0].into()))),
	]);
	// The unit by its token under the plan's key: the insurer reads it, no one else.
	let drug_unit = Value::from_bytes(unit_token(&billing_key, &unit.element_string()));
	let pharmacy_claim = claim(vec![line(NDC_DRUG, 410, some(drug_unit), none())]);
	tokio::join!(
		submit_dynamic(api, "Claims", "submit_claim", physician_claim, &physician),
		submit_dynamic(api, "Claims", "submit_claim", pharmacy_claim, &pharmacist),
	);
	transactions += 2;

	Secrets {
		patients: vec![patient_id],
		sensitive_categories: vec![DataCategory::Hiv, DataCategory::MentalHealth],
		category_key,
		billing_key,
		billing_codes: vec![CPT_OFFICE_VISIT.into(), CPT_HIV_TEST.into(), NDC_DRUG.into()],
		documents: vec![
			demographics,
			consent_form,
			hiv_report,
			depression,
			despatch_advice,
			licence,
		],
		records,
		resource_types: vec!["DiagnosticReport".into(), "Condition".into()],
		unit,
		insurer,
		plan,
		transactions,
	}
}
