//! Configuration of the FRAME pallets the runtime is composed of.

use caduceus_primitives::DAY_MS;
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		fungible::HoldConsideration, ConstBool, ConstU128, ConstU32, ConstU64, ConstU8,
		LinearStoragePrice, VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, IdentityFee, Weight},
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{traits::One, Perbill};
use sp_version::RuntimeVersion;

use super::{
	AccountId, Aura, Balance, Balances, Block, BlockNumber, Hash, Moment, Nonce, OriginCaller,
	PalletInfo, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	RuntimeOrigin, RuntimeTask, Signature, System, Timestamp, EXISTENTIAL_DEPOSIT, MICRO_UNIT,
	MILLI_UNIT, SLOT_DURATION, SS58_PREFIX, UNIT, VERSION,
};

/// Share of a block that ordinary (non-operational) extrinsics may fill.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// The compute a block may use: 2 s of each 6 s slot, so that a full block is authored, sent,
/// imported by every validator and voted on by GRANDPA well inside its slot
/// (docs/performance.md, "Block time and compute share").
const BLOCK_COMPUTE: Weight = Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX);
/// Maximum size of a block in bytes.
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;
/// Maximum number of Aura/GRANDPA authorities: a consortium's validator set.
const MAX_AUTHORITIES: u32 = 32;

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// [`BLOCK_COMPUTE`] per block, of which ordinary extrinsics may fill
	/// [`NORMAL_DISPATCH_RATIO`]; the base weights of a block and of an extrinsic are those
	/// measured on this machine by `benchmark overhead` (`runtime/src/weights`).
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(crate::weights::block_weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic =
				crate::weights::extrinsic_weights::ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(normal_share(BLOCK_COMPUTE));
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(BLOCK_COMPUTE);
			weights.reserved = Some(BLOCK_COMPUTE.saturating_sub(normal_share(BLOCK_COMPUTE)));
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	/// 5 MiB blocks, of which ordinary extrinsics may fill [`NORMAL_DISPATCH_RATIO`].
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			// 75% of 5 MiB is a whole number of bytes: flooring rounds nothing.
			*max = NORMAL_DISPATCH_RATIO.mul_floor(MAX_BLOCK_LENGTH)
		})
		.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

/// [`NORMAL_DISPATCH_RATIO`] of `weight`.
fn normal_share(weight: Weight) -> Weight {
	Weight::from_parts(
		NORMAL_DISPATCH_RATIO.mul_floor(weight.ref_time()),
		NORMAL_DISPATCH_RATIO.mul_floor(weight.proof_size()),
	)
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores its state in ParityDB: its read and write weights measured on this
	/// machine by `benchmark storage`.
	type DbWeight = crate::weights::paritydb_weights::constants::ParityDbWeight;
	type SystemWeightInfo = crate::weights::frame_system::WeightInfo<Runtime>;
	/// Priced inside the extrinsic base weight ([`crate::extension_weights`]).
	type ExtensionsWeightInfo = crate::extension_weights::InExtrinsicBase;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	type BaseCallFilter = GovernanceFilter;
}

/// The smallest council: with fewer than two members, one member would be two thirds of it.
pub const MIN_COUNCIL_MEMBERS: usize = 2;

/// Calls refused to every origin but root, to keep the council's two-thirds rule intact:
///
/// - a member handing their seat to another account by themselves
///   (`CouncilMembership::change_key`): an admin key is rotated by a motion (`swap_member`);
/// - removing members below [`MIN_COUNCIL_MEMBERS`] (`remove_member`, `reset_members`), and a
///   reset naming a member twice (a council of one that counts as two);
/// - purging session keys (`Session::purge_keys`): the validator-set floor counts validators with
///   keys, and the session pallet silently drops a keyless validator even from a set the floor
///   holds, so purging could shrink the set below the floor, or to nothing. Keys are replaced
///   with `set_keys`, never removed.
pub struct GovernanceFilter;

