//! Manual review of pended lines, and appeals: both adjudicate lines again and keep every
//! decision on the claim.

use crate::{features::claims::Waivers, *};
use frame_support::{dispatch::DispatchResult, ensure, weights::Weight};
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// Adjudicates again the lines of `claim` that `select` picks, with `waivers`, under the
	/// plan version the claim was decided under; records the decision and pays the difference.
	/// Returns what its consent checks cost beyond their fast paths.
	fn readjudicate(
		id: ClaimId,
		mut claim: ClaimOf<T>,
		select: impl Fn(&LineResultOf<T>) -> bool,
		waivers: Waivers,
		by: DecidedBy,
	) -> Result<Weight, DispatchError> {
		let case = Self::case_of(id, &claim)?;
		let mut session = Self::session(&case);
		let picked = lines_where(&claim.results, select);
		// The lines of the claim that stand are what the picked lines must not duplicate: the
		// index skips the claim's own entries, so the session carries them.
		for (i, (line, result)) in claim.lines.iter().zip(&claim.results).enumerate() {
			if !picked.contains(&i) && result.decision != LineDecision::Denied {
				Self::stand(&mut session, line);
			}
		}
		// A claim has one result per line, so every picked line exists.
		let lines: alloc::vec::Vec<_> =
			picked.iter().filter_map(|i| claim.lines.get(*i).cloned()).collect();
		let results = Self::adjudicate(&case, &mut session, &lines, waivers);
		let drawn = session.drawn.clone();
		let checks_beyond_fast_path = session.checks_beyond_fast_path;
		Self::commit(&case, session);
		let mut denied = alloc::vec::Vec::new();
		for (k, (i, result)) in picked.into_iter().zip(results).enumerate() {
			if result.decision == LineDecision::Denied {
				denied.push(i);
			}
			let (Some(line), Some(slot)) = (claim.lines.get(i), claim.results.get_mut(i)) else {
				continue;
			};
			Self::remember_line(id, &case, line, &result);
			*slot = result;
			if let Some(state) = claim.line_states.get_mut(i) {
				*state = LineState { drew_on: drawn.get(k).copied().flatten(), paid: false };
			}
		}
		// A line denied now (a pended one whose authorisation ran out meanwhile) lets go of the
		// service and the unit it held while it waited.
		for i in denied {
			Self::forget_line(id, &case, &claim, i);
		}
		claim.outcome = Self::outcome(&claim.results);
		Self::decided(id, &mut claim, by);
		Self::settle(id, &mut claim, case.info.insurer);
		Filed::<T>::insert(id, claim);
		Ok(checks_beyond_fast_path)
	}

	/// A claims officer of the plan's insurer decides the pended lines of claim `id`.
	pub(crate) fn do_review_claim(
		who: &T::AccountId,
		id: ClaimId,
		approve: bool,
	) -> DispatchResult {
		let mut claim = Filed::<T>::get(id).ok_or(Error::<T>::UnknownClaim)?;
		let plan = Plans::<T>::get(claim.plan).ok_or(Error::<T>::UnknownPlan)?;
		Self::ensure_plan_insurer(who, &plan)?;
		let pended = |r: &LineResultOf<T>| r.decision == LineDecision::Pended;
		ensure!(claim.results.iter().any(pended), Error::<T>::NothingToReview);
		if approve {
			let waivers =
				Waivers { suspicion: true, administrative: false, claim_edits_passed: true };
			// The claim's edits passed: no consent check is made again, and nothing is charged
			// beyond the call's own weight.
			let checks = Self::readjudicate(id, claim, pended, waivers, DecidedBy::Review)?;
			debug_assert_eq!(checks, Weight::zero(), "a review makes no consent check");
			return Ok(());
		}
		let case = Self::case_of(id, &claim)?;
		let denied = lines_where(&claim.results, pended);
		for i in &denied {
			let Some(result) = claim.results.get_mut(*i) else { continue };
			let cause = result.cause.unwrap_or(Reason::PendingReview);
			*result =
				adjudication::deny(result.code.clone(), result.units, result.submitted, cause);
		}
		for i in denied {
			Self::forget_line(id, &case, &claim, i);
		}
		claim.outcome = Self::outcome(&claim.results);
		Self::decided(id, &mut claim, DecidedBy::Review);
		Self::settle(id, &mut claim, plan.insurer);
		Filed::<T>::insert(id, claim);
		Ok(())
	}

	/// Appeals claim `id`, by its submitter in good standing or an administrator of its
	/// provider.
	pub(crate) fn do_appeal(
		who: T::AccountId,
		id: ClaimId,
		evidence: ContentHash,
	) -> DispatchResult {
		let mut claim = Filed::<T>::get(id).ok_or(Error::<T>::UnknownClaim)?;
		let submitter = claim.submitted_by == who && Self::in_good_standing(&who, claim.provider);
		ensure!(
			submitter || Self::administers(&who, claim.provider),
			Error::<T>::NotSubmitterOrAdministrator
		);
		ensure!(claim.appeal.is_none(), Error::<T>::AlreadyAppealed);
		ensure!(
			claim.results.iter().any(|r| r.decision == LineDecision::Denied),
			Error::<T>::NothingToAppeal
		);
		claim.appeal = Some(Appeal { evidence, filed_at: Self::now(), overturned: None });
		Filed::<T>::insert(id, claim);
		Self::deposit_event(Event::AppealFiled { claim: id, by: who, evidence });
		Ok(())
	}

	/// The plan's insurer decides the appeal of claim `id`. Returns what the payment-consent check
	/// of an overturned appeal cost beyond its fast path.
	pub(crate) fn do_decide_appeal(
		who: &T::AccountId,
		id: ClaimId,
		overturn: bool,
	) -> Result<Weight, DispatchError> {
		let mut claim = Filed::<T>::get(id).ok_or(Error::<T>::UnknownClaim)?;
		let plan = Plans::<T>::get(claim.plan).ok_or(Error::<T>::UnknownPlan)?;
		Self::ensure_plan_insurer(who, &plan)?;
		let appeal = claim.appeal.as_mut().filter(|a| a.overturned.is_none());
		let appeal = appeal.ok_or(Error::<T>::NoAppealPending)?;
		appeal.overturned = Some(overturn);
		let mut checks_beyond_fast_path = Weight::zero();
		if overturn {
			let denied = |r: &LineResultOf<T>| r.decision == LineDecision::Denied;
			let waivers =
				Waivers { suspicion: false, administrative: true, claim_edits_passed: false };
			checks_beyond_fast_path =
				Self::readjudicate(id, claim, denied, waivers, DecidedBy::Appeal)?;
		} else {
			// Upheld: the remittance stands; the decision joins the trail.
			Self::record_decision(&mut claim, DecidedBy::Appeal);
			Filed::<T>::insert(id, claim);
		}
		Self::deposit_event(Event::AppealDecided { claim: id, overturned: overturn });
		Ok(checks_beyond_fast_path)
	}
}

/// The indices of the lines whose result `select` picks.
fn lines_where<R>(results: &[R], select: impl Fn(&R) -> bool) -> alloc::vec::Vec<usize> {
	results.iter().enumerate().filter(|(_, result)| select(result)).map(|(i, _)| i).collect()
}
