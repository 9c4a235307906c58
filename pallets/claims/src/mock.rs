//! A minimal runtime for the pallet's tests and benchmarks: balances for the pools, and the test
//! doubles of the registry, consent, records and products from `caduceus-primitives`.

use crate as pallet_claims;
use crate::{ClaimLineOf, CoveredService, PlanTermsOf, ServiceCode};
use caduceus_primitives::harness;
use caduceus_primitives::{
	doubles::{TestConsent, TestProducts, TestQuota, TestRecords, TestRegistry},
	AccessGround, DataCategory, OrgId, OrgKind, OrgStatus, PatientId, RecordInfo, RecordStatus,
	Role, Standing, DAY_MS,
};
use frame_support::{derive_impl, traits::ConstU32, weights::Weight};
use sp_runtime::{AccountId32, Permill};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Claims: pallet_claims,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId32;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId32>;
	type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {
	type Moment = u64;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = u128;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

frame_support::parameter_types! {
	/// The claims pallet's id in the tests.
	pub const ClaimsPalletId: frame_support::PalletId = frame_support::PalletId(*b"cad/clms");
}

/// How a test names a drug unit: its serial number, billed as
/// [`caduceus_primitives::doubles::unit_token`].
pub type DrugUnit = u32;

impl pallet_claims::Config for Test {
	type Time = Timestamp;
	type Registry = TestRegistry;
	type Quota = TestQuota;
	type ConsentVerifier = TestConsent;
	type RecordRegistry = TestRecords;
	type ProductVerifier = TestProducts;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxServicesPerPlan = ConstU32<4>;
	type MaxLinesPerClaim = ConstU32<4>;
	type MaxEvidence = ConstU32<2>;
	type MaxPaymentsPerCall = ConstU32<2>;
	type MaxPageSize = ConstU32<10>;
	type PalletId = ClaimsPalletId;
	type ConsortiumOrigin = frame_system::EnsureRoot<AccountId32>;
	type WeightInfo = PathWeights;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = caduceus_primitives::doubles::TestParticipants;
}

/// Weights that tell the calls' own weight from the consent checks' (`()` weighs everything
/// nothing): a claim of `l` lines and `e` evidence records weighs `1_000 + 10 l + e`, or
/// `500 + 10 l + e` if its lines are plain services; an appeal's decision over `l` lines
/// `2_000 + l`; everything else nothing.
pub struct PathWeights;

impl pallet_claims::WeightInfo for PathWeights {
	fn define_plan(s: u32) -> Weight {
		<() as pallet_claims::WeightInfo>::define_plan(s)
	}
	fn amend_plan(s: u32) -> Weight {
		<() as pallet_claims::WeightInfo>::amend_plan(s)
	}
	fn enrol() -> Weight {
		<() as pallet_claims::WeightInfo>::enrol()
	}
	fn submit_claim(l: u32, e: u32) -> Weight {
		Weight::from_parts(1_000 + 10 * u64::from(l) + u64::from(e), 0)
	}
	fn submit_claim_services(l: u32, e: u32) -> Weight {
		Weight::from_parts(500 + 10 * u64::from(l) + u64::from(e), 0)
	}
	fn review_claim(l: u32) -> Weight {
		<() as pallet_claims::WeightInfo>::review_claim(l)
	}
	fn appeal() -> Weight {
		<() as pallet_claims::WeightInfo>::appeal()
	}
	fn decide_appeal(l: u32) -> Weight {
		Weight::from_parts(2_000 + u64::from(l), 0)
	}
	fn request_prior_authorisation() -> Weight {
		<() as pallet_claims::WeightInfo>::request_prior_authorisation()
	}
	fn decide_prior_authorisation() -> Weight {
		<() as pallet_claims::WeightInfo>::decide_prior_authorisation()
	}
	fn fund_pool(u: u32) -> Weight {
		<() as pallet_claims::WeightInfo>::fund_pool(u)
	}
	fn pay_claim() -> Weight {
		<() as pallet_claims::WeightInfo>::pay_claim()
	}
	fn withdraw_pool() -> Weight {
		<() as pallet_claims::WeightInfo>::withdraw_pool()
	}
	fn move_pool() -> Weight {
		<() as pallet_claims::WeightInfo>::move_pool()
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_claims::BenchmarkHelper<AccountId32>
	for caduceus_primitives::doubles::TestParticipants
{
	fn consent(_: &AccountId32, patient: PatientId, practitioner: &AccountId32, org: OrgId) {
		TestConsent::permit(patient, practitioner, AccessGround::Consent(0));
		TestConsent::treating(patient, org, 0, u64::MAX);
	}
	fn dispense(dispenser: OrgId, units: u32) {
		TestProducts::dispense(dispenser, units.into());
	}
	fn revoke(organisation: OrgId) {
		TestRegistry::set_organisation(organisation, OrgKind::Insurer, OrgStatus::Revoked);
	}
	fn evidence(_: &AccountId32, patient: PatientId, n: u32) -> u64 {
		anchored(u64::from(n), patient);
		u64::from(n)
	}
	fn endow(who: &AccountId32, amount: u128) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, amount);
	}
}

/// 2026-01-01T00:00:00Z in block time (the start of a plan year: 56 × 365 days after the epoch
/// is 2025-12-18, so [`START`] is early in plan year 56).
pub use caduceus_primitives::harness::START;

/// An insurer.
pub const INSURER: OrgId = 1;
/// Another insurer.
pub const OTHER_INSURER: OrgId = 2;
/// A hospital (a provider).
pub const HOSPITAL: OrgId = 3;
/// A pharmacy (a provider).
pub const PHARMACY: OrgId = 4;
/// A distributor: not a provider.
pub const DISTRIBUTOR: OrgId = 5;
/// The patient of the tests.
pub const PATIENT: PatientId = 1;
/// Another patient, who gave no payment consent.
pub const OTHER_PATIENT: PatientId = 2;

/// The admin account of `org`.
pub fn admin(org: OrgId) -> AccountId32 {
	AccountId32::new([org as u8; 32])
}
/// The insurer's claims officer, who adjudicates its plan.
pub fn officer() -> AccountId32 {
	AccountId32::new([11; 32])
}
/// The other insurer's claims officer.
pub fn other_officer() -> AccountId32 {
	AccountId32::new([12; 32])
}
/// A physician of the hospital.
pub fn physician() -> AccountId32 {
	AccountId32::new([13; 32])
}
/// A pharmacist of the pharmacy.
pub fn pharmacist() -> AccountId32 {
	AccountId32::new([14; 32])
}
/// The patient's account.
pub fn patient() -> AccountId32 {
	AccountId32::new([20; 32])
}
/// An account that is nobody.
pub fn stranger() -> AccountId32 {
	AccountId32::new([99; 32])
}

/// The token of billing code `text` under the test plans' key, as a provider bills it.
pub fn code(text: &str) -> ServiceCode {
	caduceus_primitives::doubles::code_token(text).to_vec().try_into().unwrap()
}

/// The test plan: an office visit (99213, cap 100/unit, 4 a year), an MRI (70551, cap 800,
/// prior authorisation), a drug (NDC 00031234567, cap 50/unit, 30 a year, pharmacy);
/// deductible 200, co-pay 20, co-insurance 20%, out-of-pocket max 1,000, benefit max 5,000,
/// filing window 90 days, pharmacy lines need a unit.
pub fn terms() -> PlanTermsOf<Test> {
	let service = |c: &str, cap: u128, units: u32, auth: bool, pharmacy: bool| CoveredService {
		code: code(c),
		unit_price_cap: cap,
		units_per_year: units,
		needs_prior_authorisation: auth,
		pharmacy,
		needs_evidence: false,
	};
	PlanTermsOf::<Test> {
		services: vec![
			service("99213", 100, 4, false, false),
			service("70551", 800, 2, true, false),
			service("00031234567", 50, 30, false, true),
		]
		.try_into()
		.unwrap(),
		deductible: 200,
		coinsurance: Permill::from_percent(20),
		copay: 20,
		out_of_pocket_max: 1_000,
		benefit_max: 5_000,
		filing_window: 90 * DAY_MS,
		pharmacy_needs_unit: true,
	}
}

/// A line of `units` of `code` charged `charged`.
pub fn line(c: &str, units: u32, charged: u128) -> ClaimLineOf<Test> {
	crate::ClaimLine {
		code: code(c),
		units,
		charged,
		prior_authorisation: None,
		drug_unit: None,
		evidence: None,
	}
}

/// The pharmacy dispenses `units` more units.
pub fn dispensed(units: u64) {
	TestProducts::dispense(PHARMACY, units)
}

/// Drug unit `n` as a pharmacy line names it: its token under the test billing key.
pub fn unit(n: DrugUnit) -> crate::UnitToken {
	caduceus_primitives::doubles::unit_token(n)
}

/// Anchored record `id` of `patient`.
pub fn anchored(id: u64, patient: PatientId) {
	TestRecords::set(
		id,
		RecordInfo {
			patient,
			content_hash: Default::default(),
			author: physician(),
			category: caduceus_primitives::doubles::slot(DataCategory::Encounters),
			status: RecordStatus::Current,
		},
	);
}

/// The participants every test starts with.
fn participants() {
	TestRegistry::reset();
	TestConsent::reset();
	TestRecords::reset();
	TestProducts::reset();
	for (org, kind) in [
		(INSURER, OrgKind::Insurer),
		(OTHER_INSURER, OrgKind::Insurer),
		(HOSPITAL, OrgKind::Hospital),
		(PHARMACY, OrgKind::Pharmacy),
		(DISTRIBUTOR, OrgKind::Distributor),
	] {
		TestRegistry::set_organisation(org, kind, OrgStatus::Active);
		TestRegistry::set_admin(&admin(org), org);
	}
	for (who, org, role) in [
		(officer(), INSURER, Role::ClaimsOfficer),
		(other_officer(), OTHER_INSURER, Role::ClaimsOfficer),
		(physician(), HOSPITAL, Role::Physician),
		(pharmacist(), PHARMACY, Role::Pharmacist),
	] {
		TestRegistry::set_practitioner(&who, org, role, Standing::Active);
	}
	TestRegistry::set_patient(&patient(), PATIENT);
	TestRegistry::set_patient(&AccountId32::new([21; 32]), OTHER_PATIENT);
	TestConsent::permit(PATIENT, &officer(), AccessGround::Consent(3));
	// The hospital and the pharmacy treat the patient, from a year back until a year ahead.
	for provider in [HOSPITAL, PHARMACY] {
		TestConsent::treating(PATIENT, provider, START - 365 * DAY_MS, START + 365 * DAY_MS);
	}
}

/// Genesis state at block 1, block time [`START`], with the test participants; the insurer's
/// admin and the providers' admins have 1,000,000 each.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = harness::genesis_with_balances::<Test>(
		[INSURER, OTHER_INSURER, HOSPITAL, PHARMACY].into_iter().map(|org| (admin(org), 1_000_000)),
	);
	harness::new_ext::<Test>(storage, participants)
}

/// Runs `test` on fresh state, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	harness::run_checked(new_test_ext(), test, Claims::do_try_state);
}

/// Moves to the next block, `ms` later.
pub fn advance(ms: u64) {
	harness::advance::<Test>(ms);
}
