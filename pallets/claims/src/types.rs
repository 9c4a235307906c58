//! The data the claims pallet keeps, shaped after HL7 FHIR Coverage / Claim / ClaimResponse and
//! X12 835 remittance: plans with covered services, coverage of patients, claims with line items,
//! each line's adjudication with CARC-style adjustment reasons, prior authorisations, accumulators.

pub use caduceus_primitives::billing_codes::UnitToken;
use caduceus_primitives::{
	value_enum, value_struct, ContentHash, Moment, OrgId, PatientId, RecordId,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::{ConstU32, Get},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::Permill;

/// A plan's identifier.
pub type PlanId = u32;
/// A claim's identifier.
pub type ClaimId = u64;
/// A prior authorisation's identifier.
pub type PriorAuthId = u64;
/// A plan year: years since the Unix epoch of block time, in 365-day years.
pub type PlanYear = u32;

/// Milliseconds in a plan year.
pub const YEAR_MS: Moment = 365 * caduceus_primitives::DAY_MS;

/// The plan year `at` falls in.
pub fn plan_year(at: Moment) -> PlanYear {
	at.saturating_div(YEAR_MS) as PlanYear
}

/// A billing code (CPT/HCPCS, NDC, CDT...) as its 16-byte token under the plan's billing key
/// (`caduceus_primitives::billing_codes`): only the insurer and the providers it gave the key
/// can tell which service it is. Entries written before runtime 106 hold the code's ASCII text
/// (1 to 12 letters and digits), which the same type still decodes.
pub type ServiceCode = BoundedVec<u8, ConstU32<16>>;

/// Whether `code` has the shape of a token: exactly 16 bytes, not all of them printable ASCII
/// or zero (`billing_codes::token_shaped`). A code in clear (`99213`, padded to 16 characters
/// as fixed-width claim formats do, or zero-filled as a byte array holds it) is refused, so a
/// provider's system that forgot to tokenise cannot publish it. (A real token looks like text
/// about once in 10⁷; the insurer then draws another plan key.) The chain cannot tell a token
/// under the plan's key from a digest anyone can compute: that is the clients' part
/// (`caduceus_primitives::billing_codes`).
pub fn service_code_valid(code: &ServiceCode) -> bool {
	code.len() == caduceus_primitives::billing_codes::CodeToken::default().len()
		&& caduceus_primitives::billing_codes::token_shaped(code)
}

/// A service a plan covers (FHIR InsurancePlan.coverage.benefit).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct CoveredService<Balance> {
	/// The billing code.
	pub code: ServiceCode,
	/// The most the plan allows per unit.
	pub unit_price_cap: Balance,
	/// The most units the plan pays per patient and plan year.
	pub units_per_year: u32,
	/// Whether a prior authorisation is needed.
	pub needs_prior_authorisation: bool,
	/// Whether it is a pharmacy service (a dispensed drug).
	pub pharmacy: bool,
	/// Whether a line of it must cite an anchored record of the patient documenting it; a line
	/// without one is denied (CARC 252).
	pub needs_evidence: bool,
}

/// A plan's terms: one version of it. Claims name the version they were decided under, so a
/// later version never changes them.
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
#[scale_info(skip_type_params(MaxServices))]
pub struct PlanTerms<Balance, MaxServices: Get<u32>>
where
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The covered services; anything else is not covered.
	pub services: BoundedVec<CoveredService<Balance>, MaxServices>,
	/// What the patient pays each plan year before the plan pays.
	pub deductible: Balance,
	/// The patient's share after the deductible and co-pay.
	pub coinsurance: Permill,
	/// What the patient pays per service line, after the deductible.
	pub copay: Balance,
	/// The most the patient pays in a plan year (deductible, co-pays, co-insurance).
	pub out_of_pocket_max: Balance,
	/// The most the plan pays for a patient in a plan year.
	pub benefit_max: Balance,
	/// How long after the date of service a claim may be filed, in milliseconds.
	pub filing_window: Moment,
	/// Whether pharmacy lines must name an authentic drug unit dispensed by the provider.
	pub pharmacy_needs_unit: bool,
}

impl<Balance, MaxServices> PlanTerms<Balance, MaxServices>
where
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxServices: Get<u32>,
{
	/// The covered service with `code`, if any.
	pub fn service(&self, code: &ServiceCode) -> Option<&CoveredService<Balance>> {
		self.services.iter().find(|service| service.code == *code)
	}
}

