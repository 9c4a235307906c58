//! Placeholder until `scripts/benchmark.sh pallet_records` generates this file.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;

/// Weight functions for `pallet_records`.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_records::WeightInfo for WeightInfo<T> {
	fn anchor() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn anchor_batch(n: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_mul(n.into())
	}
	fn amend() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn request_access() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn erase(v: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_mul(v.into())
	}
	fn register_trial() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn enrol() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn anchor_trial_results() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
}
