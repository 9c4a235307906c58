//! The runtime API through which a receiving hospital checks a document it was sent, and a
//! patient, guardian, privacy officer or regulator pages through an audit trail, over JSON-RPC
//! (`state_call`) without a transaction.

use crate::{Enrolment, Trial, TrialId};
use alloc::vec::Vec;
use caduceus_primitives::{ContentHash, PatientId, QueryError, RecordId};
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Integrity checks, records with their versions, audit trails and trials. `DocumentStatus`,
	/// `RecordView` and `AuditEntry` are the runtime's `DocumentStatusOf`, `RecordViewOf` and
	/// `AuditEntryOf` types.
	pub trait RecordsApi<AccountId, DocumentStatus, RecordView, AuditEntry>
	where
		AccountId: Codec,
		DocumentStatus: Codec,
		RecordView: Codec,
		AuditEntry: Codec,
	{
		/// Which record a document with this hash is, whether it is the current version,
		/// superseded or erased, who anchored it when, for whom; empty if never anchored. A hash
		/// is anchored once per patient (or trial), so there is normally one answer; the author
		/// and subject tell the genuine anchor from a copied hash.
		fn verify_document(content_hash: ContentHash) -> Vec<DocumentStatus>;

		/// A record with its encrypted pointer (none once erased).
		fn record(record: RecordId) -> Option<RecordView>;

		/// Every version of the document `record` belongs to, first to last.
		fn versions(record: RecordId) -> Vec<RecordView>;

		/// Up to `limit` entries of `patient`'s audit trail from sequence number `from`: who
		/// accessed or tried to access which record, when, why, on which ground.
		fn audit_trail(patient: PatientId, from: u64, limit: u32) -> Result<Vec<AuditEntry>, QueryError>;

		/// A registered clinical trial.
		fn trial(trial: TrialId) -> Option<Trial>;

		/// A patient's enrolment in a trial.
		fn enrolment(trial: TrialId, patient: PatientId) -> Option<Enrolment<AccountId>>;
	}
}
