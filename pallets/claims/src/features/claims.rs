//! Submitting a claim and adjudicating it: the claim-level edits, then each line's edits and
//! pricing against the patient's accumulators, in memory; the caller commits (a submission) or
//! not (an estimate).

use crate::{adjudication, *};
use alloc::{collections::BTreeMap, vec::Vec};
use caduceus_primitives::{
	Action, ConsentVerifier, DataCategory, ProductVerifier, Purpose, RecordRegistry, RecordStatus,
	Registry, UnitStatus,
};
use frame_support::{dispatch::DispatchResult, ensure, traits::Get, BoundedVec};
use sp_runtime::traits::{Saturating, Zero};

/// What a second adjudication waives.
#[derive(Clone, Copy, Default)]
pub(crate) struct Waivers {
	/// The suspicions that pend a line (a possible duplicate, a unit recalled after dispensing):
	/// a claims officer reviewed them.
	pub suspicion: bool,
	/// The administrative edits (timely filing, prior authorisation, duplicates): an appeal
	/// overturned them.
	pub administrative: bool,
}

/// A claim being adjudicated: who, what, under which terms.
pub(crate) struct Case<T: Config> {
	pub patient: PatientId,
	pub plan: PlanId,
	pub info: Plan<T::AccountId>,
	pub terms: PlanTermsOf<T>,
	pub provider: OrgId,
	pub submitter: T::AccountId,
	pub date_of_service: Moment,
	/// The claim adjudicated again, if it is: its own lines are no duplicates of themselves.
	pub claim: Option<ClaimId>,
}

/// What an adjudication changes, kept in memory until committed.
pub(crate) struct Session<T: Config> {
	/// The patient's accumulator for the plan year of the date of service.
	pub accumulator: AccumulatorOf<T>,
	/// Prior authorisations drawn on.
	pub authorisations: BTreeMap<PriorAuthId, PriorAuthorisation>,
	/// Services of this claim: code, units, charge (duplicates within the claim).
	pub services: Vec<(ServiceCode, u32, BalanceOf<T>)>,
}

/// The day (since the epoch) of block time `at`: duplicates are per day of service.
fn day(at: Moment) -> u32 {
	(at / caduceus_primitives::DAY_MS) as u32
}

impl<T: Config> Pallet<T> {
	/// The case of a claim of `patient` under `plan`'s current version.
	pub(crate) fn case(
		submitter: T::AccountId,
		patient: PatientId,
		plan: PlanId,
		version: Option<u32>,
		date_of_service: Moment,
	) -> Result<Case<T>, Error<T>> {
		let provider = Self::provider_of(&submitter)?;
		ensure!(T::Registry::is_patient(patient), Error::<T>::UnknownPatient);
		let info = Plans::<T>::get(plan).ok_or(Error::<T>::UnknownPlan)?;
		let terms = PlanVersions::<T>::get(plan, version.unwrap_or(info.version))
			.ok_or(Error::<T>::UnknownPlan)?;
		Ok(Case { patient, plan, info, terms, provider, submitter, date_of_service, claim: None })
	}

	/// The session of `case`: the accumulator as stored.
	pub(crate) fn session(case: &Case<T>) -> Session<T> {
		Session {
			accumulator: Accumulators::<T>::get(
				(case.patient, case.plan),
				plan_year(case.date_of_service),
			),
			authorisations: BTreeMap::new(),
			services: Vec::new(),
		}
	}

	/// The claim-level edits, in order: eligibility on the date of service, consent for
	/// payment, provider standing, timely filing. The reason every line is denied, if any.
	fn claim_edit(case: &Case<T>, waivers: Waivers) -> Option<Reason> {
		let Some(coverage) = Coverages::<T>::get(case.patient, case.plan) else {
			return Some(Reason::NotInsured);
		};
		if case.date_of_service < coverage.start {
			return Some(Reason::BeforeCoverage);
		}
		if case.date_of_service >= coverage.end {
			return Some(Reason::AfterCoverage);
		}
		let consent = T::ConsentVerifier::check(
			case.patient,
			&case.info.adjudicator,
			DataCategory::Billing,
			Purpose::Payment,
			Action::Read,
		);
		if consent.is_err() {
			return Some(Reason::LacksInformation);
		}
		if !Self::in_good_standing(&case.submitter, case.provider) {
			return Some(Reason::ProviderNotEligible);
		}
		let late = Self::now() > case.date_of_service.saturating_add(case.terms.filing_window);
		if late && !waivers.administrative {
			return Some(Reason::TimelyFiling);
		}
		None
	}

