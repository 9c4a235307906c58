//! Version 3 lists each record under its patient or trial (`RecordsOf`), so that a wallet or an
//! EHR gateway pages through a patient's records with the `records_of` view function instead of
//! replaying events. This lists the records anchored before.
//!
//! ## Complexity
//! One pass over every record: a single block, fine for a consortium's first deployments; a
//! chain with millions of records would need a multi-block migration.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use sp_runtime::Saturating;

/// Lists every record under its subject; run only from version 2 by [`MigrateToV3`].
pub struct ListRecords<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for ListRecords<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut records = 0u64;
		// Records kept their FHIR resource type until version 4: read in that shape.
		for (id, record) in super::v4::v3::Anchors::<T>::iter() {
			let record: RecordOf<T> = record.into();
			records.saturating_inc();
			Pallet::<T>::list(id, &record);
		}
		T::DbWeight::get().reads_writes(records, records)
	}
}

/// Storage version 2 → 3: each record listed under its patient or trial.
pub type MigrateToV3<T> =
	VersionedMigration<2, 3, ListRecords<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
