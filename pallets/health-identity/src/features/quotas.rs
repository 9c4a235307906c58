//! Quotas of stored items: every organisation and patient holds at most as many records,
//! units, claims… as the consortium allows, counted by the pallets that store them.

use crate::*;
use caduceus_primitives::{QuotaExceeded, StorageQuota};
use frame_support::dispatch::DispatchResult;

impl<T: Config> Pallet<T> {
	/// `holder`'s quota: the one the consortium set, or the default of its kind.
	pub fn storage_quota(holder: Holder) -> u32 {
		StorageQuotas::<T>::get(holder).unwrap_or_else(|| match holder {
			Holder::Organisation(_) => T::DefaultOrganisationQuota::get(),
			Holder::Patient(_) => T::DefaultPatientQuota::get(),
		})
	}

	pub(crate) fn do_set_storage_quota(holder: Holder, quota: Option<u32>) -> DispatchResult {
		match holder {
			Holder::Organisation(org) => {
				frame_support::ensure!(
					Organisations::<T>::contains_key(org),
					Error::<T>::UnknownOrganisation
				)
			},
			Holder::Patient(patient) => {
				frame_support::ensure!(
					Patients::<T>::contains_key(patient),
					Error::<T>::UnknownPatient
				)
			},
		}
		StorageQuotas::<T>::set(holder, quota);
		Self::deposit_event(Event::StorageQuotaSet { holder, quota });
		Ok(())
	}
}

impl<T: Config> StorageQuota for Pallet<T> {
	fn take(holder: Holder, items: u32) -> Result<(), QuotaExceeded> {
		StorageUsage::<T>::try_mutate(holder, |used| {
			let after = used.saturating_add(items);
			if after > Self::storage_quota(holder) {
				return Err(QuotaExceeded);
			}
			*used = after;
			Ok(())
		})
	}

	fn give_back(holder: Holder, items: u32) {
		StorageUsage::<T>::mutate_exists(holder, |used| {
			let left = used.unwrap_or_default().saturating_sub(items);
			*used = (left > 0).then_some(left);
		});
	}
}
