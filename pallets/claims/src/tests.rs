//! What insurers, providers and patients see: every adjudication rule, every call's success and
//! errors, payment from the pool, review, appeal, prior authorisation, estimates; and property
//! tests of the line arithmetic.

use crate::{mock::*, *};
use caduceus_primitives::{
	doubles::{TestConsent, TestRegistry},
	AccessDenial, OrgKind, OrgStatus, Role, Standing, DAY_MS,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect, weights::Weight};
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
		signed(&submitter_of(&list)),
		PATIENT,
		0,
		date,
		lines(list),
		no_evidence()
	));
	Filed::<Test>::get(NextClaimId::<Test>::get() - 1).unwrap()
}

/// Who bills `list`: the pharmacist for pharmacy lines, the physician otherwise.
fn submitter_of(list: &[ClaimLineOf<Test>]) -> AccountId32 {
	let pharmacy = list.iter().any(|l| l.drug_unit.is_some() || l.code == code("00031234567"));
	if pharmacy {
		pharmacist()
	} else {
		physician()
	}
}

/// A line of the drug billing unit `n` (by its token), charged `charged`.
fn drug(n: DrugUnit, charged: u128) -> ClaimLineOf<Test> {
	let mut l = line("00031234567", 1, charged);
	l.drug_unit = Some(unit(n));
	l
}

/// The NDC of the plan's drug in another pack size.
const OTHER_PACK: &str = "00031234568";

/// The insurer amends the plan to cover the drug in another pack size too: another code.
fn another_pack_size() {
	let mut packs = terms();
	let mut other_pack = packs.services[2].clone();
	other_pack.code = code(OTHER_PACK);
	packs.services.try_push(other_pack).unwrap();
	assert_ok!(Claims::amend_plan(by(INSURER), 0, packs, None));
}

/// The claim billing unit `n`, and how many units the pharmacy bills.
fn billing(n: DrugUnit) -> (Option<ClaimId>, u64) {
	(UnitsClaimed::<Test>::get(unit(n)), UnitsBilled::<Test>::get(PHARMACY))
}

/// The decision on a claim's first line and its reason.
fn first_verdict(claim: &ClaimOf<Test>) -> (LineDecision, Option<Reason>) {
	(claim.results[0].decision, claim.results[0].cause)
}

