//! Guardians and delegates act for a patient within a scope, until an optional end.

use crate::*;
use frame_support::ensure;
use sp_runtime::DispatchResult;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_appoint_guardian(
		patient: PatientId,
		guardian: T::AccountId,
		scope: GuardianScope,
		expires_at: Option<Moment>,
		appointed_by: Appointer,
	) -> DispatchResult {
		ensure!(expires_at.map_or(true, |end| end > Self::now()), Error::<T>::ExpiryInThePast);
		Patients::<T>::try_mutate(patient, |p| {
			let p = p.as_mut().ok_or(Error::<T>::UnknownPatient)?;
			ensure!(p.account != guardian, Error::<T>::SelfGuardianship);
			ensure!(
				!p.guardians.iter().any(|g| g.guardian == guardian),
				Error::<T>::AlreadyAGuardian
			);
			p.guardians
				.try_push(Guardianship {
					guardian: guardian.clone(),
					scope,
					expires_at,
					appointed_by,
				})
				.map_err(|_| Error::<T>::TooManyGuardians)
		})?;
		Guarding::<T>::mutate(&guardian, |n| *n = n.saturating_add(1));
		Self::deposit_event(Event::GuardianAppointed {
			patient,
			guardian,
			scope,
			expires_at,
			appointed_by,
		});
		Ok(())
	}

	pub(crate) fn do_remove_guardian(patient: PatientId, guardian: T::AccountId) -> DispatchResult {
		Patients::<T>::try_mutate(patient, |p| {
			let p = p.as_mut().ok_or(Error::<T>::UnknownPatient)?;
			let index = p
				.guardians
				.iter()
				.position(|g| g.guardian == guardian)
				.ok_or(Error::<T>::NotAGuardian)?;
			p.guardians.remove(index);
			Ok::<_, Error<T>>(())
		})?;
		Self::forget_guardianship(&guardian);
		Self::deposit_event(Event::GuardianRemoved { patient, guardian });
		Ok(())
	}

	/// Counts one guardianship of `guardian` less.
	pub(crate) fn forget_guardianship(guardian: &T::AccountId) {
		Guarding::<T>::mutate_exists(guardian, |n| {
			*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
		});
	}

	/// Whether `who` takes part in the chain: an organisation's admin, a practitioner (even a
	/// suspended one, who may still need to act on its own records), a patient, or a patient's
	/// guardian or delegate.
	pub fn is_participant(who: &T::AccountId) -> bool {
		AdministeredBy::<T>::contains_key(who)
			|| Practitioners::<T>::contains_key(who)
			|| PatientByAccount::<T>::contains_key(who)
			|| Guarding::<T>::contains_key(who)
	}
}
