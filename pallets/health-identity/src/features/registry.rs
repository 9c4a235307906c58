//! What other pallets and dApps ask: who an account is and whether it may act now.

use crate::*;
use alloc::vec::Vec;
use caduceus_primitives::{OrganisationInfo, PractitionerInfo, Registry, Standing};

impl<T: Config> Pallet<T> {
	/// Whether a practitioner with `attestation` may act now.
	pub(crate) fn standing(attestation: &Attestation) -> Standing {
		let org_active = Organisations::<T>::get(attestation.organisation)
			.is_some_and(|org| org.status == OrgStatus::Active);
		if !org_active {
			Standing::OrganisationInactive
		} else if !attestation.in_force(Self::now()) {
			Standing::AttestationLapsed
		} else {
			Standing::Active
		}
	}

	pub(crate) fn participant_view(account: &T::AccountId) -> ParticipantView {
		ParticipantView {
			administers: AdministeredBy::<T>::get(account),
			practitioner: Practitioners::<T>::get(account).map(|a| (a, Self::standing(&a))),
			patient: PatientByAccount::<T>::get(account),
		}
	}

	pub(crate) fn practitioners_page(
		organisation: OrgId,
		start_after: Option<T::AccountId>,
		limit: u32,
	) -> Result<Vec<(T::AccountId, Attestation)>, Error<T>> {
		use caduceus_primitives::paging;
		paging::ensure_page_size(limit, T::MaxPageSize::get())
			.map_err(|_| Error::<T>::BadPageSize)?;
		frame_support::ensure!(
			Organisations::<T>::contains_key(organisation),
			Error::<T>::UnknownOrganisation
		);
		let keys =
			paging::keys_after::<PractitionersOf<T>, _, _, _>(organisation, start_after, limit);
		Ok(keys
			.into_iter()
			.filter_map(|who| Practitioners::<T>::get(&who).map(|a| (who, a)))
			.collect())
	}
}

impl<T: Config> Pallet<T> {
	/// One page of organisations, by identifier (see [`Pallet::organisations`]).
	pub(crate) fn organisations_page(
		start_after: Option<OrgId>,
		limit: u32,
		order: caduceus_primitives::paging::Order,
	) -> Result<Vec<(OrgId, OrganisationOf<T>)>, Error<T>> {
		use caduceus_primitives::paging;
		paging::ensure_page_size(limit, T::MaxPageSize::get())
			.map_err(|_| Error::<T>::BadPageSize)?;
		Ok(paging::sequential(NextOrganisationId::<T>::get(), start_after, limit, order)
			.filter_map(|id| Organisations::<T>::get(id).map(|org| (id, org)))
			.collect())
	}

	/// A patient's profile (see [`Pallet::patient`]).
	pub(crate) fn patient_view(
		patient: PatientId,
	) -> Option<PatientView<T::AccountId, T::MaxGuardians>> {
		Patients::<T>::get(patient)
			.map(|profile| PatientView { profile, moving_to: PendingMoves::<T>::get(patient) })
	}
}

impl<T: Config> Registry<T::AccountId> for Pallet<T> {
	fn organisation(org: OrgId) -> Option<OrganisationInfo> {
		Organisations::<T>::get(org).map(|o| OrganisationInfo { kind: o.kind, status: o.status })
	}

	fn organisation_administered_by(who: &T::AccountId) -> Option<OrgId> {
		AdministeredBy::<T>::get(who)
	}

	fn admin_of(org: OrgId) -> Option<T::AccountId> {
		Organisations::<T>::get(org).map(|o| o.admin)
	}

	fn practitioner(who: &T::AccountId) -> Option<PractitionerInfo> {
		Practitioners::<T>::get(who).map(|a| PractitionerInfo {
			organisation: a.organisation,
			role: a.role,
			standing: Self::standing(&a),
		})
	}

	fn patient_of(who: &T::AccountId) -> Option<PatientId> {
		PatientByAccount::<T>::get(who)
	}

	fn is_patient(patient: PatientId) -> bool {
		Patients::<T>::contains_key(patient)
	}

	fn may_act_for(who: &T::AccountId, patient: PatientId, scope: GuardianScope) -> bool {
		let Some(record) = Patients::<T>::get(patient) else {
			return false;
		};
		let now = Self::now();
		record.account == *who
			|| record
				.guardians
				.iter()
				.any(|g| g.guardian == *who && g.scope.covers(scope) && g.in_force(now))
	}
}
