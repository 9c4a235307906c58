//! The arithmetic of a line's adjudication, as auto-adjudication engines price a line once it
//! passed the claim-level edits: unit limits, then the price cap, then the deductible, then the
//! co-pay and co-insurance, then the annual maximums. Pure functions over plain numbers, so that
//! the property tests can run them on arbitrary inputs.
//!
//! Every amount that is not paid is an adjustment with a group and a reason, so that
//! `benefit + sum(adjustments) == submitted` for every line.

use crate::types::{
	Adjustment, Group, LineDecision, LineResult, MaxAdjustments, Reason, ServiceCode,
};
use frame_support::BoundedVec;
use sp_runtime::{
	traits::{AtLeast32BitUnsigned, Zero},
	Permill,
};

/// What the plan and the patient's year so far allow for one line.
#[derive(Clone, Debug)]
pub struct Allowance<Balance> {
	/// The most the plan allows per unit.
	pub unit_price_cap: Balance,
	/// Units the patient may still use this plan year.
	pub units_left: u32,
	/// Units the prior authorisation still covers, if the service needs one.
	pub authorised_units: Option<u32>,
	/// Deductible not met yet.
	pub deductible_left: Balance,
	/// Out-of-pocket room left.
	pub out_of_pocket_left: Balance,
	/// Benefit room left.
	pub benefit_left: Balance,
	/// Co-pay per line.
	pub copay: Balance,
	/// Co-insurance.
	pub coinsurance: Permill,
}

/// Builds a result in which `adjustments` add up to `submitted` less `benefit`.
fn result<Balance: AtLeast32BitUnsigned + Copy>(
	code: ServiceCode,
	units: u32,
	submitted: Balance,
	decision: LineDecision,
	cause: Option<Reason>,
	adjustments: &[(Group, Reason, Balance)],
) -> LineResult<Balance> {
	// At most seven adjustments are ever made, within `MaxAdjustments`: nothing is cut.
	let adjustments: BoundedVec<_, MaxAdjustments> = BoundedVec::truncate_from(
		adjustments
			.iter()
			.filter(|(_, _, amount)| !amount.is_zero())
			.map(|(group, reason, amount)| Adjustment {
				group: *group,
				reason: *reason,
				amount: *amount,
			})
			.collect(),
	);
	LineResult {
		code,
		units,
		allowed_units: 0,
		submitted,
		eligible: Zero::zero(),
		deductible: Zero::zero(),
		copay: Zero::zero(),
		coinsurance: Zero::zero(),
		benefit: Zero::zero(),
		adjustments,
		decision,
		cause,
	}
}

/// A line denied whole for `reason` (group CO: the provider bears it).
pub fn deny<Balance: AtLeast32BitUnsigned + Copy>(
	code: ServiceCode,
	units: u32,
	submitted: Balance,
	reason: Reason,
) -> LineResult<Balance> {
	result(
		code,
		units,
		submitted,
		LineDecision::Denied,
		Some(reason),
		&[(Group::CO, reason, submitted)],
	)
}

/// A line pended for review (group OA, reason 133) because of `cause`.
pub fn pend<Balance: AtLeast32BitUnsigned + Copy>(
	code: ServiceCode,
	units: u32,
	submitted: Balance,
	cause: Reason,
) -> LineResult<Balance> {
	result(
		code,
		units,
		submitted,
		LineDecision::Pended,
		Some(cause),
		&[(Group::OA, Reason::PendingReview, submitted)],
	)
}

/// `amount * part / whole`, rounded down, without overflow (`whole` > 0, `part` <= `whole`).
fn share<Balance: AtLeast32BitUnsigned + Copy>(amount: Balance, part: u32, whole: u32) -> Balance {
	let whole_b = Balance::from(whole);
	let part_b = Balance::from(part);
	// (amount / whole) * part + (amount % whole) * part / whole: no intermediate exceeds amount,
	// so the saturating operations are exact; a `whole` of zero shares out nothing.
	let (Some(quotient), Some(remainder)) =
		(amount.checked_div(&whole_b), amount.checked_rem(&whole_b))
	else {
		return Balance::zero();
	};
	let remainder_share =
		remainder.saturating_mul(part_b).checked_div(&whole_b).unwrap_or_else(Balance::zero);
	quotient.saturating_mul(part_b).saturating_add(remainder_share)
}

