//! # Consent
//!
//! Patient-controlled access to health data, modelled on HL7 FHIR Consent: a base **permit**
//! (grantee, data categories, purposes of use, actions, period) with nested **deny** exceptions.
//!
//! - **Grants** are made by the patient or a guardian with consent scope, to a practitioner or
//!   to an organisation (which covers its active practitioners). A grant names its data
//!   categories as **slots under the patient's category key**
//!   ([`caduceus_primitives::category_slots`]): every member stores the grant, none without the
//!   key learns which categories it covers. The chain cannot tell a sensitive category's slot
//!   from another's, so it is the patient's wallet that covers sensitive categories (genetic,
//!   mental health, substance use, sexual health, HIV) only when the patient names them. A
//!   revocation applies at once (to the rest of its block); a grant whose period ended is
//!   inactive without anyone calling anything and can be cleaned up by anyone.
//! - **Wallet-signed grants**: the patient signs a [`SignedConsent`] in a wallet (raw or
//!   `<Bytes>`-wrapped, as polkadot.js, Talisman and SubWallet sign) and anyone submits it and
//!   pays. Genesis hash, per-patient nonce and expiry make it good once, on this chain, for a
//!   limited time. A revocation can be signed and submitted the same way.
//! - **Block list**: a blocked practitioner or organisation is denied whatever the grants say.
//! - **Break-glass**: an active practitioner of a hospital or clinic declares emergency access
//!   (read, for emergency treatment, for `EmergencyAccessDuration`); a privacy officer of the
//!   same organisation reviews it within `EmergencyReviewPeriod`; an unjustified access ends at
//!   once. A block does not stop it (life first) but it is flagged. Too many unreviewed or
//!   unjustified accesses bar a practitioner from declaring more until the consortium clears them.
//! - **Checking**: [`ConsentVerifier::check`](caduceus_primitives::ConsentVerifier) answers
//!   "may this accessor do this action on this patient's data in this category slot for this
//!   purpose now?" with the grant (or emergency access) that permits it or the reason it does not. Its
//!   cost is bounded: grants are indexed by (patient, grantee) with `MaxConsentsPerGrantee` per
//!   pair, so it does not grow with what the patient granted to others.
//! - **Audit**: every grant, revocation, block, emergency access and review is an event (a
//!   grant's event carries what a consent receipt needs) and an entry in the patient's history,
//!   the last `MaxHistoryPerPatient` of which the chain keeps, readable through [`runtime_api::ConsentApi`].
//!
//! A patient's own grant, revoke, block and unblock are free (`Pays::No` when they succeed) for
//! `PatientDailyAllowance` operations a day; beyond that they pay the fee like any call, so a
//! patient can always revoke or block. Everything a patient creates is bounded per
//! patient (`MaxConsentsPerPatient`, `MaxBlocked`).

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
	ConsentId, ContentHash, EmergencyAccessId, Moment, OrgId, PatientId, Registry,
};
use frame_support::traits::{Get, Time};
use frame_system::pallet_prelude::BlockNumberFor;

type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// Terms as passed in.
pub type ConsentTermsOf<T> = ConsentTerms<AccountIdOf<T>, <T as Config>::MaxExcluded>;
/// A grant as stored.
pub type GrantOf<T> = Grant<AccountIdOf<T>, BlockNumberFor<T>, <T as Config>::MaxExcluded>;
/// A grant as the read API returns it.
pub type ConsentViewOf<T> =
	ConsentView<AccountIdOf<T>, BlockNumberFor<T>, <T as Config>::MaxExcluded>;
/// A wallet-signed consent payload.
pub type SignedConsentOf<T> =
	SignedConsent<AccountIdOf<T>, <T as frame_system::Config>::Hash, <T as Config>::MaxExcluded>;
/// A wallet-signed revocation payload.
pub type SignedRevocationOf<T> =
	SignedRevocation<AccountIdOf<T>, <T as frame_system::Config>::Hash>;
/// An entry of a patient's history.
pub type HistoryEntryOf<T> = HistoryEntry<AccountIdOf<T>, BlockNumberFor<T>>;
/// The grants of one (patient, grantee) pair.
pub type PairConsentsOf<T> =
	frame_support::BoundedVec<GrantOf<T>, <T as Config>::MaxConsentsPerGrantee>;

