//! The claims load: the hospital's physicians submit claims for their patients' visits, each
//! adjudicated when it is submitted and paid from the insurer's pool in the same block.
//!
//! Its set-up goes through the chain's real calls: the consortium (sudo, on the development
//! chain) registers an insurer of this run; its admin attests a claims officer and defines a
//! plan whose fee schedule names office-visit codes as tokens under the plan's billing key;
//! every patient consents to the insurer's claims officers reading billing data for payment;
//! the insurer enrols every patient and funds its pool for every claim to come.

use crate::{
	cast::{by_consortium, ensure_sudid, salt, Cast, Patient, BATCH, FEES, FUNDING},
	kinds::{batch_all, most_each, spread},
	run::{account_of, Session, Work},
};
use anyhow::{anyhow, bail, Result};
use caduceus_primitives::{
	billing_codes::{code_token, BillingKey},
	category_slots::slots_of,
	salted::document_hash,
	Action, Actions, DataCategories, DataCategory, Moment, OrgId, OrgKind, PatientId, Purpose,
	Purposes, Role, Roles, DAY_MS,
};
use caduceus_runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent, UNIT};
use pallet_claims::{ClaimLine, Coverage, CoveredService, PlanId, PlanTerms, ServiceCode};
use pallet_consent::{ConsentTerms, Party};
use sp_core::{sr25519, H256};
use sp_crypto_hashing::blake2_256;
use sp_runtime::Permill;

/// What each claim charges, all of it paid: the plan has no deductible, copay or coinsurance.
pub const CHARGED: Balance = UNIT;

/// The most claims a physician submits in a run: one per code of the fee schedule.
pub const MOST_PER_PHYSICIAN: usize = CODES.len();

/// The office-visit codes of the plan's fee schedule (CPT evaluation and management): a
/// patient's claims of one day name distinct codes, or the later ones would be duplicates.
const CODES: [&str; 16] = [
	"99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215", "99221",
	"99222", "99223", "99231", "99232", "99233", "99238",
];

/// The plan's coverage and filing window, around the time of set-up.
const COVERAGE_BEFORE: Moment = 30 * DAY_MS;
const COVERAGE_AFTER: Moment = 335 * DAY_MS;
const FILING_WINDOW: Moment = 90 * DAY_MS;

/// The insurer's two accounts.
pub struct Staff {
	/// The insurer's admin: it defines the plan, enrols and funds.
	pub admin: sr25519::Pair,
	/// The plan's adjudicator.
	pub officer: sr25519::Pair,
}

impl Staff {
	/// What the admin and the officer need to be given: the admin pays the pool for `claims`.
	pub fn funding(&self, claims: usize) -> Vec<(AccountId, Balance)> {
		let pool = CHARGED * claims as Balance;
		vec![(account_of(&self.admin), FUNDING + pool), (account_of(&self.officer), FEES)]
	}
}

/// The insurer and plan the bench's claims are made under.
pub struct Billing {
	/// The plan.
	pub plan: PlanId,
	/// The plan's fee schedule: each code as its token under the plan's billing key.
	pub codes: Vec<ServiceCode>,
}

impl Billing {
	/// Registers the insurer, defines its plan, enrols every patient of `cast` (each
	/// consenting to the insurer for payment) and funds the pool for `claims` claims.
	pub async fn prepare(
		session: &Session,
		cast: &Cast,
		staff: Staff,
		claims: usize,
		now: Moment,
	) -> Result<Billing> {
		let insurer = register_insurer(session, &cast.tag, &staff).await?;
		let codes = plan_codes(&cast.tag);
		let plan = define_plan(session, &cast.tag, &staff, &codes).await?;
		let mut work = payment_consents(cast, insurer, now);
		let coverage = coverage_around(now);
		let enrolments: Vec<RuntimeCall> =
			cast.patients.iter().map(|patient| enrol(plan, patient.id, coverage)).collect();
		let mut calls: Vec<RuntimeCall> =
			enrolments.chunks(BATCH).map(|chunk| batch_all(chunk.to_vec())).collect();
		calls.push(RuntimeCall::Claims(pallet_claims::Call::fund_pool {
			amount: CHARGED * claims as Balance,
		}));
		work.push(Work { signer: staff.admin, calls });
		session
			.settle("patients consent to the insurer, which enrols them and funds", work)
			.await?;
		Ok(Billing { plan, codes })
	}

