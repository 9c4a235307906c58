//! Benchmarks of every call at its worst case: the most services in a plan, the most lines in a
//! claim, each a pharmacy line under prior authorisation with its own code (so each touches the
//! accumulator, an authorisation and a drug unit), the most evidence, the longest queue of
//! claims waiting for funds.

use super::*;
use crate::Pallet as ClaimsPallet;
use alloc::vec::Vec;
use caduceus_primitives::{benchmarking::Participants, OrgKind, Role, DAY_MS};
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use sp_runtime::{Permill, Saturating};

/// A code numbered `n`, the longest (12 characters).
fn code(n: u32) -> ServiceCode {
	let mut text = b"SVC".to_vec();
	text.extend_from_slice(alloc::format!("{n:09}").as_bytes());
	text.try_into().expect("12 characters")
}

fn money<T: Config>(amount: u32) -> BalanceOf<T> {
	BalanceOf::<T>::from(amount)
}

/// The most services, each needing prior authorisation and a dispensed unit, so that every line
/// runs every edit.
fn terms<T: Config>(services: u32) -> PlanTermsOf<T> {
	let services: Vec<_> = (0..services)
		.map(|n| CoveredService {
			code: code(n),
			unit_price_cap: money::<T>(1_000),
			units_per_year: 1_000,
			needs_prior_authorisation: true,
			pharmacy: true,
		})
		.collect();
	PlanTerms {
		services: services.try_into().expect("at most MaxServicesPerPlan"),
		deductible: money::<T>(100),
		coinsurance: Permill::from_percent(20),
		copay: money::<T>(10),
		out_of_pocket_max: money::<T>(1_000_000),
		benefit_max: money::<T>(1_000_000),
		filing_window: 365 * DAY_MS,
		pharmacy_needs_unit: true,
	}
}

/// An insurer with a plan, a provider, a covered and consenting patient, a funded pool.
struct Scene<T: Config> {
	insurer: OrgId,
	insurer_admin: T::AccountId,
	officer: T::AccountId,
	physician: T::AccountId,
	patient_account: T::AccountId,
	patient: PatientId,
}

fn scene<T: Config>(funded: bool) -> Scene<T> {
	let insurer = T::BenchmarkHelper::organisation(OrgKind::Insurer);
	let insurer_admin = T::BenchmarkHelper::admin(insurer);
	let officer: T::AccountId = account("officer", 0, 0);
	T::BenchmarkHelper::practitioner(&officer, insurer, Role::ClaimsOfficer);
	let pharmacy = T::BenchmarkHelper::organisation(OrgKind::Pharmacy);
	let physician: T::AccountId = account("pharmacist", 0, 0);
	T::BenchmarkHelper::practitioner(&physician, pharmacy, Role::Pharmacist);
	let patient_account: T::AccountId = account("patient", 0, 0);
	let patient = T::BenchmarkHelper::patient(&patient_account);
	T::BenchmarkHelper::consent(&patient_account, patient, &officer, insurer);
	ClaimsPallet::<T>::do_define_plan(
		&officer,
		terms::<T>(T::MaxServicesPerPlan::get()),
		officer.clone(),
	)
	.expect("an insurer defines");
	let plan = NextPlanId::<T>::get() - 1;
	let now = T::Time::now();
	let coverage = Coverage { start: now.saturating_sub(30 * DAY_MS), end: now + 365 * DAY_MS };
	ClaimsPallet::<T>::do_enrol(&officer, plan, patient, coverage).expect("the insurer enrols");
	T::BenchmarkHelper::endow(&insurer_admin, 1_000_000_000_000_000);
	T::BenchmarkHelper::endow(&T::BenchmarkHelper::admin(pharmacy), 1_000_000_000_000_000);
	if funded {
		ClaimsPallet::<T>::do_fund_pool(&insurer_admin, money::<T>(100_000_000))
			.expect("the admin funds");
	}
	Scene { insurer, insurer_admin, officer, physician, patient_account, patient }
}

