//! Anchoring documents and their new versions.

use crate::*;
use caduceus_primitives::{ConsentVerifier, Holder, PatientHooks, StorageQuota};
use frame_support::{ensure, traits::Get, weights::Weight};
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// The weight of an anchor whose audit logs removed `pruned` expired entries (at most from
	/// any one log) and whose consent check and service to the patient cost `beyond` the paths
	/// that the anchor's benchmark takes (the consent check's fast path, and no registration
	/// deposit to return).
	pub(crate) fn anchor_weight(pruned: u32, beyond: Weight) -> Weight {
		T::WeightInfo::anchor(pruned).saturating_add(beyond)
	}

	/// Anchors `document` by `author`, who must be allowed to write the patient's data of its
	/// category. Returns the record's identifier and what its weight depends on: the most
	/// expired entries that any one of the audit logs removed (at most
	/// [`caduceus_primitives::retained_log::PRUNED_PER_APPEND`]), and what the consent check
	/// cost beyond its fast path plus what returning the patient's registration deposit cost
	/// (an organisation's first record for a self-registered patient).
	pub(crate) fn do_anchor(
		author: &T::AccountId,
		document: NewRecordOf<T>,
	) -> Result<(RecordId, u32, Weight), Error<T>> {
		let NewRecord { patient, content_hash, pointer, category } = document;
		let (author_organisation, check) = Self::writer_for(author, patient, category)?;
		let subject = Subject::Patient { patient, category };
		let record =
			Self::store_first_version(author, author_organisation, subject, content_hash, pointer)?;
		let logged = Self::log(
			patient,
			author,
			author_organisation,
			AuditEvent::Anchored { record, category },
		);
		let served = match author_organisation {
			Some(_) => T::PatientHooks::served(patient),
			None => Weight::zero(),
		};
		Ok((record, logged.pruned, check.saturating_add(served)))
	}

	/// Stores the first version of a document and announces it.
	pub(crate) fn store_first_version(
		author: &T::AccountId,
		author_organisation: Option<OrgId>,
		subject: Subject,
		content_hash: ContentHash,
		pointer: PointerOf<T>,
	) -> Result<RecordId, Error<T>> {
		let id = NextRecordId::<T>::get();
		let record = Record {
			subject,
			content_hash,
			author: author.clone(),
			author_organisation,
			anchored_at: Self::now(),
			anchored_in: frame_system::Pallet::<T>::block_number(),
			first_version: id,
			version: 1,
			previous: None,
			superseded_by: None,
			erased_at: None,
		};
		Self::store(id, record, pointer)?;
		Self::deposit_event(Event::RecordAnchored {
			record: id,
			subject,
			content_hash,
			author: author.clone(),
			author_organisation,
			at: Self::now(),
		});
		Ok(id)
	}

	/// Stores record `id` with its pointer under its (new) hash, and moves the identifier on.
	fn store(id: RecordId, record: RecordOf<T>, pointer: PointerOf<T>) -> Result<(), Error<T>> {
		ensure!(!pointer.is_empty(), Error::<T>::EmptyPointer);
		ensure!(
			!HashAnchors::<T>::contains_key(record.content_hash, record.subject.scope()),
			Error::<T>::HashAlreadyAnchored
		);
		Self::take_quota(Self::holder_of(&record), 1)?;
		HashAnchors::<T>::insert(record.content_hash, record.subject.scope(), id);
		Self::list(id, &record);
		Self::note_origin(id, &record);
		Anchors::<T>::insert(id, record);
		Pointers::<T>::insert(id, pointer);
		NextRecordId::<T>::put(id.saturating_add(1));
		Ok(())
	}

	/// Lists record `id` among its patient's (or trial's) records.
	pub(crate) fn list(id: RecordId, record: &RecordOf<T>) {
		use caduceus_primitives::paging::NewestFirstKey;
		RecordsOf::<T>::insert(record.subject.scope(), NewestFirstKey::of(id), ());
	}

	/// Whose quota a record counts against: its authoring organisation, or the patient whose
	/// own document it is. A trial's documents always have the sponsor as organisation; were
	/// one without, it would be refused rather than stored uncounted.
	fn holder_of(record: &RecordOf<T>) -> Option<Holder> {
		match (record.author_organisation, record.subject) {
			(Some(organisation), _) => Some(Holder::Organisation(organisation)),
			(None, Subject::Patient { patient, .. }) => Some(Holder::Patient(patient)),
			(None, _) => None,
		}
	}

	/// Counts `items` new items against `holder`'s quota.
	pub(crate) fn take_quota(holder: Option<Holder>, items: u32) -> Result<(), Error<T>> {
		let holder = holder.ok_or(Error::<T>::QuotaExceeded)?;
		T::Quota::take(holder, items).map_err(|_| Error::<T>::QuotaExceeded)
	}

	/// Notes record `id` as its hash's first anchor, or first by an organisation, if it is.
	pub(crate) fn note_origin(id: RecordId, record: &RecordOf<T>) {
		let authored = record.author_organisation.map(|_| id);
		HashOrigins::<T>::mutate(record.content_hash, |origin| match origin {
			None => *origin = Some(HashOrigin { first: id, authored }),
			Some(origin) => origin.authored = origin.authored.or(authored),
		});
	}

	/// Anchors a new version of `previous` by `author`, who must be allowed to amend it.
	/// Returns what a consent check cost beyond its fast path.
	pub(crate) fn do_amend(
		author: &T::AccountId,
		previous: RecordId,
		content_hash: ContentHash,
		pointer: PointerOf<T>,
	) -> Result<Weight, DispatchError> {
		let mut old = Anchors::<T>::get(previous).ok_or(Error::<T>::UnknownRecord)?;
		ensure!(old.erased_at.is_none(), Error::<T>::RecordErased);
		ensure!(old.superseded_by.is_none(), Error::<T>::NotCurrentVersion);
		ensure!(old.version < T::MaxVersions::get(), Error::<T>::TooManyVersions);
		let check = Self::ensure_may_amend(author, &old)?;
		let id = NextRecordId::<T>::get();
		let new = Record {
			content_hash,
			author: author.clone(),
			anchored_at: Self::now(),
			anchored_in: frame_system::Pallet::<T>::block_number(),
			version: old.version.saturating_add(1),
			previous: Some(previous),
			..old.clone()
		};
		let (subject, version, author_organisation) =
			(new.subject, new.version, new.author_organisation);
		Self::store(id, new, pointer)?;
		old.superseded_by = Some(id);
		Anchors::<T>::insert(previous, old);
		Self::after_amendment(id, subject, author, author_organisation, previous);
		Self::deposit_event(Event::RecordAmended {
			record: id,
			previous,
			version,
			subject,
			content_hash,
			author: author.clone(),
			at: Self::now(),
		});
		Ok(check)
	}

	/// Whether `author` may anchor a new version of `record`: its organisation (with write
	/// consent), the patient for what the patient anchored, the sponsor for a trial's records.
	/// Returns what to charge on top of the amendment's benchmark: what a consent check cost
	/// beyond its fast path; nothing for the patient or a guardian (a subset of the benchmarked
	/// practitioner's reads); for a trial's sponsor, whose way the benchmark does not take, the
	/// check's worst case as before, as a margin.
	fn ensure_may_amend(author: &T::AccountId, record: &RecordOf<T>) -> Result<Weight, Error<T>> {
		match (record.subject, record.author_organisation) {
			(Subject::Patient { patient, category }, Some(organisation)) => {
				Self::writer_for_organisation(author, organisation, patient, category)
			},
			(Subject::Patient { patient, .. }, None) => {
				ensure!(Self::acts_for_patient(author, patient), Error::<T>::NotTheAuthor);
				Ok(Weight::zero())
			},
			(Subject::TrialProtocol(trial), _) | (Subject::TrialResults { trial, .. }, _) => {
				Self::ensure_sponsor_of(author, trial).map(|_| T::ConsentVerifier::check_weight())
			},
		}
	}

	/// Keeps what depends on a document's current version up to date: the patient's trail, or
	/// the trial's current protocol.
	fn after_amendment(
		record: RecordId,
		subject: Subject,
		author: &T::AccountId,
		author_organisation: Option<OrgId>,
		previous: RecordId,
	) {
		match subject {
			Subject::Patient { patient, .. } => {
				Self::log(
					patient,
					author,
					author_organisation,
					AuditEvent::Amended { record, previous },
				);
			},
			Subject::TrialProtocol(trial) => Trials::<T>::mutate_extant(trial, |trial| {
				trial.current_protocol = record;
			}),
			Subject::TrialResults { .. } => {},
		}
	}
}
