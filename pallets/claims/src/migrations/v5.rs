//! Version 5 forgets `Pools`, each insurer's record of what its pool holds: the currency's hold
//! on the pool account ([`Pallet::pool_balance`]) says the same (`try_state` checked that they
//! agreed), and a payment reads the hold anyway. A claim paid in its block reads and writes one
//! item fewer.
//!
//! ## Complexity
//! One removal per insurer: a single block.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

/// The storage as version 4 wrote it.
pub mod v4 {
	use super::*;
	use frame_support::{storage_alias, Twox64Concat};

	/// What each insurer's pool holds, as recorded beside the currency's hold.
	#[storage_alias]
	pub type Pools<T: Config> = StorageMap<Pallet<T>, Twox64Concat, OrgId, BalanceOf<T>>;
}

/// Removes every insurer's pool record; run only from version 4 by [`MigrateToV5`].
pub struct ForgetPoolRecords<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for ForgetPoolRecords<T> {
	fn on_runtime_upgrade() -> Weight {
		let removed = v4::Pools::<T>::drain().count() as u64;
		T::DbWeight::get().reads_writes(removed, removed)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		for (insurer, held) in v4::Pools::<T>::iter() {
			frame_support::ensure!(
				Pallet::<T>::pool_balance(insurer) == held,
				"a pool's record differs from its hold: forgetting it would change what it pays"
			);
		}
		Ok(alloc::vec::Vec::new())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		frame_support::ensure!(v4::Pools::<T>::iter().next().is_none(), "a pool record is left");
		Ok(())
	}
}

/// Storage version 4 → 5: no pool records beside the currency's holds.
pub type MigrateToV5<T> = VersionedMigration<
	4,
	5,
	ForgetPoolRecords<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
