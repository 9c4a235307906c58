//! Clinical-trial registration on the record machinery: the protocol is a record whose versions
//! are its amendments, results are records reported against one protocol version.

use crate::*;
use caduceus_primitives::{Action, ConsentVerifier, DataCategories, Holder, Purpose, Registry};
use frame_support::{dispatch::DispatchResult, ensure, weights::Weight};
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// `who` acts for `trial`'s sponsor; the trial.
	pub(crate) fn ensure_sponsor_of(who: &T::AccountId, trial: TrialId) -> Result<Trial, Error<T>> {
		let found = Trials::<T>::get(trial).ok_or(Error::<T>::UnknownTrial)?;
		ensure!(Self::sponsor_of(who)? == found.sponsor, Error::<T>::NotTheSponsor);
		Ok(found)
	}

	/// Registers a trial of `who`'s sponsor with its protocol.
	pub(crate) fn do_register_trial(
		who: T::AccountId,
		protocol_hash: ContentHash,
		pointer: PointerOf<T>,
		categories: DataCategories,
	) -> DispatchResult {
		let sponsor = Self::sponsor_of(&who)?;
		ensure!(!categories.is_empty(), Error::<T>::NoTrialCategories);
		let trial = NextTrialId::<T>::get();
		// The trial itself, besides its protocol document.
		Self::take_quota(Some(Holder::Organisation(sponsor)), 1)?;
		let protocol = Self::store_first_version(
			&who,
			Some(sponsor),
			Subject::TrialProtocol(trial),
			protocol_hash,
			pointer,
		)?;
		Trials::<T>::insert(
			trial,
			Trial {
				sponsor,
				first_protocol: protocol,
				current_protocol: protocol,
				categories,
				first_enrolment_at: None,
				enrolled: 0,
				results: 0,
			},
		);
		NextTrialId::<T>::put(trial.saturating_add(1));
		Self::deposit_event(Event::TrialRegistered {
			trial,
			sponsor,
			protocol,
			content_hash: protocol_hash,
			categories,
		});
		Ok(())
	}

	/// Enrols `patient` in `trial`, by the sponsor's `who`, if the patient consented to research
	/// by them for this trial: a grant whose source document is the protocol in force (on some
	/// category: the chain cannot match slots to the trial's categories). Consent to one study
	/// enrols in no other, so a sponsor cannot tell every member that a patient is in a trial
	/// the patient never agreed to. Returns what the consent check cost beyond its fast path.
	pub(crate) fn do_enrol(
		who: T::AccountId,
		id: TrialId,
		patient: PatientId,
	) -> Result<Weight, DispatchError> {
		let mut trial = Trials::<T>::get(id).ok_or(Error::<T>::UnknownTrial)?;
		ensure!(Self::researcher_of(&who)? == trial.sponsor, Error::<T>::NotTheSponsor);
		ensure!(T::Registry::is_patient(patient), Error::<T>::UnknownPatient);
		ensure!(!Enrolments::<T>::contains_key(id, patient), Error::<T>::AlreadyEnrolled);
		let protocol_hash = Anchors::<T>::get(trial.current_protocol)
			.map(|protocol| protocol.content_hash)
			.ok_or(Error::<T>::UnknownRecord)?;
		let check = T::ConsentVerifier::check_for_document(
			patient,
			&who,
			Purpose::Research,
			Action::Read,
			protocol_hash,
		);
		check.answer.map_err(Error::<T>::EnrolmentDenied)?;
		Self::take_quota(Some(Holder::Organisation(trial.sponsor)), 1)?;
		let at = Self::now();
		let protocol = trial.current_protocol;
		Enrolments::<T>::insert(id, patient, Enrolment { at, protocol, enrolled_by: who.clone() });
		trial.first_enrolment_at.get_or_insert(at);
		trial.enrolled = trial.enrolled.saturating_add(1);
		Trials::<T>::insert(id, trial.clone());
		Self::log(
			patient,
			&who,
			Some(trial.sponsor),
			AuditEvent::EnrolledInTrial { trial: id, protocol },
		);
		Self::deposit_event(Event::PatientEnrolled { trial: id, patient, protocol, by: who });
		Ok(check.weight_beyond_fast_path)
	}

	/// Anchors `trial`'s results against protocol version `protocol`, by the sponsor's `who`.
	pub(crate) fn do_anchor_trial_results(
		who: T::AccountId,
		id: TrialId,
		protocol: RecordId,
		content_hash: ContentHash,
		pointer: PointerOf<T>,
	) -> DispatchResult {
		let mut trial = Self::ensure_sponsor_of(&who, id)?;
		let protocol_record = Anchors::<T>::get(protocol)
			.filter(|record| record.subject == Subject::TrialProtocol(id))
			.ok_or(Error::<T>::NotThisTrialsProtocol)?;
		let record = Self::store_first_version(
			&who,
			Some(trial.sponsor),
			Subject::TrialResults { trial: id, protocol },
			content_hash,
			pointer,
		)?;
		// An amendment anchored in the block of the first enrolment counts as made after it.
		let amended_after_enrolment = protocol != trial.first_protocol
			&& trial
				.first_enrolment_at
				.is_some_and(|first_enrolment| protocol_record.anchored_at >= first_enrolment);
		trial.results = trial.results.saturating_add(1);
		let current_protocol = trial.current_protocol;
		Trials::<T>::insert(id, trial);
		Self::deposit_event(Event::TrialResultsAnchored {
			trial: id,
			record,
			protocol,
			current_protocol,
			amended_after_enrolment,
		});
		Ok(())
	}
}
