//! Version 4 lists each shipment on its way under its recipient (`InTransitTo`), so that a
//! receiving dock pages through what is coming with the `shipments_to` view function instead of
//! replaying events. This lists the shipments already on their way.
//!
//! ## Complexity
//! One pass over the shipments not yet received or cancelled: a single block.

use crate::*;
use caduceus_primitives::paging::NewestFirstKey;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
use sp_runtime::Saturating;

/// Lists every shipment on its way under its recipient; run only from version 3 by
/// [`MigrateToV4`].
pub struct ListShipments<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for ListShipments<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut shipments = 0u64;
		for (id, shipment) in Shipments::<T>::iter() {
			shipments.saturating_inc();
			InTransitTo::<T>::insert(shipment.to, NewestFirstKey::of(id), ());
		}
		T::DbWeight::get().reads_writes(shipments, shipments)
	}
}

/// Storage version 3 → 4: shipments on their way listed under their recipient.
pub type MigrateToV4<T> =
	VersionedMigration<3, 4, ListShipments<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
