//! What insurers, providers and patients see: every adjudication rule, every call's success and
//! errors, payment from the pool, review, appeal, prior authorisation, estimates; and property
//! tests of the line arithmetic.

use crate::{mock::*, *};
use caduceus_primitives::{
	doubles::{TestConsent, TestRegistry},
	AccessDenial, OrgKind, OrgStatus, Role, Standing, UnitStatus, DAY_MS,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_core::H256;
use sp_runtime::{AccountId32, Permill};

type Error = crate::Error<Test>;
type Event = crate::Event<Test>;

fn signed(who: &AccountId32) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

fn by(org: OrgId) -> RuntimeOrigin {
	signed(&admin(org))
}

fn lines(list: Vec<ClaimLineOf<Test>>) -> ClaimLinesOf<Test> {
	list.try_into().unwrap()
}

fn no_evidence() -> EvidenceOf<Test> {
	Default::default()
}

fn last_event() -> Event {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Claims(event) => Some(event),
			_ => None,
		})
		.next_back()
		.expect("an event of the pallet")
}

/// Plan 0 of the insurer, the patient enrolled from 30 days ago for a year, the pool funded with
/// 100,000.
fn covered() {
	assert_ok!(Claims::define_plan(by(INSURER), terms(), officer()));
	let coverage = Coverage { start: START - 30 * DAY_MS, end: START + 365 * DAY_MS };
	assert_ok!(Claims::enrol(signed(&officer()), 0, PATIENT, coverage));
	assert_ok!(Claims::fund_pool(by(INSURER), 100_000));
}

/// The physician claims `list` for the patient, served yesterday; the claim.
fn claim(list: Vec<ClaimLineOf<Test>>) -> ClaimOf<Test> {
	claim_on(START - DAY_MS, list)
}

/// The physician claims `list` for the patient, served on `date` (another day of service is
/// no duplicate); the claim.
fn claim_on(date: u64, list: Vec<ClaimLineOf<Test>>) -> ClaimOf<Test> {
	assert_ok!(Claims::submit_claim(
		signed(&physician()),
		PATIENT,
		0,
		date,
		lines(list),
		no_evidence()
	));
	Filed::<Test>::get(NextClaimId::<Test>::get() - 1).unwrap()
}

fn adjustments(result: &LineResultOf<Test>) -> Vec<(Group, Reason, u128)> {
	result.adjustments.iter().map(|a| (a.group, a.reason, a.amount)).collect()
}

mod plans {
	use super::*;

	#[test]
	fn an_insurer_defines_and_amends_a_plan_without_changing_decided_claims() {
		run(|| {
			covered();
			assert_eq!(
				Plans::<Test>::get(0).unwrap(),
				Plan { insurer: INSURER, version: 1, adjudicator: officer() }
			);
			let decided = claim(vec![line("99213", 1, 100)]);
			let mut richer = terms();
			richer.deductible = 0;
			assert_ok!(Claims::amend_plan(signed(&officer()), 0, richer, None));
			assert_eq!(last_event(), Event::PlanAmended { plan: 0, version: 2 });
			assert_eq!(Plans::<Test>::get(0).unwrap().version, 2);
			assert_eq!(PlanVersions::<Test>::get(0, 1).unwrap(), terms());
			let stored = Filed::<Test>::get(0).unwrap();
			assert_eq!((stored.plan_version, stored.results.clone()), (1, decided.results));
			// A new claim is decided under version 2: no deductible.
			let later = claim(vec![line("99213", 1, 100)]);
			assert_eq!((later.plan_version, later.results[0].deductible), (2, 0));
		});
	}

	#[test]
	fn plans_are_defined_by_insurers_with_valid_terms() {
		run(|| {
			for who in [stranger(), physician(), admin(HOSPITAL)] {
				assert_noop!(
					Claims::define_plan(signed(&who), terms(), officer()),
					Error::NotAnInsurer
				);
			}
			assert_noop!(
				Claims::define_plan(by(INSURER), terms(), physician()),
				Error::NotAClaimsOfficer
			);
			assert_noop!(
				Claims::define_plan(by(INSURER), terms(), other_officer()),
				Error::NotAClaimsOfficer
			);
			let mut empty = terms();
			empty.services = Default::default();
			let mut twice = terms();
			twice.services[1].code = code("99213");
			let mut bad_code = terms();
			bad_code.services[0].code = code("99-13");
			let mut no_units = terms();
			no_units.services[0].units_per_year = 0;
			for bad in [empty, twice, bad_code, no_units] {
				assert_noop!(Claims::define_plan(by(INSURER), bad, officer()), Error::InvalidPlan);
			}
			assert_ok!(Claims::define_plan(by(INSURER), terms(), officer()));
			assert_eq!(
				last_event(),
				Event::PlanDefined { plan: 0, insurer: INSURER, adjudicator: officer() }
			);
			assert_noop!(Claims::amend_plan(by(INSURER), 9, terms(), None), Error::UnknownPlan);
			assert_noop!(
				Claims::amend_plan(by(OTHER_INSURER), 0, terms(), None),
				Error::NotYourPlan
			);
			let mut bad = terms();
			bad.services = Default::default();
			assert_noop!(Claims::amend_plan(by(INSURER), 0, bad, None), Error::InvalidPlan);
			TestRegistry::set_organisation(INSURER, OrgKind::Insurer, OrgStatus::Suspended);
			assert_noop!(Claims::amend_plan(by(INSURER), 0, terms(), None), Error::NotAnInsurer);
		});
	}

