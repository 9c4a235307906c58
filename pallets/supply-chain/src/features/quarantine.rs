//! Suspect and illegitimate products (DSCSA 582: quarantine, investigation, notification) and
//! recalls.

use crate::*;
use caduceus_primitives::OrgKind;
use frame_support::{dispatch::DispatchResult, ensure};

impl<T: Config> Pallet<T> {
	/// Counts one more (`quarantined`) or one fewer quarantined unit in every container around
	/// `place`, so that they cannot move while it is inside.
	fn count_quarantine(place: Place, quarantined: bool) {
		let mut place = place;
		for _ in 0..MAX_NESTING {
			let Place::Inside(sscc) = place else { return };
			let mut outer = None;
			Containers::<T>::mutate_extant(sscc, |container| {
				container.quarantined = if quarantined {
					container.quarantined.saturating_add(1)
				} else {
					container.quarantined.saturating_sub(1)
				};
				outer = Some(container.place);
			});
			match outer {
				Some(next) => place = next,
				None => return,
			}
		}
	}

	/// Sets unit `key`'s quarantine to `quarantine`, keeping its containers' counts, and logs it.
	fn set_quarantine(
		key: &UnitKey,
		mut unit: Unit,
		quarantine: Option<Quarantine>,
		by: OrgId,
		document: ContentHash,
	) {
		if unit.quarantine.is_some() != quarantine.is_some() {
			Self::count_quarantine(unit.place, quarantine.is_some());
		}
		unit.quarantine = quarantine;
		Units::<T>::insert(key, unit);
		let (step, disposition) = match quarantine {
			Some(_) => (BizStep::Holding, Disposition::NonSellableOther),
			None => (BizStep::Inspecting, Disposition::Active),
		};
		Self::log(
			&Item::Unit(key.clone()),
			by,
			step,
			disposition,
			Detail::Quarantine { now: quarantine, document },
		);
	}

	/// Sets lot `key`'s quarantine to `state` and logs it in the lot's history.
	fn set_lot_state(
		key: &LotKey,
		mut lot: LotInfo,
		state: LotState,
		by: OrgId,
		document: ContentHash,
	) {
		lot.state = state;
		Lots::<T>::insert(key, lot);
		let (step, disposition, now) = match state {
			LotState::Released => (BizStep::Inspecting, Disposition::Active, None),
			LotState::Suspect => {
				(BizStep::Holding, Disposition::NonSellableOther, Some(Quarantine::Suspect))
			},
			LotState::Illegitimate => {
				(BizStep::Holding, Disposition::NonSellableOther, Some(Quarantine::Illegitimate))
			},
		};
		Self::log_lot(key, by, step, disposition, Detail::Quarantine { now, document });
	}

	/// The lot `key`, if known.
	fn lot(key: &LotKey) -> Result<LotInfo, Error<T>> {
		Lots::<T>::get(key).ok_or(Error::<T>::UnknownLot)
	}

	/// The unit `key`, if known.
	fn unit(key: &UnitKey) -> Result<Unit, Error<T>> {
		Units::<T>::get(key).ok_or(Error::<T>::UnknownUnit)
	}

	/// Whether `org` has the unit at `place` in hand: its custodian, or the recipient of the
	/// shipment carrying it.
	fn holds(place: Place, org: OrgId) -> bool {
		let whereabouts = Self::whereabouts(place);
		match whereabouts.shipment {
			Some(id) => Shipments::<T>::get(id).is_some_and(|s| s.to == org || s.from == org),
			None => whereabouts.custodian == Some(org),
		}
	}

	/// Flags `target` as suspect on `report`, for the organisation `who` acts for: a unit by
	/// whoever has it in hand, its product's owner or a regulator; a lot by its product's
	/// owner or a regulator.
	pub(crate) fn do_flag_suspect(
		who: &T::AccountId,
		target: Target,
		report: ContentHash,
	) -> DispatchResult {
		let (org, kind) = Self::organisation_of(who).ok_or(Error::<T>::NotATradingPartner)?;
		let gtin = Self::gtin_of(&target);
		let oversees = kind == OrgKind::Regulator
			|| Products::<T>::get(gtin).is_some_and(|product| product.owner == org);
		ensure!(!SuspectReports::<T>::contains_key(&target, report), Error::<T>::ReportAlreadyUsed);
		match &target {
			Target::Unit(key) => {
				let unit = Self::unit(key)?;
				ensure!(
					oversees || Self::holds(unit.place, org),
					Error::<T>::NotHolderOwnerOrRegulator
				);
				ensure!(unit.end.is_none(), Error::<T>::CommercialLifeEnded);
				ensure!(unit.quarantine.is_none(), Error::<T>::AlreadyQuarantined);
				Self::set_quarantine(key, unit, Some(Quarantine::Suspect), org, report);
			},
			Target::Lot(key) => {
				ensure!(oversees, Error::<T>::NotOwnerOrRegulator);
				let lot = Self::lot(key)?;
				ensure!(
					lot.state == LotState::Released && lot.recalled_at.is_none(),
					Error::<T>::AlreadyQuarantined
				);
				Self::set_lot_state(key, lot, LotState::Suspect, org, report);
			},
		}
		Self::take_quota(org, 1)?;
		SuspectReports::<T>::insert(&target, report, org);
		Self::deposit_event(Event::SuspectFlagged { target, by: org, report });
		Ok(())
	}

