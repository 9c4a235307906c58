//! # Consortium
//!
//! The consortium governs the chain through its council (`pallet-collective`): a motion passes
//! with the configured share of the council's votes and is executed with the council's origin.
//! Most privileged calls accept that origin directly (every Caduceus pallet's
//! `ConsortiumOrigin`). A few FRAME calls accept nothing but root: a runtime upgrade
//! (`System::set_code`), storage fixes, parameters. [`Pallet::enact`] lets a passed motion
//! dispatch such a call with root's authority, so that a chain without `sudo` can still upgrade
//! itself, and only by the consortium's vote.
//!
//! This is `sudo` with the key replaced by a passed council motion (two thirds in the runtime): the call and its result are
//! on chain ([`Event::Enacted`]), and nobody can enact alone.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use weights::WeightInfo;

#[allow(
	clippy::expect_used,
	reason = "FRAME's macros expand `expect`s with our spans, and genesis aborts on a bad config"
)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use frame_support::{
		dispatch::{GetDispatchInfo, Pays},
		pallet_prelude::*,
		traits::UnfilteredDispatchable,
	};
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The consortium: a share of the council (two thirds in the runtime), or root on a
		/// development chain that still has `sudo`.
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// A call the consortium may enact.
		type RuntimeCall: Parameter
			+ UnfilteredDispatchable<RuntimeOrigin = Self::RuntimeOrigin>
			+ GetDispatchInfo;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The consortium enacted a call with root's authority; `result` is the call's own.
		Enacted { result: DispatchResult },
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Dispatches `call` with root's authority, by the consortium's decision (a council
		/// motion passed with the required share). The call's own success or failure is in
		/// [`Event::Enacted`]; this call succeeds once the origin is the consortium's. Weighs
		/// what the enacted call weighs, in its dispatch class (operational for a runtime
		/// upgrade), plus the dispatch itself.
		#[pallet::call_index(0)]
		#[pallet::weight({
			let dispatch_info = call.get_dispatch_info();
			(
				T::WeightInfo::enact().saturating_add(dispatch_info.call_weight),
				dispatch_info.class,
			)
		})]
		pub fn enact(
			origin: OriginFor<T>,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResultWithPostInfo {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			let result = call.dispatch_bypass_filter(frame_system::RawOrigin::Root.into());
			Self::deposit_event(Event::Enacted { result: result.map(|_| ()).map_err(|e| e.error) });
			// The council's motion is what was paid for; the consortium is not charged again.
			Ok(Pays::No.into())
		}
	}
}
