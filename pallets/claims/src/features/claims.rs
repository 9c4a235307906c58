//! Submitting a claim and adjudicating it: the claim-level edits, then each line's edits and
//! pricing against the patient's accumulators, in memory; the caller commits (a submission) or
//! not (an estimate).

use crate::{adjudication, *};
use alloc::{collections::BTreeMap, vec::Vec};
use caduceus_primitives::{
	billing_codes::token_shaped, Action, ConsentVerifier, ProductVerifier, Purpose, RecordRegistry,
	RecordStatus, Registry,
};
use frame_support::{ensure, traits::Get, weights::Weight, BoundedVec};
use sp_runtime::traits::{Saturating, Zero};
use sp_runtime::DispatchError;

/// What a second adjudication waives.
#[derive(Clone, Copy, Default)]
pub(crate) struct Waivers {
	/// The suspicion that pends a line (a possible duplicate): a claims officer reviewed it.
	pub suspicion: bool,
	/// The administrative edits (timely filing, provider standing, prior authorisation): an
	/// appeal overturned them.
	pub administrative: bool,
	/// The claim-level edits passed when the claim was filed: a review does not run them again.
	pub claim_edits_passed: bool,
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
	/// When the claim was filed: what timely filing is judged on.
	pub filed_at: Moment,
	/// The claim adjudicated again, if it is: its own lines are no duplicates of themselves.
	pub claim: Option<ClaimId>,
}

/// What an adjudication changes, kept in memory until committed.
pub(crate) struct Session<T: Config> {
	/// The patient's accumulator for the plan year of the date of service.
	pub accumulator: AccumulatorOf<T>,
	/// Units used per code this plan year, as read and as changed.
	pub units: BTreeMap<ServiceCode, u32>,
	/// Prior authorisations drawn on.
	pub authorisations: BTreeMap<PriorAuthId, PriorAuthorisation>,
	/// Services of this claim: code, units, charge (duplicates within the claim).
	pub services: Vec<(ServiceCode, u32, BalanceOf<T>)>,
	/// Drug units billed in this claim.
	pub drug_units: Vec<UnitToken>,
	/// How many of them the claim did not bill before: each draws on a dispensing.
	pub new_units: u64,
	/// The prior authorisation each line adjudicated drew on, in order.
	pub drawn: Vec<Option<PriorAuthId>>,
	/// What the consent checks the adjudication made cost beyond their fast paths (which the
	/// calls' benchmarks hold): the call charges this instead of the checks' worst cases.
	pub checks_beyond_fast_path: Weight,
}

/// The day (since the epoch) of block time `at`: duplicates are per day of service.
pub(crate) fn day(at: Moment) -> u32 {
	at.saturating_div(caduceus_primitives::DAY_MS) as u32
}

impl<T: Config> Pallet<T> {
	/// The case of a new claim of `patient` under `plan`'s current version, by `submitter`.
	pub(crate) fn case(
		submitter: T::AccountId,
		patient: PatientId,
		plan: PlanId,
		date_of_service: Moment,
	) -> Result<Case<T>, Error<T>> {
		let provider = Self::provider_of(&submitter)?;
		// Only a registered patient is enrolled (and patients stay registered): a coverage
		// under the plan, which adjudication reads anyway, spares the registry's read.
		ensure!(
			Coverages::<T>::contains_key(patient, plan) || T::Registry::is_patient(patient),
			Error::<T>::UnknownPatient
		);
		let info = Plans::<T>::get(plan).ok_or(Error::<T>::UnknownPlan)?;
		let terms = PlanVersions::<T>::get(plan, info.version).ok_or(Error::<T>::UnknownPlan)?;
		Ok(Case {
			patient,
			plan,
			info,
			terms,
			provider,
			submitter,
			date_of_service,
			filed_at: Self::now(),
			claim: None,
		})
	}

