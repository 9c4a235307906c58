//! Property test over whole claim life cycles: random sequences of plan changes, enrolments,
//! submissions, reviews, appeals and their decisions, prior authorisations, pool funding,
//! withdrawals and payments, by random parties, while pharmacies dispense units and time passes.
//! After every step:
//!
//! - every invariant of `try_state`: every line balances (`benefit + Σ adjustments =
//!   submitted`), accumulators and units used equal the sums of the claims they came from, no
//!   drug unit is approved on two lines, each billed unit is held by a standing line and counted
//!   against its provider, no service (patient, provider, day, code) is approved
//!   twice with the same units and charge or twice without a claims officer's review, the
//!   queue and the pool records are right;
//! - money: what providers were paid never exceeds what was funded less what was withdrawn,
//!   and the pool holds exactly the difference.
//!
//! The cases are seeded, so a failure names the seed and step that reproduce it. CI runs
//! `CADUCEUS_PROPERTY_CASES` cases (2,000 by default); `scripts/property.sh` runs more.

use crate::{mock::*, *};
use caduceus_primitives::{
	doubles::{TestConsent, TestProducts, TestRegistry},
	AccessGround, OrgKind, OrgStatus, Role, Standing, DAY_MS,
};
use frame_support::traits::fungible::Inspect;
use sp_core::H256;
use sp_runtime::{AccountId32, Permill};

type Rng = caduceus_primitives::doubles::Xorshift;

/// The cast: everyone who may (or may not) act on claims.
fn cast() -> Vec<AccountId32> {
	vec![
		admin(INSURER),
		officer(),
		other_officer(),
		admin(HOSPITAL),
		physician(),
		nurse(),
		admin(PHARMACY),
		pharmacist(),
		patient(),
		stranger(),
	]
}

fn nurse() -> AccountId32 {
	AccountId32::new([18; 32])
}

/// Codes the generator bills: covered, uncovered, under prior authorisation, pharmacy.
const CODES: [&str; 5] = ["99213", "70551", "00031234567", "99999", "97110"];

/// Random plan terms over [`CODES`] (some left out).
fn random_terms(rng: &mut Rng) -> PlanTermsOf<Test> {
	let mut services = Vec::new();
	for (i, c) in CODES.iter().enumerate() {
		if i > 0 && rng.chance(20) {
			continue;
		}
		services.push(CoveredService {
			code: code(c),
			unit_price_cap: u128::from(rng.pick(&[50u64, 100, 800])),
			units_per_year: rng.pick(&[1u32, 2, 4, 30]),
			needs_prior_authorisation: *c == "70551" || rng.chance(10),
			pharmacy: *c == "00031234567",
			needs_evidence: rng.chance(15),
		});
	}
	services.truncate(4);
	PlanTermsOf::<Test> {
		services: services.try_into().unwrap(),
		deductible: u128::from(rng.pick(&[0u64, 50, 200])),
		coinsurance: Permill::from_percent(rng.pick(&[0u32, 20, 50])),
		copay: u128::from(rng.pick(&[0u64, 10, 20])),
		out_of_pocket_max: u128::from(rng.pick(&[100u64, 1_000])),
		benefit_max: u128::from(rng.pick(&[500u64, 5_000])),
		filing_window: rng.pick(&[DAY_MS, 90 * DAY_MS]),
		pharmacy_needs_unit: rng.chance(80),
	}
}

/// A random line: a code, 1-3 units, a charge from a small set (so that exact duplicates
/// happen), maybe a prior authorisation, a drug unit and evidence.
fn random_line(rng: &mut Rng) -> ClaimLineOf<Test> {
	let c = rng.pick(&CODES);
	ClaimLine {
		code: code(c),
		units: 1 + rng.below(3) as u32,
		charged: u128::from(rng.pick(&[40u64, 100, 150, 900])),
		prior_authorisation: rng.chance(30).then(|| rng.below(4)),
		drug_unit: (c == "00031234567" || rng.chance(5)).then(|| unit(rng.below(5) as DrugUnit)),
		evidence: rng.chance(40).then_some(1),
	}
}

/// What the test tracks of the money.
#[derive(Default)]
struct Ledger {
	funded: u128,
	withdrawn: u128,
}

