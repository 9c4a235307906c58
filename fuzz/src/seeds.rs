//! Seed inputs: the pallets' main flows as the cast runs them, so that mutation starts from
//! calls that succeed and reach deep state (a record to amend, a shipment to receive, a claim
//! to review), which random values rarely build.

use crate::execute::{now, Step};
use caduceus_primitives::{
	billing_codes::code_token,
	category_slots::{slot_of, slots_of},
	identifiers::with_gs1_check_digit,
	Action, Actions, DataCategories, DataCategory, Purpose, Purposes, Role, Roles, DAY_MS,
};
use caduceus_runtime::{genesis_config_presets::DEMO_CATEGORY_KEYS, RuntimeCall, UNIT};
use pallet_consent::{ConsentTerms, Party};
use pallet_supply_chain::{Item, LotKey, UnitKey};
use sp_core::H256;
use sp_runtime::Permill;

use crate::cast::who::*;

use crate::cast::org::{HOSPITAL, INSURER, PHARMACY, SPONSOR};
/// The billing key of the seeds' plan.
pub const BILLING_KEY: [u8; 32] = [0xB1; 32];
/// An office visit (CPT): no prior authorisation.
pub const VISIT: &str = "99213";
/// An MRI (CPT): needs a prior authorisation.
pub const MRI: &str = "70551";
/// A drug (NDC): a pharmacy service.
pub const DRUG: &str = "0300-1234-56";

/// `text`'s 16-byte token under the plan's billing key, as the insurer and its providers
/// compute it.
pub fn code(text: &str) -> pallet_claims::ServiceCode {
	bounded(code_token(&BILLING_KEY, text.as_bytes()).to_vec())
}

/// The insurer's plan: visits, MRIs (prior authorisation) and a drug (pharmacy); co-pay 10,
/// co-insurance 20 %.
pub fn plan_terms() -> pallet_claims::PlanTermsOf<caduceus_runtime::Runtime> {
	let service = |text, cap, prior_authorisation, pharmacy| pallet_claims::CoveredService {
		code: code(text),
		unit_price_cap: cap * UNIT,
		units_per_year: 100,
		needs_prior_authorisation: prior_authorisation,
		pharmacy,
		needs_evidence: false,
	};
	pallet_claims::PlanTerms {
		services: bounded(vec![
			service(VISIT, 100, false, false),
			service(MRI, 800, true, false),
			service(DRUG, 50, false, true),
		]),
		deductible: 0,
		coinsurance: Permill::from_percent(20),
		copay: 10 * UNIT,
		out_of_pocket_max: 5_000 * UNIT,
		benefit_max: 100_000 * UNIT,
		filing_window: 90 * DAY_MS,
		pharmacy_needs_unit: true,
	}
}

fn step(signer: u8, call: RuntimeCall) -> Step {
	Step { lapse: 0, signer, call }
}

fn later(lapse: u8, signer: u8, call: RuntimeCall) -> Step {
	Step { lapse, signer, call }
}

fn terms(
	grantee: Party<caduceus_runtime::AccountId>,
	categories: &[DataCategory],
	purposes: &[Purpose],
	actions: &[Action],
	roles: &[Role],
	source_document: Option<H256>,
) -> ConsentTerms<
	caduceus_runtime::AccountId,
	<caduceus_runtime::Runtime as pallet_consent::Config>::MaxExcluded,
> {
	ConsentTerms {
		grantee,
		categories: slots_of(&DEMO_CATEGORY_KEYS[0], DataCategories::of(categories)),
		purposes: Purposes::of(purposes),
		actions: Actions::of(actions),
		roles: Roles::of(roles),
		valid_from: None,
		valid_until: now() + 300 * DAY_MS,
		exceptions: Default::default(),
		source_document,
	}
}

fn consent(call: pallet_consent::Call<caduceus_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Consent(call)
}

fn records(call: pallet_records::Call<caduceus_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Records(call)
}

fn supply(call: pallet_supply_chain::Call<caduceus_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::SupplyChain(call)
}

fn claims(call: pallet_claims::Call<caduceus_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Claims(call)
}

fn slot(category: DataCategory) -> caduceus_primitives::CategorySlot {
	slot_of(&DEMO_CATEGORY_KEYS[0], category)
}

fn bounded<T, S: frame_support::traits::Get<u32>>(
	items: Vec<T>,
) -> frame_support::BoundedVec<T, S> {
	items.try_into().unwrap_or_else(|_| panic!("a seed stays within its bounds"))
}