	/// The case of filed claim `id`, as it was filed: its provider, plan version and filing time.
	pub(crate) fn case_of(id: ClaimId, claim: &ClaimOf<T>) -> Result<Case<T>, Error<T>> {
		let info = Plans::<T>::get(claim.plan).ok_or(Error::<T>::UnknownPlan)?;
		let terms = PlanVersions::<T>::get(claim.plan, claim.plan_version)
			.ok_or(Error::<T>::UnknownPlan)?;
		Ok(Case {
			patient: claim.patient,
			plan: claim.plan,
			info,
			terms,
			provider: claim.provider,
			submitter: claim.submitted_by.clone(),
			date_of_service: claim.date_of_service,
			filed_at: claim.submitted_at,
			claim: Some(id),
		})
	}

	/// The accumulator key of `case`.
	fn year_key(case: &Case<T>) -> ((PatientId, PlanId), PlanYear) {
		((case.patient, case.plan), plan_year(case.date_of_service))
	}

	/// The session of `case`: the accumulator as stored.
	pub(crate) fn session(case: &Case<T>) -> Session<T> {
		let (key, year) = Self::year_key(case);
		Session {
			accumulator: Accumulators::<T>::get(key, year),
			units: BTreeMap::new(),
			authorisations: BTreeMap::new(),
			services: Vec::new(),
			drug_units: Vec::new(),
			new_units: 0,
			drawn: Vec::new(),
			checks_beyond_fast_path: Weight::zero(),
		}
	}

	/// Units of `code` used this plan year, as the session sees them.
	fn units_used(case: &Case<T>, session: &mut Session<T>, code: &ServiceCode) -> u32 {
		*session
			.units
			.entry(code.clone())
			.or_insert_with(|| UnitsUsed::<T>::get(Self::year_key(case), code))
	}

	/// The claim-level edits, in order: eligibility on the date of service, consent for
	/// payment, the provider's treatment relationship with the patient on the date of service
	/// (a treatment consent or an emergency access), timely filing. The reason every line is
	/// denied, if any. What the consent checks cost beyond their fast paths goes into `session`.
	fn claim_edit(case: &Case<T>, session: &mut Session<T>, waivers: Waivers) -> Option<Reason> {
		if waivers.claim_edits_passed {
			return None;
		}
		let Some(coverage) = Coverages::<T>::get(case.patient, case.plan) else {
			return Some(Reason::NotInsured);
		};
		if case.date_of_service < coverage.start {
			return Some(Reason::BeforeCoverage);
		}
		if case.date_of_service >= coverage.end {
			return Some(Reason::AfterCoverage);
		}
		// The patient's grant to the insurer for payment, whatever its slots: the chain does not
		// know which slot is the patient's billing category.
		let consent = T::ConsentVerifier::check_any_category(
			case.patient,
			&case.info.adjudicator,
			Purpose::Payment,
			Action::Read,
		);
		session.checks_beyond_fast_path.saturating_accrue(consent.weight_beyond_fast_path);
		if consent.answer.is_err() {
			return Some(Reason::LacksInformation);
		}
		if waivers.administrative {
			return None;
		}
		let treatment = T::ConsentVerifier::treated(
			case.patient,
			case.provider,
			&case.submitter,
			case.date_of_service,
		);
		session.checks_beyond_fast_path.saturating_accrue(treatment.weight_beyond_fast_path);
		if !treatment.treated {
			return Some(Reason::ProviderNotEligible);
		}
		if case.filed_at > case.date_of_service.saturating_add(case.terms.filing_window) {
			return Some(Reason::TimelyFiling);
		}
		None
	}

	/// The key of `case`'s services in the duplicate index.
	fn service_key(case: &Case<T>) -> (PatientId, OrgId, u32) {
		(case.patient, case.provider, day(case.date_of_service))
	}