	/// A regulator `who` acts for consents to ending the illegitimacy of `target`.
	pub(crate) fn do_consent_to_termination(who: &T::AccountId, target: Target) -> DispatchResult {
		let (regulator, kind) = Self::organisation_of(who).ok_or(Error::<T>::NotARegulator)?;
		ensure!(kind == OrgKind::Regulator, Error::<T>::NotARegulator);
		ensure!(Self::is_illegitimate(&target)?, Error::<T>::NotIllegitimate);
		TerminationConsents::<T>::insert(&target, regulator);
		Self::deposit_event(Event::TerminationConsented { target, regulator });
		Ok(())
	}

	/// The owner of `target`'s product, which `who` acts for, ends its illegitimacy with a
	/// regulator's consent.
	pub(crate) fn do_terminate_illegitimacy(
		who: &T::AccountId,
		target: Target,
		notice: ContentHash,
	) -> DispatchResult {
		let (org, _) = Self::organisation_of(who).ok_or(Error::<T>::NotTheOwner)?;
		let owns = Products::<T>::get(Self::gtin_of(&target)).is_some_and(|p| p.owner == org);
		ensure!(owns, Error::<T>::NotTheOwner);
		ensure!(Self::is_illegitimate(&target)?, Error::<T>::NotIllegitimate);
		let regulator =
			TerminationConsents::<T>::take(&target).ok_or(Error::<T>::NoRegulatorConsent)?;
		match &target {
			Target::Unit(key) => Self::set_quarantine(key, Self::unit(key)?, None, org, notice),
			Target::Lot(key) => {
				Self::set_lot_state(key, Self::lot(key)?, LotState::Released, org, notice)
			},
		}
		Self::deposit_event(Event::IllegitimacyTerminated {
			target,
			by: org,
			consented_by: regulator,
			notice,
		});
		Ok(())
	}

	/// Whether `target` itself was declared illegitimate.
	fn is_illegitimate(target: &Target) -> Result<bool, Error<T>> {
		Ok(match target {
			Target::Unit(key) => Self::unit(key)?.quarantine == Some(Quarantine::Illegitimate),
			Target::Lot(key) => Self::lot(key)?.state == LotState::Illegitimate,
		})
	}

	/// Clears suspect `target`, for the GTIN's owner or a regulator.
	pub(crate) fn do_clear_suspect(
		who: &T::AccountId,
		target: Target,
		report: ContentHash,
	) -> DispatchResult {
		let org = Self::owner_or_regulator(who, Self::gtin_of(&target))?;
		match &target {
			Target::Unit(key) => {
				let unit = Self::unit(key)?;
				ensure!(unit.quarantine == Some(Quarantine::Suspect), Error::<T>::NotSuspect);
				Self::set_quarantine(key, unit, None, org, report);
			},
			Target::Lot(key) => {
				let lot = Self::lot(key)?;
				ensure!(lot.state == LotState::Suspect, Error::<T>::NotSuspect);
				Self::set_lot_state(key, lot, LotState::Released, org, report);
			},
		}
		Self::deposit_event(Event::SuspicionCleared { target, by: org, report });
		Ok(())
	}

	/// Declares `target` illegitimate, for the GTIN's owner or a regulator.
	pub(crate) fn do_declare_illegitimate(
		who: &T::AccountId,
		target: Target,
		notice: ContentHash,
	) -> DispatchResult {
		let org = Self::owner_or_regulator(who, Self::gtin_of(&target))?;
		match &target {
			Target::Unit(key) => {
				let unit = Self::unit(key)?;
				ensure!(
					unit.quarantine != Some(Quarantine::Illegitimate),
					Error::<T>::AlreadyQuarantined
				);
				Self::set_quarantine(key, unit, Some(Quarantine::Illegitimate), org, notice);
			},
			Target::Lot(key) => {
				let lot = Self::lot(key)?;
				ensure!(lot.state != LotState::Illegitimate, Error::<T>::AlreadyQuarantined);
				Self::set_lot_state(key, lot, LotState::Illegitimate, org, notice);
			},
		}
		Self::deposit_event(Event::IllegitimateDeclared { target, by: org, notice });
		Ok(())
	}

	/// Recalls lot `key`, for the GTIN's owner or a regulator: one write, whatever its size.
	pub(crate) fn do_recall_lot(
		who: &T::AccountId,
		key: LotKey,
		notice: ContentHash,
	) -> DispatchResult {
		let org = Self::owner_or_regulator(who, &key.gtin)?;
		let mut lot = Self::lot(&key)?;
		ensure!(lot.recalled_at.is_none(), Error::<T>::AlreadyRecalled);
		lot.recalled_at = Some(Self::now());
		let units = lot.units;
		Lots::<T>::insert(&key, lot);
		Self::log_lot(
			&key,
			org,
			BizStep::Holding,
			Disposition::Recalled,
			Detail::Recall { notice },
		);
		Self::deposit_event(Event::LotRecalled {
			gtin: key.gtin,
			lot: key.lot,
			by: org,
			notice,
			units,
		});
		Ok(())
	}

	/// The GTIN a target names.
	fn gtin_of(target: &Target) -> &Gtin {
		match target {
			Target::Unit(key) => &key.gtin,
			Target::Lot(key) => &key.gtin,
		}
	}
}
