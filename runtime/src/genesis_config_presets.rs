//! Genesis presets: the initial state of the `development`, `local_testnet`, `consortium` and
//! `demo` chains.
//!
//! The node's chain specs are built from these presets, so `build-spec`, `--dev`,
//! `--chain local` and `--chain consortium` all start from exactly what is written here.

#![allow(
	clippy::expect_used,
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	clippy::integer_division,
	reason = "genesis presets abort on a bad preset, by design; they never run in a block"
)]

use crate::{
	AccountId, BalancesConfig, Runtime, RuntimeGenesisConfig, SessionKeys, SudoConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use caduceus_primitives::{DataCategories, OrgId};
use core::str::FromStr;
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// What every endowed development account starts with.
pub const ENDOWMENT: crate::Balance = 1_000_000 * UNIT;

/// Blocks per session on the development and test presets: 30 seconds, so that a validator the
/// consortium adds or removes is in or out within a minute. A production chain spec sets hours.
pub const DEV_SESSION_LENGTH: crate::BlockNumber = 5;

/// A validator at genesis: its account, the organisation running it, its session keys.
type GenesisValidator = (AccountId, OrgId, SessionKeys);

/// The genesis state of a chain with the given validators (and the floor under them), node
/// allow-list (empty for an open network), endowed accounts, council members and sudo key
/// (development only: other chains are governed by the council alone).
fn genesis(
	validators: Vec<GenesisValidator>,
	min_validators: u32,
	nodes: Vec<(Vec<u8>, OrgId)>,
	endowed_accounts: Vec<AccountId>,
	council: Vec<AccountId>,
	sudo: Option<AccountId>,
) -> Value {
	let council: frame_support::BoundedVec<_, _> =
		council.try_into().expect("at most MaxMembers council members");
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>(),
		},
		validator_set: pallet_validator_set::GenesisConfig {
			validators: validators
				.iter()
				.map(|(account, org, _)| (account.clone(), *org))
				.collect::<Vec<_>>(),
			min_validators,
			session_length: DEV_SESSION_LENGTH,
			nodes,
		},
		// Aura's and GRANDPA's authorities come from the session keys.
		session: pallet_session::GenesisConfig {
			keys: validators
				.into_iter()
				.map(|(account, _, keys)| (account.clone(), account, keys))
				.collect::<Vec<_>>(),
		},
		council_membership: pallet_membership::GenesisConfig::<
			Runtime,
			pallet_membership::Instance1,
		> {
			members: council,
			phantom: Default::default(),
		},
		sudo: SudoConfig { key: sudo },
	})
}

/// The session keys (Aura, GRANDPA) of a well-known development account.
fn dev_session_keys(who: Sr25519Keyring) -> SessionKeys {
	let grandpa =
		Ed25519Keyring::from_str(who.into()).expect("every sr25519 dev key has an ed25519 twin");
	let aura: AuraId = who.public().into();
	let grandpa: GrandpaId = grandpa.public().into();
	SessionKeys { aura, grandpa }
}

/// A well-known development account as the validator of `organisation`.
fn dev_validator(who: Sr25519Keyring, organisation: OrgId) -> GenesisValidator {
	(who.to_account_id(), organisation, dev_session_keys(who))
}

/// The PeerIds of the development node keys `0x00…01` to `0x00…06` (32 bytes each; pass
/// `--node-key 0000…000N`), as `caduceus-node key inspect-node-key` prints them:
///
/// 1. `12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp`
/// 2. `12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD`
/// 3. `12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x`
/// 4. `12D3KooWSsChzF81YDUKpe9Uk5AHV5oqAaXAcWNSPYgoLauUk4st`
/// 5. `12D3KooWSuTq6MG9gPt7qZqLFKkYrfxMewTZhj9nmRHJkPwzWDG2`
/// 6. `12D3KooWMz5U7fR8mF5DNhZSSyFN8c19kU63xYopzDSNCzoFigYk`
///
/// Like Alice's keys, they are public: for local and test networks only.
pub const DEV_NODE_PUBLIC_KEYS: [[u8; 32]; 6] = [
	hex_literal(b"4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29"),
	hex_literal(b"7422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674"),
	hex_literal(b"f381626e41e7027ea431bfe3009e94bdd25a746beec468948d6c3c7c5dc9a54b"),
	hex_literal(b"fd50b8e3b144ea244fbf7737f550bc8dd0c2650bbc1aada833ca17ff8dbf329b"),
	hex_literal(b"fde4fba030ad002f7c2f7d4c331f49d13fb0ec747eceebec634f1ff4cbca9def"),
	hex_literal(b"b4c92afb3ba57f3ab959ffe6d319c98484a2155a0f4c65b2c37011ffd197b075"),
];

/// The bytes of 64 hex digits, at compile time.
const fn hex_literal(hex: &[u8; 64]) -> [u8; 32] {
	const fn digit(c: u8) -> u8 {
		match c {
			b'0'..=b'9' => c - b'0',
			b'a'..=b'f' => c - b'a' + 10,
			_ => panic!("lower-case hex digits only"),
		}
	}
	let mut out = [0u8; 32];
	let mut i = 0;
	while i < 32 {
		out[i] = digit(hex[2 * i]) << 4 | digit(hex[2 * i + 1]);
		i += 1;
	}
	out
}

