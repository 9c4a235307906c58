//! Who acts for an insurer, and who submits for a provider.

use crate::*;
use caduceus_primitives::{OrgKind, Registry, Role, Standing};
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Whether `org` is an active insurer.
	fn active_insurer(org: OrgId) -> bool {
		T::Registry::active_organisation(org).is_some_and(|info| info.kind == OrgKind::Insurer)
	}

	/// Whether `who` is an active claims officer of insurer `org`.
	pub(crate) fn is_claims_officer(who: &T::AccountId, org: OrgId) -> bool {
		T::Registry::practitioner(who).is_some_and(|p| {
			p.organisation == org && p.role == Role::ClaimsOfficer && p.standing == Standing::Active
		})
	}

	/// The active insurer `who` acts for: as its admin or an active claims officer.
	pub(crate) fn insurer_of(who: &T::AccountId) -> Result<OrgId, Error<T>> {
		let org = T::Registry::organisation_administered_by(who)
			.or_else(|| T::Registry::practitioner(who).map(|p| p.organisation))
			.filter(|org| Self::active_insurer(*org))
			.ok_or(Error::<T>::NotAnInsurer)?;
		let is_admin = T::Registry::organisation_administered_by(who) == Some(org);
		ensure!(is_admin || Self::is_claims_officer(who, org), Error::<T>::NotAnInsurer);
		Ok(org)
	}

	/// The insurer `who` acts for, if it is `plan`'s.
	pub(crate) fn ensure_plan_insurer(
		who: &T::AccountId,
		plan: &Plan<T::AccountId>,
	) -> Result<(), Error<T>> {
		ensure!(Self::insurer_of(who)? == plan.insurer, Error::<T>::NotYourPlan);
		Ok(())
	}

	/// The provider organisation (hospital, clinic, laboratory, pharmacy) `who` is a
	/// practitioner of. Its standing is judged by adjudication (a lapsed practitioner's claim is
	/// denied, not refused).
	pub(crate) fn provider_of(who: &T::AccountId) -> Result<OrgId, Error<T>> {
		let org = T::Registry::practitioner(who).ok_or(Error::<T>::NotAProvider)?.organisation;
		let is_provider = T::Registry::organisation(org).is_some_and(|info| {
			matches!(
				info.kind,
				OrgKind::Hospital | OrgKind::Clinic | OrgKind::Laboratory | OrgKind::Pharmacy
			)
		});
		ensure!(is_provider, Error::<T>::NotAProvider);
		Ok(org)
	}

	/// Whether practitioner `who` may bill `lines` under `terms`: in good standing, each line
	/// naming a drug unit only if its service is a pharmacy service (or one the plan does not
	/// cover, which adjudication denies), and of a role that fits each line (a pharmacist for a
	/// pharmacy line, a physician, nurse or laboratory technician for any other).
	pub(crate) fn ensure_may_bill(
		who: &T::AccountId,
		terms: &PlanTermsOf<T>,
		lines: &[ClaimLineOf<T>],
	) -> Result<(), Error<T>> {
		let practitioner = T::Registry::practitioner(who).ok_or(Error::<T>::NotAProvider)?;
		ensure!(practitioner.standing == Standing::Active, Error::<T>::NotInGoodStanding);
		let pharmacy = |line: &ClaimLineOf<T>| match terms.service(&line.code) {
			Some(service) => service.pharmacy,
			None => line.drug_unit.is_some(),
		};
		let unit_fits = |line: &ClaimLineOf<T>| line.drug_unit.is_none() || pharmacy(line);
		ensure!(lines.iter().all(unit_fits), Error::<T>::DrugUnitOnService);
		let fits = |line: &ClaimLineOf<T>| match practitioner.role {
			Role::Pharmacist => pharmacy(line),
			Role::Physician | Role::Nurse | Role::LabTechnician => !pharmacy(line),
			_ => false,
		};
		ensure!(lines.iter().all(fits), Error::<T>::RoleCannotBill);
		Ok(())
	}

	/// The active insurer whose admin account `who` is.
	pub(crate) fn administered_insurer(who: &T::AccountId) -> Result<OrgId, Error<T>> {
		T::Registry::organisation_administered_by(who)
			.filter(|org| Self::active_insurer(*org))
			.ok_or(Error::<T>::NotAnInsurer)
	}

	/// Whether `who` administers `org`: its admin account, or an active practitioner of it with
	/// the administrator role.
	pub(crate) fn administers(who: &T::AccountId, org: OrgId) -> bool {
		T::Registry::organisation_administered_by(who) == Some(org)
			|| T::Registry::practitioner(who).is_some_and(|p| {
				p.organisation == org
					&& p.role == Role::Administrator
					&& p.standing == Standing::Active
			})
	}

	/// Whether `who` is an active practitioner of an active `provider`.
	pub(crate) fn in_good_standing(who: &T::AccountId, provider: OrgId) -> bool {
		T::Registry::practitioner(who)
			.is_some_and(|p| p.organisation == provider && p.standing == Standing::Active)
	}
}
