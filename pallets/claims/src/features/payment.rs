//! The insurers' payment pools (held balances) and paying providers from them.

use crate::*;
use caduceus_primitives::Registry;
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::{
		fungible::{InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
	},
};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Pays `amount` from `insurer`'s pool to `provider`'s admin account.
	fn pay(insurer: OrgId, provider: OrgId, amount: BalanceOf<T>) -> Result<(), Error<T>> {
		let (holder, held) = Pools::<T>::get(insurer).ok_or(Error::<T>::InsufficientPool)?;
		ensure!(held >= amount, Error::<T>::InsufficientPool);
		let payee = T::Registry::admin_of(provider).ok_or(Error::<T>::NoPayee)?;
		T::Currency::transfer_on_hold(
			&HoldReason::PaymentPool.into(),
			&holder,
			&payee,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::InsufficientPool)?;
		Pools::<T>::insert(insurer, (holder, held.saturating_sub(amount)));
		Ok(())
	}

	/// Pays what `claim` still owes its provider, or leaves it waiting for funds.
	pub(crate) fn settle(id: ClaimId, claim: &mut ClaimOf<T>, insurer: OrgId) {
		if claim.outcome == Outcome::Pended {
			claim.payment = Payment::AwaitingReview;
			Unpaid::<T>::mutate(insurer, |queue| queue.retain(|waiting| *waiting != id));
			return;
		}
		let due = Self::total_benefit(claim).saturating_sub(claim.paid);
		if due.is_zero() {
			claim.payment = if claim.paid.is_zero() { Payment::NothingDue } else { Payment::Paid };
			return;
		}
		match Self::pay(insurer, claim.provider, due) {
			Ok(()) => {
				claim.paid.saturating_accrue(due);
				claim.payment = Payment::Paid;
				Self::deposit_event(Event::ClaimPaid {
					claim: id,
					provider: claim.provider,
					amount: due,
				});
			},
			Err(_) => {
				claim.payment = Payment::Unpaid;
				Unpaid::<T>::mutate(insurer, |queue| {
					// A full queue leaves the claim to `pay_claim`; it is not lost.
					if !queue.contains(&id) {
						let _ = queue.try_push(id);
					}
				});
				Self::deposit_event(Event::ClaimAwaitingFunds { claim: id, insurer, amount: due });
			},
		}
	}

	/// Holds `amount` of the insurer admin `who`'s balance in its pool, then pays waiting
	/// claims; returns how many waited.
	pub(crate) fn do_fund_pool(
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<u32, sp_runtime::DispatchError> {
		let insurer = Self::insurer_of(who)?;
		ensure!(
			T::Registry::organisation_administered_by(who) == Some(insurer),
			Error::<T>::NotAnInsurer
		);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let held = match Pools::<T>::get(insurer) {
			Some((holder, held)) => {
				ensure!(holder == *who, Error::<T>::NotAnInsurer);
				held
			},
			None => Zero::zero(),
		};
		T::Currency::hold(&HoldReason::PaymentPool.into(), who, amount)?;
		let held = held.saturating_add(amount);
		Pools::<T>::insert(insurer, (who.clone(), held));
		Self::deposit_event(Event::PoolFunded { insurer, amount, held });
		let waiting = Unpaid::<T>::take(insurer);
		let count = waiting.len() as u32;
		let mut still = BoundedVec::<ClaimId, T::MaxUnpaidPerInsurer>::new();
		for id in waiting {
			let _ = Self::do_pay_claim(id);
			// Only what still waits stays queued (a claim pended since then leaves the queue).
			if Filed::<T>::get(id).is_some_and(|claim| claim.payment == Payment::Unpaid) {
				let _ = still.try_push(id);
			}
		}
		Unpaid::<T>::insert(insurer, still);
		Ok(count)
	}

	/// Pays what claim `id` still owes, if the pool suffices.
	pub(crate) fn do_pay_claim(id: ClaimId) -> DispatchResult {
		let mut claim = Filed::<T>::get(id).ok_or(Error::<T>::UnknownClaim)?;
		ensure!(claim.payment == Payment::Unpaid, Error::<T>::NothingOwed);
		let insurer = Plans::<T>::get(claim.plan).ok_or(Error::<T>::UnknownPlan)?.insurer;
		let due = Self::total_benefit(&claim).saturating_sub(claim.paid);
		Self::pay(insurer, claim.provider, due)?;
		claim.paid.saturating_accrue(due);
		claim.payment = Payment::Paid;
		Self::deposit_event(Event::ClaimPaid { claim: id, provider: claim.provider, amount: due });
		Filed::<T>::insert(id, claim);
		Unpaid::<T>::mutate(insurer, |queue| queue.retain(|waiting| *waiting != id));
		Ok(())
	}

	/// What insurer `org`'s pool holds, as the currency sees it.
	pub fn pool_balance(org: OrgId) -> BalanceOf<T> {
		Pools::<T>::get(org).map_or(Zero::zero(), |(holder, _)| {
			T::Currency::balance_on_hold(&HoldReason::PaymentPool.into(), &holder)
		})
	}
}

use frame_support::BoundedVec;
