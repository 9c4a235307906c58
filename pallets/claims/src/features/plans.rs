//! Plans, their versions, and the coverage of patients.

use crate::*;
use caduceus_primitives::Registry;
use frame_support::{dispatch::DispatchResult, ensure};

impl<T: Config> Pallet<T> {
	/// Every service has a valid code, once, and at least one unit a year.
	fn ensure_valid_terms(terms: &PlanTermsOf<T>) -> Result<(), Error<T>> {
		ensure!(!terms.services.is_empty(), Error::<T>::InvalidPlan);
		for (i, service) in terms.services.iter().enumerate() {
			ensure!(
				service_code_valid(&service.code)
					&& service.units_per_year > 0
					&& !terms
						.services
						.iter()
						.skip(i.saturating_add(1))
						.any(|other| other.code == service.code),
				Error::<T>::InvalidPlan
			);
		}
		Ok(())
	}

	/// Defines a plan of the insurer `who` acts for.
	pub(crate) fn do_define_plan(
		who: &T::AccountId,
		terms: PlanTermsOf<T>,
		adjudicator: T::AccountId,
	) -> DispatchResult {
		let insurer = Self::insurer_of(who)?;
		ensure!(Self::is_claims_officer(&adjudicator, insurer), Error::<T>::NotAClaimsOfficer);
		Self::ensure_valid_terms(&terms)?;
		// The plan and its first version.
		Self::take_quota(insurer, 2)?;
		let plan = NextPlanId::<T>::get();
		Plans::<T>::insert(plan, Plan { insurer, version: 1, adjudicator: adjudicator.clone() });
		PlanVersions::<T>::insert(plan, 1, terms);
		NextPlanId::<T>::put(plan.saturating_add(1));
		Self::deposit_event(Event::PlanDefined { plan, insurer, adjudicator });
		Ok(())
	}

	/// A new version of `plan`'s terms, by its insurer, and possibly a new adjudicator.
	pub(crate) fn do_amend_plan(
		who: &T::AccountId,
		id: PlanId,
		terms: PlanTermsOf<T>,
		adjudicator: Option<T::AccountId>,
	) -> DispatchResult {
		let mut plan = Plans::<T>::get(id).ok_or(Error::<T>::UnknownPlan)?;
		Self::ensure_plan_insurer(who, &plan)?;
		Self::ensure_valid_terms(&terms)?;
		if let Some(adjudicator) = adjudicator {
			ensure!(
				Self::is_claims_officer(&adjudicator, plan.insurer),
				Error::<T>::NotAClaimsOfficer
			);
			if adjudicator != plan.adjudicator {
				let from = core::mem::replace(&mut plan.adjudicator, adjudicator.clone());
				Self::deposit_event(Event::AdjudicatorChanged { plan: id, from, to: adjudicator });
			}
		}
		Self::take_quota(plan.insurer, 1)?;
		plan.version = plan.version.saturating_add(1);
		PlanVersions::<T>::insert(id, plan.version, terms);
		let version = plan.version;
		Plans::<T>::insert(id, plan);
		Self::deposit_event(Event::PlanAmended { plan: id, version });
		Ok(())
	}

	/// Enrols `patient` in `plan` for `coverage`, by the plan's insurer.
	pub(crate) fn do_enrol(
		who: &T::AccountId,
		id: PlanId,
		patient: PatientId,
		coverage: Coverage,
	) -> DispatchResult {
		let plan = Plans::<T>::get(id).ok_or(Error::<T>::UnknownPlan)?;
		Self::ensure_plan_insurer(who, &plan)?;
		ensure!(T::Registry::is_patient(patient), Error::<T>::UnknownPatient);
		ensure!(coverage.start < coverage.end, Error::<T>::InvalidCoverage);
		if !Coverages::<T>::contains_key(patient, id) {
			Self::take_quota(plan.insurer, 1)?;
		}
		Coverages::<T>::insert(patient, id, coverage);
		Self::deposit_event(Event::PatientEnrolled { plan: id, patient, coverage });
		Ok(())
	}
}
