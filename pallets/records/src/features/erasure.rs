//! Erasure (GDPR art. 17 by crypto-shredding): the pointers go, the anchors and the trail stay.

use crate::*;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Erases every version of the document `id` belongs to, by `who`; returns how many.
	pub(crate) fn do_erase(
		who: T::AccountId,
		id: RecordId,
		request: Option<ContentHash>,
	) -> Result<u32, Error<T>> {
		let record = Anchors::<T>::get(id).ok_or(Error::<T>::UnknownRecord)?;
		let (patient, _) = record.patient().ok_or(Error::<T>::NotAPatientRecord)?;
		ensure!(record.erased_at.is_none(), Error::<T>::RecordErased);
		let organisation = Self::ensure_may_erase(&who, patient, &record, request)?;
		let at = Self::now();
		let versions = Self::version_ids(record.first_version);
		for version in &versions {
			Pointers::<T>::remove(version);
			Anchors::<T>::mutate_extant(version, |record| record.erased_at = Some(at));
		}
		let count = versions.len() as u32;
		Self::log(
			patient,
			&who,
			organisation,
			AuditEvent::Erased { record: id, versions: count, request },
		);
		Self::deposit_event(Event::RecordErased {
			record: id,
			patient,
			versions,
			erased_by: who,
			request,
			at,
		});
		Ok(count)
	}

	/// Whether `who` may erase `record` of `patient`: the patient or a guardian, or the author
	/// organisation's admin or privacy officer with the patient's request. The organisation
	/// acted for, if any.
	fn ensure_may_erase(
		who: &T::AccountId,
		patient: PatientId,
		record: &RecordOf<T>,
		request: Option<ContentHash>,
	) -> Result<Option<OrgId>, Error<T>> {
		if Self::acts_for_patient(who, patient) {
			return Ok(None);
		}
		let organisation = record
			.author_organisation
			.filter(|organisation| Self::erases_for_organisation(who, *organisation))
			.ok_or(Error::<T>::NotAllowedToErase)?;
		ensure!(request.is_some(), Error::<T>::RequestDocumentRequired);
		Ok(Some(organisation))
	}

	/// The identifiers of a document's versions, first to last, from its first version.
	pub(crate) fn version_ids(first_version: RecordId) -> ErasedVersionsOf<T> {
		let mut versions = ErasedVersionsOf::<T>::new();
		let mut next = Some(first_version);
		while let Some(id) = next {
			if versions.try_push(id).is_err() {
				break;
			}
			next = Anchors::<T>::get(id).and_then(|record| record.superseded_by);
		}
		versions
	}
}
