//! A minimal runtime for the pallet's tests and benchmarks, with the test double of the
//! identity registry from `caduceus-primitives`.

use crate as pallet_consent;
use caduceus_primitives::harness;
use caduceus_primitives::{
	doubles::TestRegistry, GuardianScope, OrgId, OrgKind, OrgStatus, PatientId, Role, Standing,
	DAY_MS,
};
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{AccountId32, MultiSignature, MultiSigner};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Consent: pallet_consent,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId32;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId32>;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {
	type Moment = u64;
}

frame_support::parameter_types! {
	pub const MaxConsentDuration: u64 = 365 * DAY_MS;
	pub const MaxSignedConsentLifetime: u64 = 7 * DAY_MS;
	pub const EmergencyAccessDuration: u64 = DAY_MS;
	pub const EmergencyReviewPeriod: u64 = 3 * DAY_MS;
}

impl pallet_consent::Config for Test {
	type ConsortiumOrigin = EnsureRoot<AccountId32>;
	type Time = Timestamp;
	type Registry = TestRegistry;
	type WalletSignature = MultiSignature;
	type WalletSigner = MultiSigner;
	type MaxConsentsPerGrantee = ConstU32<3>;
	type MaxConsentsPerPatient = ConstU32<5>;
	type MaxExcluded = ConstU32<2>;
	type MaxBlocked = ConstU32<2>;
	type MaxConsentDuration = MaxConsentDuration;
	type PatientDailyAllowance = ConstU32<8>;
	type MaxSignedConsentLifetime = MaxSignedConsentLifetime;
	type EmergencyAccessDuration = EmergencyAccessDuration;
	type EmergencyReviewPeriod = EmergencyReviewPeriod;
	type MaxUnreviewedEmergencies = ConstU32<2>;
	type MaxUnjustifiedEmergencies = ConstU32<2>;
	type MaxHistoryPerPatient = ConstU32<4>;
	type MaxPageSize = ConstU32<10>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = caduceus_primitives::doubles::TestParticipants;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_consent::BenchmarkHelper<AccountId32, MultiSignature>
	for caduceus_primitives::doubles::TestParticipants
{
}

/// 2026-01-01T00:00:00Z in block time.
pub use caduceus_primitives::harness::START;
/// One day of block time.
pub const DAY: u64 = DAY_MS;

/// The patient of the tests.
pub const PATIENT: PatientId = 1;
/// Another patient.
pub const OTHER_PATIENT: PatientId = 2;
/// A hospital.
pub const HOSPITAL: OrgId = 1;
/// A laboratory.
pub const LAB: OrgId = 2;

/// The patient's account.
pub fn patient() -> AccountId32 {
	Sr25519Keyring::Alice.to_account_id()
}
/// A guardian of the patient with consent scope.
pub fn guardian() -> AccountId32 {
	Sr25519Keyring::Bob.to_account_id()
}
/// A delegate of the patient for records only.
pub fn records_delegate() -> AccountId32 {
	Sr25519Keyring::Eve.to_account_id()
}
/// A physician of the hospital.
pub fn physician() -> AccountId32 {
	Sr25519Keyring::Charlie.to_account_id()
}
/// A nurse of the hospital.
pub fn nurse() -> AccountId32 {
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
/// A technician of the laboratory.
pub fn lab_technician() -> AccountId32 {
	AccountId32::new([20; 32])
}
/// The other patient's account.
pub fn other_patient() -> AccountId32 {
	AccountId32::new([30; 32])
}
/// An account that is nobody.
pub fn stranger() -> AccountId32 {
	AccountId32::new([99; 32])
}

/// The participants every test starts with.
fn participants() {
	TestRegistry::reset();
	TestRegistry::set_organisation(HOSPITAL, OrgKind::Hospital, OrgStatus::Active);
	TestRegistry::set_organisation(LAB, OrgKind::Laboratory, OrgStatus::Active);
	TestRegistry::set_admin(&hospital_admin(), HOSPITAL);
	TestRegistry::set_patient(&patient(), PATIENT);
	TestRegistry::set_patient(&other_patient(), OTHER_PATIENT);
	TestRegistry::set_guardian(&guardian(), PATIENT, GuardianScope::Consent);
	TestRegistry::set_guardian(&records_delegate(), PATIENT, GuardianScope::Records);
	for (who, role) in
		[(physician(), Role::Physician), (nurse(), Role::Nurse), (officer(), Role::PrivacyOfficer)]
	{
		TestRegistry::set_practitioner(&who, HOSPITAL, role, Standing::Active);
	}
	TestRegistry::set_practitioner(&lab_technician(), LAB, Role::LabTechnician, Standing::Active);
}

/// Genesis state at block 1, block time [`START`], with the test participants.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = harness::genesis::<Test>();
	harness::new_ext::<Test>(storage, participants)
}

/// Runs `test` on fresh state, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	harness::run_checked(new_test_ext(), test, Consent::do_try_state);
}

/// Moves to the next block, `ms` later.
pub fn advance(ms: u64) {
	harness::advance::<Test>(ms);
}
