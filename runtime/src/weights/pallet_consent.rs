// PLACEHOLDER until scripts/benchmark.sh pallet_consent regenerates this file.
#![allow(missing_docs)]
use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_consent::WeightInfo for WeightInfo<T> {
	fn grant() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn grant_signed() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn revoke() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn remove_ended() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn block() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn unblock() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn declare_emergency_access() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn review_emergency_access() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn close_emergency_access() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn restore_emergency_privilege() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn check() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
}
