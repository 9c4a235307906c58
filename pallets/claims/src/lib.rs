//! # Claims
//!
//! Insurance claims decided on chain, in the order auto-adjudication engines use, and paid in
//! the same block (FHIR Coverage / Claim / ClaimResponse; X12 835 adjustment groups and reason
//! codes; see `docs/pallets/claims.md`).
//!
//! - **Plans**: an insurer defines a plan (covered services with a unit price cap, a yearly unit
//!   limit and whether prior authorisation is needed; deductible, co-insurance, co-pay,
//!   out-of-pocket and benefit maximums, filing window, whether pharmacy lines need a dispensed
//!   drug unit). A change is a new version; a claim names the version it was decided under.
//! - **Coverage**: the insurer enrols a patient in a plan for a period.
//! - **Claims**: a provider's practitioner submits a claim with line items, evidence (anchored
//!   records) and, for pharmacy lines, the dispensed unit as a token under the plan's key (which
//!   drug a patient got is the insurer's to read, no other member's). The claim is adjudicated in
//!   the same extrinsic: eligibility, consent for payment, provider standing, timely filing, then
//!   per line the drug unit (billed once, and one of the pharmacy's dispensings), duplicates,
//!   coverage, prior authorisation, unit limits, price cap, deductible, co-pay and co-insurance,
//!   annual maximums. Every adjustment carries an X12 group and reason.
//! - **Payment**: the insurer's pool (a held balance) pays the provider in the same block; if it
//!   cannot, the claim waits and is paid when the pool is topped up.
//! - **Review and appeal**: a claims officer decides pended lines; the practitioner who submitted
//!   the claim or an administrator of the provider appeals with evidence (not the patient, who
//!   could otherwise reopen claims at will) and the insurer decides; both decisions stay on the
//!   claim.
//! - **Prior authorisation**: a provider requests units of a service; the insurer approves (with
//!   units and expiry) or denies; claims draw on approved units.
//! - **Estimate**: the runtime API runs the same adjudication without writing.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod adjudication;
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
mod property_tests;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use caduceus_primitives::{ContentHash, Moment, OrgId, PatientId, RecordId};
use frame_support::traits::{fungible, Time};

type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The currency's balance.
pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<AccountIdOf<T>>>::Balance;
/// A plan's terms as stored.
pub type PlanTermsOf<T> = PlanTerms<BalanceOf<T>, <T as Config>::MaxServicesPerPlan>;
/// A claim line as submitted.
pub type ClaimLineOf<T> = ClaimLine<BalanceOf<T>>;
/// The lines of a claim.
pub type ClaimLinesOf<T> =
	frame_support::BoundedVec<ClaimLineOf<T>, <T as Config>::MaxLinesPerClaim>;
/// The standing lines of one service (patient, provider, day of service, code) for duplicate
/// detection: per claim, the units and charge of one of its standing lines of the service.
pub type ServiceClaimsOf<T> =
	frame_support::BoundedVec<(ClaimId, u32, BalanceOf<T>), MaxClaimsPerService>;
/// The evidence of a claim.
pub type EvidenceOf<T> = frame_support::BoundedVec<RecordId, <T as Config>::MaxEvidence>;
/// A claim as stored.
pub type ClaimOf<T> = Claim<
	AccountIdOf<T>,
	BalanceOf<T>,
	<T as Config>::MaxLinesPerClaim,
	<T as Config>::MaxEvidence,
>;
/// A line's adjudication.
pub type LineResultOf<T> = LineResult<BalanceOf<T>>;
/// A patient's plan-year accumulator.
pub type AccumulatorOf<T> = Accumulator<BalanceOf<T>>;