impl frame_support::traits::Contains<RuntimeCall> for GovernanceFilter {
	fn contains(call: &RuntimeCall) -> bool {
		use pallet_membership::Call as Membership;
		let seats = || pallet_collective::Members::<Runtime, CouncilCollective>::decode_len();
		match call {
			RuntimeCall::CouncilMembership(Membership::change_key { .. }) => false,
			RuntimeCall::CouncilMembership(Membership::remove_member { .. }) => {
				seats().unwrap_or(0) > MIN_COUNCIL_MEMBERS
			},
			RuntimeCall::CouncilMembership(Membership::reset_members { members }) => {
				let distinct: alloc::collections::BTreeSet<_> = members.iter().collect();
				distinct.len() == members.len() && members.len() >= MIN_COUNCIL_MEMBERS
			},
			RuntimeCall::Session(pallet_session::Call::purge_keys { .. }) => false,
			_ => true,
		}
	}
}

/// A member who does not vote is counted as voting nay: a motion passes only with two thirds of
/// the members voting for it, never by others' silence.
pub struct AbstentionIsNay;

impl pallet_collective::DefaultVote for AbstentionIsNay {
	fn default_vote(_: Option<bool>, _: u32, _: u32, _: u32) -> bool {
		false
	}
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	// No equivocation reporting until the validator-set pallet gives sessions and key ownership.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	type Moment = Moment;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION.saturating_div(2) }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type OperationalFeeMultiplier = ConstU8<5>;
	/// Priced inside the extrinsic base weight ([`crate::extension_weights`]).
	type WeightInfo = crate::extension_weights::InExtrinsicBase;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = crate::weights::pallet_utility::WeightInfo<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = crate::weights::pallet_sudo::WeightInfo<Runtime>;
}

parameter_types! {
	pub const RecoveryFriendGroupsHold: RuntimeHoldReason =
		RuntimeHoldReason::Recovery(pallet_recovery::HoldReason::FriendGroupsStorage);
	pub const RecoveryAttemptHold: RuntimeHoldReason =
		RuntimeHoldReason::Recovery(pallet_recovery::HoldReason::AttemptStorage);
	pub const RecoveryInheritorHold: RuntimeHoldReason =
		RuntimeHoldReason::Recovery(pallet_recovery::HoldReason::InheritorStorage);
}

/// A deposit of a base plus a price per byte, held while the storage it pays for exists.
type StorageDeposit =
	LinearStoragePrice<ConstU128<{ 10 * MILLI_UNIT }>, ConstU128<{ MICRO_UNIT }>, Balance>;

/// A patient who lost a key recovers the account with M-of-N friends after a delay, then moves
/// their patient identity to a new key (`HealthIdentity::initiate_patient_move`).
impl pallet_recovery::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeHoldReason = RuntimeHoldReason;
	type BlockNumberProvider = System;
	type Currency = Balances;
	type FriendGroupsConsideration =
		HoldConsideration<AccountId, Balances, RecoveryFriendGroupsHold, StorageDeposit>;
	type AttemptConsideration =
		HoldConsideration<AccountId, Balances, RecoveryAttemptHold, StorageDeposit>;
	type InheritorConsideration =
		HoldConsideration<AccountId, Balances, RecoveryInheritorHold, StorageDeposit>;
	/// Slashed from whoever starts a recovery attempt that the owner cancels: deters attacks.
	type SecurityDeposit = ConstU128<{ 10 * UNIT }>;
	type Slash = ();
	type MaxFriendsPerConfig = ConstU32<16>;
	type WeightInfo = crate::weights::pallet_recovery::WeightInfo<Runtime>;
}

parameter_types! {
	/// What a self-registering patient's account holds until an organisation first anchors a
	/// record for them: about what a patient may store for free (grants, history, guardians),
	/// so that accounts no organisation serves are paid for by whoever funds them.
	pub const RegistrationDeposit: Balance = UNIT;
}

