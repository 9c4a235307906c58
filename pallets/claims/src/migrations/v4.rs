//! Version 4 lists each claim under its patient, provider and insurer (`ClaimsOf`), so that a
//! wallet, a billing desk and an insurer's portal page through their claims with the
//! `claims_of` view function instead of replaying events. This fills the lists from the claims
//! filed before.
//!
//! ## Complexity
//! One pass over every claim (and its plan): a single block, fine for a consortium's first
//! deployments; a chain with millions of claims would need a multi-block migration.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use sp_runtime::Saturating;

/// Lists every filed claim under its parties; run only from version 3 by [`MigrateToV4`].
pub struct ListClaims<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for ListClaims<T> {
	fn on_runtime_upgrade() -> Weight {
		let (mut reads, mut writes) = (0u64, 0u64);
		for (id, claim) in Filed::<T>::iter() {
			reads.saturating_accrue(2);
			// A claim's plan is never removed; were one missing, `try_state` would report the
			// claim unlisted.
			let Some(plan) = Plans::<T>::get(claim.plan) else { continue };
			Pallet::<T>::index_claim(id, claim.patient, claim.provider, plan.insurer);
			writes.saturating_accrue(3);
		}
		T::DbWeight::get().reads_writes(reads, writes)
	}
}

/// Storage version 3 → 4: each claim listed under its patient, provider and insurer.
pub type MigrateToV4<T> =
	VersionedMigration<3, 4, ListClaims<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