/// `count` lines of codes `first..`, each with an approved authorisation (if `authorised`) and a
/// dispensed unit.
fn lines<T: Config>(scene: &Scene<T>, first: u32, count: u32, authorised: bool) -> ClaimLinesOf<T> {
	let plan = NextPlanId::<T>::get() - 1;
	(first..first + count)
		.map(|n| {
			let prior_authorisation = authorised.then(|| {
				ClaimsPallet::<T>::do_request_prior_authorisation(
					&scene.physician,
					scene.patient,
					plan,
					code(n),
					10,
				)
				.expect("the provider requests");
				let id = NextPriorAuthId::<T>::get() - 1;
				ClaimsPallet::<T>::do_decide_prior_authorisation(
					&scene.officer,
					id,
					Some(10),
					T::Time::now() + DAY_MS,
				)
				.expect("the insurer approves");
				id
			});
			ClaimLine {
				code: code(n),
				units: 1,
				charged: money::<T>(500 + n),
				prior_authorisation,
				drug_unit: Some(T::BenchmarkHelper::dispensed_unit(scene.patient, n)),
			}
		})
		.collect::<Vec<_>>()
		.try_into()
		.expect("at most MaxLinesPerClaim")
}

/// `count` anchored records of the patient.
fn evidence<T: Config>(scene: &Scene<T>, count: u32) -> EvidenceOf<T> {
	(0..count)
		.map(|n| T::BenchmarkHelper::evidence(&scene.patient_account, scene.patient, n))
		.collect::<Vec<_>>()
		.try_into()
		.expect("at most MaxEvidence")
}

