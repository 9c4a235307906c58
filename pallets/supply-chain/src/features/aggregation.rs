//! Aggregation (EPCIS `AggregationEvent`): packing items into containers and unpacking them.

use crate::*;
use caduceus_primitives::UnitStatus;
use frame_support::{dispatch::DispatchResult, ensure, pallet_prelude::DispatchError};

/// Lots with the number of their units in an item.
type LotsOf = alloc::vec::Vec<(LotKey, u32)>;

impl<T: Config> Pallet<T> {
	/// `place` is held by `org` directly (not packed, not in transit).
	pub(crate) fn ensure_held(place: Place, org: OrgId) -> Result<(), Error<T>> {
		match place {
			Place::Held(holder) if holder == org => Ok(()),
			Place::Held(_) => Err(Error::<T>::NotHeldByYou),
			Place::Inside(_) => Err(Error::<T>::PackedInContainer),
			Place::Shipped(_) => Err(Error::<T>::ItemInTransit),
		}
	}

	/// Where `item` is.
	pub(crate) fn place_of(item: &Item) -> Result<Place, Error<T>> {
		match item {
			Item::Unit(key) => {
				Units::<T>::get(key).map(|unit| unit.place).ok_or(Error::<T>::UnknownUnit)
			},
			Item::Container(sscc) => {
				Containers::<T>::get(sscc).map(|c| c.place).ok_or(Error::<T>::UnknownContainer)
			},
		}
	}

	/// Moves `item` to `place`.
	pub(crate) fn set_place(item: &Item, place: Place) {
		match item {
			Item::Unit(key) => Units::<T>::mutate_extant(key, |unit| unit.place = place),
			Item::Container(sscc) => Containers::<T>::mutate_extant(sscc, |c| c.place = place),
		}
	}

	/// What a container's contents allow: suspect if a unit inside is quarantined, else what the
	/// worst of its lots says (recalled, illegitimate, suspect, expired), else active. Reads the
	/// container's lot list, never its units.
	pub(crate) fn container_status(container: &ContainerOf<T>) -> UnitStatus {
		let now = Self::now();
		let rank = |status: &UnitStatus| match status {
			UnitStatus::Recalled => 0,
			UnitStatus::Illegitimate => 1,
			UnitStatus::Suspect => 2,
			_ => 3,
		};
		let worst_lot = container
			.lots
			.iter()
			.filter_map(|(key, _)| Lots::<T>::get(key).and_then(|lot| Self::lot_verdict(&lot, now)))
			.min_by_key(rank);
		match worst_lot {
			Some(status) if rank(&status) < 2 => status,
			_ if container.quarantined > 0 => UnitStatus::Suspect,
			Some(status) => status,
			None => UnitStatus::Active,
		}
	}

	/// `org` may move `item` now: it holds it directly and nothing about it forbids a move.
	/// Returns the item's nesting level (0 for a unit) and the lots of the units in it.
	pub(crate) fn ensure_movable(item: &Item, org: OrgId) -> Result<(u8, LotsOf), Error<T>> {
		Self::ensure_held(Self::place_of(item)?, org)?;
		let (status, level, lots) = match item {
			Item::Unit(key) => {
				let unit = Units::<T>::get(key).ok_or(Error::<T>::UnknownUnit)?;
				let lot = LotKey { gtin: key.gtin, lot: unit.lot.clone() };
				(Self::unit_status(&key.gtin, &unit), 0, alloc::vec![(lot, 1)])
			},
			Item::Container(sscc) => {
				let container = Containers::<T>::get(sscc).ok_or(Error::<T>::UnknownContainer)?;
				(Self::container_status(&container), container.level, container.lots.into_inner())
			},
		};
		ensure!(status == UnitStatus::Active, Error::<T>::NotMovable(status));
		Ok((level, lots))
	}

	/// Packs `items` into container `sscc` (created if new), for the organisation `who` acts for.
	pub(crate) fn do_pack(
		who: &T::AccountId,
		sscc: Sscc,
		items: frame_support::BoundedVec<Item, T::MaxChildren>,
	) -> DispatchResult {
		let (org, _) = Self::trading_partner(who)?;
		ensure!(gs1_key_valid(&sscc), Error::<T>::InvalidSscc);
		ensure!(!items.is_empty(), Error::<T>::NothingToDo);
		let mut container = match Containers::<T>::get(sscc) {
			Some(container) => {
				Self::ensure_held(container.place, org)?;
				container
			},
			None => {
				ensure!(Self::key_owner(&sscc) == Some(org), Error::<T>::SsccNotYours);
				Self::take_quota(org, 1)?;
				Container {
					place: Place::Held(org),
					level: 0,
					children: Default::default(),
					lots: Default::default(),
					quarantined: 0,
				}
			},
		};
		let packed = items.len() as u32;
		let entry = Self::log(
			&Item::Container(sscc),
			org,
			BizStep::Packing,
			Disposition::ContainerClosed,
			Detail::Aggregation { items: packed },
		);
		for item in items {
			ensure!(item != Item::Container(sscc), Error::<T>::ContainerIntoItself);
			let (level, lots) = Self::ensure_movable(&item, org)?;
			ensure!(level < MAX_NESTING, Error::<T>::NestingTooDeep);
			// Below `MAX_NESTING` (checked above), so never saturates.
			container.level = container.level.max(level.saturating_add(1));
			for (lot, units) in lots {
				Self::add_lot(&mut container, lot, units)?;
			}
			container.children.try_push(item.clone()).map_err(|_| Error::<T>::ContainerFull)?;
			Self::set_place(&item, Place::Inside(sscc));
			Self::log(
				&item,
				org,
				BizStep::Packing,
				Disposition::ContainerClosed,
				Detail::PackedInto { container: sscc, container_entry: entry },
			);
		}
		Containers::<T>::insert(sscc, container);
		Self::deposit_event(Event::Packed { container: sscc, items: packed, by: org });
		Ok(())
	}

	/// Counts `units` more units of `lot` in `container`.
	fn add_lot(container: &mut ContainerOf<T>, lot: LotKey, units: u32) -> Result<(), Error<T>> {
		match container.lots.iter_mut().find(|(known, _)| *known == lot) {
			Some((_, count)) => *count = count.saturating_add(units),
			None => container.lots.try_push((lot, units)).map_err(|_| Error::<T>::TooManyLots)?,
		}
		Ok(())
	}

	/// Empties container `sscc`, for the organisation `who` acts for; returns how many items it
	/// held.
	pub(crate) fn do_unpack(who: &T::AccountId, sscc: Sscc) -> Result<u32, DispatchError> {
		let (org, _) = Self::trading_partner(who)?;
		let mut container = Containers::<T>::get(sscc).ok_or(Error::<T>::UnknownContainer)?;
		Self::ensure_held(container.place, org)?;
		ensure!(!container.children.is_empty(), Error::<T>::ContainerEmpty);
		let items = container.children.len() as u32;
		let entry = Self::log(
			&Item::Container(sscc),
			org,
			BizStep::Unpacking,
			Disposition::ContainerOpen,
			Detail::Aggregation { items },
		);
		for item in core::mem::take(&mut container.children) {
			Self::set_place(&item, Place::Held(org));
			Self::log(
				&item,
				org,
				BizStep::Unpacking,
				Disposition::Active,
				Detail::UnpackedFrom { container: sscc, container_entry: entry },
			);
		}
		container.lots = Default::default();
		container.quarantined = 0;
		container.level = 0;
		Containers::<T>::insert(sscc, container);
		Self::deposit_event(Event::Unpacked { container: sscc, items, by: org });
		Ok(items)
	}
}
