//! Version 2 counts each account's guardianships (`Guarding`), which the runtime reads to admit
//! a guardian's transactions. The counts are rebuilt from the patients' guardian lists.
//!
//! ## Complexity
//! One pass over every patient (reads) and one write per distinct guardian: run in a single
//! block, fine for the patients of a consortium's first deployments; a chain with millions of
//! patients would need a multi-block migration.

use crate::*;
use alloc::collections::BTreeMap;
use frame_support::{
	migrations::VersionedMigration,
	pallet_prelude::ValueQuery,
	storage_alias,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
	Blake2_128Concat,
};
use sp_runtime::Saturating;

/// How many patients each account guarded: version 2's index, replaced by `Wards` in version 3.
#[storage_alias]
pub type Guarding<T: Config> = StorageMap<
	Pallet<T>,
	Blake2_128Concat,
	<T as frame_system::Config>::AccountId,
	u32,
	ValueQuery,
>;

/// Rebuilds `Guarding` from `Patients`; run only from version 1 by [`MigrateToV2`].
pub struct RebuildGuarding<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for RebuildGuarding<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut counts = BTreeMap::<T::AccountId, u32>::new();
		let mut patients = 0u64;
		for (_, patient) in Patients::<T>::iter() {
			patients.saturating_inc();
			for guardianship in patient.guardians.iter() {
				counts.entry(guardianship.guardian.clone()).or_default().saturating_inc();
			}
		}
		let guardians = counts.len() as u64;
		let _ = Guarding::<T>::clear(u32::MAX, None);
		for (guardian, count) in counts {
			Guarding::<T>::insert(guardian, count);
		}
		T::DbWeight::get().reads_writes(patients, guardians.saturating_add(1))
	}
}

/// Storage version 1 → 2: counts guardianships.
pub type MigrateToV2<T> =
	VersionedMigration<1, 2, RebuildGuarding<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
