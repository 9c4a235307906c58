//! # Caduceus runtime
//!
//! The state transition function of Caduceus, a permissioned chain for healthcare consortia.
//! It is compiled twice: natively (feature `std`, for tests and the node's tooling) and to WASM
//! (the blob in `WASM_BINARY`, which is the on-chain code every node executes).
//!
//! Pallet indices are explicit and must never be reused: they are part of every encoded call,
//! event and storage key that wallets, indexers and the audit trail rely on.

#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod admission;
pub mod apis;
pub mod configs;
pub mod extension_weights;
pub mod genesis_config_presets;
pub mod migrations;
#[cfg(feature = "std")]
pub mod signing;
pub mod weights;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;

/// Block number. `u32` lasts 800 years at 6 s blocks.
pub type BlockNumber = u32;
/// Signatures are `MultiSignature` (sr25519, ed25519, ecdsa) so that the wallets people already
/// use (polkadot.js extension, Talisman, SubWallet, Nova) sign Caduceus extrinsics unchanged.
pub type Signature = MultiSignature;
/// An account is the 32-byte public key (or its hash, for ecdsa) of the signer.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account, in the smallest unit (see [`UNIT`]).
pub type Balance = u128;
/// Per-account transaction counter.
pub type Nonce = u32;
/// Hash type of blocks and tries.
pub type Hash = sp_core::H256;
/// Block time from `pallet-timestamp`: milliseconds since the Unix epoch.
pub type Moment = u64;

/// Token symbol shown by wallets.
pub const TOKEN_SYMBOL: &str = "CAD";
/// Decimals of the token.
pub const TOKEN_DECIMALS: u8 = 12;
/// SS58 address format: 42 is the generic Substrate prefix, which every wallet understands.
pub const SS58_PREFIX: u16 = 42;

/// One whole token.
pub const UNIT: Balance = 1_000_000_000_000;
/// One thousandth of a token.
pub const MILLI_UNIT: Balance = UNIT.saturating_div(1_000);
/// One millionth of a token.
pub const MICRO_UNIT: Balance = UNIT.saturating_div(1_000_000);
/// The minimum balance an account must keep to exist.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Target block time. Aura produces one block per slot.
pub const MILLISECS_PER_BLOCK: u64 = 6000;
/// Aura slot length. It cannot change once the chain has started.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
/// Blocks per minute.
pub const MINUTES: BlockNumber =
	BlockNumber::saturating_div(60_000, MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Types the node uses without knowing the runtime's call and event types, so that it can keep
/// syncing across runtime upgrades.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The keys a validator registers: Aura to author blocks, GRANDPA to vote on finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The runtime version. Bump `spec_version` with every change of behaviour, and
/// `transaction_version` whenever the encoding of calls or transaction extensions changes.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("caduceus"),
	impl_name: alloc::borrow::Cow::Borrowed("caduceus-node"),
	authoring_version: 1,
	spec_version: 123,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 7,
	system_version: 1,
};

/// The address format of extrinsics: an account id (no indices pallet).
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The checks every signed transaction passes before and after dispatch.
///
/// The order is part of the transaction format (`transaction_version`): wallets and subxt encode
/// the extensions in exactly this order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	admission::AdmitParticipants,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The extensions a wallet attaches to a transaction of `nonce`: immortal, no tip (what the
/// runtime's tests and the fuzzer submit).
pub fn wallet_extension(nonce: Nonce) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::new(),
		admission::AdmitParticipants,
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(generic::Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_system::WeightReclaim::new(),
	)
}