	/// Whether `line` was already claimed for this patient, provider and day, in another claim
	/// or earlier in this one: `Some(true)` for an exact duplicate (same units and charge) of
	/// any of them, or when the service is indexed for as many other claims as it may be (the
	/// line could not be indexed beside them); `Some(false)` for a suspected one.
	fn duplicate(case: &Case<T>, session: &Session<T>, line: &ClaimLineOf<T>) -> Option<bool> {
		let others = ServicesClaimed::<T>::get(Self::service_key(case), &line.code);
		let full =
			others.is_full() && others.iter().all(|(claim, _, _)| Some(*claim) != case.claim);
		let indexed = others
			.into_iter()
			.filter(|(claim, _, _)| Some(*claim) != case.claim)
			.map(|(_, units, charged)| (units, charged));
		if full {
			return Some(true);
		}
		let in_claim = session
			.services
			.iter()
			.filter(|(code, _, _)| *code == line.code)
			.map(|(_, units, charged)| (*units, *charged));
		let mut earlier = indexed.into_iter().chain(in_claim).peekable();
		earlier.peek()?;
		Some(earlier.any(|claimed| claimed == (line.units, line.charged)))
	}

	/// Whether the claim bills the line's drug unit already (a claim adjudicated again).
	fn holds(case: &Case<T>, unit: &UnitToken) -> bool {
		case.claim.is_some() && UnitsClaimed::<T>::get(unit) == case.claim
	}

