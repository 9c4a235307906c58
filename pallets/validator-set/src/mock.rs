//! A runtime with the session pallet driven by this pallet, the identity registry's test double
//! and a session handler that records which validators each session hands over.

use crate as pallet_validator_set;
use caduceus_primitives::{doubles::TestRegistry, harness, OrgId, OrgKind, OrgStatus};
use frame_support::{
	derive_impl, ord_parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
};
use frame_system::EnsureSignedBy;
use sp_runtime::{
	testing::UintAuthorityId,
	traits::{ConvertInto, OpaqueKeys},
	BuildStorage, RuntimeAppPublic,
};
use std::cell::RefCell;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		ValidatorSet: pallet_validator_set,
		Session: pallet_session,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

thread_local! {
	/// The validators of the session in force, as the session pallet handed them to consensus.
	static AUTHORITIES: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Stands for Aura and GRANDPA: remembers the validators of each new session.
pub struct TestSessionHandler;

impl pallet_session::SessionHandler<u64> for TestSessionHandler {
	const KEY_TYPE_IDS: &'static [sp_runtime::KeyTypeId] = &[UintAuthorityId::ID];
	fn on_genesis_session<K: OpaqueKeys>(validators: &[(u64, K)]) {
		AUTHORITIES.with(|a| *a.borrow_mut() = validators.iter().map(|(v, _)| *v).collect());
	}
	fn on_new_session<K: OpaqueKeys>(_: bool, validators: &[(u64, K)], _: &[(u64, K)]) {
		AUTHORITIES.with(|a| *a.borrow_mut() = validators.iter().map(|(v, _)| *v).collect());
	}
	fn on_disabled(_: u32) {}
}

/// The validators consensus runs with now.
pub fn authorities() -> Vec<u64> {
	AUTHORITIES.with(|a| a.borrow().clone())
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = u64;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = ValidatorSet;
	type NextSessionRotation = ValidatorSet;
	type SessionManager = ValidatorSet;
	type SessionHandler = TestSessionHandler;
	/// One key per validator (its number), whose ownership needs no proof.
	type Keys = UintAuthorityId;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU64<0>;
}

/// Accounts whose session keys the session pallet holds.
pub struct WithSessionKeys;

impl frame_support::traits::Contains<u64> for WithSessionKeys {
	fn contains(who: &u64) -> bool {
		pallet_session::NextKeys::<Test>::contains_key(who)
	}
}

ord_parameter_types! {
	/// The account that stands for the consortium in the tests.
	pub const Council: u64 = 99;
}

impl pallet_validator_set::Config for Test {
	type ConsortiumOrigin = EnsureSignedBy<Council, u64>;
	type Registry = TestRegistry;
	type HasSessionKeys = WithSessionKeys;
	type MaxValidators = ConstU32<6>;
	type MaxNodes = ConstU32<4>;
	type MinSessionLength = ConstU64<2>;
	type MaxSessionLength = ConstU64<100>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = caduceus_primitives::doubles::TestParticipants;
}

/// The hospital running validators 1 and 2.
pub const HOSPITAL: OrgId = 1;
/// The insurer running validator 3.
pub const INSURER: OrgId = 2;
/// The pharmacy running validator 4.
pub const PHARMACY: OrgId = 3;
/// An organisation that joins later (validator 5).
pub const LAB: OrgId = 4;
/// Admin of the hospital.
pub const HOSPITAL_ADMIN: u64 = 11;
/// Blocks per session at genesis.
pub const SESSION: u64 = 5;

/// The PeerId of the test node `n` (a valid ed25519 node PeerId).
pub fn peer(n: u8) -> crate::PeerId {
	let mut bytes = crate::NODE_PEER_ID_PREFIX.to_vec();
	bytes.extend([n; 32]);
	bytes.try_into().unwrap()
}

/// Four validators (1, 2 of the hospital, 3 of the insurer, 4 of the pharmacy) with session
/// keys, a floor of 3, sessions of 5 blocks, nodes 1 and 2 of the hospital; validator 5 (the
/// lab) has keys but is not admitted. At block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	TestRegistry::reset();
	TestRegistry::set_organisation(HOSPITAL, OrgKind::Hospital, OrgStatus::Active);
	TestRegistry::set_organisation(INSURER, OrgKind::Insurer, OrgStatus::Active);
	TestRegistry::set_organisation(PHARMACY, OrgKind::Pharmacy, OrgStatus::Active);
	TestRegistry::set_organisation(LAB, OrgKind::Laboratory, OrgStatus::Active);
	TestRegistry::set_admin(&HOSPITAL_ADMIN, HOSPITAL);
	let mut storage = harness::genesis_with_balances::<Test>((1..=6).map(|v| (v, 100)));
	pallet_validator_set::GenesisConfig::<Test> {
		validators: vec![(1, HOSPITAL), (2, HOSPITAL), (3, INSURER), (4, PHARMACY)],
		min_validators: 3,
		session_length: SESSION,
		nodes: vec![(peer(1).into_inner(), HOSPITAL), (peer(2).into_inner(), HOSPITAL)],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let keys = |v: u64| (v, v, UintAuthorityId(v));
	pallet_session::GenesisConfig::<Test> {
		keys: (1..=4).map(keys).collect(),
		non_authority_keys: vec![keys(5)],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| run_to_block(1));
	ext
}

/// Runs blocks up to `n`, rotating sessions as the session pallet does.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Session::on_initialize(next);
	}
}

/// Runs blocks until session `index` has started.
pub fn run_to_session(index: u32) {
	while Session::current_index() < index {
		run_to_block(System::block_number() + 1);
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for caduceus_primitives::doubles::TestParticipants {
	fn set_session_keys(validator: &u64) {
		pallet_session::NextKeys::<Test>::insert(validator, UintAuthorityId(*validator));
	}
}
