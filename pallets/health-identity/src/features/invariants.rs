//! The invariants `try_state` checks after every block (and the tests after every test).

use crate::*;
use alloc::vec::Vec;
use frame_support::ensure;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks that every index agrees with the data it indexes. Iterates all of the pallet's
	/// storage: for `try_state` and tests only, never for a call.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::check_organisations()?;
		Self::check_practitioners()?;
		Self::check_patients()?;
		Self::check_deposits()
	}

	/// Every registration deposit belongs to the patient's current account, which holds at
	/// least the deposits recorded against it.
	fn check_deposits() -> Result<(), TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::Saturating;
		let mut held = alloc::collections::BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, (account, amount)) in RegistrationDeposits::<T>::iter() {
			let patient = Patients::<T>::get(id).ok_or("a deposit belongs to no patient")?;
			ensure!(patient.account == account, "a deposit is held by a former account");
			let total = held.entry(account).or_default();
			*total = total.saturating_add(amount);
		}
		for (account, amount) in held {
			let on_hold =
				T::Currency::balance_on_hold(&HoldReason::PatientRegistration.into(), &account);
			ensure!(on_hold >= amount, "a registration deposit is not held");
		}
		Ok(())
	}

	fn check_organisations() -> Result<(), TryRuntimeError> {
		let next = NextOrganisationId::<T>::get();
		for (id, org) in Organisations::<T>::iter() {
			ensure!(id < next, "an organisation id is not below NextOrganisationId");
			ensure!(AdministeredBy::<T>::get(&org.admin) == Some(id), "an admin is not indexed");
			let listed = PractitionersOf::<T>::iter_key_prefix(id).count() as u32;
			ensure!(listed == org.practitioners, "practitioner count disagrees with the index");
			ensure!(
				org.practitioners <= T::MaxPractitionersPerOrganisation::get(),
				"too many practitioners"
			);
		}
		for (admin, id) in AdministeredBy::<T>::iter() {
			let org = Organisations::<T>::get(id).ok_or("an admin index points nowhere")?;
			ensure!(org.admin == admin, "an admin index names a former admin");
		}
		Ok(())
	}

	fn check_practitioners() -> Result<(), TryRuntimeError> {
		for (who, attestation) in Practitioners::<T>::iter() {
			ensure!(
				Organisations::<T>::contains_key(attestation.organisation),
				"a practitioner belongs to no organisation"
			);
			ensure!(
				PractitionersOf::<T>::contains_key(attestation.organisation, &who),
				"a practitioner is missing from its organisation's index"
			);
		}
		for (org, who, ()) in PractitionersOf::<T>::iter() {
			let attestation =
				Practitioners::<T>::get(&who).ok_or("an indexed practitioner is gone")?;
			ensure!(
				attestation.organisation == org,
				"a practitioner is indexed under another organisation"
			);
		}
		Ok(())
	}

	fn check_patients() -> Result<(), TryRuntimeError> {
		let next = NextPatientId::<T>::get();
		for (id, patient) in Patients::<T>::iter() {
			ensure!(id < next, "a patient id is not below NextPatientId");
			ensure!(
				PatientByAccount::<T>::get(&patient.account) == Some(id),
				"a patient's account is not indexed"
			);
			ensure!(
				patient.guardians.iter().all(|g| g.guardian != patient.account),
				"a patient is their own guardian"
			);
		}
		let mut wards = alloc::collections::BTreeMap::<T::AccountId, Vec<PatientId>>::new();
		for (id, patient) in Patients::<T>::iter() {
			for g in patient.guardians.iter() {
				wards.entry(g.guardian.clone()).or_default().push(id);
			}
		}
		for (guardian, mut listed) in Wards::<T>::iter() {
			let mut expected = wards.remove(&guardian).unwrap_or_default();
			listed.sort();
			expected.sort();
			ensure!(
				listed.into_inner() == expected,
				"a guardian's wards differ from the patients'"
			);
		}
		ensure!(wards.is_empty(), "a guardian is missing from the wards index");
		for (account, id) in PatientByAccount::<T>::iter() {
			let patient = Patients::<T>::get(id).ok_or("an account points at no patient")?;
			ensure!(patient.account == account, "an account index names a former account");
		}
		for (id, _) in PendingMoves::<T>::iter() {
			ensure!(Patients::<T>::contains_key(id), "a pending move belongs to no patient");
		}
		Ok(())
	}
}
