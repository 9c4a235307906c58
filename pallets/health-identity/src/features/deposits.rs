//! Registration deposits: a self-registered patient's account holds one until an organisation
//! first serves the patient, so that accounts nobody ever treats cost whoever funds them.

use crate::*;
use caduceus_primitives::PatientHooks;
use frame_support::{
	dispatch::DispatchResult,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
	weights::Weight,
};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// `account`, just registered as `patient`, holds the registration deposit.
	pub(crate) fn hold_registration_deposit(
		patient: PatientId,
		account: &T::AccountId,
	) -> DispatchResult {
		let amount = T::RegistrationDeposit::get();
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&HoldReason::PatientRegistration.into(), account, amount)
			.map_err(|_| Error::<T>::CannotHoldDeposit)?;
		RegistrationDeposits::<T>::insert(patient, (account.clone(), amount));
		Self::deposit_event(Event::RegistrationDepositHeld {
			patient,
			account: account.clone(),
			amount,
		});
		Ok(())
	}

	/// Releases `patient`'s registration deposit, if one is held; returns whether one was.
	pub(crate) fn release_registration_deposit(patient: PatientId) -> bool {
		let Some((account, amount)) = RegistrationDeposits::<T>::take(patient) else {
			return false;
		};
		let reason = HoldReason::PatientRegistration.into();
		let amount = T::Currency::release(&reason, &account, amount, Precision::BestEffort)
			.unwrap_or_default();
		Self::deposit_event(Event::RegistrationDepositReleased { patient, account, amount });
		true
	}

	/// A moving patient's deposit moves, still held, to their new account (which exists: it
	/// signed the move). Should that fail, it is released to the old account: never lost.
	pub(crate) fn move_registration_deposit(
		patient: PatientId,
		from: &T::AccountId,
		to: &T::AccountId,
	) {
		let Some((_, amount)) = RegistrationDeposits::<T>::get(patient) else { return };
		let reason = HoldReason::PatientRegistration.into();
		let moved = T::Currency::transfer_on_hold(
			&reason,
			from,
			to,
			amount,
			Precision::Exact,
			Restriction::OnHold,
			Fortitude::Polite,
		);
		match moved {
			Ok(amount) => RegistrationDeposits::<T>::insert(patient, (to.clone(), amount)),
			Err(_) => {
				Self::release_registration_deposit(patient);
			},
		}
	}
}

impl<T: Config> PatientHooks for Pallet<T> {
	fn served(patient: PatientId) -> Weight {
		if Self::release_registration_deposit(patient) {
			Self::served_weight()
		} else {
			Weight::zero()
		}
	}

	fn served_weight() -> Weight {
		T::WeightInfo::release_registration_deposit()
	}
}