impl pallet_health_identity::Config for Runtime {
	type ConsortiumOrigin = ConsortiumOrigin;
	type Time = Timestamp;
	type WalletSignature = Signature;
	type WalletSigner = <Signature as sp_runtime::traits::Verify>::Signer;
	type MaxNameLength = ConstU32<128>;
	type MaxLicenceLength = ConstU32<32>;
	type MaxPractitionersPerOrganisation = ConstU32<5_000>;
	type MaxGuardians = ConstU32<8>;
	type MaxWardsPerGuardian = ConstU32<16>;
	type OrganisationHooks = CouncilSeats;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistrationDeposit = RegistrationDeposit;
	type DefaultOrganisationQuota = ConstU32<1_000_000>;
	type DefaultPatientQuota = ConstU32<1_000>;
	type MaxFreeRegistrationsPerBlock = ConstU32<50>;
	type PatientDailyAllowance = ConstU32<20>;
	type MaxPageSize = ConstU32<100>;
	type WeightInfo = crate::weights::pallet_health_identity::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = caduceus_primitives::benchmarking::Sr25519Keys;
}

parameter_types! {
	/// A grant lasts at most five years; the patient renews it after that.
	pub const MaxConsentDuration: Moment = 5 * 365 * DAY_MS;
	/// A wallet-signed grant must be submitted within 30 days of signing.
	pub const MaxSignedConsentLifetime: Moment = 30 * DAY_MS;
	/// Break-glass access lasts 24 hours.
	pub const EmergencyAccessDuration: Moment = DAY_MS;
	/// A privacy officer reviews a break-glass access within 72 hours.
	pub const EmergencyReviewPeriod: Moment = 3 * DAY_MS;
}

impl pallet_consent::Config for Runtime {
	type ConsortiumOrigin = ConsortiumOrigin;
	type Time = Timestamp;
	type Registry = crate::HealthIdentity;
	type WalletSignature = Signature;
	type WalletSigner = <Signature as sp_runtime::traits::Verify>::Signer;
	type MaxConsentsPerGrantee = ConstU32<8>;
	type MaxConsentsPerPatient = ConstU32<256>;
	type MaxExcluded = ConstU32<16>;
	type MaxBlocked = ConstU32<32>;
	type MaxConsentDuration = MaxConsentDuration;
	type PatientDailyAllowance = ConstU32<50>;
	type MaxSignedConsentLifetime = MaxSignedConsentLifetime;
	type EmergencyAccessDuration = EmergencyAccessDuration;
	type EmergencyReviewPeriod = EmergencyReviewPeriod;
	type MaxUnreviewedEmergencies = ConstU32<10>;
	type MaxUnjustifiedEmergencies = ConstU32<3>;
	type MaxHistoryPerPatient = ConstU32<1_000>;
	type MaxPageSize = ConstU32<100>;
	type WeightInfo = crate::weights::pallet_consent::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_participants::Participants;
}

parameter_types! {
	/// Six years of block time: HIPAA's retention of documentation (45 CFR 164.316(b)(2)).
	pub const AuditRetention: Moment = (6 * 36_525 * DAY_MS).saturating_div(100);
	/// What a practitioner pays (burnt) for each entry their access requests add to a
	/// patient's audit trail: about what a deposit for its ~300 bytes would be.
	pub const AuditEntryFee: Balance = 10 * MILLI_UNIT;
}

impl pallet_records::Config for Runtime {
	type Time = Timestamp;
	type Registry = crate::HealthIdentity;
	type ConsentVerifier = crate::Consent;
	type Quota = crate::HealthIdentity;
	type PatientHooks = crate::HealthIdentity;
	type MaxPointerLength = ConstU32<512>;
	type MaxBatchSize = ConstU32<100>;
	type MaxVersions = ConstU32<32>;
	type AuditRetention = AuditRetention;
	type MaxAuditPerAccessorPerDay = ConstU32<100>;
	type Currency = Balances;
	type AuditEntryFee = AuditEntryFee;
	type ConsortiumOrigin = ConsortiumOrigin;
	type WalletSignature = Signature;
	type WalletSigner = <Signature as sp_runtime::traits::Verify>::Signer;
	type MaxErasureRequestLifetime = MaxSignedConsentLifetime;
	type MaxPageSize = ConstU32<100>;
	type WeightInfo = crate::weights::pallet_records::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_participants::Participants;
}