/// Records: the physician anchors a lab report for patient 0 (whose demo grant covers it),
/// requests access, amends it; the patient blocks the nurse, then erases the report.
fn records_flow() -> Vec<Step> {
	let document = |n: u8| pallet_records::NewRecord {
		patient: 0,
		content_hash: H256::repeat_byte(n),
		pointer: bounded(b"enc:v1:9f8e".to_vec()),
		category: slot(DataCategory::LabResults),
	};
	vec![
		step(PHYSICIAN, records(pallet_records::Call::anchor { document: document(1) })),
		step(
			PHYSICIAN,
			records(pallet_records::Call::request_access {
				record: 0,
				purpose: Purpose::Treatment,
			}),
		),
		later(
			1,
			PHYSICIAN,
			records(pallet_records::Call::amend {
				record: 0,
				content_hash: H256::repeat_byte(2),
				pointer: bounded(b"enc:v1:aa".to_vec()),
			}),
		),
		step(
			PATIENT_0,
			consent(pallet_consent::Call::block {
				patient: 0,
				party: Party::Practitioner(crate::cast::account(NURSE)),
			}),
		),
		step(PATIENT_0, records(pallet_records::Call::erase { record: 0, request: None })),
	]
}

/// Consent: patient 0 grants the laboratory's practitioners, the guardian of patient 3 grants
/// the hospital; a revocation.
fn consent_flow() -> Vec<Step> {
	let lab = terms(
		Party::Organisation(1),
		&[DataCategory::LabResults],
		&[Purpose::Treatment],
		&[Action::Read, Action::Write],
		&[],
		None,
	);
	let for_minor = terms(
		Party::Organisation(HOSPITAL),
		&[DataCategory::Immunizations],
		&[Purpose::Treatment],
		&[Action::Read],
		&[],
		None,
	);
	vec![
		step(PATIENT_0, consent(pallet_consent::Call::grant { patient: 0, terms: lab })),
		step(GUARDIAN, consent(pallet_consent::Call::grant { patient: 3, terms: for_minor })),
		later(2, PATIENT_0, consent(pallet_consent::Call::revoke { patient: 0, consent: 2 })),
		step(PATIENT_0, consent(pallet_consent::Call::remove_ended { patient: 0, consent: 2 })),
	]
}

/// Trials: the researcher registers a trial; patient 0 consents to its protocol; enrolment.
fn trial_flow() -> Vec<Step> {
	let protocol = H256::repeat_byte(3);
	let research = terms(
		Party::Organisation(SPONSOR),
		&[DataCategory::Conditions],
		&[Purpose::Research],
		&[Action::Read],
		&[Role::Researcher],
		Some(protocol),
	);
	vec![
		step(
			RESEARCHER,
			records(pallet_records::Call::register_trial {
				protocol_hash: protocol,
				pointer: bounded(b"enc:v1:protocol".to_vec()),
				categories: DataCategories::of(&[DataCategory::Conditions]),
			}),
		),
		step(PATIENT_0, consent(pallet_consent::Call::grant { patient: 0, terms: research })),
		step(RESEARCHER, records(pallet_records::Call::enrol { trial: 0, patient: 0 })),
	]
}

fn gtin() -> pallet_supply_chain::Gtin {
	with_gs1_check_digit(b"0030012345678")
}

fn sscc(n: u32) -> pallet_supply_chain::Sscc {
	with_gs1_check_digit(format!("00614141{n:09}").as_bytes())
}

fn serial(n: u32) -> pallet_supply_chain::Serial {
	bounded(format!("{n:08}").into_bytes())
}

/// Supply chain: the maker registers a product, commissions three units, packs two in a case,
/// ships the case to the pharmacy, which receives, unpacks and dispenses one; the lot is
/// recalled.
fn supply_chain_flow() -> Vec<Step> {
	let lot = || -> pallet_supply_chain::Lot { bounded(b"A2611".to_vec()) };
	let unit = |n| UnitKey { gtin: gtin(), serial: serial(n) };
	vec![
		step(MAKER_ADMIN, supply(pallet_supply_chain::Call::register_product { gtin: gtin() })),
		step(
			MAKER_ADMIN,
			supply(pallet_supply_chain::Call::commission {
				gtin: gtin(),
				lot: lot(),
				expiry: now() + 700 * DAY_MS,
				serials: bounded((0..3).map(serial).collect()),
			}),
		),
		step(
			MAKER_ADMIN,
			supply(pallet_supply_chain::Call::pack {
				container: sscc(1),
				items: bounded(vec![Item::Unit(unit(0)), Item::Unit(unit(1))]),
			}),
		),
		step(
			MAKER_ADMIN,
			supply(pallet_supply_chain::Call::ship {
				to: PHARMACY,
				items: bounded(vec![Item::Container(sscc(1))]),
				documents: H256::repeat_byte(7),
			}),
		),
		later(1, PHARMACY_ADMIN, supply(pallet_supply_chain::Call::receive { shipment: 0 })),
		step(PHARMACY_ADMIN, supply(pallet_supply_chain::Call::unpack { container: sscc(1) })),
		step(PHARMACIST, supply(pallet_supply_chain::Call::dispense { unit: unit(0) })),
		step(
			MAKER_ADMIN,
			supply(pallet_supply_chain::Call::recall_lot {
				lot: LotKey { gtin: gtin(), lot: lot() },
				notice: H256::repeat_byte(8),
			}),
		),
	]
}