	#[test]
	fn the_insurer_enrols_patients() {
		run(|| {
			assert_ok!(Claims::define_plan(by(INSURER), terms(), officer()));
			let coverage = Coverage { start: START, end: START + DAY_MS };
			assert_ok!(Claims::enrol(by(INSURER), 0, PATIENT, coverage));
			assert_eq!(
				last_event(),
				Event::PatientEnrolled { plan: 0, patient: PATIENT, coverage }
			);
			assert_eq!(Coverages::<Test>::get(PATIENT, 0), Some(coverage));
			assert_noop!(Claims::enrol(by(INSURER), 9, PATIENT, coverage), Error::UnknownPlan);
			assert_noop!(
				Claims::enrol(by(OTHER_INSURER), 0, PATIENT, coverage),
				Error::NotYourPlan
			);
			assert_noop!(Claims::enrol(by(INSURER), 0, 77, coverage), Error::UnknownPatient);
			let backwards = Coverage { start: START, end: START };
			assert_noop!(Claims::enrol(by(INSURER), 0, PATIENT, backwards), Error::InvalidCoverage);
		});
	}
}

mod adjudication_rules {
	use super::*;

	#[test]
	fn an_approved_claim_is_paid_to_the_provider_in_the_same_block() {
		run(|| {
			covered();
			// Three visits at the cap, 300: the deductible takes 200; of the other 100, co-pay
			// 20, then co-insurance 20% of 80 = 16: the plan pays 64.
			let first = claim(vec![line("99213", 3, 300)]);
			assert_eq!(first.results[0].benefit, 64);
			assert_eq!(
				adjustments(&first.results[0]),
				vec![
					(Group::PR, Reason::Deductible, 200),
					(Group::PR, Reason::Copay, 20),
					(Group::PR, Reason::Coinsurance, 16),
				]
			);
			assert_eq!(
				(first.outcome, first.payment, first.paid),
				(Outcome::Approved, Payment::Paid, 64)
			);
			assert_eq!(Balances::balance(&admin(HOSPITAL)), 1_000_064);
			assert_eq!(Claims::pool_balance(INSURER), 100_000 - 64);
			let acc = Accumulators::<Test>::get((PATIENT, 0), plan_year(START - DAY_MS));
			assert_eq!((acc.deductible_met, acc.out_of_pocket, acc.benefit_used), (200, 236, 64));
			assert_eq!(
				UnitsUsed::<Test>::get(((PATIENT, 0), plan_year(START - DAY_MS)), code("99213")),
				3
			);
			assert!(System::events().iter().any(|e| matches!(
				e.event,
				RuntimeEvent::Claims(Event::ClaimPaid { claim: 0, provider: HOSPITAL, amount: 64 })
			)));
		});
	}

	#[test]
	fn claim_level_edits_deny_every_line_with_their_reason() {
		run(|| {
			covered();
			let denied_for = |reason: Reason| {
				let claimed = Filed::<Test>::get(NextClaimId::<Test>::get() - 1).unwrap();
				assert_eq!(claimed.outcome, Outcome::Denied);
				assert!(claimed.results.iter().all(|r| r.cause == Some(reason)), "{reason:?}");
				assert_eq!(adjustments(&claimed.results[0]), vec![(Group::CO, reason, 100)]);
			};
			let submit = |patient: PatientId, date: u64| {
				assert_ok!(Claims::submit_claim(
					signed(&physician()),
					patient,
					0,
					date,
					lines(vec![line("99213", 1, 100)]),
					no_evidence()
				));
			};
			submit(OTHER_PATIENT, START - DAY_MS);
			denied_for(Reason::NotInsured);
			submit(PATIENT, START - 31 * DAY_MS);
			denied_for(Reason::BeforeCoverage);
			advance(400 * DAY_MS);
			submit(PATIENT, START + 365 * DAY_MS);
			denied_for(Reason::AfterCoverage);
			submit(PATIENT, START);
			denied_for(Reason::TimelyFiling);
		});
	}

	#[test]
	fn without_consent_for_payment_or_a_provider_in_standing_nothing_is_paid() {
		run(|| {
			covered();
			TestConsent::deny(PATIENT, &officer(), AccessDenial::Revoked);
			assert_eq!(
				claim(vec![line("99213", 1, 100)]).results[0].cause,
				Some(Reason::LacksInformation)
			);
			TestConsent::permit(PATIENT, &officer(), caduceus_primitives::AccessGround::Consent(3));
			TestRegistry::set_practitioner(
				&physician(),
				HOSPITAL,
				Role::Physician,
				Standing::AttestationLapsed,
			);
			assert_eq!(
				claim(vec![line("99213", 1, 101)]).results[0].cause,
				Some(Reason::ProviderNotEligible)
			);
		});
	}