/// A plan: its insurer, its current version, and the insurer's claims officer in whose name
/// claims under it are adjudicated (the account the patient's payment consent must cover).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Plan<AccountId> {
	/// The insurer.
	pub insurer: OrgId,
	/// The version new claims are decided under.
	pub version: u32,
	/// The insurer's claims officer who adjudicates.
	pub adjudicator: AccountId,
}

value_struct! {
	/// A patient's coverage by a plan (FHIR Coverage).
	#[derive(Copy)]
	pub struct Coverage {
		/// First covered moment (block time, ms).
		pub start: Moment,
		/// End of coverage, exclusive.
		pub end: Moment,
	}
}

/// A claim's line item as the provider submits it (FHIR Claim.item).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct ClaimLine<Balance> {
	/// The billing code.
	pub code: ServiceCode,
	/// How many units.
	pub units: u32,
	/// What the provider charges for the line.
	pub charged: Balance,
	/// The prior authorisation it draws on, if the service needs one.
	pub prior_authorisation: Option<PriorAuthId>,
	/// For a pharmacy line, the dispensed drug unit as its token under the plan's billing key
	/// (`caduceus_primitives::billing_codes::unit_token`): the insurer reads which unit it is,
	/// other members do not.
	pub drug_unit: Option<UnitToken>,
	/// The anchored record of the patient documenting the service, where the plan asks for
	/// one.
	pub evidence: Option<RecordId>,
}

impl<Balance> ClaimLine<Balance> {
	/// A line of a plain service, such as an office visit: it draws on no prior authorisation
	/// and names no drug unit and no evidence record of its own, so its adjudication reads and
	/// writes none of them (weighed by the `submit_claim_services` benchmark).
	pub fn is_plain_service(&self) -> bool {
		self.prior_authorisation.is_none() && self.drug_unit.is_none() && self.evidence.is_none()
	}
}

value_enum! {
	/// X12 claim adjustment group: who bears an adjustment.
	pub enum Group {
		/// Contractual obligation: the provider writes it off.
		CO,
		/// Patient responsibility.
		PR,
		/// Other adjustment (pending review).
		OA,
	}
}

value_enum! {
	/// Why an amount was adjusted: X12 claim adjustment reason codes (CARC), see
	/// [`Reason::carc`].
	pub enum Reason {
		/// 1: deductible.
		Deductible,
		/// 2: co-insurance.
		Coinsurance,
		/// 3: co-payment.
		Copay,
		/// 16: lacking information (here: no consent for payment).
		LacksInformation,
		/// 18: exact duplicate claim or service.
		Duplicate,
		/// 26: expenses incurred before coverage.
		BeforeCoverage,
		/// 27: expenses incurred after coverage ended.
		AfterCoverage,
		/// 31: the patient cannot be identified as the plan's insured (never enrolled).
		NotInsured,
		/// 29: the time limit for filing has expired.
		TimelyFiling,
		/// 45: charge exceeds the fee schedule (the unit price cap).
		ExceedsPriceCap,
		/// 96: non-covered charge.
		NotCovered,
		/// 119: benefit maximum for this period reached (units or amount).
		BenefitMaximum,
		/// 133: pending further review.
		PendingReview,
		/// 197: prior authorisation absent or exceeded.
		PriorAuthorisationAbsent,
		/// B7: the provider is not eligible to be paid for this service on this date.
		ProviderNotEligible,
		/// A1: claim denied; here a pharmacy line names no drug unit, or its pharmacy bills
		/// every unit it dispensed already (the unit's token tells the chain not which unit it
		/// is: the insurer, who reads it, checks the unit itself).
		ProductNotEligible,
		/// 252: an attachment or other documentation is required: the plan asks for an
		/// anchored record supporting this service and the line cites none.
		DocumentationRequired,
	}
}

impl Reason {
	/// The X12 CARC code.
	pub fn carc(self) -> &'static str {
		match self {
			Self::Deductible => "1",
			Self::Coinsurance => "2",
			Self::Copay => "3",
			Self::LacksInformation => "16",
			Self::Duplicate => "18",
			Self::BeforeCoverage => "26",
			Self::AfterCoverage => "27",
			Self::TimelyFiling => "29",
			Self::NotInsured => "31",
			Self::ExceedsPriceCap => "45",
			Self::NotCovered => "96",
			Self::BenefitMaximum => "119",
			Self::PendingReview => "133",
			Self::PriorAuthorisationAbsent => "197",
			Self::ProviderNotEligible => "B7",
			Self::ProductNotEligible => "A1",
			Self::DocumentationRequired => "252",
		}
	}
}

