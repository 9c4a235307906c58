//! # Records
//!
//! Anchors of off-chain health records: the chain keeps a document's **content hash**, an
//! **encrypted pointer** to where the encrypted document is kept, its data category (as a slot
//! under the patient's category key, [`caduceus_primitives::category_slots`]: no member without
//! the key learns which kind of data a patient's record holds), patient, author and block time,
//! never the document, nor its FHIR resource type (which would tell which kind of care a patient
//! had: it is in the encrypted document).
//!
//! - **Anchoring**: a practitioner whose organisation holds the patient's write consent for the
//!   category (purpose treatment, checked through
//!   [`ConsentVerifier`](caduceus_primitives::ConsentVerifier)), or the patient (or a guardian
//!   with records scope) for their own data. EHR feeds anchor up to `MaxBatchSize` in one call.
//! - **Versions**: the author's organisation (or the patient, for what the patient anchored)
//!   anchors a new version; the old one is superseded and points to it. A hash is anchored once
//!   per patient (or trial), and [`runtime_api::RecordsApi`] tells anyone holding a document
//!   whether it is the current version, superseded or erased, and who anchored it when.
//! - **Access**: a practitioner requests access to a record for a purpose; the answer, granted
//!   (with the consent or emergency access behind it) or denied (with the reason), is an event
//!   and an entry of the patient's **audit trail**, paged through the runtime API by patient,
//!   by actor and by organisation. Only an active practitioner of an active organisation may
//!   ask (anyone else's attempt is an event, not an entry). An entry leaves the trail only by
//!   age (`AuditRetention`, six years in the runtime: HIPAA's retention of documentation),
//!   never because someone wrote more: each entry a requester adds is charged
//!   (`AuditEntryFee`), and one accessor adds at most `MaxAuditPerAccessorPerDay` entries to a
//!   patient's trail per day, further denied attempts being counted in one entry.
//! - **Erasure** (GDPR art. 17, crypto-shredding): the patient, or the author organisation on the
//!   patient's documented request, erases a document: every version's pointer is deleted, the
//!   anchors are marked erased, the hashes and the trail stay, and the event tells off-chain
//!   stores to destroy the key.
//! - **Clinical trials**: a research sponsor registers a protocol before enrolment (a record, so
//!   amendments are versions); enrolment needs the patient's research consent to the sponsor,
//!   given for this trial's protocol in force (the grant's source document), and each document
//!   the sponsor then reads is checked against its slot; results are anchored against a protocol version, and whether that
//!   version was amended after enrolment began is on the event and in the trial's records.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod features;
pub mod migrations;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use caduceus_primitives::{
	retained_log::{self, LogEnds, RetainedEnds},
	ContentHash, Moment, OrgId, PatientId, RecordId,
};
use frame_support::traits::Time;
use frame_system::pallet_prelude::BlockNumberFor;

type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance of the audit-entry fee.
pub type BalanceOf<T> =
	<<T as Config>::Currency as frame_support::traits::fungible::Inspect<AccountIdOf<T>>>::Balance;
/// A document to anchor, as passed in.
pub type NewRecordOf<T> = NewRecord<<T as Config>::MaxPointerLength>;
/// An encrypted pointer, as passed in and stored.
pub type PointerOf<T> = EncryptedPointer<<T as Config>::MaxPointerLength>;
/// An anchor as stored.
pub type RecordOf<T> = Record<AccountIdOf<T>, BlockNumberFor<T>>;
/// A record with its pointer, as the read API returns it.
pub type RecordViewOf<T> = RecordView<AccountIdOf<T>, BlockNumberFor<T>>;
/// The integrity check's answer for one anchor.
pub type DocumentStatusOf<T> = DocumentStatus<AccountIdOf<T>, BlockNumberFor<T>>;
/// A page of the integrity check's answer.
pub type DocumentPageOf<T> = DocumentPage<AccountIdOf<T>, BlockNumberFor<T>>;
/// An entry of a patient's audit trail.
pub type AuditEntryOf<T> = AuditEntry<AccountIdOf<T>, BlockNumberFor<T>>;
/// A trail entry as the actor and organisation indexes answer it.
pub type IndexedEntryOf<T> = IndexedEntry<AccountIdOf<T>, BlockNumberFor<T>>;
/// A wallet-signed erasure request, as an organisation submits it.
pub type SignedErasureRequestOf<T> = SignedErasureRequest<
	AccountIdOf<T>,
	<T as frame_system::Config>::Hash,
	<T as Config>::WalletSignature,