	#[test]
	fn an_exact_duplicate_is_denied_and_a_suspected_one_pended_for_review() {
		run(|| {
			covered();
			claim(vec![line("99213", 1, 100)]);
			let exact = claim(vec![line("99213", 1, 100)]);
			assert_eq!(exact.outcome, Outcome::Denied);
			assert_eq!(adjustments(&exact.results[0]), vec![(Group::CO, Reason::Duplicate, 100)]);
			let suspected = claim(vec![line("99213", 2, 180)]);
			assert_eq!(
				(suspected.outcome, suspected.payment),
				(Outcome::Pended, Payment::AwaitingReview)
			);
			assert_eq!(
				adjustments(&suspected.results[0]),
				vec![(Group::OA, Reason::PendingReview, 180)]
			);
			// Two identical lines in one claim: the second is the duplicate.
			let within = claim(vec![line("70551", 1, 900), line("70551", 1, 900)]);
			assert_eq!(within.results[1].cause, Some(Reason::Duplicate));
		});
	}

	#[test]
	fn a_claims_officer_reviews_pended_lines() {
		run(|| {
			covered();
			claim(vec![line("99213", 1, 100)]);
			claim(vec![line("99213", 2, 300)]);
			assert_noop!(
				Claims::review_claim(signed(&other_officer()), 1, true),
				Error::NotYourPlan
			);
			assert_noop!(Claims::review_claim(signed(&officer()), 0, true), Error::NothingToReview);
			assert_noop!(Claims::review_claim(signed(&officer()), 9, true), Error::UnknownClaim);
			assert_ok!(Claims::review_claim(signed(&officer()), 1, true));
			let reviewed = Filed::<Test>::get(1).unwrap();
			assert_eq!(reviewed.results[0].decision, LineDecision::Approved);
			assert_eq!(reviewed.payment, Payment::Paid);
			let decided: Vec<_> = reviewed.decisions.iter().map(|d| d.by).collect();
			assert_eq!(decided, vec![DecidedBy::Rules, DecidedBy::Review]);
			// Denied on review: for the suspicion's cause.
			claim(vec![line("99213", 1, 90)]);
			assert_ok!(Claims::review_claim(signed(&officer()), 2, false));
			let denied = Filed::<Test>::get(2).unwrap();
			assert_eq!(
				(denied.outcome, denied.results[0].cause),
				(Outcome::Denied, Some(Reason::Duplicate))
			);
		});
	}

	#[test]
	fn uncovered_codes_and_unit_limits_and_price_caps_reduce_what_is_paid() {
		run(|| {
			covered();
			let result = claim(vec![line("99999", 1, 100), line("99213", 5, 600)]);
			assert_eq!(result.results[0].cause, Some(Reason::NotCovered));
			// 4 of 5 units a year: 480 of 600 stays, CO-119 120; cap 100 × 4: CO-45 80.
			let visit = &result.results[1];
			assert_eq!((visit.allowed_units, visit.eligible), (4, 400));
			assert_eq!(
				adjustments(visit)[..2],
				[
					(Group::CO, Reason::BenefitMaximum, 120),
					(Group::CO, Reason::ExceedsPriceCap, 80)
				]
			);
			assert_eq!(result.outcome, Outcome::PartiallyApproved);
			// The year's visits are used up.
			let over = claim_on(START - 2 * DAY_MS, vec![line("99213", 1, 100)]);
			assert_eq!(
				(over.results[0].decision, over.results[0].cause),
				(LineDecision::Denied, Some(Reason::BenefitMaximum))
			);
		});
	}

	#[test]
	fn the_out_of_pocket_and_benefit_maximums_shift_who_pays() {
		run(|| {
			let mut lean = terms();
			lean.services[1].needs_prior_authorisation = false;
			lean.out_of_pocket_max = 250;
			lean.benefit_max = 700;
			assert_ok!(Claims::define_plan(by(INSURER), lean, officer()));
			let coverage = Coverage { start: START - 30 * DAY_MS, end: START + 365 * DAY_MS };
			assert_ok!(Claims::enrol(by(INSURER), 0, PATIENT, coverage));
			assert_ok!(Claims::fund_pool(by(INSURER), 100_000));
			// One MRI at the cap, 800: deductible 200, co-pay 20, co-insurance 116 = 336 > 250,
			// so the plan takes 86 back from co-insurance; the plan's 550 fits under 700.
			let first = claim(vec![line("70551", 1, 800)]);
			let mri = &first.results[0];
			assert_eq!(
				(mri.deductible, mri.copay, mri.coinsurance, mri.benefit),
				(200, 20, 30, 550)
			);
			// The second MRI: the patient has no out-of-pocket room left; the plan has 150 of
			// benefit left: the other 650 are the patient's under PR-119.
			let second = claim_on(START - 2 * DAY_MS, vec![line("70551", 1, 801)]);
			let mri = &second.results[0];
			assert_eq!((mri.deductible, mri.copay, mri.coinsurance, mri.benefit), (0, 0, 0, 150));
			assert_eq!(
				adjustments(mri),
				vec![
					(Group::CO, Reason::ExceedsPriceCap, 1),
					(Group::PR, Reason::BenefitMaximum, 650)
				]
			);
		});
	}

