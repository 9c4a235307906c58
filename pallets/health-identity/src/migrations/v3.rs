//! Version 3 lists each account's wards (`Wards`) instead of counting them (`Guarding`), so that
//! a patient moving to a new key takes their guardianships along. The lists are rebuilt from
//! the patients' guardian lists and the counts removed.
//!
//! ## Complexity
//! One pass over every patient (reads) and one write per distinct guardian: run in a single
//! block, fine for a consortium's first deployments; a chain with millions of patients would
//! need a multi-block migration. An account guarding more than `MaxWardsPerGuardian` patients
//! (version 2 did not bound it) keeps the guardianships of the lowest patient identifiers; the
//! others end (`GuardianRemoved`), so that every list stays consistent and a later move carries
//! over every guardianship the account still holds. Check `Guarding` for counts above the bound
//! before upgrading, and have the consortium re-appoint where needed.

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
	BoundedVec,
};
use sp_runtime::Saturating;

/// Rebuilds `Wards` from `Patients` and removes `Guarding`; run only from version 2 by
/// [`MigrateToV3`].
pub struct ListWards<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for ListWards<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut wards = BTreeMap::<T::AccountId, Vec<PatientId>>::new();
		let mut patients = 0u64;
		for (id, patient) in Patients::<T>::iter() {
			patients.saturating_inc();
			for guardianship in patient.guardians.iter() {
				wards.entry(guardianship.guardian.clone()).or_default().push(id);
			}
		}
		let counts = super::v2::Guarding::<T>::clear(u32::MAX, None).unique as u64;
		let guardians = wards.len() as u64;
		let mut dropped = 0u64;
		for (guardian, mut list) in wards {
			list.sort();
			let excess = list.split_off(list.len().min(T::MaxWardsPerGuardian::get() as usize));
			for ward in excess {
				// Beyond the bound: the guardianship ends, so that the lists stay consistent and
				// a later move carries over every guardianship the account holds.
				Patients::<T>::mutate_extant(ward, |p| {
					p.guardians.retain(|g| g.guardian != guardian)
				});
				Pallet::<T>::deposit_event(Event::GuardianRemoved {
					patient: ward,
					guardian: guardian.clone(),
				});
				dropped.saturating_inc();
			}
			Wards::<T>::insert(guardian, BoundedVec::truncate_from(list));
		}
		T::DbWeight::get().reads_writes(
			patients.saturating_add(counts).saturating_add(dropped),
			guardians.saturating_add(counts).saturating_add(dropped),
		)
	}
}

/// Storage version 2 → 3: lists wards.
pub type MigrateToV3<T> =
	VersionedMigration<2, 3, ListWards<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
