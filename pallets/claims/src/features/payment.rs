//! The insurers' payment pools and the queue of claims waiting for them.
//!
//! A pool is a balance held in an account derived from the insurer organisation (a sub-account
//! of the pallet's `PalletId`): no person holds its key, so it survives a change of the
//! insurer's admin or the loss of the admin's key. Approved claims the pool cannot pay wait in
//! a queue per insurer and are paid strictly in the order they joined it: first come, first
//! paid.

use crate::*;
use caduceus_primitives::{OrgStatus, Registry};
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
		Get,
	},
};
use sp_runtime::{
	traits::{AccountIdConversion, Saturating, Zero},
	DispatchError,
};

impl<T: Config> Pallet<T> {
	/// The account holding insurer `org`'s pool: derived from the pallet's id and the
	/// organisation, with no key anyone holds.
	pub fn pool_account(org: OrgId) -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(org)
	}

	/// What insurer `org`'s pool holds, as the currency sees it.
	pub fn pool_balance(org: OrgId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&HoldReason::PaymentPool.into(), &Self::pool_account(org))
	}

	/// What insurer `org`'s pool may give back: what it holds beyond what the claims waiting
	/// in its queue are owed.
	pub fn pool_surplus(org: OrgId) -> BalanceOf<T> {
		Self::pool_balance(org).saturating_sub(Owed::<T>::get(org))
	}

	/// Pays `amount` from `insurer`'s pool to `provider`'s admin account.
	fn pay(insurer: OrgId, provider: OrgId, amount: BalanceOf<T>) -> Result<(), Error<T>> {
		ensure!(Self::pool_balance(insurer) >= amount, Error::<T>::InsufficientPool);
		let payee = T::Registry::admin_of(provider).ok_or(Error::<T>::NoPayee)?;
		Self::release_to(insurer, &payee, amount).map_err(|_| Error::<T>::PaymentFailed)?;
		Ok(())
	}

	/// Moves `amount` held in `insurer`'s pool to `to`'s free balance.
	fn release_to(
		insurer: OrgId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		T::Currency::transfer_on_hold(
			&HoldReason::PaymentPool.into(),
			&Self::pool_account(insurer),
			to,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)
	}

	/// Puts claim `id` at the end of `insurer`'s queue, owed `owed`.
	pub(crate) fn enqueue(insurer: OrgId, id: ClaimId, owed: BalanceOf<T>) {
		let ahead = QueueEnds::<T>::get(insurer).map(|ends| ends.last);
		if let Some(last) = ahead {
			Queue::<T>::mutate_extant(last, |entry| entry.behind = Some(id));
		}
		Queue::<T>::insert(id, QueueEntry { owed, ahead, behind: None });
		let first = QueueEnds::<T>::get(insurer).map_or(id, |ends| ends.first);
		QueueEnds::<T>::insert(insurer, QueueEndpoints { first, last: id });
		Owed::<T>::mutate(insurer, |total| total.saturating_accrue(owed));
	}

	/// One page of `insurer`'s payment queue (see [`Pallet::payment_queue`]).
	pub(crate) fn queue_page(
		insurer: OrgId,
		start_after: Option<ClaimId>,
		limit: u32,
	) -> Result<alloc::vec::Vec<(ClaimId, BalanceOf<T>)>, caduceus_primitives::QueryError> {
		caduceus_primitives::paging::ensure_page_size(limit, T::MaxPageSize::get())?;
		frame_support::ensure!(
			T::Registry::organisation(insurer).is_some(),
			caduceus_primitives::QueryError::UnknownOrganisation
		);
		// A cursor from another insurer's queue must not walk that queue.
		let resumed = start_after
			.filter(|after| Self::insurer_of_claim(*after) == Some(insurer))
			.and_then(Queue::<T>::get)
			.map(|entry| entry.behind);
		let mut next = match resumed {
			Some(behind) => behind,
			None => QueueEnds::<T>::get(insurer).map(|ends| ends.first),
		};
		let mut page = alloc::vec::Vec::new();
		while let Some(id) = next.filter(|_| page.len() < limit as usize) {
			let Some(entry) = Queue::<T>::get(id) else { break };
			page.push((id, entry.owed));
			next = entry.behind;
		}
		Ok(page)
	}

	/// The insurer whose plan claim `id` was filed under.
	fn insurer_of_claim(id: ClaimId) -> Option<OrgId> {
		let claim = Filed::<T>::get(id)?;
		Plans::<T>::get(claim.plan).map(|plan| plan.insurer)
	}

	/// Takes claim `id` out of `insurer`'s queue, wherever it is.
	fn unqueue(insurer: OrgId, id: ClaimId) {
		let Some(entry) = Queue::<T>::take(id) else { return };
		if let Some(ahead) = entry.ahead {
			Queue::<T>::mutate_extant(ahead, |a| a.behind = entry.behind);
		}
		if let Some(behind) = entry.behind {
			Queue::<T>::mutate_extant(behind, |b| b.ahead = entry.ahead);
		}
		match (entry.ahead, entry.behind) {
			(None, None) => QueueEnds::<T>::remove(insurer),
			(ahead, behind) => QueueEnds::<T>::mutate_extant(insurer, |ends| {
				if ahead.is_none() {
					ends.first = behind.unwrap_or(ends.first);
				}
				if behind.is_none() {
					ends.last = ahead.unwrap_or(ends.last);
				}
			}),
		}
		Owed::<T>::mutate(insurer, |total| total.saturating_reduce(entry.owed));
	}

	/// Pays what `claim` still owes its provider after a decision, or leaves it waiting. A
	/// claim already waiting keeps its place (what it is owed may have changed); a new one is
	/// paid at once only if nobody waits ahead of it.
	pub(crate) fn settle(id: ClaimId, claim: &mut ClaimOf<T>, insurer: OrgId) {
		Self::settle_as(id, claim, insurer, true)
	}

	/// As [`Self::settle`], for a claim filed in this call: it cannot be waiting in the queue
	/// already, so the queue is not read for it.
	pub(crate) fn settle_new(id: ClaimId, claim: &mut ClaimOf<T>, insurer: OrgId) {
		Self::settle_as(id, claim, insurer, false)
	}

	/// [`Self::settle`] of a claim that may be waiting in the queue (`may_wait`) or not.
	fn settle_as(id: ClaimId, claim: &mut ClaimOf<T>, insurer: OrgId, may_wait: bool) {
		let due = Self::total_benefit(claim).saturating_sub(claim.paid);
		if claim.outcome == Outcome::Pended || due.is_zero() {
			if may_wait {
				Self::unqueue(insurer, id);
			}
			claim.payment = match claim.outcome {
				Outcome::Pended => Payment::AwaitingReview,
				_ if claim.paid.is_zero() => Payment::NothingDue,
				_ => Payment::Paid,
			};
			return;
		}
		claim.payment = Payment::Unpaid;
		if let Some(entry) = may_wait.then(|| Queue::<T>::get(id)).flatten() {
			Queue::<T>::insert(id, QueueEntry { owed: due, ..entry });
			Owed::<T>::mutate(insurer, |total| {
				*total = total.saturating_sub(entry.owed).saturating_add(due)
			});
			return;
		}
		let nobody_waits = !QueueEnds::<T>::contains_key(insurer);
		if nobody_waits && Self::pay(insurer, claim.provider, due).is_ok() {
			Self::paid(id, claim, due);
			return;
		}
		Self::enqueue(insurer, id, due);
		Self::deposit_event(Event::ClaimAwaitingFunds { claim: id, insurer, amount: due });
	}

	/// Records that `claim` was paid `amount`: every approved line is paid now.
	fn paid(id: ClaimId, claim: &mut ClaimOf<T>, amount: BalanceOf<T>) {
		claim.paid.saturating_accrue(amount);
		claim.payment = Payment::Paid;
		for (state, result) in claim.line_states.iter_mut().zip(&claim.results) {
			state.paid |= result.decision == LineDecision::Approved;
		}
		Self::deposit_event(Event::ClaimPaid { claim: id, provider: claim.provider, amount });
	}

	/// Pays the first claim of `insurer`'s queue. `Ok(false)` if the queue is empty.
	fn pay_first(insurer: OrgId) -> Result<bool, DispatchError> {
		let Some(ends) = QueueEnds::<T>::get(insurer) else { return Ok(false) };
		let id = ends.first;
		let mut claim = Filed::<T>::get(id).ok_or(Error::<T>::UnknownClaim)?;
		let owed = Queue::<T>::get(id).map_or_else(Zero::zero, |entry| entry.owed);
		Self::pay(insurer, claim.provider, owed)?;
		Self::unqueue(insurer, id);
		Self::paid(id, &mut claim, owed);
		Filed::<T>::insert(id, claim);
		Ok(true)
	}

	/// Funds the pool of the insurer `who` administers with `amount` of `who`'s balance, then
	/// pays what it can of the waiting claims, first come first paid; returns how many it
	/// looked at. The first funding also moves the existential deposit that keeps the pool's
	/// account alive.
	pub(crate) fn do_fund_pool(
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<u32, DispatchError> {
		let insurer = Self::administered_insurer(who)?;
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let pool = Self::pool_account(insurer);
		let alive = T::Currency::minimum_balance().saturating_sub(T::Currency::balance(&pool));
		T::Currency::transfer(who, &pool, amount.saturating_add(alive), Preservation::Preserve)?;
		T::Currency::hold(&HoldReason::PaymentPool.into(), &pool, amount)?;
		let held = Self::pool_balance(insurer);
		Self::deposit_event(Event::PoolFunded { insurer, amount, held });
		Ok(Self::pay_waiting(insurer, T::MaxPaymentsPerCall::get()))
	}

	/// Pays up to `max` claims from the front of `insurer`'s queue, stopping at the first the
	/// pool cannot pay; how many it looked at. A claim that cannot be paid for another reason
	/// (its provider has no account to pay, the transfer fails) goes to the back of the queue
	/// rather than hold up the providers behind it.
	fn pay_waiting(insurer: OrgId, max: u32) -> u32 {
		let mut looked = 0;
		while looked < max {
			let first = QueueEnds::<T>::get(insurer).map(|ends| ends.first);
			let outcome = frame_support::storage::with_storage_layer(|| Self::pay_first(insurer));
			looked.saturating_inc();
			match (outcome, first) {
				(Ok(true), _) => {},
				(Ok(false), _) => break,
				(Err(e), _) if e == Error::<T>::InsufficientPool.into() => break,
				(Err(_), Some(id)) => {
					let owed = Queue::<T>::get(id).map_or_else(Zero::zero, |entry| entry.owed);
					Self::unqueue(insurer, id);
					Self::enqueue(insurer, id, owed);
				},
				(Err(_), None) => break,
			}
		}
		looked
	}

	/// Pays claim `id` if it is first in its insurer's queue and the pool suffices.
	pub(crate) fn do_pay_claim(id: ClaimId) -> DispatchResult {
		let claim = Filed::<T>::get(id).ok_or(Error::<T>::UnknownClaim)?;
		ensure!(claim.payment == Payment::Unpaid, Error::<T>::NothingOwed);
		let insurer = Plans::<T>::get(claim.plan).ok_or(Error::<T>::UnknownPlan)?.insurer;
		let first = QueueEnds::<T>::get(insurer).map(|ends| ends.first);
		ensure!(first == Some(id), Error::<T>::NotFirstInQueue);
		Self::pay_first(insurer)?;
		Ok(())
	}

	/// Gives `amount` of the pool's surplus back to the admin `who` of its insurer.
	pub(crate) fn do_withdraw_pool(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		let insurer = Self::administered_insurer(who)?;
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(amount <= Self::pool_surplus(insurer), Error::<T>::OwedToProviders);
		let held = Self::take_from_pool(insurer, who, amount)?;
		Self::deposit_event(Event::PoolWithdrawn { insurer, amount, held });
		Ok(())
	}

	/// Moves the surplus of revoked insurer `insurer`'s pool to `to`, by the consortium: what
	/// its waiting claims are owed stays to pay them.
	pub(crate) fn do_move_pool(insurer: OrgId, to: T::AccountId) -> DispatchResult {
		let status = T::Registry::organisation(insurer).map(|info| info.status);
		ensure!(status == Some(OrgStatus::Revoked), Error::<T>::InsurerNotRevoked);
		let amount = Self::pool_surplus(insurer);
		ensure!(!amount.is_zero(), Error::<T>::NoSurplus);
		let held = Self::take_from_pool(insurer, &to, amount)?;
		Self::deposit_event(Event::PoolMoved { insurer, to, amount, held });
		Ok(())
	}

	/// Moves `amount` out of `insurer`'s pool to `to`; what the pool holds then.
	fn take_from_pool(
		insurer: OrgId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		Self::release_to(insurer, to, amount)?;
		Ok(Self::pool_balance(insurer))
	}
}