	#[test]
	fn pharmacy_lines_need_an_authentic_unit_dispensed_to_the_patient() {
		run(|| {
			covered();
			let drug = |unit: Option<DrugUnit>, charged: u128| {
				let mut l = line("00031234567", 1, charged);
				l.drug_unit = unit;
				l
			};
			dispensed(1, PATIENT, UnitStatus::Dispensed);
			dispensed(2, OTHER_PATIENT, UnitStatus::Dispensed);
			dispensed(3, PATIENT, UnitStatus::Recalled);
			// One line a day: the same drug the same day would be a duplicate.
			for (day, unit) in [(1, None), (2, Some(2)), (3, Some(9))] {
				let denied = claim_on(START - day * DAY_MS, vec![drug(unit, 40)]);
				assert_eq!(denied.results[0].cause, Some(Reason::ProductNotEligible), "{unit:?}");
			}
			assert_eq!(
				claim_on(START - 4 * DAY_MS, vec![drug(Some(1), 40)]).results[0].decision,
				LineDecision::Approved
			);
			// Recalled after dispensing: flagged for review.
			let recalled = claim_on(START - 5 * DAY_MS, vec![drug(Some(3), 44)]);
			assert_eq!(
				(recalled.results[0].decision, recalled.results[0].cause),
				(LineDecision::Pended, Some(Reason::ProductNotEligible))
			);
			// Recalled before dispensing: denied.
			caduceus_primitives::doubles::TestProducts::<DrugUnit>::set(
				&4,
				caduceus_primitives::UnitInfo {
					authentic: true,
					status: UnitStatus::Recalled,
					dispensed_to: Some(PATIENT),
					recalled_before_dispensing: true,
				},
			);
			assert_eq!(
				claim_on(START - 6 * DAY_MS, vec![drug(Some(4), 45)]).results[0].decision,
				LineDecision::Denied
			);
		});
	}

	#[test]
	fn evidence_and_lines_are_checked_before_adjudication() {
		run(|| {
			covered();
			let submit = |who: &AccountId32,
			              patient: PatientId,
			              plan: PlanId,
			              date: u64,
			              l: Vec<ClaimLineOf<Test>>,
			              evidence: Vec<u64>| {
				Claims::submit_claim(
					signed(who),
					patient,
					plan,
					date,
					lines(l),
					evidence.try_into().unwrap(),
				)
			};
			let visit = || vec![line("99213", 1, 100)];
			for who in [stranger(), admin(DISTRIBUTOR), officer()] {
				assert_noop!(submit(&who, PATIENT, 0, START, visit(), vec![]), Error::NotAProvider);
			}
			assert_noop!(
				submit(&physician(), 77, 0, START, visit(), vec![]),
				Error::UnknownPatient
			);
			assert_noop!(
				submit(&physician(), PATIENT, 9, START, visit(), vec![]),
				Error::UnknownPlan
			);
			assert_noop!(submit(&physician(), PATIENT, 0, START, vec![], vec![]), Error::NoLines);
			assert_noop!(
				submit(&physician(), PATIENT, 0, START, vec![line("99213", 0, 100)], vec![]),
				Error::InvalidLine
			);
			assert_noop!(
				submit(&physician(), PATIENT, 0, START, vec![line("", 1, 100)], vec![]),
				Error::InvalidLine
			);
			assert_noop!(
				submit(&physician(), PATIENT, 0, START + 1, visit(), vec![]),
				Error::FutureDateOfService
			);
			anchored(5, PATIENT);
			anchored(6, OTHER_PATIENT);
			assert_noop!(
				submit(&physician(), PATIENT, 0, START, visit(), vec![7]),
				Error::InvalidEvidence
			);
			assert_noop!(
				submit(&physician(), PATIENT, 0, START, visit(), vec![6]),
				Error::InvalidEvidence
			);
			assert_ok!(submit(&physician(), PATIENT, 0, START, visit(), vec![5]));
			assert_eq!(Filed::<Test>::get(0).unwrap().evidence.into_inner(), vec![5]);
		});
	}
}

mod prior_authorisation {
	use super::*;

	fn mri(units: u32, charged: u128, auth: Option<PriorAuthId>) -> ClaimLineOf<Test> {
		let mut l = line("70551", units, charged);
		l.prior_authorisation = auth;
		l
	}

