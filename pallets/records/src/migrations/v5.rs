//! Version 5: each audit log's ends keep the time of its oldest entry (`RetainedEnds`), so that
//! an anchor or an access request reads no entry of the patient's trail, the actor's index or
//! the organisation's index while nothing in them has expired. Each `AuditEnds`,
//! `ActorTrailEnds` and `OrganisationTrailEnds` item is rewritten with the time read from its
//! oldest entry.
//!
//! ## Complexity
//! One pass over the three maps of ends, reading one entry per log: a single block, fine for a
//! consortium's first deployments; a chain with millions of patients would need a multi-block
//! migration.

use crate::*;
use caduceus_primitives::retained_log::{Dated, LogEnds, RetainedEnds};
use codec::FullCodec;
use frame_support::{
	migrations::VersionedMigration,
	storage::{IterableStorageMap, StorageDoubleMap},
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

/// The storage as version 4 wrote it (and version 2's migration, which built the logs).
pub mod v4 {
	use super::*;
	use frame_support::{
		pallet_prelude::ValueQuery, storage_alias, Blake2_128Concat, Twox64Concat,
	};

	/// The sequence numbers each patient's audit trail keeps.
	#[storage_alias]
	pub type AuditEnds<T: Config> =
		StorageMap<Pallet<T>, Twox64Concat, PatientId, LogEnds, ValueQuery>;

	/// The sequence numbers each actor's index keeps.
	#[storage_alias]
	pub type ActorTrailEnds<T: Config> = StorageMap<
		Pallet<T>,
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		LogEnds,
		ValueQuery,
	>;

	/// The sequence numbers each organisation's index keeps.
	#[storage_alias]
	pub type OrganisationTrailEnds<T: Config> =
		StorageMap<Pallet<T>, Twox64Concat, OrgId, LogEnds, ValueQuery>;
}

/// Gives every audit log's ends its oldest entry's time; run only from version 4 by
/// [`MigrateToV5`].
pub struct KeepOldestEntryTimes<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for KeepOldestEntryTimes<T> {
	fn on_runtime_upgrade() -> Weight {
		let logs = with_oldest_times::<AuditEnds<T>, AuditTrail<T>, _, _>()
			.saturating_add(with_oldest_times::<ActorTrailEnds<T>, ActorTrail<T>, _, _>())
			.saturating_add(with_oldest_times::<
				OrganisationTrailEnds<T>,
				OrganisationTrail<T>,
				_,
				_,
			>());
		// Per log: its ends read and written, its oldest entry read.
		T::DbWeight::get().reads_writes(logs.saturating_mul(2), logs)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		use codec::Encode;
		let ends = (
			v4::AuditEnds::<T>::iter_values().collect::<alloc::vec::Vec<_>>(),
			v4::ActorTrailEnds::<T>::iter_values().count() as u64,
			v4::OrganisationTrailEnds::<T>::iter_values().count() as u64,
		);
		Ok(ends.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		use codec::Decode;
		let (mut trails, actors, organisations) =
			<(alloc::vec::Vec<LogEnds>, u64, u64)>::decode(&mut &state[..])
				.map_err(|_| "the pre-upgrade state does not decode")?;
		let mut after: alloc::vec::Vec<LogEnds> =
			AuditEnds::<T>::iter_values().map(|ends| ends.ends()).collect();
		trails.sort_by_key(|ends| (ends.oldest, ends.next));
		after.sort_by_key(|ends| (ends.oldest, ends.next));
		frame_support::ensure!(after == trails, "a trail's ends changed");
		frame_support::ensure!(
			ActorTrailEnds::<T>::iter_values().count() as u64 == actors
				&& OrganisationTrailEnds::<T>::iter_values().count() as u64 == organisations,
			"an index's ends were lost"
		);
		Ok(())
	}
}

/// Rewrites every item of `Ends` (version 4's `LogEnds`) with the time of its log's oldest entry
/// in `Entries`; how many it rewrote. A log whose oldest entry is missing (never, by `try_state`)
/// gets time 0, expired: the next append removes it, as version 4 did.
fn with_oldest_times<Ends, Entries, Key, Entry>() -> u64
where
	Ends: IterableStorageMap<Key, RetainedEnds>,
	Entries: StorageDoubleMap<Key, u64, Entry, Query = Option<Entry>>,
	Key: FullCodec,
	Entry: FullCodec + Dated,
{
	let mut logs = 0u64;
	Ends::translate::<LogEnds, _>(|key, ends| {
		logs = logs.saturating_add(1);
		let oldest_at = if ends.kept() == 0 {
			0
		} else {
			Entries::get(key, ends.oldest).map_or(0, |entry| entry.at())
		};
		Some(RetainedEnds { oldest: ends.oldest, next: ends.next, oldest_at })
	});
	logs
}

/// Storage version 4 → 5: the audit logs' ends keep their oldest entry's time.
pub type MigrateToV5<T> = VersionedMigration<
	4,
	5,
	KeepOldestEntryTimes<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
