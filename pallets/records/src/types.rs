//! The data the records pallet keeps: anchors of off-chain documents (hash, encrypted pointer,
//! category slot, author, time), their version chains, the patients' audit trails
//! and clinical-trial registrations. Never a document's content.

use caduceus_primitives::{
	value_enum, value_struct, AccessDenial, AccessGround, CategorySlot, ContentHash,
	DataCategories, Moment, OrgId, PatientId, Purpose, RecordId, RecordStatus,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;

/// A clinical trial's identifier.
pub type TrialId = u32;

/// Where the encrypted document is kept (an EHR endpoint, an object-store key), itself encrypted
/// for the parties who hold the key: opaque bytes the chain never interprets.
pub type EncryptedPointer<MaxLength> = BoundedVec<u8, MaxLength>;

/// A document to anchor for a patient, as an EHR sends it.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxPointerLength))]
pub struct NewRecord<MaxPointerLength: Get<u32>> {
	/// Whose data it is.
	pub patient: PatientId,
	/// The hash of the document, salted under the one scheme
	/// (`caduceus_primitives::salted::document_hash`), so that it cannot be guessed from a
	/// dictionary of likely contents.
	pub content_hash: ContentHash,
	/// Where the encrypted document is kept, encrypted.
	pub pointer: EncryptedPointer<MaxPointerLength>,
	/// What data it holds: the category consent is checked for, as its slot under the
	/// patient's category key (`caduceus_primitives::category_slots`), so that no member without
	/// the key learns which kind of data the patient's record holds.
	pub category: CategorySlot,
}

value_enum! {
	/// What an anchored document is about.
	pub enum Subject {
		/// A patient's health record: consent for its category governs who writes and reads it.
		Patient {
			/// Whose data it is.
			patient: PatientId,
			/// What data it holds: a slot under the patient's category key.
			category: CategorySlot,
		},
		/// A clinical trial's protocol (each amendment a new version).
		TrialProtocol(TrialId),
		/// A clinical trial's results, reported against protocol record `protocol`.
		TrialResults {
			/// The trial.
			trial: TrialId,
			/// The protocol version (a record) the results report against.
			protocol: RecordId,
		},
	}
}

value_enum! {
	/// Whose documents a hash is unique among: a patient's, or a trial's.
	pub enum Scope {
		/// A patient's records, whatever their category.
		Patient(PatientId),
		/// A trial's protocol versions and results.
		Trial(TrialId),
	}
}

impl Subject {
	/// Whose documents this one is among.
	pub fn scope(self) -> Scope {
		match self {
			Self::Patient { patient, .. } => Scope::Patient(patient),
			Self::TrialProtocol(trial) | Self::TrialResults { trial, .. } => Scope::Trial(trial),
		}
	}
}

/// An anchored document: what the chain knows of it. The pointer is kept apart (see
/// `Pointers`) so that erasure deletes it while the anchor stays.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Record<AccountId, BlockNumber> {
	/// What the document is about.
	pub subject: Subject,
	/// The hash of the document.
	pub content_hash: ContentHash,
	/// Who anchored this version.
	pub author: AccountId,
	/// The organisation the author anchored for; `None` when the patient (or a guardian) did.
	pub author_organisation: Option<OrgId>,
	/// Block time of the anchoring.
	pub anchored_at: Moment,
	/// Block of the anchoring.
	pub anchored_in: BlockNumber,
	/// The first version of the document (this record for a first version).
	pub first_version: RecordId,
	/// The version number, 1 for the first.
	pub version: u32,
	/// The version this one replaced.
	pub previous: Option<RecordId>,
	/// The version that replaced this one.
	pub superseded_by: Option<RecordId>,
	/// Block time of the erasure, once erased.
	pub erased_at: Option<Moment>,
}

impl<AccountId, BlockNumber> Record<AccountId, BlockNumber> {
	/// Where the record stands in its version chain.
	pub fn status(&self) -> RecordStatus {
		if self.erased_at.is_some() {
			RecordStatus::Erased
		} else if self.superseded_by.is_some() {
			RecordStatus::Superseded
		} else {
			RecordStatus::Current
		}
	}

	/// The patient whose record it is and its category, if it is a patient's.
	pub fn patient(&self) -> Option<(PatientId, CategorySlot)> {
		match self.subject {
			Subject::Patient { patient, category } => Some((patient, category)),
			_ => None,
		}
	}
}