	#[test]
	fn claims_draw_on_approved_units_until_the_authorisation_expires() {
		run(|| {
			covered();
			assert_eq!(
				claim(vec![mri(1, 800, None)]).results[0].cause,
				Some(Reason::PriorAuthorisationAbsent)
			);
			assert_ok!(Claims::request_prior_authorisation(
				signed(&physician()),
				PATIENT,
				0,
				code("70551"),
				2
			));
			assert_eq!(
				last_event(),
				Event::PriorAuthorisationRequested {
					authorisation: 0,
					patient: PATIENT,
					plan: 0,
					code: code("70551"),
					units: 2
				}
			);
			assert_ok!(Claims::decide_prior_authorisation(
				signed(&officer()),
				0,
				Some(1),
				START + DAY_MS
			));
			assert_eq!(
				last_event(),
				Event::PriorAuthorisationDecided {
					authorisation: 0,
					status: AuthorisationStatus::Approved,
					units: 1,
					expires_at: START + DAY_MS
				}
			);
			// Two units claimed, one authorised: the other is CO-197.
			let result = claim(vec![mri(2, 1_600, Some(0))]);
			assert_eq!(result.results[0].allowed_units, 1);
			assert_eq!(
				adjustments(&result.results[0])[0],
				(Group::CO, Reason::PriorAuthorisationAbsent, 800)
			);
			assert_eq!(PriorAuthorisations::<Test>::get(0).unwrap().units_used, 1);
			// Used up (another day: no duplicate).
			let again = claim_on(START - 2 * DAY_MS, vec![mri(1, 801, Some(0))]);
			assert_eq!(
				(again.results[0].decision, again.results[0].cause),
				(LineDecision::Denied, Some(Reason::PriorAuthorisationAbsent))
			);
		});
	}

	#[test]
	fn a_denied_or_expired_authorisation_covers_nothing() {
		run(|| {
			covered();
			for (units, expires) in [(None, 0), (Some(1), START)] {
				assert_ok!(Claims::request_prior_authorisation(
					signed(&physician()),
					PATIENT,
					0,
					code("70551"),
					1
				));
				let id = NextPriorAuthId::<Test>::get() - 1;
				if let Some(units) = units {
					// Approved until yesterday... for a service the day before yesterday is fine,
					// after is not: claim a date of service after it expired.
					assert_ok!(Claims::decide_prior_authorisation(
						signed(&officer()),
						id,
						Some(units),
						START + 1
					));
					advance(2 * DAY_MS);
					let late = Claims::submit_claim(
						signed(&physician()),
						PATIENT,
						0,
						START + DAY_MS,
						lines(vec![mri(1, 800, Some(id))]),
						no_evidence(),
					);
					assert_ok!(late);
					let claimed = Filed::<Test>::get(NextClaimId::<Test>::get() - 1).unwrap();
					assert_eq!(claimed.results[0].cause, Some(Reason::PriorAuthorisationAbsent));
				} else {
					assert_ok!(Claims::decide_prior_authorisation(
						signed(&officer()),
						id,
						None,
						expires
					));
					assert_eq!(
						PriorAuthorisations::<Test>::get(id).unwrap().status,
						AuthorisationStatus::Denied
					);
					assert_eq!(
						claim(vec![mri(1, 800, Some(id))]).results[0].cause,
						Some(Reason::PriorAuthorisationAbsent)
					);
				}
			}
		});
	}

	#[test]
	fn authorisation_calls_are_checked() {
		run(|| {
			covered();
			let request = |who: &AccountId32, patient, plan, c: &str, units| {
				Claims::request_prior_authorisation(signed(who), patient, plan, code(c), units)
			};
			assert_noop!(request(&stranger(), PATIENT, 0, "70551", 1), Error::NotAProvider);
			assert_noop!(request(&physician(), 77, 0, "70551", 1), Error::UnknownPatient);
			assert_noop!(request(&physician(), PATIENT, 9, "70551", 1), Error::UnknownPlan);
			assert_noop!(request(&physician(), PATIENT, 0, "12345", 1), Error::ServiceNotCovered);
			assert_noop!(request(&physician(), PATIENT, 0, "70551", 0), Error::InvalidLine);
			assert_ok!(request(&physician(), PATIENT, 0, "70551", 1));
			assert_noop!(
				Claims::decide_prior_authorisation(signed(&officer()), 9, Some(1), START + 1),
				Error::UnknownAuthorisation
			);
			assert_noop!(
				Claims::decide_prior_authorisation(signed(&other_officer()), 0, Some(1), START + 1),
				Error::NotYourPlan
			);
			assert_noop!(
				Claims::decide_prior_authorisation(signed(&officer()), 0, Some(0), START + 1),
				Error::InvalidAuthorisation
			);
			assert_noop!(
				Claims::decide_prior_authorisation(signed(&officer()), 0, Some(1), START),
				Error::InvalidAuthorisation
			);
			assert_ok!(Claims::decide_prior_authorisation(
				signed(&officer()),
				0,
				Some(1),
				START + 1
			));
			assert_noop!(
				Claims::decide_prior_authorisation(signed(&officer()), 0, Some(1), START + 1),
				Error::AlreadyDecided
			);
		});
	}
}

mod payment {
	use super::*;

