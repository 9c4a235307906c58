//! A minimal runtime for the pallet's tests and benchmarks.

use crate as pallet_health_identity;
use caduceus_primitives::harness;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32},
};
use frame_system::EnsureRoot;
use sp_runtime::{AccountId32, MultiSignature, MultiSigner};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		HealthIdentity: pallet_health_identity,
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
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {
	type Moment = u64;
}

parameter_types! {
	pub const MaxPractitionersPerOrganisation: u32 = 3;
}

/// What a self-registering patient holds.
pub const DEPOSIT: u128 = 100;
/// What every test account starts with.
pub const ENDOWMENT: u128 = 10_000;
/// An organisation's default quota of stored items.
pub const ORGANISATION_QUOTA: u32 = 5;
/// A patient's default quota of stored items.
pub const PATIENT_QUOTA: u32 = 2;

impl pallet_health_identity::Config for Test {
	type ConsortiumOrigin = EnsureRoot<AccountId32>;
	type Time = Timestamp;
	type WalletSignature = MultiSignature;
	type WalletSigner = MultiSigner;
	type MaxNameLength = ConstU32<64>;
	type MaxLicenceLength = ConstU32<32>;
	type MaxPractitionersPerOrganisation = MaxPractitionersPerOrganisation;
	type MaxGuardians = ConstU32<3>;
	type MaxWardsPerGuardian = ConstU32<3>;
	type OrganisationHooks = ();
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistrationDeposit = ConstU128<DEPOSIT>;
	type DefaultOrganisationQuota = ConstU32<ORGANISATION_QUOTA>;
	type DefaultPatientQuota = ConstU32<PATIENT_QUOTA>;
	type MaxFreeRegistrationsPerBlock = ConstU32<2>;
	type PatientDailyAllowance = ConstU32<4>;
	type MaxPageSize = ConstU32<10>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = caduceus_primitives::benchmarking::Sr25519Keys;
}

/// 2026-01-01T00:00:00Z in block time.
pub use caduceus_primitives::harness::START;
/// One day of block time.
pub const DAY: u64 = caduceus_primitives::DAY_MS;

/// Genesis state at block 1, block time [`START`].
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage =
		harness::genesis_with_balances::<Test>((1..=u8::MAX).map(|n| (account(n), ENDOWMENT)));
	// No participants: the tests register and attest their own.
	harness::new_ext::<Test>(storage, || ())
}

/// Runs `test` on fresh state, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	harness::run_checked(new_test_ext(), test, HealthIdentity::do_try_state);
}

/// A test account.
pub fn account(n: u8) -> AccountId32 {
	AccountId32::new([n; 32])
}

/// Moves to the next block, `ms` later, and runs the pallet's `on_initialize` there.
pub fn advance(ms: u64) {
	use frame_support::traits::Hooks;
	HealthIdentity::on_initialize(harness::advance::<Test>(ms));
}
