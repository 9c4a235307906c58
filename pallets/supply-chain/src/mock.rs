//! A minimal runtime for the pallet's tests and benchmarks, with the test double of the identity
//! registry from `caduceus-primitives`.

use crate as pallet_supply_chain;
use crate::{CompanyPrefix, Gtin, Item, Lot, LotKey, ProductIdentifier, Serial, Sscc, UnitKey};
use caduceus_primitives::harness;
use caduceus_primitives::{
	doubles::{TestQuota, TestRegistry},
	identifiers::with_gs1_check_digit,
	OrgId, OrgKind, OrgStatus, PatientId, Role, Standing, DAY_MS,
};
use frame_support::{derive_impl, traits::ConstU32};
use sp_runtime::AccountId32;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		SupplyChain: pallet_supply_chain,
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

impl pallet_supply_chain::Config for Test {
	type Time = Timestamp;
	type Registry = TestRegistry;
	type Quota = TestQuota;
	type MaxCommissionBatch = ConstU32<10>;
	type MaxChildren = ConstU32<4>;
	type MaxLotsPerContainer = ConstU32<2>;
	type MaxShipmentItems = ConstU32<3>;
	type MaxOwners = ConstU32<2>;
	type MaxHistoryPerItem = ConstU32<8>;
	type MaxPageSize = ConstU32<10>;
	type MaxPrefixesPerOrganisation = ConstU32<2>;
	type ConsortiumOrigin = frame_system::EnsureRoot<AccountId32>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = caduceus_primitives::doubles::TestParticipants;
}

/// 2026-01-01T00:00:00Z in block time.
pub use caduceus_primitives::harness::START;
/// When the test lots expire: a year after [`START`].
pub const EXPIRY: u64 = START + 365 * DAY_MS;

/// A manufacturer.
pub const MAKER: OrgId = 1;
/// Another manufacturer.
pub const OTHER_MAKER: OrgId = 2;
/// A wholesale distributor.
pub const DISTRIBUTOR: OrgId = 3;
/// A pharmacy.
pub const PHARMACY: OrgId = 4;
/// A hospital.
pub const HOSPITAL: OrgId = 5;
/// A regulator.
pub const REGULATOR: OrgId = 6;
/// A laboratory: not a trading partner.
pub const LAB: OrgId = 7;
/// Another distributor.
pub const OTHER_DISTRIBUTOR: OrgId = 8;
/// The patient of the tests.
pub const PATIENT: PatientId = 1;

/// The admin account of organisation `org`.
pub fn admin(org: OrgId) -> AccountId32 {
	AccountId32::new([org as u8; 32])
}
/// The manufacturer's packaging-line operator (an attested practitioner).
pub fn line_operator() -> AccountId32 {
	AccountId32::new([101; 32])
}
/// The pharmacy's pharmacist.
pub fn pharmacist() -> AccountId32 {
	AccountId32::new([104; 32])
}
/// The patient's account.
pub fn patient() -> AccountId32 {
	AccountId32::new([200; 32])
}
/// An account that is nobody.
pub fn stranger() -> AccountId32 {
	AccountId32::new([250; 32])
}

/// The test product's GTIN-14.
pub fn gtin() -> Gtin {
	with_gs1_check_digit(b"0001234560001")
}
/// Another product's GTIN-14.
pub fn other_gtin() -> Gtin {
	with_gs1_check_digit(b"0001234560002")
}
/// Container `n`'s SSCC, under the maker's company prefix.
pub fn sscc(n: u8) -> Sscc {
	sscc_of(MAKER, n)
}
/// Container `n`'s SSCC under `org`'s company prefix for logistic units (`061414` and the
/// organisation's number).
pub fn sscc_of(org: OrgId, n: u8) -> Sscc {
	let body = alloc::format!("0061414{org}{:09}", n);
	with_gs1_check_digit(body.as_bytes())
}
/// The GS1 company prefixes of each trading partner of the tests: the maker's products are
/// numbered under `0012345`, the other maker's under `0098765`; every partner numbers its
/// containers under `061414` and its organisation number.
pub fn company_prefixes(org: OrgId) -> Vec<Vec<u8>> {
	let containers = alloc::format!("061414{org}").into_bytes();
	match org {
		MAKER => vec![b"0012345".to_vec(), containers],
		OTHER_MAKER => vec![b"0098765".to_vec(), containers],
		_ => vec![containers],
	}
}
/// Lot number `name`.
pub fn lot(name: &str) -> Lot {
	name.as_bytes().to_vec().try_into().unwrap()
}
/// Serial number `n`.
pub fn serial(n: u32) -> Serial {
	alloc::format!("SN{n:06}").into_bytes().try_into().unwrap()
}
/// Unit `n` of the test product.
pub fn unit(n: u32) -> UnitKey {
	UnitKey { gtin: gtin(), serial: serial(n) }
}
/// Unit `n` as an item.
pub fn unit_item(n: u32) -> Item {
	Item::Unit(unit(n))
}
/// Lot `name` of the test product.
pub fn lot_key(name: &str) -> LotKey {
	LotKey { gtin: gtin(), lot: lot(name) }
}
/// The product identifier printed on unit `n` of lot `L1`.
pub fn identifier(n: u32) -> ProductIdentifier {
	ProductIdentifier { gtin: gtin(), serial: serial(n), lot: lot("L1"), expiry: EXPIRY }
}

/// The participants every test starts with.
fn participants() {
	TestRegistry::reset();
	for (org, kind) in [
		(MAKER, OrgKind::Manufacturer),
		(OTHER_MAKER, OrgKind::Manufacturer),
		(DISTRIBUTOR, OrgKind::Distributor),
		(PHARMACY, OrgKind::Pharmacy),
		(HOSPITAL, OrgKind::Hospital),
		(REGULATOR, OrgKind::Regulator),
		(LAB, OrgKind::Laboratory),
		(OTHER_DISTRIBUTOR, OrgKind::Distributor),
	] {
		TestRegistry::set_organisation(org, kind, OrgStatus::Active);
		TestRegistry::set_admin(&admin(org), org);
	}
	TestRegistry::set_practitioner(&line_operator(), MAKER, Role::Administrator, Standing::Active);
	TestRegistry::set_practitioner(&pharmacist(), PHARMACY, Role::Pharmacist, Standing::Active);
	TestRegistry::set_patient(&patient(), PATIENT);
	for org in [MAKER, OTHER_MAKER, DISTRIBUTOR, PHARMACY, HOSPITAL, OTHER_DISTRIBUTOR] {
		let prefixes: Vec<CompanyPrefix> =
			company_prefixes(org).into_iter().map(|p| p.try_into().unwrap()).collect();
		SupplyChain::do_set_company_prefixes(org, prefixes.try_into().unwrap()).unwrap();
	}
}

/// Genesis state at block 1, block time [`START`], with the test participants.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = harness::genesis::<Test>();
	harness::new_ext::<Test>(storage, participants)
}

/// Runs `test` on fresh state, then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	harness::run_checked(new_test_ext(), test, SupplyChain::do_try_state);
}

/// Moves to the next block, `ms` later.
pub fn advance(ms: u64) {
	harness::advance::<Test>(ms);
}