	/// Whether `line` was already claimed for this patient, provider and day: `Some(true)` for an
	/// exact duplicate (same units and charge), `Some(false)` for a suspected one.
	fn duplicate(case: &Case<T>, session: &Session<T>, line: &ClaimLineOf<T>) -> Option<bool> {
		let key = (case.patient, case.provider, day(case.date_of_service));
		let earlier = ServicesClaimed::<T>::get(key, &line.code)
			.filter(|(claim, _, _)| Some(*claim) != case.claim)
			.map(|(_, units, charged)| (units, charged))
			.or_else(|| {
				session
					.services
					.iter()
					.find(|(code, _, _)| *code == line.code)
					.map(|(_, units, charged)| (*units, *charged))
			})?;
		Some(earlier == (line.units, line.charged))
	}

	/// The edits of a pharmacy line's drug unit: a denial, a pend, or nothing.
	fn product_edit(
		case: &Case<T>,
		line: &ClaimLineOf<T>,
		waivers: Waivers,
	) -> Option<LineDecision> {
		let Some(unit) = &line.drug_unit else { return Some(LineDecision::Denied) };
		let Some(info) = T::ProductVerifier::unit(unit) else { return Some(LineDecision::Denied) };
		if !info.authentic
			|| info.dispensed_to != Some(case.patient)
			|| info.recalled_before_dispensing
		{
			return Some(LineDecision::Denied);
		}
		// Recalled after dispensing: paid only once someone looked at it.
		(info.status == UnitStatus::Recalled && !waivers.suspicion).then_some(LineDecision::Pended)
	}

	/// The units a line may draw on its prior authorisation, if it has a valid one.
	fn authorised_units(
		case: &Case<T>,
		session: &mut Session<T>,
		line: &ClaimLineOf<T>,
	) -> Option<(PriorAuthId, u32)> {
		let id = line.prior_authorisation?;
		let authorisation = match session.authorisations.get(&id) {
			Some(authorisation) => authorisation.clone(),
			None => PriorAuthorisations::<T>::get(id)?,
		};
		let valid = authorisation.status == AuthorisationStatus::Approved
			&& authorisation.patient == case.patient
			&& authorisation.plan == case.plan
			&& authorisation.provider == case.provider
			&& authorisation.code == line.code
			&& case.date_of_service <= authorisation.expires_at;
		let left = authorisation.units_approved.saturating_sub(authorisation.units_used);
		session.authorisations.insert(id, authorisation);
		valid.then_some((id, left))
	}

	/// Adjudicates one line: its edits in order, then its pricing; records its effects in
	/// `session`.
	fn adjudicate_line(
		case: &Case<T>,
		session: &mut Session<T>,
		line: &ClaimLineOf<T>,
		waivers: Waivers,
	) -> LineResultOf<T> {
		let (code, units, charged) = (line.code.clone(), line.units, line.charged);
		if !waivers.administrative {
			match Self::duplicate(case, session, line) {
				Some(true) => return adjudication::deny(code, units, charged, Reason::Duplicate),
				Some(false) if !waivers.suspicion => {
					return adjudication::pend(code, units, charged, Reason::Duplicate)
				},
				_ => {},
			}
		}
		session.services.push((code.clone(), units, charged));
		let Some(service) = case.terms.service(&code).cloned() else {
			return adjudication::deny(code, units, charged, Reason::NotCovered);
		};
		if service.pharmacy && case.terms.pharmacy_needs_unit {
			match Self::product_edit(case, line, waivers) {
				Some(LineDecision::Denied) => {
					return adjudication::deny(code, units, charged, Reason::ProductNotEligible)
				},
				Some(_) => {
					return adjudication::pend(code, units, charged, Reason::ProductNotEligible)
				},
				None => {},
			}
		}
		let mut drawn = None;
		let authorised_units = if service.needs_prior_authorisation && !waivers.administrative {
			match Self::authorised_units(case, session, line) {
				Some((id, left)) => {
					drawn = Some(id);
					Some(left)
				},
				None => {
					return adjudication::deny(
						code,
						units,
						charged,
						Reason::PriorAuthorisationAbsent,
					)
				},
			}
		} else {
			None
		};
		let accumulator = &session.accumulator;
		let allowance = adjudication::Allowance {
			unit_price_cap: service.unit_price_cap,
			units_left: service.units_per_year.saturating_sub(accumulator.units_of(&code)),
			authorised_units,
			deductible_left: case.terms.deductible.saturating_sub(accumulator.deductible_met),
			out_of_pocket_left: case
				.terms
				.out_of_pocket_max
				.saturating_sub(accumulator.out_of_pocket),
			benefit_left: case.terms.benefit_max.saturating_sub(accumulator.benefit_used),
			copay: case.terms.copay,
			coinsurance: case.terms.coinsurance,
		};
		let result = adjudication::price(code, units, charged, &allowance);
		Self::record_effects(session, &result, drawn);
		result
	}