impl pallet_supply_chain::Config for Runtime {
	type Time = Timestamp;
	type Registry = crate::HealthIdentity;
	type Quota = crate::HealthIdentity;
	type MaxCommissionBatch = ConstU32<500>;
	type MaxChildren = ConstU32<200>;
	type MaxLotsPerContainer = ConstU32<8>;
	type MaxShipmentItems = ConstU32<64>;
	type MaxOwners = ConstU32<16>;
	type MaxHistoryPerItem = ConstU32<64>;
	type MaxPageSize = ConstU32<100>;
	type MaxPrefixesPerOrganisation = ConstU32<16>;
	type ConsortiumOrigin = ConsortiumOrigin;
	type WeightInfo = crate::weights::pallet_supply_chain::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_participants::Participants;
}

parameter_types! {
	/// An insurer's pool pays at most this many waiting claims when topped up.
	pub const MaxPaymentsPerCall: u32 = 16;
	/// The claims pallet's id: each insurer's pool account is derived from it.
	pub const ClaimsPalletId: frame_support::PalletId = frame_support::PalletId(*b"cad/clms");
}

impl pallet_claims::Config for Runtime {
	type Time = Timestamp;
	type Registry = crate::HealthIdentity;
	type ConsentVerifier = crate::Consent;
	type Quota = crate::HealthIdentity;
	type RecordRegistry = crate::Records;
	type ProductVerifier = crate::SupplyChain;
	type Currency = crate::Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxServicesPerPlan = ConstU32<64>;
	type MaxLinesPerClaim = ConstU32<16>;
	type MaxEvidence = ConstU32<8>;
	type MaxPaymentsPerCall = MaxPaymentsPerCall;
	type MaxPageSize = ConstU32<100>;
	type PalletId = ClaimsPalletId;
	type ConsortiumOrigin = ConsortiumOrigin;
	type WeightInfo = crate::weights::pallet_claims::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_participants::Participants;
}

/// Creates participants for the Caduceus pallets' benchmarks through the identity pallet, and
/// consents through the consent pallet.
#[cfg(feature = "runtime-benchmarks")]
mod benchmark_participants {
	use super::*;
	use caduceus_primitives::{
		benchmarking::{Sr25519Keys, WalletKeys},
		OrgId, OrgKind, PatientId, Role,
	};
	use frame_support::traits::Get;

	pub struct Participants;

	impl WalletKeys<Signature, AccountId> for Participants {
		fn new_signer() -> AccountId {
			Sr25519Keys::new_signer()
		}
		fn sign(signer: &AccountId, payload: &[u8]) -> Signature {
			Sr25519Keys::sign(signer, payload)
		}
	}

	impl pallet_consent::BenchmarkHelper<AccountId, Signature> for Participants {}

	type ExceptionsOf =
		pallet_consent::Exceptions<AccountId, <Runtime as pallet_consent::Config>::MaxExcluded>;

	/// `patient` grants `organisation` every category, purpose and action, given for
	/// `source_document`, except to the practitioners of `exceptions`.
	fn grant_everything(
		patient_account: &AccountId,
		patient: PatientId,
		organisation: OrgId,
		source_document: sp_core::H256,
		exceptions: ExceptionsOf,
	) {
		use caduceus_primitives::{Action, Actions, CategorySlots, Flag, Purpose, Purposes};
		let terms = pallet_consent::ConsentTerms {
			grantee: pallet_consent::Party::Organisation(organisation),
			categories: CategorySlots::all(),
			purposes: Purposes::of(Purpose::ALL),
			actions: Actions::of(Action::ALL),
			roles: caduceus_primitives::Roles::of(caduceus_primitives::Role::ALL),
			valid_from: None,
			valid_until: pallet_timestamp::Now::<Runtime>::get() + MaxConsentDuration::get(),
			exceptions,
			source_document: Some(source_document),
		};
		crate::Consent::grant(RuntimeOrigin::signed(patient_account.clone()), patient, terms)
			.expect("the patient grants");
	}

