//! Rows of the claims pallet: plans, coverage, claims, review and appeal, prior authorisation,
//! the insurers' payment pools.
//!
//! The state the rows build on (plan 0 of the insurer, patient 0 enrolled and consenting to
//! payment) follows `fuzz/src/seeds.rs`: each cell starts from the cast's initial state, in
//! block 2 (block time `now() + 6 s`), the insurer's pool holding 10,000 UNIT.

use crate::{motion, row, Caller, Row};
use caduceus_fuzz::cast::participants;
use caduceus_fuzz::cast::{account, org::INSURER, who::*};
use caduceus_fuzz::{
	execute::now,
	seeds::{code, plan_terms, DRUG, MRI, VISIT},
};
use caduceus_primitives::{
	category_slots::slots_of, Action, Actions, DataCategories, DataCategory, Purpose, Purposes,
	Role, Roles, DAY_MS,
};
use caduceus_runtime::{
	genesis_config_presets::DEMO_CATEGORY_KEYS, AccountId, Balance, Runtime, RuntimeCall, UNIT,
};
use pallet_claims::{Call as Claims, ClaimLine, ClaimLineOf, Coverage};
use pallet_consent::{ConsentTerms, Party};
use sp_core::H256;

fn claims(call: pallet_claims::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Claims(call)
}

/// The insurer's admin defines plan 0, adjudicated by the claims officer.
fn plan_defined() -> (u8, RuntimeCall) {
	let call = Claims::define_plan { terms: plan_terms(), adjudicator: account(CLAIMS_OFFICER) };
	(INSURER_ADMIN, claims(call))
}

fn coverage() -> Coverage {
	Coverage { start: now() - 30 * DAY_MS, end: now() + 365 * DAY_MS }
}

/// Plan 0 defined, patient 0 enrolled in it and consenting to the insurer's claims officers
/// reading billing data for payment (consent 2).
fn insured() -> Vec<(u8, RuntimeCall)> {
	let payment = ConsentTerms {
		grantee: Party::Organisation(INSURER),
		categories: slots_of(&DEMO_CATEGORY_KEYS[0], DataCategories::of(&[DataCategory::Billing])),
		purposes: Purposes::of(&[Purpose::Payment]),
		actions: Actions::of(&[Action::Read]),
		roles: Roles::of(&[Role::ClaimsOfficer]),
		valid_from: None,
		valid_until: now() + 300 * DAY_MS,
		exceptions: Default::default(),
		source_document: None,
	};
	vec![
		plan_defined(),
		(CLAIMS_OFFICER, claims(Claims::enrol { plan: 0, patient: 0, coverage: coverage() })),
		(
			PATIENT_0,
			RuntimeCall::Consent(pallet_consent::Call::grant { patient: 0, terms: payment }),
		),
	]
}

/// One unit of `text` charged `charged`, with no prior authorisation, drug unit or evidence.
fn line(text: &str, charged: Balance) -> ClaimLineOf<Runtime> {
	ClaimLine {
		code: code(text),
		units: 1,
		charged,
		prior_authorisation: None,
		drug_unit: None,
		evidence: None,
	}
}

/// A claim of patient 0 under plan 0.
fn submit(date_of_service: u64, lines: Vec<ClaimLineOf<Runtime>>) -> RuntimeCall {
	claims(Claims::submit_claim {
		patient: 0,
		plan: 0,
		date_of_service,
		lines: lines.try_into().unwrap(),
		evidence: Default::default(),
	})
}

/// Patient 0 insured, and claim 0 by the physician: a visit at 90 (approved) and the same visit
/// at 80 (a suspected duplicate of its sibling: pended), so the claim waits for review.
fn pended_claim() -> Vec<(u8, RuntimeCall)> {
	let mut steps = insured();
	steps.push((PHYSICIAN, submit(now(), vec![line(VISIT, 90 * UNIT), line(VISIT, 80 * UNIT)])));
	steps
}

/// Patient 0 insured, and claim 0 by the physician: an MRI without prior authorisation, denied
/// (CO-197).
fn denied_claim() -> Vec<(u8, RuntimeCall)> {
	let mut steps = insured();
	steps.push((PHYSICIAN, submit(now(), vec![line(MRI, 800 * UNIT)])));
	steps
}

/// Root and the consortium get `error`.
fn consortium_gets(row: Row, error: &'static str) -> Row {
	row.except_origin(Caller::Root, error).except_origin(Caller::Consortium, error)
}

/// The plan's insurer acts: its admin or an active claims officer; anyone else is no insurer.
fn insurer_only(row: Row) -> Row {
	row.may(&[INSURER_ADMIN, CLAIMS_OFFICER]).others("NotAnInsurer")
}

/// A council motion revoking the insurer, passed by both members (Bob, Eve): the consortium.
/// It is the chain's first motion (index 0).
fn consortium_revokes_the_insurer() -> Vec<(u8, RuntimeCall)> {
	let revoke = pallet_health_identity::Call::revoke_organisation { organisation: INSURER };
	motion(0, RuntimeCall::HealthIdentity(revoke))
}

