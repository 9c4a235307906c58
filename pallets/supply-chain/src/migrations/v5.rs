//! Version 5 keeps the reach of a recall (`LotReach`): for each lot, what each organisation
//! holds of it, has on the way to it and has dispensed, so that the `recall_reach` view function
//! names whom to call without visiting the lot's units. This counts the units commissioned
//! before.
//!
//! ## Complexity
//! One pass over every unit, following its containers: a single block, fine for a consortium's
//! first deployments; a chain with millions of units would need a multi-block migration.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

/// Counts every lot's reach from its units; run only from version 4 by [`MigrateToV5`].
pub struct CountReach<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for CountReach<T> {
	fn on_runtime_upgrade() -> Weight {
		let units = Units::<T>::iter_keys().count() as u64;
		let reach = Pallet::<T>::reach_from_units();
		let writes = reach.len() as u64;
		for ((lot, org), counts) in reach {
			LotReach::<T>::insert(lot, org, counts);
		}
		// Each unit, its containers (at most `MAX_NESTING`) and its shipment are read.
		let reads = units.saturating_mul(u64::from(MAX_NESTING) + 2);
		T::DbWeight::get().reads_writes(reads.saturating_add(units), writes)
	}
}

/// Storage version 4 → 5: the reach of a recall.
pub type MigrateToV5<T> =
	VersionedMigration<4, 5, CountReach<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
