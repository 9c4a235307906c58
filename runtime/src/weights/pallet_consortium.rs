// PLACEHOLDER until scripts/benchmark.sh pallet_consortium regenerates this file.
#![allow(missing_docs)]
use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_consortium::WeightInfo for WeightInfo<T> {
	fn enact() -> Weight {
		Weight::from_parts(20_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
}