/// The physician requests a prior authorisation of one MRI for patient 0 under plan 0.
fn mri_requested() -> (u8, RuntimeCall) {
	let call =
		Claims::request_prior_authorisation { patient: 0, plan: 0, code: code(MRI), units: 1 };
	(PHYSICIAN, claims(call))
}

/// Whoever receives a revoked insurer's surplus (a successor insurer, a receiver).
fn receiver() -> AccountId {
	AccountId::from([0xEC; 32])
}

pub fn rows() -> Vec<Row> {
	use rule::*;
	vec![
		define_plan(),
		define_plan_with_an_adjudicator_who_is_no_claims_officer(),
		amend_plan(),
		enrol(),
		submit_claim_for_a_visit(),
		submit_claim_for_a_drug(),
		review_claim_approving(),
		review_claim_denying(),
		appeal(),
		decide_appeal(),
		request_prior_authorisation(),
		decide_prior_authorisation_approving(),
		decide_prior_authorisation_denying(),
		fund_pool(),
		pay_claim(),
		withdraw_pool(),
		move_pool_of_an_active_insurer(),
		move_pool_of_a_revoked_insurer(),
	]
}

/// One row per rule (`///` says which).
mod rule {
	use super::*;

	/// An insurer's admin or active claims officer defines a plan (the cast's claims officer
	/// adjudicating it); nobody else.
	pub fn define_plan() -> Row {
		let call =
			Claims::define_plan { terms: plan_terms(), adjudicator: account(CLAIMS_OFFICER) };
		insurer_only(row(claims(call)))
	}

	/// The adjudicator must be an active claims officer of the insurer: not its admin.
	pub fn define_plan_with_an_adjudicator_who_is_no_claims_officer() -> Row {
		let call = Claims::define_plan { terms: plan_terms(), adjudicator: account(INSURER_ADMIN) };
		row(claims(call))
			.others("NotAnInsurer")
			.except(&[INSURER_ADMIN, CLAIMS_OFFICER], "NotAClaimsOfficer")
	}

	/// The plan's insurer amends it; nobody else.
	pub fn amend_plan() -> Row {
		let call = Claims::amend_plan { plan: 0, terms: plan_terms(), adjudicator: None };
		insurer_only(row(claims(call))).setup(vec![plan_defined()])
	}

	/// The plan's insurer enrols a patient; nobody else (the patient included).
	pub fn enrol() -> Row {
		let call = Claims::enrol { plan: 0, patient: 0, coverage: coverage() };
		insurer_only(row(claims(call))).setup(vec![plan_defined()])
	}

	/// A visit is billed by an active physician, nurse or laboratory technician of a provider
	/// (the lab's technician too: the claim is filed and adjudicated, whatever it pays); a
	/// privacy officer or a pharmacist has a provider but a role that bills no visit; the
	/// suspended clinic's physician is not in good standing; admins, the claims officer and the
	/// researcher (no provider), patients and the validator are no providers.
	pub fn submit_claim_for_a_visit() -> Row {
		row(submit(now(), vec![line(VISIT, 90 * UNIT)]))
			.setup(insured())
			.may(&[PHYSICIAN, NURSE, LAB_TECHNICIAN])
			.others("NotAProvider")
			.except(&[PRIVACY_OFFICER, PHARMACIST], "RoleCannotBill")
			.except(&[SUSPENDED_PHYSICIAN], "NotInGoodStanding")
	}

	/// A pharmacy line (a drug) is billed by a pharmacist only (this one is filed, then denied
	/// in adjudication: no dispensed unit, no treatment relationship).
	pub fn submit_claim_for_a_drug() -> Row {
		row(submit(now(), vec![line(DRUG, 40 * UNIT)]))
			.setup(insured())
			.may(&[PHARMACIST])
			.others("NotAProvider")
			.except(&[PHYSICIAN, NURSE, LAB_TECHNICIAN, PRIVACY_OFFICER], "RoleCannotBill")
			.except(&[SUSPENDED_PHYSICIAN], "NotInGoodStanding")
	}

	/// The plan's insurer approves a claim's pended lines; nobody else (not the provider).
	pub fn review_claim_approving() -> Row {
		let call = Claims::review_claim { claim: 0, approve: true };
		insurer_only(row(claims(call))).setup(pended_claim())
	}

	/// The plan's insurer denies a claim's pended lines; nobody else.
	pub fn review_claim_denying() -> Row {
		let call = Claims::review_claim { claim: 0, approve: false };
		insurer_only(row(claims(call))).setup(pended_claim())
	}