	/// Adds a priced line to the accumulator and its units to the authorisation drawn on.
	fn record_effects(
		session: &mut Session<T>,
		result: &LineResultOf<T>,
		drawn: Option<PriorAuthId>,
	) {
		let accumulator = &mut session.accumulator;
		accumulator.deductible_met.saturating_accrue(result.deductible);
		accumulator.out_of_pocket.saturating_accrue(
			result.deductible.saturating_add(result.copay).saturating_add(result.coinsurance),
		);
		accumulator.benefit_used.saturating_accrue(result.benefit);
		if result.allowed_units > 0 {
			match accumulator.units.iter_mut().find(|(code, _)| *code == result.code) {
				Some((_, used)) => used.saturating_accrue(result.allowed_units),
				// A plan has at most `MaxServicesPerPlan` codes, so this always fits.
				None => {
					let _ = accumulator.units.try_push((result.code.clone(), result.allowed_units));
				},
			}
		}
		if let Some(authorisation) = drawn.and_then(|id| session.authorisations.get_mut(&id)) {
			authorisation.units_used.saturating_accrue(result.allowed_units);
		}
	}

	/// Adjudicates `lines` of `case`: every line denied if a claim-level edit fails, else each
	/// line in turn.
	pub(crate) fn adjudicate(
		case: &Case<T>,
		session: &mut Session<T>,
		lines: &[ClaimLineOf<T>],
		waivers: Waivers,
	) -> Vec<LineResultOf<T>> {
		match Self::claim_edit(case, waivers) {
			Some(reason) => lines
				.iter()
				.map(|line| adjudication::deny(line.code.clone(), line.units, line.charged, reason))
				.collect(),
			None => lines
				.iter()
				.map(|line| Self::adjudicate_line(case, session, line, waivers))
				.collect(),
		}
	}

	/// Writes what `session` changed.
	pub(crate) fn commit(case: &Case<T>, session: Session<T>) {
		Accumulators::<T>::insert(
			(case.patient, case.plan),
			plan_year(case.date_of_service),
			session.accumulator,
		);
		for (id, authorisation) in session.authorisations {
			PriorAuthorisations::<T>::insert(id, authorisation);
		}
	}

	/// A claim's outcome from its lines.
	pub(crate) fn outcome(results: &[LineResultOf<T>]) -> Outcome {
		if results.iter().any(|r| r.decision == LineDecision::Pended) {
			return Outcome::Pended;
		}
		if !results.iter().any(|r| r.decision == LineDecision::Approved) {
			return Outcome::Denied;
		}
		// A price cap is the contract working as agreed; units beyond a limit are a reduction.
		let reduced = results.iter().any(|r| {
			r.decision == LineDecision::Denied
				|| r.adjustments.iter().any(|a| {
					a.group == Group::CO
						&& matches!(
							a.reason,
							Reason::BenefitMaximum | Reason::PriorAuthorisationAbsent
						)
				})
		});
		if reduced {
			Outcome::PartiallyApproved
		} else {
			Outcome::Approved
		}
	}

	/// Checks the lines and evidence of a submission.
	fn ensure_valid_submission(
		patient: PatientId,
		date_of_service: Moment,
		lines: &ClaimLinesOf<T>,
		evidence: &EvidenceOf<T>,
	) -> Result<(), Error<T>> {
		ensure!(!lines.is_empty(), Error::<T>::NoLines);
		ensure!(
			lines.iter().all(|line| service_code_valid(&line.code) && line.units > 0),
			Error::<T>::InvalidLine
		);
		ensure!(date_of_service <= Self::now(), Error::<T>::FutureDateOfService);
		for record in evidence {
			let valid = T::RecordRegistry::record(*record)
				.is_some_and(|r| r.patient == patient && r.status != RecordStatus::Erased);
			ensure!(valid, Error::<T>::InvalidEvidence);
		}
		Ok(())
	}

