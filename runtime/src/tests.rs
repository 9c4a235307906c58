//! Runtime-level tests: the genesis presets build a consistent initial state and a first block
//! executes on top of it.

use crate::{
	genesis_config_presets::{self, ENDOWMENT},
	AccountId, Aura, Balances, Executive, Grandpa, Header, Runtime, RuntimeGenesisConfig, System,
	Timestamp, SLOT_DURATION,
};
use codec::Encode;
use frame_support::{genesis_builder_helper::build_state, traits::Hooks};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Header as _, BuildStorage, Digest, DigestItem};

/// Builds the full genesis JSON of a preset the way the node does: the preset is a patch over
/// the default `RuntimeGenesisConfig`.
fn genesis_of(preset: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&preset.into())
		.unwrap_or_else(|| panic!("preset {preset} exists"));
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	let patch: serde_json::Value = serde_json::from_slice(&patch).unwrap();
	merge(&mut config, patch);
	let mut ext = sp_io::TestExternalities::new(Default::default());
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(config.to_string().into_bytes()))
		.expect("preset builds");
	ext
}

fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

fn alice() -> AccountId {
	Sr25519Keyring::Alice.to_account_id()
}

/// Executes block #1 (timestamp inherent and all hooks) on top of the genesis state.
fn execute_first_block() {
	let slot = Slot::from(1_000u64);
	let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
	let header = Header::new(1, H256::zero(), H256::zero(), System::parent_hash(), digest);
	Executive::initialize_block(&header);
	Timestamp::set(frame_system::RawOrigin::None.into(), *slot * SLOT_DURATION).unwrap();
	Aura::on_finalize(1);
	let finished = Executive::finalize_block();
	assert_eq!(finished.number, 1);
}

#[test]
fn both_presets_are_offered() {
	let names = genesis_config_presets::preset_names();
	assert!(names.contains(&"development".into()));
	assert!(names.contains(&"local_testnet".into()));
	assert!(genesis_config_presets::get_preset(&"no-such-chain".into()).is_none());
}

#[test]
fn development_preset_has_one_validator_and_a_working_first_block() {
	genesis_of("development").execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(Grandpa::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice()));
		assert_eq!(Balances::free_balance(alice()), ENDOWMENT);
		assert_eq!(Balances::total_issuance(), 12 * ENDOWMENT);
		execute_first_block();
	});
}

#[test]
fn local_testnet_preset_has_three_validators_and_a_working_first_block() {
	genesis_of("local_testnet").execute_with(|| {
		let aura = pallet_aura::Authorities::<Runtime>::get();
		let expected: Vec<_> =
			[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
				.iter()
				.map(|k| sp_consensus_aura::sr25519::AuthorityId::from(k.public()))
				.collect();
		assert_eq!(aura.into_inner(), expected);
		assert_eq!(Grandpa::grandpa_authorities().len(), 3);
		assert_eq!(Balances::free_balance(Sr25519Keyring::Ferdie.to_account_id()), ENDOWMENT);
		execute_first_block();
	});
}

#[test]
fn default_genesis_config_builds() {
	RuntimeGenesisConfig::default().build_storage().expect("default genesis builds");
}

#[test]
fn metadata_is_offered_in_the_versions_wallets_and_subxt_read() {
	let versions = Runtime::metadata_versions();
	for version in [14, 15, 16] {
		assert!(versions.contains(&version), "metadata v{version} missing from {versions:?}");
		assert!(Runtime::metadata_at_version(version).is_some());
	}
}

#[test]
fn identity_works_through_the_real_runtime() {
	use crate::{HealthIdentity, RuntimeCall, RuntimeOrigin};
	use caduceus_primitives::{OrgKind, Registry, Role, Standing};
	use frame_support::assert_ok;
	use sp_runtime::traits::Dispatchable;

	let [alice, bob, charlie, dave] =
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
			.map(|k| k.to_account_id());
	genesis_of("development").execute_with(|| {
		execute_first_block();

		// The consortium (sudo on the dev chain) registers a hospital administered by Bob.
		let register =
			RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_organisation {
				kind: OrgKind::Hospital,
				name: b"General Hospital".to_vec().try_into().unwrap(),
				identifiers: pallet_health_identity::PublicIdentifiers {
					gln: None,
					npi: None,
					licence: None,
				},
				admin: bob.clone(),
			});
		let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(register) });
		assert_ok!(sudo.dispatch(RuntimeOrigin::signed(alice.clone())));
		assert!(matches!(
			System::events().iter().rev().find_map(|r| match &r.event {
				crate::RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result }) =>
					Some(sudo_result.clone()),
				_ => None,
			}),
			Some(Ok(()))
		));

		// Bob attests Charlie as a physician; Dave registers himself as a patient for free.
		assert_ok!(RuntimeCall::HealthIdentity(
			pallet_health_identity::Call::attest_practitioner {
				practitioner: charlie.clone(),
				role: Role::Physician,
				credential_hash: sp_core::H256::repeat_byte(1),
				expires_at: None,
			}
		)
		.dispatch(RuntimeOrigin::signed(bob.clone())));
		let register_patient =
			RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_patient {
				demographic_commitment: None,
			});
		let post = register_patient.dispatch(RuntimeOrigin::signed(dave.clone())).unwrap();
		assert_eq!(post.pays_fee, frame_support::dispatch::Pays::No, "free for the patient");

		let practitioner = <HealthIdentity as Registry<AccountId>>::practitioner(&charlie).unwrap();
		assert_eq!((practitioner.organisation, practitioner.standing), (0, Standing::Active));
		assert_eq!(<HealthIdentity as Registry<AccountId>>::patient_of(&dave), Some(0));
		assert_eq!(HealthIdentity::participant(bob).administers, Some(0));
		HealthIdentity::do_try_state().unwrap();
	});
}
