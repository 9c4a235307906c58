//! The fixed cast every input plays with, and the chain state it starts from.
//!
//! The state is the development chain's (its demo participants) with sudo removed, plus the
//! organisations and people the demo lacks: a pharmacy, an insurer with a funded pool, a research
//! sponsor, a suspended and a revoked clinic, a minor with a guardian, and strangers.

use caduceus_primitives::{GuardianScope, OrgKind, Role};
use caduceus_runtime::{
	genesis_config_presets, AccountId, RuntimeCall, RuntimeGenesisConfig, RuntimeOrigin, UNIT,
};
use frame_support::genesis_builder_helper::build_state;
use serde_json::{json, Value};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Dispatchable, Storage};
use sp_state_machine::BasicExternalities;

/// One member of the cast: what it plays and its account.
#[derive(Clone, Debug)]
pub struct Member {
	/// What it plays, for reports.
	pub role: &'static str,
	/// Its account.
	pub account: AccountId,
}

use org::*;

fn fresh(n: u8) -> AccountId {
	AccountId::from([n; 32])
}

/// The cast's indices, by role.
pub mod who {
	pub const HOSPITAL_ADMIN: u8 = 0;
	pub const LAB_ADMIN: u8 = 1;
	pub const PHYSICIAN: u8 = 2;
	pub const PRIVACY_OFFICER: u8 = 3;
	pub const NURSE: u8 = 4;
	pub const LAB_TECHNICIAN: u8 = 5;
	pub const PATIENT_0: u8 = 6;
	pub const PATIENT_1: u8 = 7;
	pub const MAKER_ADMIN: u8 = 8;
	pub const DISTRIBUTOR_ADMIN: u8 = 9;
	pub const PHARMACY_ADMIN: u8 = 10;
	pub const PHARMACIST: u8 = 11;
	pub const INSURER_ADMIN: u8 = 12;
	pub const CLAIMS_OFFICER: u8 = 13;
	pub const SPONSOR_ADMIN: u8 = 14;
	pub const RESEARCHER: u8 = 15;
	pub const SUSPENDED_ADMIN: u8 = 16;
	pub const SUSPENDED_PHYSICIAN: u8 = 17;
	pub const REVOKED_ADMIN: u8 = 18;
	pub const GUARDIAN: u8 = 19;
	pub const MINOR: u8 = 20;
	pub const FUNDED_STRANGER: u8 = 21;
	pub const UNFUNDED_STRANGER: u8 = 22;
	pub const VALIDATOR: u8 = 23;
}

/// Every member of the cast the admission check lets in: all but the two strangers.
pub fn participants() -> Vec<u8> {
	use who::*;
	(0..=VALIDATOR).filter(|m| ![FUNDED_STRANGER, UNFUNDED_STRANGER].contains(m)).collect()
}

/// The organisations' ids.
pub mod org {
	pub const HOSPITAL: u32 = 0;
	pub const LABORATORY: u32 = 1;
	pub const MAKER: u32 = 2;
	pub const DISTRIBUTOR: u32 = 3;
	pub const PHARMACY: u32 = 4;
	pub const INSURER: u32 = 5;
	pub const SPONSOR: u32 = 6;
	pub const SUSPENDED_CLINIC: u32 = 7;
	pub const REVOKED_CLINIC: u32 = 8;
}

/// The account of cast member `index`.
pub fn account(index: u8) -> AccountId {
	cast()[usize::from(index)].account.clone()
}

/// The cast, by index (see [`who`]): an input names its signer as an index into this list.
pub fn cast() -> Vec<Member> {
	use Sr25519Keyring::*;
	let dev = |role, key: Sr25519Keyring| Member { role, account: key.to_account_id() };
	let new = |role, n| Member { role, account: fresh(n) };
	vec![
		dev("hospital admin, council member", Bob),
		dev("laboratory admin, council member", Eve),
		dev("physician at the hospital", Charlie),
		dev("privacy officer at the hospital", Ferdie),
		dev("nurse at the hospital", AliceStash),
		dev("lab technician", BobStash),
		dev("patient 0", Dave),
		dev("patient 1", CharlieStash),
		dev("manufacturer admin", DaveStash),
		dev("distributor admin", EveStash),
		new("pharmacy admin", 10),
		new("pharmacist", 11),
		new("insurer admin", 12),
		new("claims officer", 13),
		new("research sponsor admin", 14),
		new("researcher", 15),
		new("suspended clinic admin", 16),
		new("physician at the suspended clinic", 17),
		new("revoked clinic admin", 18),
		new("guardian (patient 2)", 19),
		new("minor (patient 3)", 20),
		new("funded stranger", 21),
		new("unfunded stranger", 22),
		dev("validator operator", Alice),
	]
}