	/// Physician `q`'s `j`-th claim is for patient `q + j`'s visit today (in turn), billed
	/// under code `j`: the claims a patient gets, one from each of physicians `p - j`, name
	/// distinct services, so that none is a duplicate of another.
	pub fn claims(&self, cast: &Cast, count: usize, today: Moment) -> Result<Vec<Work>> {
		let patients = &cast.patients;
		let most = most_each(count, cast.physicians.len());
		if most > self.codes.len() {
			bail!(
				"{count} claims over {} physicians is {most} each: at most {} (a patient's claims \
				 of one day name distinct codes of the fee schedule; more accounts, or fewer \
				 claims)",
				cast.physicians.len(),
				self.codes.len(),
			);
		}
		Ok(spread(count, &cast.physicians, |q, j| {
			let patient = patients[(q + j) % patients.len()].id;
			claim(self.plan, patient, self.codes[j].clone(), today)
		}))
	}
}

/// The fee schedule's codes as tokens under run `tag`'s billing key.
pub fn plan_codes(tag: &str) -> Vec<ServiceCode> {
	let key: BillingKey = blake2_256(format!("caduceus-bench/{tag}/billing-key").as_bytes());
	CODES
		.iter()
		.map(|code| code_token(&key, code.as_bytes()).to_vec().try_into().expect("16 bytes"))
		.collect()
}

/// A patient's coverage by the plan, around `now`.
pub fn coverage_around(now: Moment) -> Coverage {
	Coverage { start: now - COVERAGE_BEFORE, end: now + COVERAGE_AFTER }
}

/// `claims.submit_claim` of one office visit of `patient` on `date` under `plan`, billed as
/// `code`.
pub fn claim(plan: PlanId, patient: PatientId, code: ServiceCode, date: Moment) -> RuntimeCall {
	let line = ClaimLine {
		code,
		units: 1,
		charged: CHARGED,
		prior_authorisation: None,
		drug_unit: None,
		evidence: None,
	};
	RuntimeCall::Claims(pallet_claims::Call::submit_claim {
		patient,
		plan,
		date_of_service: date,
		lines: vec![line].try_into().expect("one line"),
		evidence: Default::default(),
	})
}

/// `health_identity.register_organisation` of run `tag`'s insurer, administered by `admin`
/// (a call of the consortium).
pub fn insurer_registration(tag: &str, admin: AccountId) -> RuntimeCall {
	RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_organisation {
		kind: OrgKind::Insurer,
		name: format!("Bench Mutual {tag}").into_bytes().try_into().expect("a short name"),
		identifiers: pallet_health_identity::PublicIdentifiers {
			gln: None,
			npi: None,
			licence: None,
		},
		admin,
	})
}

/// The consortium registers this run's insurer, administered by `staff.admin`.
async fn register_insurer(session: &Session, tag: &str, staff: &Staff) -> Result<OrgId> {
	let register = insurer_registration(tag, account_of(&staff.admin));
	let what = "the consortium registers an insurer";
	let outcome = session.settle(what, vec![by_consortium(register)?]).await?;
	ensure_sudid(&outcome, what)?;
	let insurer = outcome
		.events()
		.find_map(|event| match event {
			RuntimeEvent::HealthIdentity(
				pallet_health_identity::Event::OrganisationRegistered { organisation, .. },
			) => Some(*organisation),
			_ => None,
		})
		.ok_or_else(|| anyhow!("{what}: no organisation was registered"));
	insurer
}

