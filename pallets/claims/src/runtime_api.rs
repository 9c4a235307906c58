//! The runtime API: estimates (predetermination), claims with their remittance, plans,
//! coverage, accumulators, prior authorisations and pools, over JSON-RPC without a transaction.

use crate::{ClaimId, Coverage, Plan, PlanId, PlanYear, PriorAuthId, PriorAuthorisation};
use alloc::vec::Vec;
use caduceus_primitives::{Moment, OrgId, PatientId};
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Claims. `ClaimLine`, `LineResult`, `Claim`, `PlanTerms`, `Accumulator` and `Balance` are
	/// the runtime's `ClaimLineOf`, `LineResultOf`, `ClaimOf`, `PlanTermsOf`, `AccumulatorOf`
	/// and balance types; `Error` the pallet's error.
	///
	/// Version 2: a claim line names its drug unit by its token under the plan's key
	/// (`ClaimLine.drug_unit: Option<UnitToken>`), no longer by the supply chain's product
	/// identifier.
	#[api_version(2)]
	pub trait ClaimsApi<AccountId, ClaimLine, LineResult, Claim, PlanTerms, Accumulator, Balance, Error>
	where
		AccountId: Codec,
		ClaimLine: Codec,
		LineResult: Codec,
		Claim: Codec,
		PlanTerms: Codec,
		Accumulator: Codec,
		Balance: Codec,
		Error: Codec,
	{
		/// What a claim by `submitter` would pay and what the patient would owe, line by line,
		/// if submitted now: the same adjudication, nothing written.
		fn estimate(
			submitter: AccountId,
			patient: PatientId,
			plan: PlanId,
			date_of_service: Moment,
			lines: Vec<ClaimLine>,
		) -> Result<Vec<LineResult>, Error>;

		/// A claim: its lines, their adjudication (the remittance), its decisions and payment.
		fn claim(claim: ClaimId) -> Option<Claim>;

		/// A plan and the terms of `version` (the current one if `None`).
		fn plan(plan: PlanId, version: Option<u32>) -> Option<(Plan<AccountId>, PlanTerms)>;

		/// A patient's coverage by a plan.
		fn coverage(patient: PatientId, plan: PlanId) -> Option<Coverage>;

		/// What a patient used of a plan in a plan year.
		fn accumulator(patient: PatientId, plan: PlanId, year: PlanYear) -> Accumulator;

		/// A prior authorisation.
		fn prior_authorisation(authorisation: PriorAuthId) -> Option<PriorAuthorisation>;

		/// What an insurer's pool holds.
		fn pool(insurer: OrgId) -> Balance;
	}
}
