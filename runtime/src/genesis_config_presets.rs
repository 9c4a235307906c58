//! Genesis presets: the initial state of the `development`, `local_testnet` and `consortium`
//! chains.
//!
//! The node's chain specs are built from these presets, so `build-spec`, `--dev`,
//! `--chain local` and `--chain consortium` all start from exactly what is written here.

use crate::{AccountId, BalancesConfig, Runtime, RuntimeGenesisConfig, SudoConfig, UNIT};
use alloc::{vec, vec::Vec};
use caduceus_primitives::DataCategories;
use core::str::FromStr;
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// What every endowed development account starts with.
pub const ENDOWMENT: crate::Balance = 1_000_000 * UNIT;

/// The genesis state of a chain with the given validators, endowed accounts, council members and
/// sudo key (development only: other chains are governed by the council alone).
fn genesis(
	validators: Vec<(AuraId, GrandpaId)>,
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
		aura: pallet_aura::GenesisConfig {
			authorities: validators.iter().map(|(aura, _)| aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: validators
				.iter()
				.map(|(_, grandpa)| (grandpa.clone(), 1))
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

/// The Aura and GRANDPA keys of a well-known development account.
fn dev_validator(who: Sr25519Keyring) -> (AuraId, GrandpaId) {
	let grandpa =
		Ed25519Keyring::from_str(who.into()).expect("every sr25519 dev key has an ed25519 twin");
	(who.public().into(), grandpa.public().into())
}

/// Every well-known development account (Alice..Ferdie and their stash accounts).
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// 2031-01-01T00:00:00Z in block time: when the demo consents end.
pub const DEMO_CONSENT_END: u64 = 1_924_992_000_000;

/// The development chain's demo participants, so that `scripts/dev.sh` starts with something to
/// look at (see `docs/development.md`, "Demo data"):
///
/// - organisation 0, St. Luke's Hospital, admin Bob: Charlie physician, Ferdie privacy officer,
///   Alice//stash nurse;
/// - organisation 1, Northside Laboratory, admin Eve: Bob//stash lab technician;
/// - organisation 2, Acme Pharmaceuticals (manufacturer), admin Dave//stash;
/// - organisation 3, Keystone Wholesale (distributor), admin Eve//stash;
/// - patient 0 Dave, who granted the hospital read and write of the non-sensitive categories for
///   treatment, and the laboratory read and write of lab results for treatment;
/// - patient 1 Charlie//stash, who granted nothing yet.
fn demo_participants() -> Value {
	use caduceus_primitives::{Action, DataCategory, OrgKind, Purpose, Role};
	let account = |who: Sr25519Keyring| who.to_account_id();
	let broad: Vec<DataCategory> = DataCategories::broad().iter().collect();
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
					vec![DataCategory::LabResults],
					vec![Purpose::Treatment],
					vec![Action::Read, Action::Write],
					DEMO_CONSENT_END,
				),
			],
		},
	})
}

/// One validator (Alice), for `--dev`, with the demo participants. The council is the demo
/// organisations' admins (Bob, Eve); Alice holds the sudo key.
pub fn development_config_genesis() -> Value {
	let mut patch = genesis(
		vec![dev_validator(Sr25519Keyring::Alice)],
		dev_accounts(),
		vec![Sr25519Keyring::Bob.to_account_id(), Sr25519Keyring::Eve.to_account_id()],
		Some(Sr25519Keyring::Alice.to_account_id()),
	);
	merge(&mut patch, demo_participants());
	patch
}

/// Adds the fields of `extra` to `base`.
fn merge(base: &mut Value, extra: Value) {
	if let (Value::Object(base), Value::Object(extra)) = (base, extra) {
		base.extend(extra);
	}
}

/// A chain governed by its members alone: each member is an organisation whose admin account
/// runs a validator and sits on the council. No sudo.
fn members_genesis(members: &[(Sr25519Keyring, caduceus_primitives::OrgKind, &str)]) -> Value {
	let admins: Vec<AccountId> = members.iter().map(|(key, _, _)| key.to_account_id()).collect();
	let mut patch = genesis(
		members.iter().map(|(key, _, _)| dev_validator(*key)).collect(),
		dev_accounts(),
		admins.clone(),
		None,
	);
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
/// insurer and a pharmacy, who form the council. No sudo.
pub fn local_config_genesis() -> Value {
	use caduceus_primitives::OrgKind;
	members_genesis(&[
		(Sr25519Keyring::Alice, OrgKind::Hospital, "Alice General Hospital"),
		(Sr25519Keyring::Bob, OrgKind::Insurer, "Bob Mutual Insurance"),
		(Sr25519Keyring::Charlie, OrgKind::Pharmacy, "Charlie Pharmacy"),
	])
}

/// The name of the four-member consortium preset.
pub const CONSORTIUM_PRESET: &str = "consortium";

/// Four organisations, four validators (Alice, Bob, Charlie, Dave), for `--chain consortium`:
/// a hospital, an insurer, a pharmacy and a laboratory, whose admins form the council. No sudo.
pub fn consortium_config_genesis() -> Value {
	use caduceus_primitives::OrgKind;
	members_genesis(&[
		(Sr25519Keyring::Alice, OrgKind::Hospital, "St. Luke's Hospital"),
		(Sr25519Keyring::Bob, OrgKind::Insurer, "CareFirst Insurance"),
		(Sr25519Keyring::Charlie, OrgKind::Pharmacy, "Corner Pharmacy"),
		(Sr25519Keyring::Dave, OrgKind::Laboratory, "Northside Laboratory"),
	])
}

/// The JSON patch of the named preset, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		CONSORTIUM_PRESET => consortium_config_genesis(),
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
	]
}