fn submit<T: Config>(scene: &Scene<T>, lines: ClaimLinesOf<T>) -> ClaimId {
	ClaimsPallet::<T>::do_submit_claim(
		scene.physician.clone(),
		scene.patient,
		NextPlanId::<T>::get() - 1,
		T::Time::now(),
		lines,
		Default::default(),
	)
	.expect("the provider submits");
	NextClaimId::<T>::get() - 1
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn define_plan(s: Linear<1, { T::MaxServicesPerPlan::get() }>) {
		let insurer = T::BenchmarkHelper::organisation(OrgKind::Insurer);
		let officer: T::AccountId = account("officer", 0, 0);
		T::BenchmarkHelper::practitioner(&officer, insurer, Role::ClaimsOfficer);

		#[extrinsic_call]
		_(RawOrigin::Signed(T::BenchmarkHelper::admin(insurer)), terms::<T>(s), officer);

		assert!(Plans::<T>::contains_key(0));
	}

	#[benchmark]
	fn amend_plan(s: Linear<1, { T::MaxServicesPerPlan::get() }>) {
		let scene = scene::<T>(false);

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.officer.clone()), 0, terms::<T>(s), Some(scene.officer.clone()));

		assert_eq!(Plans::<T>::get(0).expect("defined").version, 2);
	}

	#[benchmark]
	fn enrol() {
		let scene = scene::<T>(false);
		let coverage = Coverage { start: 0, end: T::Time::now() + DAY_MS };

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.officer), 0, scene.patient, coverage);

		assert_eq!(Coverages::<T>::get(scene.patient, 0), Some(coverage));
	}

	#[benchmark]
	fn submit_claim(
		l: Linear<1, { T::MaxLinesPerClaim::get() }>,
		e: Linear<0, { T::MaxEvidence::get() }>,
	) {
		let scene = scene::<T>(true);
		let lines = lines::<T>(&scene, 0, l, true);
		let evidence = evidence::<T>(&scene, e);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(scene.physician.clone()),
			scene.patient,
			0,
			T::Time::now(),
			lines,
			evidence,
		);

		assert_eq!(Filed::<T>::get(0).expect("submitted").payment, Payment::Paid);
	}

	#[benchmark]
	fn review_claim(l: Linear<1, { T::MaxLinesPerClaim::get() }>) {
		// Every line a suspected duplicate of an earlier claim's.
		let scene = scene::<T>(true);
		let first = lines::<T>(&scene, 0, l, true);
		let mut second = first.clone();
		submit::<T>(&scene, first);
		for line in second.iter_mut() {
			line.charged = line.charged.saturating_add(money::<T>(1));
		}
		let claim = submit::<T>(&scene, second);

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.officer), claim, true);

		assert_eq!(Filed::<T>::get(claim).expect("submitted").decisions.len(), 2);
	}

	#[benchmark]
	fn appeal() {
		let scene = scene::<T>(true);
		let claim = submit::<T>(&scene, lines::<T>(&scene, 0, 1, false));

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.physician.clone()), claim, Default::default());

		assert!(Filed::<T>::get(claim).expect("submitted").appeal.is_some());
	}

	#[benchmark]
	fn decide_appeal(l: Linear<1, { T::MaxLinesPerClaim::get() }>) {
		// Every line denied for want of a prior authorisation; overturned, each is priced and
		// the claim paid.
		let scene = scene::<T>(true);
		let claim = submit::<T>(&scene, lines::<T>(&scene, 0, l, false));
		ClaimsPallet::<T>::do_appeal(scene.physician.clone(), claim, Default::default())
			.expect("the provider appeals");

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.officer), claim, true);

		assert_eq!(Filed::<T>::get(claim).expect("submitted").payment, Payment::Paid);
	}

	#[benchmark]
	fn request_prior_authorisation() {
		let scene = scene::<T>(false);

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.physician), scene.patient, 0, code(0), 10);

		assert!(PriorAuthorisations::<T>::contains_key(0));
	}

	#[benchmark]
	fn decide_prior_authorisation() {
		let scene = scene::<T>(false);
		ClaimsPallet::<T>::do_request_prior_authorisation(
			&scene.physician,
			scene.patient,
			0,
			code(0),
			10,
		)
		.expect("the provider requests");

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.officer), 0, Some(10), T::Time::now() + DAY_MS);

		assert_eq!(
			PriorAuthorisations::<T>::get(0).expect("requested").status,
			AuthorisationStatus::Approved
		);
	}

	#[benchmark]
	fn fund_pool(u: Linear<0, { T::MaxUnpaidPerInsurer::get() }>) {
		// `u` approved claims wait for funds; the top-up pays them all.
		let scene = scene::<T>(false);
		for n in 0..u {
			submit::<T>(&scene, lines::<T>(&scene, n, 1, true));
		}
		assert_eq!(Unpaid::<T>::get(scene.insurer).len() as u32, u);

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.insurer_admin), money::<T>(100_000_000));

		assert!(Unpaid::<T>::get(scene.insurer).is_empty());
	}

	#[benchmark]
	fn pay_claim() {
		// A claim that found the pool empty; the pool then holds funds (as `fund_pool` leaves
		// it, without paying the queue).
		let scene = scene::<T>(false);
		let claim = submit::<T>(&scene, lines::<T>(&scene, 0, 1, true));
		assert_eq!(Filed::<T>::get(claim).expect("submitted").payment, Payment::Unpaid);
		let amount = money::<T>(100_000_000);
		<T::Currency as frame_support::traits::fungible::MutateHold<T::AccountId>>::hold(
			&HoldReason::PaymentPool.into(),
			&scene.insurer_admin,
			amount,
		)
		.expect("the admin has funds");
		Pools::<T>::insert(scene.insurer, (scene.insurer_admin.clone(), amount));
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), claim);

		assert_eq!(Filed::<T>::get(claim).expect("submitted").payment, Payment::Paid);
	}

	impl_benchmark_test_suite!(ClaimsPallet, crate::mock::new_test_ext(), crate::mock::Test);
}
