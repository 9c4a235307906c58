//! Commissioning: serialized units of a lot come into existence.

use crate::{features::reach::Change, *};
use frame_support::{dispatch::DispatchResult, ensure};

impl<T: Config> Pallet<T> {
	/// Commissions a unit of `lot` for each of `serials`, by the GTIN's owner.
	pub(crate) fn do_commission(
		who: &T::AccountId,
		gtin: Gtin,
		lot: Lot,
		expiry: Moment,
		serials: SerialsOf<T>,
	) -> DispatchResult {
		let org = Self::manufacturer(who)?;
		let product = Products::<T>::get(gtin).ok_or(Error::<T>::UnknownProduct)?;
		ensure!(product.owner == org, Error::<T>::NotTheOwner);
		ensure!(!serials.is_empty(), Error::<T>::NothingToDo);
		ensure!(gs1_code_valid(&lot), Error::<T>::InvalidCode);
		let now = Self::now();
		ensure!(expiry > now, Error::<T>::ExpiryInPast);
		let key = LotKey { gtin, lot: lot.clone() };
		let new_lot = !Lots::<T>::contains_key(&key);
		Self::take_quota(org, (serials.len() as u32).saturating_add(new_lot.into()))?;
		let mut info = Lots::<T>::get(&key).unwrap_or(LotInfo {
			expiry,
			state: LotState::Released,
			recalled_at: None,
			units: 0,
		});
		ensure!(info.expiry == expiry, Error::<T>::LotExpiryMismatch);
		ensure!(
			info.state == LotState::Released && info.recalled_at.is_none(),
			Error::<T>::LotNotReleased
		);
		for serial in &serials {
			ensure!(gs1_code_valid(serial), Error::<T>::InvalidCode);
			let unit = UnitKey { gtin, serial: serial.clone() };
			ensure!(!Units::<T>::contains_key(&unit), Error::<T>::SerialTaken);
			Units::<T>::insert(
				&unit,
				Unit {
					lot: lot.clone(),
					commissioned_by: org,
					commissioned_at: now,
					place: Place::Held(org),
					quarantine: None,
					end: None,
				},
			);
			Self::log(
				&Item::Unit(unit),
				org,
				BizStep::Commissioning,
				Disposition::Active,
				Detail::None,
			);
		}
		info.units = info.units.saturating_add(serials.len() as u32);
		Self::note_reach(&key, org, serials.len() as u32, Change::Held);
		Lots::<T>::insert(&key, info);
		Self::deposit_event(Event::UnitsCommissioned { gtin, lot, expiry, serials, by: org });
		Ok(())
	}
}
