//! Admitting and removing validators, the floor and the session length.

use crate::*;
use alloc::vec::Vec;
use caduceus_primitives::{OrgId, Registry};
use frame_support::{ensure, pallet_prelude::*, traits::Contains};
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
	/// Whether `organisation` is registered and active.
	pub(crate) fn organisation_active(organisation: OrgId) -> bool {
		T::Registry::active_organisation(organisation).is_some()
	}

	/// Whether a validator of `organisation` can validate: its organisation is active and it
	/// registered session keys.
	fn eligible(validator: &T::AccountId, organisation: OrgId) -> bool {
		Self::organisation_active(organisation) && T::HasSessionKeys::contains(validator)
	}

	/// The admitted validators that can validate, in order of admission.
	pub(crate) fn eligible_validators() -> Vec<T::AccountId> {
		Validators::<T>::get()
			.into_iter()
			.filter(|(validator, organisation)| Self::eligible(validator, *organisation))
			.map(|(validator, _)| validator)
			.collect()
	}

	pub(crate) fn session_length_allowed(blocks: BlockNumberFor<T>) -> bool {
		(T::MinSessionLength::get()..=T::MaxSessionLength::get()).contains(&blocks)
	}

	pub(crate) fn do_add_validator(validator: T::AccountId, organisation: OrgId) -> DispatchResult {
		ensure!(Self::organisation_active(organisation), Error::<T>::OrganisationNotActive);
		Validators::<T>::try_mutate(|validators| {
			ensure!(
				!validators.iter().any(|(admitted, _)| *admitted == validator),
				Error::<T>::AlreadyValidator
			);
			validators
				.try_push((validator.clone(), organisation))
				.map_err(|_| Error::<T>::TooManyValidators)
		})?;
		Self::deposit_event(Event::ValidatorAdded { validator, organisation });
		Ok(())
	}

	pub(crate) fn do_remove_validator(validator: T::AccountId) -> DispatchResult {
		let mut validators = Validators::<T>::get();
		let position = validators
			.iter()
			.position(|(admitted, _)| *admitted == validator)
			.ok_or(Error::<T>::NotValidator)?;
		let (_, organisation) = validators.remove(position);
		let minimum = MinValidators::<T>::get() as usize;
		let in_force = validators.iter().filter(|(v, org)| Self::eligible(v, *org)).count();
		// Neither the admitted validators nor those that can validate may fall below the floor
		// (removing one that cannot validate anyway leaves the latter unchanged).
		ensure!(
			validators.len() >= minimum
				&& (in_force >= minimum || !Self::eligible(&validator, organisation)),
			Error::<T>::BelowMinimum
		);
		Validators::<T>::put(validators);
		Self::deposit_event(Event::ValidatorRemoved { validator, organisation });
		Ok(())
	}

	pub(crate) fn do_set_min_validators(minimum: u32) -> DispatchResult {
		let eligible = Self::eligible_validators().len() as u32;
		ensure!(minimum >= 1 && minimum <= eligible, Error::<T>::InvalidMinimum);
		MinValidators::<T>::put(minimum);
		Self::deposit_event(Event::MinValidatorsSet { minimum });
		Ok(())
	}

	pub(crate) fn do_set_session_length(blocks: BlockNumberFor<T>) -> DispatchResult {
		ensure!(Self::session_length_allowed(blocks), Error::<T>::InvalidSessionLength);
		SessionLength::<T>::put(blocks);
		Self::deposit_event(Event::SessionLengthSet { blocks });
		Ok(())
	}

	/// Every admitted validator with its standing; `in_session` tells whether an account
	/// validates in the current session (the session pallet knows).
	pub fn validator_views(
		in_session: impl Fn(&T::AccountId) -> bool,
	) -> Vec<ValidatorView<T::AccountId>> {
		Validators::<T>::get()
			.into_iter()
			.map(|(validator, organisation)| ValidatorView {
				organisation_active: Self::organisation_active(organisation),
				has_session_keys: T::HasSessionKeys::contains(&validator),
				in_current_session: in_session(&validator),
				validator,
				organisation,
			})
			.collect()
	}
}
