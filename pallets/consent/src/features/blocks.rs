//! The patient's block list: parties denied whatever the grants say.

use crate::*;
use caduceus_primitives::OrgId;
use frame_support::ensure;
use sp_runtime::DispatchResult;

impl<T: Config> Pallet<T> {
	/// Whether `patient` blocked `party`.
	pub(crate) fn is_blocked(patient: PatientId, party: &Party<T::AccountId>) -> bool {
		BlockList::<T>::get(patient).contains(party)
	}

	/// Whether `patient` blocked `accessor` itself or its organisation `organisation`.
	pub(crate) fn blocks_accessor(
		patient: PatientId,
		accessor: &T::AccountId,
		organisation: Option<OrgId>,
	) -> bool {
		Self::list_blocks(&BlockList::<T>::get(patient), accessor, organisation)
	}

	/// Whether a patient's block list `blocked` names `accessor` or its organisation
	/// `organisation`.
	pub(crate) fn list_blocks(
		blocked: &[Party<T::AccountId>],
		accessor: &T::AccountId,
		organisation: Option<OrgId>,
	) -> bool {
		blocked.iter().any(|party| match party {
			Party::Practitioner(who) => who == accessor,
			Party::Organisation(org) => Some(*org) == organisation,
		})
	}

	pub(crate) fn do_block(
		patient: PatientId,
		party: Party<T::AccountId>,
		by: T::AccountId,
	) -> DispatchResult {
		if let Party::Organisation(org) = party {
			ensure!(T::Registry::organisation(org).is_some(), Error::<T>::UnknownOrganisation);
		}
		BlockList::<T>::try_mutate(patient, |blocked| {
			ensure!(!blocked.contains(&party), Error::<T>::AlreadyBlocked);
			blocked.try_push(party.clone()).map_err(|_| Error::<T>::TooManyBlocked)
		})?;
		Self::record(patient, &by, ConsentActivity::Blocked { party: party.clone() });
		Self::deposit_event(Event::PartyBlocked { patient, party, by });
		Ok(())
	}

	pub(crate) fn do_unblock(
		patient: PatientId,
		party: Party<T::AccountId>,
		by: T::AccountId,
	) -> DispatchResult {
		BlockList::<T>::try_mutate_exists(patient, |maybe_blocked| {
			let blocked = maybe_blocked.as_mut().ok_or(Error::<T>::NotBlocked)?;
			let position =
				blocked.iter().position(|p| *p == party).ok_or(Error::<T>::NotBlocked)?;
			blocked.remove(position);
			if blocked.is_empty() {
				*maybe_blocked = None;
			}
			Ok::<_, Error<T>>(())
		})?;
		Self::record(patient, &by, ConsentActivity::Unblocked { party: party.clone() });
		Self::deposit_event(Event::PartyUnblocked { patient, party, by });
		Ok(())
	}
}
