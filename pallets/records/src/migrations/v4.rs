//! Version 4 forgets each record's FHIR resource type. Next to the patient and the category
//! slot it told every member which kind of document a patient has (an `Immunization`, an
//! `ImagingStudy`), and so which kind of care; the type is in the encrypted document, for those
//! who may read it. Blocks written before keep the type in their extrinsics and events: the
//! chain's history cannot be rewritten (`docs/privacy.md`).
//!
//! ## Complexity
//! One pass over every record: a single block, fine for a consortium's first deployments; a
//! chain with millions of records would need a multi-block migration.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	pallet_prelude::ConstU32,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
	BoundedVec,
};

/// The storage as version 3 wrote it.
pub mod v3 {
	use super::*;
	use caduceus_primitives::{ContentHash, Moment, OrgId};

	/// A record with its FHIR resource type in clear.
	#[derive(codec::Encode, codec::Decode, Clone, PartialEq, Eq, Debug)]
	pub struct Record<AccountId, BlockNumber> {
		pub subject: Subject,
		pub content_hash: ContentHash,
		/// The FHIR resource type's name, at most 48 ASCII letters.
		pub resource_type: BoundedVec<u8, ConstU32<48>>,
		pub author: AccountId,
		pub author_organisation: Option<OrgId>,
		pub anchored_at: Moment,
		pub anchored_in: BlockNumber,
		pub first_version: RecordId,
		pub version: u32,
		pub previous: Option<RecordId>,
		pub superseded_by: Option<RecordId>,
		pub erased_at: Option<Moment>,
	}

	/// Every anchor, with its resource type.
	#[frame_support::storage_alias]
	pub type Anchors<T: Config> =
		StorageMap<Pallet<T>, frame_support::Twox64Concat, RecordId, super::OldRecordOf<T>>;

	impl<AccountId, BlockNumber> From<Record<AccountId, BlockNumber>>
		for crate::Record<AccountId, BlockNumber>
	{
		fn from(old: Record<AccountId, BlockNumber>) -> Self {
			crate::Record {
				subject: old.subject,
				content_hash: old.content_hash,
				author: old.author,
				author_organisation: old.author_organisation,
				anchored_at: old.anchored_at,
				anchored_in: old.anchored_in,
				first_version: old.first_version,
				version: old.version,
				previous: old.previous,
				superseded_by: old.superseded_by,
				erased_at: old.erased_at,
			}
		}
	}
}

/// A version 3 record of this runtime.
type OldRecordOf<T> = v3::Record<
	<T as frame_system::Config>::AccountId,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// Rewrites every record without its resource type; run only from version 3 by
/// [`MigrateToV4`].
pub struct ForgetResourceTypes<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for ForgetResourceTypes<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut records = 0u64;
		Anchors::<T>::translate::<OldRecordOf<T>, _>(|_, record| {
			records = records.saturating_add(1);
			Some(record.into())
		});
		T::DbWeight::get().reads_writes(records, records)
	}
}

/// Storage version 3 → 4: records without their FHIR resource type.
pub type MigrateToV4<T> = VersionedMigration<
	3,
	4,
	ForgetResourceTypes<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
