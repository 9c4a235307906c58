//! Guardians and delegates act for a patient within a scope, until an optional end.

use crate::*;
use frame_support::ensure;
use sp_runtime::DispatchResult;

/// Who removes a guardianship: the rules differ.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Remover {
	/// The consortium: any guardianship.
	Consortium,
	/// The ward: what they appointed, or what has ended.
	Ward,
	/// The guardian themself, resigning.
	Guardian,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_appoint_guardian(
		patient: PatientId,
		guardian: T::AccountId,
		scope: GuardianScope,
		expires_at: Option<Moment>,
		appointed_by: Appointer,
	) -> DispatchResult {
		ensure!(expires_at.is_none_or(|end| end > Self::now()), Error::<T>::ExpiryInThePast);
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
		Wards::<T>::try_mutate(&guardian, |wards| wards.try_push(patient))
			.map_err(|_| Error::<T>::TooManyWards)?;
		Self::deposit_event(Event::GuardianAppointed {
			patient,
			guardian,
			scope,
			expires_at,
			appointed_by,
		});
		Ok(())
	}

	/// Removes `guardian` from `patient`'s guardians, by `remover`: the ward may not remove an
	/// unexpired guardianship the consortium made.
	pub(crate) fn do_remove_guardian(
		patient: PatientId,
		guardian: T::AccountId,
		remover: Remover,
	) -> DispatchResult {
		let now = Self::now();
		Patients::<T>::try_mutate(patient, |p| {
			let p = p.as_mut().ok_or(Error::<T>::UnknownPatient)?;
			let index = p
				.guardians
				.iter()
				.position(|g| g.guardian == guardian)
				.ok_or(Error::<T>::NotAGuardian)?;
			let guardianship = p.guardians.get(index).ok_or(Error::<T>::NotAGuardian)?;
			let protected = guardianship.appointed_by == Appointer::Consortium
				&& guardianship.expires_at.is_none_or(|end| end > now);
			ensure!(!(remover == Remover::Ward && protected), Error::<T>::AppointedByTheConsortium);
			p.guardians.remove(index);
			Ok::<_, Error<T>>(())
		})?;
		Self::forget_ward(&guardian, patient);
		Self::deposit_event(match remover {
			Remover::Guardian => Event::GuardianResigned { patient, guardian },
			Remover::Consortium | Remover::Ward => Event::GuardianRemoved { patient, guardian },
		});
		Ok(())
	}

	/// Removes `patient` from `guardian`'s wards.
	pub(crate) fn forget_ward(guardian: &T::AccountId, patient: PatientId) {
		Wards::<T>::mutate_exists(guardian, |wards| {
			if let Some(list) = wards {
				list.retain(|ward| *ward != patient);
				if list.is_empty() {
					*wards = None;
				}
			}
		});
	}

	/// Hands every guardianship `from` holds to `to` (a patient moving to a new key): `from`
	/// keeps none. Guardianships `to` held before (strangers may name any account guardian,
	/// and a pending move's new key is public) are dropped first, so that no one can block a
	/// move by filling the new key's wards. Returns how many guardianships were handed over or
	/// dropped.
	pub(crate) fn move_guardianships(from: &T::AccountId, to: &T::AccountId) -> u32 {
		let dropped = Wards::<T>::take(to);
		for ward in dropped.iter().copied() {
			Patients::<T>::mutate_extant(ward, |p| p.guardians.retain(|g| &g.guardian != to));
			Self::deposit_event(Event::GuardianRemoved { patient: ward, guardian: to.clone() });
		}
		let wards = Wards::<T>::take(from);
		for ward in wards.iter().copied() {
			Patients::<T>::mutate_extant(ward, |p| {
				for g in p.guardians.iter_mut().filter(|g| &g.guardian == from) {
					g.guardian = to.clone();
				}
			});
		}
		if !wards.is_empty() {
			Self::deposit_event(Event::GuardianshipsMoved {
				from: from.clone(),
				to: to.clone(),
				wards: wards.len() as u32,
			});
			Wards::<T>::insert(to, &wards);
		}
		wards.len().saturating_add(dropped.len()) as u32
	}

	/// Whether `who` takes part in the chain: an organisation's admin, a practitioner (even a
	/// suspended one, who may still need to act on its own records), a patient, or a patient's
	/// guardian or delegate.
	pub fn is_participant(who: &T::AccountId) -> bool {
		Self::is_participant_in_own_right(who) || Wards::<T>::contains_key(who)
	}

	/// Whether `who` takes part other than as someone's guardian or delegate: an organisation's
	/// admin, a practitioner or a patient. Anyone may be named a guardian; the runtime admits
	/// such an account only for what it does for its wards.
	pub fn is_participant_in_own_right(who: &T::AccountId) -> bool {
		AdministeredBy::<T>::contains_key(who)
			|| Practitioners::<T>::contains_key(who)
			|| PatientByAccount::<T>::contains_key(who)
	}
}