	#[test]
	fn an_approved_claim_waits_for_funds_and_is_paid_on_top_up() {
		run(|| {
			let mut no_deductible = terms();
			no_deductible.deductible = 0;
			no_deductible.copay = 0;
			no_deductible.coinsurance = Permill::zero();
			assert_ok!(Claims::define_plan(by(INSURER), no_deductible, officer()));
			let coverage = Coverage { start: START - 30 * DAY_MS, end: START + 365 * DAY_MS };
			assert_ok!(Claims::enrol(by(INSURER), 0, PATIENT, coverage));
			assert_ok!(Claims::fund_pool(by(INSURER), 50));
			let waiting = claim(vec![line("99213", 1, 100)]);
			assert_eq!(
				(waiting.outcome, waiting.payment, waiting.paid),
				(Outcome::Approved, Payment::Unpaid, 0)
			);
			assert_eq!(
				last_event(),
				Event::ClaimAwaitingFunds { claim: 0, insurer: INSURER, amount: 100 }
			);
			assert_eq!(Unpaid::<Test>::get(INSURER).into_inner(), vec![0]);
			assert_noop!(Claims::pay_claim(signed(&stranger()), 0), Error::InsufficientPool);
			assert_ok!(Claims::fund_pool(by(INSURER), 60));
			assert_eq!(Filed::<Test>::get(0).unwrap().payment, Payment::Paid);
			assert!(Unpaid::<Test>::get(INSURER).is_empty());
			assert_eq!(
				(Balances::balance(&admin(HOSPITAL)), Claims::pool_balance(INSURER)),
				(1_000_100, 10)
			);
			assert_noop!(Claims::pay_claim(signed(&stranger()), 0), Error::NothingOwed);
			assert_noop!(Claims::pay_claim(signed(&stranger()), 9), Error::UnknownClaim);
		});
	}

	#[test]
	fn claims_beyond_the_queue_are_paid_by_anyone_later() {
		run(|| {
			let mut free = terms();
			free.deductible = 0;
			assert_ok!(Claims::define_plan(by(INSURER), free, officer()));
			let coverage = Coverage { start: START - 30 * DAY_MS, end: START + 365 * DAY_MS };
			assert_ok!(Claims::enrol(by(INSURER), 0, PATIENT, coverage));
			for day in 1..=3 {
				claim_on(START - day * DAY_MS, vec![line("99213", 1, 100)]);
			}
			// MaxUnpaidPerInsurer is 2: the third claim waits outside the queue.
			assert_eq!(Unpaid::<Test>::get(INSURER).len(), 2);
			assert_eq!(Filed::<Test>::get(2).unwrap().payment, Payment::Unpaid);
			assert_ok!(Claims::fund_pool(by(INSURER), 10_000));
			assert_eq!(Filed::<Test>::get(2).unwrap().payment, Payment::Unpaid);
			assert_ok!(Claims::pay_claim(signed(&stranger()), 2));
			assert_eq!(Filed::<Test>::get(2).unwrap().payment, Payment::Paid);
		});
	}

	#[test]
	fn pools_are_funded_by_the_insurers_admin() {
		run(|| {
			assert_noop!(Claims::fund_pool(signed(&officer()), 10), Error::NotAnInsurer);
			assert_noop!(Claims::fund_pool(by(HOSPITAL), 10), Error::NotAnInsurer);
			assert_noop!(Claims::fund_pool(by(INSURER), 0), Error::ZeroAmount);
			assert!(Claims::fund_pool(by(INSURER), 2_000_000).is_err(), "more than it has");
			assert_ok!(Claims::fund_pool(by(INSURER), 500));
			assert_eq!(
				last_event(),
				Event::PoolFunded { insurer: INSURER, amount: 500, held: 500 }
			);
			assert_eq!(Balances::balance(&admin(INSURER)), 999_500);
		});
	}

	#[test]
	fn a_provider_without_an_admin_account_cannot_be_paid_yet() {
		run(|| {
			covered();
			TestRegistry::set_organisation(9, OrgKind::Clinic, OrgStatus::Active);
			let clinician = AccountId32::new([90; 32]);
			TestRegistry::set_practitioner(&clinician, 9, Role::Physician, Standing::Active);
			assert_ok!(Claims::submit_claim(
				signed(&clinician),
				PATIENT,
				0,
				START - DAY_MS,
				lines(vec![line("99213", 3, 300)]),
				no_evidence()
			));
			assert_eq!(Filed::<Test>::get(0).unwrap().payment, Payment::Unpaid);
			assert_noop!(Claims::pay_claim(signed(&stranger()), 0), Error::NoPayee);
		});
	}
}

mod appeals {
	use super::*;

	#[test]
	fn an_overturned_appeal_is_adjudicated_again_and_paid_with_both_decisions_kept() {
		run(|| {
			covered();
			claim(vec![line("99213", 1, 200)]); // meets the deductible
			let denied = claim(vec![line("70551", 1, 800)]);
			assert_eq!(denied.outcome, Outcome::Denied);
			assert_ok!(Claims::appeal(signed(&physician()), 1, H256::repeat_byte(5)));
			assert_eq!(
				last_event(),
				Event::AppealFiled { claim: 1, by: physician(), evidence: H256::repeat_byte(5) }
			);
			assert_ok!(Claims::decide_appeal(signed(&officer()), 1, true));
			let overturned = Filed::<Test>::get(1).unwrap();
			assert_eq!(overturned.results[0].decision, LineDecision::Approved);
			assert_eq!(
				(overturned.payment, overturned.paid),
				(Payment::Paid, overturned.results[0].benefit)
			);
			let decisions: Vec<_> =
				overturned.decisions.iter().map(|d| (d.by, d.outcome)).collect();
			assert_eq!(
				decisions,
				vec![(DecidedBy::Rules, Outcome::Denied), (DecidedBy::Appeal, Outcome::Approved)]
			);
			assert_eq!(overturned.appeal.unwrap().overturned, Some(true));
		});
	}

