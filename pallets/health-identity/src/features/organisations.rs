//! Registering organisations and changing their standing.

use crate::*;
use caduceus_primitives::{
	identifiers::{gs1_check_digit_valid, npi_valid},
	OrganisationHooks,
};
use frame_support::{ensure, BoundedVec};
use sp_runtime::DispatchResult;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_organisation(
		kind: OrgKind,
		name: BoundedVec<u8, T::MaxNameLength>,
		identifiers: PublicIdentifiersOf<T>,
		admin: T::AccountId,
	) -> DispatchResult {
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		ensure!(
			identifiers.gln.as_ref().is_none_or(|g| gs1_check_digit_valid(g)),
			Error::<T>::InvalidIdentifier
		);
		ensure!(identifiers.npi.as_ref().is_none_or(npi_valid), Error::<T>::InvalidIdentifier);
		ensure!(!AdministeredBy::<T>::contains_key(&admin), Error::<T>::AlreadyAnAdmin);

		let organisation = NextOrganisationId::<T>::get();
		NextOrganisationId::<T>::put(organisation.saturating_add(1));
		AdministeredBy::<T>::insert(&admin, organisation);
		Organisations::<T>::insert(
			organisation,
			Organisation {
				kind,
				name,
				identifiers,
				admin: admin.clone(),
				status: OrgStatus::Active,
				practitioners: 0,
				registered_at: Self::now(),
			},
		);
		Self::deposit_event(Event::OrganisationRegistered { organisation, kind, admin });
		Ok(())
	}

	/// Moves `organisation` from status `from` to `to`, or fails with the error that explains
	/// why its current status does not allow it.
	fn change_status(organisation: OrgId, from: OrgStatus, to: OrgStatus) -> DispatchResult {
		Organisations::<T>::try_mutate(organisation, |org| {
			let org = org.as_mut().ok_or(Error::<T>::UnknownOrganisation)?;
			ensure!(org.status != OrgStatus::Revoked, Error::<T>::OrganisationRevoked);
			ensure!(
				org.status == from,
				match from {
					OrgStatus::Suspended => Error::<T>::OrganisationNotSuspended,
					_ => Error::<T>::OrganisationNotActive,
				}
			);
			org.status = to;
			Ok(())
		})
	}

	pub(crate) fn do_suspend_organisation(organisation: OrgId) -> DispatchResult {
		Self::change_status(organisation, OrgStatus::Active, OrgStatus::Suspended)?;
		Self::deposit_event(Event::OrganisationSuspended { organisation });
		Ok(())
	}

	pub(crate) fn do_reinstate_organisation(organisation: OrgId) -> DispatchResult {
		Self::change_status(organisation, OrgStatus::Suspended, OrgStatus::Active)?;
		Self::deposit_event(Event::OrganisationReinstated { organisation });
		Ok(())
	}

	pub(crate) fn do_revoke_organisation(organisation: OrgId) -> DispatchResult {
		let admin = Organisations::<T>::try_mutate(organisation, |org| {
			let org = org.as_mut().ok_or(Error::<T>::UnknownOrganisation)?;
			ensure!(org.status != OrgStatus::Revoked, Error::<T>::OrganisationRevoked);
			org.status = OrgStatus::Revoked;
			Ok::<_, Error<T>>(org.admin.clone())
		})?;
		T::OrganisationHooks::revoked(organisation, &admin);
		Self::deposit_event(Event::OrganisationRevoked { organisation });
		Ok(())
	}

	pub(crate) fn do_change_organisation_admin(
		organisation: OrgId,
		new_admin: T::AccountId,
	) -> DispatchResult {
		ensure!(!AdministeredBy::<T>::contains_key(&new_admin), Error::<T>::AlreadyAnAdmin);
		let old_admin = Organisations::<T>::try_mutate(organisation, |org| {
			let org = org.as_mut().ok_or(Error::<T>::UnknownOrganisation)?;
			ensure!(org.status != OrgStatus::Revoked, Error::<T>::OrganisationRevoked);
			Ok::<_, Error<T>>(core::mem::replace(&mut org.admin, new_admin.clone()))
		})?;
		AdministeredBy::<T>::remove(&old_admin);
		AdministeredBy::<T>::insert(&new_admin, organisation);
		T::OrganisationHooks::admin_changed(organisation, &old_admin, &new_admin);
		Self::deposit_event(Event::OrganisationAdminChanged { organisation, old_admin, new_admin });
		Ok(())
	}

	/// The organisation `admin` administers, provided it is active.
	pub(crate) fn active_organisation_of_admin(
		admin: &T::AccountId,
	) -> Result<(OrgId, OrganisationOf<T>), Error<T>> {
		let id = AdministeredBy::<T>::get(admin).ok_or(Error::<T>::NotAnAdmin)?;
		let org = Organisations::<T>::get(id).ok_or(Error::<T>::UnknownOrganisation)?;
		ensure!(org.status == OrgStatus::Active, Error::<T>::OrganisationNotActive);
		Ok((id, org))
	}
}