/// Prices a covered line of `units` units charged `submitted` under `allowance`.
pub fn price<Balance: AtLeast32BitUnsigned + Copy>(
	code: ServiceCode,
	units: u32,
	submitted: Balance,
	allowance: &Allowance<Balance>,
) -> LineResult<Balance> {
	if units == 0 {
		return deny(code, units, submitted, Reason::NotCovered);
	}
	// Unit limits: the yearly limit (CO-119), then the prior authorisation (CO-197).
	let within_year = units.min(allowance.units_left);
	let allowed_units = match allowance.authorised_units {
		Some(authorised) => within_year.min(authorised),
		None => within_year,
	};
	let after_year = share(submitted, within_year, units);
	let after_units = share(submitted, allowed_units, units);
	let over_year = submitted.saturating_sub(after_year);
	let over_authorisation = after_year.saturating_sub(after_units);
	// Price cap (CO-45).
	let cap = allowance.unit_price_cap.saturating_mul(Balance::from(allowed_units));
	let eligible = after_units.min(cap);
	let over_cap = after_units.saturating_sub(eligible);
	// Deductible, co-pay, co-insurance.
	let mut deductible = eligible.min(allowance.deductible_left);
	let after_deductible = eligible.saturating_sub(deductible);
	let mut copay = after_deductible.min(allowance.copay);
	let after_copay = after_deductible.saturating_sub(copay);
	let mut coinsurance = allowance.coinsurance.mul_floor(after_copay);
	let mut benefit = after_copay.saturating_sub(coinsurance);
	// The out-of-pocket maximum: the plan pays what the patient would pay beyond it.
	let patient = deductible.saturating_add(copay).saturating_add(coinsurance);
	let mut excess = patient.saturating_sub(allowance.out_of_pocket_left);
	for part in [&mut coinsurance, &mut copay, &mut deductible] {
		let relief = excess.min(*part);
		*part = part.saturating_sub(relief);
		excess = excess.saturating_sub(relief);
		benefit = benefit.saturating_add(relief);
	}
	// The benefit maximum: what the plan would pay beyond it is the patient's (PR-119).
	let over_benefit = benefit.saturating_sub(allowance.benefit_left);
	benefit = benefit.saturating_sub(over_benefit);
	let (decision, cause) = if allowed_units == 0 {
		let cause = if within_year == 0 {
			Reason::BenefitMaximum
		} else {
			Reason::PriorAuthorisationAbsent
		};
		(LineDecision::Denied, Some(cause))
	} else {
		(LineDecision::Approved, None)
	};
	let mut line = result(
		code,
		units,
		submitted,
		decision,
		cause,
		&[
			(Group::CO, Reason::BenefitMaximum, over_year),
			(Group::CO, Reason::PriorAuthorisationAbsent, over_authorisation),
			(Group::CO, Reason::ExceedsPriceCap, over_cap),
			(Group::PR, Reason::Deductible, deductible),
			(Group::PR, Reason::Copay, copay),
			(Group::PR, Reason::Coinsurance, coinsurance),
			(Group::PR, Reason::BenefitMaximum, over_benefit),
		],
	);
	line.allowed_units = allowed_units;
	line.eligible = eligible;
	line.deductible = deductible;
	line.copay = copay;
	line.coinsurance = coinsurance;
	line.benefit = benefit;
	line
}

/// What the patient owes for a line: its PR adjustments.
pub fn patient_share<Balance: AtLeast32BitUnsigned + Copy>(line: &LineResult<Balance>) -> Balance {
	line.adjustments
		.iter()
		.filter(|a| a.group == Group::PR)
		.fold(Zero::zero(), |sum: Balance, a| sum.saturating_add(a.amount))
}

/// Whether a line balances: `benefit + sum(adjustments) == submitted`.
pub fn balances<Balance: AtLeast32BitUnsigned + Copy>(line: &LineResult<Balance>) -> bool {
	let adjusted =
		line.adjustments.iter().try_fold(Balance::zero(), |sum, a| sum.checked_add(&a.amount));
	adjusted.and_then(|a| a.checked_add(&line.benefit)) == Some(line.submitted)
}
