//! A minimal runtime for the pallet's tests and benchmarks, with the test doubles of the identity
//! registry and the consent verifier from `caduceus-primitives`.

use crate as pallet_records;
use caduceus_primitives::harness;
use caduceus_primitives::{
	doubles::{TestConsent, TestQuota, TestRegistry},
	AccessGround, ContentHash, DataCategory, GuardianScope, OrgId, OrgKind, OrgStatus, PatientId,
	Role, Standing,
};
use frame_support::{
	derive_impl,
	traits::{ConstU128, ConstU32, ConstU64},
	weights::Weight,
};
use sp_keyring::Sr25519Keyring;
use sp_runtime::AccountId32;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Records: pallet_records,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId32;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId32>;
	type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = u128;
	type AccountStore = System;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {
	type Moment = u64;
}

impl pallet_records::Config for Test {
	type Time = Timestamp;
	type Registry = TestRegistry;
	type ConsentVerifier = TestConsent;
	type Quota = TestQuota;
	type PatientHooks = TestQuota;
	type MaxPointerLength = ConstU32<64>;
	type MaxBatchSize = ConstU32<4>;
	type MaxVersions = ConstU32<3>;
	type AuditRetention = ConstU64<RETENTION>;
	type MaxAuditPerAccessorPerDay = ConstU32<3>;
	type Currency = Balances;
	type AuditEntryFee = ConstU128<FEE>;
	type ConsortiumOrigin = frame_system::EnsureRoot<AccountId32>;
	type WalletSignature = sp_runtime::MultiSignature;
	type WalletSigner = sp_runtime::MultiSigner;
	type MaxErasureRequestLifetime = ConstU64<{ 7 * caduceus_primitives::DAY_MS }>;
	type MaxPageSize = ConstU32<10>;
	type WeightInfo = PathWeights;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = caduceus_primitives::doubles::TestParticipants;
}

/// Weights that tell the calls' paths apart (`()` weighs everything nothing): an anchor or an
/// access request whose audit logs removed `p` expired entries weighs `p + 1`, a batch of `n`
/// documents `1_000 + n`, an amendment `2_000`, an enrolment `3_000`; everything else nothing.
pub struct PathWeights;

