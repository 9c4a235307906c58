//! What the runtime API reads: the integrity check, records and their versions, audit trails.

use crate::*;
use alloc::vec::Vec;
use caduceus_primitives::{retained_log, QueryError, Registry};
use frame_support::{ensure, traits::Get};

impl<T: Config> Pallet<T> {
	/// One page of the records `content_hash` was anchored as (one per patient or trial), where
	/// each stands, which version of its document is current and whether it is a copy: for
	/// anyone holding the document. The first page (`after` = `None`) starts with the first
	/// anchor by an authoring organisation; `next` pages on, so copies cannot push the genuine
	/// anchor out of the answer.
	///
	/// ## Complexity
	/// O(`MaxPageSize`) reads.
	pub fn verify_document(content_hash: ContentHash, after: Option<Scope>) -> DocumentPageOf<T> {
		let origin = HashOrigins::<T>::get(content_hash);
		let authored = origin.and_then(|origin| origin.authored);
		let limit = T::MaxPageSize::get() as usize;
		let mut anchors = Vec::with_capacity(limit);
		if after.is_none() {
			anchors.extend(authored.and_then(|record| Self::document_status(record, origin)));
		}
		let rest = match after {
			None => HashAnchors::<T>::iter_prefix(content_hash),
			Some(scope) => HashAnchors::<T>::iter_prefix_from(
				content_hash,
				HashAnchors::<T>::hashed_key_for(content_hash, scope),
			),
		};
		let mut rest = rest.filter(|(_, record)| Some(*record) != authored).peekable();
		let mut last = None;
		while anchors.len() < limit {
			let Some((scope, record)) = rest.next() else { break };
			last = Some(scope);
			anchors.extend(Self::document_status(record, origin));
		}
		let next = rest.peek().and(last);
		DocumentPage { anchors, next }
	}

	/// Where record `id` stands, its document's current version, and whether it is a copy of
	/// a hash whose origin is `origin`.
	fn document_status(
		record: RecordId,
		origin: Option<HashOrigin>,
	) -> Option<DocumentStatusOf<T>> {
		let anchor = Anchors::<T>::get(record)?;
		let current_version = match anchor.erased_at {
			Some(_) => None,
			None => Self::version_ids(anchor.first_version).last().copied(),
		};
		let copy = anchor.author_organisation.is_none()
			&& origin.is_some_and(|origin| origin.first != record || origin.authored.is_some());
		Some(DocumentStatus { record, status: anchor.status(), current_version, anchor, copy })
	}

	/// Record `id` with its pointer (none once erased).
	pub fn record_view(id: RecordId) -> Option<RecordViewOf<T>> {
		let record = Anchors::<T>::get(id)?;
		let pointer = Pointers::<T>::get(id).map(|pointer| pointer.into_inner());
		Some(RecordView { id, record, pointer })
	}

	/// One page of `scope`'s records (see [`Pallet::records_of`]).
	pub(crate) fn records_page(
		scope: Scope,
		start_after: Option<RecordId>,
		limit: u32,
	) -> Result<Vec<RecordViewOf<T>>, QueryError> {
		match scope {
			Scope::Patient(patient) => {
				ensure!(T::Registry::is_patient(patient), QueryError::UnknownPatient)
			},
			Scope::Trial(trial) => {
				ensure!(Trials::<T>::contains_key(trial), QueryError::UnknownTrial)
			},
		}
		caduceus_primitives::paging::newest_first_page::<RecordsOf<T>, _, _>(
			scope,
			start_after,
			limit,
			T::MaxPageSize::get(),
			Self::record_view,
		)
	}

	/// Every version of the document `id` belongs to, first to last.
	pub fn versions(id: RecordId) -> Vec<RecordViewOf<T>> {
		let Some(record) = Anchors::<T>::get(id) else { return Vec::new() };
		Self::version_ids(record.first_version).into_iter().filter_map(Self::record_view).collect()
	}

	/// Up to `limit` entries of `patient`'s audit trail from sequence number `from` on, oldest
	/// first (entries removed for age, once older than `AuditRetention`, are skipped).
	pub fn audit_page(
		patient: PatientId,
		from: u64,
		limit: u32,
	) -> Result<Vec<AuditEntryOf<T>>, QueryError> {
		Self::ensure_page_size(limit)?;
		ensure!(T::Registry::is_patient(patient), QueryError::UnknownPatient);
		Ok(retained_log::page::<AuditTrail<T>, AuditEnds<T>, _, _>(patient, from, limit))
	}

	/// The sequence numbers `patient`'s audit trail keeps: start at `oldest`, or page back
	/// from `next` for the newest entries.
	pub fn audit_ends(patient: PatientId) -> LogEnds {
		AuditEnds::<T>::get(patient).ends()
	}

	/// Up to `limit` of the trail entries `actor` wrote, from position `from` of the actor's
	/// index on, oldest first, each with the patient whose trail holds it: an auditor's "what
	/// did this clinician open?". The index's ends are in the answer's first element.
	pub fn audit_by_actor(
		actor: T::AccountId,
		from: u64,
		limit: u32,
	) -> Result<(LogEnds, Vec<IndexedEntryOf<T>>), QueryError> {
		Self::ensure_page_size(limit)?;
		let references = retained_log::page_positions::<ActorTrail<T>, ActorTrailEnds<T>, _, _>(
			actor.clone(),
			from,
			limit,
		);
		Ok((ActorTrailEnds::<T>::get(actor).ends(), Self::resolve(references)))
	}

	/// Up to `limit` of the trail entries written by anyone acting for `organisation`, from
	/// position `from` of its index on, oldest first, each with its patient.
	pub fn audit_by_organisation(
		organisation: OrgId,
		from: u64,
		limit: u32,
	) -> Result<(LogEnds, Vec<IndexedEntryOf<T>>), QueryError> {
		Self::ensure_page_size(limit)?;
		ensure!(T::Registry::organisation(organisation).is_some(), QueryError::UnknownOrganisation);
		let references = retained_log::page_positions::<
			OrganisationTrail<T>,
			OrganisationTrailEnds<T>,
			_,
			_,
		>(organisation, from, limit);
		Ok((OrganisationTrailEnds::<T>::get(organisation).ends(), Self::resolve(references)))
	}

	/// The trail entries `references` (with their positions in an index) point to; one whose
	/// trail entry has been removed already is left out, the positions telling the reader where
	/// the next page starts (after the last position returned).
	fn resolve(references: Vec<(u64, TrailRef)>) -> Vec<IndexedEntryOf<T>> {
		references
			.into_iter()
			.filter_map(|(position, reference)| {
				AuditTrail::<T>::get(reference.patient, reference.sequence)
					.map(|entry| IndexedEntry { position, patient: reference.patient, entry })
			})
			.collect()
	}

	fn ensure_page_size(limit: u32) -> Result<(), QueryError> {
		caduceus_primitives::paging::ensure_page_size(limit, T::MaxPageSize::get())
	}
}