/// An adjustment of a line: who bears how much, and why.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Adjustment<Balance> {
	/// Who bears it.
	pub group: Group,
	/// Why.
	pub reason: Reason,
	/// How much.
	pub amount: Balance,
}

value_enum! {
	/// What became of a line.
	pub enum LineDecision {
		/// Paid, possibly less than charged.
		Approved,
		/// Nothing is paid.
		Denied,
		/// Waits for a claims officer.
		Pended,
	}
}

/// Most adjustments one line carries: three contractual ones (units beyond the year's limit or
/// the authorisation, price cap), four patient ones (deductible, co-pay, co-insurance, benefit
/// maximum), or one denial.
pub type MaxAdjustments = ConstU32<8>;

/// A line's adjudication (FHIR ClaimResponse.item.adjudication; X12 835 SVC/CAS): what was
/// submitted, what is eligible, the patient's shares, the benefit, and every adjustment.
/// `benefit + sum(adjustments) == submitted` always.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct LineResult<Balance> {
	/// The billing code.
	pub code: ServiceCode,
	/// Units submitted.
	pub units: u32,
	/// Units paid for (counted against the yearly limit and the prior authorisation).
	pub allowed_units: u32,
	/// The charge.
	pub submitted: Balance,
	/// What the plan recognises after unit limits and the price cap.
	pub eligible: Balance,
	/// The patient's deductible share.
	pub deductible: Balance,
	/// The patient's co-pay.
	pub copay: Balance,
	/// The patient's co-insurance.
	pub coinsurance: Balance,
	/// What the plan pays.
	pub benefit: Balance,
	/// Every adjustment, with its group and reason.
	pub adjustments: BoundedVec<Adjustment<Balance>, MaxAdjustments>,
	/// The line's decision.
	pub decision: LineDecision,
	/// Why a line was denied or pended.
	pub cause: Option<Reason>,
}

value_enum! {
	/// A claim's outcome (FHIR ClaimResponse.outcome, with X12 semantics).
	pub enum Outcome {
		/// Every line paid in full of what the plan recognises, nothing written off.
		Approved,
		/// Something paid, something adjusted off or denied.
		PartiallyApproved,
		/// Nothing paid.
		Denied,
		/// A line waits for a claims officer.
		Pended,
	}
}

value_enum! {
	/// Where a claim's payment stands.
	pub enum Payment {
		/// Nothing to pay (denied, or nothing owed by the plan).
		NothingDue,
		/// Waiting for review.
		AwaitingReview,
		/// Approved, the pool could not pay yet: paid when it is topped up.
		Unpaid,
		/// Paid to the provider.
		Paid,
	}
}

value_enum! {
	/// Who decided: the rules, a claims officer on review, or on appeal.
	pub enum DecidedBy {
		/// The on-chain rules, at submission.
		Rules,
		/// A claims officer's review of pended lines.
		Review,
		/// An appeal's decision.
		Appeal,
		/// The payment check of runtimes before 108: a drug unit the claim billed went bad
		/// after the claim was decided, so its lines waited for review. Since units are
		/// tokens the chain cannot read, the insurer checks them and no decision is made by it
		/// any more; the variant stays so that older decisions decode.
		Payment,
	}
}

/// One decision of a claim, kept for the audit trail.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Decision<Balance> {
	/// Who decided.
	pub by: DecidedBy,
	/// The outcome then.
	pub outcome: Outcome,
	/// The benefit then.
	pub benefit: Balance,
	/// When (block time).
	pub at: Moment,
}

value_struct! {
	/// An appeal of a claim.
	#[derive(Copy)]
	pub struct Appeal {
		/// Hash of the appeal's evidence.
		pub evidence: ContentHash,
		/// When it was filed.
		pub filed_at: Moment,
		/// Whether it was decided, and how (overturned or upheld).
		pub overturned: Option<bool>,
	}
}

