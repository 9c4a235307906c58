//! Version 3 counts each organisation's dispensings (`Dispensings`): a pharmacy claim line now
//! names its unit only as a token under the plan's key, and bills one of the units its
//! pharmacy dispensed (`docs/privacy.md`).
//!
//! ## Complexity
//! One read per unit and one write per dispenser: a single block, fine for a consortium's first
//! deployments; a chain with millions of units needs a multi-block migration.

use crate::*;
use alloc::collections::BTreeMap;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use sp_runtime::Saturating;

/// Counts the units each organisation dispensed; run only from version 2 by [`MigrateToV3`].
pub struct CountDispensings<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for CountDispensings<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut units = 0u64;
		let mut counts = BTreeMap::<OrgId, u64>::new();
		for (_, unit) in Units::<T>::iter() {
			units.saturating_inc();
			if let Some((by, _)) = unit.end.and_then(|end| end.dispensing()) {
				counts.entry(by).or_default().saturating_inc();
			}
		}
		let dispensers = counts.len() as u64;
		for (org, count) in counts {
			Dispensings::<T>::insert(org, count);
		}
		T::DbWeight::get().reads_writes(units, dispensers)
	}
}

/// [`CountDispensings`], run once: from storage version 2 to 3.
pub type MigrateToV3<T> =
	VersionedMigration<2, 3, CountDispensings<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
