//! A minimal runtime: the consortium is account 1 (standing in for a council majority).

use crate as pallet_consortium;
use frame_support::{derive_impl, ord_parameter_types};
use frame_system::EnsureSignedBy;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Consortium: pallet_consortium,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

ord_parameter_types! {
	/// The account that stands for the consortium in the tests.
	pub const Council: u64 = 1;
}

impl pallet_consortium::Config for Test {
	type ConsortiumOrigin = EnsureSignedBy<Council, u64>;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = ();
}

/// Genesis state at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