	/// A denied claim is appealed by the practitioner who submitted it or an administrator of
	/// its provider (the hospital's admin account); not a colleague (the nurse, the privacy
	/// officer), another provider, the insurer or the patient (docs/pallets/claims.md: "the
	/// patient or a stranger reopening claims" is what the rule stops).
	pub fn appeal() -> Row {
		row(claims(Claims::appeal { claim: 0, evidence: H256::repeat_byte(9) }))
			.setup(denied_claim())
			.may(&[PHYSICIAN, HOSPITAL_ADMIN])
			.others("NotSubmitterOrAdministrator")
	}

	/// The plan's insurer decides an appeal (overturned: the MRI is paid); nobody else.
	pub fn decide_appeal() -> Row {
		let mut steps = denied_claim();
		let appeal = Claims::appeal { claim: 0, evidence: H256::repeat_byte(9) };
		steps.push((PHYSICIAN, claims(appeal)));
		insurer_only(row(claims(Claims::decide_appeal { claim: 0, overturn: true }))).setup(steps)
	}

	/// An active practitioner of a provider requests a prior authorisation, whatever its role;
	/// the suspended clinic's physician is not active (`NotAProvider`), the claims officer and
	/// the researcher have no provider, admins and patients are no practitioners.
	// Policy question (open, see docs/security.md): no role fit is asked (unlike `submit_claim`): the privacy officer and the
	// pharmacist (for an MRI) may request one; nor a treatment relationship with the patient,
	// nor the patient's enrolment in the plan. docs/pallets/claims.md says "an active
	// practitioner of a provider", so they are "ok" here.
	pub fn request_prior_authorisation() -> Row {
		let (_, call) = mri_requested();
		row(call)
			.setup(vec![plan_defined()])
			.may(&[PHYSICIAN, PRIVACY_OFFICER, NURSE, LAB_TECHNICIAN, PHARMACIST])
			.others("NotAProvider")
	}

	/// The plan's insurer approves a prior authorisation; nobody else.
	pub fn decide_prior_authorisation_approving() -> Row {
		let call = Claims::decide_prior_authorisation {
			authorisation: 0,
			units: Some(1),
			expires_at: now() + 30 * DAY_MS,
		};
		insurer_only(row(claims(call))).setup(vec![plan_defined(), mri_requested()])
	}

	/// The plan's insurer denies a prior authorisation; nobody else.
	pub fn decide_prior_authorisation_denying() -> Row {
		let call =
			Claims::decide_prior_authorisation { authorisation: 0, units: None, expires_at: 0 };
		insurer_only(row(claims(call))).setup(vec![plan_defined(), mri_requested()])
	}

	/// Only the insurer's admin funds its pool (from its own balance): not a claims officer.
	pub fn fund_pool() -> Row {
		row(claims(Claims::fund_pool { amount: 100 * UNIT }))
			.may(&[INSURER_ADMIN])
			.others("NotAnInsurer")
	}

	/// Anyone (any participant) pays the claim first in its insurer's queue. To get one: the
	/// pool nearly emptied (10 UNIT left), `MaxPaymentsPerCall + 1` visits on as many days wait
	/// (64 UNIT each); a top-up pays all but the last (`fund_pool` pays at most
	/// `MaxPaymentsPerCall`), which stays first in the queue with the pool able to pay it.
	pub fn pay_claim() -> Row {
		let per_call: u32 = <Runtime as pallet_claims::Config>::MaxPaymentsPerCall::get();
		let mut steps = insured();
		steps.push((INSURER_ADMIN, claims(Claims::withdraw_pool { amount: 9_990 * UNIT })));
		for day in 0..=u64::from(per_call) {
			steps.push((PHYSICIAN, submit(now() - day * DAY_MS, vec![line(VISIT, 90 * UNIT)])));
		}
		steps.push((INSURER_ADMIN, claims(Claims::fund_pool { amount: 10_000 * UNIT })));
		row(claims(Claims::pay_claim { claim: u64::from(per_call) }))
			.setup(steps)
			.may(&participants())
	}

	/// Only the insurer's admin withdraws the pool's surplus: not a claims officer.
	pub fn withdraw_pool() -> Row {
		row(claims(Claims::withdraw_pool { amount: UNIT }))
			.may(&[INSURER_ADMIN])
			.others("NotAnInsurer")
	}

	/// Only the consortium moves a pool, and only a revoked insurer's: root and the consortium
	/// pass the origin check and are refused for the active insurer; no signed member passes.
	pub fn move_pool_of_an_active_insurer() -> Row {
		let call = Claims::move_pool { insurer: INSURER, to: receiver() };
		consortium_gets(row(claims(call)), "InsurerNotRevoked")
	}

	/// Once the consortium revoked the insurer (a council motion), root and the consortium
	/// move its surplus; no signed member, the insurer's admin included.
	pub fn move_pool_of_a_revoked_insurer() -> Row {
		let call = Claims::move_pool { insurer: INSURER, to: receiver() };
		row(claims(call)).setup(consortium_revokes_the_insurer()).consortium()
	}
}