/// What the integrity check answers for a document's hash: which record it is, where that record
/// stands, who anchored it when, and which version is current.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct DocumentStatus<AccountId, BlockNumber> {
	/// The record the hash was anchored as.
	pub record: RecordId,
	/// Current, superseded or erased.
	pub status: RecordStatus,
	/// The chain's current version (the record itself if current; `None` once erased).
	pub current_version: Option<RecordId>,
	/// The anchor, as stored.
	pub anchor: Record<AccountId, BlockNumber>,
	/// Anchored by a patient or guardian (no organisation) when the hash was already anchored
	/// elsewhere, or an organisation has anchored it: a copied hash, not the genuine anchor.
	pub copy: bool,
}

/// One page of the integrity check's answer.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct DocumentPage<AccountId, BlockNumber> {
	/// The anchors of the hash: on the first page, the first anchor by an authoring
	/// organisation comes first.
	pub anchors: alloc::vec::Vec<DocumentStatus<AccountId, BlockNumber>>,
	/// Where the next page starts (pass it as `after`); `None` on the last page.
	pub next: Option<Scope>,
}

value_struct! {
	/// Where a content hash was first anchored: what tells the genuine anchor from copies.
	#[derive(Copy)]
	pub struct HashOrigin {
		/// The first record anchored with the hash, by anyone.
		pub first: RecordId,
		/// The first record anchored with the hash by an organisation.
		pub authored: Option<RecordId>,
	}
}

/// A record with its pointer, as the read API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RecordView<AccountId, BlockNumber> {
	/// The record's identifier.
	pub id: RecordId,
	/// The anchor.
	pub record: Record<AccountId, BlockNumber>,
	/// The encrypted pointer; `None` once erased.
	pub pointer: Option<alloc::vec::Vec<u8>>,
}

value_enum! {
	/// What happened to a patient's records: one entry of the audit trail.
	pub enum AuditEvent {
		/// A document was anchored.
		Anchored {
			/// The new record.
			record: RecordId,
			/// Its category: a slot under the patient's category key.
			category: CategorySlot,
		},
		/// A new version of a document was anchored.
		Amended {
			/// The new version.
			record: RecordId,
			/// The version it replaced.
			previous: RecordId,
		},
		/// Access was requested and granted.
		AccessGranted {
			/// The record.
			record: RecordId,
			/// Why the accessor wanted it.
			purpose: Purpose,
			/// The consent or emergency access that allowed it.
			ground: AccessGround,
		},
		/// Access was requested and denied.
		AccessDenied {
			/// The record.
			record: RecordId,
			/// Why the accessor wanted it.
			purpose: Purpose,
			/// Why it was denied.
			reason: AccessDenial,
		},
		/// A document (every version of it) was erased.
		Erased {
			/// The record named in the request.
			record: RecordId,
			/// How many versions were erased.
			versions: u32,
			/// The hash of the patient's documented request, when the organisation erased.
			request: Option<ContentHash>,
		},
		/// The patient was enrolled in a clinical trial.
		EnrolledInTrial {
			/// The trial.
			trial: TrialId,
			/// The protocol version in force at enrolment.
			protocol: RecordId,
		},
		/// The accessor's further denied requests for this patient that day, once their daily
		/// entries (`MaxAuditPerAccessorPerDay`) were used: counted in this one entry rather
		/// than written one by one, so repeated attempts cannot swell the trail.
		FurtherDenials {
			/// How many requests were denied since this entry was written (at least one).
			attempts: u32,
		},
	}
}

impl<AccountId, BlockNumber> caduceus_primitives::retained_log::Dated
	for AuditEntry<AccountId, BlockNumber>
{
	fn at(&self) -> Moment {
		self.at
	}
}

value_struct! {
	/// An entry of the audit trail as indexed by actor or organisation: where it is in whose trail.
	#[derive(Copy)]
	pub struct TrailRef {
		/// Whose trail the entry is in.
		pub patient: PatientId,
		/// Its sequence number there.
		pub sequence: u64,
		/// Block time of the entry (the index expires with the entry).
		pub at: Moment,
	}
}

