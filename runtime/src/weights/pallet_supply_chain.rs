//! Placeholder until `scripts/benchmark.sh pallet_supply_chain` generates this file.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;

/// Weight functions for `pallet_supply_chain`.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_supply_chain::WeightInfo for WeightInfo<T> {
	fn register_product() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn offer_product() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn accept_product() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn commission(n: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_mul(n.into())
	}
	fn pack(n: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_mul(n.into())
	}
	fn unpack(n: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_mul(n.into())
	}
	fn ship(n: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_mul(n.into())
	}
	fn receive(n: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_mul(n.into())
	}
	fn cancel_shipment(n: u32) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_mul(n.into())
	}
	fn dispense() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn decommission() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn verify_return() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn flag_suspect() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn clear_suspect() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn declare_illegitimate() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
	fn recall_lot() -> Weight {
		Weight::from_parts(100_000_000, 10_000)
	}
}
