//! What the runtime API reads: the integrity check, records and their versions, audit trails.

use crate::*;
use alloc::vec::Vec;
use caduceus_primitives::{QueryError, Registry};
use frame_support::{ensure, traits::Get};

impl<T: Config> Pallet<T> {
	/// The records `content_hash` was anchored as (one per patient or trial, normally one in
	/// all; at most `MaxPageSize` are returned), where each stands, and which version of its
	/// document is current: for anyone holding the document. The author and subject tell a
	/// genuine anchor from a copied hash.
	pub fn verify_document(content_hash: ContentHash) -> Vec<DocumentStatusOf<T>> {
		HashAnchors::<T>::iter_prefix_values(content_hash)
			.take(T::MaxPageSize::get() as usize)
			.filter_map(|record| Self::document_status(record))
			.collect()
	}

	/// Where record `id` stands, and its document's current version.
	fn document_status(record: RecordId) -> Option<DocumentStatusOf<T>> {
		let anchor = Anchors::<T>::get(record)?;
		let current_version = match anchor.erased_at {
			Some(_) => None,
			None => Self::version_ids(anchor.first_version).last().copied(),
		};
		Some(DocumentStatus { record, status: anchor.status(), current_version, anchor })
	}

	/// Record `id` with its pointer (none once erased).
	pub fn record_view(id: RecordId) -> Option<RecordViewOf<T>> {
		let record = Anchors::<T>::get(id)?;
		let pointer = Pointers::<T>::get(id).map(|pointer| pointer.into_inner());
		Some(RecordView { id, record, pointer })
	}

	/// Every version of the document `id` belongs to, first to last.
	pub fn versions(id: RecordId) -> Vec<RecordViewOf<T>> {
		let Some(record) = Anchors::<T>::get(id) else { return Vec::new() };
		Self::version_ids(record.first_version).into_iter().filter_map(Self::record_view).collect()
	}

	/// Up to `limit` entries of `patient`'s audit trail from sequence number `from` on (older
	/// entries than the chain keeps are skipped).
	pub fn audit_page(
		patient: PatientId,
		from: u64,
		limit: u32,
	) -> Result<Vec<AuditEntryOf<T>>, QueryError> {
		ensure!(limit > 0 && limit <= T::MaxPageSize::get(), QueryError::BadPageSize);
		ensure!(T::Registry::is_patient(patient), QueryError::UnknownPatient);
		Ok(caduceus_primitives::log::page::<AuditTrail<T>, AuditLength<T>, _, _>(
			patient,
			T::MaxAuditPerPatient::get(),
			from,
			limit,
		))
	}
}