	/// The edit of a pharmacy line's drug unit: whether it is denied. It is unless the line
	/// names a unit, and the claim bills it already or the provider has dispensed more units
	/// than it bills. The chain cannot tell which unit the token names, so whether it is
	/// authentic, the provider's, recalled or suspect is for the insurer to check: it reads the
	/// token with its key and sees the unit in the supply chain.
	pub(crate) fn product_denied(
		case: &Case<T>,
		session: &Session<T>,
		line: &ClaimLineOf<T>,
	) -> bool {
		let Some(unit) = &line.drug_unit else { return true };
		if Self::holds(case, unit) {
			return false;
		}
		let billed = UnitsBilled::<T>::get(case.provider).saturating_add(session.new_units);
		billed >= T::ProductVerifier::dispensed(case.provider)
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
	/// `session`, its drug unit among them if the line stands.
	fn adjudicate_line(
		case: &Case<T>,
		session: &mut Session<T>,
		line: &ClaimLineOf<T>,
		waivers: Waivers,
	) -> LineResultOf<T> {
		let result = Self::line_result(case, session, line, waivers);
		if let Some(unit) = line.drug_unit {
			if result.decision != LineDecision::Denied {
				if !Self::holds(case, &unit) {
					session.new_units.saturating_inc();
				}
				session.drug_units.push(unit);
			}
		}
		result
	}

	/// A line's edits in order, then its pricing. A pharmacy line's unit comes first: billed
	/// once, and drawn on a dispensing of the pharmacy's, before a suspected duplicate can pend
	/// the line (a line pended then approved on review keeps the unit it was checked for).
	fn line_result(
		case: &Case<T>,
		session: &mut Session<T>,
		line: &ClaimLineOf<T>,
		waivers: Waivers,
	) -> LineResultOf<T> {
		let (code, units, charged) = (line.code.clone(), line.units, line.charged);
		let service = case.terms.service(&code).cloned();
		// A unit is billed once, whether or not the plan asks pharmacy lines for one.
		if Self::unit_billed(case, session, line) {
			return adjudication::deny(code, units, charged, Reason::Duplicate);
		}
		if case.terms.pharmacy_needs_unit
			&& service.as_ref().is_some_and(|s| s.pharmacy)
			&& Self::product_denied(case, session, line)
		{
			return adjudication::deny(code, units, charged, Reason::ProductNotEligible);
		}
		// Duplicates of other claims are checked even on appeal: a service is paid once.
		match Self::duplicate(case, session, line) {
			Some(true) => return adjudication::deny(code, units, charged, Reason::Duplicate),
			Some(false) if !waivers.suspicion => {
				// Pended, the line stands: its own twins later in the claim are duplicates.
				session.services.push((code.clone(), units, charged));
				return adjudication::pend(code, units, charged, Reason::Duplicate);
			},
			_ => {},
		}
		session.services.push((code.clone(), units, charged));
		let Some(service) = service else {
			return adjudication::deny(code, units, charged, Reason::NotCovered);
		};
		if service.needs_evidence && line.evidence.is_none() {
			return adjudication::deny(code, units, charged, Reason::DocumentationRequired);
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
		let used = Self::units_used(case, session, &code);
		let accumulator = &session.accumulator;
		let allowance = adjudication::Allowance {
			unit_price_cap: service.unit_price_cap,
			units_left: service.units_per_year.saturating_sub(used),
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
		if let Some(last) = session.drawn.last_mut() {
			*last = drawn;
		}
		result
	}

	/// Whether the line's drug unit was billed already, in another claim or in this one.
	fn unit_billed(case: &Case<T>, session: &Session<T>, line: &ClaimLineOf<T>) -> bool {
		line.drug_unit.as_ref().is_some_and(|unit| {
			UnitsClaimed::<T>::get(unit).is_some_and(|claim| Some(claim) != case.claim)
				|| session.drug_units.contains(unit)
		})
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
		if let Some(used) = session.units.get_mut(&result.code) {
			used.saturating_accrue(result.allowed_units);
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
		match Self::claim_edit(case, session, waivers) {
			Some(reason) => lines
				.iter()
				.map(|line| adjudication::deny(line.code.clone(), line.units, line.charged, reason))
				.collect(),
			None => lines
				.iter()
				.map(|line| {
					session.drawn.push(None);
					Self::adjudicate_line(case, session, line, waivers)
				})
				.collect(),
		}
	}

	/// Writes what `session` changed.
	pub(crate) fn commit(case: &Case<T>, session: Session<T>) {
		let key = Self::year_key(case);
		Accumulators::<T>::insert(key.0, key.1, session.accumulator);
		for (code, used) in session.units {
			if used > 0 {
				UnitsUsed::<T>::insert(key, code, used);
			}
		}
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

	/// Checks the lines and evidence of a submission: codes and drug units as tokens, never in
	/// clear.
	fn ensure_valid_submission(
		patient: PatientId,
		date_of_service: Moment,
		lines: &ClaimLinesOf<T>,
		evidence: &EvidenceOf<T>,
	) -> Result<(), Error<T>> {
		ensure!(!lines.is_empty(), Error::<T>::NoLines);
		ensure!(
			lines.iter().all(|line| {
				service_code_valid(&line.code)
					&& line.units > 0
					&& line.drug_unit.is_none_or(|unit| token_shaped(&unit))
			}),
			Error::<T>::InvalidLine
		);
		ensure!(date_of_service <= Self::now(), Error::<T>::FutureDateOfService);
		let cited = lines.iter().filter_map(|line| line.evidence.as_ref());
		for record in evidence.iter().chain(cited) {
			let valid = T::RecordRegistry::record(*record)
				.is_some_and(|r| r.patient == patient && r.status != RecordStatus::Erased);
			ensure!(valid, Error::<T>::InvalidEvidence);
		}
		Ok(())
	}

	/// The weight of submitting `lines` with `evidence` claim-level evidence records, before
	/// the consent checks: `submit_claim_services` if every line is a plain service,
	/// otherwise `submit_claim` (every line with a prior authorisation, a drug unit and
	/// evidence), or the larger of the two should the generated numbers disagree.
	pub(crate) fn submission_weight(lines: &ClaimLinesOf<T>, evidence: u32) -> Weight {
		let count = lines.len() as u32;
		let plain = T::WeightInfo::submit_claim_services(count, evidence);
		if lines.iter().all(ClaimLine::is_plain_service) {
			plain
		} else {
			T::WeightInfo::submit_claim(count, evidence).max(plain)
		}
	}

	/// Submits and adjudicates a claim; pays it if approved. Returns what its consent checks cost
	/// beyond their fast paths (nothing for a check the adjudication stopped before).
	pub(crate) fn do_submit_claim(
		who: T::AccountId,
		patient: PatientId,
		plan: PlanId,
		date_of_service: Moment,
		lines: ClaimLinesOf<T>,
		evidence: EvidenceOf<T>,
	) -> Result<Weight, DispatchError> {
		let case = Self::case(who.clone(), patient, plan, date_of_service)?;
		Self::ensure_may_bill(&who, &case.terms, &lines)?;
		Self::ensure_valid_submission(patient, date_of_service, &lines, &evidence)?;
		Self::take_quota(case.provider, 1)?;
		let mut session = Self::session(&case);
		let results = Self::adjudicate(&case, &mut session, &lines, Waivers::default());
		let line_states = Self::line_states(&session, lines.len());
		let checks_beyond_fast_path = session.checks_beyond_fast_path;
		Self::commit(&case, session);
		let id = NextClaimId::<T>::get();
		NextClaimId::<T>::put(id.saturating_add(1));
		for (line, result) in lines.iter().zip(&results) {
			Self::remember_line(id, &case, line, result);
		}
		// One result per line, and `lines` is bounded by the same bound: nothing is truncated.
		let results: BoundedVec<_, T::MaxLinesPerClaim> = BoundedVec::truncate_from(results);
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
			line_states,
			evidence,
			payment: Payment::NothingDue,
			paid: Zero::zero(),
			decisions: Default::default(),
			appeal: None,
		};
		Self::decided(id, &mut claim, DecidedBy::Rules);
		Self::settle_new(id, &mut claim, case.info.insurer);
		Filed::<T>::insert(id, claim);
		Self::index_claim(id, patient, case.provider, case.info.insurer);
		Ok(checks_beyond_fast_path)
	}

	/// Lists claim `id` under its patient, provider and insurer.
	pub(crate) fn index_claim(id: ClaimId, patient: PatientId, provider: OrgId, insurer: OrgId) {
		for party in Self::parties(patient, provider, insurer) {
			ClaimsOf::<T>::insert(party, caduceus_primitives::paging::NewestFirstKey::of(id), ());
		}
	}

	/// The parties a claim is listed under.
	pub(crate) fn parties(patient: PatientId, provider: OrgId, insurer: OrgId) -> [ClaimParty; 3] {
		[ClaimParty::Patient(patient), ClaimParty::Provider(provider), ClaimParty::Insurer(insurer)]
	}

	/// One page of `party`'s claims (see [`Pallet::claims_of`]).
	pub(crate) fn claims_page(
		party: ClaimParty,
		start_after: Option<ClaimId>,
		limit: u32,
	) -> Result<Vec<(ClaimId, ClaimOf<T>)>, caduceus_primitives::QueryError> {
		use caduceus_primitives::{paging, QueryError};
		match party {
			ClaimParty::Patient(patient) => {
				ensure!(T::Registry::is_patient(patient), QueryError::UnknownPatient)
			},
			ClaimParty::Provider(org) | ClaimParty::Insurer(org) => {
				ensure!(T::Registry::organisation(org).is_some(), QueryError::UnknownOrganisation)
			},
		}
		paging::newest_first_page::<ClaimsOf<T>, _, _>(
			party,
			start_after,
			limit,
			T::MaxPageSize::get(),
			|id| Filed::<T>::get(id).map(|claim| (id, claim)),
		)
	}

	/// Remembers a line the rules did not deny for later duplicate checks (its service, its
	/// drug unit); a denied line may be claimed again once fixed.
	pub(crate) fn remember_line(
		id: ClaimId,
		case: &Case<T>,
		line: &ClaimLineOf<T>,
		result: &LineResultOf<T>,
	) {
		if result.decision == LineDecision::Denied {
			return;
		}
		let key = Self::service_key(case);
		let mut claims = ServicesClaimed::<T>::get(key, &line.code);
		// Adjudication denied the line if the service had no room left for its claim.
		if claims.iter().all(|(claim, _, _)| *claim != id)
			&& claims.try_push((id, line.units, line.charged)).is_ok()
		{
			ServicesClaimed::<T>::insert(key, &line.code, claims);
		}
		if let Some(unit) = &line.drug_unit {
			if !UnitsClaimed::<T>::contains_key(unit) {
				UnitsClaimed::<T>::insert(unit, id);
				UnitsBilled::<T>::mutate(case.provider, |billed| billed.saturating_inc());
			}
		}
	}

	/// Puts a line of the claim that stands (is not denied) into `session`: the lines adjudicated
	/// with it must not duplicate its service or its drug unit.
	pub(crate) fn stand(session: &mut Session<T>, line: &ClaimLineOf<T>) {
		session.services.push((line.code.clone(), line.units, line.charged));
		if let Some(unit) = line.drug_unit {
			session.drug_units.push(unit);
		}
	}

	/// Forgets what line `index` of claim `id`, now denied on review, put in the duplicate
	/// indexes, and only that: the claim's entry of the same code or drug unit stays if a
	/// standing sibling line holds it, with that sibling's units and charge; other claims'
	/// entries of the service stay.
	pub(crate) fn forget_line(id: ClaimId, case: &Case<T>, claim: &ClaimOf<T>, index: usize) {
		let Some(line) = claim.lines.get(index) else { return };
		let standing = || {
			claim
				.lines
				.iter()
				.zip(&claim.results)
				.enumerate()
				.filter(move |(i, (_, result))| {
					*i != index && result.decision != LineDecision::Denied
				})
				.map(|(_, (line, _))| line)
		};
		let key = Self::service_key(case);
		let mut claims = ServicesClaimed::<T>::get(key, &line.code);
		if let Some(at) = claims.iter().position(|(claim, _, _)| *claim == id) {
			match standing().find(|other| other.code == line.code) {
				Some(other) => {
					if let Some(entry) = claims.get_mut(at) {
						*entry = (id, other.units, other.charged);
					}
				},
				None => {
					claims.remove(at);
				},
			}
			if claims.is_empty() {
				ServicesClaimed::<T>::remove(key, &line.code);
			} else {
				ServicesClaimed::<T>::insert(key, &line.code, claims);
			}
		}
		if let Some(unit) = &line.drug_unit {
			let held = standing().any(|other| other.drug_unit.as_ref() == Some(unit));
			if UnitsClaimed::<T>::get(unit) == Some(id) && !held {
				UnitsClaimed::<T>::remove(unit);
				match UnitsBilled::<T>::get(case.provider).saturating_sub(1) {
					0 => UnitsBilled::<T>::remove(case.provider),
					billed => UnitsBilled::<T>::insert(case.provider, billed),
				}
			}
		}
	}

	/// The line states of `count` lines just adjudicated in `session`: what each drew on.
	pub(crate) fn line_states(
		session: &Session<T>,
		count: usize,
	) -> BoundedVec<LineState, T::MaxLinesPerClaim> {
		let states: Vec<_> = (0..count)
			.map(|i| LineState { drew_on: session.drawn.get(i).copied().flatten(), paid: false })
			.collect();
		BoundedVec::truncate_from(states)
	}

	/// Records a decision of `claim` in its trail: the first (the rules') and the latest ones
	/// are always kept; when the trail is full, the oldest after the first makes room.
	pub(crate) fn record_decision(claim: &mut ClaimOf<T>, by: DecidedBy) {
		let benefit = Self::total_benefit(claim);
		let decision = Decision { by, outcome: claim.outcome, benefit, at: Self::now() };
		if claim.decisions.is_full() && claim.decisions.len() > 1 {
			claim.decisions.remove(1);
		}
		let _ = claim.decisions.try_push(decision);
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
		let lines: ClaimLinesOf<T> = lines.try_into().map_err(|_| Error::<T>::InvalidLine)?;
		let case = Self::case(submitter.clone(), patient, plan, date_of_service)?;
		Self::ensure_may_bill(&submitter, &case.terms, &lines)?;
		Self::ensure_valid_submission(patient, date_of_service, &lines, &Default::default())?;
		let mut session = Self::session(&case);
		Ok(Self::adjudicate(&case, &mut session, &lines, Waivers::default()))
	}
}