	/// Exceptions of `MaxExcluded` practitioners, none of them a practitioner the benchmarks act
	/// as.
	fn most_exceptions() -> ExceptionsOf {
		let max = <<Runtime as pallet_consent::Config>::MaxExcluded as Get<u32>>::get();
		let practitioners: alloc::vec::Vec<AccountId> =
			(0..max).map(|i| frame_benchmarking::account("excluded", i, 0)).collect();
		pallet_consent::Exceptions {
			categories: Default::default(),
			practitioners: practitioners.try_into().expect("MaxExcluded of them"),
		}
	}

	/// The consent checks' fast paths with the most to decode (`ConsentCheck`, `TreatmentCheck`):
	/// `patient`'s grants to `organisation` fill their list, each given for `source_document`
	/// (making it its longest to decode) and excluding the most practitioners, and the first
	/// permits (after reading the practitioner's own empty list). A treatment check whose
	/// covering grant came later would add only the in-memory test of the grants before it.
	fn fast_path_at_worst(
		patient_account: &AccountId,
		patient: PatientId,
		organisation: OrgId,
		source_document: sp_core::H256,
	) {
		let grants =
			<<Runtime as pallet_consent::Config>::MaxConsentsPerGrantee as Get<u32>>::get();
		for _ in 0..grants {
			grant_everything(
				patient_account,
				patient,
				organisation,
				source_document,
				most_exceptions(),
			);
		}
	}

	/// The document the benchmarks' grants are given for where the check names none.
	const ANY_DOCUMENT: sp_core::H256 = sp_core::H256::repeat_byte(0xD0);

	impl pallet_records::BenchmarkHelper<AccountId, Signature> for Participants {
		fn consent(patient_account: &AccountId, patient: PatientId, _: &AccountId, org: OrgId) {
			fast_path_at_worst(patient_account, patient, org, ANY_DOCUMENT);
		}

		fn research_consent(
			patient_account: &AccountId,
			patient: PatientId,
			_: &AccountId,
			sponsor: OrgId,
			protocol: sp_core::H256,
		) {
			fast_path_at_worst(patient_account, patient, sponsor, protocol);
		}

		fn set_time(now: caduceus_primitives::Moment) {
			pallet_timestamp::Now::<Runtime>::put(now);
		}
	}

	/// A maker of its own product (the only GTIN under its 12-digit company prefix) ships one
	/// unit to `dispenser`, a pharmacy, which dispenses it.
	fn dispense_one(dispenser: OrgId) {
		use caduceus_primitives::benchmarking::Participants as _;
		use pallet_supply_chain::{Item, UnitKey};
		let maker_org = Participants::organisation(OrgKind::Manufacturer);
		let (maker, pharmacy) =
			(Participants::admin(maker_org), (dispenser, Participants::admin(dispenser)));
		// A product of its own for every unit: the shipment it travels in numbers it.
		let n = pallet_supply_chain::NextShipmentId::<Runtime>::get();
		let body = alloc::format!("0030{n:09}");
		let prefix: pallet_supply_chain::CompanyPrefix =
			body.as_bytes()[1..].to_vec().try_into().expect("12 digits");
		crate::SupplyChain::set_company_prefixes(
			RuntimeOrigin::root(),
			maker_org,
			alloc::vec![prefix].try_into().expect("one prefix"),
		)
		.expect("the consortium assigns");
		let gtin = caduceus_primitives::identifiers::with_gs1_check_digit(body.as_bytes());
		let serial: pallet_supply_chain::Serial =
			b"SERIAL-0000000000001".to_vec().try_into().expect("20 characters");
		let lot: pallet_supply_chain::Lot = b"LOT-1".to_vec().try_into().expect("short");
		let expiry = pallet_timestamp::Now::<Runtime>::get() + 365 * DAY_MS;
		let signed = |who: &AccountId| RuntimeOrigin::signed(who.clone());
		crate::SupplyChain::register_product(signed(&maker), gtin).expect("a maker registers");
		crate::SupplyChain::commission(
			signed(&maker),
			gtin,
			lot,
			expiry,
			alloc::vec![serial.clone()].try_into().expect("one serial"),
		)
		.expect("the owner commissions");
		let unit = UnitKey { gtin, serial };
		crate::SupplyChain::ship(
			signed(&maker),
			pharmacy.0,
			alloc::vec![Item::Unit(unit.clone())].try_into().expect("one item"),
			Default::default(),
		)
		.expect("the maker ships");
		let shipment = pallet_supply_chain::NextShipmentId::<Runtime>::get() - 1;
		crate::SupplyChain::receive(signed(&pharmacy.1), shipment).expect("the pharmacy receives");
		crate::SupplyChain::dispense(signed(&pharmacy.1), unit).expect("the pharmacy dispenses");
	}