	/// Submits and adjudicates a claim; pays it if approved.
	pub(crate) fn do_submit_claim(
		who: T::AccountId,
		patient: PatientId,
		plan: PlanId,
		date_of_service: Moment,
		lines: ClaimLinesOf<T>,
		evidence: EvidenceOf<T>,
	) -> DispatchResult {
		let case = Self::case(who.clone(), patient, plan, None, date_of_service)?;
		Self::ensure_valid_submission(patient, date_of_service, &lines, &evidence)?;
		let mut session = Self::session(&case);
		let results = Self::adjudicate(&case, &mut session, &lines, Waivers::default());
		Self::commit(&case, session);
		let id = NextClaimId::<T>::get();
		NextClaimId::<T>::put(id.saturating_add(1));
		// Lines the rules did not deny count for later duplicates; a denied line may be claimed
		// again once fixed.
		for (line, result) in lines.iter().zip(&results) {
			if result.decision != LineDecision::Denied {
				let key = (patient, case.provider, day(date_of_service));
				if !ServicesClaimed::<T>::contains_key(key, &line.code) {
					ServicesClaimed::<T>::insert(key, &line.code, (id, line.units, line.charged));
				}
			}
		}
		let results: BoundedVec<_, T::MaxLinesPerClaim> =
			results.try_into().expect("one result per line; qed");
		let mut claim = Claim {
			patient,
			plan,
			plan_version: case.info.version,
			provider: case.provider,
			submitted_by: who,
			date_of_service,
			submitted_at: Self::now(),
			lines,
			outcome: Self::outcome(&results),
			results,
			evidence,
			payment: Payment::NothingDue,
			paid: Zero::zero(),
			decisions: Default::default(),
			appeal: None,
		};
		Self::decided(id, &mut claim, DecidedBy::Rules);
		Self::settle(id, &mut claim, case.info.insurer);
		Filed::<T>::insert(id, claim);
		Ok(())
	}

	/// Records a decision of `claim` in its trail.
	pub(crate) fn record_decision(claim: &mut ClaimOf<T>, by: DecidedBy) {
		let benefit = Self::total_benefit(claim);
		// At most three decisions are ever made: rules, review, appeal.
		let _ = claim.decisions.try_push(Decision {
			by,
			outcome: claim.outcome,
			benefit,
			at: Self::now(),
		});
	}

	/// Records a decision of `claim` and announces its remittance.
	pub(crate) fn decided(id: ClaimId, claim: &mut ClaimOf<T>, by: DecidedBy) {
		Self::record_decision(claim, by);
		let benefit = Self::total_benefit(claim);
		let patient_responsibility =
			claim.results.iter().fold(Zero::zero(), |sum: BalanceOf<T>, r| {
				sum.saturating_add(adjudication::patient_share(r))
			});
		Self::deposit_event(Event::ClaimAdjudicated {
			claim: id,
			patient: claim.patient,
			provider: claim.provider,
			decided_by: by,
			outcome: claim.outcome,
			benefit,
			patient_responsibility,
			results: claim.results.clone(),
		});
	}

	/// What the plan pays for `claim` in all.
	pub(crate) fn total_benefit(claim: &ClaimOf<T>) -> BalanceOf<T> {
		claim
			.results
			.iter()
			.fold(Zero::zero(), |sum: BalanceOf<T>, r| sum.saturating_add(r.benefit))
	}

	/// Runs the adjudication of a claim without writing anything: what it would pay and what
	/// the patient would owe, line by line (predetermination).
	pub fn estimate(
		submitter: T::AccountId,
		patient: PatientId,
		plan: PlanId,
		date_of_service: Moment,
		lines: Vec<ClaimLineOf<T>>,
	) -> Result<Vec<LineResultOf<T>>, Error<T>> {
		ensure!(lines.len() as u32 <= T::MaxLinesPerClaim::get(), Error::<T>::InvalidLine);
		let case = Self::case(submitter, patient, plan, None, date_of_service)?;
		let mut session = Self::session(&case);
		Ok(Self::adjudicate(&case, &mut session, &lines, Waivers::default()))
	}
}
