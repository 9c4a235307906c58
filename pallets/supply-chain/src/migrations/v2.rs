//! Version 2 takes the patient out of dispensing: a unit's end (`End::Dispensed`,
//! `End::DispensedThenDecommissioned`) and its history (`Detail::Dispensed`) name the
//! dispenser and the time only, so that which drug a patient received is not in every node's
//! state (`docs/privacy.md`). Past blocks and events keep what they said.
//!
//! ## Complexity
//! One read and one write per unit and per history entry: a single block, fine for a
//! consortium's first deployments; a chain with millions of units needs a multi-block
//! migration.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

/// The types as version 1 stored them.
pub mod old {
	use super::*;
	use caduceus_primitives::value_enum;

	value_enum! {
		/// A unit's end, naming the patient it was dispensed to.
		pub enum End {
			Dispensed { by: OrgId, patient: Option<PatientId>, at: Moment },
			Decommissioned { reason: DecommissionReason, by: OrgId, at: Moment },
			DispensedThenDecommissioned {
				dispensed_by: OrgId,
				patient: Option<PatientId>,
				dispensed_at: Moment,
				reason: DecommissionReason,
				by: OrgId,
				at: Moment,
			},
		}
	}

	/// A unit whose end names the patient.
	#[derive(codec::Encode, codec::Decode, Clone, PartialEq, Eq, Debug)]
	pub struct Unit {
		pub lot: Lot,
		pub commissioned_by: OrgId,
		pub commissioned_at: Moment,
		pub place: Place,
		pub quarantine: Option<Quarantine>,
		pub end: Option<End>,
	}

	value_enum! {
		/// A history entry's detail, with the patient a unit was dispensed to.
		pub enum Detail {
			None,
			PackedInto { container: Sscc, container_entry: u64 },
			UnpackedFrom { container: Sscc, container_entry: u64 },
			Aggregation { items: u32 },
			Shipment { shipment: ShipmentId, from: OrgId, to: OrgId, documents: ContentHash },
			DispensedTo { patient: Option<PatientId> },
			Decommissioned { reason: DecommissionReason },
			Quarantine { now: Option<Quarantine>, document: ContentHash },
			Recall { notice: ContentHash },
			Verified { answer: Verification },
		}
	}

	/// A history entry whose detail may name a patient.
	#[derive(codec::Encode, codec::Decode, Clone, PartialEq, Eq, Debug)]
	pub struct HistoryEntry {
		pub sequence: u64,
		pub at: Moment,
		pub by: OrgId,
		pub step: BizStep,
		pub disposition: Disposition,
		pub detail: Detail,
	}
}

impl From<old::End> for End {
	fn from(end: old::End) -> Self {
		match end {
			old::End::Dispensed { by, at, .. } => End::Dispensed { by, at },
			old::End::Decommissioned { reason, by, at } => End::Decommissioned { reason, by, at },
			old::End::DispensedThenDecommissioned {
				dispensed_by,
				dispensed_at,
				reason,
				by,
				at,
				..
			} => End::DispensedThenDecommissioned { dispensed_by, dispensed_at, reason, by, at },
		}
	}
}

impl From<old::Unit> for Unit {
	fn from(unit: old::Unit) -> Self {
		Unit {
			lot: unit.lot,
			commissioned_by: unit.commissioned_by,
			commissioned_at: unit.commissioned_at,
			place: unit.place,
			quarantine: unit.quarantine,
			end: unit.end.map(Into::into),
		}
	}
}

impl From<old::Detail> for Detail {
	fn from(detail: old::Detail) -> Self {
		use old::Detail as D;
		match detail {
			D::None => Detail::None,
			D::PackedInto { container, container_entry } => {
				Detail::PackedInto { container, container_entry }
			},
			D::UnpackedFrom { container, container_entry } => {
				Detail::UnpackedFrom { container, container_entry }
			},
			D::Aggregation { items } => Detail::Aggregation { items },
			D::Shipment { shipment, from, to, documents } => {
				Detail::Shipment { shipment, from, to, documents }
			},
			D::DispensedTo { .. } => Detail::Dispensed,
			D::Decommissioned { reason } => Detail::Decommissioned { reason },
			D::Quarantine { now, document } => Detail::Quarantine { now, document },
			D::Recall { notice } => Detail::Recall { notice },
			D::Verified { answer } => Detail::Verified { answer },
		}
	}
}

impl From<old::HistoryEntry> for HistoryEntry {
	fn from(entry: old::HistoryEntry) -> Self {
		HistoryEntry {
			sequence: entry.sequence,
			at: entry.at,
			by: entry.by,
			step: entry.step,
			disposition: entry.disposition,
			detail: entry.detail.into(),
		}
	}
}

/// Rewrites every unit and history entry without the patient; run only from version 1 by
/// [`MigrateToV2`].
pub struct ForgetDispensingPatients<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for ForgetDispensingPatients<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut items = 0u64;
		Units::<T>::translate::<old::Unit, _>(|_, unit| {
			items = items.saturating_add(1);
			Some(unit.into())
		});
		History::<T>::translate::<old::HistoryEntry, _>(|_, _, entry| {
			items = items.saturating_add(1);
			Some(entry.into())
		});
		LotHistory::<T>::translate::<old::HistoryEntry, _>(|_, _, entry| {
			items = items.saturating_add(1);
			Some(entry.into())
		});
		T::DbWeight::get().reads_writes(items, items)
	}
}

/// [`ForgetDispensingPatients`], run once: from storage version 1 to 2.
pub type MigrateToV2<T> = VersionedMigration<
	1,
	2,
	ForgetDispensingPatients<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
