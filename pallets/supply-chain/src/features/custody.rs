//! Custody (EPCIS `ObjectEvent`s with DSCSA transaction information): shipping, receiving,
//! cancelling, dispensing, decommissioning.

use crate::{
	features::reach::{Change, LotCounts},
	*,
};
use caduceus_primitives::{paging::NewestFirstKey, OrgKind, Registry, UnitStatus};
use frame_support::{dispatch::DispatchResult, ensure, pallet_prelude::DispatchError};
use sp_runtime::Saturating;

impl<T: Config> Pallet<T> {
	/// Ships `items` from the organisation `who` acts for to `to`.
	pub(crate) fn do_ship(
		who: &T::AccountId,
		to: OrgId,
		items: frame_support::BoundedVec<Item, T::MaxShipmentItems>,
		documents: ContentHash,
	) -> DispatchResult {
		let (from, from_kind) = Self::trading_partner(who)?;
		ensure!(!items.is_empty(), Error::<T>::NothingToDo);
		let recipient =
			T::Registry::active_organisation(to).ok_or(Error::<T>::RecipientNotActive)?;
		let is_return = authority::shipment_direction(from_kind, recipient.kind)
			.filter(|_| to != from)
			.ok_or(Error::<T>::NotTradingPartners)?;
		Self::take_quota(from, 1)?;
		let shipment = NextShipmentId::<T>::get();
		let detail = Detail::Shipment { shipment, from, to, documents };
		let mut lots = LotCounts::new();
		for item in &items {
			for (lot, units) in Self::ensure_movable(item, from)?.1 {
				lots.entry(lot).or_default().saturating_accrue(units);
			}
			Self::set_place(item, Place::Shipped(shipment));
			Self::log(item, from, BizStep::Shipping, Disposition::InTransit, detail);
		}
		Self::note_reach_of(&lots, from, Change::Left);
		Self::note_reach_of(&lots, to, Change::OnTheWay);
		let count = items.len() as u32;
		Shipments::<T>::insert(
			shipment,
			Shipment { from, to, items, documents, shipped_at: Self::now(), is_return },
		);
		InTransitTo::<T>::insert(to, NewestFirstKey::of(shipment), ());
		NextShipmentId::<T>::put(shipment.saturating_add(1));
		Self::deposit_event(Event::Shipped {
			shipment,
			from,
			to,
			items: count,
			documents,
			is_return,
		});
		Ok(())
	}

	/// One page of the shipments on their way to `organisation` (see
	/// [`Pallet::shipments_to`]).
	pub(crate) fn incoming_page(
		organisation: OrgId,
		start_after: Option<ShipmentId>,
		limit: u32,
	) -> Result<alloc::vec::Vec<(ShipmentId, ShipmentOf<T>)>, caduceus_primitives::QueryError> {
		use caduceus_primitives::{paging, QueryError};
		use frame_support::traits::Get;
		ensure!(T::Registry::organisation(organisation).is_some(), QueryError::UnknownOrganisation);
		paging::newest_first_page::<InTransitTo<T>, _, _>(
			organisation,
			start_after,
			limit,
			T::MaxPageSize::get(),
			|id| Shipments::<T>::get(id).map(|shipment| (id, shipment)),
		)
	}

	/// Ends shipment `id` with its items held by `holder`, logging `step`; returns how many
	/// top-level units and containers it carried.
	fn settle(
		id: ShipmentId,
		shipment: ShipmentOf<T>,
		holder: OrgId,
		step: BizStep,
		disposition: Disposition,
	) -> Moved {
		let detail = Detail::Shipment {
			shipment: id,
			from: shipment.from,
			to: shipment.to,
			documents: shipment.documents,
		};
		let mut lots = LotCounts::new();
		for item in &shipment.items {
			Self::count_lots(item, &mut lots);
			Self::set_place(item, Place::Held(holder));
			Self::log(item, holder, step, disposition, detail);
		}
		Self::note_reach_of(&lots, shipment.to, Change::Arrived);
		Self::note_reach_of(&lots, holder, Change::Held);
		Shipments::<T>::remove(id);
		InTransitTo::<T>::remove(shipment.to, NewestFirstKey::of(id));
		Self::give_back_quota(shipment.from, 1);
		Moved::of(shipment.items.iter())
	}

	/// Receives shipment `id` for the organisation `who` acts for, its recipient.
	pub(crate) fn do_receive(who: &T::AccountId, id: ShipmentId) -> Result<Moved, DispatchError> {
		let (org, _) = Self::trading_partner(who)?;
		let shipment = Shipments::<T>::get(id).ok_or(Error::<T>::UnknownShipment)?;
		ensure!(shipment.to == org, Error::<T>::NotTheRecipient);
		let from = shipment.from;
		let items = Self::settle(id, shipment, org, BizStep::Receiving, Disposition::InProgress);
		Self::deposit_event(Event::Received { shipment: id, from, to: org });
		Ok(items)
	}

