//! Version 4 keeps each patient's four counters (grants stored, wallet-signing nonce, free
//! operations used today, history length) in one item, [`PatientCounters`], instead of four
//! maps: a grant moved three of them, so it read and wrote three items where it now reads and
//! writes one. This gathers the four maps' entries into it and removes the maps.
//!
//! ## Complexity
//! One pass over the four maps (at most four entries per patient), in one block: fine for a
//! consortium's first deployments; a chain with millions of patients would need a multi-block
//! migration.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
	Twox64Concat,
};
use sp_runtime::Saturating;

/// The maps version 3 kept the counters in.
pub mod v3 {
	use super::*;
	use caduceus_primitives::DailyAllowance;

	/// How many grants each patient has.
	#[frame_support::storage_alias]
	pub type ConsentCount<T: Config> = StorageMap<Pallet<T>, Twox64Concat, PatientId, u32>;

	/// The nonce each patient's next wallet-signed grant must carry.
	#[frame_support::storage_alias]
	pub type SignedConsentNonce<T: Config> = StorageMap<Pallet<T>, Twox64Concat, PatientId, u32>;

	/// Free operations each patient used today.
	#[frame_support::storage_alias]
	pub type PatientAllowance<T: Config> =
		StorageMap<Pallet<T>, Twox64Concat, PatientId, DailyAllowance>;

	/// How many entries each patient's history has had.
	#[frame_support::storage_alias]
	pub type HistoryLength<T: Config> = StorageMap<Pallet<T>, Twox64Concat, PatientId, u64>;
}

/// Moves the four maps' entries into [`PatientCounters`]; run only from version 3 by
/// [`MigrateToV4`].
pub struct GatherPatientCounters<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for GatherPatientCounters<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut moved = 0u64;
		let mut gather = |patient: PatientId, set: &mut dyn FnMut(&mut Counters)| {
			moved.saturating_inc();
			PatientCounters::<T>::mutate(patient, |counters| set(counters));
		};
		for (patient, grants) in v3::ConsentCount::<T>::drain() {
			gather(patient, &mut |counters| counters.grants = grants);
		}
		for (patient, nonce) in v3::SignedConsentNonce::<T>::drain() {
			gather(patient, &mut |counters| counters.signed_nonce = nonce);
		}
		for (patient, allowance) in v3::PatientAllowance::<T>::drain() {
			gather(patient, &mut |counters| counters.allowance = allowance);
		}
		for (patient, length) in v3::HistoryLength::<T>::drain() {
			gather(patient, &mut |counters| counters.history_length = length);
		}
		// Each entry: read and removed from its map, and the patient's counters read and
		// written.
		T::DbWeight::get().reads_writes(moved.saturating_mul(2), moved.saturating_mul(2))
	}
}

/// Storage version 3 → 4: each patient's counters in one item.
pub type MigrateToV4<T> = VersionedMigration<
	3,
	4,
	GatherPatientCounters<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