	#[test]
	fn an_upheld_appeal_changes_nothing_but_the_record() {
		run(|| {
			covered();
			claim(vec![line("99999", 1, 100)]);
			assert_ok!(Claims::appeal(signed(&patient()), 0, H256::repeat_byte(5)));
			assert_ok!(Claims::decide_appeal(by(INSURER), 0, false));
			let upheld = Filed::<Test>::get(0).unwrap();
			assert_eq!((upheld.outcome, upheld.decisions.len()), (Outcome::Denied, 2));
			assert_eq!(last_event(), Event::AppealDecided { claim: 0, overturned: false });
			// Even overturned, an uncovered service stays uncovered: no second appeal anyway.
			assert_noop!(
				Claims::appeal(signed(&physician()), 0, H256::zero()),
				Error::AlreadyAppealed
			);
		});
	}

	#[test]
	fn appeals_are_checked() {
		run(|| {
			covered();
			let mut no_deductible = terms();
			no_deductible.deductible = 0;
			assert_ok!(Claims::amend_plan(by(INSURER), 0, no_deductible, None));
			claim(vec![line("99213", 1, 100)]);
			claim(vec![line("70551", 1, 800)]);
			assert_noop!(
				Claims::appeal(signed(&physician()), 9, H256::zero()),
				Error::UnknownClaim
			);
			assert_noop!(
				Claims::appeal(signed(&stranger()), 1, H256::zero()),
				Error::NotProviderOrPatient
			);
			assert_noop!(
				Claims::appeal(signed(&pharmacist()), 1, H256::zero()),
				Error::NotProviderOrPatient
			);
			assert_noop!(
				Claims::appeal(signed(&physician()), 0, H256::zero()),
				Error::NothingToAppeal
			);
			assert_noop!(
				Claims::decide_appeal(signed(&officer()), 1, true),
				Error::NoAppealPending
			);
			assert_noop!(Claims::decide_appeal(signed(&officer()), 9, true), Error::UnknownClaim);
			assert_ok!(Claims::appeal(signed(&physician()), 1, H256::zero()));
			assert_noop!(
				Claims::decide_appeal(signed(&other_officer()), 1, true),
				Error::NotYourPlan
			);
			assert_ok!(Claims::decide_appeal(signed(&officer()), 1, false));
			assert_noop!(
				Claims::decide_appeal(signed(&officer()), 1, true),
				Error::NoAppealPending
			);
		});
	}
}

mod second_decisions {
	use super::*;

	#[test]
	fn a_review_after_the_filing_window_judges_the_claim_as_filed() {
		run(|| {
			covered();
			claim(vec![line("99213", 1, 100)]);
			claim(vec![line("99213", 2, 300)]);
			advance(200 * DAY_MS);
			assert_ok!(Claims::review_claim(signed(&officer()), 1, true));
			assert_eq!(Filed::<Test>::get(1).unwrap().results[0].decision, LineDecision::Approved);
		});
	}

	#[test]
	fn an_overturned_appeal_never_pays_a_service_twice() {
		run(|| {
			covered();
			let mri = |auth| {
				let mut l = line("70551", 1, 800);
				l.prior_authorisation = auth;
				l
			};
			claim(vec![mri(None)]);
			assert_ok!(Claims::request_prior_authorisation(
				signed(&physician()),
				PATIENT,
				0,
				code("70551"),
				1
			));
			assert_ok!(Claims::decide_prior_authorisation(
				signed(&officer()),
				0,
				Some(1),
				START + DAY_MS
			));
			assert_eq!(claim(vec![mri(Some(0))]).payment, Payment::Paid);
			assert_ok!(Claims::appeal(signed(&physician()), 0, H256::zero()));
			assert_ok!(Claims::decide_appeal(signed(&officer()), 0, true));
			let appealed = Filed::<Test>::get(0).unwrap();
			assert_eq!((appealed.results[0].cause, appealed.paid), (Some(Reason::Duplicate), 0));
		});
	}

	#[test]
	fn a_drug_unit_is_billed_once_and_freed_when_its_line_is_denied_on_review() {
		run(|| {
			covered();
			let drug = |unit: DrugUnit| {
				let mut l = line("00031234567", 1, 40);
				l.drug_unit = Some(unit);
				l
			};
			dispensed(1, PATIENT, UnitStatus::Dispensed);
			claim(vec![drug(1)]);
			let again = claim_on(START - 2 * DAY_MS, vec![drug(1)]);
			assert_eq!(again.results[0].cause, Some(Reason::Duplicate));
			// A unit recalled after dispensing is pended; denied on review, it is freed.
			dispensed(2, PATIENT, UnitStatus::Recalled);
			claim_on(START - 3 * DAY_MS, vec![drug(2)]);
			assert_eq!(UnitsClaimed::<Test>::get(2), Some(2));
			assert_ok!(Claims::review_claim(signed(&officer()), 2, false));
			assert_eq!(UnitsClaimed::<Test>::get(2), None);
		});
	}