	/// Cancels shipment `id` for the organisation `who` acts for, its sender.
	pub(crate) fn do_cancel_shipment(
		who: &T::AccountId,
		id: ShipmentId,
	) -> Result<Moved, DispatchError> {
		let (org, _) = Self::trading_partner(who)?;
		let shipment = Shipments::<T>::get(id).ok_or(Error::<T>::UnknownShipment)?;
		ensure!(shipment.from == org, Error::<T>::NotTheSender);
		let to = shipment.to;
		let items = Self::settle(id, shipment, org, BizStep::VoidShipping, Disposition::Active);
		Self::deposit_event(Event::ShipmentCancelled { shipment: id, from: org, to });
		Ok(items)
	}

	/// Dispenses unit `key`, held by the dispenser `who` acts for. The patient is not named:
	/// a claim line links the unit and its patient for the insurer only.
	pub(crate) fn do_dispense(who: &T::AccountId, key: UnitKey) -> DispatchResult {
		let (org, kind) = Self::trading_partner(who)?;
		ensure!(
			matches!(kind, OrgKind::Pharmacy | OrgKind::Hospital | OrgKind::Clinic),
			Error::<T>::NotADispenser
		);
		let item = Item::Unit(key.clone());
		let (_, lots) = Self::ensure_movable(&item, org)?;
		for (lot, units) in &lots {
			Self::note_reach(lot, org, *units, Change::Dispensed);
		}
		let at = Self::now();
		Units::<T>::mutate_extant(&key, |unit| unit.end = Some(End::Dispensed { by: org, at }));
		Dispensings::<T>::mutate(org, |count| *count = count.saturating_add(1));
		Self::log(&item, org, BizStep::Dispensing, Disposition::Dispensed, Detail::Dispensed);
		Self::deposit_event(Event::Dispensed { unit: key, by: org });
		Ok(())
	}

	/// Decommissions unit `key`, held by the organisation `who` acts for, for `reason`.
	pub(crate) fn do_decommission(
		who: &T::AccountId,
		key: UnitKey,
		reason: DecommissionReason,
	) -> DispatchResult {
		let (org, _) = Self::trading_partner(who)?;
		let unit = Units::<T>::get(&key).ok_or(Error::<T>::UnknownUnit)?;
		Self::ensure_held(unit.place, org)?;
		// Expired, recalled and illegitimate units are what gets destroyed; a suspect one waits
		// for its investigation. A dispensed unit comes back only when recalled or illegitimate,
		// and keeps its dispensing; a decommissioned one has nothing left to end.
		let status = Self::unit_status(&key.gtin, &unit);
		let at = Self::now();
		let end = match unit.end {
			None => End::Decommissioned { reason, by: org, at },
			Some(End::Dispensed { by: dispensed_by, at: dispensed_at })
				if matches!(status, UnitStatus::Recalled | UnitStatus::Illegitimate) =>
			{
				End::DispensedThenDecommissioned { dispensed_by, dispensed_at, reason, by: org, at }
			},
			Some(End::Dispensed { .. }) => return Err(Error::<T>::NotMovable(status).into()),
			Some(_) => return Err(Error::<T>::CommercialLifeEnded.into()),
		};
		ensure!(
			matches!(
				status,
				UnitStatus::Active
					| UnitStatus::Expired
					| UnitStatus::Recalled
					| UnitStatus::Illegitimate
			),
			Error::<T>::NotMovable(status)
		);
		if unit.end.is_none() {
			let lot = LotKey { gtin: key.gtin, lot: unit.lot.clone() };
			Self::note_reach(&lot, org, 1, Change::Left);
		}
		Units::<T>::mutate_extant(&key, |unit| unit.end = Some(end));
		let (step, disposition) = match reason {
			DecommissionReason::Destroyed => (BizStep::Destroying, Disposition::Destroyed),
			DecommissionReason::Expired => (BizStep::Decommissioning, Disposition::Expired),
			DecommissionReason::Sample => (BizStep::Decommissioning, Disposition::Inactive),
			DecommissionReason::Damaged => (BizStep::Decommissioning, Disposition::Damaged),
			DecommissionReason::Stolen => (BizStep::Decommissioning, Disposition::Stolen),
		};
		Self::log(
			&Item::Unit(key.clone()),
			org,
			step,
			disposition,
			Detail::Decommissioned { reason },
		);
		Self::deposit_event(Event::Decommissioned { unit: key, by: org, reason });
		Ok(())
	}
}

use crate::features::authority;