/// A claim and its adjudication.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxLines, MaxEvidence))]
pub struct Claim<AccountId, Balance, MaxLines: Get<u32>, MaxEvidence: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The patient.
	pub patient: PatientId,
	/// The plan.
	pub plan: PlanId,
	/// The plan version it was decided under.
	pub plan_version: u32,
	/// The provider organisation, which is paid.
	pub provider: OrgId,
	/// The practitioner who submitted it.
	pub submitted_by: AccountId,
	/// Date of service (block time, ms).
	pub date_of_service: Moment,
	/// When it was submitted.
	pub submitted_at: Moment,
	/// The lines as submitted.
	pub lines: BoundedVec<ClaimLine<Balance>, MaxLines>,
	/// Their adjudication.
	pub results: BoundedVec<LineResult<Balance>, MaxLines>,
	/// Each line's prior authorisation drawn and whether it was paid, in line order.
	pub line_states: BoundedVec<LineState, MaxLines>,
	/// The anchored records that evidence it.
	pub evidence: BoundedVec<RecordId, MaxEvidence>,
	/// The outcome.
	pub outcome: Outcome,
	/// Where its payment stands.
	pub payment: Payment,
	/// What the pool paid the provider so far.
	pub paid: Balance,
	/// Every decision, first to last (rules, review, appeal, payment check).
	pub decisions: BoundedVec<Decision<Balance>, MaxDecisions>,
	/// Its appeal, if any (one per claim).
	pub appeal: Option<Appeal>,
}

value_enum! {
	/// Where a prior authorisation stands.
	pub enum AuthorisationStatus {
		/// Requested, not decided.
		Requested,
		/// Approved: claims may draw on its units until it expires.
		Approved,
		/// Denied.
		Denied,
	}
}

value_struct! {
	/// A prior authorisation (FHIR Claim with use = preauthorization, and its ClaimResponse).
	pub struct PriorAuthorisation {
		/// The patient.
		pub patient: PatientId,
		/// The plan.
		pub plan: PlanId,
		/// The requesting provider.
		pub provider: OrgId,
		/// The billing code.
		pub code: ServiceCode,
		/// Units requested.
		pub units_requested: u32,
		/// Units approved.
		pub units_approved: u32,
		/// Units claims already drew.
		pub units_used: u32,
		/// Until when it may be drawn on (date of service).
		pub expires_at: Moment,
		/// Where it stands.
		pub status: AuthorisationStatus,
	}
}

value_struct! {
	/// What became of one line of a claim beyond its adjudication.
	#[derive(Copy, Default)]
	pub struct LineState {
		/// The prior authorisation the line's pricing drew units from, if any: given back if the
		/// line is pended again.
		pub drew_on: Option<PriorAuthId>,
		/// Whether the line's benefit was paid: a paid line is past recall.
		pub paid: bool,
	}
}

/// Most claims indexed for one service (patient, provider, day of service, code). Another claim
/// of a service indexed this often is denied as a duplicate: it could not be compared with
/// the claims after it.
pub type MaxClaimsPerService = ConstU32<4>;

/// Most decisions kept on a claim: rules, review, appeal, review of what the appeal pended, and
/// for each of the last three a payment check and its review.
pub type MaxDecisions = ConstU32<8>;

/// A claim's place in its insurer's payment queue: a doubly linked list, so that the head is
/// read in O(1) and a claim leaves from anywhere in O(1).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct QueueEntry<Balance> {
	/// What the pool owes the claim's provider.
	pub owed: Balance,
	/// The claim ahead of it, if any.
	pub ahead: Option<ClaimId>,
	/// The claim behind it, if any.
	pub behind: Option<ClaimId>,
}

value_struct! {
	/// The first and last claims of an insurer's payment queue.
	#[derive(Copy)]
	pub struct QueueEndpoints {
		/// Paid next.
		pub first: ClaimId,
		/// Joined last.
		pub last: ClaimId,
	}
}

/// What a patient used of a plan in a plan year (units per code are kept apart, in
/// `UnitsUsed`, since a plan's codes may change between versions within a year).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct Accumulator<Balance> {
	/// Deductible met.
	pub deductible_met: Balance,
	/// Out of pocket spent (deductible, co-pays, co-insurance).
	pub out_of_pocket: Balance,
	/// Benefit paid.
	pub benefit_used: Balance,
}

value_enum! {
	/// Whose claims a list names: a patient's (their wallet), a provider's (its billing desk) or
	/// an insurer's (its portal; the claims on its plans).
	pub enum ClaimParty {
		/// The patient's claims.
		Patient(PatientId),
		/// The claims a provider organisation submitted.
		Provider(OrgId),
		/// The claims on an insurer's plans.
		Insurer(OrgId),
	}
}
