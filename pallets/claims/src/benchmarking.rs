//! Benchmarks of every call at its worst case: the most services in a plan, the most lines in a
//! claim, each a pharmacy line under prior authorisation with its own code and its own evidence
//! record (so each touches the accumulator, an authorisation, a record and a drug unit), the
//! most evidence, the most waiting claims paid in one call, each of another provider and with
//! the most drug lines to check again. `submit_claim_services` weighs the claims whose lines are
//! all plain services (an office visit), at their worst: the most lines, each of its own code.

use super::*;
use crate::Pallet as ClaimsPallet;
use alloc::vec::Vec;
use caduceus_primitives::{
	benchmarking::Participants, Action, ConsentVerifier, OrgKind, Purpose, Role, DAY_MS,
};
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use sp_runtime::{traits::Zero, Permill, Saturating};

/// The token of a code numbered `n` (16 bytes, as every token).
fn code(n: u32) -> ServiceCode {
	let token = caduceus_primitives::billing_codes::code_token(&[0; 32], &n.to_le_bytes());
	token.to_vec().try_into().expect("16 bytes")
}

fn money<T: Config>(amount: u32) -> BalanceOf<T> {
	BalanceOf::<T>::from(amount)
}

/// The most services, each needing prior authorisation, evidence and a dispensed unit, so that
/// every line runs every edit.
fn terms<T: Config>(services: u32) -> PlanTermsOf<T> {
	let services: Vec<_> = (0..services)
		.map(|n| CoveredService {
			code: code(n),
			unit_price_cap: money::<T>(1_000),
			units_per_year: 1_000,
			needs_prior_authorisation: true,
			pharmacy: true,
			needs_evidence: true,
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

/// Plan terms of `services` office-visit services: each needs no prior authorisation, no
/// evidence and no drug unit.
fn plain_terms<T: Config>(services: u32) -> PlanTermsOf<T> {
	let mut terms = terms::<T>(services);
	for service in terms.services.iter_mut() {
		service.needs_prior_authorisation = false;
		service.pharmacy = false;
		service.needs_evidence = false;
	}
	terms
}

/// An insurer with a plan, a provider, a covered and consenting patient, a funded pool.
struct Scene<T: Config> {
	insurer: OrgId,
	insurer_admin: T::AccountId,
	officer: T::AccountId,
	provider: Provider<T>,
	patient_account: T::AccountId,
	patient: PatientId,
}

/// A provider that treated the patient (a pharmacy, unless said otherwise), and its
/// practitioner who bills (a pharmacist).
struct Provider<T: Config> {
	organisation: OrgId,
	practitioner: T::AccountId,
}

/// Pharmacy number `n`, treating `patient`, with an endowed admin.
fn provider<T: Config>(patient_account: &T::AccountId, patient: PatientId, n: u32) -> Provider<T> {
	provider_of::<T>(patient_account, patient, n, OrgKind::Pharmacy, Role::Pharmacist)
}

/// As [`provider`], an organisation of `kind` whose practitioner of `role` bills.
fn provider_of<T: Config>(
	patient_account: &T::AccountId,
	patient: PatientId,
	n: u32,
	kind: OrgKind,
	role: Role,
) -> Provider<T> {
	let organisation = T::BenchmarkHelper::organisation(kind);
	let practitioner: T::AccountId = account("practitioner", n, 0);
	T::BenchmarkHelper::practitioner(&practitioner, organisation, role);
	T::BenchmarkHelper::consent(patient_account, patient, &practitioner, organisation);
	let treatment =
		T::ConsentVerifier::treated(patient, organisation, &practitioner, T::Time::now());
	assert!(treatment.treated && treatment.weight_beyond_fast_path.is_zero(), "the fast path");
	T::BenchmarkHelper::endow(&T::BenchmarkHelper::admin(organisation), 1_000_000_000_000_000);
	Provider { organisation, practitioner }
}

fn scene<T: Config>(funded: bool) -> Scene<T> {
	scene_with::<T>(funded, terms::<T>(T::MaxServicesPerPlan::get()))
}

/// As [`scene`], with a plan of `plan_terms`.
fn scene_with<T: Config>(funded: bool, plan_terms: PlanTermsOf<T>) -> Scene<T> {
	let insurer = T::BenchmarkHelper::organisation(OrgKind::Insurer);
	let insurer_admin = T::BenchmarkHelper::admin(insurer);
	let officer: T::AccountId = account("officer", 0, 0);
	T::BenchmarkHelper::practitioner(&officer, insurer, Role::ClaimsOfficer);
	let patient_account: T::AccountId = account("patient", 0, 0);
	let patient = T::BenchmarkHelper::patient(&patient_account);
	T::BenchmarkHelper::consent(&patient_account, patient, &officer, insurer);
	let payment =
		T::ConsentVerifier::check_any_category(patient, &officer, Purpose::Payment, Action::Read);
	assert!(payment.answer.is_ok() && payment.weight_beyond_fast_path.is_zero(), "the fast path");
	let provider = provider::<T>(&patient_account, patient, 0);
	ClaimsPallet::<T>::do_define_plan(&officer, plan_terms, officer.clone())
		.expect("an insurer defines");
	let plan = NextPlanId::<T>::get() - 1;
	let now = T::Time::now();
	let coverage = Coverage { start: now.saturating_sub(30 * DAY_MS), end: now + 365 * DAY_MS };
	ClaimsPallet::<T>::do_enrol(&officer, plan, patient, coverage).expect("the insurer enrols");
	T::BenchmarkHelper::endow(&insurer_admin, 1_000_000_000_000_000);
	if funded {
		ClaimsPallet::<T>::do_fund_pool(&insurer_admin, money::<T>(100_000_000))
			.expect("the admin funds");
	}
	Scene { insurer, insurer_admin, officer, provider, patient_account, patient }
}

/// `count` lines of codes `first..` by the scene's provider, each with an approved
/// authorisation (if `authorised`), its own evidence record (if the plan asks for evidence) and
/// a unit the provider dispensed.
fn lines<T: Config>(scene: &Scene<T>, first: u32, count: u32, authorised: bool) -> ClaimLinesOf<T> {
	lines_of::<T>(scene, &scene.provider, first, count, authorised)
}

/// `count` lines of codes `first..` by `provider`, as [`lines`]; drug unit and evidence
/// numbers start at `first` too, so callers keep them apart.
fn lines_of<T: Config>(
	scene: &Scene<T>,
	provider: &Provider<T>,
	first: u32,
	count: u32,
	authorised: bool,
) -> ClaimLinesOf<T> {
	let plan = NextPlanId::<T>::get() - 1;
	let services = T::MaxServicesPerPlan::get();
	let needs_evidence = PlanVersions::<T>::get(plan, 1)
		.is_some_and(|terms| terms.services.iter().any(|service| service.needs_evidence));
	(first..first + count)
		.map(|n| {
			let prior_authorisation = authorised.then(|| {
				ClaimsPallet::<T>::do_request_prior_authorisation(
					&provider.practitioner,
					scene.patient,
					plan,
					code(n % services),
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
				code: code(n % services),
				units: 1,
				charged: money::<T>(500 + n),
				prior_authorisation,
				drug_unit: {
					T::BenchmarkHelper::dispense(provider.organisation, 1);
					Some(unit_token(provider.organisation, n))
				},
				evidence: needs_evidence.then(|| {
					T::BenchmarkHelper::evidence(&scene.patient_account, scene.patient, 1_000 + n)
				}),
			}
		})
		.collect::<Vec<_>>()
		.try_into()
		.expect("at most MaxLinesPerClaim")
}

/// `count` plain service lines of codes `0..count` (see [`plain_terms`]): no prior
/// authorisation, drug unit or evidence of their own.
fn plain_lines<T: Config>(count: u32) -> ClaimLinesOf<T> {
	let services = T::MaxServicesPerPlan::get();
	(0..count)
		.map(|n| ClaimLine {
			code: code(n % services),
			units: 1,
			charged: money::<T>(500 + n),
			prior_authorisation: None,
			drug_unit: None,
			evidence: None,
		})
		.collect::<Vec<_>>()
		.try_into()
		.expect("at most MaxLinesPerClaim")
}

/// The token of drug unit `n` dispensed by `pharmacy`: distinct for every pharmacy and unit, and
/// token-shaped (not all printable or zero).
fn unit_token(pharmacy: OrgId, n: u32) -> UnitToken {
	let mut token = [0xff; 16];
	token[..4].copy_from_slice(&pharmacy.to_le_bytes());
	token[4..8].copy_from_slice(&n.to_le_bytes());
	token
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
	submit_by::<T>(scene, &scene.provider, lines)
}

fn submit_by<T: Config>(
	scene: &Scene<T>,
	provider: &Provider<T>,
	lines: ClaimLinesOf<T>,
) -> ClaimId {
	ClaimsPallet::<T>::do_submit_claim(
		provider.practitioner.clone(),
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
			RawOrigin::Signed(scene.provider.practitioner.clone()),
			scene.patient,
			0,
			T::Time::now(),
			lines,
			evidence,
		);

		let claim = Filed::<T>::get(0).expect("submitted");
		assert_eq!((claim.outcome, claim.payment), (Outcome::Approved, Payment::Paid));
	}

	/// A claim of plain service lines (an office visit's), each of its own code, paid in the
	/// block: what `submit_claim` is charged when no line draws on a prior authorisation or
	/// names a drug unit or evidence.
	#[benchmark]
	fn submit_claim_services(
		l: Linear<1, { T::MaxLinesPerClaim::get() }>,
		e: Linear<0, { T::MaxEvidence::get() }>,
	) {
		let scene = scene_with::<T>(true, plain_terms::<T>(T::MaxServicesPerPlan::get()));
		// A physician of a hospital bills office visits (a pharmacist bills only pharmacy
		// services).
		let (patient_account, patient) = (&scene.patient_account, scene.patient);
		let hospital =
			provider_of::<T>(patient_account, patient, 1, OrgKind::Hospital, Role::Physician);
		let lines = plain_lines::<T>(l);
		assert!(lines.iter().all(ClaimLine::is_plain_service));
		let evidence = evidence::<T>(&scene, e);

		#[extrinsic_call]
		submit_claim(
			RawOrigin::Signed(hospital.practitioner),
			scene.patient,
			0,
			T::Time::now(),
			lines,
			evidence,
		);

		let claim = Filed::<T>::get(0).expect("submitted");
		assert_eq!((claim.outcome, claim.payment), (Outcome::Approved, Payment::Paid));
	}

	#[benchmark]
	fn review_claim(l: Linear<1, { T::MaxLinesPerClaim::get() }>) {
		// Every line a suspected duplicate of an earlier claim's (another unit, dispensed too).
		let scene = scene::<T>(true);
		let first = lines::<T>(&scene, 0, l, true);
		let mut second = first.clone();
		submit::<T>(&scene, first);
		let pharmacy = scene.provider.organisation;
		for (n, line) in (1_000..).zip(second.iter_mut()) {
			line.charged = line.charged.saturating_add(money::<T>(1));
			T::BenchmarkHelper::dispense(pharmacy, 1);
			line.drug_unit = Some(unit_token(pharmacy, n));
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
		_(RawOrigin::Signed(scene.provider.practitioner.clone()), claim, Default::default());

		assert!(Filed::<T>::get(claim).expect("submitted").appeal.is_some());
	}

	#[benchmark]
	fn decide_appeal(l: Linear<1, { T::MaxLinesPerClaim::get() }>) {
		// Every line denied for want of a prior authorisation; overturned, each is priced and
		// the claim paid.
		let scene = scene::<T>(true);
		let claim = submit::<T>(&scene, lines::<T>(&scene, 0, l, false));
		ClaimsPallet::<T>::do_appeal(
			scene.provider.practitioner.clone(),
			claim,
			Default::default(),
		)
		.expect("the provider appeals");

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.officer), claim, true);

		assert_eq!(Filed::<T>::get(claim).expect("submitted").payment, Payment::Paid);
	}

	#[benchmark]
	fn request_prior_authorisation() {
		let scene = scene::<T>(false);

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.provider.practitioner), scene.patient, 0, code(0), 10);

		assert!(PriorAuthorisations::<T>::contains_key(0));
	}

	#[benchmark]
	fn decide_prior_authorisation() {
		let scene = scene::<T>(false);
		ClaimsPallet::<T>::do_request_prior_authorisation(
			&scene.provider.practitioner,
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
	fn fund_pool(p: Linear<0, { T::MaxPaymentsPerCall::get() }>) {
		// `p` approved claims wait for funds, each of another provider (a new account to pay)
		// and with the most drug lines under prior authorisation; the top-up pays them all.
		let scene = scene::<T>(false);
		let per_claim = T::MaxLinesPerClaim::get();
		for n in 0..p {
			let provider = provider::<T>(&scene.patient_account, scene.patient, n + 1);
			let lines = lines_of::<T>(&scene, &provider, n * per_claim, per_claim, true);
			submit_by::<T>(&scene, &provider, lines);
		}
		assert_eq!(QueueEnds::<T>::contains_key(scene.insurer), p > 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.insurer_admin), money::<T>(100_000_000));

		assert!(!QueueEnds::<T>::contains_key(scene.insurer));
	}

	#[benchmark]
	fn pay_claim() {
		// The pool holds enough, but the claim waits behind the most claims a top-up pays; its
		// provider (a new account) is paid and the claim leaves the queue.
		let scene = scene::<T>(false);
		let per_claim = T::MaxLinesPerClaim::get();
		let mut claim = 0;
		for n in 0..=T::MaxPaymentsPerCall::get() {
			let provider = provider::<T>(&scene.patient_account, scene.patient, n + 1);
			let lines = lines_of::<T>(&scene, &provider, n * per_claim, per_claim, true);
			claim = submit_by::<T>(&scene, &provider, lines);
		}
		ClaimsPallet::<T>::do_fund_pool(&scene.insurer_admin, money::<T>(100_000_000))
			.expect("the insurer funds its pool");
		assert_eq!(Filed::<T>::get(claim).expect("submitted").payment, Payment::Unpaid);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), claim);

		assert_eq!(Filed::<T>::get(claim).expect("submitted").payment, Payment::Paid);
	}

	#[benchmark]
	fn withdraw_pool() {
		let scene = scene::<T>(true);

		#[extrinsic_call]
		_(RawOrigin::Signed(scene.insurer_admin), money::<T>(1_000));

		assert_eq!(ClaimsPallet::<T>::pool_balance(scene.insurer), money::<T>(100_000_000 - 1_000));
	}

	#[benchmark]
	fn move_pool() -> Result<(), BenchmarkError> {
		let scene = scene::<T>(true);
		T::BenchmarkHelper::revoke(scene.insurer);
		// The receiver exists already (a successor insurer's account).
		let to: T::AccountId = account("successor", 0, 0);
		T::BenchmarkHelper::endow(&to, 1_000_000_000_000_000);
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, scene.insurer, to);

		assert!(ClaimsPallet::<T>::pool_balance(scene.insurer).is_zero());

		Ok(())
	}

	impl_benchmark_test_suite!(ClaimsPallet, crate::mock::new_test_ext(), crate::mock::Test);
}