/// The PeerId bytes of development node key `n` (1-based).
pub fn dev_node_peer_id(n: usize) -> Vec<u8> {
	let mut peer_id = pallet_validator_set::NODE_PEER_ID_PREFIX.to_vec();
	peer_id.extend(DEV_NODE_PUBLIC_KEYS[n - 1]);
	peer_id
}

/// Every well-known development account (Alice..Ferdie and their stash accounts).
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// 2031-01-01T00:00:00Z in block time: when the demo consents end.
pub const DEMO_CONSENT_END: u64 = 1_924_992_000_000;

/// The demo patients' category keys (`caduceus_primitives::category_slots`), by patient id:
/// Dave's and Charlie//stash's. Published, so anyone can play their wallets; a real patient's
/// wallet draws 32 random bytes.
pub const DEMO_CATEGORY_KEYS: [caduceus_primitives::CategoryKey; 2] = [[0xDA; 32], [0xC5; 32]];

/// The development chain's demo participants, so that `scripts/dev.sh` starts with something to
/// look at (see `docs/development.md`, "Demo data"):
///
/// - organisation 0, St. Luke's Hospital, admin Bob: Charlie physician, Ferdie privacy officer,
///   Alice//stash nurse;
/// - organisation 1, Northside Laboratory, admin Eve: Bob//stash lab technician;
/// - organisation 2, Acme Pharmaceuticals (manufacturer), admin Dave//stash;
/// - organisation 3, Keystone Wholesale (distributor), admin Eve//stash;
/// - GS1 company prefixes: Acme numbers its products under `0300123` and its containers under
///   `0614141`, Keystone its containers under `0614142`;
/// - patient 0 Dave, who granted the hospital read and write of the non-sensitive categories for
///   treatment, and the laboratory read and write of lab results for treatment, naming them as
///   slots under his category key [`DEMO_CATEGORY_KEYS`];
/// - patient 1 Charlie//stash, who granted nothing yet.
fn demo_participants() -> Value {
	use caduceus_primitives::{
		category_slots::{slot_of, slots_of},
		Action, CategorySlot, DataCategory, OrgKind, Purpose, Role,
	};
	let account = |who: Sr25519Keyring| who.to_account_id();
	let dave = &DEMO_CATEGORY_KEYS[0];
	let broad: Vec<CategorySlot> = slots_of(dave, DataCategories::broad()).iter().collect();
	build_struct_json_patch!(RuntimeGenesisConfig {
		health_identity: pallet_health_identity::GenesisConfig {
			organisations: vec![
				(OrgKind::Hospital, b"St. Luke's Hospital".to_vec(), account(Sr25519Keyring::Bob)),
				(
					OrgKind::Laboratory,
					b"Northside Laboratory".to_vec(),
					account(Sr25519Keyring::Eve)
				),
				(
					OrgKind::Manufacturer,
					b"Acme Pharmaceuticals".to_vec(),
					account(Sr25519Keyring::DaveStash)
				),
				(
					OrgKind::Distributor,
					b"Keystone Wholesale".to_vec(),
					account(Sr25519Keyring::EveStash)
				),
			],
			practitioners: vec![
				(0, account(Sr25519Keyring::Charlie), Role::Physician),
				(0, account(Sr25519Keyring::Ferdie), Role::PrivacyOfficer),
				(0, account(Sr25519Keyring::AliceStash), Role::Nurse),
				(1, account(Sr25519Keyring::BobStash), Role::LabTechnician),
			],
			patients: vec![account(Sr25519Keyring::Dave), account(Sr25519Keyring::CharlieStash)],
		},
		supply_chain: pallet_supply_chain::GenesisConfig {
			company_prefixes: vec![
				(2, vec![b"0300123".to_vec(), b"0614141".to_vec()]),
				(3, vec![b"0614142".to_vec()]),
			],
		},
		consent: pallet_consent::GenesisConfig {
			organisation_grants: vec![
				(
					account(Sr25519Keyring::Dave),
					0,
					0,
					broad,
					vec![Purpose::Treatment],
					vec![Action::Read, Action::Write],
					DEMO_CONSENT_END,
				),
				(
					account(Sr25519Keyring::Dave),
					0,
					1,
					vec![slot_of(dave, DataCategory::LabResults)],
					vec![Purpose::Treatment],
					vec![Action::Read, Action::Write],
					DEMO_CONSENT_END,
				),
			],
		},
	})
}