	impl pallet_claims::BenchmarkHelper<AccountId> for Participants {
		fn consent(patient_account: &AccountId, patient: PatientId, _: &AccountId, org: OrgId) {
			fast_path_at_worst(patient_account, patient, org, ANY_DOCUMENT);
		}

		fn dispense(dispenser: OrgId, units: u32) {
			for _ in 0..units {
				dispense_one(dispenser);
			}
		}

		fn revoke(organisation: OrgId) {
			crate::HealthIdentity::revoke_organisation(RuntimeOrigin::root(), organisation)
				.expect("the consortium revokes");
		}

		fn endow(who: &AccountId, amount: u128) {
			use frame_support::traits::fungible::Mutate;
			crate::Balances::set_balance(who, amount);
		}

		fn evidence(patient_account: &AccountId, patient: PatientId, n: u32) -> u64 {
			let mut hash = [0xEE; 32];
			hash[..4].copy_from_slice(&n.to_le_bytes());
			let document = pallet_records::NewRecord {
				patient,
				content_hash: hash.into(),
				pointer: alloc::vec![1u8; 32].try_into().expect("short"),
				category: caduceus_primitives::CategorySlot::Slot0,
			};
			crate::Records::anchor(RuntimeOrigin::signed(patient_account.clone()), document)
				.expect("the patient anchors");
			pallet_records::NextRecordId::<Runtime>::get() - 1
		}
	}

	impl pallet_validator_set::BenchmarkHelper<AccountId> for Participants {
		fn set_session_keys(validator: &AccountId) {
			use sp_core::crypto::UncheckedFrom;
			let raw: [u8; 32] = validator.clone().into();
			let keys = crate::SessionKeys {
				aura: sp_consensus_aura::sr25519::AuthorityId::unchecked_from(raw),
				grandpa: sp_consensus_grandpa::AuthorityId::unchecked_from(raw),
			};
			pallet_session::NextKeys::<Runtime>::insert(validator, keys);
		}
	}

	impl caduceus_primitives::benchmarking::Participants<AccountId> for Participants {
		fn organisation(kind: OrgKind) -> OrgId {
			let org = pallet_health_identity::NextOrganisationId::<Runtime>::get();
			let admin: AccountId = frame_benchmarking::account("admin", org, 0);
			crate::HealthIdentity::register_organisation(
				RuntimeOrigin::root(),
				kind,
				b"Benchmark General".to_vec().try_into().expect("short enough"),
				pallet_health_identity::PublicIdentifiers { gln: None, npi: None, licence: None },
				admin,
			)
			.expect("a fresh admin registers");
			org
		}

		fn admin(org: OrgId) -> AccountId {
			frame_benchmarking::account("admin", org, 0)
		}

		fn practitioner(who: &AccountId, organisation: OrgId, role: Role) {
			let admin = pallet_health_identity::Organisations::<Runtime>::get(organisation)
				.expect("registered by the benchmark")
				.admin;
			crate::HealthIdentity::attest_practitioner(
				RuntimeOrigin::signed(admin),
				who.clone(),
				role,
				Default::default(),
				None,
			)
			.expect("the organisation's admin attests");
		}

