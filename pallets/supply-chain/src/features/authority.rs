//! Who acts for which organisation, and which organisations trade with which.

use crate::*;
use caduceus_primitives::{OrgKind, Registry, Role, Standing};
use frame_support::ensure;

/// Where an organisation kind stands in the chain of custody.
#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Tier {
	Manufacturer,
	Distributor,
	Dispenser,
}

/// Whether organisations of `kind` trade medicines (manufacturers, distributors, dispensers).
pub(crate) fn trades(kind: OrgKind) -> bool {
	tier(kind).is_some()
}

fn tier(kind: OrgKind) -> Option<Tier> {
	match kind {
		OrgKind::Manufacturer => Some(Tier::Manufacturer),
		OrgKind::Distributor => Some(Tier::Distributor),
		OrgKind::Pharmacy | OrgKind::Hospital | OrgKind::Clinic => Some(Tier::Dispenser),
		_ => None,
	}
}

/// Whether `from` may ship to `to`, and if so whether it is a return: forward down the chain
/// (or between distributors), or back up it.
pub(crate) fn shipment_direction(from: OrgKind, to: OrgKind) -> Option<bool> {
	let (from, to) = (tier(from)?, tier(to)?);
	if to > from || (from == Tier::Distributor && to == Tier::Distributor) {
		Some(false)
	} else if to < from {
		Some(true)
	} else {
		None
	}
}

impl<T: Config> Pallet<T> {
	/// The active organisation `who` acts for, as its admin or an active practitioner of it
	/// whose role handles medicines (administrator, pharmacist, physician, nurse: not, say, a
	/// claims officer or a researcher), and its kind.
	pub(crate) fn organisation_of(who: &T::AccountId) -> Option<(OrgId, OrgKind)> {
		let org = T::Registry::organisation_administered_by(who).or_else(|| {
			T::Registry::practitioner(who)
				.filter(|practitioner| {
					practitioner.standing == Standing::Active
						&& matches!(
							practitioner.role,
							Role::Administrator | Role::Pharmacist | Role::Physician | Role::Nurse
						)
				})
				.map(|practitioner| practitioner.organisation)
		})?;
		let info = T::Registry::active_organisation(org)?;
		Some((org, info.kind))
	}

	/// The trading partner (manufacturer, distributor, pharmacy, hospital, clinic) `who` acts
	/// for, and its kind.
	pub(crate) fn trading_partner(who: &T::AccountId) -> Result<(OrgId, OrgKind), Error<T>> {
		Self::organisation_of(who)
			.filter(|(_, kind)| tier(*kind).is_some())
			.ok_or(Error::<T>::NotATradingPartner)
	}

	/// The manufacturer `who` acts for.
	pub(crate) fn manufacturer(who: &T::AccountId) -> Result<OrgId, Error<T>> {
		let (org, kind) = Self::trading_partner(who)?;
		ensure!(kind == OrgKind::Manufacturer, Error::<T>::NotAManufacturer);
		Ok(org)
	}

	/// The organisation `who` acts for, if it owns `gtin` or is a regulator.
	pub(crate) fn owner_or_regulator(who: &T::AccountId, gtin: &Gtin) -> Result<OrgId, Error<T>> {
		let (org, kind) = Self::organisation_of(who).ok_or(Error::<T>::NotOwnerOrRegulator)?;
		let owns = Products::<T>::get(gtin).is_some_and(|product| product.owner == org);
		ensure!(owns || kind == OrgKind::Regulator, Error::<T>::NotOwnerOrRegulator);
		Ok(org)
	}
}