/// An extrinsic as it is encoded in a block.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run on the next runtime upgrade, besides those of the pallets.
type Migrations = (
	pallet_health_identity::migrations::v2::MigrateToV2<Runtime>,
	pallet_health_identity::migrations::v3::MigrateToV3<Runtime>,
	pallet_claims::migrations::v3::MigrateToV3<Runtime, pallet_supply_chain::ProductIdentifier>,
	pallet_claims::migrations::v4::MigrateToV4<Runtime>,
	pallet_claims::migrations::v5::MigrateToV5<Runtime>,
	pallet_claims::migrations::v6::MigrateToV6<Runtime>,
	pallet_records::migrations::v2::MigrateToV2<Runtime>,
	pallet_records::migrations::v3::MigrateToV3<Runtime>,
	pallet_records::migrations::v4::MigrateToV4<Runtime>,
	pallet_records::migrations::v5::MigrateToV5<Runtime>,
	pallet_consent::migrations::v2::MigrateToV2<Runtime>,
	pallet_consent::migrations::v3::MigrateToV3<Runtime>,
	pallet_consent::migrations::v4::MigrateToV4<Runtime>,
	// Before the count: it reads `Units` in the version 2 shape.
	pallet_supply_chain::migrations::v2::MigrateToV2<Runtime>,
	pallet_supply_chain::migrations::v3::MigrateToV3<Runtime>,
	pallet_supply_chain::migrations::v4::MigrateToV4<Runtime>,
	pallet_supply_chain::migrations::v5::MigrateToV5<Runtime>,
	migrations::CountStoredItemsV4,
);

/// Dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Utility = pallet_utility;

	/// Stands in for the consortium council on the development chain only; the governance issue
	/// removes it from every other preset.
	#[runtime::pallet_index(7)]
	pub type Sudo = pallet_sudo;

	/// Social recovery of lost keys (M-of-N friends after a delay).
	#[runtime::pallet_index(8)]
	pub type Recovery = pallet_recovery;

	/// The consortium council: the organisations' admin accounts vote on motions.
	#[runtime::pallet_index(9)]
	pub type Council = pallet_collective<Instance1>;

	/// Who sits on the council; changed by the council itself.
	#[runtime::pallet_index(10)]
	pub type CouncilMembership = pallet_membership<Instance1>;

	/// The consortium's validators and the node allow-list. It drives `Session` and comes
	/// before it, so that its genesis is built first.
	#[runtime::pallet_index(11)]
	pub type ValidatorSet = pallet_validator_set;

	/// Sessions: validators' Aura and GRANDPA keys, rotated at session boundaries.
	#[runtime::pallet_index(12)]
	pub type Session = pallet_session;

	// Indices 13..=19 are reserved for further FRAME pallets; Caduceus' own pallets start at 20.

	/// Organisations, practitioners, patients and guardians.
	#[runtime::pallet_index(20)]
	pub type HealthIdentity = pallet_health_identity;

	/// Patients' consent grants, block lists and break-glass emergency access.
	#[runtime::pallet_index(21)]
	pub type Consent = pallet_consent;

	/// Root-only calls (runtime upgrades) enacted by the council's vote.
	#[runtime::pallet_index(22)]
	pub type Consortium = pallet_consortium;

	/// Anchors of off-chain health records, their versions, the access audit trail, erasure and
	/// clinical-trial registration.
	#[runtime::pallet_index(23)]
	pub type Records = pallet_records;

	/// Serialized drug units from manufacturer to patient: custody, verification, quarantine,
	/// recalls (DSCSA, GS1 EPCIS/CBV).
	#[runtime::pallet_index(24)]
	pub type SupplyChain = pallet_supply_chain;

	/// Plans, coverage, claims adjudicated by on-chain rules and paid from insurers' pools,
	/// prior authorisation, review and appeals.
	#[runtime::pallet_index(25)]
	pub type Claims = pallet_claims;
}

#[cfg(feature = "runtime-benchmarks")]
mod benches {
	frame_benchmarking::define_benchmarks!(
		[frame_benchmarking, BaselineBench::<Runtime>]
		[frame_system, SystemBench::<Runtime>]
		[pallet_balances, Balances]
		[pallet_timestamp, Timestamp]
		[pallet_utility, Utility]
		[pallet_sudo, Sudo]
		[pallet_recovery, Recovery]
		[pallet_health_identity, HealthIdentity]
		[pallet_consent, Consent]
		[pallet_consortium, Consortium]
		[pallet_validator_set, ValidatorSet]
		[pallet_records, Records]
		[pallet_supply_chain, SupplyChain]
		[pallet_claims, Claims]
	);
}

#[cfg(test)]
mod tests;
