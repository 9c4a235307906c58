//! Patients register, update their demographic commitment, and move to a new account.

use crate::*;
use caduceus_primitives::{wallet::verify_wallet_signature, Standing};
use codec::Encode;
use frame_support::ensure;
use sp_runtime::{
	traits::{BlakeTwo256, Hash, Zero},
	DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Creates the patient identity of `account`.
	pub(crate) fn create_patient(
		account: T::AccountId,
		demographic_commitment: Option<H256>,
		registered_by: Option<OrgId>,
	) -> Result<PatientId, Error<T>> {
		ensure!(!PatientByAccount::<T>::contains_key(&account), Error::<T>::AlreadyAPatient);
		let patient = NextPatientId::<T>::get();
		NextPatientId::<T>::put(patient.saturating_add(1));
		PatientByAccount::<T>::insert(&account, patient);
		Patients::<T>::insert(
			patient,
			Patient {
				account: account.clone(),
				demographic_commitment,
				guardians: Default::default(),
				registered_at: Self::now(),
				registered_by,
			},
		);
		Self::deposit_event(Event::PatientRegistered { patient, account, registered_by });
		Ok(patient)
	}

	/// Registers `account` as a patient; whether it was one of the block's free registrations.
	pub(crate) fn do_register_patient_self(
		account: T::AccountId,
		demographic_commitment: Option<H256>,
	) -> Result<bool, DispatchError> {
		let patient = Self::create_patient(account.clone(), demographic_commitment, None)?;
		Self::hold_registration_deposit(patient, &account)?;
		let used = FreeRegistrationsThisBlock::<T>::get();
		let free = used < T::MaxFreeRegistrationsPerBlock::get();
		if free {
			FreeRegistrationsThisBlock::<T>::put(used.saturating_add(1));
		}
		Ok(free)
	}

	/// Whether `registrar` may register patients for `organisation`: its admin, or one of its
	/// active practitioners, while the organisation is active.
	fn may_register_for(registrar: &T::AccountId, organisation: OrgId) -> Result<(), Error<T>> {
		let org = Organisations::<T>::get(organisation).ok_or(Error::<T>::UnknownOrganisation)?;
		ensure!(org.status == OrgStatus::Active, Error::<T>::OrganisationNotActive);
		let is_admin = org.admin == *registrar;
		let is_practitioner = Practitioners::<T>::get(registrar).is_some_and(|a| {
			a.organisation == organisation && Self::standing(&a) == Standing::Active
		});
		ensure!(is_admin || is_practitioner, Error::<T>::NotAllowedToRegister);
		Ok(())
	}

	pub(crate) fn do_register_patient_at_intake(
		registrar: &T::AccountId,
		consent: IntakeConsentOf<T>,
		signature: T::WalletSignature,
	) -> DispatchResult {
		Self::may_register_for(registrar, consent.organisation)?;
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let well_formed =
			consent.domain == INTAKE_CONSENT_DOMAIN && consent.genesis_hash == genesis;
		ensure!(
			well_formed
				&& verify_wallet_signature(&signature, &consent.encode(), &consent.patient_account),
			Error::<T>::BadSignature
		);
		ensure!(Self::now() <= consent.valid_until, Error::<T>::ConsentExpired);
		let consent_hash = consent.using_encoded(BlakeTwo256::hash);
		ensure!(
			!UsedIntakeConsents::<T>::contains_key(consent_hash),
			Error::<T>::ConsentAlreadyUsed
		);
		UsedIntakeConsents::<T>::insert(consent_hash, ());
		Self::create_patient(
			consent.patient_account,
			consent.demographic_commitment,
			Some(consent.organisation),
		)?;
		Ok(())
	}

	pub(crate) fn do_set_demographic_commitment(
		account: &T::AccountId,
		commitment: Option<H256>,
	) -> DispatchResult {
		let patient = Self::patient_by_account(account)?;
		Self::use_allowance(patient)?;
		Patients::<T>::mutate(patient, |p| {
			if let Some(p) = p {
				p.demographic_commitment = commitment;
			}
		});
		Self::deposit_event(Event::DemographicCommitmentChanged { patient, commitment });
		Ok(())
	}

	pub(crate) fn do_initiate_patient_move(
		account: &T::AccountId,
		new_account: T::AccountId,
	) -> DispatchResult {
		let patient = Self::patient_by_account(account)?;
		ensure!(!PatientByAccount::<T>::contains_key(&new_account), Error::<T>::AlreadyAPatient);
		PendingMoves::<T>::insert(patient, &new_account);
		Self::deposit_event(Event::PatientMoveInitiated {
			patient,
			from: account.clone(),
			to: new_account,
		});
		Ok(())
	}

	/// The new account takes over `patient` and the guardianships the old account held.
	/// Returns how many wards moved along.
	pub(crate) fn do_accept_patient_move(
		new_account: T::AccountId,
		patient: PatientId,
	) -> Result<u32, DispatchError> {
		let pending = PendingMoves::<T>::get(patient).ok_or(Error::<T>::NoPendingMove)?;
		ensure!(pending == new_account, Error::<T>::NotTheNewAccount);
		// The new account may have become a patient since the move was initiated.
		ensure!(!PatientByAccount::<T>::contains_key(&new_account), Error::<T>::AlreadyAPatient);

		let from = Patients::<T>::try_mutate(patient, |p| {
			let p = p.as_mut().ok_or(Error::<T>::UnknownPatient)?;
			let guardians = p.guardians.len();
			p.guardians.retain(|g| g.guardian != new_account);
			if p.guardians.len() < guardians {
				Self::forget_ward(&new_account, patient);
			}
			Ok::<_, Error<T>>(core::mem::replace(&mut p.account, new_account.clone()))
		})?;
		PendingMoves::<T>::remove(patient);
		PatientByAccount::<T>::remove(&from);
		PatientByAccount::<T>::insert(&new_account, patient);
		Self::move_registration_deposit(patient, &from, &new_account);
		let wards = Self::move_guardianships(&from, &new_account);
		Self::deposit_event(Event::PatientMoved { patient, from, to: new_account });
		Ok(wards)
	}

	/// The patient behind `account` cancels their pending move.
	pub(crate) fn do_cancel_patient_move(account: &T::AccountId) -> DispatchResult {
		let patient = Self::patient_by_account(account)?;
		let to = PendingMoves::<T>::take(patient).ok_or(Error::<T>::NoPendingMove)?;
		Self::deposit_event(Event::PatientMoveCancelled { patient, to });
		Ok(())
	}
}