/// The development preset as the node builds it (a patch over the default config), changed for
/// the cast.
fn genesis_json() -> Value {
	let preset = genesis_config_presets::get_preset(&"development".into()).expect("dev preset");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serialises");
	merge(&mut config, serde_json::from_slice(&preset).expect("preset is JSON"));
	let account = |who: &AccountId| serde_json::to_value(who).expect("serialises");
	// Nobody holds sudo: what the cast does must be what participants and the council can do.
	config["sudo"]["key"] = Value::Null;
	let identity = &mut config["healthIdentity"];
	let organisations = [
		(OrgKind::Pharmacy, "Corner Pharmacy", 10),
		(OrgKind::Insurer, "Mutual Insurance", 12),
		(OrgKind::ResearchSponsor, "Trials Inc", 14),
		(OrgKind::Clinic, "Suspended Clinic", 16),
		(OrgKind::Clinic, "Revoked Clinic", 18),
	];
	for (kind, name, admin) in organisations {
		push(
			&mut identity["organisations"],
			json!([kind, name.as_bytes(), account(&fresh(admin))]),
		);
	}
	let practitioners = [
		(PHARMACY, 11, Role::Pharmacist),
		(INSURER, 13, Role::ClaimsOfficer),
		(SPONSOR, 15, Role::Researcher),
		(SUSPENDED_CLINIC, 17, Role::Physician),
	];
	for (org, who, role) in practitioners {
		push(&mut identity["practitioners"], json!([org, account(&fresh(who)), role]));
	}
	for patient in [19, 20] {
		push(&mut identity["patients"], account(&fresh(patient)));
	}
	for funded in 10..=21 {
		push(
			&mut config["balances"]["balances"],
			json!([account(&fresh(funded)), 1_000_000 * UNIT]),
		);
	}
	config
}

fn push(array: &mut Value, item: Value) {
	array.as_array_mut().expect("the preset has this list").push(item);
}

fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// Calls the consortium (or a member of the cast) makes before any input, as in real life.
fn prelude() {
	let root = || RuntimeOrigin::root();
	let signed = |who: u8| RuntimeOrigin::signed(fresh(who));
	let identity = |call| RuntimeCall::HealthIdentity(call);
	let steps: Vec<(RuntimeOrigin, RuntimeCall)> = vec![
		(
			root(),
			identity(pallet_health_identity::Call::suspend_organisation {
				organisation: SUSPENDED_CLINIC,
			}),
		),
		(
			root(),
			identity(pallet_health_identity::Call::revoke_organisation {
				organisation: REVOKED_CLINIC,
			}),
		),
		(
			root(),
			identity(pallet_health_identity::Call::appoint_guardian_for {
				patient: 3,
				guardian: fresh(19),
				scope: GuardianScope::All,
				expires_at: None,
			}),
		),
		(signed(12), RuntimeCall::Claims(pallet_claims::Call::fund_pool { amount: 10_000 * UNIT })),
	];
	for (origin, call) in steps {
		let described = format!("{call:?}");
		call.dispatch(origin).unwrap_or_else(|e| panic!("prelude {described}: {e:?}"));
	}
}

/// The state every input starts from: genesis, block 1 executed, and the prelude.
pub fn initial_state() -> Storage {
	let mut storage = Storage::default();
	BasicExternalities::execute_with_storage(&mut storage, || {
		build_state::<RuntimeGenesisConfig>(genesis_json().to_string().into_bytes())
			.expect("the fuzzing genesis builds");
		crate::execute::start_block(1, crate::execute::FIRST_SLOT);
		prelude();
		crate::execute::finish_block();
	});
	storage
}
