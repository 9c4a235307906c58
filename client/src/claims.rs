//! Claims: a plan defined from a file, patients enrolled, the insurer's pool funded, prior
//! authorisations requested and decided, claims submitted and adjudicated in the same
//! transaction, pended lines reviewed, appeals filed and decided, claims listed with their
//! remittance.
//!
//! Billing codes never reach the chain in clear: each is a token under the plan's billing key
//! (`caduceus_primitives::billing_codes`), which the insurer draws and gives the providers it
//! pays, off chain.

use crate::{
	runtime::{self, runtime_types::pallet_claims::types as chain},
	BoundedVec, Chain, Error,
};
use caduceus_primitives::{
	billing_codes::{code_token, BillingKey},
	DAY_MS,
};
use serde::Deserialize;
use subxt::utils::H256;
use subxt_signer::sr25519::Keypair;

/// The chain's token has 12 decimals: 1 CAD is 10^12 of its smallest unit.
pub const UNIT: u128 = 1_000_000_000_000;

/// An amount in CAD as written (`150`, `12.5`, `"0.000001"`), in the smallest unit.
pub fn parse_amount(text: &str) -> Result<u128, Error> {
	let bad = || Error::Input(format!("`{text}` is not an amount in CAD"));
	let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
	let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
	if fraction.len() > 12
		|| whole.is_empty() && fraction.is_empty()
		|| !digits(whole)
		|| !digits(fraction)
	{
		return Err(bad());
	}
	let whole: u128 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
	let fraction: u128 = if fraction.is_empty() {
		0
	} else {
		format!("{fraction:0<12}").parse().map_err(|_| bad())?
	};
	whole.checked_mul(UNIT).and_then(|w| w.checked_add(fraction)).ok_or_else(bad)
}

/// An amount in the smallest unit, in CAD as a person reads it.
pub fn show_amount(amount: u128) -> String {
	let (whole, fraction) = (amount / UNIT, amount % UNIT);
	if fraction == 0 {
		return whole.to_string();
	}
	format!("{whole}.{}", format!("{fraction:012}").trim_end_matches('0'))
}

/// An amount as a plan file writes it: a number or a string of CAD.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Amount {
	/// `150`, `12.5`.
	Number(serde_json::Number),
	/// `"12.50"`.
	Text(String),
}

impl Amount {
	fn value(&self) -> Result<u128, Error> {
		match self {
			Amount::Number(n) => parse_amount(&n.to_string()),
			Amount::Text(t) => parse_amount(t),
		}
	}
}

/// A covered service in a plan file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
	/// The billing code in clear (`99213`, an NDC): tokenised before it leaves this machine.
	pub code: String,
	/// The most the plan allows per unit.
	pub unit_price_cap: Amount,
	/// Units covered per plan year.
	pub units_per_year: u32,
	#[serde(default)]
	pub needs_prior_authorisation: bool,
	#[serde(default)]
	pub pharmacy: bool,
	#[serde(default)]
	pub needs_evidence: bool,
}

/// A plan as a JSON file describes it (FHIR InsurancePlan's cost-sharing, simplified).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
	pub services: Vec<ServiceFile>,
	pub deductible: Amount,
	/// The patient's share after the deductible and co-pay, in percent.
	pub coinsurance_percent: u32,
	pub copay: Amount,
	pub out_of_pocket_max: Amount,
	pub benefit_max: Amount,
	/// How many days after the date of service a claim may be filed.
	pub filing_window_days: u64,
	#[serde(default)]
	pub pharmacy_needs_unit: bool,
}

impl PlanFile {
	/// The plan's terms as the chain takes them, codes as tokens under `key`.
	pub fn terms(&self, key: &BillingKey) -> Result<chain::PlanTerms<u128>, Error> {
		if self.coinsurance_percent > 100 {
			return Err(Error::Input("coinsurance_percent is at most 100".into()));
		}
		let services = self
			.services
			.iter()
			.map(|s| {
				Ok(chain::CoveredService {
					code: BoundedVec(code_token(key, s.code.as_bytes()).to_vec()),
					unit_price_cap: s.unit_price_cap.value()?,
					units_per_year: s.units_per_year,
					needs_prior_authorisation: s.needs_prior_authorisation,
					pharmacy: s.pharmacy,
					needs_evidence: s.needs_evidence,
				})
			})
			.collect::<Result<Vec<_>, Error>>()?;
		Ok(chain::PlanTerms {
			services: BoundedVec(services),
			deductible: self.deductible.value()?,
			coinsurance: runtime::runtime_types::sp_arithmetic::per_things::Permill(
				self.coinsurance_percent * 10_000,
			),
			copay: self.copay.value()?,
			out_of_pocket_max: self.out_of_pocket_max.value()?,
			benefit_max: self.benefit_max.value()?,
			filing_window: self.filing_window_days.saturating_mul(DAY_MS),
			pharmacy_needs_unit: self.pharmacy_needs_unit,
		})
	}
}

