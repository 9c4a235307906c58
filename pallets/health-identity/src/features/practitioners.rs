//! Organisations attest and withdraw their practitioners.

use crate::*;
use frame_support::ensure;
use sp_runtime::DispatchResult;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_attest_practitioner(
		admin: &T::AccountId,
		practitioner: T::AccountId,
		role: Role,
		credential_hash: H256,
		expires_at: Option<Moment>,
	) -> DispatchResult {
		let (organisation, org) = Self::active_organisation_of_admin(admin)?;
		let now = Self::now();
		ensure!(expires_at.is_none_or(|end| end > now), Error::<T>::ExpiryInThePast);
		ensure!(!Practitioners::<T>::contains_key(&practitioner), Error::<T>::AlreadyAPractitioner);
		ensure!(
			org.practitioners < T::MaxPractitionersPerOrganisation::get(),
			Error::<T>::TooManyPractitioners
		);

		Organisations::<T>::mutate(organisation, |org| {
			if let Some(org) = org {
				// Below the per-organisation bound (checked above).
				org.practitioners = org.practitioners.saturating_add(1);
			}
		});
		PractitionersOf::<T>::insert(organisation, &practitioner, ());
		Practitioners::<T>::insert(
			&practitioner,
			Attestation { organisation, role, credential_hash, expires_at, attested_at: now },
		);
		Self::deposit_event(Event::PractitionerAttested {
			organisation,
			practitioner,
			role,
			expires_at,
		});
		Ok(())
	}

	/// An admin may withdraw its organisation's attestations even while the organisation is
	/// suspended: withdrawing permissions must always be possible.
	pub(crate) fn do_revoke_practitioner(
		admin: &T::AccountId,
		practitioner: T::AccountId,
	) -> DispatchResult {
		let organisation = AdministeredBy::<T>::get(admin).ok_or(Error::<T>::NotAnAdmin)?;
		let attestation =
			Practitioners::<T>::get(&practitioner).ok_or(Error::<T>::NotAPractitioner)?;
		ensure!(attestation.organisation == organisation, Error::<T>::NotAPractitioner);

		Practitioners::<T>::remove(&practitioner);
		PractitionersOf::<T>::remove(organisation, &practitioner);
		Organisations::<T>::mutate(organisation, |org| {
			if let Some(org) = org {
				org.practitioners = org.practitioners.saturating_sub(1);
			}
		});
		Self::deposit_event(Event::PractitionerRevoked { organisation, practitioner });
		Ok(())
	}
}
