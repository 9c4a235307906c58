//! Weights of `pallet_health_identity`.
//!
//! PROVISIONAL: written by hand before the first `caduceus-node benchmark pallet` run; to be
//! replaced by the generated file (see docs/development.md, "Benchmarks and weights").

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// Weight functions needed for `pallet_health_identity`.
pub trait WeightInfo {
	fn register_organisation() -> Weight;
	fn suspend_organisation() -> Weight;
	fn reinstate_organisation() -> Weight;
	fn revoke_organisation() -> Weight;
	fn change_organisation_admin() -> Weight;
	fn attest_practitioner() -> Weight;
	fn revoke_practitioner() -> Weight;
	fn register_patient() -> Weight;
	fn register_patient_at_intake() -> Weight;
	fn set_demographic_commitment() -> Weight;
	fn initiate_patient_move() -> Weight;
	fn accept_patient_move() -> Weight;
	fn appoint_guardian(g: u32) -> Weight;
	fn remove_guardian(g: u32) -> Weight;
}

/// Weights for `pallet_health_identity` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_organisation() -> Weight {
		Weight::from_parts(30_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(2, 3))
	}
	fn suspend_organisation() -> Weight {
		Weight::from_parts(15_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn reinstate_organisation() -> Weight {
		Weight::from_parts(15_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn revoke_organisation() -> Weight {
		Weight::from_parts(15_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn change_organisation_admin() -> Weight {
		Weight::from_parts(25_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(2, 3))
	}
	fn attest_practitioner() -> Weight {
		Weight::from_parts(30_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(4, 3))
	}
	fn revoke_practitioner() -> Weight {
		Weight::from_parts(30_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(3, 3))
	}
	fn register_patient() -> Weight {
		Weight::from_parts(25_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn register_patient_at_intake() -> Weight {
		Weight::from_parts(110_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(6, 3))
	}
	fn set_demographic_commitment() -> Weight {
		Weight::from_parts(20_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(3, 2))
	}
	fn initiate_patient_move() -> Weight {
		Weight::from_parts(20_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(2, 1))
	}
	fn accept_patient_move() -> Weight {
		Weight::from_parts(30_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(3, 4))
	}
	fn appoint_guardian(g: u32) -> Weight {
		Weight::from_parts(25_000_000, 3_600)
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(g.into()))
			.saturating_add(T::DbWeight::get().reads_writes(3, 2))
	}
	fn remove_guardian(g: u32) -> Weight {
		Weight::from_parts(25_000_000, 3_600)
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(g.into()))
			.saturating_add(T::DbWeight::get().reads_writes(3, 2))
	}
}

impl WeightInfo for () {
	fn register_organisation() -> Weight {
		Weight::zero()
	}
	fn suspend_organisation() -> Weight {
		Weight::zero()
	}
	fn reinstate_organisation() -> Weight {
		Weight::zero()
	}
	fn revoke_organisation() -> Weight {
		Weight::zero()
	}
	fn change_organisation_admin() -> Weight {
		Weight::zero()
	}
	fn attest_practitioner() -> Weight {
		Weight::zero()
	}
	fn revoke_practitioner() -> Weight {
		Weight::zero()
	}
	fn register_patient() -> Weight {
		Weight::zero()
	}
	fn register_patient_at_intake() -> Weight {
		Weight::zero()
	}
	fn set_demographic_commitment() -> Weight {
		Weight::zero()
	}
	fn initiate_patient_move() -> Weight {
		Weight::zero()
	}
	fn accept_patient_move() -> Weight {
		Weight::zero()
	}
	fn appoint_guardian(_: u32) -> Weight {
		Weight::zero()
	}
	fn remove_guardian(_: u32) -> Weight {
		Weight::zero()
	}
}
