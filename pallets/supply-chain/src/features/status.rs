//! What a unit's status is, derived from the unit, its lot and where its containers are; the
//! verification API and the saleable-return verification.

use crate::*;
use caduceus_primitives::{OrgKind, UnitStatus};
use frame_support::{dispatch::DispatchResult, ensure};

/// Where an item ends up once its containers are followed.
pub(crate) struct Whereabouts {
	/// Who holds it (the sender while in transit).
	pub custodian: Option<OrgId>,
	/// The shipment carrying it.
	pub shipment: Option<ShipmentId>,
	/// The container it is directly in.
	pub container: Option<Sscc>,
}

impl<T: Config> Pallet<T> {
	/// Follows `place` up through containers (at most [`MAX_NESTING`] of them).
	pub(crate) fn whereabouts(place: Place) -> Whereabouts {
		let container = match place {
			Place::Inside(container) => Some(container),
			_ => None,
		};
		let mut place = place;
		for _ in 0..=MAX_NESTING {
			match place {
				Place::Held(org) => {
					return Whereabouts { custodian: Some(org), shipment: None, container }
				},
				Place::Shipped(shipment) => {
					let custodian = Shipments::<T>::get(shipment).map(|s| s.from);
					return Whereabouts { custodian, shipment: Some(shipment), container };
				},
				Place::Inside(sscc) => match Containers::<T>::get(sscc) {
					Some(outer) => place = outer.place,
					None => break,
				},
			}
		}
		Whereabouts { custodian: None, shipment: None, container }
	}

	/// The status a lot gives its units, if it decides it: recalled, illegitimate, suspect or
	/// expired.
	pub(crate) fn lot_verdict(lot: &LotInfo, now: Moment) -> Option<UnitStatus> {
		if lot.recalled_at.is_some() {
			return Some(UnitStatus::Recalled);
		}
		match lot.state {
			LotState::Illegitimate => Some(UnitStatus::Illegitimate),
			LotState::Suspect => Some(UnitStatus::Suspect),
			LotState::Released if now >= lot.expiry => Some(UnitStatus::Expired),
			LotState::Released => None,
		}
	}

	/// A unit's status now, the first that applies: its lot recalled; it or its lot illegitimate;
	/// dispensed or decommissioned; it or its lot suspect; expired; in transit; else active.
	/// A recall comes first so that every unit of a recalled lot reads as recalled, whatever
	/// else happened to it.
	pub(crate) fn unit_status(gtin: &Gtin, unit: &Unit) -> UnitStatus {
		let now = Self::now();
		let lot = Lots::<T>::get(LotKey { gtin: *gtin, lot: unit.lot.clone() });
		let lot_verdict = lot.as_ref().and_then(|lot| Self::lot_verdict(lot, now));
		if lot_verdict == Some(UnitStatus::Recalled) {
			return UnitStatus::Recalled;
		}
		if unit.quarantine == Some(Quarantine::Illegitimate)
			|| lot_verdict == Some(UnitStatus::Illegitimate)
		{
			return UnitStatus::Illegitimate;
		}
		// An ended unit stays dispensed or decommissioned: only a recall or an illegitimacy
		// changes what it was.
		match unit.end {
			Some(End::Dispensed { .. }) => return UnitStatus::Dispensed,
			Some(End::Decommissioned { .. } | End::DispensedThenDecommissioned { .. }) => {
				return UnitStatus::Decommissioned
			},
			None => {},
		}
		if unit.quarantine == Some(Quarantine::Suspect) || lot_verdict == Some(UnitStatus::Suspect)
		{
			return UnitStatus::Suspect;
		}
		if lot_verdict == Some(UnitStatus::Expired) {
			return UnitStatus::Expired;
		}
		if Self::whereabouts(unit.place).shipment.is_some() {
			return UnitStatus::InTransit;
		}
		UnitStatus::Active
	}

	/// What a verifier holding `identifier` learns: whether it is authentic, its status, where
	/// it is.
	pub fn report(identifier: &ProductIdentifier) -> Option<UnitReport> {
		let unit = Units::<T>::get(identifier.unit_key())?;
		let lot = Lots::<T>::get(LotKey { gtin: identifier.gtin, lot: unit.lot.clone() })?;
		let whereabouts = Self::whereabouts(unit.place);
		Some(UnitReport {
			authentic: unit.lot == identifier.lot && lot.expiry == identifier.expiry,
			status: Self::unit_status(&identifier.gtin, &unit),
			custodian: whereabouts.custodian.unwrap_or(unit.commissioned_by),
			shipment: whereabouts.shipment,
			container: whereabouts.container,
			commissioned_by: unit.commissioned_by,
			lot: unit.lot,
			expiry: lot.expiry,
		})
	}

	/// Whether shipment `id` is a return on its way to `org`.
	fn returning_to(id: Option<ShipmentId>, org: OrgId) -> bool {
		id.and_then(Shipments::<T>::get).is_some_and(|s| s.to == org && s.is_return)
	}

	/// The answer distributor `verifier` gets to a saleable-return verification of `identifier`:
	/// verified if authentic and active, or a return on its way to `verifier`.
	pub fn verification(identifier: &ProductIdentifier, verifier: OrgId) -> Verification {
		match Self::report(identifier) {
			None => Verification::UnknownUnit,
			Some(report) if !report.authentic => Verification::Mismatch,
			Some(report)
				if report.status == UnitStatus::Active
					|| (report.status == UnitStatus::InTransit
						&& Self::returning_to(report.shipment, verifier)) =>
			{
				Verification::Verified
			},
			Some(report) => Verification::NotSaleable(report.status),
		}
	}

	/// Records a distributor's verification of a returned `identifier`. A known unit must be
	/// held by the distributor or on its way to it: a distributor does not write to the history
	/// of units it never handles.
	pub(crate) fn do_verify_return(
		who: &T::AccountId,
		identifier: ProductIdentifier,
	) -> DispatchResult {
		let (org, kind) = Self::trading_partner(who)?;
		ensure!(kind == OrgKind::Distributor, Error::<T>::NotADistributor);
		if let Some(unit) = Units::<T>::get(identifier.unit_key()) {
			let whereabouts = Self::whereabouts(unit.place);
			let handled = match whereabouts.shipment {
				Some(id) => Shipments::<T>::get(id).is_some_and(|s| s.to == org),
				None => whereabouts.custodian == Some(org),
			};
			ensure!(handled, Error::<T>::NotHeldByYou);
		}
		let answer = Self::verification(&identifier, org);
		if answer != Verification::UnknownUnit {
			let disposition = match answer {
				Verification::Verified => Disposition::SellableAccessible,
				_ => Disposition::NonSellableOther,
			};
			Self::log(
				&Item::Unit(identifier.unit_key()),
				org,
				BizStep::Inspecting,
				disposition,
				Detail::Verified { answer },
			);
		}
		Self::deposit_event(Event::ReturnVerified { identifier, by: org, answer });
		Ok(())
	}
}
