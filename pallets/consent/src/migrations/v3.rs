//! Version 3 lists, for each grantee, the patients who granted it something (`Grantors`), so
//! that a hospital or an insurer pages through "patients who consented to us" with the
//! `grantors_of` view function instead of reading every patient's grants. This lists the pairs
//! stored before.
//!
//! ## Complexity
//! One pass over the (patient, grantee) pairs: a single block, fine for a consortium's first
//! deployments; a chain with millions of grants would need a multi-block migration.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use sp_runtime::Saturating;

/// Lists every patient under each grantee of theirs; run only from version 2 by
/// [`MigrateToV3`].
pub struct ListGrantors<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for ListGrantors<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut pairs = 0u64;
		for (patient, grantee) in Consents::<T>::iter_keys() {
			pairs.saturating_inc();
			Grantors::<T>::insert(grantee, patient, ());
		}
		T::DbWeight::get().reads_writes(pairs, pairs)
	}
}

/// Storage version 2 → 3: each grantee's grantors listed.
pub type MigrateToV3<T> =
	VersionedMigration<2, 3, ListGrantors<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
