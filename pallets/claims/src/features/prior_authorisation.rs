//! Prior authorisation: requested by a provider, decided by the insurer, drawn on by claims.

use crate::*;
use caduceus_primitives::Registry;
use frame_support::{dispatch::DispatchResult, ensure};

impl<T: Config> Pallet<T> {
	/// Requests `units` of `code` for `patient` under `plan`, by a provider's practitioner.
	pub(crate) fn do_request_prior_authorisation(
		who: &T::AccountId,
		patient: PatientId,
		plan: PlanId,
		code: ServiceCode,
		units: u32,
	) -> DispatchResult {
		let provider = Self::provider_of(who)?;
		ensure!(Self::in_good_standing(who, provider), Error::<T>::NotAProvider);
		ensure!(T::Registry::is_patient(patient), Error::<T>::UnknownPatient);
		let info = Plans::<T>::get(plan).ok_or(Error::<T>::UnknownPlan)?;
		let terms = PlanVersions::<T>::get(plan, info.version).ok_or(Error::<T>::UnknownPlan)?;
		ensure!(terms.service(&code).is_some(), Error::<T>::ServiceNotCovered);
		ensure!(units > 0, Error::<T>::InvalidLine);
		Self::take_quota(provider, 1)?;
		let authorisation = NextPriorAuthId::<T>::get();
		PriorAuthorisations::<T>::insert(
			authorisation,
			PriorAuthorisation {
				patient,
				plan,
				provider,
				code: code.clone(),
				units_requested: units,
				units_approved: 0,
				units_used: 0,
				expires_at: 0,
				status: AuthorisationStatus::Requested,
			},
		);
		NextPriorAuthId::<T>::put(authorisation.saturating_add(1));
		Self::deposit_event(Event::PriorAuthorisationRequested {
			authorisation,
			patient,
			plan,
			code,
			units,
		});
		Ok(())
	}

	/// Approves (`units`) or denies (`None`) a requested authorisation, by the plan's insurer.
	pub(crate) fn do_decide_prior_authorisation(
		who: &T::AccountId,
		id: PriorAuthId,
		units: Option<u32>,
		expires_at: Moment,
	) -> DispatchResult {
		let mut authorisation =
			PriorAuthorisations::<T>::get(id).ok_or(Error::<T>::UnknownAuthorisation)?;
		let plan = Plans::<T>::get(authorisation.plan).ok_or(Error::<T>::UnknownPlan)?;
		Self::ensure_plan_insurer(who, &plan)?;
		ensure!(authorisation.status == AuthorisationStatus::Requested, Error::<T>::AlreadyDecided);
		match units {
			Some(units) => {
				ensure!(units > 0 && expires_at > Self::now(), Error::<T>::InvalidAuthorisation);
				authorisation.status = AuthorisationStatus::Approved;
				authorisation.units_approved = units;
				authorisation.expires_at = expires_at;
			},
			None => authorisation.status = AuthorisationStatus::Denied,
		}
		let (status, units, expires_at) =
			(authorisation.status, authorisation.units_approved, authorisation.expires_at);
		PriorAuthorisations::<T>::insert(id, authorisation);
		Self::deposit_event(Event::PriorAuthorisationDecided {
			authorisation: id,
			status,
			units,
			expires_at,
		});
		Ok(())
	}
}