/// A line denied as a duplicate (CARC 18).
const DUPLICATE: (LineDecision, Option<Reason>) = (LineDecision::Denied, Some(Reason::Duplicate));

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

	/// An auditor sees in the events when a plan's claims start being decided in another
	/// claims officer's name.
	#[test]
	fn a_change_of_adjudicator_is_announced() {
		run(|| {
			covered();
			let successor = AccountId32::new([16; 32]);
			TestRegistry::set_practitioner(
				&successor,
				INSURER,
				Role::ClaimsOfficer,
				Standing::Active,
			);
			assert_ok!(Claims::amend_plan(by(INSURER), 0, terms(), Some(successor.clone())));
			let events: Vec<_> = System::events()
				.into_iter()
				.filter_map(|record| match record.event {
					RuntimeEvent::Claims(event) => Some(event),
					_ => None,
				})
				.rev()
				.take(2)
				.collect();
			assert_eq!(
				events,
				vec![
					Event::PlanAmended { plan: 0, version: 2 },
					Event::AdjudicatorChanged { plan: 0, from: officer(), to: successor.clone() },
				]
			);
			assert_eq!(Plans::<Test>::get(0).unwrap().adjudicator, successor);
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
			// A code in clear, not its token: a member would read it.
			let mut bad_code = terms();
			bad_code.services[0].code = b"99213".to_vec().try_into().unwrap();
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

/// Runtime 106 widened `ServiceCode` from 12 to 16 bytes (tokens) without a migration: a plan
/// stored by runtime 105, with codes in clear, must still decode, and its clear codes can no
/// longer be billed until the insurer amends the plan to tokens.
#[test]
fn a_plan_stored_with_clear_codes_before_tokens_still_decodes() {
	use codec::Encode;
	run(|| {
		covered();
		let old_code: frame_support::BoundedVec<u8, frame_support::traits::ConstU32<12>> =
			b"99213".to_vec().try_into().unwrap();
		let version = Plans::<Test>::get(0).expect("defined").version;
		let mut old_terms = PlanVersions::<Test>::get(0, version).expect("defined");
		old_terms.services[0].code = b"99213".to_vec().try_into().unwrap();
		// Runtime 105 encoded its 12-byte-bounded code as a length and the bytes, as now.
		assert_eq!(old_code.encode(), old_terms.services[0].code.encode());
		frame_support::storage::unhashed::put_raw(
			&PlanVersions::<Test>::hashed_key_for(0, version),
			&old_terms.encode(),
		);

		let read = PlanVersions::<Test>::get(0, version).expect("a runtime-105 plan decodes");
		assert_eq!(&read.services[0].code[..], b"99213");
		let mut in_clear = line("99213", 1, 100);
		in_clear.code = read.services[0].code.clone();
		assert_noop!(
			Claims::submit_claim(
				signed(&physician()),
				PATIENT,
				0,
				START - DAY_MS,
				lines(vec![in_clear]),
				Default::default()
			),
			Error::InvalidLine
		);
	});
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
			// A practitioner whose attestation lapsed may not bill at all.
			TestRegistry::set_practitioner(
				&physician(),
				HOSPITAL,
				Role::Physician,
				Standing::AttestationLapsed,
			);
			assert_noop!(
				Claims::submit_claim(
					signed(&physician()),
					PATIENT,
					0,
					START - DAY_MS,
					lines(vec![line("99213", 1, 101)]),
					no_evidence()
				),
				Error::NotInGoodStanding
			);
		});
	}

	/// Attack: a registered provider that never treated the patient bills the patient's plan.
	#[test]
	fn a_provider_that_never_treated_the_patient_is_not_paid() {
		run(|| {
			covered();
			TestRegistry::set_organisation(9, OrgKind::Clinic, OrgStatus::Active);
			let clinician = AccountId32::new([90; 32]);
			TestRegistry::set_practitioner(&clinician, 9, Role::Physician, Standing::Active);
			TestRegistry::set_admin(&AccountId32::new([91; 32]), 9);
			let bill = |date: u64| {
				assert_ok!(Claims::submit_claim(
					signed(&clinician),
					PATIENT,
					0,
					date,
					lines(vec![line("99213", 1, 100)]),
					no_evidence()
				));
				Filed::<Test>::get(NextClaimId::<Test>::get() - 1).unwrap()
			};
			let unrelated = bill(START - DAY_MS);
			assert_eq!(
				(unrelated.outcome, unrelated.results[0].cause),
				(Outcome::Denied, Some(Reason::ProviderNotEligible))
			);
			// The relationship must hold on the date of service, not now.
			TestConsent::treating(PATIENT, 9, START - 10 * DAY_MS, START - 5 * DAY_MS);
			assert_eq!(
				bill(START - 2 * DAY_MS).results[0].cause,
				Some(Reason::ProviderNotEligible)
			);
			assert_eq!(bill(START - 6 * DAY_MS).results[0].decision, LineDecision::Approved);
		});
	}

	/// A claim is declared with the worst cases of its payment-consent and treatment checks,
	/// and pays for each only when it leaves its fast path (which the call's own benchmark
	/// holds): not at all when both take it or the adjudication stops before them.
	#[test]
	fn a_claim_pays_for_its_consent_checks_only_off_their_fast_paths() {
		use caduceus_primitives::{
			doubles::{TEST_CONSENT_CHECK_WEIGHT as CHECK, TEST_TREATED_WEIGHT as TREATED},
			AccessGround,
		};
		use frame_support::{dispatch::GetDispatchInfo, traits::UnfilteredDispatchable};
		run(|| {
			covered();
			let submit = |who: &AccountId32, date: u64, code: &str| {
				let call = crate::Call::<Test>::submit_claim {
					patient: PATIENT,
					plan: 0,
					date_of_service: date,
					lines: lines(vec![line(code, 1, 100)]),
					evidence: no_evidence(),
				};
				let declared = call.get_dispatch_info().call_weight;
				let post = call.dispatch_bypass_filter(signed(who)).expect("a claim is filed");
				let claim = Filed::<Test>::get(NextClaimId::<Test>::get() - 1).unwrap();
				(declared, post.actual_weight.expect("the charge is reported"), claim)
			};
			let cause = |claim: &ClaimOf<Test>| claim.results[0].cause;
			// The claim's own weight, one plain service line and no evidence (`PathWeights`).
			let own = Weight::from_parts(510, 0);
			let (declared, charged, claim) = submit(&physician(), START - DAY_MS, "99213");
			assert_eq!(declared, own + CHECK + TREATED, "declared at both checks' worst cases");
			assert_eq!((charged, claim.outcome), (own, Outcome::Approved));
			// A line drawing on a prior authorisation, naming a drug unit or evidence: the
			// claim is weighed as if every line had all three.
			let everything = Weight::from_parts(1_010, 0);
			for line in [
				ClaimLine { prior_authorisation: Some(0), ..line("99213", 1, 100) },
				ClaimLine { drug_unit: Some([1; 16]), ..line("99213", 1, 100) },
				ClaimLine { evidence: Some(0), ..line("99213", 1, 100) },
			] {
				let call = crate::Call::<Test>::submit_claim {
					patient: PATIENT,
					plan: 0,
					date_of_service: START - DAY_MS,
					lines: lines(vec![line]),
					evidence: no_evidence(),
				};
				assert_eq!(call.get_dispatch_info().call_weight, everything + CHECK + TREATED);
			}

			// The treatment relationship not found: the treatment check's worst case.
			TestRegistry::set_organisation(9, OrgKind::Clinic, OrgStatus::Active);
			let clinician = AccountId32::new([90; 32]);
			TestRegistry::set_practitioner(&clinician, 9, Role::Physician, Standing::Active);
			TestRegistry::set_admin(&AccountId32::new([91; 32]), 9);
			let (_, charged, claim) = submit(&clinician, START - DAY_MS, "99213");
			assert_eq!(
				(charged, cause(&claim)),
				(own + TREATED, Some(Reason::ProviderNotEligible))
			);

			// A date before the coverage: denied before either check, which cost nothing.
			let (_, charged, claim) = submit(&physician(), START - 60 * DAY_MS, "99213");
			assert_eq!((charged, cause(&claim)), (own, Some(Reason::BeforeCoverage)));

			// The payment consent found past the fast path: its worst case.
			TestConsent::permit_off_fast_path(PATIENT, &officer(), AccessGround::Consent(3));
			let (_, charged, claim) = submit(&physician(), START - 2 * DAY_MS, "99213");
			assert_eq!((charged, claim.outcome), (own + CHECK, Outcome::Approved));

			// Refused: the check's worst case, and the treatment check, which would not find the
			// clinician's relationship either, is never made.
			TestConsent::deny(PATIENT, &officer(), AccessDenial::Revoked);
			let (_, charged, claim) = submit(&clinician, START - 3 * DAY_MS, "99213");
			assert_eq!((charged, cause(&claim)), (own + CHECK, Some(Reason::LacksInformation)));
		});
	}

	/// Attack: staff bill what their role does not do (a physician bills a dispensed drug, a
	/// pharmacist an office visit, a claims officer of a hospital anything).
	#[test]
	fn only_a_role_that_fits_the_line_bills_it() {
		run(|| {
			covered();
			dispensed(1);
			let drug = drug(1, 40);
			let billing_clerk = AccountId32::new([17; 32]);
			TestRegistry::set_practitioner(
				&billing_clerk,
				HOSPITAL,
				Role::ClaimsOfficer,
				Standing::Active,
			);
			for (who, line) in [
				(physician(), drug.clone()),
				(pharmacist(), line("99213", 1, 100)),
				(billing_clerk, line("99213", 1, 100)),
			] {
				assert_noop!(
					Claims::submit_claim(
						signed(&who),
						PATIENT,
						0,
						START - DAY_MS,
						lines(vec![line]),
						no_evidence()
					),
					Error::RoleCannotBill
				);
			}
			assert_ok!(Claims::submit_claim(
				signed(&pharmacist()),
				PATIENT,
				0,
				START - DAY_MS,
				lines(vec![drug]),
				no_evidence()
			));
		});
	}

	/// A plan that asks for documentation denies a line without it (CARC 252) and prices a line
	/// citing an anchored record of the patient.
	#[test]
	fn a_service_that_needs_evidence_is_paid_only_with_it() {
		run(|| {
			covered();
			let mut documented = terms();
			documented.services[0].needs_evidence = true;
			assert_ok!(Claims::amend_plan(by(INSURER), 0, documented, None));
			let bare = claim(vec![line("99213", 1, 100)]);
			assert_eq!(bare.results[0].cause, Some(Reason::DocumentationRequired));
			assert_eq!(Reason::DocumentationRequired.carc(), "252");
			anchored(7, PATIENT);
			anchored(8, OTHER_PATIENT);
			let mut cited = line("99213", 1, 100);
			cited.evidence = Some(8);
			assert_noop!(
				Claims::submit_claim(
					signed(&physician()),
					PATIENT,
					0,
					START - 2 * DAY_MS,
					lines(vec![cited.clone()]),
					no_evidence()
				),
				Error::InvalidEvidence
			);
			cited.evidence = Some(7);
			let supported = claim_on(START - 2 * DAY_MS, vec![cited]);
			assert_eq!(supported.results[0].decision, LineDecision::Approved);
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

	/// Attack: a claim's pended line held the service's only index entry; another claim's
	/// line of the service, pended against it, was approved on review but never indexed; when
	/// the first line was denied the entry went, and an exact copy of the approved line was
	/// paid again without review.
	#[test]
	fn an_exact_copy_is_paid_again_once_another_claims_index_entry_is_forgotten() {
		run(|| {
			covered();
			let mut documented = terms();
			documented.services[0].needs_evidence = true;
			assert_ok!(Claims::amend_plan(by(INSURER), 0, documented, None));
			anchored(7, PATIENT);
			let evidenced = |units, charged| {
				let mut l = line("99213", units, charged);
				l.evidence = Some(7);
				l
			};
			// Claim 0: a bare line denied (no documentation), its variant pended as its twin.
			let first = claim(vec![line("99213", 1, 100), evidenced(2, 150)]);
			assert_eq!(first.results[1].decision, LineDecision::Pended);
			// Claim 1: pended against claim 0's line, approved on review.
			let second = claim(vec![evidenced(1, 90)]);
			assert_eq!(second.results[0].decision, LineDecision::Pended);
			assert_ok!(Claims::review_claim(signed(&officer()), 1, true));
			assert_eq!(Filed::<Test>::get(1).unwrap().results[0].decision, LineDecision::Approved);
			// Claim 0's pended line denied on review.
			assert_ok!(Claims::review_claim(signed(&officer()), 0, false));
			// An exact copy of claim 1's paid line is a duplicate.
			let copy = claim(vec![evidenced(1, 90)]);
			assert_eq!(first_verdict(&copy), DUPLICATE);
		});
	}

	/// Attack: two claims bill the same units and charge of a service that another claim, of
	/// other units, holds in the index; each is compared only with that one, both are pended,
	/// and one approval each pays the service twice.
	#[test]
	fn exact_twins_in_two_claims_are_denied_not_pended() {
		run(|| {
			covered();
			claim(vec![line("99213", 1, 100)]);
			let suspected = claim(vec![line("99213", 1, 90)]);
			assert_eq!(suspected.results[0].decision, LineDecision::Pended);
			let twin = claim(vec![line("99213", 1, 90)]);
			assert_eq!(first_verdict(&twin), DUPLICATE);
		});
	}

	/// A service is indexed for at most `MaxClaimsPerService` claims: a claim beyond them could
	/// not be compared with the claims after it, so it is denied as a duplicate.
	#[test]
	fn a_service_claimed_more_often_than_the_index_holds_is_denied() {
		run(|| {
			covered();
			let most = <MaxClaimsPerService as frame_support::traits::Get<u32>>::get() as u128;
			for charged in 0..most {
				claim(vec![line("99213", 1, 60 + charged)]);
			}
			let beyond = claim(vec![line("99213", 1, 99)]);
			assert_eq!(first_verdict(&beyond), DUPLICATE);
			// Another day is another service.
			let next_day = claim_on(START - 2 * DAY_MS, vec![line("99213", 1, 99)]);
			assert_eq!(next_day.results[0].decision, LineDecision::Approved);
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
			assert_eq!(first_verdict(&over), (LineDecision::Denied, Some(Reason::BenefitMaximum)));
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

	/// Attack: a pharmacy bills units it never dispensed (another pharmacy's, or none). The
	/// chain cannot read which unit a token names, but it counts: each line that bills a unit
	/// draws on one of the billing pharmacy's own dispensings.
	#[test]
	fn a_pharmacy_bills_no_more_units_than_it_dispensed() {
		run(|| {
			covered();
			caduceus_primitives::doubles::TestProducts::dispense(9, 5);
			let mut no_unit = drug(1, 40);
			no_unit.drug_unit = None;
			// One line a day: the same drug the same day would be a duplicate.
			for (day, line) in [(1, no_unit), (2, drug(1, 40))] {
				let denied = claim_on(START - day * DAY_MS, vec![line]);
				assert_eq!(denied.results[0].cause, Some(Reason::ProductNotEligible), "{day}");
			}
			dispensed(2);
			for (day, n) in [(3, 1), (4, 2)] {
				let approved = claim_on(START - day * DAY_MS, vec![drug(n, 40)]);
				assert_eq!(approved.results[0].decision, LineDecision::Approved, "{day}");
			}
			let third = claim_on(START - 5 * DAY_MS, vec![drug(3, 40)]);
			assert_eq!(third.results[0].cause, Some(Reason::ProductNotEligible));
			assert_eq!(UnitsBilled::<Test>::get(PHARMACY), 2);
			dispensed(1);
			let third = claim_on(START - 6 * DAY_MS, vec![drug(3, 40)]);
			assert_eq!(third.results[0].decision, LineDecision::Approved);
			assert_eq!(UnitsBilled::<Test>::get(PHARMACY), 3);
		});
	}

	/// Attack: two units in one claim on one dispensing (the same drug in two pack sizes, two
	/// codes), or a second line the same day pended as a suspected duplicate and approved on
	/// review without its unit ever being counted.
	#[test]
	fn every_line_of_a_claim_draws_on_a_dispensing_of_its_own() {
		run(|| {
			covered();
			another_pack_size();
			dispensed(1);
			let mut other = drug(2, 45);
			other.code = code(OTHER_PACK);
			let filed = claim(vec![drug(1, 40), other]);
			assert_eq!(filed.results[0].decision, LineDecision::Approved);
			assert_eq!(filed.results[1].cause, Some(Reason::ProductNotEligible));
			// The same drug the same day, charged otherwise: a suspected duplicate, but its unit
			// is counted first.
			let suspected = claim(vec![drug(3, 41)]);
			assert_eq!(suspected.results[0].cause, Some(Reason::ProductNotEligible));
			dispensed(1);
			let suspected = claim(vec![drug(3, 41)]);
			assert_eq!(suspected.results[0].decision, LineDecision::Pended);
			assert_eq!(UnitsBilled::<Test>::get(PHARMACY), 2);
		});
	}

	/// What every member reads of a pharmacy line: a token, not the unit. The supply chain shows
	/// every unit and who dispensed it, and the claim names the patient: the unit's identifier
	/// in the claim would tell every member which drug the patient got.
	#[test]
	fn a_pharmacy_line_names_its_unit_by_a_token_only_the_plan_s_key_reads() {
		run(|| {
			covered();
			dispensed(1);
			let filed = claim(vec![drug(7, 40)]);
			let token = filed.lines[0].drug_unit.unwrap();
			let element_string = b"(01)00312345678906(21)SN0007";
			use caduceus_primitives::{billing_codes::unit_token, doubles::TEST_BILLING_KEY};
			assert_eq!(token, unit_token(&TEST_BILLING_KEY, element_string));
			assert_ne!(token, unit_token(&[0; 32], element_string));
			assert_eq!(UnitsClaimed::<Test>::get(token), Some(0));
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
			// A code in clear, not its token under the plan's key: every member would read it.
			for clear in [&b"99213"[..], b"99213           "] {
				let mut in_clear = line("99213", 1, 100);
				in_clear.code = clear.to_vec().try_into().unwrap();
				assert_noop!(
					submit(&physician(), PATIENT, 0, START, vec![in_clear], vec![]),
					Error::InvalidLine
				);
			}
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
				first_verdict(&again),
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
	use frame_support::traits::fungible::{InspectHold, Mutate};

	/// A plan with no deductible, co-pay or co-insurance: the plan pays the charge.
	/// Terms that pay every approved line in full: no deductible, co-pay or co-insurance.
	fn free_terms() -> PlanTermsOf<Test> {
		let mut free = terms();
		free.deductible = 0;
		free.copay = 0;
		free.coinsurance = Permill::zero();
		free
	}

	fn generous() {
		assert_ok!(Claims::define_plan(by(INSURER), free_terms(), officer()));
		let coverage = Coverage { start: START - 30 * DAY_MS, end: START + 365 * DAY_MS };
		assert_ok!(Claims::enrol(by(INSURER), 0, PATIENT, coverage));
	}

	/// The claims waiting in the insurer's queue, first to last.
	fn queue() -> Vec<ClaimId> {
		let mut at = QueueEnds::<Test>::get(INSURER).map(|ends| ends.first);
		let mut order = vec![];
		while let Some(id) = at {
			order.push(id);
			at = Queue::<Test>::get(id).unwrap().behind;
		}
		order
	}

	#[test]
	fn an_approved_claim_waits_for_funds_and_is_paid_on_top_up() {
		run(|| {
			generous();
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
			assert_eq!((queue(), Owed::<Test>::get(INSURER)), (vec![0], 100));
			assert_noop!(Claims::pay_claim(signed(&stranger()), 0), Error::InsufficientPool);
			assert_ok!(Claims::fund_pool(by(INSURER), 60));
			assert_eq!(Filed::<Test>::get(0).unwrap().payment, Payment::Paid);
			assert!(queue().is_empty());
			assert_eq!(
				(Balances::balance(&admin(HOSPITAL)), Claims::pool_balance(INSURER)),
				(1_000_100, 10)
			);
			assert_noop!(Claims::pay_claim(signed(&stranger()), 0), Error::NothingOwed);
			assert_noop!(Claims::pay_claim(signed(&stranger()), 9), Error::UnknownClaim);
		});
	}

	/// Attack: a provider (or anyone) pays a smaller claim from the middle of the queue, or a
	/// new claim is paid at once, ahead of providers who waited longer.
	#[test]
	fn the_queue_is_paid_strictly_in_order() {
		run(|| {
			generous();
			claim_on(START - DAY_MS, vec![line("99213", 1, 100)]);
			claim_on(START - 2 * DAY_MS, vec![line("99213", 1, 50)]);
			assert_ok!(Claims::fund_pool(by(INSURER), 60));
			assert_eq!(queue(), vec![0, 1], "the first cannot be paid: nobody is");
			assert_noop!(Claims::pay_claim(signed(&physician()), 1), Error::NotFirstInQueue);
			// A new claim the pool could pay waits behind them.
			let late = claim_on(START - 3 * DAY_MS, vec![line("99213", 1, 10)]);
			assert_eq!(late.payment, Payment::Unpaid);
			assert_eq!(queue(), vec![0, 1, 2]);
			// MaxPaymentsPerCall is 2: the top-up pays the first two; the third is paid next.
			assert_ok!(Claims::fund_pool(by(INSURER), 100));
			assert_eq!(queue(), vec![2]);
			assert_ok!(Claims::pay_claim(signed(&stranger()), 2));
			assert!(queue().is_empty());
			assert_eq!(Claims::pool_balance(INSURER), 0);
		});
	}

	#[test]
	fn an_insurers_payment_queue_is_read_in_pages_in_the_order_it_pays() {
		run(|| {
			generous();
			for (day, amount) in [(1, 100), (2, 50), (3, 10)] {
				claim_on(START - day * DAY_MS, vec![line("99213", 1, amount)]);
			}
			let first = Claims::payment_queue(INSURER, None, 2).unwrap();
			assert_eq!(first, vec![(0, 100), (1, 50)]);
			assert_eq!(Claims::payment_queue(INSURER, Some(1), 2).unwrap(), vec![(2, 10)]);
			assert!(Claims::payment_queue(INSURER, Some(2), 2).unwrap().is_empty());
			// The top-up pays the first two (MaxPaymentsPerCall): a reader at claim 1 resumes
			// at the head, where the pool pays next.
			assert_ok!(Claims::fund_pool(by(INSURER), 150));
			assert_eq!(Claims::payment_queue(INSURER, Some(1), 2).unwrap(), vec![(2, 10)]);
			use caduceus_primitives::QueryError;
			assert_eq!(Claims::payment_queue(INSURER, None, 0), Err(QueryError::BadPageSize));
			assert_eq!(Claims::payment_queue(INSURER, None, 11), Err(QueryError::BadPageSize));
			assert_eq!(Claims::payment_queue(77, None, 2), Err(QueryError::UnknownOrganisation));
		});
	}

	/// Attack: a reader passes a claim waiting for another insurer as the cursor of an
	/// insurer's queue, and is walked down the other insurer's queue as if it were this one's.
	#[test]
	fn a_cursor_from_another_insurers_queue_does_not_read_that_queue() {
		run(|| {
			generous();
			assert_ok!(Claims::define_plan(by(OTHER_INSURER), free_terms(), other_officer()));
			let coverage = Coverage { start: START - 30 * DAY_MS, end: START + 365 * DAY_MS };
			assert_ok!(Claims::enrol(by(OTHER_INSURER), 1, PATIENT, coverage));
			// The patient lets the other insurer's claims officer see what it pays for.
			TestConsent::permit(
				PATIENT,
				&other_officer(),
				caduceus_primitives::AccessGround::Consent(4),
			);
			claim_on(START - DAY_MS, vec![line("99213", 1, 100)]);
			for day in [2, 3] {
				assert_ok!(Claims::submit_claim(
					signed(&physician()),
					PATIENT,
					1,
					START - day * DAY_MS,
					lines(vec![line("99213", 1, 70)]),
					no_evidence()
				));
			}
			assert_eq!(Claims::payment_queue(OTHER_INSURER, None, 10).unwrap(), [(1, 70), (2, 70)]);
			let page = Claims::payment_queue(INSURER, Some(1), 10).unwrap();
			assert_eq!(page, [(0, 100)], "the insurer's own queue, from its head");
		});
	}

	/// A patient's wallet, the provider's billing desk and the insurer's portal each list their
	/// own claims, newest first, with the remittance, and nobody else's.
	#[test]
	fn each_party_pages_through_its_own_claims_newest_first() {
		run(|| {
			covered();
			dispensed(1);
			for day in 1..=3 {
				claim_on(START - day * DAY_MS, vec![line("99213", 1, 100)]);
			}
			claim(vec![drug(1, 40)]);
			let ids = |page: Vec<(ClaimId, ClaimOf<Test>)>| -> Vec<ClaimId> {
				page.into_iter().map(|(id, _)| id).collect()
			};
			let patient = ClaimParty::Patient(PATIENT);
			let first = Claims::claims_of(patient, None, 3).unwrap();
			assert_eq!(ids(first.clone()), [3, 2, 1]);
			assert_eq!(first[1].1.payment, Payment::Paid, "the remittance comes along");
			assert_eq!(first[1].1.results[0].benefit, first[1].1.paid);
			assert_eq!(ids(Claims::claims_of(patient, Some(1), 3).unwrap()), [0]);
			let hospital = Claims::claims_of(ClaimParty::Provider(HOSPITAL), None, 10).unwrap();
			assert_eq!(ids(hospital), [2, 1, 0]);
			let pharmacy = Claims::claims_of(ClaimParty::Provider(PHARMACY), None, 10).unwrap();
			assert_eq!(ids(pharmacy), [3]);
			let insurer = Claims::claims_of(ClaimParty::Insurer(INSURER), None, 10).unwrap();
			assert_eq!(ids(insurer), [3, 2, 1, 0]);
			let others = [ClaimParty::Patient(OTHER_PATIENT), ClaimParty::Insurer(OTHER_INSURER)];
			for party in others {
				assert!(Claims::claims_of(party, None, 10).unwrap().is_empty());
			}

			use caduceus_primitives::QueryError;
			assert_eq!(Claims::claims_of(patient, None, 0), Err(QueryError::BadPageSize));
			assert_eq!(Claims::claims_of(patient, None, 11), Err(QueryError::BadPageSize));
			let unknown = Claims::claims_of(ClaimParty::Patient(77), None, 1);
			assert_eq!(unknown, Err(QueryError::UnknownPatient));
			let unknown = Claims::claims_of(ClaimParty::Provider(77), None, 1);
			assert_eq!(unknown, Err(QueryError::UnknownOrganisation));
		});
	}

	#[test]
	fn pools_are_funded_by_the_insurers_admin_into_the_insurers_account() {
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
			// The first funding also pays the existential deposit of the pool's account.
			let existential = <Balances as Inspect<_>>::minimum_balance();
			assert_eq!(Balances::balance(&admin(INSURER)), 1_000_000 - 500 - existential);
			let pool = Claims::pool_account(INSURER);
			assert_ne!(pool, admin(INSURER));
			assert_eq!(
				Balances::balance_on_hold(&crate::HoldReason::PaymentPool.into(), &pool),
				500
			);
			assert_ne!(Claims::pool_account(OTHER_INSURER), pool, "one account per insurer");
		});
	}

	/// Attack (on the insurer): the admin key changes hands or is lost and the pool is stuck on
	/// the old key. The pool is the organisation's: the new admin funds and withdraws it, the
	/// claims officers' decisions pay from it, the old admin can do neither.
	#[test]
	fn the_pool_belongs_to_the_insurer_and_survives_a_change_of_admin() {
		run(|| {
			covered();
			let successor = AccountId32::new([30; 32]);
			Balances::set_balance(&successor, 1_000);
			TestRegistry::remove_admin(&admin(INSURER));
			TestRegistry::set_admin(&successor, INSURER);
			assert_noop!(Claims::fund_pool(by(INSURER), 10), Error::NotAnInsurer);
			assert_noop!(Claims::withdraw_pool(by(INSURER), 10), Error::NotAnInsurer);
			assert_ok!(Claims::fund_pool(signed(&successor), 500));
			assert_eq!(Claims::pool_balance(INSURER), 100_500);
			claim(vec![line("99213", 3, 300)]);
			assert_eq!(Filed::<Test>::get(0).unwrap().payment, Payment::Paid);
			assert_ok!(Claims::withdraw_pool(signed(&successor), 100));
			assert_eq!(Balances::balance(&successor), 600);
		});
	}

	/// The insurer takes back only what its waiting claims are not owed.
	#[test]
	fn an_insurer_withdraws_only_the_surplus() {
		run(|| {
			generous();
			assert_ok!(Claims::fund_pool(by(INSURER), 60));
			claim(vec![line("99213", 1, 100)]);
			assert_eq!(Claims::pool_surplus(INSURER), 0);
			assert_noop!(Claims::withdraw_pool(by(INSURER), 1), Error::OwedToProviders);
			assert_noop!(Claims::withdraw_pool(by(INSURER), 0), Error::ZeroAmount);
			assert_noop!(Claims::withdraw_pool(signed(&officer()), 1), Error::NotAnInsurer);
			assert_ok!(Claims::fund_pool(by(INSURER), 200));
			assert_eq!(Claims::pool_surplus(INSURER), 160);
			assert_ok!(Claims::withdraw_pool(by(INSURER), 150));
			assert_eq!(
				last_event(),
				Event::PoolWithdrawn { insurer: INSURER, amount: 150, held: 10 }
			);
			assert_noop!(Claims::withdraw_pool(by(INSURER), 11), Error::OwedToProviders);
		});
	}

	/// The consortium moves a revoked insurer's surplus; what providers are owed stays.
	#[test]
	fn the_consortium_moves_a_revoked_insurers_surplus() {
		run(|| {
			generous();
			assert_ok!(Claims::fund_pool(by(INSURER), 60));
			claim(vec![line("99213", 1, 100)]);
			assert_ok!(Claims::fund_pool(by(INSURER), 90));
			claim_on(START - 2 * DAY_MS, vec![line("99213", 1, 200)]);
			let receiver = AccountId32::new([31; 32]);
			assert_noop!(
				Claims::move_pool(signed(&admin(INSURER)), INSURER, receiver.clone()),
				sp_runtime::DispatchError::BadOrigin
			);
			assert_noop!(
				Claims::move_pool(RuntimeOrigin::root(), INSURER, receiver.clone()),
				Error::InsurerNotRevoked
			);
			TestRegistry::set_organisation(INSURER, OrgKind::Insurer, OrgStatus::Revoked);
			assert_noop!(
				Claims::move_pool(RuntimeOrigin::root(), INSURER, receiver.clone()),
				Error::NoSurplus
			);
			TestRegistry::set_organisation(INSURER, OrgKind::Insurer, OrgStatus::Active);
			assert_ok!(Claims::fund_pool(by(INSURER), 300));
			TestRegistry::set_organisation(INSURER, OrgKind::Insurer, OrgStatus::Revoked);
			assert_ok!(Claims::move_pool(RuntimeOrigin::root(), INSURER, receiver.clone()));
			assert_eq!(
				last_event(),
				Event::PoolMoved { insurer: INSURER, to: receiver.clone(), amount: 250, held: 0 }
			);
			assert_eq!(Balances::balance(&receiver), 250);
		});
	}

	#[test]
	fn a_provider_without_an_admin_account_cannot_be_paid_yet() {
		run(|| {
			covered();
			TestRegistry::set_organisation(9, OrgKind::Clinic, OrgStatus::Active);
			let clinician = AccountId32::new([90; 32]);
			TestRegistry::set_practitioner(&clinician, 9, Role::Physician, Standing::Active);
			TestConsent::treating(PATIENT, 9, 0, u64::MAX);
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
			// It does not hold up the providers behind it: a top-up sends it to the back.
			claim(vec![line("99213", 3, 300)]);
			assert_eq!(queue(), vec![0, 1]);
			assert_ok!(Claims::fund_pool(by(INSURER), 10));
			assert_eq!(Filed::<Test>::get(1).unwrap().payment, Payment::Paid);
			assert_eq!(queue(), vec![0]);
		});
	}

	/// Attack: two identical lines in one claim, both only "suspected" duplicates of another
	/// claim's line, both approved on review. The second is an exact twin of the first.
	#[test]
	fn a_review_cannot_approve_exact_twins_within_one_claim() {
		run(|| {
			covered();
			claim(vec![line("99213", 1, 100)]);
			let twins = claim(vec![line("99213", 2, 150), line("99213", 2, 150)]);
			assert_eq!(twins.results[0].decision, LineDecision::Pended);
			assert_eq!((twins.results[1].decision, twins.results[1].cause), DUPLICATE);
			assert_ok!(Claims::review_claim(signed(&officer()), 1, true));
			let reviewed = Filed::<Test>::get(1).unwrap();
			assert_eq!(reviewed.results[0].decision, LineDecision::Approved);
			assert_eq!(reviewed.results[1].decision, LineDecision::Denied);
		});
	}
}

mod appeals {
	use super::*;

	/// Overturned, an appeal makes the payment-consent check again, and pays for it only off
	/// its fast path; upheld, it makes no check.
	#[test]
	fn an_appeal_pays_for_its_consent_check_only_off_its_fast_path() {
		use caduceus_primitives::{doubles::TEST_CONSENT_CHECK_WEIGHT as CHECK, AccessGround};
		use frame_support::{dispatch::GetDispatchInfo, traits::UnfilteredDispatchable};
		run(|| {
			covered();
			let decide = |claim: ClaimId, overturn: bool| {
				let call = crate::Call::<Test>::decide_appeal { claim, overturn };
				let declared = call.get_dispatch_info().call_weight;
				let post = call.dispatch_bypass_filter(signed(&officer())).expect("decided");
				(declared, post.actual_weight.expect("the charge is reported"))
			};
			for day in 1..=3 {
				let denied = claim_on(START - day * DAY_MS, vec![line("70551", 1, 800)]);
				assert_eq!(denied.outcome, Outcome::Denied, "no prior authorisation");
				let id = NextClaimId::<Test>::get() - 1;
				assert_ok!(Claims::appeal(signed(&physician()), id, H256::repeat_byte(5)));
			}
			// The call's own weight, at the most lines a claim has (`PathWeights`).
			let own =
				Weight::from_parts(
					2_000
						+ u64::from(
							<<Test as Config>::MaxLinesPerClaim as frame_support::traits::Get<
								u32,
							>>::get(),
						),
					0,
				);
			assert_eq!(decide(0, true), (own + CHECK, own), "declared at the check's worst case");
			assert_eq!(Filed::<Test>::get(0).unwrap().outcome, Outcome::Approved);
			TestConsent::permit_off_fast_path(PATIENT, &officer(), AccessGround::Consent(3));
			assert_eq!(decide(1, true), (own + CHECK, own + CHECK));
			assert_eq!(Filed::<Test>::get(1).unwrap().outcome, Outcome::Approved);
			assert_eq!(decide(2, false), (own + CHECK, own), "upheld: no check");
		});
	}

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
			assert_ok!(Claims::appeal(by(HOSPITAL), 0, H256::repeat_byte(5)));
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
			// Only the submitter or an administrator of the provider: not a stranger, another
			// provider, the patient, or a colleague who did not submit it.
			let colleague = AccountId32::new([15; 32]);
			TestRegistry::set_practitioner(&colleague, HOSPITAL, Role::Nurse, Standing::Active);
			for who in [stranger(), pharmacist(), patient(), colleague] {
				assert_noop!(
					Claims::appeal(signed(&who), 1, H256::zero()),
					Error::NotSubmitterOrAdministrator
				);
			}
			// A submitter who left the provider no longer speaks for it.
			TestRegistry::set_practitioner(
				&physician(),
				HOSPITAL,
				Role::Physician,
				Standing::AttestationLapsed,
			);
			assert_noop!(
				Claims::appeal(signed(&physician()), 1, H256::zero()),
				Error::NotSubmitterOrAdministrator
			);
			TestRegistry::set_practitioner(
				&physician(),
				HOSPITAL,
				Role::Physician,
				Standing::Active,
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
			dispensed(3);
			claim(vec![drug(1, 40)]);
			let again = claim_on(START - 2 * DAY_MS, vec![drug(1, 40)]);
			assert_eq!(again.results[0].cause, Some(Reason::Duplicate));
			// A suspected duplicate is pended and holds its unit; denied on review, it frees the
			// unit and the dispensing it drew on.
			claim_on(START - 3 * DAY_MS, vec![drug(2, 40)]);
			let pended = claim_on(START - 3 * DAY_MS, vec![drug(3, 41)]);
			assert_eq!(pended.results[0].decision, LineDecision::Pended);
			assert_eq!(billing(3), (Some(3), 3));
			assert_ok!(Claims::review_claim(signed(&officer()), 3, false));
			assert_eq!(billing(3), (None, 2));
		});
	}

	/// Attack: a pharmacist bills an office visit by naming a drug unit on its line (any line
	/// naming a unit counted as a pharmacy line), and the visit is priced and paid to the
	/// pharmacy; a visit line carrying a unit could also bill one unit twice.
	#[test]
	fn a_pharmacist_cannot_bill_a_visit_by_naming_a_unit() {
		run(|| {
			covered();
			dispensed(2);
			let mut visit = line("99213", 1, 100);
			visit.drug_unit = Some(unit(1));
			for who in [pharmacist(), physician()] {
				assert_noop!(
					Claims::submit_claim(
						signed(&who),
						PATIENT,
						0,
						START - DAY_MS,
						lines(vec![visit.clone()]),
						no_evidence()
					),
					Error::DrugUnitOnService
				);
			}
			// A drug the plan does not cover is the pharmacist's to bill, and is denied.
			let mut uncovered = drug(2, 40);
			uncovered.code = code("00099999999");
			let denied = claim(vec![uncovered]);
			assert_eq!(denied.results[0].cause, Some(Reason::NotCovered));
			assert_eq!(billing(2), (None, 0));
		});
	}

	/// Attack: a provider's system publishes a code in clear next to the patient by padding it
	/// with zero bytes (as a zero-filled array holds it), or names a drug unit by its GTIN in
	/// clear: every member would read which service or drug the patient got.
	#[test]
	fn a_code_or_unit_in_clear_padded_with_zeros_is_refused() {
		run(|| {
			covered();
			dispensed(1);
			let padded = |text: &[u8], right: bool| {
				let mut bytes = [0u8; 16];
				let at = if right { 16 - text.len() } else { 0 };
				bytes[at..at + text.len()].copy_from_slice(text);
				bytes
			};
			for code in [padded(b"99213", false), padded(b"99213", true)] {
				let mut in_clear = line("99213", 1, 100);
				in_clear.code = code.to_vec().try_into().unwrap();
				assert_noop!(
					Claims::submit_claim(
						signed(&physician()),
						PATIENT,
						0,
						START - DAY_MS,
						lines(vec![in_clear]),
						no_evidence()
					),
					Error::InvalidLine
				);
			}
			let mut gtin = drug(1, 40);
			gtin.drug_unit = Some(padded(b"00312345678906", false));
			assert_noop!(
				Claims::submit_claim(
					signed(&pharmacist()),
					PATIENT,
					0,
					START - DAY_MS,
					lines(vec![gtin]),
					no_evidence()
				),
				Error::InvalidLine
			);
		});
	}

	/// Attack: under a plan that does not ask pharmacy lines for a unit, a pharmacy names the
	/// same unit on two claims and both are paid.
	#[test]
	fn a_unit_is_billed_once_even_when_the_plan_does_not_ask_for_units() {
		run(|| {
			covered();
			let mut without_units = terms();
			without_units.pharmacy_needs_unit = false;
			assert_ok!(Claims::amend_plan(by(INSURER), 0, without_units, None));
			let first = claim(vec![drug(1, 40)]);
			assert_eq!(first.results[0].decision, LineDecision::Approved);
			let again = claim_on(START - 2 * DAY_MS, vec![drug(1, 40)]);
			assert_eq!(first_verdict(&again), DUPLICATE);
			assert_eq!(billing(1), (Some(0), 1));
		});
	}

	/// A pended line approved on review can still be denied (the year's units ran out while it
	/// waited): it used to keep its unit and the pharmacy's dispensing for good, and its service
	/// in the duplicate index, though nothing of it stands.
	#[test]
	fn a_line_denied_when_reviewed_lets_go_of_its_unit_and_dispensing() {
		run(|| {
			covered();
			dispensed(3);
			claim(vec![drug(1, 40)]);
			let pended = claim(vec![drug(2, 41)]);
			assert_eq!(pended.results[0].decision, LineDecision::Pended);
			// The rest of the year's 30 units, another day.
			let mut rest = drug(3, 40);
			rest.units = 29;
			claim_on(START - 2 * DAY_MS, vec![rest]);
			assert_eq!(billing(2), (Some(1), 3));
			assert_ok!(Claims::review_claim(signed(&officer()), 1, true));
			let reviewed = Filed::<Test>::get(1).unwrap().results[0].clone();
			assert_eq!(reviewed.cause, Some(Reason::BenefitMaximum));
			assert_eq!(billing(2), (None, 2));
		});
	}

	/// Attack: a provider bills one service twice in a claim together with a line sure to be
	/// denied, appeals, and gets the duplicate paid when the appeal is overturned.
	#[test]
	fn an_overturned_appeal_cannot_pay_a_duplicate_of_a_line_of_the_same_claim() {
		run(|| {
			covered();
			let filed =
				claim(vec![line("99213", 1, 100), line("99213", 1, 100), line("70551", 1, 800)]);
			assert_eq!(filed.results[1].cause, Some(Reason::Duplicate));
			assert_eq!(filed.results[2].cause, Some(Reason::PriorAuthorisationAbsent));
			assert_ok!(Claims::appeal(signed(&physician()), 0, H256::zero()));
			assert_ok!(Claims::decide_appeal(signed(&officer()), 0, true));
			let overturned = Filed::<Test>::get(0).unwrap();
			assert_eq!((overturned.results[1].decision, overturned.results[1].cause), DUPLICATE);
			assert_eq!(overturned.results[2].decision, LineDecision::Approved);
		});
	}

	/// Attack: the same drug unit billed on two lines of one claim, the second denied as a
	/// duplicate, then paid through an overturned appeal.
	#[test]
	fn an_overturned_appeal_cannot_pay_a_drug_unit_billed_twice_in_one_claim() {
		run(|| {
			covered();
			// The same unit billed again under the other pack size's code.
			another_pack_size();
			dispensed(1);
			let mut again = drug(1, 45);
			again.code = code(OTHER_PACK);
			let filed = claim(vec![drug(1, 40), again]);
			assert_eq!(filed.results[1].cause, Some(Reason::Duplicate));
			assert_ok!(Claims::appeal(signed(&pharmacist()), 0, H256::zero()));
			assert_ok!(Claims::decide_appeal(signed(&officer()), 0, true));
			let overturned = Filed::<Test>::get(0).unwrap();
			assert_eq!((overturned.results[1].decision, overturned.results[1].cause), DUPLICATE);
		});
	}

	/// Attack: a claim with a paid service and a pended suspected duplicate of it; denying the
	/// pended line on review used to erase the paid line's duplicate protection, so an exact
	/// copy of the paid service filed later was paid again.
	#[test]
	fn denying_a_pended_sibling_keeps_the_paid_lines_duplicate_protection() {
		run(|| {
			covered();
			let filed = claim(vec![line("99213", 1, 100), line("99213", 2, 300)]);
			assert_eq!(filed.results[0].decision, LineDecision::Approved);
			assert_eq!(filed.results[1].decision, LineDecision::Pended);
			assert_ok!(Claims::review_claim(signed(&officer()), 0, false));
			let again = claim(vec![line("99213", 1, 100)]);
			assert_eq!(first_verdict(&again), DUPLICATE);
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
					needs_evidence: false,
				})
				.unwrap();
			assert_noop!(
				Claims::amend_plan(by(INSURER), 0, more.clone(), Some(physician())),
				Error::NotAClaimsOfficer
			);
			assert_ok!(Claims::amend_plan(by(INSURER), 0, more, Some(officer())));
			assert_eq!(last_event(), Event::PlanAmended { plan: 0, version: 2 }, "no change");
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

	/// Pseudo-random inputs from a fixed seed.
	struct Inputs(caduceus_primitives::doubles::Xorshift);

	impl Inputs {
		fn new(seed: u64) -> Self {
			Self(caduceus_primitives::doubles::Xorshift(seed))
		}
		fn next(&mut self) -> u64 {
			self.0.next()
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
		let mut inputs = Inputs::new(0x5EED_CADu64);
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
			let mut inputs = Inputs::new(42);
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

/// Version 2 → 3 on state written the version-2 way: pharmacy lines naming their units by
/// identifier, `UnitsClaimed` keyed by it, no count of billed units.
mod migration {
	use super::*;
	use crate::migrations::v3::{forgotten_unit, v2, MigrateToV3};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	/// Rewrites the claims as version 2 stored them, units named by their serial number.
	fn downgrade() {
		let number = |token: UnitToken| (0..100).find(|n| unit(*n) == token).unwrap();
		for (id, c) in Filed::<Test>::iter().collect::<Vec<_>>() {
			let lines = c
				.lines
				.iter()
				.map(|l| v2::ClaimLine {
					code: l.code.clone(),
					units: l.units,
					charged: l.charged,
					prior_authorisation: l.prior_authorisation,
					drug_unit: l.drug_unit.map(number),
					evidence: l.evidence,
				})
				.collect();
			let old = v2::Claim {
				patient: c.patient,
				plan: c.plan,
				plan_version: c.plan_version,
				provider: c.provider,
				submitted_by: c.submitted_by.clone(),
				date_of_service: c.date_of_service,
				submitted_at: c.submitted_at,
				lines,
				results: c.results.to_vec(),
				line_states: c.line_states.to_vec(),
				evidence: c.evidence.to_vec(),
				outcome: c.outcome,
				payment: c.payment,
				paid: c.paid,
				decisions: c.decisions.to_vec(),
				appeal: c.appeal,
			};
			frame_support::storage::unhashed::put(&Filed::<Test>::hashed_key_for(id), &old);
		}
		for (token, id) in UnitsClaimed::<Test>::drain().collect::<Vec<_>>() {
			v2::UnitsClaimed::<Test, DrugUnit>::insert(number(token), id);
		}
		let _ = UnitsBilled::<Test>::clear(u32::MAX, None);
		StorageVersion::new(2).put::<Claims>();
	}

	#[test]
	fn version_2_units_become_tokens_that_say_nothing_of_the_unit() {
		run(|| {
			covered();
			dispensed(3);
			claim(vec![drug(1, 40)]); // 0: approved
			claim_on(START - 2 * DAY_MS, vec![drug(1, 40)]); // 1: denied, billed already
			claim_on(START - 3 * DAY_MS, vec![drug(2, 40)]); // 2: approved
			claim_on(START - 3 * DAY_MS, vec![drug(3, 41)]); // 3: pended
			let before: Vec<_> = Filed::<Test>::iter().collect();
			downgrade();

			MigrateToV3::<Test, DrugUnit>::on_runtime_upgrade();

			assert_eq!(Claims::on_chain_storage_version(), 3);
			// Every claim is as it was but for its units, which are tokens of the claim's line.
			for (id, claim) in &before {
				let mut expected = claim.clone();
				for (i, line) in expected.lines.iter_mut().enumerate() {
					line.drug_unit = line.drug_unit.map(|_| forgotten_unit(*id, i as u32));
				}
				assert_eq!(Filed::<Test>::get(id).as_ref(), Some(&expected), "claim {id}");
			}
			let mut billed: Vec<_> = UnitsClaimed::<Test>::iter().collect();
			billed.sort_by_key(|(_, id)| *id);
			let standing = [0, 2, 3].map(|id| (forgotten_unit(id, 0), id));
			assert_eq!(billed, standing.to_vec());
			assert_eq!(UnitsBilled::<Test>::get(PHARMACY), 3);
			// No entry keyed the version-2 way is left.
			use frame_support::storage::StoragePrefixedMap;
			let prefix = UnitsClaimed::<Test>::final_prefix().to_vec();
			let raw = frame_support::storage::PrefixIterator::<()>::new(
				prefix.clone(),
				prefix,
				|_, _| Ok(()),
			);
			assert_eq!(raw.count(), 3);
			// Once upgraded, the pharmacy has used its three dispensings, and bills on.
			let fourth = claim_on(START - 4 * DAY_MS, vec![drug(4, 40)]);
			assert_eq!(fourth.results[0].cause, Some(Reason::ProductNotEligible));
			assert_ok!(Claims::review_claim(signed(&officer()), 3, false));
			let fourth = claim_on(START - 5 * DAY_MS, vec![drug(4, 40)]);
			assert_eq!(fourth.results[0].decision, LineDecision::Approved);
			// `run` checks every invariant now.
		});
	}
}

/// Version 3 → 4 on claims filed before their parties' lists existed.
mod migration_v4 {
	use super::*;
	use crate::migrations::v4::MigrateToV4;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	#[test]
	fn version_3_claims_are_listed_under_their_patient_provider_and_insurer() {
		run(|| {
			covered();
			dispensed(1);
			claim(vec![line("99213", 1, 100)]);
			claim(vec![drug(1, 40)]);
			let _ = ClaimsOf::<Test>::clear(u32::MAX, None);
			StorageVersion::new(3).put::<Claims>();

			MigrateToV4::<Test>::on_runtime_upgrade();

			assert_eq!(Claims::on_chain_storage_version(), 4);
			let listed = |party| -> Vec<ClaimId> {
				Claims::claims_of(party, None, 10).unwrap().into_iter().map(|(id, _)| id).collect()
			};
			assert_eq!(listed(ClaimParty::Patient(PATIENT)), [1, 0]);
			assert_eq!(listed(ClaimParty::Insurer(INSURER)), [1, 0]);
			assert_eq!(listed(ClaimParty::Provider(HOSPITAL)), [0]);
			assert_eq!(listed(ClaimParty::Provider(PHARMACY)), [1]);
			// `run` checks every invariant now, the lists included.
		});
	}
}

/// Version 4 → 5 on pools whose amounts were recorded beside their holds.
mod migration_v5 {
	use super::*;
	use crate::migrations::v5::{v4, MigrateToV5};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	#[test]
	fn version_4_pool_records_are_forgotten_and_pools_pay_from_their_holds() {
		run(|| {
			covered();
			v4::Pools::<Test>::insert(INSURER, Claims::pool_balance(INSURER));
			StorageVersion::new(4).put::<Claims>();

			MigrateToV5::<Test>::on_runtime_upgrade();

			assert_eq!(Claims::on_chain_storage_version(), 5);
			assert!(v4::Pools::<Test>::iter().next().is_none());
			let before = Claims::pool_balance(INSURER);
			assert_eq!(claim(vec![line("99213", 3, 300)]).payment, Payment::Paid);
			assert_eq!(Claims::pool_balance(INSURER), before - 64, "paid from the hold");
		});
	}
}

/// Version 5 → 6 on a duplicate index that held one claim per service.
mod migration_v6 {
	use super::*;
	use crate::{
		features::claims::day,
		migrations::v6::{v5, MigrateToV6},
	};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	#[test]
	fn every_standing_claim_of_a_service_is_indexed_after_version_5() {
		run(|| {
			covered();
			claim(vec![line("99213", 1, 100)]);
			claim(vec![line("99213", 1, 90)]);
			assert_ok!(Claims::review_claim(signed(&officer()), 1, true));
			// Version 5 indexed the first claim only.
			let key = (PATIENT, HOSPITAL, day(START - DAY_MS));
			let _ = ServicesClaimed::<Test>::clear(u32::MAX, None);
			v5::ServicesClaimed::<Test>::insert(key, code("99213"), (0, 1, 100));
			StorageVersion::new(5).put::<Claims>();

			MigrateToV6::<Test>::on_runtime_upgrade();

			assert_eq!(Claims::on_chain_storage_version(), 6);
			assert_eq!(
				ServicesClaimed::<Test>::get(key, code("99213")).into_inner(),
				vec![(0, 1, 100), (1, 1, 90)]
			);
			let copy = claim(vec![line("99213", 1, 90)]);
			assert_eq!(copy.results[0].cause, Some(Reason::Duplicate));
			// `run` checks every invariant now, the index included.
		});
	}
}

mod quotas {
	use super::*;
	use caduceus_primitives::{doubles::TestQuota, Holder};

	#[test]
	fn an_insurer_cannot_grow_state_beyond_its_quota() {
		run(|| {
			let insurer = Holder::Organisation(INSURER);
			// A plan (two items: it and its first version) and one coverage.
			TestQuota::limit(insurer, 3);
			covered();
			assert_eq!(TestQuota::used(insurer), 3);
			// Changing a coverage adds nothing...
			let coverage = Coverage { start: START, end: START + DAY_MS };
			assert_ok!(Claims::enrol(signed(&officer()), 0, PATIENT, coverage));
			// ...a new one, a new version or a new plan would.
			assert_noop!(
				Claims::enrol(signed(&officer()), 0, OTHER_PATIENT, coverage),
				Error::QuotaExceeded
			);
			assert_noop!(Claims::amend_plan(by(INSURER), 0, terms(), None), Error::QuotaExceeded);
			assert_noop!(
				Claims::define_plan(by(INSURER), terms(), officer()),
				Error::QuotaExceeded
			);
		});
	}

	#[test]
	fn a_provider_cannot_grow_state_beyond_its_quota() {
		run(|| {
			covered();
			TestQuota::limit(Holder::Organisation(HOSPITAL), 2);
			claim(vec![line("99213", 1, 100)]);
			assert_ok!(Claims::request_prior_authorisation(
				signed(&physician()),
				PATIENT,
				0,
				code("70551"),
				2
			));
			assert_noop!(
				Claims::submit_claim(
					signed(&physician()),
					PATIENT,
					0,
					START - 2 * DAY_MS,
					lines(vec![line("99213", 1, 100)]),
					no_evidence()
				),
				Error::QuotaExceeded
			);
			assert_noop!(
				Claims::request_prior_authorisation(
					signed(&physician()),
					PATIENT,
					0,
					code("70551"),
					1
				),
				Error::QuotaExceeded
			);
		});
	}
}