#[allow(
	clippy::expect_used,
	reason = "FRAME's macros expand `expect`s with our spans, and genesis aborts on a bad config"
)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use caduceus_primitives::QueryError;
	use caduceus_primitives::{ConsentVerifier, ProductVerifier, RecordRegistry, Registry};
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(6);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An insurer's payment pool.
		PaymentPool,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Block time, in milliseconds: dates of service, filing windows, plan years.
		type Time: Time<Moment = Moment>;

		/// Who is who: insurers, providers and their practitioners, patients.
		type Registry: Registry<Self::AccountId>;

		/// Counts every plan and plan version, coverage, claim and prior authorisation against
		/// the quota of the insurer or provider that creates it, which the consortium sets.
		type Quota: caduceus_primitives::StorageQuota;

		/// Whether the patient consented to the insurer's use of billing data for payment.
		type ConsentVerifier: ConsentVerifier<Self::AccountId>;

		/// The anchored records a claim cites as evidence.
		type RecordRegistry: RecordRegistry<Self::AccountId>;

		/// How many units each pharmacy dispensed: what its pharmacy lines may bill.
		type ProductVerifier: ProductVerifier;

		/// The currency insurers pay in.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, of which the payment pool is one.
		type RuntimeHoldReason: From<HoldReason>;

		/// Most covered services in a plan.
		#[pallet::constant]
		type MaxServicesPerPlan: Get<u32>;

		/// Most line items in a claim.
		#[pallet::constant]
		type MaxLinesPerClaim: Get<u32>;

		/// Most evidence records a claim cites.
		#[pallet::constant]
		type MaxEvidence: Get<u32>;

		/// Most waiting claims one call pays (`fund_pool`); the rest are paid by later calls,
		/// still in order.
		#[pallet::constant]
		type MaxPaymentsPerCall: Get<u32>;

		/// Most entries one page of a read returns (the payment queue, a party's claims).
		#[pallet::constant]
		type MaxPageSize: Get<u32>;

		/// The pallet's id, from which each insurer's pool account is derived.
		#[pallet::constant]
		type PalletId: Get<frame_support::PalletId>;

		/// The consortium: moves the pool of a revoked insurer.
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Creates participants, consents and dispensings in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// What the benchmarks need from outside: participants, a payment consent, dispensings.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId>:
		caduceus_primitives::benchmarking::Participants<AccountId>
	{
		/// Makes `patient` consent to everything (treatment included) by `practitioner` of
		/// `organisation`, so that the payment-consent and treatment checks take their fast
		/// paths with the organisation's grant list full (`ConsentCheck`, `TreatmentCheck`): the
		/// calls' benchmarks hold them, and only other ways are charged on top.
		fn consent(
			patient_account: &AccountId,
			patient: PatientId,
			practitioner: &AccountId,
			organisation: OrgId,
		);
		/// Makes `dispenser` (a pharmacy with an admin) dispense `units` authentic units.
		fn dispense(dispenser: OrgId, units: u32);
		/// Revokes insurer `organisation`.
		fn revoke(organisation: OrgId);
		/// Gives `who` `amount` to spend.
		fn endow(who: &AccountId, amount: u128);
		/// A record of `patient` anchored (by the patient), number `n`.
		fn evidence(patient_account: &AccountId, patient: PatientId, n: u32) -> RecordId;
	}

	/// The identifier the next plan gets.
	#[pallet::storage]
	pub type NextPlanId<T> = StorageValue<_, PlanId, ValueQuery>;

	/// Plans: insurer, current version, adjudicating claims officer.
	#[pallet::storage]
	pub type Plans<T: Config> = StorageMap<_, Twox64Concat, PlanId, Plan<T::AccountId>>;

	/// Every version of every plan's terms: a claim's version stays readable.
	#[pallet::storage]
	pub type PlanVersions<T: Config> =
		StorageDoubleMap<_, Twox64Concat, PlanId, Twox64Concat, u32, PlanTermsOf<T>>;

	/// Patients' coverage by plans.
	#[pallet::storage]
	pub type Coverages<T: Config> =
		StorageDoubleMap<_, Twox64Concat, PatientId, Twox64Concat, PlanId, Coverage>;

	/// What each patient used of each plan in each plan year.
	#[pallet::storage]
	pub type Accumulators<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(PatientId, PlanId),
		Twox64Concat,
		PlanYear,
		AccumulatorOf<T>,
		ValueQuery,
	>;

	/// Units paid per code, per patient, plan and plan year: the yearly unit limits.
	#[pallet::storage]
	pub type UnitsUsed<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		((PatientId, PlanId), PlanYear),
		Blake2_128Concat,
		ServiceCode,
		u32,
		ValueQuery,
	>;

	/// The claim that bills each drug unit, named by its token under the plan's key, while a
	/// line of it stands (is not denied): a unit is billed once under a plan.
	#[pallet::storage]
	pub type UnitsClaimed<T: Config> = StorageMap<_, Blake2_128Concat, UnitToken, ClaimId>;

	/// How many drug units each provider bills (its entries in `UnitsClaimed`): a pharmacy
	/// bills no more units than it dispensed, since the chain cannot read which unit a token
	/// names.
	#[pallet::storage]
	pub type UnitsBilled<T: Config> = StorageMap<_, Twox64Concat, OrgId, u64, ValueQuery>;

	/// The identifier the next claim gets.
	#[pallet::storage]
	pub type NextClaimId<T> = StorageValue<_, ClaimId, ValueQuery>;

	/// Every claim filed, with its adjudication, decisions, appeal and payment.
	#[pallet::storage]
	pub type Filed<T: Config> = StorageMap<_, Twox64Concat, ClaimId, ClaimOf<T>>;

	/// The services already claimed, per (patient, provider, day of service) and code: every
	/// claim with a standing line of the service, with that line's units and charge, for
	/// duplicate detection. A claim that holds a line here keeps it until none of its lines of
	/// the service stands; other claims' entries stay whatever happens to it.
	#[pallet::storage]
	pub type ServicesClaimed<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(PatientId, OrgId, u32),
		Blake2_128Concat,
		ServiceCode,
		ServiceClaimsOf<T>,
		ValueQuery,
	>;

	/// The identifier the next prior authorisation gets.
	#[pallet::storage]
	pub type NextPriorAuthId<T> = StorageValue<_, PriorAuthId, ValueQuery>;

	/// Prior authorisations.
	#[pallet::storage]
	pub type PriorAuthorisations<T: Config> =
		StorageMap<_, Twox64Concat, PriorAuthId, PriorAuthorisation>;

	/// Each party's claims, newest first: the patient's, the provider's and the insurer's, so
	/// that each lists them without replaying events. Three entries per claim, which the
	/// claim's place in the provider's quota pays for.
	#[pallet::storage]
	pub type ClaimsOf<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ClaimParty,
		Identity,
		caduceus_primitives::paging::NewestFirstKey,
		(),
	>;

	/// Approved claims waiting for their insurer's pool, each with what it is owed and its
	/// neighbours in the queue (paid strictly in order).
	#[pallet::storage]
	pub type Queue<T: Config> = StorageMap<_, Twox64Concat, ClaimId, QueueEntry<BalanceOf<T>>>;

	/// The first and last claim waiting for each insurer's pool.
	#[pallet::storage]
	pub type QueueEnds<T: Config> = StorageMap<_, Twox64Concat, OrgId, QueueEndpoints>;

	/// What each insurer's waiting claims are owed in all: the part of the pool the insurer may
	/// not withdraw.
	#[pallet::storage]
	pub type Owed<T: Config> = StorageMap<_, Twox64Concat, OrgId, BalanceOf<T>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An insurer defined a plan.
		PlanDefined { plan: PlanId, insurer: OrgId, adjudicator: T::AccountId },
		/// A plan's terms changed: claims from now on are decided under `version`.
		PlanAmended { plan: PlanId, version: u32 },
		/// A plan's claims are decided in the name of another claims officer from now on (their
		/// payment consent is what eligibility checks).
		AdjudicatorChanged { plan: PlanId, from: T::AccountId, to: T::AccountId },
		/// The insurer enrolled a patient in a plan.
		PatientEnrolled { plan: PlanId, patient: PatientId, coverage: Coverage },
		/// A claim was decided (by the rules, a review or an appeal): the remittance.
		ClaimAdjudicated {
			claim: ClaimId,
			patient: PatientId,
			provider: OrgId,
			decided_by: DecidedBy,
			outcome: Outcome,
			benefit: BalanceOf<T>,
			patient_responsibility: BalanceOf<T>,
			results: BoundedVec<LineResultOf<T>, T::MaxLinesPerClaim>,
		},
		/// The pool paid the provider.
		ClaimPaid { claim: ClaimId, provider: OrgId, amount: BalanceOf<T> },
		/// The pool could not pay: the claim waits for a top-up.
		ClaimAwaitingFunds { claim: ClaimId, insurer: OrgId, amount: BalanceOf<T> },
		/// A claim was appealed.
		AppealFiled { claim: ClaimId, by: T::AccountId, evidence: ContentHash },
		/// An appeal was decided.
		AppealDecided { claim: ClaimId, overturned: bool },
		/// A provider requested a prior authorisation.
		PriorAuthorisationRequested {
			authorisation: PriorAuthId,
			patient: PatientId,
			plan: PlanId,
			code: ServiceCode,
			units: u32,
		},
		/// The insurer decided a prior authorisation (`units` zero when denied).
		PriorAuthorisationDecided {
			authorisation: PriorAuthId,
			status: AuthorisationStatus,
			units: u32,
			expires_at: Moment,
		},
		/// An insurer funded its pool.
		PoolFunded { insurer: OrgId, amount: BalanceOf<T>, held: BalanceOf<T> },
		/// An insurer took back part of its pool's surplus (what waiting claims are not owed).
		PoolWithdrawn { insurer: OrgId, amount: BalanceOf<T>, held: BalanceOf<T> },
		/// The consortium moved the surplus of a revoked insurer's pool.
		PoolMoved { insurer: OrgId, to: T::AccountId, amount: BalanceOf<T>, held: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not the admin or an active claims officer of an active insurer.
		NotAnInsurer,
		/// The adjudicator is not an active claims officer of the insurer.
		NotAClaimsOfficer,
		/// A plan covers at least one service, each once, named by its code's 16-byte token
		/// (never the code in clear), and at least one unit a year.
		InvalidPlan,
		/// No plan has this identifier.
		UnknownPlan,
		/// The plan is another insurer's.
		NotYourPlan,
		/// No patient has this identifier.
		UnknownPatient,
		/// The coverage period ends before it starts.
		InvalidCoverage,
		/// The caller is not a practitioner of a hospital, clinic, laboratory or pharmacy.
		NotAProvider,
		/// The practitioner's attestation lapsed or its organisation is not active: it may not
		/// bill.
		NotInGoodStanding,
		/// The practitioner's role does not bill this line: pharmacy lines are billed by
		/// pharmacists, other services by physicians, nurses and laboratory technicians.
		RoleCannotBill,
		/// A claim has at least one line.
		NoLines,
		/// A line's code is not a 16-byte token, or its drug unit not a token (a code or unit in
		/// clear is refused), or it has no units.
		InvalidLine,
		/// The insurer or provider already holds as many plans, coverages, claims and prior
		/// authorisations as the consortium's quota allows.
		QuotaExceeded,
		/// The date of service is in the future.
		FutureDateOfService,
		/// An evidence record is not anchored, is another patient's, or is erased.
		InvalidEvidence,
		/// No claim has this identifier.
		UnknownClaim,
		/// The claim has no pended line to review.
		NothingToReview,
		/// Only the practitioner who submitted the claim (still in good standing at its provider)
		/// or an administrator of the provider may appeal it.
		NotSubmitterOrAdministrator,
		/// The claim was already appealed.
		AlreadyAppealed,
		/// The claim has no appeal waiting for a decision.
		NoAppealPending,
		/// No line was denied: there is nothing to appeal.
		NothingToAppeal,
		/// No prior authorisation has this identifier.
		UnknownAuthorisation,
		/// The prior authorisation was already decided.
		AlreadyDecided,
		/// An authorisation expires no later than now, or approves no units.
		InvalidAuthorisation,
		/// The plan does not cover this service.
		ServiceNotCovered,
		/// The amount is zero.
		ZeroAmount,
		/// The pool cannot pay this claim yet.
		InsufficientPool,
		/// The claim owes nothing to the provider.
		NothingOwed,
		/// The provider organisation has no admin account to be paid.
		NoPayee,
		/// The pool could not move the payment to the provider's account (for example, less
		/// than an existing account needs).
		PaymentFailed,
		/// Another claim waits ahead of this one: the queue is paid in order.
		NotFirstInQueue,
		/// The pool holds no more than its waiting claims are owed: that part stays.
		OwedToProviders,
		/// Only a revoked insurer's pool is moved by the consortium.
		InsurerNotRevoked,
		/// The pool holds nothing beyond what its waiting claims are owed.
		NoSurplus,
		/// A line names a drug unit, but the plan covers its service and not as a pharmacy
		/// service: a unit is billed on the line of the drug dispensed, never on a visit.
		DrugUnitOnService,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxServicesPerPlan::get() > 0, "a plan covers at least one service");
			assert!(T::MaxLinesPerClaim::get() > 0, "a claim holds at least one line");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Defines a plan of the caller's insurer, adjudicated in the name of `adjudicator`, an
		/// active claims officer of it.
		///
		/// ## Complexity
		/// O(S) in the covered services (at most `MaxServicesPerPlan`).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::define_plan(terms.services.len() as u32))]
		pub fn define_plan(
			origin: OriginFor<T>,
			terms: PlanTermsOf<T>,
			adjudicator: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_define_plan(&who, terms, adjudicator)
		}

		/// Changes a plan's terms, by its insurer: a new version, under which claims from now on
		/// are decided. Claims already decided keep theirs. A new `adjudicator` (an active claims
		/// officer of the insurer) replaces one who left.
		///
		/// ## Complexity
		/// O(S) in the covered services.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::amend_plan(terms.services.len() as u32))]
		pub fn amend_plan(
			origin: OriginFor<T>,
			plan: PlanId,
			terms: PlanTermsOf<T>,
			adjudicator: Option<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_amend_plan(&who, plan, terms, adjudicator)
		}

		/// Enrols a patient in a plan for a coverage period, by the plan's insurer (replacing an
		/// earlier period).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::enrol())]
		pub fn enrol(
			origin: OriginFor<T>,
			plan: PlanId,
			patient: PatientId,
			coverage: Coverage,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_enrol(&who, plan, patient, coverage)
		}

		/// Submits a claim, by an active practitioner of the provider, and adjudicates it at
		/// once; an approved benefit is paid from the insurer's pool in the same block.
		///
		/// Declared with the worst cases of the payment-consent and treatment checks; charged
		/// their cost beyond their fast paths only when they leave them (nothing for a check the
		/// adjudication did not reach), since the call's own benchmark takes both fast paths,
		/// the organisation's grant list full.
		///
		/// A claim whose lines are all plain services (no prior authorisation, drug unit or
		/// evidence record of their own, such as an office visit) is weighed by the benchmark of
		/// such lines; any other by the benchmark whose every line has all three (or by the
		/// former, should it weigh more).
		///
		/// ## Complexity
		/// O(L × S) for L lines (at most `MaxLinesPerClaim`) against S covered services, plus
		/// E evidence records.
		#[pallet::call_index(3)]
		#[pallet::weight(
			Pallet::<T>::submission_weight(lines, evidence.len() as u32)
				.saturating_add(T::ConsentVerifier::check_weight())
				.saturating_add(T::ConsentVerifier::treated_weight())
		)]
		pub fn submit_claim(
			origin: OriginFor<T>,
			patient: PatientId,
			plan: PlanId,
			date_of_service: Moment,
			lines: ClaimLinesOf<T>,
			evidence: EvidenceOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let weight = Self::submission_weight(&lines, evidence.len() as u32);
			let checks =
				Self::do_submit_claim(who, patient, plan, date_of_service, lines, evidence)?;
			Ok(Some(weight.saturating_add(checks)).into())
		}

		/// A claims officer of the insurer decides a claim's pended lines: approved lines are
		/// priced (the suspicion waived), denied ones denied for their cause.
		///
		/// ## Complexity
		/// O(L) in the claim's lines.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::review_claim(T::MaxLinesPerClaim::get()))]
		pub fn review_claim(origin: OriginFor<T>, claim: ClaimId, approve: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_review_claim(&who, claim, approve)
		}

		/// Appeals a claim with a denied line, by the practitioner who submitted it (in good
		/// standing) or an administrator of its provider (its admin account or an active
		/// practitioner with the administrator role), with the hash of the appeal's evidence.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::appeal())]
		pub fn appeal(
			origin: OriginFor<T>,
			claim: ClaimId,
			evidence: ContentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_appeal(who, claim, evidence)
		}

		/// The insurer decides an appeal. Overturned, the denied lines are adjudicated again
		/// with the administrative edits (timely filing, provider standing, prior authorisation)
		/// waived; eligibility, consent, coverage, duplicates of other claims and the product
		/// checks still apply. The difference is paid; every decision stays on the claim.
		///
		/// Declared with the payment-consent check's worst case; charged it only when the check
		/// leaves its fast path.
		///
		/// ## Complexity
		/// O(L) in the claim's lines.
		#[pallet::call_index(6)]
		#[pallet::weight(
			T::WeightInfo::decide_appeal(T::MaxLinesPerClaim::get())
				.saturating_add(T::ConsentVerifier::check_weight())
		)]
		pub fn decide_appeal(
			origin: OriginFor<T>,
			claim: ClaimId,
			overturn: bool,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let checks = Self::do_decide_appeal(&who, claim, overturn)?;
			let own = T::WeightInfo::decide_appeal(T::MaxLinesPerClaim::get());
			Ok(Some(own.saturating_add(checks)).into())
		}

		/// Requests a prior authorisation of `units` of `code` for a patient, by a provider's
		/// active practitioner.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::request_prior_authorisation())]
		pub fn request_prior_authorisation(
			origin: OriginFor<T>,
			patient: PatientId,
			plan: PlanId,
			code: ServiceCode,
			units: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request_prior_authorisation(&who, patient, plan, code, units)
		}

		/// The insurer approves a prior authorisation for `units` until `expires_at` (dates of
		/// service), or denies it (`units` = `None`).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::decide_prior_authorisation())]
		pub fn decide_prior_authorisation(
			origin: OriginFor<T>,
			authorisation: PriorAuthId,
			units: Option<u32>,
			expires_at: Moment,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_decide_prior_authorisation(&who, authorisation, units, expires_at)
		}

		/// Funds the pool of the insurer the caller administers with `amount` of the caller's
		/// balance, held in the insurer's pool account, then pays what it can of the claims
		/// waiting for funds, in the order they joined the queue.
		///
		/// ## Complexity
		/// O(P) in the claims paid (at most `MaxPaymentsPerCall`).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::fund_pool(T::MaxPaymentsPerCall::get()))]
		pub fn fund_pool(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let paid = Self::do_fund_pool(&who, amount)?;
			Ok(Some(T::WeightInfo::fund_pool(paid)).into())
		}

		/// Pays the claim first in its insurer's queue, if the pool suffices. Anyone may call it;
		/// a claim behind others waits its turn.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::pay_claim())]
		pub fn pay_claim(origin: OriginFor<T>, claim: ClaimId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_pay_claim(claim)
		}

		/// Gives `amount` of the pool back to the admin of its insurer: only what the pool
		/// holds beyond what its waiting claims are owed.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::withdraw_pool())]
		pub fn withdraw_pool(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_pool(&who, amount)
		}

		/// Moves the surplus of a revoked insurer's pool to `to` (a successor insurer, a
		/// receiver), by the consortium; what its waiting claims are owed stays to pay them.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::move_pool())]
		pub fn move_pool(origin: OriginFor<T>, insurer: OrgId, to: T::AccountId) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_move_pool(insurer, to)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// One page of `insurer`'s payment queue, in the order it pays: each waiting claim and
		/// what it is owed, at most `limit` (≤ `MaxPageSize`) after `start_after` (exclusive).
		/// If `start_after` left the queue meanwhile (paid, or decided again), or is not
		/// `insurer`'s, the page starts at the head, which is where the pool pays next.
		///
		/// ## Complexity
		/// O(`limit`) reads: the queue is a linked list.
		pub fn payment_queue(
			insurer: OrgId,
			start_after: Option<ClaimId>,
			limit: u32,
		) -> Result<Vec<(ClaimId, BalanceOf<T>)>, QueryError> {
			Self::queue_page(insurer, start_after, limit)
		}

		/// One page of `party`'s claims, newest first, each with its remittance (line
		/// results with reason codes, decisions, payment, what was paid): at most `limit`
		/// (≤ `MaxPageSize`) older than `start_after` (exclusive).
		///
		/// ## Complexity
		/// O(`limit`) reads.
		pub fn claims_of(
			party: ClaimParty,
			start_after: Option<ClaimId>,
			limit: u32,
		) -> Result<Vec<(ClaimId, ClaimOf<T>)>, QueryError> {
			Self::claims_page(party, start_after, limit)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Block time now.
	fn now() -> Moment {
		T::Time::now()
	}

	/// Counts `items` new items against `org`'s quota.
	fn take_quota(org: OrgId, items: u32) -> Result<(), Error<T>> {
		use caduceus_primitives::{Holder, StorageQuota};
		T::Quota::take(Holder::Organisation(org), items).map_err(|_| Error::<T>::QuotaExceeded)
	}
}