>;
/// The records erased together: every version of one document.
pub type ErasedVersionsOf<T> = frame_support::BoundedVec<RecordId, <T as Config>::MaxVersions>;

#[allow(
	clippy::expect_used,
	reason = "FRAME's macros expand `expect`s with our spans, and genesis aborts on a bad config"
)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use caduceus_primitives::QueryError;
	use caduceus_primitives::{
		AccessDenial, AccessGround, ConsentVerifier, DataCategories, PatientHooks, Purpose,
		Registry,
	};
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(5);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Block time, in milliseconds: anchors, erasures and trail entries carry it.
		type Time: Time<Moment = Moment>;

		/// Who is who: patients, guardians, practitioners, organisations.
		type Registry: Registry<Self::AccountId>;

		/// Whether a practitioner may write or read a patient's data: the consent pallet.
		type ConsentVerifier: ConsentVerifier<Self::AccountId>;

		/// Counts every record, trial and enrolment against its organisation's quota (a
		/// patient's own documents against the patient's), which the consortium sets.
		type Quota: caduceus_primitives::StorageQuota;

		/// Told when an organisation anchors a record for a patient (the identity pallet
		/// releases a self-registered patient's deposit then).
		type PatientHooks: caduceus_primitives::PatientHooks;

		/// Longest encrypted pointer, in bytes.
		#[pallet::constant]
		type MaxPointerLength: Get<u32>;

		/// Most documents one `anchor_batch` call anchors.
		#[pallet::constant]
		type MaxBatchSize: Get<u32>;

		/// Most versions one document may have. Bounds erasure, which erases them all. Never
		/// lower it on a live chain: erasure would stop short of the later versions.
		#[pallet::constant]
		type MaxVersions: Get<u32>;

		/// How long an audit-trail entry is kept, in milliseconds of block time. An entry leaves
		/// the trail only once it is older (removed a few at a time by later writes), never to
		/// make room: the trail is evidence. HIPAA keeps documentation six years (45 CFR
		/// 164.316(b)(2)); the runtime keeps entries that long.
		#[pallet::constant]
		type AuditRetention: Get<Moment>;

		/// Most entries one accessor adds to one patient's trail per day. Once used, further
		/// denied requests are counted in one entry and further granted ones refused
		/// (`DailyAccessLimitReached`): what one practitioner can make a patient's trail hold
		/// stays bounded.
		#[pallet::constant]
		type MaxAuditPerAccessorPerDay: Get<u32>;

		/// The currency the audit-entry fee is paid in.
		type Currency: frame_support::traits::fungible::Mutate<Self::AccountId>;

		/// What a requester pays (burnt) for each entry their requests add to a patient's
		/// trail and its indexes: the trail is kept for `AuditRetention`, so its storage is
		/// paid for by whoever writes it, not by the patient.
		#[pallet::constant]
		type AuditEntryFee: Get<BalanceOf<Self>>;

		/// Most entries one page of the audit-trail API returns.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;

		/// The consortium: erases a document without the patient's request where the law
		/// requires it (a court order, a supervisory authority's decision).
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// A signature a patient makes in a wallet (an erasure request an organisation submits).
		type WalletSignature: sp_runtime::traits::Verify<Signer = Self::WalletSigner> + Parameter;

		/// The public key behind a [`Config::WalletSignature`].
		type WalletSigner: sp_runtime::traits::IdentifyAccount<AccountId = Self::AccountId>;

		/// Longest time ahead a wallet-signed erasure request may expire, in milliseconds.
		#[pallet::constant]
		type MaxErasureRequestLifetime: Get<Moment>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Creates participants and consents in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::WalletSignature>;
	}

	/// Creates participants and consents in benchmarks: this pallet only reads the registry and
	/// the consent pallet.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId, Signature>:
		caduceus_primitives::benchmarking::Participants<AccountId>
		+ caduceus_primitives::benchmarking::WalletKeys<Signature, AccountId>
	{
		/// Makes `patient` (whose account is `patient_account`) consent to every access by
		/// `practitioner` of `organisation`: every category, purpose and action, by the consent
		/// check's fast path at its worst ([`caduceus_primitives::ConsentCheck`]), since the
		/// calls that check a practitioner's write or read charge nothing for the check on top
		/// of their benchmarks on that path.
		fn consent(
			patient_account: &AccountId,
			patient: PatientId,
			practitioner: &AccountId,
			organisation: OrgId,
		);

		/// As [`BenchmarkHelper::consent`], given for the trial protocol `protocol` (the grant's
		/// source document), as enrolment needs.
		fn research_consent(
			patient_account: &AccountId,
			patient: PatientId,
			researcher: &AccountId,
			sponsor: OrgId,
			protocol: ContentHash,
		);

		/// Sets block time to `now` (milliseconds).
		fn set_time(now: Moment);
	}

	/// The identifier the next record gets.
	#[pallet::storage]
	pub type NextRecordId<T> = StorageValue<_, RecordId, ValueQuery>;

	/// Every anchor ever made; erased ones stay (without pointer).
	#[pallet::storage]
	pub type Anchors<T: Config> = StorageMap<_, Twox64Concat, RecordId, RecordOf<T>>;

	/// The encrypted pointer of each record not erased. Kept apart so that erasure deletes it.
	#[pallet::storage]
	pub type Pointers<T: Config> = StorageMap<_, Twox64Concat, RecordId, PointerOf<T>>;

	/// The record each content hash was anchored as, per scope: a hash is anchored once for a
	/// patient (or trial), so a document names one record of that patient. Keyed by hash first so
	/// that the integrity check lists every anchor of a hash: someone anchoring a copied hash for
	/// another subject does not block, or hide, the genuine anchor.
	#[pallet::storage]
	pub type HashAnchors<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, ContentHash, Blake2_128Concat, Scope, RecordId>;

	/// Each patient's (and trial's) records, every version, newest first: what a patient's
	/// wallet or an EHR gateway lists. One entry per record, paid with it (the record's place in
	/// its holder's quota).
	#[pallet::storage]
	pub type RecordsOf<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		Scope,
		Identity,
		caduceus_primitives::paging::NewestFirstKey,
		(),
	>;

	/// Where each content hash was first anchored, and first by an organisation: the integrity
	/// check answers that anchor first and marks patients' later anchors as copies, so copies
	/// cannot hide it.
	#[pallet::storage]
	pub type HashOrigins<T: Config> = StorageMap<_, Blake2_128Concat, ContentHash, HashOrigin>;

	/// Each patient's next erasure-request nonce: a wallet-signed request is good once.
	#[pallet::storage]
	pub type ErasureNonce<T: Config> = StorageMap<_, Twox64Concat, PatientId, u32, ValueQuery>;

	/// Each patient's audit trail by sequence number: append-only, an entry leaves only once
	/// older than `AuditRetention`.
	#[pallet::storage]
	pub type AuditTrail<T: Config> =
		StorageDoubleMap<_, Twox64Concat, PatientId, Twox64Concat, u64, AuditEntryOf<T>>;

	/// The sequence numbers each patient's audit trail keeps (oldest kept, next) and its oldest
	/// entry's time, which tells an append that nothing expired without reading the entry.
	#[pallet::storage]
	pub type AuditEnds<T: Config> =
		StorageMap<_, Twox64Concat, PatientId, RetainedEnds, ValueQuery>;

	/// The audit trail indexed by actor, in time order: an auditor's "what did this clinician
	/// open this month?". Entries expire with the trail's.
	#[pallet::storage]
	pub type ActorTrail<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, u64, TrailRef>;

	/// The sequence numbers each actor's index keeps, and its oldest entry's time.
	#[pallet::storage]
	pub type ActorTrailEnds<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, RetainedEnds, ValueQuery>;

	/// The audit trail indexed by the organisation the actor acted for, in time order.
	#[pallet::storage]
	pub type OrganisationTrail<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, u64, TrailRef>;

	/// The sequence numbers each organisation's index keeps, and its oldest entry's time.
	#[pallet::storage]
	pub type OrganisationTrailEnds<T: Config> =
		StorageMap<_, Twox64Concat, OrgId, RetainedEnds, ValueQuery>;

	/// What each accessor wrote to each patient's trail today: bounds it per day.
	#[pallet::storage]
	pub type AccessTallies<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		PatientId,
		Blake2_128Concat,
		T::AccountId,
		AccessTally,
		ValueQuery,
	>;

	/// The identifier the next clinical trial gets.
	#[pallet::storage]
	pub type NextTrialId<T> = StorageValue<_, TrialId, ValueQuery>;

	/// Registered clinical trials.
	#[pallet::storage]
	pub type Trials<T: Config> = StorageMap<_, Twox64Concat, TrialId, Trial>;

	/// Who is enrolled in which trial, since when, under which protocol version.
	#[pallet::storage]
	pub type Enrolments<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		TrialId,
		Twox64Concat,
		PatientId,
		Enrolment<T::AccountId>,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A document was anchored.
		RecordAnchored {
			record: RecordId,
			subject: Subject,
			content_hash: ContentHash,
			author: T::AccountId,
			author_organisation: Option<OrgId>,
			at: Moment,
		},
		/// A new version of a document was anchored; `previous` is superseded.
		RecordAmended {
			record: RecordId,
			previous: RecordId,
			version: u32,
			subject: Subject,
			content_hash: ContentHash,
			author: T::AccountId,
			at: Moment,
		},
		/// A practitioner was granted access to a record, on `ground`.
		AccessGranted {
			record: RecordId,
			patient: PatientId,
			accessor: T::AccountId,
			organisation: OrgId,
			purpose: Purpose,
			ground: AccessGround,
		},
		/// A practitioner was denied access to a record, for `reason`.
		AccessDenied {
			record: RecordId,
			patient: PatientId,
			accessor: T::AccountId,
			organisation: OrgId,
			purpose: Purpose,
			reason: AccessDenial,
		},
		/// A request for access was refused before consent was asked: the caller may not act as
		/// a practitioner now. Nothing is written to the trail.
		AccessRefused {
			record: RecordId,
			patient: PatientId,
			accessor: T::AccountId,
			reason: Refusal,
		},
		/// Every version of a document was erased: off-chain stores destroy the keys of
		/// `versions`. `erased_by` is none when the consortium erased; `request` is the hash of
		/// the patient's signed request an organisation erased on.
		RecordErased {
			record: RecordId,
			patient: PatientId,
			versions: ErasedVersionsOf<T>,
			erased_by: Option<T::AccountId>,
			request: Option<ContentHash>,
			at: Moment,
		},
		/// A research sponsor registered a clinical trial and its protocol.
		TrialRegistered {
			trial: TrialId,
			sponsor: OrgId,
			protocol: RecordId,
			content_hash: ContentHash,
			categories: DataCategories,
		},
		/// A patient was enrolled in a trial under protocol version `protocol`.
		PatientEnrolled { trial: TrialId, patient: PatientId, protocol: RecordId, by: T::AccountId },
		/// Results were anchored against protocol version `protocol`. `current_protocol` differs
		/// when a later amendment exists; `amended_after_enrolment` when `protocol` was anchored
		/// after the first patient was enrolled: what outcome switching looks like.
		TrialResultsAnchored {
			trial: TrialId,
			record: RecordId,
			protocol: RecordId,
			current_protocol: RecordId,
			amended_after_enrolment: bool,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No patient has this identifier.
		UnknownPatient,
		/// The caller is neither a practitioner nor the patient or a guardian with records scope.
		NotPatientOrPractitioner,
		/// The patient's consent does not let the practitioner write this category for
		/// treatment; the reason says why.
		WriteDenied(AccessDenial),
		/// This content hash is already anchored for this patient or trial (a document is
		/// anchored once; amend it instead).
		HashAlreadyAnchored,
		/// The encrypted pointer is empty.
		EmptyPointer,
		/// A batch must hold at least one document.
		EmptyBatch,
		/// No record has this identifier.
		UnknownRecord,
		/// Only the current version of a document can be amended.
		NotCurrentVersion,
		/// The record is erased: it cannot be accessed or amended.
		RecordErased,
		/// Only the author's organisation, or the patient for what the patient anchored, amends.
		NotTheAuthor,
		/// The document has `MaxVersions` versions.
		TooManyVersions,
		/// The author's organisation (or the patient, for their own documents) already holds
		/// as many records, trials and enrolments as the consortium's quota allows.
		QuotaExceeded,
		/// The accessor already added `MaxAuditPerAccessorPerDay` entries to this patient's
		/// trail today: a further granted access waits for tomorrow.
		DailyAccessLimitReached,
		/// The accessor cannot pay the audit-entry fee.
		CannotPayAuditFee,
		/// The record is a clinical trial's, not a patient's.
		NotAPatientRecord,
		/// Only the patient (or a guardian with full authority), the author organisation's admin
		/// or privacy officer on the patient's signed request, or the consortium erases a record.
		NotAllowedToErase,
		/// An organisation erases only on the patient's wallet-signed request: it is missing.
		RequestDocumentRequired,
		/// The erasure request is not signed by its signer, or made for another chain.
		BadSignature,
		/// The erasure request has expired.
		RequestExpired,
		/// The erasure request expires further ahead than `MaxErasureRequestLifetime`.
		ExpiryTooFar,
		/// The erasure request does not carry the patient's next erasure nonce (used, or not
		/// yet due).
		BadNonce,
		/// The erasure request names another record or patient.
		NotTheRequestedRecord,
		/// The erasure request's signer is neither the patient nor a guardian with full
		/// authority.
		SignerMayNotErase,
		/// The caller is not the admin or an active researcher of a research sponsor.
		NotAResearchSponsor,
		/// No trial has this identifier.
		UnknownTrial,
		/// The caller acts for another sponsor than the trial's.
		NotTheSponsor,
		/// Only an active researcher of the sponsor enrols patients.
		NotAResearcher,
		/// A trial must collect at least one data category.
		NoTrialCategories,
		/// The patient is already enrolled in this trial.
		AlreadyEnrolled,
		/// The patient's consent does not cover research by the sponsor's researcher; the reason
		/// says why.
		EnrolmentDenied(AccessDenial),
		/// The record is not a version of this trial's protocol.
		NotThisTrialsProtocol,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::AuditRetention::get() > 0, "the trail keeps entries for some time");
			assert!(
				T::MaxAuditPerAccessorPerDay::get() > 0,
				"an accessor adds at least one entry a day"
			);
			assert!(
				T::MaxPageSize::get() > 1,
				"a page holds the authored anchor of a hash and at least one more"
			);
			assert!(T::MaxBatchSize::get() > 0, "a batch holds at least one document");
			assert!(T::MaxVersions::get() > 0, "a document has at least one version");
			assert!(T::MaxPointerLength::get() > 0, "a pointer holds at least one byte");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Anchors a document of a patient: by a practitioner whose organisation (or who) holds
		/// the patient's write consent for its category and treatment, or by the patient or a
		/// guardian with records scope.
		///
		/// Weighed at its longest path, where each audit log removes two expired entries, the
		/// consent check takes its worst case and the patient's registration deposit is
		/// returned; charged for the most entries that any one log removed, as if every log
		/// removed as many, for the consent check only when it left its fast path (a patient
		/// who blocks someone, a grant evaluated before the one that permits), and for the
		/// deposit only when one was returned (an organisation's first record for a
		/// self-registered patient).
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::anchor_weight(
			retained_log::PRUNED_PER_APPEND,
			T::ConsentVerifier::check_weight().saturating_add(T::PatientHooks::served_weight()),
		))]
		pub fn anchor(
			origin: OriginFor<T>,
			document: NewRecordOf<T>,
		) -> DispatchResultWithPostInfo {
			let author = ensure_signed(origin)?;
			let (_, pruned, beyond) = Self::do_anchor(&author, document)?;
			Ok(Some(Self::anchor_weight(pruned, beyond)).into())
		}

		/// Anchors up to `MaxBatchSize` documents in one call, for EHR bulk feeds: all of them or,
		/// if one is refused, none (the error names the first refusal). Each consent check and
		/// each return of a registration deposit is declared at its worst and charged only when
		/// it happened, as for `anchor`.
		///
		/// ## Complexity
		/// O(N) in the documents, each with one consent check.
		#[pallet::call_index(1)]
		#[pallet::weight(
			T::WeightInfo::anchor_batch(documents.len() as u32).saturating_add(
				T::ConsentVerifier::check_weight()
					.saturating_add(T::PatientHooks::served_weight())
					.saturating_mul(documents.len() as u64)
			)
		)]
		pub fn anchor_batch(
			origin: OriginFor<T>,
			documents: BoundedVec<NewRecordOf<T>, T::MaxBatchSize>,
		) -> DispatchResultWithPostInfo {
			let author = ensure_signed(origin)?;
			ensure!(!documents.is_empty(), Error::<T>::EmptyBatch);
			let mut weight = T::WeightInfo::anchor_batch(documents.len() as u32);
			for document in documents {
				let (_, _, beyond) = Self::do_anchor(&author, document)?;
				weight.saturating_accrue(beyond);
			}
			Ok(Some(weight).into())
		}

		/// Anchors a new version of a document: `record` must be its current version. By the
		/// author's organisation (with write consent still in force) or, for what the patient
		/// anchored, the patient or a guardian; for a trial's records, by its sponsor. The
		/// consent check is declared at its worst and charged only when it left its fast path,
		/// as for `anchor`.
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::amend().saturating_add(T::ConsentVerifier::check_weight())
		)]
		pub fn amend(
			origin: OriginFor<T>,
			record: RecordId,
			content_hash: ContentHash,
			pointer: PointerOf<T>,
		) -> DispatchResultWithPostInfo {
			let author = ensure_signed(origin)?;
			let check = Self::do_amend(&author, record, content_hash, pointer)?;
			Ok(Some(T::WeightInfo::amend().saturating_add(check)).into())
		}

		/// A practitioner asks to read a record for `purpose`. Granted or denied, the answer is
		/// an event and an entry of the patient's audit trail (a denial is not an error), paid
		/// for by the requester (`AuditEntryFee`). An account that is not an active practitioner
		/// of an active organisation is refused before consent is asked: an event
		/// (`AccessRefused`), no entry. Beyond `MaxAuditPerAccessorPerDay` entries per patient
		/// and day, denials are counted in one entry and grants refused.
		///
		/// Weighed at its longest path, where each audit log removes two expired entries and
		/// the consent check takes its worst case; charged for the most entries that any one log
		/// removed and for the consent check's path, as an anchor is (an emergency read always
		/// pays for the whole check).
		#[pallet::call_index(3)]
		#[pallet::weight(Pallet::<T>::request_access_weight(
			retained_log::PRUNED_PER_APPEND,
			T::ConsentVerifier::check_weight(),
		))]
		pub fn request_access(
			origin: OriginFor<T>,
			record: RecordId,
			purpose: Purpose,
		) -> DispatchResultWithPostInfo {
			let accessor = ensure_signed(origin)?;
			let weight = Self::do_request_access(accessor, record, purpose)?;
			Ok(Some(weight).into())
		}

		/// Erases a document, every version of it: the pointers are deleted, the anchors marked
		/// erased; hashes and trail stay. By the patient or a guardian with full authority
		/// (`request` none), or by the author organisation's admin or privacy officer with the
		/// patient's (or such a guardian's) wallet-signed `request`, whose hash the trail keeps.
		/// A delegate with records scope uploads, but does not erase.
		///
		/// ## Complexity
		/// O(V) in the document's versions (at most `MaxVersions`).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::erase(T::MaxVersions::get()))]
		pub fn erase(
			origin: OriginFor<T>,
			record: RecordId,
			request: Option<SignedErasureRequestOf<T>>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let eraser = Self::eraser(&who, record, request)?;
			let versions = Self::do_erase(who, record, eraser)?;
			Ok(Some(T::WeightInfo::erase(versions)).into())
		}

		/// The consortium erases a document without the patient's request, where the law
		/// requires it (a court order, a supervisory authority's decision).
		///
		/// ## Complexity
		/// O(V) in the document's versions (at most `MaxVersions`).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::erase(T::MaxVersions::get()))]
		pub fn erase_by_consortium(
			origin: OriginFor<T>,
			record: RecordId,
		) -> DispatchResultWithPostInfo {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			let versions = Self::do_erase_by_consortium(record)?;
			Ok(Some(T::WeightInfo::erase(versions)).into())
		}

		/// Registers a clinical trial with its protocol, by the admin or a researcher of a
		/// research sponsor, before any enrolment. `categories` are the data the trial collects.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::register_trial())]
		pub fn register_trial(
			origin: OriginFor<T>,
			protocol_hash: ContentHash,
			pointer: PointerOf<T>,
			categories: DataCategories,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_trial(who, protocol_hash, pointer, categories)
		}

		/// Enrols a patient in a trial, by an active researcher of the sponsor (consent covers
		/// practitioners, not admin accounts). Needs the patient's consent to the researcher (or
		/// the sponsor) for research given for this trial: its source document is the content
		/// hash of the protocol in force, the informed-consent form the patient signed. Consent
		/// to one study enrols in no other (else `EnrolmentDenied(OtherDocument)`); after an
		/// amendment, new enrolments need consent to the amended protocol. The chain cannot tell whether the grant's slots are those
		/// of the categories the trial collects (it does not know the patient's key, and naming
		/// the slots here would tell every member): each document the sponsor later asks for is
		/// checked against its own slot.
		///
		/// Declared with the consent check's worst case; charged it only when the check leaves
		/// its fast path.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::enrol().saturating_add(T::ConsentVerifier::check_weight()))]
		pub fn enrol(
			origin: OriginFor<T>,
			trial: TrialId,
			patient: PatientId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let check = Self::do_enrol(who, trial, patient)?;
			Ok(Some(T::WeightInfo::enrol().saturating_add(check)).into())
		}

		/// Anchors a trial's results against protocol version `protocol`, by the sponsor.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::anchor_trial_results())]
		pub fn anchor_trial_results(
			origin: OriginFor<T>,
			trial: TrialId,
			protocol: RecordId,
			content_hash: ContentHash,
			pointer: PointerOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_anchor_trial_results(who, trial, protocol, content_hash, pointer)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// One page of a patient's (or trial's) records, newest first, every version and
		/// erased ones included, each with where it stands and its encrypted pointer (none once
		/// erased): at most `limit` (≤ `MaxPageSize`) older than `start_after` (exclusive).
		///
		/// ## Complexity
		/// O(`limit`) reads.
		pub fn records_of(
			scope: Scope,
			start_after: Option<RecordId>,
			limit: u32,
		) -> Result<Vec<RecordViewOf<T>>, QueryError> {
			Self::records_page(scope, start_after, limit)
		}
	}

	impl<T: Config> caduceus_primitives::RecordRegistry<T::AccountId> for Pallet<T> {
		fn record(id: RecordId) -> Option<caduceus_primitives::RecordInfo<T::AccountId>> {
			let record = Anchors::<T>::get(id)?;
			let (patient, category) = record.patient()?;
			Some(caduceus_primitives::RecordInfo {
				patient,
				content_hash: record.content_hash,
				status: record.status(),
				author: record.author,
				category,
			})
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Block time now.
	fn now() -> Moment {
		T::Time::now()
	}
}
