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

	/// Whether `who` is an active practitioner of an active `provider`.
	pub(crate) fn in_good_standing(who: &T::AccountId, provider: OrgId) -> bool {
		T::Registry::practitioner(who)
			.is_some_and(|p| p.organisation == provider && p.standing == Standing::Active)
	}
}