		fn patient(who: &AccountId) -> PatientId {
			// Benchmarks register more patients than one block's free registrations.
			pallet_health_identity::FreeRegistrationsThisBlock::<Runtime>::kill();
			// A self-registered patient holds a deposit (released by the first record an
			// organisation anchors for them, which the anchor charges on top of its benchmark;
			// the records benchmarks serve their patients before, the path of almost every
			// anchor).
			let deposit = RegistrationDeposit::get() + EXISTENTIAL_DEPOSIT;
			if crate::Balances::free_balance(who) < deposit {
				<crate::Balances as frame_support::traits::fungible::Mutate<AccountId>>::mint_into(
					who, deposit,
				)
				.expect("a benchmark account takes a deposit");
			}
			crate::HealthIdentity::register_patient(RuntimeOrigin::signed(who.clone()), None)
				.expect("a fresh account registers");
			pallet_health_identity::NextPatientId::<Runtime>::get() - 1
		}
	}
}

/// What a validator holds when it registers session keys, returned when it purges them.
pub const SESSION_KEY_DEPOSIT: Balance = 10 * UNIT;

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A validator is known by its account (no stash/controller split: no staking).
	type ValidatorId = AccountId;
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	type ShouldEndSession = crate::ValidatorSet;
	type NextSessionRotation = crate::ValidatorSet;
	type SessionManager = crate::ValidatorSet;
	type SessionHandler =
		<crate::SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = crate::SessionKeys;
	/// No slashing, so nothing disables a validator within a session.
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = ConstU128<SESSION_KEY_DEPOSIT>;
}

/// Accounts that registered session keys.
pub struct WithSessionKeys;

impl frame_support::traits::Contains<AccountId> for WithSessionKeys {
	fn contains(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}
}

impl pallet_validator_set::Config for Runtime {
	type ConsortiumOrigin = ConsortiumOrigin;
	type Registry = crate::HealthIdentity;
	type HasSessionKeys = WithSessionKeys;
	type MaxValidators = ConstU32<MAX_AUTHORITIES>;
	type MaxNodes = ConstU32<128>;
	/// Five blocks (30 seconds): development and test chains rotate quickly.
	type MinSessionLength = ConstU32<5>;
	/// One week.
	type MaxSessionLength = ConstU32<{ 7 * crate::DAYS }>;
	type WeightInfo = crate::weights::pallet_validator_set::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_participants::Participants;
}

/// The council's instance of `pallet-collective`.
pub type CouncilCollective = pallet_collective::Instance1;

/// The share of the council a motion needs to act as the consortium: two thirds.
pub const CONSORTIUM_THRESHOLD_NUMERATOR: u32 = 2;
/// See [`CONSORTIUM_THRESHOLD_NUMERATOR`].
pub const CONSORTIUM_THRESHOLD_DENOMINATOR: u32 = 3;

/// The consortium, which every Caduceus pallet's privileged calls require: a council motion
/// passed by two thirds of the members, or root (sudo on the development chain; a call the
/// council enacted through `Consortium::enact`).
pub type ConsortiumOrigin = frame_support::traits::EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<
		AccountId,
		CouncilCollective,
		CONSORTIUM_THRESHOLD_NUMERATOR,
		CONSORTIUM_THRESHOLD_DENOMINATOR,
	>,
>;

parameter_types! {
	/// How long a council motion stays open for votes.
	pub const CouncilMotionDuration: BlockNumber = 3 * crate::DAYS;
	/// A motion may dispatch at most half a block (rounded down, as `Perbill::from_percent(50) *`
	/// rounds a half).
	pub MaxProposalWeight: Weight = RuntimeBlockWeights::get().max_block.saturating_div(2);
}

/// The consortium council: the organisations' admin accounts propose, vote and close motions.
impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<100>;
	type DefaultVote = AbstentionIsNay;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Membership is managed by `CouncilMembership` alone, so the two lists never diverge.
	type SetMembersOrigin = frame_system::EnsureNever<()>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = ConsortiumOrigin;
	type KillOrigin = ConsortiumOrigin;
	/// The first [`FREE_OPEN_MOTIONS`] open motions are free; beyond them a proposer holds a
	/// deposit that doubles with every open motion, released when the motion is closed
	/// (`release_proposal_deposit`): no member can fill the council's 100 slots cheaply.
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		CouncilProposalHold,
		pallet_collective::deposit::Delayed<
			ConstU32<FREE_OPEN_MOTIONS>,
			pallet_collective::deposit::Geometric<MotionDepositRatio, MotionDepositBase>,
		>,
		u32,
	>;
}

