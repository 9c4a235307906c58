//! Version 6 indexes, for each service (patient, provider, day of service, code), every claim
//! with a standing line of it. Version 5 kept one claim per service and forgot the service when
//! that claim's line was denied, though another claim's line of it still stood (approved on
//! review as a suspected duplicate): an exact copy of that line was then paid again. The index
//! is rebuilt from the claims, so lines version 5 never indexed are indexed too.
//!
//! ## Complexity
//! One read per claim and per service indexed before, one write per service indexed: a single
//! block for the claims a chain holds today. A chain with millions of claims would need a
//! multi-block migration.

use crate::{features::claims::day, *};
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

/// The storage as version 5 wrote it.
pub mod v5 {
	use super::*;
	use frame_support::{storage_alias, Blake2_128Concat, Twox64Concat};

	/// One claim's line per service: the claim, its units and charge.
	#[storage_alias]
	pub type ServicesClaimed<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Twox64Concat,
		(PatientId, OrgId, u32),
		Blake2_128Concat,
		ServiceCode,
		(ClaimId, u32, BalanceOf<T>),
	>;
}

/// Rebuilds the duplicate index from the claims; run only from version 5 by [`MigrateToV6`].
pub struct IndexEveryStandingClaim<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for IndexEveryStandingClaim<T> {
	fn on_runtime_upgrade() -> Weight {
		let removed = v5::ServicesClaimed::<T>::drain().count() as u64;
		let mut index = alloc::collections::BTreeMap::<_, ServiceClaimsOf<T>>::new();
		let claims = NextClaimId::<T>::get();
		// In the order claims were filed, as the index would have had them.
		for (id, claim) in (0..claims).filter_map(|id| Filed::<T>::get(id).map(|claim| (id, claim)))
		{
			let key = (claim.patient, claim.provider, day(claim.date_of_service));
			for (line, result) in claim.lines.iter().zip(&claim.results) {
				if result.decision == LineDecision::Denied {
					continue;
				}
				let entries = index.entry((key, line.code.clone())).or_default();
				if entries.iter().all(|(claim, _, _)| *claim != id) {
					// More standing claims of one service than the index holds (only officers
					// approving four suspected duplicates of it could make them): the earliest
					// are kept, and `try_state` reports the others as not indexed.
					let _ = entries.try_push((id, line.units, line.charged));
				}
			}
		}
		let written = index.len() as u64;
		for ((key, code), entries) in index {
			ServicesClaimed::<T>::insert(key, code, entries);
		}
		T::DbWeight::get().reads_writes(
			removed.saturating_add(claims).saturating_add(1),
			removed.saturating_add(written),
		)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		Ok(alloc::vec::Vec::new())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		Pallet::<T>::check_services_indexed()
	}
}

/// Storage version 5 → 6: every standing claim of a service in the duplicate index.
pub type MigrateToV6<T> = VersionedMigration<
	5,
	6,
	IndexEveryStandingClaim<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
