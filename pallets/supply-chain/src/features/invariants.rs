//! The pallet's invariants, checked by `try_state` and after every unit test.

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};
use caduceus_primitives::{Registry, UnitStatus};
use frame_support::{ensure, traits::Get};
use sp_runtime::{Saturating, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// - every unit's (and container's) custodian is a registered organisation: whatever holds
	///   it directly is one, or the container or shipment it is in exists and lists it;
	/// - every item is in at most one container: a container lists each child once, and the
	///   child's place names that container; so a container's custodian is its contents';
	/// - a container's lot counts and quarantine count are those of the units inside it, and its
	///   level is one more than its deepest child's;
	/// - every shipment lists its items, whose place names it;
	/// - a lot's unit count is its units'; every unit of a recalled lot reads as recalled;
	/// - every kept history entry sits in its slot;
	/// - every company prefix is listed by the one organisation it belongs to, and every listed
	///   prefix belongs to it; a termination consent names an illegitimate unit or lot; a
	///   dispensed-then-decommissioned unit was dispensed before it was decommissioned;
	/// - every lot's reach is its units': what each organisation holds, has on the way to it and
	///   dispensed.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::check_units()?;
		Self::check_containers()?;
		Self::check_shipments()?;
		Self::check_lots()?;
		Self::check_history()?;
		Self::check_dispensings()?;
		Self::check_reach()?;
		Self::check_authority()
	}

	/// Each lot's reach is counted from its units, and no empty entry is kept.
	fn check_reach() -> Result<(), TryRuntimeError> {
		let stored: BTreeMap<(LotKey, OrgId), Reach> =
			LotReach::<T>::iter().map(|(lot, org, reach)| ((lot, org), reach)).collect();
		ensure!(stored == Self::reach_from_units(), "a lot's reach is not its units'");
		Ok(())
	}

	/// Each organisation's count of dispensings is the number of units it dispensed.
	fn check_dispensings() -> Result<(), TryRuntimeError> {
		let mut counted = BTreeMap::<OrgId, u64>::new();
		for (_, unit) in Units::<T>::iter() {
			if let Some((by, _)) = unit.end.and_then(|end| end.dispensing()) {
				counted.entry(by).or_default().saturating_inc();
			}
		}
		let stored: BTreeMap<OrgId, u64> = Dispensings::<T>::iter().collect();
		ensure!(stored == counted, "a count of dispensings is not the units dispensed");
		Ok(())
	}

	fn check_authority() -> Result<(), TryRuntimeError> {
		let mut listed = 0usize;
		for (org, prefixes) in PrefixesOf::<T>::iter() {
			ensure!(!prefixes.is_empty(), "an empty prefix list is stored");
			for prefix in prefixes.iter() {
				ensure!(
					crate::features::prefixes::company_prefix_valid(prefix),
					"an invalid company prefix is stored"
				);
				ensure!(
					CompanyPrefixes::<T>::get(prefix) == Some(org),
					"a listed prefix belongs to another organisation"
				);
				listed.saturating_inc();
			}
		}
		ensure!(CompanyPrefixes::<T>::iter().count() == listed, "a prefix is in no list");
		for (target, _) in TerminationConsents::<T>::iter() {
			let illegitimate = match &target {
				Target::Unit(key) => Units::<T>::get(key)
					.is_some_and(|unit| unit.quarantine == Some(Quarantine::Illegitimate)),
				Target::Lot(key) => {
					Lots::<T>::get(key).is_some_and(|lot| lot.state == LotState::Illegitimate)
				},
			};
			ensure!(illegitimate, "a termination consent names a legitimate product");
		}
		for (_, unit) in Units::<T>::iter() {
			if let Some(End::DispensedThenDecommissioned { dispensed_at, at, .. }) = unit.end {
				ensure!(dispensed_at <= at, "a unit was decommissioned before it was dispensed");
			}
		}
		Ok(())
	}

	/// `item`, whose place is `place`, is where `place` says.
	fn check_place(item: &Item, place: Place) -> Result<(), TryRuntimeError> {
		match place {
			Place::Held(org) => ensure!(
				T::Registry::organisation(org).is_some(),
				"an item is held by no organisation"
			),
			Place::Inside(sscc) => {
				let container = Containers::<T>::get(sscc).ok_or("an item is in no container")?;
				let listed = container.children.iter().filter(|child| *child == item).count();
				ensure!(listed == 1, "a container does not list its item exactly once");
			},
			Place::Shipped(id) => {
				let shipment = Shipments::<T>::get(id).ok_or("an item is in no shipment")?;
				ensure!(shipment.items.contains(item), "a shipment does not list its item");
			},
		}
		Ok(())
	}

	fn check_units() -> Result<(), TryRuntimeError> {
		for (key, unit) in Units::<T>::iter() {
			ensure!(
				Lots::<T>::contains_key(LotKey { gtin: key.gtin, lot: unit.lot.clone() }),
				"a unit's lot is unknown"
			);
			Self::check_place(&Item::Unit(key), unit.place)?;
		}
		Ok(())
	}

	/// The lots (with unit counts) and quarantined units inside `item`, and its level.
	fn contents(item: &Item) -> Result<(BTreeMap<LotKey, u32>, u32, u8), TryRuntimeError> {
		match item {
			Item::Unit(key) => {
				let unit = Units::<T>::get(key).ok_or("a container holds an unknown unit")?;
				let lots = BTreeMap::from([(LotKey { gtin: key.gtin, lot: unit.lot }, 1)]);
				Ok((lots, unit.quarantine.is_some() as u32, 0))
			},
			Item::Container(sscc) => {
				let container =
					Containers::<T>::get(sscc).ok_or("a container holds an unknown container")?;
				let (mut lots, mut quarantined, mut level) =
					(BTreeMap::<LotKey, u32>::new(), 0u32, 0u8);
				for child in &container.children {
					let (child_lots, child_quarantined, child_level) = Self::contents(child)?;
					for (lot, units) in child_lots {
						lots.entry(lot).or_default().saturating_accrue(units);
					}
					quarantined.saturating_accrue(child_quarantined);
					level = level.max(child_level.saturating_add(1));
				}
				Ok((lots, quarantined, level))
			},
		}
	}

	fn check_containers() -> Result<(), TryRuntimeError> {
		for (sscc, container) in Containers::<T>::iter() {
			ensure!(gs1_key_valid(&sscc), "a container has an invalid SSCC");
			Self::check_place(&Item::Container(sscc), container.place)?;
			for child in &container.children {
				ensure!(
					Self::place_of(child).ok() == Some(Place::Inside(sscc)),
					"a container lists an item that is elsewhere"
				);
			}
			let (lots, quarantined, level) = Self::contents(&Item::Container(sscc))?;
			let recorded: BTreeMap<_, _> = container.lots.iter().cloned().collect();
			ensure!(recorded == lots, "a container's lot counts are wrong");
			ensure!(
				container.quarantined == quarantined,
				"a container's quarantine count is wrong"
			);
			ensure!(container.level == level, "a container's level is wrong");
			ensure!(level <= MAX_NESTING, "containers nest too deep");
		}
		Ok(())
	}

	/// Every shipment is where it says its items are, and listed under its recipient; nothing
	/// else is listed.
	fn check_shipments() -> Result<(), TryRuntimeError> {
		use caduceus_primitives::paging::NewestFirstKey;
		let mut shipments = 0usize;
		for (id, shipment) in Shipments::<T>::iter() {
			shipments.saturating_inc();
			ensure!(id < NextShipmentId::<T>::get(), "a shipment is beyond the next identifier");
			ensure!(
				InTransitTo::<T>::contains_key(shipment.to, NewestFirstKey::of(id)),
				"a shipment is not listed under its recipient"
			);
			for item in &shipment.items {
				ensure!(
					Self::place_of(item).ok() == Some(Place::Shipped(id)),
					"a shipment lists an item that is elsewhere"
				);
			}
		}
		ensure!(
			InTransitTo::<T>::iter_keys().count() == shipments,
			"a recipient lists a shipment no longer on its way"
		);
		Ok(())
	}

	fn check_lots() -> Result<(), TryRuntimeError> {
		let mut units: BTreeMap<LotKey, u32> = BTreeMap::new();
		for (key, unit) in Units::<T>::iter() {
			let lot = LotKey { gtin: key.gtin, lot: unit.lot.clone() };
			let recalled = Lots::<T>::get(&lot).is_some_and(|info| info.recalled_at.is_some());
			if recalled {
				ensure!(
					Self::unit_status(&key.gtin, &unit) == UnitStatus::Recalled,
					"a unit of a recalled lot does not read as recalled"
				);
			}
			units.entry(lot).or_default().saturating_inc();
		}
		for (key, lot) in Lots::<T>::iter() {
			ensure!(units.remove(&key).unwrap_or(0) == lot.units, "a lot's unit count is wrong");
			ensure!(Products::<T>::contains_key(key.gtin), "a lot of an unregistered product");
		}
		Ok(())
	}

	fn check_history() -> Result<(), TryRuntimeError> {
		let capacity = T::MaxHistoryPerItem::get();
		let mut kept: BTreeMap<Item, u64> = BTreeMap::new();
		for (item, slot, entry) in History::<T>::iter() {
			let length = HistoryLength::<T>::get(&item);
			caduceus_primitives::log::check_entry(entry.sequence, slot, length, capacity)?;
			kept.entry(item).or_default().saturating_inc();
		}
		let lengths: Vec<_> = HistoryLength::<T>::iter().collect();
		for (item, length) in lengths {
			ensure!(
				kept.remove(&item).unwrap_or(0) == caduceus_primitives::log::kept(length, capacity),
				"an item's history keeps the wrong number of entries"
			);
		}
		ensure!(kept.is_empty(), "a history has entries but no length");
		Ok(())
	}
}