/// The insurer's admin attests its claims officer and defines the plan: every code covered,
/// nothing left for the patient to pay.
async fn define_plan(
	session: &Session,
	tag: &str,
	staff: &Staff,
	codes: &[ServiceCode],
) -> Result<PlanId> {
	let officer = account_of(&staff.officer);
	let calls = plan_calls(tag, officer, codes)?;
	let work = vec![Work { signer: staff.admin.clone(), calls }];
	let outcome = session.settle("the insurer defines its plan", work).await?;
	let plan = outcome
		.events()
		.find_map(|event| match event {
			RuntimeEvent::Claims(pallet_claims::Event::PlanDefined { plan, .. }) => Some(*plan),
			_ => None,
		})
		.ok_or_else(|| anyhow!("no plan was defined"));
	plan
}

/// What the insurer's admin calls to attest `officer` as its claims officer and define a plan
/// of `codes` adjudicated by it: every code covered, nothing left for the patient to pay.
pub fn plan_calls(
	tag: &str,
	officer: AccountId,
	codes: &[ServiceCode],
) -> Result<Vec<RuntimeCall>> {
	let attest = RuntimeCall::HealthIdentity(pallet_health_identity::Call::attest_practitioner {
		practitioner: officer.clone(),
		role: Role::ClaimsOfficer,
		credential_hash: document_hash(&salt(tag, "claims-officer", 0, 0), b"Licence"),
		expires_at: None,
	});
	let services = codes
		.iter()
		.map(|code| CoveredService {
			code: code.clone(),
			unit_price_cap: 2 * CHARGED,
			units_per_year: 366,
			needs_prior_authorisation: false,
			pharmacy: false,
			needs_evidence: false,
		})
		.collect::<Vec<_>>()
		.try_into()
		.map_err(|_| anyhow!("more codes than a plan covers"))?;
	let terms: PlanTerms<Balance, <Runtime as pallet_claims::Config>::MaxServicesPerPlan> =
		PlanTerms {
			services,
			deductible: 0,
			coinsurance: Permill::zero(),
			copay: 0,
			out_of_pocket_max: 0,
			benefit_max: Balance::MAX / 4,
			filing_window: FILING_WINDOW,
			pharmacy_needs_unit: false,
		};
	let define =
		RuntimeCall::Claims(pallet_claims::Call::define_plan { terms, adjudicator: officer });
	Ok(vec![attest, define])
}

/// Every patient's grant to `insurer`'s claims officers to read its billing data for payment.
fn payment_consents(cast: &Cast, insurer: OrgId, now: Moment) -> Vec<Work> {
	cast.patients
		.iter()
		.enumerate()
		.map(|(i, patient)| {
			let source = document_hash(&salt(&cast.tag, "payment-consent", i, 0), b"Consent");
			let call = payment_consent(patient, insurer, now, source);
			Work { signer: patient.pair.clone(), calls: vec![call] }
		})
		.collect()
}

/// `patient`'s grant to `insurer`'s claims officers to read its billing data for payment, of
/// consent document `source`.
pub fn payment_consent(
	patient: &Patient,
	insurer: OrgId,
	now: Moment,
	source: H256,
) -> RuntimeCall {
	let terms = ConsentTerms {
		grantee: Party::Organisation(insurer),
		categories: slots_of(&patient.key, DataCategories::of(&[DataCategory::Billing])),
		purposes: Purposes::of(&[Purpose::Payment]),
		actions: Actions::of(&[Action::Read]),
		roles: Roles::of(&[Role::ClaimsOfficer]),
		valid_from: None,
		valid_until: now + crate::kinds::GRANT_DURATION,
		exceptions: Default::default(),
		source_document: Some(source),
	};
	RuntimeCall::Consent(pallet_consent::Call::grant { patient: patient.id, terms })
}

/// `claims.enrol` of `patient` in `plan` for `coverage`.
pub fn enrol(plan: PlanId, patient: PatientId, coverage: Coverage) -> RuntimeCall {
	RuntimeCall::Claims(pallet_claims::Call::enrol { plan, patient, coverage })
}