/// Defines a plan (signed by the insurer's admin or a claims officer), adjudicated in the name
/// of claims officer `adjudicator`. The plan's id.
pub async fn define_plan(
	chain: &Chain,
	signer: &Keypair,
	plan: &PlanFile,
	key: &BillingKey,
	adjudicator: crate::AccountId,
) -> Result<u32, Error> {
	let call = runtime::tx().claims().define_plan(plan.terms(key)?, adjudicator);
	let done = chain.submit(&call, signer).await?;
	Ok(done.event::<runtime::claims::events::PlanDefined>()?.plan)
}

/// Enrols `patient` in `plan` for `days` from now (signed by the plan's insurer).
pub async fn enrol(
	chain: &Chain,
	signer: &Keypair,
	plan: u32,
	patient: u64,
	days: u64,
) -> Result<(), Error> {
	let start = chain.now().await?;
	let coverage =
		chain::Coverage { start, end: start.saturating_add(days.saturating_mul(DAY_MS)) };
	chain.submit(&runtime::tx().claims().enrol(plan, patient, coverage), signer).await.map(|_| ())
}

/// Funds the signer's insurer's pool with `amount`; waiting claims are paid from it at once.
pub async fn fund(chain: &Chain, signer: &Keypair, amount: u128) -> Result<(), Error> {
	chain.submit(&runtime::tx().claims().fund_pool(amount), signer).await.map(|_| ())
}

/// A claim line as typed: a code in clear, units, the amount charged, the anchored record it
/// cites as evidence and the prior authorisation it draws on.
#[derive(Clone, Debug)]
pub struct Line {
	pub code: String,
	pub units: u32,
	pub charged: u128,
	pub evidence: Option<u64>,
	pub prior_authorisation: Option<u64>,
}

fn lines(lines: &[Line], key: &BillingKey) -> Vec<chain::ClaimLine<u128>> {
	lines
		.iter()
		.map(|l| chain::ClaimLine {
			code: BoundedVec(code_token(key, l.code.as_bytes()).to_vec()),
			units: l.units,
			charged: l.charged,
			prior_authorisation: l.prior_authorisation,
			drug_unit: None,
			evidence: l.evidence,
		})
		.collect()
}

/// What adjudication decided, in the submitting transaction.
#[derive(Debug)]
pub struct Adjudicated {
	/// The claim's id.
	pub claim: u64,
	/// Paid, denied, partly paid...
	pub outcome: String,
	/// What the plan pays.
	pub benefit: u128,
	/// What the patient owes.
	pub patient_responsibility: u128,
}

/// Submits a claim for `patient` under `plan`, served today, signed by a practitioner of the
/// provider; it is adjudicated at once.
pub async fn submit(
	chain: &Chain,
	signer: &Keypair,
	patient: u64,
	plan: u32,
	claim_lines: &[Line],
	key: &BillingKey,
) -> Result<Adjudicated, Error> {
	let date_of_service = chain.now().await?;
	let call = runtime::tx().claims().submit_claim(
		patient,
		plan,
		date_of_service,
		BoundedVec(lines(claim_lines, key)),
		BoundedVec(Vec::new()),
	);
	let done = chain.submit(&call, signer).await?;
	adjudicated(&done.event::<runtime::claims::events::ClaimAdjudicated>()?)
}

fn adjudicated(decided: &runtime::claims::events::ClaimAdjudicated) -> Result<Adjudicated, Error> {
	Ok(Adjudicated {
		claim: decided.claim,
		outcome: format!("{:?}", decided.outcome),
		benefit: decided.benefit,
		patient_responsibility: decided.patient_responsibility,
	})
}

/// The remittance a decision changed, if it changed one (an upheld appeal changes none).
fn readjudicated(done: &crate::chain::Submitted) -> Result<Option<Adjudicated>, Error> {
	match done.events.find_first::<runtime::claims::events::ClaimAdjudicated>() {
		Some(decided) => adjudicated(&decided.map_err(crate::error::other)?).map(Some),
		None => Ok(None),
	}
}

/// The plan's insurer (its admin or a claims officer) approves (`true`) or denies the pended
/// lines of claim `claim`: approved, they are priced and paid as any other. The new remittance.
pub async fn review(
	chain: &Chain,
	signer: &Keypair,
	claim: u64,
	approve: bool,
) -> Result<Adjudicated, Error> {
	let done = chain.submit(&runtime::tx().claims().review_claim(claim, approve), signer).await?;
	adjudicated(&done.event::<runtime::claims::events::ClaimAdjudicated>()?)
}

