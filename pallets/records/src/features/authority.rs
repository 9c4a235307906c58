//! Who may write a patient's records, and who acts for a research sponsor.

use crate::*;
use caduceus_primitives::{
	Action, CategorySlot, ConsentVerifier, GuardianScope, OrgKind, Purpose, Registry, Role,
	Standing,
};
use frame_support::{ensure, weights::Weight};

impl<T: Config> Pallet<T> {
	/// Whether `who` is the patient or a guardian with records scope.
	pub(crate) fn acts_for_patient(who: &T::AccountId, patient: PatientId) -> bool {
		T::Registry::may_act_for(who, patient, GuardianScope::Records)
	}

	/// Whether `who` may write `patient`'s data of `category`: as the patient or a guardian
	/// (`None`), or as a practitioner with write consent for treatment (their organisation).
	/// With the answer comes what the consent check cost beyond its fast path (none for the
	/// patient or a guardian, who need no check).
	pub(crate) fn writer_for(
		who: &T::AccountId,
		patient: PatientId,
		category: CategorySlot,
	) -> Result<(Option<OrgId>, Weight), Error<T>> {
		ensure!(T::Registry::is_patient(patient), Error::<T>::UnknownPatient);
		if Self::acts_for_patient(who, patient) {
			return Ok((None, Weight::zero()));
		}
		let practitioner =
			T::Registry::practitioner(who).ok_or(Error::<T>::NotPatientOrPractitioner)?;
		let check = Self::write_consent(who, patient, category)?;
		Ok((Some(practitioner.organisation), check))
	}

	/// Whether practitioner `who` holds write consent for treatment on `patient`'s data of
	/// `category` (the check also wants them and their organisation in good standing); what
	/// the check cost beyond its fast path.
	fn write_consent(
		who: &T::AccountId,
		patient: PatientId,
		category: CategorySlot,
	) -> Result<Weight, Error<T>> {
		let check =
			T::ConsentVerifier::check(patient, who, category, Purpose::Treatment, Action::Write);
		check.answer.map_err(Error::<T>::WriteDenied)?;
		Ok(check.weight_beyond_fast_path)
	}

	/// Whether `who` may write for the organisation that authored a record: a practitioner of
	/// it holding write consent for the record's patient and category. Being the patient or
	/// their guardian as well gives no right to the organisation's record. Returns what the
	/// consent check cost beyond its fast path.
	pub(crate) fn writer_for_organisation(
		who: &T::AccountId,
		organisation: OrgId,
		patient: PatientId,
		category: CategorySlot,
	) -> Result<Weight, Error<T>> {
		let of_author = T::Registry::practitioner(who)
			.is_some_and(|practitioner| practitioner.organisation == organisation);
		ensure!(of_author, Error::<T>::NotTheAuthor);
		ensure!(T::Registry::is_patient(patient), Error::<T>::UnknownPatient);
		Self::write_consent(who, patient, category)
	}

	/// Whether `who` may erase for `organisation`: the admin of it while it is active, or an
	/// active privacy officer of it.
	pub(crate) fn erases_for_organisation(who: &T::AccountId, organisation: OrgId) -> bool {
		let active = T::Registry::active_organisation(organisation).is_some();
		(active && T::Registry::organisation_administered_by(who) == Some(organisation))
			|| T::Registry::practitioner(who).is_some_and(|practitioner| {
				practitioner.organisation == organisation
					&& practitioner.role == Role::PrivacyOfficer
					&& practitioner.standing == Standing::Active
			})
	}

	/// The research sponsor `who` enrols for: as an active researcher of it.
	pub(crate) fn researcher_of(who: &T::AccountId) -> Result<OrgId, Error<T>> {
		let sponsor = Self::sponsor_of(who)?;
		let is_researcher = T::Registry::practitioner(who)
			.is_some_and(|practitioner| practitioner.organisation == sponsor);
		ensure!(is_researcher, Error::<T>::NotAResearcher);
		Ok(sponsor)
	}

	/// The research sponsor `who` acts for: as its admin or as an active researcher of it.
	pub(crate) fn sponsor_of(who: &T::AccountId) -> Result<OrgId, Error<T>> {
		let is_active_sponsor = |org: OrgId| {
			T::Registry::active_organisation(org)
				.is_some_and(|info| info.kind == OrgKind::ResearchSponsor)
		};
		if let Some(org) = T::Registry::organisation_administered_by(who) {
			if is_active_sponsor(org) {
				return Ok(org);
			}
		}
		T::Registry::practitioner(who)
			.filter(|practitioner| {
				practitioner.role == Role::Researcher
					&& practitioner.standing == Standing::Active
					&& is_active_sponsor(practitioner.organisation)
			})
			.map(|practitioner| practitioner.organisation)
			.ok_or(Error::<T>::NotAResearchSponsor)
	}
}