	#[test]
	fn codes_added_by_an_amendment_count_in_the_same_year() {
		run(|| {
			covered();
			let mut more = terms();
			more.services
				.try_push(crate::CoveredService {
					code: code("97110"),
					unit_price_cap: 50,
					units_per_year: 1,
					needs_prior_authorisation: false,
					pharmacy: false,
				})
				.unwrap();
			assert_noop!(
				Claims::amend_plan(by(INSURER), 0, more.clone(), Some(physician())),
				Error::NotAClaimsOfficer
			);
			assert_ok!(Claims::amend_plan(by(INSURER), 0, more, Some(officer())));
			claim(vec![line("99213", 1, 100), line("97110", 2, 100)]);
			let year = ((PATIENT, 0), plan_year(START - DAY_MS));
			assert_eq!(
				(
					UnitsUsed::<Test>::get(year, code("99213")),
					UnitsUsed::<Test>::get(year, code("97110"))
				),
				(1, 1)
			);
		});
	}
}

#[test]
fn an_estimate_answers_what_a_claim_would_pay_and_writes_nothing() {
	run(|| {
		covered();
		let estimate =
			Claims::estimate(physician(), PATIENT, 0, START - DAY_MS, vec![line("99213", 2, 300)])
				.unwrap();
		let before = NextClaimId::<Test>::get();
		let claimed = claim(vec![line("99213", 2, 300)]);
		assert_eq!(estimate, claimed.results.into_inner());
		assert_eq!(before, 0, "the estimate stored nothing");
		assert!(matches!(
			Claims::estimate(stranger(), PATIENT, 0, START, vec![]),
			Err(Error::NotAProvider)
		));
	});
}

/// Property tests of the line arithmetic: deterministic pseudo-random inputs (a fixed seed, so a
/// failure reproduces), including the extremes of the balance type.
mod properties {
	use super::*;
	use crate::adjudication::{balances, patient_share, price, Allowance};

	/// xorshift64*: enough randomness for inputs, no dependency.
	struct Inputs(u64);

	impl Inputs {
		fn next(&mut self) -> u64 {
			self.0 ^= self.0 >> 12;
			self.0 ^= self.0 << 25;
			self.0 ^= self.0 >> 27;
			self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
		}
		/// A balance: small, large, or an extreme.
		fn balance(&mut self) -> u128 {
			match self.next() % 6 {
				0 => 0,
				1 => u128::MAX,
				2 => u128::MAX - u128::from(self.next() % 1000),
				3 => u128::from(self.next()) * u128::from(self.next()),
				_ => u128::from(self.next() % 10_000),
			}
		}
		fn units(&mut self) -> u32 {
			match self.next() % 4 {
				0 => u32::MAX,
				1 => 0,
				_ => (self.next() % 50) as u32,
			}
		}
	}

	#[test]
	fn every_line_balances_and_nothing_overflows() {
		let mut inputs = Inputs(0x5EED_CADu64);
		for _ in 0..200_000 {
			let allowance = Allowance {
				unit_price_cap: inputs.balance(),
				units_left: inputs.units(),
				authorised_units: if inputs.next() % 2 == 0 { Some(inputs.units()) } else { None },
				deductible_left: inputs.balance(),
				out_of_pocket_left: inputs.balance(),
				benefit_left: inputs.balance(),
				copay: inputs.balance(),
				coinsurance: Permill::from_parts((inputs.next() % 1_000_001) as u32),
			};
			let units = inputs.units();
			let charged = inputs.balance();
			let line = price(code("X1"), units, charged, &allowance);
			assert!(balances(&line), "{line:?} from {allowance:?}");
			assert!(line.benefit <= allowance.benefit_left || line.benefit == 0);
			assert!(line.allowed_units <= units.min(allowance.units_left));
			let out_of_pocket = line.deductible + line.copay + line.coinsurance;
			assert!(out_of_pocket <= allowance.out_of_pocket_left, "{line:?}");
			assert!(line.deductible <= allowance.deductible_left);
			assert!(patient_share(&line) <= charged);
		}
	}

	#[test]
	fn every_adjudicated_claim_balances() {
		run(|| {
			covered();
			let mut inputs = Inputs(42);
			for day in 0..40u64 {
				let codes = ["99213", "70551", "99999"];
				let l: Vec<_> = (0..3)
					.map(|i| {
						line(
							codes[i],
							(inputs.next() % 4) as u32,
							u128::from(inputs.next() % 3_000),
						)
					})
					.filter(|l| l.units > 0)
					.collect();
				if l.is_empty() {
					continue;
				}
				assert_ok!(Claims::submit_claim(
					signed(&physician()),
					PATIENT,
					0,
					START - day * DAY_MS / 2 - 1,
					lines(l),
					no_evidence()
				));
			}
			// try_state (run by `run`) checks every line and the accumulators.
		});
	}
}