impl caduceus_primitives::retained_log::Dated for TrailRef {
	fn at(&self) -> Moment {
		self.at
	}
}

/// A trail entry as an index by actor or organisation answers it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct IndexedEntry<AccountId, BlockNumber> {
	/// Its position in the index: the next page starts after the last one returned.
	pub position: u64,
	/// Whose trail holds it.
	pub patient: PatientId,
	/// The entry.
	pub entry: AuditEntry<AccountId, BlockNumber>,
}

value_struct! {
	/// What one accessor wrote to one patient's trail on one day: the bound on what a practitioner
	/// can add to someone else's evidence.
	#[derive(Copy, Default)]
	pub struct AccessTally {
		/// The day (since the Unix epoch, block time) the count belongs to.
		pub day: u32,
		/// Entries written that day.
		pub entries: u32,
		/// The `FurtherDenials` entry of that day, once the entries were used up.
		pub further_denials: Option<u64>,
	}
}

value_enum! {
	/// Why a request for access was refused before the patient's consent was asked: the caller
	/// may not act as a practitioner now. Such a request writes nothing to the trail; it is an
	/// event.
	pub enum Refusal {
		/// The caller holds no practitioner attestation.
		NotAPractitioner,
		/// The caller's attestation has lapsed.
		AttestationLapsed,
		/// The caller's organisation is suspended or revoked.
		OrganisationInactive,
	}
}

/// One entry of a patient's audit trail: who did what to which record, when.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct AuditEntry<AccountId, BlockNumber> {
	/// The entry's sequence number in the patient's trail (0 for the first ever).
	pub sequence: u64,
	/// Block time.
	pub at: Moment,
	/// Block.
	pub block: BlockNumber,
	/// Who acted (the practitioner, the patient or guardian, the organisation's officer).
	pub actor: AccountId,
	/// The organisation the actor acted for, if any.
	pub organisation: Option<OrgId>,
	/// What happened.
	pub event: AuditEvent,
}

value_struct! {
	/// A registered clinical trial.
	pub struct Trial {
		/// The research sponsor organisation.
		pub sponsor: OrgId,
		/// The protocol's first version (a record).
		pub first_protocol: RecordId,
		/// The protocol's current version (a record).
		pub current_protocol: RecordId,
		/// The data the trial collects: enrolment needs research consent for each category.
		pub categories: DataCategories,
		/// Block time of the first enrolment: protocol versions anchored after it are amendments
		/// made during the trial, which results reported against them make visible.
		pub first_enrolment_at: Option<Moment>,
		/// How many patients are enrolled.
		pub enrolled: u32,
		/// How many results were anchored.
		pub results: u32,
	}
}

/// A patient's enrolment in a trial.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Enrolment<AccountId> {
	/// Block time of the enrolment.
	pub at: Moment,
	/// The protocol version in force at enrolment.
	pub protocol: RecordId,
	/// The researcher who enrolled the patient.
	pub enrolled_by: AccountId,
}

/// The domain separator of an [`ErasureRequest`].
pub const ERASURE_REQUEST_DOMAIN: [u8; 24] = *b"caduceus/records-erase\0\0";

/// A patient's (or guardian's) request, signed in their wallet, that an organisation erase a
/// document it authored (GDPR art. 17): the organisation submits it. Good once (the patient's
/// erasure nonce), on this chain, for one record, for a limited time.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ErasureRequest<AccountId, Hash> {
	/// Domain separator: [`ERASURE_REQUEST_DOMAIN`].
	pub domain: [u8; 24],
	/// The chain's genesis hash.
	pub genesis_hash: Hash,
	/// The patient whose document it is.
	pub patient: PatientId,
	/// Who signs: the patient's account or a guardian with full authority (`GuardianScope::All`).
	pub signer: AccountId,
	/// The patient's next erasure nonce.
	pub nonce: u32,
	/// Block time after which the request can no longer be submitted.
	pub expires_at: Moment,
	/// A record of the document to erase (every version is erased).
	pub record: RecordId,
}

/// An [`ErasureRequest`] with its wallet signature, as an organisation submits it.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct SignedErasureRequest<AccountId, Hash, Signature> {
	/// The request.
	pub request: ErasureRequest<AccountId, Hash>,
	/// The signer's wallet signature of the encoded request.
	pub signature: Signature,
}