#[allow(
	clippy::expect_used,
	reason = "FRAME's macros expand `expect`s with our spans, and genesis aborts on a bad config"
)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		dispatch::{Pays, PostDispatchInfo},
		pallet_prelude::*,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{IdentifyAccount, Verify};

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(4);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The consortium: clears practitioners barred from break-glass.
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Block time, in milliseconds: periods and windows are checked against it.
		type Time: Time<Moment = Moment>;

		/// Who is who: patients, guardians, practitioners, organisations.
		type Registry: Registry<Self::AccountId>;

		/// A signature a patient makes in a wallet (for a grant someone else submits).
		type WalletSignature: Verify<Signer = Self::WalletSigner> + Parameter;

		/// The public key behind a [`Config::WalletSignature`].
		type WalletSigner: IdentifyAccount<AccountId = Self::AccountId>;

		/// Most grants one patient may have to one grantee at a time (ended ones included until
		/// cleaned up). Bounds the cost of a check.
		#[pallet::constant]
		type MaxConsentsPerGrantee: Get<u32>;

		/// Most grants one patient may have at a time (ended ones included until cleaned up).
		#[pallet::constant]
		type MaxConsentsPerPatient: Get<u32>;

		/// Most practitioners one grant may exclude.
		#[pallet::constant]
		type MaxExcluded: Get<u32>;

		/// Most parties one patient may block.
		#[pallet::constant]
		type MaxBlocked: Get<u32>;

		/// Longest period a grant may have, in milliseconds.
		#[pallet::constant]
		type MaxConsentDuration: Get<Moment>;

		/// How many free operations (grant, revoke, block, unblock) a patient may make per day;
		/// further ones that day are paid.
		#[pallet::constant]
		type PatientDailyAllowance: Get<u32>;

		/// How far ahead a wallet-signed grant may expire, in milliseconds: a payload handed out
		/// cannot stay usable for longer.
		#[pallet::constant]
		type MaxSignedConsentLifetime: Get<Moment>;

		/// How long a break-glass access lasts, in milliseconds.
		#[pallet::constant]
		type EmergencyAccessDuration: Get<Moment>;

		/// How long a privacy officer has to review a break-glass access, in milliseconds.
		#[pallet::constant]
		type EmergencyReviewPeriod: Get<Moment>;

		/// How many unreviewed break-glass accesses bar a practitioner until the consortium
		/// clears them.
		#[pallet::constant]
		type MaxUnreviewedEmergencies: Get<u32>;

		/// How many unjustified break-glass accesses bar a practitioner until the consortium
		/// clears them.
		#[pallet::constant]
		type MaxUnjustifiedEmergencies: Get<u32>;

		/// How many history entries the chain keeps per patient; older ones are overwritten
		/// (they stay in the events of archive nodes).
		#[pallet::constant]
		type MaxHistoryPerPatient: Get<u32>;

		/// Most entries one page of a read API returns.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Creates participants and wallet signatures in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::WalletSignature>;
	}

	/// Creates participants and wallet signatures in benchmarks: this pallet only reads
	/// [`Config::Registry`].
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId, Signature>:
		caduceus_primitives::benchmarking::Participants<AccountId>
		+ caduceus_primitives::benchmarking::WalletKeys<Signature, AccountId>
	{
	}

	/// The identifier the next grant gets.
	#[pallet::storage]
	pub type NextConsentId<T> = StorageValue<_, ConsentId, ValueQuery>;

	/// The grants of each (patient, grantee) pair: what a check reads, so its cost does not
	/// depend on the patient's other grants.
	#[pallet::storage]
	pub type Consents<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		PatientId,
		Blake2_128Concat,
		Party<T::AccountId>,
		PairConsentsOf<T>,
		ValueQuery,
	>;

	/// When each grant revoked since this item exists was revoked (block time): a claim for a
	/// service before the revocation still finds the treatment consent it was given under.
	#[pallet::storage]
	pub type RevokedAt<T: Config> = StorageMap<_, Twox64Concat, ConsentId, Moment>;

	/// The patients who granted each grantee something still stored (the reverse of
	/// [`Consents`]): what a hospital or an insurer lists as "patients who consented to us".
	/// One entry per (patient, grantee) pair, under the patient's grant quota.
	#[pallet::storage]
	pub type Grantors<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Party<T::AccountId>, Twox64Concat, PatientId, ()>;

	/// The grantee of each of a patient's grants, to find a grant by identifier and to list a
	/// patient's grants.
	#[pallet::storage]
	pub type ConsentIndex<T: Config> =
		StorageDoubleMap<_, Twox64Concat, PatientId, Twox64Concat, ConsentId, Party<T::AccountId>>;

	/// The parties each patient blocked: they are denied whatever the grants say.
	#[pallet::storage]
	pub type BlockList<T: Config> = StorageMap<
		_,
		Twox64Concat,
		PatientId,
		BoundedVec<Party<T::AccountId>, T::MaxBlocked>,
		ValueQuery,
	>;

	/// Each patient's grant count, wallet-signing nonce, free operations used today and
	/// history length, in one item: what a grant reads and writes once (storage version 4;
	/// four maps before).
	#[pallet::storage]
	pub type PatientCounters<T: Config> =
		StorageMap<_, Twox64Concat, PatientId, Counters, ValueQuery>;

	/// The identifier the next emergency access gets.
	#[pallet::storage]
	pub type NextEmergencyAccessId<T> = StorageValue<_, EmergencyAccessId, ValueQuery>;

	/// Emergency accesses until they are reviewed and over.
	#[pallet::storage]
	pub type EmergencyAccesses<T: Config> =
		StorageMap<_, Twox64Concat, EmergencyAccessId, EmergencyAccess<T::AccountId>>;

	/// The latest emergency access of each (patient, practitioner) and when it ends: what a
	/// check reads.
	#[pallet::storage]
	pub type ActiveEmergency<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		PatientId,
		Blake2_128Concat,
		T::AccountId,
		(EmergencyAccessId, Moment),
	>;

	/// The organisation whose privacy officers review an organisation's emergency accesses, when
	/// the consortium named one other than its own.
	#[pallet::storage]
	pub type EmergencyReviewers<T: Config> = StorageMap<_, Twox64Concat, OrgId, OrgId>;

	/// Each practitioner's break-glass standing.
	#[pallet::storage]
	pub type EmergencyStandings<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, EmergencyStanding, ValueQuery>;

	/// Each patient's history, a ring of `MaxHistoryPerPatient` slots.
	#[pallet::storage]
	pub type History<T: Config> =
		StorageDoubleMap<_, Twox64Concat, PatientId, Twox64Concat, u32, HistoryEntryOf<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A patient granted access. Carries what a consent receipt (ISO/IEC TS 27560) needs.
		ConsentGranted {
			consent: ConsentId,
			patient: PatientId,
			grantee: Party<T::AccountId>,
			granted_by: T::AccountId,
			categories: caduceus_primitives::CategorySlots,
			purposes: caduceus_primitives::Purposes,
			actions: caduceus_primitives::Actions,
			roles: caduceus_primitives::Roles,
			valid_from: Moment,
			valid_until: Moment,
			exceptions: Exceptions<T::AccountId, T::MaxExcluded>,
			source_document: Option<ContentHash>,
			signed_in_wallet: bool,
			at: Moment,
		},
		/// A grant was revoked; it applies no more, from the next extrinsic of this block on.
		ConsentRevoked {
			consent: ConsentId,
			patient: PatientId,
			grantee: Party<T::AccountId>,
			revoked_by: T::AccountId,
			categories: caduceus_primitives::CategorySlots,
			purposes: caduceus_primitives::Purposes,
			actions: caduceus_primitives::Actions,
			valid_from: Moment,
			valid_until: Moment,
			source_document: Option<ContentHash>,
			at: Moment,
		},
		/// An ended grant was cleaned up, freeing room for new ones.
		ConsentRemoved { consent: ConsentId, patient: PatientId, removed_by: T::AccountId },
		/// A patient blocked a party.
		PartyBlocked { patient: PatientId, party: Party<T::AccountId>, by: T::AccountId },
		/// A patient unblocked a party.
		PartyUnblocked { patient: PatientId, party: Party<T::AccountId>, by: T::AccountId },
		/// A practitioner broke the glass. The patient and guardians are notified by this event.
		EmergencyAccessDeclared {
			access: EmergencyAccessId,
			patient: PatientId,
			practitioner: T::AccountId,
			organisation: OrgId,
			reason: EmergencyReason,
			justification: ContentHash,
			ends_at: Moment,
			review_due: Moment,
			overrode_block: bool,
		},
		/// A privacy officer reviewed an emergency access.
		EmergencyAccessReviewed {
			access: EmergencyAccessId,
			patient: PatientId,
			officer: T::AccountId,
			verdict: Verdict,
			late: bool,
		},
		/// A reviewed emergency access whose window is over was closed.
		EmergencyAccessClosed { access: EmergencyAccessId, patient: PatientId },
		/// A patient invalidated every wallet-signed grant not yet submitted.
		SignedConsentsCancelled { patient: PatientId, next_nonce: u32, by: T::AccountId },
		/// A practitioner reached `MaxUnreviewedEmergencies` or `MaxUnjustifiedEmergencies` and
		/// may not break the glass until the consortium clears them.
		EmergencyPrivilegeBarred { practitioner: T::AccountId },
		/// The consortium lifted a practitioner's bar and cleared their unjustified accesses.
		EmergencyPrivilegeRestored { practitioner: T::AccountId },
		/// The consortium named the organisation whose privacy officers review `organisation`'s
		/// emergency accesses (`None`: its own again).
		EmergencyReviewerSet { organisation: OrgId, reviewer: Option<OrgId> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No patient has this identifier.
		UnknownPatient,
		/// The caller is neither the patient nor a guardian with consent scope.
		NotPatientOrGuardian,
		/// The grantee is not a practitioner or organisation in good standing.
		GranteeNotActive,
		/// No organisation has this identifier.
		UnknownOrganisation,
		/// The patient blocked the grantee; unblock first.
		GranteeBlocked,
		/// A grant must cover at least one category, purpose and action.
		EmptyGrant,
		/// The period ends before it starts, or has already ended.
		InvalidPeriod,
		/// The period ends more than `MaxConsentDuration` from now.
		PeriodTooLong,
		/// Practitioners can be excluded only from a grant to an organisation.
		ExclusionNeedsOrganisation,
		/// Only a grant to an organisation names the roles it covers.
		RolesNeedOrganisation,
		/// No role the grant covers serves any of its purposes (a payment grant to an
		/// organisation must name its claims officers; one naming no roles covers the clinical
		/// ones): it would let nobody in.
		GrantCoversNoRole,
		/// An organisation cannot be its own emergency reviewer by appointment: clear it instead.
		SelfReviewer,
		/// The reviewing organisation named is unknown, suspended or revoked.
		ReviewerNotActive,
		/// The patient has `MaxConsentsPerGrantee` grants to this grantee; clean up ended ones.
		TooManyConsentsForGrantee,
		/// The patient has `MaxConsentsPerPatient` grants; clean up ended ones.
		TooManyConsents,
		/// The patient has no grant with this identifier.
		UnknownConsent,
		/// The grant is already revoked.
		AlreadyRevoked,
		/// The grant still applies or will: only ended grants can be cleaned up.
		ConsentStillInForce,
		/// The party is already blocked.
		AlreadyBlocked,
		/// The party is not blocked.
		NotBlocked,
		/// The patient has blocked `MaxBlocked` parties.
		TooManyBlocked,
		/// The signature does not match the payload and signer, or the payload is for another
		/// chain.
		BadSignature,
		/// The signed payload is past its expiry.
		SignatureExpired,
		/// The signed payload expires further ahead than `MaxSignedConsentLifetime`.
		ExpiryTooFar,
		/// The payload's nonce is not the patient's next one (already used, or out of order).
		BadNonce,
		/// The caller is not a practitioner in good standing.
		NotAnActivePractitioner,
		/// Only physicians and nurses of a hospital or clinic may break the glass.
		NotAnEmergencyProvider,
		/// The practitioner already has an emergency access to this patient that is running.
		EmergencyAccessAlreadyActive,
		/// The practitioner is barred from break-glass until the consortium clears them.
		EmergencyPrivilegeBarred,
		/// No emergency access has this identifier.
		UnknownEmergencyAccess,
		/// The caller is not an active privacy officer of the practitioner's organisation.
		NotAPrivacyOfficer,
		/// A privacy officer cannot review their own emergency access.
		SelfReview,
		/// The emergency access is already reviewed.
		AlreadyReviewed,
		/// The emergency access is not reviewed yet, or its window is not over.
		EmergencyAccessOpen,
		/// The practitioner is not barred from break-glass.
		NothingToClear,
	}

	/// Grants a chain starts with: the development chain's demo consents. Production chains start
	/// empty.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Grants to organisations, each from genesis: granting account (the patient or a
		/// guardian), patient, organisation, categories (slots under the patient's key),
		/// purposes, actions, end (block time).
		#[allow(clippy::type_complexity)]
		pub organisation_grants: Vec<(
			T::AccountId,
			PatientId,
			OrgId,
			Vec<caduceus_primitives::CategorySlot>,
			Vec<caduceus_primitives::Purpose>,
			Vec<caduceus_primitives::Action>,
			Moment,
		)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (granted_by, patient, organisation, categories, purposes, actions, valid_until) in
				&self.organisation_grants
			{
				Pallet::<T>::ensure_may_act_for(granted_by, *patient)
					.expect("genesis grants are made by the patient or a guardian");
				let terms = ConsentTerms {
					grantee: Party::Organisation(*organisation),
					categories: caduceus_primitives::CategorySlots::of(categories),
					purposes: caduceus_primitives::Purposes::of(purposes),
					actions: caduceus_primitives::Actions::of(actions),
					roles: Default::default(),
					valid_from: None,
					valid_until: *valid_until,
					exceptions: Default::default(),
					source_document: None,
				};
				// Block time is zero at genesis: the period runs from the chain's start.
				Pallet::<T>::store_grant(*patient, granted_by.clone(), terms, 0, false)
					.expect("genesis grants are within the bounds");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxHistoryPerPatient::get() > 0, "the history keeps at least one entry");
			assert!(T::MaxPageSize::get() > 0, "a page holds at least one entry");
			assert!(
				T::MaxConsentsPerGrantee::get() > 0
					&& T::MaxConsentsPerGrantee::get() <= T::MaxConsentsPerPatient::get(),
				"a patient can fill a pair list"
			);
			assert!(
				T::MaxUnreviewedEmergencies::get() > 0 && T::MaxUnjustifiedEmergencies::get() > 0,
				"a practitioner may break the glass at least once"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Grants `terms.grantee` access to `patient`'s data, by the patient or a guardian with
		/// consent scope. Free within the patient's daily allowance, paid beyond it.
		///
		/// ## Complexity
		/// O(C + B + E): C the patient's grants to this grantee (at most
		/// `MaxConsentsPerGrantee`), B the patient's block list (at most `MaxBlocked`), E the
		/// excluded practitioners (at most `MaxExcluded`). Weighed at the costlier grantee kind
		/// with full lists; charged for its grantee kind and the lists' actual lengths.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::grant_weight_bound())]
		pub fn grant(
			origin: OriginFor<T>,
			patient: PatientId,
			terms: ConsentTermsOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::ensure_may_act_for(&who, patient)?;
			let pays_fee = Self::patient_fee(patient);
			let weight = Self::do_grant(patient, who, terms, false)?;
			Ok(PostDispatchInfo { actual_weight: Some(weight), pays_fee })
		}

		/// Submits a grant that the patient (or a guardian) signed in a wallet; the caller,
		/// typically the grantee, pays. `signature` is over the SCALE encoding of `consent`,
		/// raw or wrapped in `<Bytes>` by the wallet.
		///
		/// ## Complexity
		/// As [`Pallet::grant`], weighed and charged as it is, with what checking the signature
		/// and nonce adds.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::signed_grant_weight(Pallet::<T>::grant_weight_bound()))]
		pub fn grant_signed(
			origin: OriginFor<T>,
			consent: SignedConsentOf<T>,
			signature: T::WalletSignature,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let weight = Self::do_grant_signed(consent, signature)?;
			Ok(Some(Self::signed_grant_weight(weight)).into())
		}

		/// Revokes a grant, by the patient or a guardian with consent scope; it applies no more
		/// from the next extrinsic of this block on. Free within the patient's daily allowance, paid beyond it.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(
			origin: OriginFor<T>,
			patient: PatientId,
			consent: ConsentId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::ensure_may_act_for(&who, patient)?;
			let pays = Self::patient_fee(patient);
			Self::do_revoke(patient, consent, who)?;
			Ok(pays.into())
		}

		/// Cleans up a grant that ended (revoked in an earlier block, or past its period),
		/// freeing room for new grants. Anyone may call it; free when it succeeds.
		///
		/// Charged the benchmark (the last grant of a full pair list) and one write more: when
		/// the pair's only grant goes, its entry in the grantee's [`Grantors`] goes too.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_ended().saturating_add(T::DbWeight::get().writes(1)))]
		pub fn remove_ended(
			origin: OriginFor<T>,
			patient: PatientId,
			consent: ConsentId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_remove_ended(patient, consent, who)?;
			Ok(Pays::No.into())
		}

		/// Blocks a practitioner or an organisation: it is denied whatever the grants say
		/// (break-glass excepted, which is flagged). By the patient or a guardian with consent
		/// scope; free within the patient's daily allowance, paid beyond it.
		///
		/// ## Complexity
		/// O(B), B the patient's block list (at most `MaxBlocked`).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::block())]
		pub fn block(
			origin: OriginFor<T>,
			patient: PatientId,
			party: Party<T::AccountId>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::ensure_may_act_for(&who, patient)?;
			let pays = Self::patient_fee(patient);
			Self::do_block(patient, party, who)?;
			Ok(pays.into())
		}

		/// Lifts a block. By the patient or a guardian with consent scope; free when it
		/// succeeds, within the patient's daily allowance.
		///
		/// ## Complexity
		/// O(B), B the patient's block list (at most `MaxBlocked`).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::unblock())]
		pub fn unblock(
			origin: OriginFor<T>,
			patient: PatientId,
			party: Party<T::AccountId>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::ensure_may_act_for(&who, patient)?;
			let pays = Self::patient_fee(patient);
			Self::do_unblock(patient, party, who)?;
			Ok(pays.into())
		}

		/// Breaks the glass: the calling practitioner of a hospital or clinic may read the
		/// patient's data for emergency treatment for `EmergencyAccessDuration`. A privacy
		/// officer of the organisation must review it within `EmergencyReviewPeriod`.
		///
		/// ## Complexity
		/// O(B), B the patient's block list (at most `MaxBlocked`), read to flag the access.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::declare_emergency_access())]
		pub fn declare_emergency_access(
			origin: OriginFor<T>,
			patient: PatientId,
			reason: EmergencyReason,
			justification: ContentHash,
		) -> DispatchResult {
			let practitioner = ensure_signed(origin)?;
			Self::do_declare_emergency_access(practitioner, patient, reason, justification)
		}

		/// A privacy officer of the reviewing organisation (the practitioner's own, or the one
		/// the consortium named) finds an emergency access justified or not, with the hash of the
		/// review report. Unjustified findings, and reviews made after `review_due`, count
		/// against the practitioner.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::review_emergency_access())]
		pub fn review_emergency_access(
			origin: OriginFor<T>,
			access: EmergencyAccessId,
			verdict: Verdict,
			report: ContentHash,
		) -> DispatchResult {
			let officer = ensure_signed(origin)?;
			Self::do_review_emergency_access(officer, access, verdict, report)
		}

		/// Closes a reviewed emergency access whose window is over, freeing its storage (the
		/// patient's history keeps it). Anyone may call it; free when it succeeds.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::close_emergency_access())]
		pub fn close_emergency_access(
			origin: OriginFor<T>,
			access: EmergencyAccessId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_close_emergency_access(access)?;
			Ok(Pays::No.into())
		}

		/// The consortium lifts a practitioner's bar on break-glass and clears their unjustified
		/// accesses (unreviewed ones still await review).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::restore_emergency_privilege())]
		pub fn restore_emergency_privilege(
			origin: OriginFor<T>,
			practitioner: T::AccountId,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_restore_emergency_privilege(practitioner)
		}

		/// The consortium names the organisation whose privacy officers review `organisation`'s
		/// emergency accesses (an independent reviewer), or restores its own (`None`).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_emergency_reviewer())]
		pub fn set_emergency_reviewer(
			origin: OriginFor<T>,
			organisation: OrgId,
			reviewer: Option<OrgId>,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_set_emergency_reviewer(organisation, reviewer)
		}

		/// Submits a revocation that the patient (or a guardian) signed in a wallet; the caller
		/// pays. `signature` is over the SCALE encoding of `revocation`, raw or wrapped in
		/// `<Bytes>` by the wallet. Uses the patient's signed-payload nonce.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::revoke_signed())]
		pub fn revoke_signed(
			origin: OriginFor<T>,
			revocation: SignedRevocationOf<T>,
			signature: T::WalletSignature,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_revoke_signed(revocation, signature)
		}

		/// Invalidates every wallet-signed grant of `patient` not yet submitted, by moving the
		/// patient's nonce on: for a payload handed out and regretted. By the patient or a
		/// guardian with consent scope; free within the patient's daily allowance, paid beyond it.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::cancel_signed_consents())]
		pub fn cancel_signed_consents(
			origin: OriginFor<T>,
			patient: PatientId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::ensure_may_act_for(&who, patient)?;
			let pays = Self::patient_fee(patient);
			Self::do_cancel_signed_consents(patient, who);
			Ok(pays.into())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The nonce `patient`'s next wallet-signed grant must carry: what a wallet puts in the
		/// payload it signs (see `grant_consent_signed`).
		pub fn signed_consent_nonce(patient: PatientId) -> Result<u32, QueryError> {
			Self::next_signed_nonce(patient)
		}

		/// One page of the patients who granted `grantee` something still stored (in force,
		/// not yet valid, or ended but not removed: read each with `consents_of`), at most
		/// `limit` (≤ `MaxPageSize`) after `start_after` (exclusive), in storage order.
		///
		/// ## Complexity
		/// O(`limit`) reads.
		pub fn grantors_of(
			grantee: Party<T::AccountId>,
			start_after: Option<PatientId>,
			limit: u32,
		) -> Result<Vec<PatientId>, QueryError> {
			Self::grantors_page(grantee, start_after, limit)
		}

		/// The sequence numbers `patient`'s consent history keeps: `oldest` (older entries were
		/// overwritten) and `next` (how many it ever had). The newest page of `limit` is the
		/// `consent_history` runtime API's page from `next.saturating_sub(limit)`.
		pub fn consent_history_ends(
			patient: PatientId,
		) -> Result<caduceus_primitives::retained_log::LogEnds, QueryError> {
			Self::history_ends(patient)
		}
	}

	impl<T: Config> caduceus_primitives::ConsentVerifier<T::AccountId> for Pallet<T> {
		fn check(
			patient: PatientId,
			accessor: &T::AccountId,
			category: caduceus_primitives::CategorySlot,
			purpose: caduceus_primitives::Purpose,
			action: caduceus_primitives::Action,
		) -> caduceus_primitives::ConsentCheck {
			Self::charged(Self::do_check_by_path(
				patient,
				accessor,
				Some(category),
				None,
				purpose,
				action,
			))
		}

		fn check_any_category(
			patient: PatientId,
			accessor: &T::AccountId,
			purpose: caduceus_primitives::Purpose,
			action: caduceus_primitives::Action,
		) -> caduceus_primitives::ConsentCheck {
			Self::charged(Self::do_check_by_path(patient, accessor, None, None, purpose, action))
		}

		fn check_for_document(
			patient: PatientId,
			accessor: &T::AccountId,
			purpose: caduceus_primitives::Purpose,
			action: caduceus_primitives::Action,
			document: ContentHash,
		) -> caduceus_primitives::ConsentCheck {
			Self::charged(Self::do_check_by_path(
				patient,
				accessor,
				None,
				Some(document),
				purpose,
				action,
			))
		}

		fn check_weight() -> Weight {
			T::WeightInfo::check()
		}

		fn treated(
			patient: PatientId,
			organisation: OrgId,
			practitioner: &T::AccountId,
			at: Moment,
		) -> caduceus_primitives::TreatmentCheck {
			Self::charged_treatment(Self::do_treated(patient, organisation, practitioner, at))
		}

		fn treated_weight() -> Weight {
			T::WeightInfo::treated()
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Block time now.
	fn now() -> Moment {
		T::Time::now()
	}

	/// `who` is the patient or a guardian with consent scope.
	fn ensure_may_act_for(who: &T::AccountId, patient: PatientId) -> Result<(), Error<T>> {
		frame_support::ensure!(T::Registry::is_patient(patient), Error::<T>::UnknownPatient);
		frame_support::ensure!(
			T::Registry::may_act_for(who, patient, caduceus_primitives::GuardianScope::Consent),
			Error::<T>::NotPatientOrGuardian
		);
		Ok(())
	}

	/// Free if the patient has a free operation left today (using it up), paid otherwise.
	fn patient_fee(patient: PatientId) -> frame_support::dispatch::Pays {
		let cap = T::PatientDailyAllowance::get();
		let now = Self::now();
		if PatientCounters::<T>::mutate(patient, |counters| counters.allowance.try_use(now, cap)) {
			frame_support::dispatch::Pays::No
		} else {
			frame_support::dispatch::Pays::Yes
		}
	}
}