/// How many motions may be open before proposing one needs a deposit.
pub const FREE_OPEN_MOTIONS: u32 = 4;

parameter_types! {
	/// What a council motion's deposit is held under.
	pub const CouncilProposalHold: RuntimeHoldReason =
		RuntimeHoldReason::Council(pallet_collective::HoldReason::ProposalSubmission);
	/// The deposit of the first motion beyond the free ones...
	pub const MotionDepositBase: Balance = UNIT;
	/// ...doubling with each further open motion.
	pub MotionDepositRatio: sp_runtime::FixedU128 = sp_runtime::FixedU128::from_u32(2);
}

/// Moves or removes the council seat of an organisation's admin with the organisation: a new
/// admin takes the seat, a revoked organisation's admin loses it (unless the council would fall
/// below [`MIN_COUNCIL_MEMBERS`]; then the seat stays until the consortium seats another
/// member, and a warning is logged).
pub struct CouncilSeats;

impl caduceus_primitives::OrganisationHooks<AccountId> for CouncilSeats {
	fn admin_changed(_: caduceus_primitives::OrgId, old: &AccountId, new: &AccountId) {
		let members = pallet_collective::Members::<Runtime, CouncilCollective>::get();
		if members.contains(old) && !members.contains(new) {
			let swapped = crate::CouncilMembership::swap_member(
				RuntimeOrigin::root(),
				sp_runtime::MultiAddress::Id(old.clone()),
				sp_runtime::MultiAddress::Id(new.clone()),
			);
			if let Err(error) = swapped {
				log::warn!(target: "runtime::council", "seat not moved: {error:?}");
			}
		}
	}

	fn revoked(_: caduceus_primitives::OrgId, admin: &AccountId) {
		let members = pallet_collective::Members::<Runtime, CouncilCollective>::get();
		if !members.contains(admin) {
			return;
		}
		if members.len() <= MIN_COUNCIL_MEMBERS {
			log::warn!(target: "runtime::council", "a revoked organisation's admin keeps the seat: the council is at its minimum");
			return;
		}
		let removed = crate::CouncilMembership::remove_member(
			RuntimeOrigin::root(),
			sp_runtime::MultiAddress::Id(admin.clone()),
		);
		if let Err(error) = removed {
			log::warn!(target: "runtime::council", "seat not removed: {error:?}");
		}
	}

	fn weight() -> Weight {
		use pallet_membership::WeightInfo as _;
		type MembershipWeights = pallet_membership::weights::SubstrateWeight<Runtime>;
		use frame_support::traits::Get;
		let members = <<Runtime as pallet_membership::Config<pallet_membership::Instance1>>::MaxMembers as Get<u32>>::get();
		MembershipWeights::swap_member(members)
			.max(MembershipWeights::remove_member(members))
			.saturating_add(<Runtime as frame_system::Config>::DbWeight::get().reads(1))
	}
}

/// Who sits on the council: the consortium adds, removes and swaps members (an organisation
/// joining, leaving, or rotating its admin key).
impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = ConsortiumOrigin;
	type RemoveOrigin = ConsortiumOrigin;
	type SwapOrigin = ConsortiumOrigin;
	type ResetOrigin = ConsortiumOrigin;
	/// No prime member: nobody's vote stands in for anyone else's.
	type PrimeOrigin = frame_system::EnsureNever<()>;
	type MembershipInitialized = crate::Council;
	type MembershipChanged = crate::Council;
	type MaxMembers = ConstU32<100>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

/// Root-only calls (a runtime upgrade) by the consortium's vote, on chains without sudo.
impl pallet_consortium::Config for Runtime {
	type ConsortiumOrigin = ConsortiumOrigin;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = crate::weights::pallet_consortium::WeightInfo<Runtime>;
}
