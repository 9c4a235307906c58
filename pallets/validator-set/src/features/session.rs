//! The session pallet's session manager, end-of-session rule and rotation estimate.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{EstimateNextSessionRotation, Get},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, Permill};

impl<T: Config> Pallet<T> {
	/// The validators for session `session`, or `None` to keep the set in force: when nothing
	/// changed, or when fewer than the floor could validate.
	fn plan(session: u32, eligible: Vec<T::AccountId>) -> Option<Vec<T::AccountId>> {
		if Validators::<T>::decode_len().unwrap_or(0) == 0 {
			// Not managing validators: the session pallet's genesis keys stand.
			return None;
		}
		if (eligible.len() as u32) < MinValidators::<T>::get().max(1) {
			Self::deposit_event(Event::FloorHeld { session, eligible: eligible.len() as u32 });
			return None;
		}
		// A subset of the bounded validators: nothing is truncated.
		let validators: BoundedVec<_, T::MaxValidators> = BoundedVec::truncate_from(eligible);
		if validators == Planned::<T>::get() {
			return None;
		}
		Planned::<T>::put(&validators);
		Self::deposit_event(Event::ValidatorsPlanned { session, validators: validators.clone() });
		Some(validators.into_inner())
	}

	fn session_end() -> BlockNumberFor<T> {
		SessionStart::<T>::get().saturating_add(SessionLength::<T>::get())
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: u32) -> Option<Vec<T::AccountId>> {
		Self::plan(new_index, Self::eligible_validators())
	}

	/// At genesis the organisations may not be built yet (the identity pallet comes later), so
	/// the genesis validators with session keys are trusted as they are.
	fn new_session_genesis(new_index: u32) -> Option<Vec<T::AccountId>> {
		use frame_support::traits::Contains;
		let with_keys = Validators::<T>::get()
			.into_iter()
			.map(|(validator, _)| validator)
			.filter(T::HasSessionKeys::contains)
			.collect();
		Self::plan(new_index, with_keys)
	}

	fn start_session(_: u32) {
		SessionStart::<T>::put(frame_system::Pallet::<T>::block_number());
	}

	fn end_session(_: u32) {}
}

impl<T: Config> pallet_session::ShouldEndSession<BlockNumberFor<T>> for Pallet<T> {
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		now >= Self::session_end()
	}
}

impl<T: Config> EstimateNextSessionRotation<BlockNumberFor<T>> for Pallet<T> {
	fn average_session_length() -> BlockNumberFor<T> {
		SessionLength::<T>::get()
	}

	fn estimate_current_session_progress(now: BlockNumberFor<T>) -> (Option<Permill>, Weight) {
		let length = SessionLength::<T>::get();
		let elapsed = now.saturating_sub(SessionStart::<T>::get()).min(length);
		let progress = Permill::from_rational(elapsed, length.max(1u32.into()));
		(Some(progress), T::DbWeight::get().reads(2))
	}

	fn estimate_next_session_rotation(_: BlockNumberFor<T>) -> (Option<BlockNumberFor<T>>, Weight) {
		(Some(Self::session_end()), T::DbWeight::get().reads(2))
	}
}