impl pallet_records::WeightInfo for PathWeights {
	fn anchor(p: u32) -> Weight {
		Weight::from_parts(u64::from(p) + 1, 0)
	}
	fn anchor_batch(n: u32) -> Weight {
		Weight::from_parts(1_000 + u64::from(n), 0)
	}
	fn amend() -> Weight {
		Weight::from_parts(2_000, 0)
	}
	fn request_access(p: u32) -> Weight {
		Weight::from_parts(u64::from(p) + 1, 0)
	}
	fn erase(v: u32) -> Weight {
		<() as pallet_records::WeightInfo>::erase(v)
	}
	fn register_trial() -> Weight {
		<() as pallet_records::WeightInfo>::register_trial()
	}
	fn enrol() -> Weight {
		Weight::from_parts(3_000, 0)
	}
	fn anchor_trial_results() -> Weight {
		<() as pallet_records::WeightInfo>::anchor_trial_results()
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_records::BenchmarkHelper<AccountId32, sp_runtime::MultiSignature>
	for caduceus_primitives::doubles::TestParticipants
{
	fn consent(_: &AccountId32, patient: PatientId, practitioner: &AccountId32, _: OrgId) {
		TestConsent::permit(patient, practitioner, AccessGround::Consent(0));
	}

	fn research_consent(
		_: &AccountId32,
		patient: PatientId,
		researcher: &AccountId32,
		_: OrgId,
		protocol: ContentHash,
	) {
		TestConsent::permit(patient, researcher, AccessGround::Consent(0));
		TestConsent::only_for_document(patient, researcher, protocol);
	}

	fn set_time(now: u64) {
		pallet_timestamp::Now::<Test>::put(now);
	}
}

/// How long the tests' trails keep an entry: 30 days.
pub const RETENTION: u64 = 30 * caduceus_primitives::DAY_MS;
/// What an entry of an access request costs.
pub const FEE: u128 = 10;
/// What every account starts with.
pub const ENDOWMENT: u128 = 1_000;

/// 2026-01-01T00:00:00Z in block time.
pub use caduceus_primitives::harness::START;

/// The patient of the tests.
pub const PATIENT: PatientId = 1;
/// Another patient.
pub const OTHER_PATIENT: PatientId = 2;
/// A hospital.
pub const HOSPITAL: OrgId = 1;
/// A laboratory.
pub const LAB: OrgId = 2;
/// A research sponsor.
pub const SPONSOR: OrgId = 3;
/// Another research sponsor.
pub const OTHER_SPONSOR: OrgId = 4;
/// The consent the test double reports for a permitted access.
pub const CONSENT: AccessGround = AccessGround::Consent(7);

/// The patient's account.
pub fn patient() -> AccountId32 {
	Sr25519Keyring::Alice.to_account_id()
}
/// A guardian of the patient with records scope.
pub fn guardian() -> AccountId32 {
	Sr25519Keyring::Bob.to_account_id()
}
/// A guardian of the patient for consent only.
pub fn consent_guardian() -> AccountId32 {
	Sr25519Keyring::Eve.to_account_id()
}
/// A physician of the hospital, with the patient's consent.
pub fn physician() -> AccountId32 {
	Sr25519Keyring::Charlie.to_account_id()
}
/// Another physician of the hospital, without consent.
pub fn colleague() -> AccountId32 {
	Sr25519Keyring::Dave.to_account_id()
}
/// The hospital's privacy officer.
pub fn officer() -> AccountId32 {
	Sr25519Keyring::Ferdie.to_account_id()
}
/// The hospital's admin account.
pub fn hospital_admin() -> AccountId32 {
	AccountId32::new([10; 32])
}
/// A technician of the laboratory, with the patient's consent.
pub fn lab_technician() -> AccountId32 {
	AccountId32::new([20; 32])
}
/// The other patient's account.
pub fn other_patient() -> AccountId32 {
	AccountId32::new([30; 32])
}
/// The research sponsor's admin.
pub fn sponsor_admin() -> AccountId32 {
	AccountId32::new([40; 32])
}
/// A researcher of the sponsor, with the patient's research consent.
pub fn researcher() -> AccountId32 {
	AccountId32::new([41; 32])
}
/// A researcher of the other sponsor.
pub fn other_researcher() -> AccountId32 {
	AccountId32::new([42; 32])
}
/// An account that is nobody.
pub fn stranger() -> AccountId32 {
	AccountId32::new([99; 32])
}

/// The participants and consents every test starts with.
fn participants() {
	TestRegistry::reset();
	TestConsent::reset();
	TestQuota::reset();
	for (org, kind) in [
		(HOSPITAL, OrgKind::Hospital),
		(LAB, OrgKind::Laboratory),
		(SPONSOR, OrgKind::ResearchSponsor),
		(OTHER_SPONSOR, OrgKind::ResearchSponsor),
	] {
		TestRegistry::set_organisation(org, kind, OrgStatus::Active);
	}
	TestRegistry::set_admin(&hospital_admin(), HOSPITAL);
	TestRegistry::set_admin(&sponsor_admin(), SPONSOR);
	TestRegistry::set_patient(&patient(), PATIENT);
	TestRegistry::set_patient(&other_patient(), OTHER_PATIENT);
	TestRegistry::set_guardian(&guardian(), PATIENT, GuardianScope::Records);
	TestRegistry::set_guardian(&consent_guardian(), PATIENT, GuardianScope::Consent);
	for (who, org, role) in [
		(physician(), HOSPITAL, Role::Physician),
		(colleague(), HOSPITAL, Role::Physician),
		(officer(), HOSPITAL, Role::PrivacyOfficer),
		(lab_technician(), LAB, Role::LabTechnician),
		(researcher(), SPONSOR, Role::Researcher),
		(other_researcher(), OTHER_SPONSOR, Role::Researcher),
	] {
		TestRegistry::set_practitioner(&who, org, role, Standing::Active);
	}
	for who in [physician(), lab_technician(), researcher()] {
		TestConsent::permit(PATIENT, &who, CONSENT);
	}
}

/// Genesis state at block 1, block time [`START`], with the test participants.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = harness::genesis_with_balances::<Test>(
		[
			physician(),
			colleague(),
			officer(),
			lab_technician(),
			researcher(),
			other_researcher(),
			hospital_admin(),
			patient(),
		]
		.map(|who| (who, ENDOWMENT)),
	);
	harness::new_ext::<Test>(storage, participants)
}

/// Runs `test` on fresh state, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	harness::run_checked(new_test_ext(), test, Records::do_try_state);
}

/// Moves to the next block, `ms` later.
pub fn advance(ms: u64) {
	harness::advance::<Test>(ms);
}

/// A content hash made from `n`.
pub fn hash(n: u8) -> ContentHash {
	ContentHash::repeat_byte(n)
}

/// A document of `patient` in `category` with hash `hash(n)`.
pub fn document(
	patient: PatientId,
	category: DataCategory,
	n: u8,
) -> pallet_records::NewRecordOf<Test> {
	pallet_records::NewRecord {
		patient,
		content_hash: hash(n),
		pointer: pointer(n),
		category: caduceus_primitives::doubles::slot(category),
	}
}

/// An encrypted pointer made from `n`.
pub fn pointer(n: u8) -> pallet_records::PointerOf<Test> {
	vec![n; 16].try_into().expect("within MaxPointerLength")
}
