//! The runtime API through which a receiving hospital checks a document it was sent, and a
//! patient, guardian, privacy officer or regulator pages through an audit trail, over JSON-RPC
//! (`state_call`) without a transaction.

use crate::{Enrolment, Scope, Trial, TrialId};
use alloc::vec::Vec;
use caduceus_primitives::{
	retained_log::LogEnds, ContentHash, OrgId, PatientId, QueryError, RecordId,
};
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Integrity checks, records with their versions, audit trails and trials. `DocumentPage`,
	/// `RecordView` and `AuditEntry` are the runtime's `DocumentPageOf`, `RecordViewOf` and
	/// `AuditEntryOf` types.
	#[api_version(2)]
	pub trait RecordsApi<AccountId, DocumentPage, RecordView, AuditEntry, IndexedEntry>
	where
		AccountId: Codec,
		DocumentPage: Codec,
		RecordView: Codec,
		AuditEntry: Codec,
		IndexedEntry: Codec,
	{
		/// Which record a document with this hash is, whether it is the current version,
		/// superseded or erased, who anchored it when, for whom, and whether it is a copy; empty
		/// if never anchored. A hash is anchored once per patient (or trial), so there is
		/// normally one answer. The first page (`after` = `None`) starts with the first anchor
		/// by an authoring organisation; `next` in the answer is where the following page starts.
		fn verify_document(content_hash: ContentHash, after: Option<Scope>) -> DocumentPage;

		/// A record with its encrypted pointer (none once erased).
		fn record(record: RecordId) -> Option<RecordView>;

		/// Every version of the document `record` belongs to, first to last.
		fn versions(record: RecordId) -> Vec<RecordView>;

		/// Up to `limit` entries of `patient`'s audit trail from sequence number `from`: who
		/// accessed or tried to access which record, when, why, on which ground. Entries leave
		/// only by age (`AuditRetention`).
		fn audit_trail(patient: PatientId, from: u64, limit: u32) -> Result<Vec<AuditEntry>, QueryError>;

		/// The sequence numbers `patient`'s trail keeps (`oldest..next`): page from `oldest`,
		/// or from `next - limit` for the newest entries.
		fn audit_trail_ends(patient: PatientId) -> LogEnds;

		/// Up to `limit` trail entries written by `actor`, from position `from` of the actor's
		/// index, each with its patient, and the index's ends: "what did this clinician open?".
		fn audit_by_actor(actor: AccountId, from: u64, limit: u32) -> Result<(LogEnds, Vec<IndexedEntry>), QueryError>;

		/// Up to `limit` trail entries written for `organisation`, from position `from` of its
		/// index, each with its patient, and the index's ends.
		fn audit_by_organisation(organisation: OrgId, from: u64, limit: u32) -> Result<(LogEnds, Vec<IndexedEntry>), QueryError>;

		/// The nonce `patient`'s next wallet-signed erasure request must carry.
		fn erasure_request_nonce(patient: PatientId) -> u32;

		/// A registered clinical trial.
		fn trial(trial: TrialId) -> Option<Trial>;

		/// A patient's enrolment in a trial.
		fn enrolment(trial: TrialId, patient: PatientId) -> Option<Enrolment<AccountId>>;
	}
}