/// One random step; errors are part of the exploration (a failed call changes nothing).
fn step(rng: &mut Rng, ledger: &mut Ledger) {
	let who = rng.pick(&cast());
	let origin = RuntimeOrigin::signed(who.clone());
	let claims = NextClaimId::<Test>::get().max(1);
	match rng.below(16) {
		0 => {
			let _ = Claims::amend_plan(origin, 0, random_terms(rng), None);
		},
		1 => {
			let start = START - rng.below(60) * DAY_MS;
			let end = start + rng.pick(&[10 * DAY_MS, 365 * DAY_MS]);
			let patient = rng.pick(&[PATIENT, OTHER_PATIENT]);
			let _ = Claims::enrol(origin, 0, patient, Coverage { start, end });
		},
		2..=5 => {
			let lines: Vec<_> = (0..1 + rng.below(4)).map(|_| random_line(rng)).collect();
			let date = Timestamp::get().saturating_sub(rng.below(5) * DAY_MS);
			let patient = rng.pick(&[PATIENT, PATIENT, OTHER_PATIENT]);
			let evidence = if rng.chance(30) { vec![1] } else { vec![] };
			let _ = Claims::submit_claim(
				origin,
				patient,
				0,
				date,
				lines.try_into().unwrap(),
				evidence.try_into().unwrap(),
			);
		},
		6 => {
			let _ = Claims::review_claim(origin, rng.below(claims), rng.chance(60));
		},
		7 => {
			let _ = Claims::appeal(origin, rng.below(claims), H256::repeat_byte(1));
		},
		8 => {
			let _ = Claims::decide_appeal(origin, rng.below(claims), rng.chance(60));
		},
		9 => {
			let c = rng.pick(&CODES);
			let patient = rng.pick(&[PATIENT, OTHER_PATIENT]);
			let _ = Claims::request_prior_authorisation(origin, patient, 0, code(c), 2);
		},
		10 => {
			let id = rng.below(NextPriorAuthId::<Test>::get().max(1));
			let units = rng.chance(70).then(|| 1 + rng.below(3) as u32);
			let expires = Timestamp::get() + rng.pick(&[0, DAY_MS, 30 * DAY_MS]);
			let _ = Claims::decide_prior_authorisation(origin, id, units, expires);
		},
		11 => {
			let amount = u128::from(rng.pick(&[0u64, 30, 100, 1_000]));
			if Claims::fund_pool(origin, amount).is_ok() {
				ledger.funded += amount;
			}
		},
		12 => {
			let amount = u128::from(rng.pick(&[1u64, 20, 200]));
			if Claims::withdraw_pool(origin, amount).is_ok() {
				ledger.withdrawn += amount;
			}
		},
		13 => {
			let _ = Claims::pay_claim(origin, rng.below(claims));
		},
		14 => {
			// The supply chain: the pharmacy, or another, dispenses a unit.
			TestProducts::dispense(rng.pick(&[PHARMACY, 9]), 1);
		},
		_ => {
			// Time passes; a practitioner's attestation may lapse or come back.
			advance(rng.pick(&[1_000, DAY_MS]));
			let standing =
				rng.pick(&[Standing::Active, Standing::Active, Standing::AttestationLapsed]);
			TestRegistry::set_practitioner(&physician(), HOSPITAL, Role::Physician, standing);
		},
	}
}

/// The world every case starts from: the plan, the patient covered and consenting, three units
/// dispensed by the pharmacy (one by another pharmacy), evidence anchored.
fn setup(rng: &mut Rng) {
	assert!(Claims::define_plan(
		RuntimeOrigin::signed(admin(INSURER)),
		random_terms(rng),
		officer()
	)
	.is_ok());
	let coverage = Coverage { start: START - 60 * DAY_MS, end: START + 365 * DAY_MS };
	assert!(Claims::enrol(RuntimeOrigin::signed(officer()), 0, PATIENT, coverage).is_ok());
	TestConsent::permit(OTHER_PATIENT, &officer(), AccessGround::Consent(4));
	TestConsent::treating(OTHER_PATIENT, HOSPITAL, 0, u64::MAX);
	TestRegistry::set_practitioner(&nurse(), HOSPITAL, Role::Nurse, Standing::Active);
	TestRegistry::set_organisation(9, OrgKind::Pharmacy, OrgStatus::Active);
	dispensed(3);
	TestProducts::dispense(9, 1);
	anchored(1, PATIENT);
}

/// The money invariant: paid out never exceeds what came in, and the pool holds the rest.
fn check_money(ledger: &Ledger) -> Result<(), &'static str> {
	let paid: u128 = Filed::<Test>::iter_values().map(|claim| claim.paid).sum();
	let balance = ledger.funded - ledger.withdrawn;
	if paid > balance {
		return Err("providers were paid more than the pool was funded");
	}
	if Claims::pool_balance(INSURER) != balance - paid {
		return Err("the pool does not hold what was funded less what was paid and withdrawn");
	}
	Ok(())
}

/// Runs `cases` seeded life cycles of `steps` steps each.
pub fn run_cases(cases: u64, steps: u32) {
	for case in 0..cases {
		let seed = 0xC1A1_5EED ^ case.wrapping_mul(0x9E37_79B9_7F4A_7C15);
		let mut rng = caduceus_primitives::doubles::Xorshift(seed | 1);
		new_test_ext().execute_with(|| {
			let mut ledger = Ledger::default();
			setup(&mut rng);
			for n in 0..steps {
				step(&mut rng, &mut ledger);
				if let Err(e) = Claims::do_try_state() {
					panic!("case {case} (seed {seed:#x}) step {n}: {e:?}");
				}
				if let Err(e) = check_money(&ledger) {
					panic!("case {case} (seed {seed:#x}) step {n}: {e}");
				}
			}
			// Nothing a case did minted or burned money outside the pool and the payees.
			let total: u128 = [INSURER, OTHER_INSURER, HOSPITAL, PHARMACY]
				.into_iter()
				.map(|org| Balances::total_balance(&admin(org)))
				.sum::<u128>()
				+ Balances::total_balance(&Claims::pool_account(INSURER));
			assert_eq!(total, 4_000_000, "case {case}: money appeared or vanished");
		});
	}
}

#[test]
fn claims_never_pay_twice_or_beyond_the_pool_over_random_life_cycles() {
	let cases =
		std::env::var("CADUCEUS_PROPERTY_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2_000);
	run_cases(cases, 40);
}
