//! Placeholder until `scripts/benchmark.sh pallet_claims` generates this file.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;

/// Weight functions for `pallet_claims`.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_claims::WeightInfo for WeightInfo<T> {
	fn define_plan(s: u32) -> Weight {
		Weight::from_parts(200_000_000, 20_000).saturating_add(Weight::from_parts(50_000_000, 10_000).saturating_mul(s.into()))
	}
	fn amend_plan(s: u32) -> Weight {
		Weight::from_parts(200_000_000, 20_000).saturating_add(Weight::from_parts(50_000_000, 10_000).saturating_mul(s.into()))
	}
	fn enrol() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
	}
	fn submit_claim(l: u32, e: u32) -> Weight {
		Weight::from_parts(200_000_000, 20_000).saturating_add(Weight::from_parts(50_000_000, 10_000).saturating_mul(l.into())).saturating_add(Weight::from_parts(50_000_000, 10_000).saturating_mul(e.into()))
	}
	fn review_claim(l: u32) -> Weight {
		Weight::from_parts(200_000_000, 20_000).saturating_add(Weight::from_parts(50_000_000, 10_000).saturating_mul(l.into()))
	}
	fn appeal() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
	}
	fn decide_appeal(l: u32) -> Weight {
		Weight::from_parts(200_000_000, 20_000).saturating_add(Weight::from_parts(50_000_000, 10_000).saturating_mul(l.into()))
	}
	fn request_prior_authorisation() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
	}
	fn decide_prior_authorisation() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
	}
	fn fund_pool(u: u32) -> Weight {
		Weight::from_parts(200_000_000, 20_000).saturating_add(Weight::from_parts(50_000_000, 10_000).saturating_mul(u.into()))
	}
	fn pay_claim() -> Weight {
		Weight::from_parts(200_000_000, 20_000)
	}
}
