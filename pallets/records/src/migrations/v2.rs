//! Version 2: the audit trail is append-only and loses entries only by age.
//! - version 1's ring of `MaxAuditPerPatient` slots per patient (`AuditTrail` keyed by slot,
//!   `AuditLength`) becomes `AuditTrail` keyed by sequence number with `AuditEnds`: every kept
//!   entry keeps its sequence number;
//! - the new indexes by actor (`ActorTrail`) and by organisation (`OrganisationTrail`) are
//!   built from the kept entries in time order;
//! - `HashOrigins` is built from every anchor in identifier order, so the integrity check
//!   answers the first anchor by an organisation first and marks patients' copies;
//! - `AccessTallies` start empty (today's requests are counted from the upgrade on).
//!
//! ## Complexity
//! One pass over every kept trail entry, in one block: fine for a consortium's first
//! deployments (the ring kept at most 10,000 per patient); a chain with millions of entries
//! would need a multi-block migration.

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};
use caduceus_primitives::retained_log::LogEnds;
use frame_support::{
	migrations::VersionedMigration,
	storage_alias,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
	Twox64Concat,
};

/// The storage as version 1 wrote it.
pub mod v1 {
	use super::*;

	/// Each patient's trail, in `sequence % MaxAuditPerPatient` slots.
	#[storage_alias]
	pub type AuditTrail<T: Config> =
		StorageDoubleMap<Pallet<T>, Twox64Concat, PatientId, Twox64Concat, u32, AuditEntryOf<T>>;

	/// How many entries each trail had had.
	#[storage_alias]
	pub type AuditLength<T: Config> = StorageMap<Pallet<T>, Twox64Concat, PatientId, u64>;
}

/// Re-keys the kept trail entries by sequence number and indexes them; run only from version 1
/// by [`MigrateToV2`].
pub struct UpgradeToV2<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for UpgradeToV2<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut entries: Vec<(PatientId, AuditEntryOf<T>)> =
			v1::AuditTrail::<T>::drain().map(|(patient, _, entry)| (patient, entry)).collect();
		let lengths: Vec<(PatientId, u64)> = v1::AuditLength::<T>::drain().collect();
		let mut writes = entries.len().saturating_add(lengths.len()) as u64;
		let mut oldest = BTreeMap::<PatientId, u64>::new();
		for (patient, entry) in &entries {
			let first = oldest.entry(*patient).or_insert(entry.sequence);
			*first = (*first).min(entry.sequence);
		}
		for (patient, next) in lengths {
			let oldest = oldest.get(&patient).copied().unwrap_or(next);
			super::v5::v4::AuditEnds::<T>::insert(patient, LogEnds { oldest, next });
		}
		entries.sort_by_key(|(patient, entry)| (entry.at, entry.block, *patient, entry.sequence));
		for (patient, entry) in entries {
			let reference = TrailRef { patient, sequence: entry.sequence, at: entry.at };
			index::<ActorTrail<T>, super::v5::v4::ActorTrailEnds<T>, _>(
				entry.actor.clone(),
				reference,
			);
			if let Some(organisation) = entry.organisation {
				index::<OrganisationTrail<T>, super::v5::v4::OrganisationTrailEnds<T>, _>(
					organisation,
					reference,
				);
				writes = writes.saturating_add(2);
			}
			AuditTrail::<T>::insert(patient, entry.sequence, entry);
			writes = writes.saturating_add(3);
		}
		// Records kept their FHIR resource type until version 4: read in that shape.
		let mut records: Vec<(RecordId, RecordOf<T>)> =
			super::v4::v3::Anchors::<T>::iter().map(|(id, record)| (id, record.into())).collect();
		records.sort_by_key(|(id, _)| *id);
		writes = writes.saturating_add(records.len() as u64);
		for (id, record) in records {
			Pallet::<T>::note_origin(id, &record);
		}
		T::DbWeight::get().reads_writes(writes, writes)
	}
}

/// Appends `reference` to `key`'s index (its ends in version 2's shape, which version 5
/// extends) without expiring anything.
fn index<Entries, Ends, Key>(key: Key, reference: TrailRef)
where
	Key: codec::FullEncode + Clone,
	Entries: frame_support::storage::StorageDoubleMap<Key, u64, TrailRef, Query = Option<TrailRef>>,
	Ends: frame_support::storage::StorageMap<Key, LogEnds, Query = LogEnds>,
{
	let mut ends = Ends::get(key.clone());
	Entries::insert(key.clone(), ends.next, reference);
	ends.next = ends.next.saturating_add(1);
	Ends::insert(key, ends);
}

/// Storage version 1 → 2: the append-only audit trail and its indexes.
pub type MigrateToV2<T> =
	VersionedMigration<1, 2, UpgradeToV2<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