/// Claims: the insurer defines a plan (an office visit and a drug), its officer enrols
/// patient 0; the patient consents to payment; the physician claims a visit, which is paid;
/// the insurer funds and withdraws.
fn claims_flow() -> Vec<Step> {
	let payment = terms(
		Party::Organisation(INSURER),
		&[DataCategory::Billing],
		&[Purpose::Payment],
		&[Action::Read],
		&[Role::ClaimsOfficer],
		None,
	);
	let line = pallet_claims::ClaimLine {
		code: code(VISIT),
		units: 1,
		charged: 90 * UNIT,
		prior_authorisation: None,
		drug_unit: None,
		evidence: None,
	};
	let officer = crate::cast::account(CLAIMS_OFFICER);
	vec![
		step(
			INSURER_ADMIN,
			claims(pallet_claims::Call::define_plan { terms: plan_terms(), adjudicator: officer }),
		),
		step(
			CLAIMS_OFFICER,
			claims(pallet_claims::Call::enrol {
				plan: 0,
				patient: 0,
				coverage: pallet_claims::Coverage {
					start: now() - DAY_MS,
					end: now() + 365 * DAY_MS,
				},
			}),
		),
		step(PATIENT_0, consent(pallet_consent::Call::grant { patient: 0, terms: payment })),
		physician_bills(line),
		step(CLAIMS_OFFICER, claims(pallet_claims::Call::review_claim { claim: 0, approve: true })),
		step(
			HOSPITAL_ADMIN,
			claims(pallet_claims::Call::appeal { claim: 0, evidence: H256::repeat_byte(9) }),
		),
		step(INSURER_ADMIN, claims(pallet_claims::Call::withdraw_pool { amount: UNIT })),
	]
}

/// Break-glass: the physician declares an emergency access to patient 1's records; the privacy
/// officer finds it justified; the nurse declares another, found unjustified.
fn emergency_flow() -> Vec<Step> {
	let declare = |reason| {
		consent(pallet_consent::Call::declare_emergency_access {
			patient: 1,
			reason,
			justification: H256::repeat_byte(0xE1),
		})
	};
	let review = |access, verdict| {
		consent(pallet_consent::Call::review_emergency_access {
			access,
			verdict,
			report: H256::repeat_byte(0xE2),
		})
	};
	vec![
		step(PHYSICIAN, declare(pallet_consent::EmergencyReason::LifeThreatening)),
		later(1, PRIVACY_OFFICER, review(0, pallet_consent::Verdict::Justified)),
		step(NURSE, declare(pallet_consent::EmergencyReason::PatientCannotConsent)),
		later(1, PRIVACY_OFFICER, review(1, pallet_consent::Verdict::Unjustified)),
	]
}

/// Prior authorisation, on the claims flow's plan and enrolment: the physician asks for two MRI
/// units for patient 0, the claims officer grants them, the physician bills one against it.
fn prior_authorisation_flow() -> Vec<Step> {
	let line = pallet_claims::ClaimLine {
		code: code(MRI),
		units: 1,
		charged: 700 * UNIT,
		prior_authorisation: Some(0),
		drug_unit: None,
		evidence: None,
	};
	let mut steps = claims_flow();
	steps.extend([
		step(
			PHYSICIAN,
			claims(pallet_claims::Call::request_prior_authorisation {
				patient: 0,
				plan: 0,
				code: code(MRI),
				units: 2,
			}),
		),
		step(
			CLAIMS_OFFICER,
			claims(pallet_claims::Call::decide_prior_authorisation {
				authorisation: 0,
				units: Some(2),
				expires_at: now() + 30 * DAY_MS,
			}),
		),
		physician_bills(line),
	]);
	steps
}

/// The physician bills `line` for patient 0 under plan 0, a block later.
fn physician_bills(line: pallet_claims::ClaimLineOf<caduceus_runtime::Runtime>) -> Step {
	later(
		1,
		PHYSICIAN,
		claims(pallet_claims::Call::submit_claim {
			patient: 0,
			plan: 0,
			date_of_service: now(),
			lines: bounded(vec![line]),
			evidence: bounded(vec![]),
		}),
	)
}

/// Every seed flow.
pub fn flows() -> Vec<Vec<Step>> {
	let mut all = vec![
		records_flow(),
		consent_flow(),
		trial_flow(),
		supply_chain_flow(),
		claims_flow(),
		emergency_flow(),
		prior_authorisation_flow(),
	];
	// All of them in one input as well: later flows then run on the state of the earlier. One
	// block per step, so that together they stay within a block's limits.
	all.push(
		all.concat().into_iter().map(|step| Step { lapse: step.lapse.max(1), ..step }).collect(),
	);
	all
}
