//! Version 3 lists each account's wards (`Wards`) instead of counting them (`Guarding`), so that
//! a patient moving to a new key takes their guardianships along. The lists are rebuilt from
//! the patients' guardian lists and the counts removed.
//!
//! ## Complexity
//! One pass over every patient (reads) and one write per distinct guardian: run in a single
//! block, fine for a consortium's first deployments; a chain with millions of patients would
//! need a multi-block migration. A guardian of more than `MaxWardsPerGuardian` patients would keep
//! only the first ones listed, which `try_state` reports; version 2 did not bound wards, so check
//! `Guarding` for counts above the bound before upgrading.

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
	BoundedVec,
};

/// Rebuilds `Wards` from `Patients` and removes `Guarding`; run only from version 2 by
/// [`MigrateToV3`].
pub struct ListWards<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for ListWards<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut wards = BTreeMap::<T::AccountId, Vec<PatientId>>::new();
		let mut patients = 0u64;
		for (id, patient) in Patients::<T>::iter() {
			patients += 1;
			for guardianship in patient.guardians.iter() {
				wards.entry(guardianship.guardian.clone()).or_default().push(id);
			}
		}
		let counts = super::v2::Guarding::<T>::clear(u32::MAX, None).unique as u64;
		let guardians = wards.len() as u64;
		for (guardian, mut list) in wards {
			list.sort();
			let bounded = BoundedVec::truncate_from(list);
			Wards::<T>::insert(guardian, bounded);
		}
		T::DbWeight::get().reads_writes(patients + counts, guardians + counts)
	}
}

/// Storage version 2 → 3: lists wards.
pub type MigrateToV3<T> =
	VersionedMigration<2, 3, ListWards<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
