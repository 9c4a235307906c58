//! Version 2: a grant names the roles of the grantee organisation's practitioners it covers
//! (`Grant::roles`). A version-1 grant covered every role; it is rewritten to name the roles
//! that serve its purposes (a treatment grant: the clinical roles, which is what naming none
//! means; a payment grant: claims officers; a research grant: researchers; an operations
//! grant: privacy officers and administrators). So what a grant was given for keeps working,
//! and an administrator or claims officer no longer reads under a treatment grant.
//!
//! ## Complexity
//! One pass over every (patient, grantee) pair, in one block: fine for a consortium's first
//! deployments; a chain with millions of grants would need a multi-block migration.

use crate::*;
use caduceus_primitives::{Actions, CategorySlots, Flag, Purposes, Role, Roles};
use codec::{Decode, Encode};
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
	BoundedVec,
};

/// The storage as version 1 wrote it.
pub mod v1 {
	use super::*;

	/// A grant without `roles`. Its categories were a `DataCategories`, which is encoded as the
	/// slots it became (`caduceus_primitives::category_slots::unkeyed_slots`).
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
	pub struct Grant<AccountId, BlockNumber, Exceptions> {
		pub id: ConsentId,
		pub categories: CategorySlots,
		pub purposes: Purposes,
		pub actions: Actions,
		pub valid_from: Moment,
		pub valid_until: Moment,
		pub exceptions: Exceptions,
		pub source_document: Option<ContentHash>,
		pub granted_by: AccountId,
		pub granted_at: Moment,
		pub signed_in_wallet: bool,
		pub revoked_in: Option<BlockNumber>,
	}

	/// A version-1 grant of the runtime.
	pub type GrantOf<T> = Grant<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		Exceptions<<T as frame_system::Config>::AccountId, <T as Config>::MaxExcluded>,
	>;
}

/// The roles that serve any of `purposes`: what a version-1 grant for them is taken to cover.
pub fn roles_serving(purposes: Purposes) -> Roles {
	let serving: alloc::vec::Vec<Role> = Role::ALL
		.iter()
		.copied()
		.filter(|role| purposes.iter().any(|purpose| role.serves(purpose)))
		.collect();
	Roles::of(&serving)
}

/// Rewrites every grant with its roles; run only from version 1 by [`MigrateToV2`].
pub struct NameRoles<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for NameRoles<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut pairs = 0u64;
		Consents::<T>::translate::<BoundedVec<v1::GrantOf<T>, T::MaxConsentsPerGrantee>, _>(
			|_, grantee, grants| {
				pairs = pairs.saturating_add(1);
				let organisation = matches!(grantee, Party::Organisation(_));
				let grants: alloc::vec::Vec<GrantOf<T>> =
					grants.into_iter().map(|old| grant::<T>(old, organisation)).collect();
				Some(BoundedVec::truncate_from(grants))
			},
		);
		T::DbWeight::get().reads_writes(pairs, pairs)
	}
}

/// A version-1 grant with the roles that serve its purposes (none for a grant to one
/// practitioner, which names no roles).
fn grant<T: Config>(old: v1::GrantOf<T>, organisation: bool) -> GrantOf<T> {
	Grant {
		id: old.id,
		categories: old.categories,
		purposes: old.purposes,
		actions: old.actions,
		roles: if organisation { roles_serving(old.purposes) } else { Roles::default() },
		valid_from: old.valid_from,
		valid_until: old.valid_until,
		exceptions: old.exceptions,
		source_document: old.source_document,
		granted_by: old.granted_by,
		granted_at: old.granted_at,
		signed_in_wallet: old.signed_in_wallet,
		revoked_in: old.revoked_in,
	}
}

/// Storage version 1 → 2: grants name their roles.
pub type MigrateToV2<T> =
	VersionedMigration<1, 2, NameRoles<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
