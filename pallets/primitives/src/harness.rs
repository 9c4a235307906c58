//! The test harness of the pallets' `mock.rs`: the genesis, the test state at block 1, a test
//! run that ends with the pallet's invariants, and moving to the next block. The claims,
//! consent, identity, records and supply-chain mocks use all of it; the validator set's, whose
//! blocks run its sessions, the genesis and the checked run.
//!
//! Only with the `harness` feature, which the pallets turn on in their dev-dependencies: never
//! part of the runtime.

#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::arithmetic_side_effects,
	reason = "the test harness (feature harness only), never part of the runtime"
)]

use frame_system::pallet_prelude::BlockNumberFor;
use sp_io::TestExternalities;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{traits::One, BuildStorage, Storage, TryRuntimeError};

/// Block time of block 1 of the mocks that use [`new_ext`]: 2026-01-01, in milliseconds.
pub const START: u64 = 1_767_225_600_000;

/// FRAME's system genesis for the mock runtime `T`.
pub fn genesis<T: frame_system::Config>() -> Storage {
	frame_system::GenesisConfig::<T>::default().build_storage().unwrap()
}

/// FRAME's system genesis for `T`, with each of `endowed` holding its balance.
pub fn genesis_with_balances<T: pallet_balances::Config>(
	endowed: impl IntoIterator<Item = (T::AccountId, T::Balance)>,
) -> Storage {
	let mut storage = genesis::<T>();
	pallet_balances::GenesisConfig::<T> {
		balances: endowed.into_iter().collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	storage
}

/// The test state of `storage`, with a keystore (benchmarks sign with keys they make there):
/// `participants` set up, then block 1 at block time [`START`].
pub fn new_ext<T>(storage: Storage, participants: impl FnOnce()) -> TestExternalities
where
	T: frame_system::Config + pallet_timestamp::Config<Moment = u64>,
{
	let mut ext = TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		participants();
		frame_system::Pallet::<T>::set_block_number(One::one());
		pallet_timestamp::Now::<T>::put(START);
	});
	ext
}

/// Runs `test` on `ext`, then the pallet's invariants (`try_state`): every test must leave them
/// holding.
pub fn run_checked(
	mut ext: TestExternalities,
	test: impl FnOnce(),
	try_state: impl FnOnce() -> Result<(), TryRuntimeError>,
) {
	ext.execute_with(|| {
		test();
		try_state().expect("invariants hold after the test");
	});
}

/// Moves `T` to its next block, `ms` of block time later; the new block's number.
pub fn advance<T>(ms: u64) -> BlockNumberFor<T>
where
	T: frame_system::Config + pallet_timestamp::Config<Moment = u64>,
{
	let next = frame_system::Pallet::<T>::block_number() + One::one();
	frame_system::Pallet::<T>::set_block_number(next);
	pallet_timestamp::Now::<T>::mutate(|now| *now += ms);
	next
}
