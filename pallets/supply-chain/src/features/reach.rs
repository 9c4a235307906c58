//! The reach of a recall: for each lot, how many of its units each organisation holds, has on
//! the way to it and has dispensed (`LotReach`), kept in step with every move so that a recall
//! names whom to call without visiting the lot's units.

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};
use caduceus_primitives::QueryError;
use sp_runtime::Saturating;

/// Lots with a number of their units.
pub(crate) type LotCounts = BTreeMap<LotKey, u32>;

/// What changes in one organisation's reach of one lot when units move.
#[derive(Clone, Copy)]
pub(crate) enum Change {
	/// Units commissioned, received or back from a cancelled shipment.
	Held,
	/// Units that left: shipped or decommissioned.
	Left,
	/// Units shipped to it.
	OnTheWay,
	/// Units that arrived from a shipment to it (received, or the shipment was cancelled).
	Arrived,
	/// Units it dispensed: out of its stock, into its dispensings.
	Dispensed,
}

impl<T: Config> Pallet<T> {
	/// Applies `change` for `units` units of `lot` at `org`; an entry left empty is removed.
	pub(crate) fn note_reach(lot: &LotKey, org: OrgId, units: u32, change: Change) {
		LotReach::<T>::mutate_exists(lot, org, |entry| {
			let mut reach = entry.unwrap_or_default();
			match change {
				Change::Held => reach.held.saturating_accrue(units),
				Change::Left => reach.held.saturating_reduce(units),
				Change::OnTheWay => reach.on_the_way.saturating_accrue(units),
				Change::Arrived => reach.on_the_way.saturating_reduce(units),
				Change::Dispensed => {
					reach.held.saturating_reduce(units);
					reach.dispensed.saturating_accrue(units);
				},
			}
			*entry = (!reach.is_empty()).then_some(reach);
		});
	}

	/// Applies `change` at `org` for every lot of `lots`.
	pub(crate) fn note_reach_of(lots: &LotCounts, org: OrgId, change: Change) {
		for (lot, units) in lots {
			Self::note_reach(lot, org, *units, change);
		}
	}

	/// The lots of the units in `item` (a unit's own; everything inside a container), added to
	/// `lots`.
	pub(crate) fn count_lots(item: &Item, lots: &mut LotCounts) {
		match item {
			Item::Unit(key) => {
				if let Some(unit) = Units::<T>::get(key) {
					let lot = LotKey { gtin: key.gtin, lot: unit.lot };
					lots.entry(lot).or_default().saturating_inc();
				}
			},
			Item::Container(sscc) => {
				for (lot, units) in Containers::<T>::get(sscc).map(|c| c.lots).unwrap_or_default() {
					lots.entry(lot).or_default().saturating_accrue(units);
				}
			},
		}
	}

	/// One page of `lot`'s reach (see [`Pallet::recall_reach`]).
	pub(crate) fn reach_page(
		lot: LotKey,
		start_after: Option<OrgId>,
		limit: u32,
	) -> Result<Vec<(OrgId, Reach)>, QueryError> {
		use frame_support::traits::Get;
		caduceus_primitives::paging::ensure_page_size(limit, T::MaxPageSize::get())?;
		frame_support::ensure!(Lots::<T>::contains_key(&lot), QueryError::UnknownLot);
		let page = match start_after {
			Some(after) => LotReach::<T>::iter_prefix_from(
				lot.clone(),
				LotReach::<T>::hashed_key_for(&lot, after),
			),
			None => LotReach::<T>::iter_prefix(&lot),
		};
		Ok(page.take(limit as usize).collect())
	}

	/// Every lot's reach, counted from the units themselves: what the version 5 migration
	/// writes and what `try_state` compares `LotReach` with.
	///
	/// ## Complexity
	/// One pass over every unit, following each one's containers.
	pub fn reach_from_units() -> BTreeMap<(LotKey, OrgId), Reach> {
		let mut reach = BTreeMap::<(LotKey, OrgId), Reach>::new();
		for (key, unit) in Units::<T>::iter() {
			let lot = LotKey { gtin: key.gtin, lot: unit.lot };
			let (org, change) = match unit.end.map(|end| end.dispensing()) {
				Some(Some((by, _))) => (Some(by), Change::Dispensed),
				Some(None) => (None, Change::Dispensed),
				None => {
					let whereabouts = Self::whereabouts(unit.place);
					match whereabouts.shipment.and_then(Shipments::<T>::get) {
						Some(shipment) => (Some(shipment.to), Change::OnTheWay),
						None => (whereabouts.custodian, Change::Held),
					}
				},
			};
			let Some(org) = org else { continue };
			let entry = reach.entry((lot, org)).or_default();
			match change {
				Change::Dispensed => entry.dispensed.saturating_inc(),
				Change::OnTheWay => entry.on_the_way.saturating_inc(),
				_ => entry.held.saturating_inc(),
			}
		}
		reach
	}
}