/// The plan's insurer decides the appeal of claim `claim`: overturned (`true`), the denied
/// lines are adjudicated again without the administrative edits; upheld, the remittance stands.
/// Whether the chain recorded it overturned, and the new remittance if there is one.
pub async fn decide_appeal(
	chain: &Chain,
	signer: &Keypair,
	claim: u64,
	overturn: bool,
) -> Result<(bool, Option<Adjudicated>), Error> {
	let call = runtime::tx().claims().decide_appeal(claim, overturn);
	let done = chain.submit(&call, signer).await?;
	let decided = done.event::<runtime::claims::events::AppealDecided>()?;
	Ok((decided.overturned, readjudicated(&done)?))
}

/// Asks `plan`'s insurer to authorise `units` of `code` for `patient` in advance (signed by a
/// practitioner of the provider). The authorisation's id, which claim lines then cite.
pub async fn request_prior_authorisation(
	chain: &Chain,
	signer: &Keypair,
	patient: u64,
	plan: u32,
	code: &str,
	units: u32,
	key: &BillingKey,
) -> Result<u64, Error> {
	let token = BoundedVec(code_token(key, code.as_bytes()).to_vec());
	let call = runtime::tx().claims().request_prior_authorisation(patient, plan, token, units);
	let done = chain.submit(&call, signer).await?;
	Ok(done.event::<runtime::claims::events::PriorAuthorisationRequested>()?.authorisation)
}

/// The plan's insurer approves `units` of a requested authorisation for services until `days`
/// from now, or denies it (`units` = `None`). Its status as the chain names it.
pub async fn decide_prior_authorisation(
	chain: &Chain,
	signer: &Keypair,
	authorisation: u64,
	units: Option<u32>,
	days: u64,
) -> Result<String, Error> {
	let expires_at = chain.now().await?.saturating_add(days.saturating_mul(DAY_MS));
	let call = runtime::tx().claims().decide_prior_authorisation(authorisation, units, expires_at);
	let done = chain.submit(&call, signer).await?;
	let decided = done.event::<runtime::claims::events::PriorAuthorisationDecided>()?;
	Ok(format!("{:?}", decided.status))
}

/// Appeals claim `claim`, citing the salted hash of the appeal's evidence.
pub async fn appeal(
	chain: &Chain,
	signer: &Keypair,
	claim: u64,
	evidence: H256,
) -> Result<(), Error> {
	chain.submit(&runtime::tx().claims().appeal(claim, evidence), signer).await.map(|_| ())
}

/// Who a list of claims is for.
pub use chain::ClaimParty as Party;

/// A party's claims, newest first, with their remittance.
pub async fn claims_of(
	chain: &Chain,
	party: Party,
	start_after: Option<u64>,
	limit: u32,
) -> Result<Vec<(u64, chain::Claim<crate::AccountId, u128>)>, Error> {
	let page = runtime::view_functions().claims().claims_of(party, start_after, limit);
	chain.view(page).await?.map_err(|e| Error::Query(format!("{e:?}")))
}

/// What a claim would pay if `submitter` submitted it now, without submitting it.
pub async fn estimate(
	chain: &Chain,
	submitter: crate::AccountId,
	patient: u64,
	plan: u32,
	claim_lines: &[Line],
	key: &BillingKey,
) -> Result<Vec<chain::LineResult<u128>>, Error> {
	let now = chain.now().await?;
	let question = runtime::runtime_apis().claims_api().estimate(
		submitter,
		patient,
		plan,
		now,
		lines(claim_lines, key),
	);
	chain.runtime_api(question).await?.map_err(|e| Error::Query(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_are_read_and_shown_in_cad() {
		assert_eq!(parse_amount("150").unwrap(), 150 * UNIT);
		assert_eq!(parse_amount("12.5").unwrap(), 12 * UNIT + UNIT / 2);
		assert_eq!(parse_amount("0.000000000001").unwrap(), 1);
		assert!(parse_amount("0.0000000000001").is_err(), "below the smallest unit");
		assert!(parse_amount("-3").is_err() && parse_amount("ten").is_err());
		assert!(
			parse_amount("+3").is_err() && parse_amount("1.+5").is_err(),
			"signs are no digits"
		);
		assert_eq!(show_amount(12 * UNIT + UNIT / 2), "12.5");
		assert_eq!(show_amount(150 * UNIT), "150");
	}
}