/// One validator (Alice, run for St. Luke's Hospital, organisation 0), the council (Bob, Eve),
/// Alice's sudo key and the well-known accounts funded: what the development and demo presets
/// share, without any organisation.
fn development_base() -> Value {
	genesis(
		vec![dev_validator(Sr25519Keyring::Alice, 0)],
		1,
		vec![],
		dev_accounts(),
		vec![Sr25519Keyring::Bob.to_account_id(), Sr25519Keyring::Eve.to_account_id()],
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// One validator (Alice, run for St. Luke's Hospital), for `--dev`, with the demo participants.
/// The council is the demo organisations' admins (Bob, Eve); Alice holds the sudo key. The
/// network is open (no node allow-list).
pub fn development_config_genesis() -> Value {
	let mut patch = development_base();
	merge(&mut patch, demo_participants());
	patch
}

/// The name of the demo preset.
pub const DEMO_PRESET: &str = "demo";

/// The development chain as a consortium starts, for `--chain demo`, which `scripts/dev.sh`
/// brings to life through the client (`scripts/seed.sh`): its founding member St. Luke's
/// Hospital (organisation 0, admin Bob), whose node (Alice) validates, and the development
/// chain's council, sudo key and funded accounts. Every other organisation, and every
/// practitioner, patient, consent and company prefix, comes from the seeding's transactions.
pub fn demo_config_genesis() -> Value {
	use caduceus_primitives::OrgKind;
	let mut patch = development_base();
	merge(
		&mut patch,
		build_struct_json_patch!(RuntimeGenesisConfig {
			health_identity: pallet_health_identity::GenesisConfig {
				organisations: vec![(
					OrgKind::Hospital,
					b"St. Luke's Hospital".to_vec(),
					Sr25519Keyring::Bob.to_account_id()
				)],
				practitioners: vec![],
				patients: vec![],
			},
		}),
	);
	patch
}

/// Adds the fields of `extra` to `base`.
fn merge(base: &mut Value, extra: Value) {
	if let (Value::Object(base), Value::Object(extra)) = (base, extra) {
		base.extend(extra);
	}
}

/// A chain governed by its members alone: each member is an organisation whose admin account
/// runs a validator and sits on the council. No sudo. The floor is all members but one; `nodes`
/// is the allow-list (development node keys, see [`DEV_NODE_PUBLIC_KEYS`]), one node per member
/// in order, or none for an open network.
fn members_genesis(
	members: &[(Sr25519Keyring, caduceus_primitives::OrgKind, &str)],
	allow_list: bool,
) -> Value {
	let admins: Vec<AccountId> = members.iter().map(|(key, _, _)| key.to_account_id()).collect();
	let validators = members
		.iter()
		.enumerate()
		.map(|(org, (key, _, _))| dev_validator(*key, org as OrgId))
		.collect::<Vec<_>>();
	let nodes = match allow_list {
		true => (0..members.len()).map(|org| (dev_node_peer_id(org + 1), org as OrgId)).collect(),
		false => vec![],
	};
	let mut patch =
		genesis(validators, members.len() as u32 - 1, nodes, dev_accounts(), admins.clone(), None);
	let organisations = members
		.iter()
		.map(|(key, kind, name)| (*kind, name.as_bytes().to_vec(), key.to_account_id()))
		.collect::<Vec<_>>();
	merge(
		&mut patch,
		build_struct_json_patch!(RuntimeGenesisConfig {
			health_identity: pallet_health_identity::GenesisConfig {
				organisations,
				practitioners: vec![],
				patients: vec![],
			},
		}),
	);
	patch
}

/// Three validators (Alice, Bob, Charlie), for `--chain local`: the admins of a hospital, an
/// insurer and a pharmacy, who form the council. No sudo; an open network.
pub fn local_config_genesis() -> Value {
	use caduceus_primitives::OrgKind;
	members_genesis(
		&[
			(Sr25519Keyring::Alice, OrgKind::Hospital, "Alice General Hospital"),
			(Sr25519Keyring::Bob, OrgKind::Insurer, "Bob Mutual Insurance"),
			(Sr25519Keyring::Charlie, OrgKind::Pharmacy, "Charlie Pharmacy"),
		],
		false,
	)
}

/// The name of the four-member consortium preset.
pub const CONSORTIUM_PRESET: &str = "consortium";

/// Four organisations, four validators (Alice, Bob, Charlie, Dave), for `--chain consortium`:
/// a hospital, an insurer, a pharmacy and a laboratory, whose admins form the council. No sudo.
/// Only nodes with the development node keys 1 to 4 may join (`scripts/local-network.sh`).
pub fn consortium_config_genesis() -> Value {
	use caduceus_primitives::OrgKind;
	members_genesis(
		&[
			(Sr25519Keyring::Alice, OrgKind::Hospital, "St. Luke's Hospital"),
			(Sr25519Keyring::Bob, OrgKind::Insurer, "CareFirst Insurance"),
			(Sr25519Keyring::Charlie, OrgKind::Pharmacy, "Corner Pharmacy"),
			(Sr25519Keyring::Dave, OrgKind::Laboratory, "Northside Laboratory"),
		],
		true,
	)
}

/// The JSON patch of the named preset, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		CONSORTIUM_PRESET => consortium_config_genesis(),
		DEMO_PRESET => demo_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(CONSORTIUM_PRESET),
		PresetId::from(DEMO_PRESET),
	]
}
