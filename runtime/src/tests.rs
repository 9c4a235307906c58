//! Runtime-level tests: the genesis presets build a consistent initial state and a first block
//! executes on top of it.

use crate::{
	genesis_config_presets::{self, ENDOWMENT},
	AccountId, Aura, Balances, Executive, Grandpa, Header, Runtime, RuntimeGenesisConfig, System,
	Timestamp, SLOT_DURATION,
};
use caduceus_primitives::doubles::{slot, slots};
use codec::Encode;
use frame_support::{genesis_builder_helper::build_state, traits::Hooks};
use pallet_collective::Instance1;
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
/// Runs the upgrade that counts stored items (runtime 104) on the state the calls wrote, with
/// the usage they counted forgotten, as on a chain of runtime 103: it counts the same, for at
/// least `holders` holders.
fn assert_the_upgrade_counts_what_the_calls_counted(holders: usize) {
	use crate::HealthIdentity;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	use pallet_health_identity::StorageUsage;
	let counted: Vec<_> = StorageUsage::<Runtime>::iter().collect();
	assert!(counted.len() >= holders, "the calls counted {counted:?}");
	let _ = StorageUsage::<Runtime>::clear(u32::MAX, None);
	StorageVersion::new(3).put::<HealthIdentity>();
	crate::migrations::CountStoredItemsV4::on_runtime_upgrade();
	let mut recounted: Vec<_> = StorageUsage::<Runtime>::iter().collect();
	let mut counted = counted;
	counted.sort();
	recounted.sort();
	assert_eq!(recounted, counted);
	assert_eq!(HealthIdentity::on_chain_storage_version(), 4);
	HealthIdentity::do_try_state().unwrap();
}

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
fn the_presets_are_offered() {
	let names = genesis_config_presets::preset_names();
	assert!(names.contains(&"development".into()));
	assert!(names.contains(&"local_testnet".into()));
	assert!(names.contains(&"consortium".into()));
	assert!(names.contains(&"demo".into()));
	assert!(genesis_config_presets::get_preset(&"no-such-chain".into()).is_none());
}

#[test]
fn development_preset_has_one_validator_and_a_working_first_block() {
	genesis_of("development").execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(Grandpa::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice()));
		let mut council = [Sr25519Keyring::Bob, Sr25519Keyring::Eve].map(|k| k.to_account_id());
		council.sort();
		assert_eq!(pallet_collective::Members::<Runtime, Instance1>::get(), council.to_vec());
		assert_eq!(Balances::free_balance(alice()), ENDOWMENT);
		assert_eq!(Balances::total_issuance(), 12 * ENDOWMENT);
		execute_first_block();
		demo_participants_are_there();
	});
}

/// What `docs/development.md` promises the development chain starts with.
fn demo_participants_are_there() {
	use caduceus_primitives::{AccessGround, Action, DataCategory, Purpose, Registry};
	use pallet_consent::runtime_api::runtime_decl_for_consent_api::ConsentApiV1;
	let account = |who: Sr25519Keyring| who.to_account_id();
	let registry =
		|who| <crate::HealthIdentity as Registry<AccountId>>::practitioner(&account(who));
	assert_eq!(registry(Sr25519Keyring::Charlie).unwrap().organisation, 0);
	assert_eq!(registry(Sr25519Keyring::BobStash).unwrap().organisation, 1);
	let administered = |who| {
		<crate::HealthIdentity as Registry<AccountId>>::organisation_administered_by(&account(who))
	};
	assert_eq!(administered(Sr25519Keyring::DaveStash), Some(2), "the demo manufacturer");
	assert_eq!(administered(Sr25519Keyring::EveStash), Some(3), "the demo distributor");
	let patient = |who| <crate::HealthIdentity as Registry<AccountId>>::patient_of(&account(who));
	assert_eq!(patient(Sr25519Keyring::Dave), Some(0));
	assert_eq!(patient(Sr25519Keyring::CharlieStash), Some(1));
	// Dave's wallet names categories as slots under his (published) demo key.
	let dave = &crate::genesis_config_presets::DEMO_CATEGORY_KEYS[0];
	let may_read = |who, category| {
		let slot = caduceus_primitives::category_slots::slot_of(dave, category);
		Runtime::check_access(0, account(who), slot, Purpose::Treatment, Action::Read)
	};
	assert_eq!(
		may_read(Sr25519Keyring::Charlie, DataCategory::Conditions),
		Ok(AccessGround::Consent(0))
	);
	assert_eq!(
		may_read(Sr25519Keyring::BobStash, DataCategory::LabResults),
		Ok(AccessGround::Consent(1))
	);
	assert!(may_read(Sr25519Keyring::BobStash, DataCategory::Conditions).is_err());
	crate::HealthIdentity::do_try_state().unwrap();
	crate::Consent::do_try_state().unwrap();
}

#[test]
fn demo_preset_holds_its_founding_member_alone_for_the_client_to_fill() {
	use caduceus_primitives::Registry;
	genesis_of("demo").execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice()));
		assert_eq!(pallet_collective::Members::<Runtime, Instance1>::get().len(), 2);
		assert_eq!(Balances::total_issuance(), 12 * ENDOWMENT);
		let hospital = <crate::HealthIdentity as Registry<AccountId>>::organisation(0).unwrap();
		assert_eq!(hospital.kind, caduceus_primitives::OrgKind::Hospital);
		let bob = crate::HealthIdentity::participant(Sr25519Keyring::Bob.to_account_id());
		assert_eq!(bob.administers, Some(0));
		assert!(<crate::HealthIdentity as Registry<AccountId>>::organisation(1).is_none());
		for who in [Sr25519Keyring::Charlie, Sr25519Keyring::Dave, Sr25519Keyring::DaveStash] {
			let participant = crate::HealthIdentity::participant(who.to_account_id());
			assert_eq!(participant, Default::default(), "{who:?} is not yet a participant");
		}
		assert_eq!(pallet_consent::NextConsentId::<Runtime>::get(), 0);
		execute_first_block();
		crate::HealthIdentity::do_try_state().unwrap();
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
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None, "no sudo: the council governs");
		let admins = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
			.map(|k| k.to_account_id());
		let mut council = admins.clone();
		council.sort();
		assert_eq!(pallet_collective::Members::<Runtime, Instance1>::get(), council.to_vec());
		for (org, admin) in admins.iter().enumerate() {
			assert_eq!(
				crate::HealthIdentity::participant(admin.clone()).administers,
				Some(org as u32)
			);
		}
		execute_first_block();
	});
}

#[test]
fn consortium_preset_has_four_members_and_no_sudo() {
	genesis_of("consortium").execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(Grandpa::grandpa_authorities().len(), 4);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		let admins = [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		]
		.map(|k| k.to_account_id());
		let mut council = admins.clone();
		council.sort();
		assert_eq!(pallet_collective::Members::<Runtime, Instance1>::get(), council.to_vec());
		for (org, admin) in admins.iter().enumerate() {
			let administers = crate::HealthIdentity::participant(admin.clone()).administers;
			assert_eq!(administers, Some(org as u32));
		}
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

/// A dApp developer reads what each of our calls, events, errors, storage items, view functions
/// and runtime APIs is for from the metadata (polkadot.js Apps, subxt, polkadot-api show it):
/// none may be undocumented. Walks the metadata, so a new item without docs fails here.
#[test]
fn every_custom_item_in_the_metadata_is_documented() {
	use codec::Decode;
	use frame_metadata::{v16::RuntimeMetadataV16, RuntimeMetadata, RuntimeMetadataPrefixed};
	use scale_info::{form::PortableForm, TypeDef};

	let bytes = Runtime::metadata_at_version(16).expect("metadata v16");
	let prefixed = RuntimeMetadataPrefixed::decode(&mut &bytes[..]).expect("metadata decodes");
	let RuntimeMetadata::V16(metadata) = prefixed.1 else { panic!("not v16") };
	let RuntimeMetadataV16 { types, pallets, apis, .. } = metadata;
	let undocumented = |docs: &[String]| docs.iter().all(|line| line.trim().is_empty());
	let mut missing = Vec::new();
	let variants = |missing: &mut Vec<String>, what: &str, pallet: &str, ty: Option<u32>| {
		let Some(ty) = ty else { return };
		let ty = types.resolve(ty).expect("a type in the registry");
		let TypeDef::<PortableForm>::Variant(def) = &ty.type_def else { return };
		for variant in def.variants.iter().filter(|variant| undocumented(&variant.docs)) {
			missing.push(format!("{pallet} {what} {}", variant.name));
		}
	};
	let custom = [
		"ValidatorSet",
		"HealthIdentity",
		"Consent",
		"Consortium",
		"Records",
		"SupplyChain",
		"Claims",
	];
	let mut seen = 0;
	for pallet in pallets.iter().filter(|p| custom.contains(&p.name.as_str())) {
		seen += 1;
		let name = pallet.name.as_str();
		variants(&mut missing, "call", name, pallet.calls.as_ref().map(|c| c.ty.id));
		variants(&mut missing, "event", name, pallet.event.as_ref().map(|e| e.ty.id));
		variants(&mut missing, "error", name, pallet.error.as_ref().map(|e| e.ty.id));
		for entry in pallet.storage.iter().flat_map(|s| &s.entries) {
			if undocumented(&entry.docs) {
				missing.push(format!("{name} storage {}", entry.name));
			}
		}
		for view in &pallet.view_functions {
			if undocumented(&view.docs) {
				missing.push(format!("{name} view function {}", view.name));
			}
		}
	}
	assert_eq!(seen, custom.len(), "every custom pallet is in the metadata");
	let ours = ["ValidatorSetApi", "ConsentApi", "RecordsApi", "SupplyChainApi", "ClaimsApi"];
	let mut apis_seen = 0;
	for api in apis.iter().filter(|api| ours.contains(&api.name.as_str())) {
		apis_seen += 1;
		if undocumented(&api.docs) {
			missing.push(format!("runtime API {}", api.name));
		}
		for method in api.methods.iter().filter(|method| undocumented(&method.docs)) {
			missing.push(format!("runtime API {}.{}", api.name, method.name));
		}
	}
	assert_eq!(apis_seen, ours.len(), "every custom runtime API is in the metadata");
	assert!(missing.is_empty(), "undocumented in the metadata:\n{}", missing.join("\n"));
}

#[test]
fn identity_works_through_the_real_runtime() {
	use crate::{HealthIdentity, RuntimeCall, RuntimeOrigin};
	use caduceus_primitives::{OrgKind, Registry, Role, Standing};
	use frame_support::assert_ok;
	use sp_runtime::traits::Dispatchable;

	let [eve, charlie, dave] = [Sr25519Keyring::Eve, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
		.map(|k| k.to_account_id());
	genesis_of("local_testnet").execute_with(|| {
		execute_first_block();

		// The consortium (a council motion) registers a hospital administered by Eve; the
		// local testnet's three organisations are 0..=2, so it is organisation 3.
		let register =
			RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_organisation {
				kind: OrgKind::Hospital,
				name: b"General Hospital".to_vec().try_into().unwrap(),
				identifiers: pallet_health_identity::PublicIdentifiers {
					gln: None,
					npi: None,
					licence: None,
				},
				admin: eve.clone(),
			});
		assert_eq!(council::decides(register, 2), Ok(()));

		// Eve attests Charlie as a physician; Dave registers himself as a patient for free.
		assert_ok!(RuntimeCall::HealthIdentity(
			pallet_health_identity::Call::attest_practitioner {
				practitioner: charlie.clone(),
				role: Role::Physician,
				credential_hash: sp_core::H256::repeat_byte(1),
				expires_at: None,
			}
		)
		.dispatch(RuntimeOrigin::signed(eve.clone())));
		let register_patient =
			RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_patient {
				demographic_commitment: None,
			});
		let post = register_patient.dispatch(RuntimeOrigin::signed(dave.clone())).unwrap();
		assert_eq!(post.pays_fee, frame_support::dispatch::Pays::No, "free for the patient");

		let practitioner = <HealthIdentity as Registry<AccountId>>::practitioner(&charlie).unwrap();
		assert_eq!((practitioner.organisation, practitioner.standing), (3, Standing::Active));
		assert_eq!(<HealthIdentity as Registry<AccountId>>::patient_of(&dave), Some(0));
		assert_eq!(HealthIdentity::participant(eve).administers, Some(3));
		HealthIdentity::do_try_state().unwrap();
	});
}

/// The consent pallet wired to the real identity pallet, as an EHR gateway sees it through the
/// `ConsentApi` runtime API.
mod consent {
	use super::*;
	use crate::{Consent, RuntimeCall, RuntimeOrigin};
	use caduceus_primitives::{
		AccessDenial, AccessGround, Action, Actions, DataCategories, DataCategory, OrgKind,
		Purpose, Purposes, Role,
	};
	use frame_support::{assert_ok, dispatch::Pays};
	use pallet_consent::{
		runtime_api::runtime_decl_for_consent_api::ConsentApiV1, ConsentTerms, Party,
		SignedConsent, SIGNED_CONSENT_DOMAIN,
	};
	use sp_core::Pair;
	use sp_runtime::{traits::Dispatchable, DispatchError};

	/// The local testnet starts with organisations 0..=2.
	pub(super) const HOSPITAL: caduceus_primitives::OrgId = 3;

	pub(super) fn account(who: Sr25519Keyring) -> AccountId {
		who.to_account_id()
	}

	/// Dispatches `call` as the consortium: a council motion passed by two of three members.
	pub(super) fn as_consortium(call: pallet_health_identity::Call<Runtime>) {
		assert_eq!(super::council::decides(RuntimeCall::HealthIdentity(call), 2), Ok(()));
	}

	/// Finishes the current block and starts the next.
	pub(super) fn next_block() {
		Executive::finalize_block();
		start_block();
	}

	/// Starts the block after the last finished one, one slot later.
	pub(super) fn start_block() {
		let number = System::block_number() + 1;
		let slot = Slot::from(1_000 + number as u64);
		let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
		let header = Header::new(number, H256::zero(), H256::zero(), System::parent_hash(), digest);
		Executive::initialize_block(&header);
		Timestamp::set(frame_system::RawOrigin::None.into(), *slot * SLOT_DURATION).unwrap();
	}

	/// A hospital administered by Eve with Charlie as a physician, and Dave and Ferdie as
	/// patients 0 and 1.
	/// The consortium registers an organisation of `kind` named `name`, administered by `admin`.
	pub(super) fn register_organisation(kind: OrgKind, name: &[u8], admin: AccountId) {
		as_consortium(pallet_health_identity::Call::register_organisation {
			kind,
			name: name.to_vec().try_into().unwrap(),
			identifiers: pallet_health_identity::PublicIdentifiers {
				gln: None,
				npi: None,
				licence: None,
			},
			admin,
		});
	}

	pub(super) fn hospital_and_patients() {
		register_organisation(OrgKind::Hospital, b"General Hospital", account(Sr25519Keyring::Eve));
		assert_ok!(RuntimeCall::HealthIdentity(
			pallet_health_identity::Call::attest_practitioner {
				practitioner: account(Sr25519Keyring::Charlie),
				role: Role::Physician,
				credential_hash: H256::repeat_byte(1),
				expires_at: None,
			}
		)
		.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::Eve))));
		for patient in [Sr25519Keyring::Dave, Sr25519Keyring::Ferdie] {
			assert_ok!(RuntimeCall::HealthIdentity(
				pallet_health_identity::Call::register_patient { demographic_commitment: None }
			)
			.dispatch(RuntimeOrigin::signed(account(patient))));
		}
	}

	fn lab_results_for_treatment(
	) -> ConsentTerms<AccountId, <Runtime as pallet_consent::Config>::MaxExcluded> {
		ConsentTerms {
			grantee: Party::Organisation(HOSPITAL),
			categories: slots(DataCategories::of(&[DataCategory::LabResults])),
			purposes: Purposes::of(&[Purpose::Treatment]),
			actions: Actions::of(&[Action::Read]),
			roles: Default::default(),
			valid_from: None,
			valid_until: Timestamp::get() + 30 * caduceus_primitives::DAY_MS,
			exceptions: Default::default(),
			source_document: Some(H256::repeat_byte(9)),
		}
	}

	/// What the EHR asks: may Charlie read patient `patient`'s lab results for treatment?
	fn may_charlie_read(patient: u64) -> Result<AccessGround, AccessDenial> {
		Runtime::check_access(
			patient,
			account(Sr25519Keyring::Charlie),
			slot(DataCategory::LabResults),
			Purpose::Treatment,
			Action::Read,
		)
	}

	#[test]
	fn a_grant_to_an_organisation_follows_its_status_and_its_revocation() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			start_block();
			hospital_and_patients();
			let dave = account(Sr25519Keyring::Dave);
			assert_eq!(may_charlie_read(0), Err(AccessDenial::NoConsent));

			let grant = RuntimeCall::Consent(pallet_consent::Call::grant {
				patient: 0,
				terms: lab_results_for_treatment(),
			});
			let post = grant.dispatch(RuntimeOrigin::signed(dave.clone())).unwrap();
			assert_eq!(post.pays_fee, Pays::No, "free for the patient");
			assert_eq!(may_charlie_read(0), Ok(AccessGround::Consent(0)));

			as_consortium(pallet_health_identity::Call::suspend_organisation {
				organisation: HOSPITAL,
			});
			assert_eq!(may_charlie_read(0), Err(AccessDenial::OrganisationSuspended));
			as_consortium(pallet_health_identity::Call::reinstate_organisation {
				organisation: HOSPITAL,
			});
			assert_eq!(may_charlie_read(0), Ok(AccessGround::Consent(0)));

			assert_ok!(RuntimeCall::Consent(pallet_consent::Call::revoke {
				patient: 0,
				consent: 0
			})
			.dispatch(RuntimeOrigin::signed(dave)));
			assert_eq!(may_charlie_read(0), Err(AccessDenial::Revoked), "in the same block");
			next_block();
			assert_eq!(may_charlie_read(0), Err(AccessDenial::Revoked));

			let listed = Runtime::consents_of(0, None, 10).unwrap();
			assert_eq!(listed[0].status, pallet_consent::ConsentStatus::Revoked);
			let history = Runtime::consent_history(0, 0, 10).unwrap();
			assert_eq!(history.len(), 2, "granted and revoked");
			Consent::do_try_state().unwrap();
		});
	}

	#[test]
	fn a_grant_is_charged_for_its_grantee_kind_and_lists_not_for_the_costliest_grant() {
		use frame_support::dispatch::GetDispatchInfo;
		use pallet_consent::WeightInfo as _;
		type Weights = crate::weights::pallet_consent::WeightInfo<Runtime>;
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			start_block();
			hospital_and_patients();
			let dave = RuntimeOrigin::signed(account(Sr25519Keyring::Dave));
			let to_hospital = RuntimeCall::Consent(pallet_consent::Call::grant {
				patient: 0,
				terms: lab_results_for_treatment(),
			});
			let (earlier, blocked) = (7, 32); // MaxConsentsPerGrantee - 1, MaxBlocked
			let declared = to_hospital.get_dispatch_info().call_weight;
			assert_eq!(
				declared,
				Weights::grant_to_practitioner(earlier, blocked)
					.max(Weights::grant_to_organisation(earlier, blocked)),
				"declared: the costlier grantee kind with full lists"
			);

			let first = to_hospital.clone().dispatch(dave.clone()).unwrap();
			assert_eq!(first.actual_weight, Some(Weights::grant_to_organisation(0, 0)));
			assert!(Weights::grant_to_organisation(0, 0).ref_time() < declared.ref_time());

			// Dave blocks a stranger: the next grant to the hospital reads one earlier grant
			// and one block.
			assert_ok!(RuntimeCall::Consent(pallet_consent::Call::block {
				patient: 0,
				party: Party::Organisation(1),
			})
			.dispatch(dave.clone()));
			let second = to_hospital.dispatch(dave.clone()).unwrap();
			assert_eq!(second.actual_weight, Some(Weights::grant_to_organisation(1, 1)));

			let mut terms = lab_results_for_treatment();
			terms.grantee = Party::Practitioner(account(Sr25519Keyring::Charlie));
			let to_charlie =
				RuntimeCall::Consent(pallet_consent::Call::grant { patient: 0, terms });
			let third = to_charlie.dispatch(dave).unwrap();
			assert_eq!(third.actual_weight, Some(Weights::grant_to_practitioner(0, 1)));
		});
	}

	#[test]
	fn the_grantee_submits_a_wallet_signed_grant_once() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			start_block();
			hospital_and_patients();
			let consent = SignedConsent {
				domain: SIGNED_CONSENT_DOMAIN,
				genesis_hash: System::block_hash(0),
				patient: 1,
				signer: account(Sr25519Keyring::Ferdie),
				nonce: 0,
				expires_at: Timestamp::get() + caduceus_primitives::DAY_MS,
				terms: lab_results_for_treatment(),
			};
			// As polkadot.js `signRaw` signs: the bytes wrapped in <Bytes>…</Bytes>.
			let wrapped = caduceus_primitives::wallet::wallet_wrapped(&consent.encode());
			let signature: crate::Signature = Sr25519Keyring::Ferdie.pair().sign(&wrapped).into();
			let submit =
				RuntimeCall::Consent(pallet_consent::Call::grant_signed { consent, signature });
			let charlie = RuntimeOrigin::signed(account(Sr25519Keyring::Charlie));
			let post = submit.clone().dispatch(charlie.clone()).unwrap();
			assert_eq!(post.pays_fee, Pays::Yes, "the submitter pays");
			// Charged as the grant it holds (to an organisation, nothing earlier or blocked)
			// with what checking the signature and nonce adds.
			{
				use pallet_consent::WeightInfo as _;
				type Weights = crate::weights::pallet_consent::WeightInfo<Runtime>;
				let checking =
					Weights::grant_signed().saturating_sub(Weights::grant_to_organisation(7, 32));
				assert_eq!(
					post.actual_weight,
					Some(checking.saturating_add(Weights::grant_to_organisation(0, 0)))
				);
			}
			assert_eq!(may_charlie_read(1), Ok(AccessGround::Consent(0)));

			next_block();
			let replay = submit.dispatch(charlie).unwrap_err().error;
			assert_eq!(
				replay,
				DispatchError::from(pallet_consent::Error::<Runtime>::BadNonce),
				"a replayed signed grant is rejected"
			);
			Consent::do_try_state().unwrap();
		});
	}
}

/// Records on the real identity and consent pallets.
mod records {
	use super::{
		consent::{account, hospital_and_patients, next_block, start_block, HOSPITAL},
		*,
	};
	use crate::{Consent, Records, RuntimeCall, RuntimeEvent, RuntimeOrigin};
	use caduceus_primitives::{
		AccessDenial, AccessGround, Action, Actions, DataCategories, DataCategory, Purpose,
		Purposes, RecordStatus,
	};
	use frame_support::assert_ok;
	use pallet_consent::{ConsentTerms, Party};
	use pallet_records::{runtime_api::runtime_decl_for_records_api::RecordsApiV2, AuditEvent};
	use sp_runtime::{traits::Dispatchable, DispatchError};

	const DOCUMENT: H256 = H256::repeat_byte(0x42);

	fn dispatch(
		call: pallet_records::Call<Runtime>,
		who: Sr25519Keyring,
	) -> Result<(), DispatchError> {
		RuntimeCall::Records(call)
			.dispatch(RuntimeOrigin::signed(account(who)))
			.map(|_| ())
			.map_err(|error| error.error)
	}

	fn request_access(record: u64) -> Result<(), DispatchError> {
		dispatch(
			pallet_records::Call::request_access { record, purpose: Purpose::Treatment },
			Sr25519Keyring::Charlie,
		)
	}

	/// Charlie asks to open `record` for treatment: what the request declared, and what it was
	/// charged.
	fn charged_request(
		record: u64,
	) -> (frame_support::weights::Weight, frame_support::weights::Weight) {
		use frame_support::dispatch::GetDispatchInfo;
		let call = RuntimeCall::Records(pallet_records::Call::request_access {
			record,
			purpose: Purpose::Treatment,
		});
		let declared = call.get_dispatch_info().call_weight;
		let post = call
			.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::Charlie)))
			.expect("a request is a call that succeeds");
		(declared, post.actual_weight.expect("charged by path"))
	}

	/// The last entry of patient 0's audit trail.
	fn last_trail_entry() -> AuditEvent {
		let length = pallet_records::AuditEnds::<Runtime>::get(0).next;
		Runtime::audit_trail(0, length - 1, 1).unwrap().pop().unwrap().event
	}

	fn last_records_event() -> pallet_records::Event<Runtime> {
		System::events()
			.into_iter()
			.filter_map(|record| match record.event {
				RuntimeEvent::Records(event) => Some(event),
				_ => None,
			})
			.next_back()
			.unwrap()
	}

	#[test]
	fn a_read_only_consent_does_not_let_a_practitioner_anchor() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			start_block();
			hospital_and_patients();
			let terms = ConsentTerms {
				grantee: Party::Organisation(HOSPITAL),
				categories: slots(DataCategories::of(&[DataCategory::LabResults])),
				purposes: Purposes::of(&[Purpose::Treatment]),
				actions: Actions::of(&[Action::Read]),
				roles: Default::default(),
				valid_from: None,
				valid_until: Timestamp::get() + 30 * caduceus_primitives::DAY_MS,
				exceptions: Default::default(),
				source_document: None,
			};
			assert_ok!(RuntimeCall::Consent(pallet_consent::Call::grant { patient: 0, terms })
				.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::Dave))));
			let document = pallet_records::NewRecord {
				patient: 0,
				content_hash: DOCUMENT,
				pointer: b"enc:v1:1".to_vec().try_into().unwrap(),
				category: slot(DataCategory::LabResults),
			};
			assert_eq!(
				dispatch(pallet_records::Call::anchor { document }, Sr25519Keyring::Charlie),
				Err(pallet_records::Error::<Runtime>::WriteDenied(AccessDenial::ActionNotCovered)
					.into())
			);
		});
	}

	/// A research sponsor the patient consented to for one trial enrols the patient in another
	/// (say, an HIV trial): every member would then read that the patient is in it. Enrolment
	/// needs a research grant given for this trial's protocol.
	#[test]
	fn a_sponsor_enrols_a_patient_in_a_trial_they_never_consented_to() {
		use caduceus_primitives::{OrgKind, Role};
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			start_block();
			hospital_and_patients();
			let (admin, researcher) = (Sr25519Keyring::One, Sr25519Keyring::Two);
			super::consent::register_organisation(
				OrgKind::ResearchSponsor,
				b"Trials Inc",
				account(admin),
			);
			let sponsor = HOSPITAL + 1;
			assert_ok!(RuntimeCall::HealthIdentity(
				pallet_health_identity::Call::attest_practitioner {
					practitioner: account(researcher),
					role: Role::Researcher,
					credential_hash: H256::repeat_byte(2),
					expires_at: None,
				}
			)
			.dispatch(RuntimeOrigin::signed(account(admin))));
			let register = |protocol: H256, category: DataCategory| {
				dispatch(
					pallet_records::Call::register_trial {
						protocol_hash: protocol,
						pointer: b"enc:v1:protocol".to_vec().try_into().unwrap(),
						categories: DataCategories::of(&[category]),
					},
					researcher,
				)
			};
			let (cardiology, hiv) = (H256::repeat_byte(0xCA), H256::repeat_byte(0x41));
			assert_ok!(register(cardiology, DataCategory::Conditions));
			assert_ok!(register(hiv, DataCategory::Hiv));
			let enrol = |trial: u32| {
				dispatch(pallet_records::Call::enrol { trial, patient: 0 }, researcher)
			};
			let research_grant = |source_document: Option<H256>| ConsentTerms {
				grantee: Party::Organisation(sponsor),
				categories: slots(DataCategories::of(&[DataCategory::Conditions])),
				purposes: Purposes::of(&[Purpose::Research]),
				actions: Actions::of(&[Action::Read]),
				roles: caduceus_primitives::Roles::of(&[Role::Researcher]),
				valid_from: None,
				valid_until: Timestamp::get() + 365 * caduceus_primitives::DAY_MS,
				exceptions: Default::default(),
				source_document,
			};
			let grant = |terms| {
				RuntimeCall::Consent(pallet_consent::Call::grant { patient: 0, terms })
					.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::Dave)))
			};
			let other_document = || {
				DispatchError::from(pallet_records::Error::<Runtime>::EnrolmentDenied(
					AccessDenial::OtherDocument,
				))
			};

			// A research grant naming no protocol enrols in no trial.
			assert_ok!(grant(research_grant(None)));
			assert_eq!(enrol(0), Err(other_document()));
			// Dave signs the cardiology trial's consent form: that trial, and only that one.
			assert_ok!(grant(research_grant(Some(cardiology))));
			assert_eq!(enrol(1), Err(other_document()));
			assert_eq!(pallet_records::Enrolments::<Runtime>::get(1, 0), None);
			assert_ok!(enrol(0));

			Records::do_try_state().unwrap();
			Consent::do_try_state().unwrap();
		});
	}

	#[test]
	fn grant_anchor_access_revoke_denial_on_the_trail_erase() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			start_block();
			hospital_and_patients();
			// Dave (patient 0) lets the hospital read and write lab results for treatment.
			let terms = ConsentTerms {
				grantee: Party::Organisation(HOSPITAL),
				categories: slots(DataCategories::of(&[DataCategory::LabResults])),
				purposes: Purposes::of(&[Purpose::Treatment]),
				actions: Actions::of(&[Action::Read, Action::Write]),
				roles: Default::default(),
				valid_from: None,
				valid_until: Timestamp::get() + 30 * caduceus_primitives::DAY_MS,
				exceptions: Default::default(),
				source_document: None,
			};
			assert_ok!(RuntimeCall::Consent(pallet_consent::Call::grant { patient: 0, terms })
				.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::Dave))));

			// Charlie, a physician of the hospital, anchors a lab report.
			let document = pallet_records::NewRecord {
				patient: 0,
				content_hash: DOCUMENT,
				pointer: b"enc:v1:9f8e7d6c5b4a".to_vec().try_into().unwrap(),
				category: slot(DataCategory::LabResults),
			};
			// Dave registered himself: his account holds the registration deposit until an
			// organisation first serves him, which this anchor does.
			let on_hold = || {
				use frame_support::traits::fungible::InspectHold;
				crate::Balances::balance_on_hold(
					&pallet_health_identity::HoldReason::PatientRegistration.into(),
					&account(Sr25519Keyring::Dave),
				)
			};
			assert_eq!(on_hold(), crate::configs::RegistrationDeposit::get());
			assert_ok!(dispatch(
				pallet_records::Call::anchor { document },
				Sr25519Keyring::Charlie
			));
			assert_eq!(on_hold(), 0, "the first record by an organisation returns the deposit");
			let record = 0;
			assert_eq!(
				Runtime::verify_document(DOCUMENT, None).anchors[0].status,
				RecordStatus::Current
			);

			// Access granted on the consent, the first grant read: the consent check's fast path,
			// which the request's own weight holds, so the check's worst case is not charged.
			type RecordsWeights = crate::weights::pallet_records::WeightInfo<Runtime>;
			let own = <RecordsWeights as pallet_records::WeightInfo>::request_access(0);
			let check = <crate::weights::pallet_consent::WeightInfo<Runtime> as
				pallet_consent::WeightInfo>::check();
			let (declared, charged) = charged_request(record);
			assert_eq!(charged, own, "nothing expired to prune, the fast path");
			assert!(declared.all_gte(own + check));
			assert_eq!(
				last_trail_entry(),
				AuditEvent::AccessGranted {
					record,
					purpose: Purpose::Treatment,
					ground: AccessGround::Consent(0)
				}
			);

			// Once Dave blocks anyone (here a stranger), every check searches his block list: the
			// check's worst case is charged on top.
			assert_ok!(RuntimeCall::Consent(pallet_consent::Call::block {
				patient: 0,
				party: Party::Practitioner(account(Sr25519Keyring::Ferdie)),
			})
			.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::Dave))));
			assert_eq!(charged_request(record).1, own + check);
			assert_ok!(RuntimeCall::Consent(pallet_consent::Call::unblock {
				patient: 0,
				party: Party::Practitioner(account(Sr25519Keyring::Ferdie)),
			})
			.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::Dave))));

			// Revoked: at once, the request succeeds as a call, and is a denial.
			assert_ok!(RuntimeCall::Consent(pallet_consent::Call::revoke {
				patient: 0,
				consent: 0
			})
			.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::Dave))));
			next_block();
			assert_ok!(request_access(record));
			let denial = AuditEvent::AccessDenied {
				record,
				purpose: Purpose::Treatment,
				reason: AccessDenial::Revoked,
			};
			assert_eq!(last_trail_entry(), denial);
			assert!(matches!(
				last_records_event(),
				pallet_records::Event::AccessDenied { reason: AccessDenial::Revoked, .. }
			));

			// Dave erases it: access is impossible, the hash still verifies, as erased.
			assert_ok!(dispatch(
				pallet_records::Call::erase { record, request: None },
				Sr25519Keyring::Dave
			));
			assert_eq!(
				request_access(record),
				Err(pallet_records::Error::<Runtime>::RecordErased.into())
			);
			let verified = Runtime::verify_document(DOCUMENT, None).anchors.remove(0);
			assert_eq!((verified.record, verified.status), (record, RecordStatus::Erased));
			assert_eq!(verified.anchor.author, account(Sr25519Keyring::Charlie));
			assert_eq!(Runtime::record(record).unwrap().pointer, None);
			let trail = Runtime::audit_trail(0, 0, 10).unwrap();
			assert_eq!(trail.len(), 5, "anchored, granted twice, denied, erased");
			assert_eq!(trail[3].event, denial, "the denial stays on the trail");

			Records::do_try_state().unwrap();
			Consent::do_try_state().unwrap();
			assert_the_upgrade_counts_what_the_calls_counted(1);
		});
	}
}

/// The supply chain on the real identity pallet: a lot of 1,000 units from manufacturer to
/// patient, and its recall.
mod supply_chain {
	use super::{
		consent::{account, register_organisation, start_block},
		*,
	};
	use crate::{RuntimeCall, RuntimeOrigin, SupplyChain};
	use caduceus_primitives::{identifiers::with_gs1_check_digit, OrgId, OrgKind, UnitStatus};
	use frame_support::assert_ok;
	use pallet_supply_chain::{Item, LotKey, ProductIdentifier, UnitKey};
	use sp_runtime::traits::Dispatchable;

	/// The local testnet starts with organisations 0..=2.
	const MAKER: OrgId = 3;
	const DISTRIBUTOR: OrgId = 4;
	const PHARMACY: OrgId = 5;

	fn admin(org: OrgId) -> AccountId {
		AccountId::new([org as u8 + 100; 32])
	}

	fn gtin() -> pallet_supply_chain::Gtin {
		with_gs1_check_digit(b"0030012345678")
	}

	fn sscc(n: u32) -> pallet_supply_chain::Sscc {
		with_gs1_check_digit(format!("00614141{n:09}").as_bytes())
	}

	fn lot() -> pallet_supply_chain::Lot {
		b"A2611".to_vec().try_into().unwrap()
	}

	fn serial(n: u32) -> pallet_supply_chain::Serial {
		format!("{n:08}").into_bytes().try_into().unwrap()
	}

	fn unit(n: u32) -> Item {
		Item::Unit(UnitKey { gtin: gtin(), serial: serial(n) })
	}

	fn act(
		org: OrgId,
		call: pallet_supply_chain::Call<Runtime>,
	) -> Result<(), sp_runtime::DispatchError> {
		RuntimeCall::SupplyChain(call)
			.dispatch(RuntimeOrigin::signed(admin(org)))
			.map(|_| ())
			.map_err(|e| e.error)
	}

	fn status(n: u32, expiry: u64) -> UnitStatus {
		let identifier = ProductIdentifier { gtin: gtin(), serial: serial(n), lot: lot(), expiry };
		let report = SupplyChain::report(&identifier).expect("commissioned");
		assert!(report.authentic);
		report.status
	}

	/// The maker, the distributor and the pharmacy, registered, the maker with its GS1 company
	/// prefixes (products under `0300123`, containers under `0614141`), Dave a patient; the
	/// expiry of the lots to come.
	fn trading_partners() -> u64 {
		for (org, kind, name) in [
			(MAKER, OrgKind::Manufacturer, &b"Acme Pharma"[..]),
			(DISTRIBUTOR, OrgKind::Distributor, b"Cardinal Wholesale"),
			(PHARMACY, OrgKind::Pharmacy, b"Corner Pharmacy"),
		] {
			register_organisation(kind, name, admin(org));
		}
		assert_ok!(RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_patient {
			demographic_commitment: None
		})
		.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::Dave))));
		let expiry = Timestamp::get() + 2 * 365 * caduceus_primitives::DAY_MS;

		// The consortium assigns the maker its GS1 company prefixes: products under
		// `0300123`, containers under `0614141`. Another maker cannot register its GTIN.
		let prefixes = [&b"0300123"[..], b"0614141"]
			.iter()
			.map(|p| p.to_vec().try_into().unwrap())
			.collect::<Vec<_>>();
		assert_eq!(
			super::council::decides(
				RuntimeCall::SupplyChain(pallet_supply_chain::Call::set_company_prefixes {
					organisation: MAKER,
					prefixes: prefixes.try_into().unwrap(),
				}),
				2
			),
			Ok(())
		);
		assert_eq!(
			act(DISTRIBUTOR, pallet_supply_chain::Call::register_product { gtin: gtin() }),
			Err(pallet_supply_chain::Error::<Runtime>::NotAManufacturer.into())
		);
		expiry
	}

	#[test]
	fn a_lot_of_a_thousand_units_from_maker_to_patient_then_recalled() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			start_block();
			let expiry = trading_partners();

			// Commission 1,000 units in two batches; pack ten cases of 100; the cases on a pallet.
			assert_ok!(act(MAKER, pallet_supply_chain::Call::register_product { gtin: gtin() }));
			for batch in 0..2 {
				let serials = (batch * 500..(batch + 1) * 500).map(serial).collect::<Vec<_>>();
				assert_ok!(act(
					MAKER,
					pallet_supply_chain::Call::commission {
						gtin: gtin(),
						lot: lot(),
						expiry,
						serials: serials.try_into().unwrap(),
					}
				));
			}
			for case in 0..10 {
				let items = (case * 100..(case + 1) * 100).map(unit).collect::<Vec<_>>();
				assert_ok!(act(
					MAKER,
					pallet_supply_chain::Call::pack {
						container: sscc(case),
						items: items.try_into().unwrap(),
					}
				));
			}
			let cases = (0..10).map(|case| Item::Container(sscc(case))).collect::<Vec<_>>();
			assert_ok!(act(
				MAKER,
				pallet_supply_chain::Call::pack {
					container: sscc(100),
					items: cases.try_into().unwrap()
				}
			));

			// The pallet ships and is received: one move, whatever it holds.
			let ship = |from: OrgId, to: OrgId, item: Item| {
				act(
					from,
					pallet_supply_chain::Call::ship {
						to,
						items: vec![item].try_into().unwrap(),
						documents: H256::repeat_byte(7),
					},
				)
			};
			assert_ok!(ship(MAKER, DISTRIBUTOR, Item::Container(sscc(100))));
			assert_eq!(status(999, expiry), UnitStatus::InTransit);
			assert_ok!(act(DISTRIBUTOR, pallet_supply_chain::Call::receive { shipment: 0 }));
			assert_eq!(
				SupplyChain::report(&ProductIdentifier {
					gtin: gtin(),
					serial: serial(999),
					lot: lot(),
					expiry
				})
				.unwrap()
				.custodian,
				DISTRIBUTOR
			);

			// The distributor breaks the pallet down and sends case 0 on; the pharmacy opens it
			// and dispenses a unit (the chain records the pharmacy, not the patient).
			assert_ok!(act(
				DISTRIBUTOR,
				pallet_supply_chain::Call::unpack { container: sscc(100) }
			));
			assert_ok!(ship(DISTRIBUTOR, PHARMACY, Item::Container(sscc(0))));
			assert_ok!(act(PHARMACY, pallet_supply_chain::Call::receive { shipment: 1 }));
			assert_ok!(act(PHARMACY, pallet_supply_chain::Call::unpack { container: sscc(0) }));
			assert_ok!(act(
				PHARMACY,
				pallet_supply_chain::Call::dispense {
					unit: UnitKey { gtin: gtin(), serial: serial(0) }
				}
			));
			assert_eq!(status(0, expiry), UnitStatus::Dispensed);

			// The manufacturer recalls the lot: the dispensed unit, the pharmacy's shelf, the
			// distributor's cases all read as recalled at once.
			assert_ok!(act(
				MAKER,
				pallet_supply_chain::Call::recall_lot {
					lot: LotKey { gtin: gtin(), lot: lot() },
					notice: H256::repeat_byte(8),
				}
			));
			for n in [0, 1, 99, 100, 555, 999] {
				assert_eq!(status(n, expiry), UnitStatus::Recalled, "unit {n}");
			}
			assert_eq!(
				ship(DISTRIBUTOR, PHARMACY, Item::Container(sscc(1))),
				Err(pallet_supply_chain::Error::<Runtime>::NotMovable(UnitStatus::Recalled).into()),
				"a further shipment of the lot fails"
			);
			SupplyChain::do_try_state().unwrap();
			assert_the_upgrade_counts_what_the_calls_counted(1);
		});
	}
	#[test]
	fn a_unit_is_charged_as_a_unit_not_a_case_when_shipped_received_or_cancelled() {
		use frame_support::{dispatch::GetDispatchInfo, traits::Get};
		use pallet_supply_chain::WeightInfo as _;
		type Weights = crate::weights::pallet_supply_chain::WeightInfo<Runtime>;
		let moved = |units, containers| pallet_supply_chain::Moved { units, containers };
		let ship = |units, containers| {
			moved(units, containers).weight(Weights::ship_units, Weights::ship_cases)
		};
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			start_block();
			let expiry = trading_partners();
			assert_ok!(act(MAKER, pallet_supply_chain::Call::register_product { gtin: gtin() }));
			let serials = vec![serial(0), serial(1), serial(2)].try_into().unwrap();
			let commission =
				pallet_supply_chain::Call::commission { gtin: gtin(), lot: lot(), expiry, serials };
			assert_ok!(act(MAKER, commission));
			let pack = pallet_supply_chain::Call::pack {
				container: sscc(0),
				items: vec![unit(1)].try_into().unwrap(),
			};
			assert_ok!(act(MAKER, pack));
			let ship_call = |item: Item| {
				RuntimeCall::SupplyChain(pallet_supply_chain::Call::ship {
					to: DISTRIBUTOR,
					items: vec![item].try_into().unwrap(),
					documents: H256::repeat_byte(7),
				})
			};
			let maker = RuntimeOrigin::signed(admin(MAKER));

			// Declared: what each item is. On the old code both were `ship(1)`, a full case.
			let (a_unit, a_case) = (ship_call(unit(0)), ship_call(Item::Container(sscc(0))));
			assert_eq!(a_unit.get_dispatch_info().call_weight, ship(1, 0));
			assert_eq!(a_case.get_dispatch_info().call_weight, ship(0, 1));
			assert!(
				ship(1, 0).ref_time() < ship(0, 1).ref_time(),
				"a unit costs less to move than a case"
			);
			assert_ok!(a_unit.dispatch(maker.clone()));
			assert_ok!(a_case.dispatch(maker.clone()));

			// Receiving and cancelling are declared for the costliest shipment and charged for
			// what the shipment carried.
			let receive =
				RuntimeCall::SupplyChain(pallet_supply_chain::Call::receive { shipment: 0 });
			let most = <Runtime as pallet_supply_chain::Config>::MaxShipmentItems::get();
			let receive_weight = |units, containers| {
				moved(units, containers).weight(Weights::receive_units, Weights::receive_cases)
			};
			let bound = receive.get_dispatch_info().call_weight;
			for units in 0..=most {
				for containers in 0..=most - units {
					assert!(
						receive_weight(units, containers).all_lte(bound),
						"{units}, {containers}"
					);
				}
			}
			let received = receive.dispatch(RuntimeOrigin::signed(admin(DISTRIBUTOR))).unwrap();
			assert_eq!(received.actual_weight, Some(receive_weight(1, 0)));
			let cancel = RuntimeCall::SupplyChain(pallet_supply_chain::Call::cancel_shipment {
				shipment: 1,
			});
			let cancelled = cancel.dispatch(maker.clone()).unwrap();
			let cancelled_weight =
				moved(0, 1).weight(Weights::cancel_shipment_units, Weights::cancel_shipment_cases);
			assert_eq!(cancelled.actual_weight, Some(cancelled_weight));

			// A mixed shipment, a unit and the case, is declared and charged for both.
			let mixed = RuntimeCall::SupplyChain(pallet_supply_chain::Call::ship {
				to: DISTRIBUTOR,
				items: vec![unit(2), Item::Container(sscc(0))].try_into().unwrap(),
				documents: H256::repeat_byte(8),
			});
			assert_eq!(mixed.get_dispatch_info().call_weight, ship(1, 1));
			assert!(ship(1, 1).any_gt(ship(0, 1)), "the unit is paid for beside the case");
			assert_ok!(mixed.dispatch(maker));
			let receive =
				RuntimeCall::SupplyChain(pallet_supply_chain::Call::receive { shipment: 2 });
			let received = receive.dispatch(RuntimeOrigin::signed(admin(DISTRIBUTOR))).unwrap();
			assert_eq!(received.actual_weight, Some(receive_weight(1, 1)));
			SupplyChain::do_try_state().unwrap();
		});
	}
}

/// Claims on the real identity, consent, records pallets and balances: plan, enrolment,
/// consent, evidence, a claim paid in the same block, a duplicate, an over-limit line, an
/// appeal overturned and paid.
mod claims {
	use super::{
		consent::{account, hospital_and_patients, register_organisation, start_block, HOSPITAL},
		*,
	};
	use crate::{Balances, Claims, RuntimeCall, RuntimeOrigin};
	use caduceus_primitives::{
		Action, Actions, DataCategories, DataCategory, OrgKind, Purpose, Purposes, Role, DAY_MS,
	};
	use frame_support::{assert_ok, traits::fungible::Inspect};
	use pallet_claims::{
		ClaimLine, Coverage, CoveredService, Group, LineDecision, Outcome, Payment, PlanTerms,
		Reason,
	};
	use pallet_consent::{ConsentTerms, Party};
	use sp_runtime::{traits::Dispatchable, Permill};

	/// After the hospital (3), the local testnet's next organisation.
	const INSURER: caduceus_primitives::OrgId = 4;
	const UNIT: u128 = crate::UNIT;

	fn call(who: Sr25519Keyring, call: pallet_claims::Call<Runtime>) {
		assert_ok!(RuntimeCall::Claims(call).dispatch(RuntimeOrigin::signed(account(who))));
	}

	/// The token of billing code `text` under the plan's key, as the insurer and its providers
	/// compute it.
	fn code(text: &str) -> pallet_claims::ServiceCode {
		caduceus_primitives::doubles::code_token(text).to_vec().try_into().unwrap()
	}

	fn line(
		c: &str,
		units: u32,
		charged: u128,
		auth: Option<u64>,
	) -> pallet_claims::ClaimLineOf<Runtime> {
		ClaimLine {
			code: code(c),
			units,
			charged,
			prior_authorisation: auth,
			drug_unit: None,
			evidence: None,
		}
	}

	fn grant(
		patient: Sr25519Keyring,
		grantee: u32,
		category: DataCategory,
		purpose: Purpose,
		actions: &[Action],
	) {
		let terms = ConsentTerms {
			grantee: Party::Organisation(grantee),
			categories: slots(DataCategories::of(&[category])),
			purposes: Purposes::of(&[purpose]),
			actions: Actions::of(actions),
			// The roles that serve the purpose: claims officers for payment.
			roles: pallet_consent::migrations::v2::roles_serving(Purposes::of(&[purpose])),
			valid_from: None,
			valid_until: Timestamp::get() + 300 * DAY_MS,
			exceptions: Default::default(),
			source_document: None,
		};
		assert_ok!(RuntimeCall::Consent(pallet_consent::Call::grant { patient: 0, terms })
			.dispatch(RuntimeOrigin::signed(account(patient))));
	}

	/// A claim of plain services (office visits) is weighed by their own benchmark; a line that
	/// draws on a prior authorisation, or names a drug unit or evidence, makes the whole claim
	/// weighed by the benchmark whose every line has all three.
	#[test]
	fn a_claim_of_plain_services_is_not_charged_for_drugs_authorisations_and_evidence() {
		use frame_support::dispatch::GetDispatchInfo;
		use pallet_claims::WeightInfo as _;
		use pallet_consent::WeightInfo as _;
		type ClaimsWeights = crate::weights::pallet_claims::WeightInfo<Runtime>;
		type ConsentWeights = crate::weights::pallet_consent::WeightInfo<Runtime>;
		let checks = ConsentWeights::check() + ConsentWeights::treated();
		let declared = |lines: Vec<pallet_claims::ClaimLineOf<Runtime>>| {
			RuntimeCall::Claims(pallet_claims::Call::submit_claim {
				patient: 0,
				plan: 0,
				date_of_service: 0,
				lines: lines.try_into().unwrap(),
				evidence: vec![0].try_into().unwrap(),
			})
			.get_dispatch_info()
			.call_weight
		};
		let visit = line("99213", 1, 100 * UNIT, None);
		assert!(visit.is_plain_service());
		assert_eq!(
			declared(vec![visit.clone(), visit.clone()]),
			ClaimsWeights::submit_claim_services(2, 1) + checks
		);
		let authorised = line("99213", 1, 100 * UNIT, Some(0));
		let drug = ClaimLine { drug_unit: Some([1; 16]), ..visit.clone() };
		let evidenced = ClaimLine { evidence: Some(0), ..visit.clone() };
		let everything =
			ClaimsWeights::submit_claim(2, 1).max(ClaimsWeights::submit_claim_services(2, 1));
		for other in [authorised, drug, evidenced] {
			assert!(!other.is_plain_service());
			assert_eq!(declared(vec![visit.clone(), other]), everything + checks);
		}
		assert!(
			ClaimsWeights::submit_claim_services(1, 0).all_lt(ClaimsWeights::submit_claim(1, 0)),
			"a plain line costs less than one with everything"
		);
	}

	#[test]
	fn plan_enrol_consent_evidence_claim_paid_duplicate_over_limit_appeal() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			start_block();
			hospital_and_patients();
			register_organisation(
				OrgKind::Insurer,
				b"Mutual Health",
				account(Sr25519Keyring::AliceStash),
			);
			assert_ok!(RuntimeCall::HealthIdentity(
				pallet_health_identity::Call::attest_practitioner {
					practitioner: account(Sr25519Keyring::BobStash),
					role: Role::ClaimsOfficer,
					credential_hash: H256::repeat_byte(2),
					expires_at: None,
				}
			)
			.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::AliceStash))));

			// The plan: office visits (99213: up to 100 a unit, 2 a year) and an MRI (70551,
			// prior authorisation); no deductible, co-pay 10, co-insurance 20%.
			let service = |c: &str, cap: u128, units: u32, auth: bool| CoveredService {
				code: code(c),
				unit_price_cap: cap * UNIT,
				units_per_year: units,
				needs_prior_authorisation: auth,
				pharmacy: false,
				needs_evidence: false,
			};
			let terms = PlanTerms {
				services: vec![service("99213", 100, 2, false), service("70551", 800, 1, true)]
					.try_into()
					.unwrap(),
				deductible: 0,
				coinsurance: Permill::from_percent(20),
				copay: 10 * UNIT,
				out_of_pocket_max: 5_000 * UNIT,
				benefit_max: 100_000 * UNIT,
				filing_window: 90 * DAY_MS,
				pharmacy_needs_unit: true,
			};
			call(
				Sr25519Keyring::AliceStash,
				pallet_claims::Call::define_plan {
					terms,
					adjudicator: account(Sr25519Keyring::BobStash),
				},
			);
			let now = Timestamp::get();
			call(
				Sr25519Keyring::BobStash,
				pallet_claims::Call::enrol {
					plan: 0,
					patient: 0,
					coverage: Coverage {
						start: now.saturating_sub(DAY_MS),
						end: now + 365 * DAY_MS,
					},
				},
			);
			call(
				Sr25519Keyring::AliceStash,
				pallet_claims::Call::fund_pool { amount: 10_000 * UNIT },
			);

			// Dave consents: the insurer may use his billing data for payment; the hospital may
			// write his encounters for treatment. Charlie anchors the visit note.
			grant(
				Sr25519Keyring::Dave,
				INSURER,
				DataCategory::Billing,
				Purpose::Payment,
				&[Action::Read],
			);
			grant(
				Sr25519Keyring::Dave,
				HOSPITAL,
				DataCategory::Encounters,
				Purpose::Treatment,
				&[Action::Write],
			);
			assert_ok!(RuntimeCall::Records(pallet_records::Call::anchor {
				document: pallet_records::NewRecord {
					patient: 0,
					content_hash: H256::repeat_byte(0x77),
					pointer: b"enc:v1:visit".to_vec().try_into().unwrap(),
					category: slot(DataCategory::Encounters),
				},
			})
			.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::Charlie))));

			// The claim: approved and paid to the hospital's admin (Eve) in the same block.
			let eve_before = Balances::balance(&account(Sr25519Keyring::Eve));
			let submit_on = |date_of_service: u64,
			                 lines: Vec<pallet_claims::ClaimLineOf<Runtime>>| {
				call(
					Sr25519Keyring::Charlie,
					pallet_claims::Call::submit_claim {
						patient: 0,
						plan: 0,
						date_of_service,
						lines: lines.try_into().unwrap(),
						evidence: vec![0].try_into().unwrap(),
					},
				);
				pallet_claims::Filed::<Runtime>::get(
					pallet_claims::NextClaimId::<Runtime>::get() - 1,
				)
				.unwrap()
			};
			// Served now: the hospital's treatment consent starts now. The payment consent is the
			// first grant read, and the hospital's own grant covers the treatment: both checks
			// take their fast paths, which the claim's own weight holds, and their worst cases
			// are not charged.
			let first = RuntimeCall::Claims(pallet_claims::Call::submit_claim {
				patient: 0,
				plan: 0,
				date_of_service: now,
				lines: vec![line("99213", 1, 100 * UNIT, None)].try_into().unwrap(),
				evidence: vec![0].try_into().unwrap(),
			});
			let declared =
				frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&first).call_weight;
			let charged = first
				.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::Charlie)))
				.expect("filed")
				.actual_weight
				.expect("charged by path");
			type ConsentWeights = crate::weights::pallet_consent::WeightInfo<Runtime>;
			use pallet_consent::WeightInfo as _;
			assert_eq!(declared - charged, ConsentWeights::check() + ConsentWeights::treated());
			assert!(ConsentWeights::check().all_gt(frame_support::weights::Weight::zero()));
			// An office visit's line is a plain service: charged that benchmark alone.
			type ClaimsWeights = crate::weights::pallet_claims::WeightInfo<Runtime>;
			use pallet_claims::WeightInfo as _;
			assert_eq!(charged, ClaimsWeights::submit_claim_services(1, 1));
			let submit = |lines| submit_on(now, lines);
			let paid = pallet_claims::Filed::<Runtime>::get(
				pallet_claims::NextClaimId::<Runtime>::get() - 1,
			)
			.unwrap();
			// 100: co-pay 10, co-insurance 18, benefit 72.
			assert_eq!(
				(paid.outcome, paid.payment, paid.paid),
				(Outcome::Approved, Payment::Paid, 72 * UNIT)
			);
			assert_eq!(Balances::balance(&account(Sr25519Keyring::Eve)), eve_before + 72 * UNIT);

			// The same line again: an exact duplicate, denied CO-18.
			let duplicate = submit(vec![line("99213", 1, 100 * UNIT, None)]);
			assert_eq!(duplicate.outcome, Outcome::Denied);
			assert_eq!(duplicate.results[0].cause, Some(Reason::Duplicate));

			// (A day passes.)
			pallet_timestamp::Now::<Runtime>::put(now + caduceus_primitives::DAY_MS);
			// Two more visits at 150 each, a day later: one unit left this year (CO-119) and the
			// cap (CO-45).
			let over = submit_on(
				now + caduceus_primitives::DAY_MS - 1,
				vec![line("99213", 2, 300 * UNIT, None)],
			);
			let visit = &over.results[0];
			let reasons: Vec<_> =
				visit.adjustments.iter().map(|a| (a.group, a.reason, a.amount)).collect();
			assert_eq!(over.outcome, Outcome::PartiallyApproved);
			assert_eq!(visit.allowed_units, 1);
			assert_eq!(
				reasons,
				vec![
					(Group::CO, Reason::BenefitMaximum, 150 * UNIT),
					(Group::CO, Reason::ExceedsPriceCap, 50 * UNIT),
					(Group::PR, Reason::Copay, 10 * UNIT),
					(Group::PR, Reason::Coinsurance, 18 * UNIT),
				]
			);
			assert_eq!((visit.benefit, over.payment), (72 * UNIT, Payment::Paid));

			// An MRI without prior authorisation: denied CO-197; appealed and overturned: paid.
			let mri = submit(vec![line("70551", 1, 800 * UNIT, None)]);
			assert_eq!(mri.results[0].cause, Some(Reason::PriorAuthorisationAbsent));
			let claim = pallet_claims::NextClaimId::<Runtime>::get() - 1;
			call(
				Sr25519Keyring::Charlie,
				pallet_claims::Call::appeal { claim, evidence: H256::repeat_byte(5) },
			);
			call(
				Sr25519Keyring::BobStash,
				pallet_claims::Call::decide_appeal { claim, overturn: true },
			);
			let overturned = pallet_claims::Filed::<Runtime>::get(claim).unwrap();
			assert_eq!(overturned.results[0].decision, LineDecision::Approved);
			// 800: co-pay 10, co-insurance 158, benefit 632.
			assert_eq!((overturned.payment, overturned.paid), (Payment::Paid, 632 * UNIT));
			assert_eq!(overturned.decisions.len(), 2, "both decisions are on the claim");
			assert_eq!(Claims::pool_balance(INSURER), (10_000 - 72 - 72 - 632) * UNIT);
			Claims::do_try_state().unwrap();
			assert_the_upgrade_counts_what_the_calls_counted(2);
		});
	}
}

/// The consortium council: motions, votes, closing, and what a passed motion may do.
mod council {
	use super::*;
	use crate::{Council, RuntimeCall, RuntimeEvent, RuntimeOrigin};
	use frame_support::assert_ok;
	use sp_runtime::{traits::Hash, DispatchError, DispatchResult};

	/// Alice proposes `call` with `threshold`; if more than one vote is needed, Alice and Bob vote
	/// for it and Alice closes the motion. Returns what the executed call returned.
	pub fn decides(call: RuntimeCall, threshold: u32) -> DispatchResult {
		let [alice, bob] = [Sr25519Keyring::Alice, Sr25519Keyring::Bob].map(|k| k.to_account_id());
		let length = call.encoded_size() as u32;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
		let index = pallet_collective::ProposalCount::<Runtime, Instance1>::get();
		assert_ok!(Council::propose(
			RuntimeOrigin::signed(alice.clone()),
			threshold,
			Box::new(call),
			length
		));
		if threshold > 1 {
			for member in [alice.clone(), bob] {
				assert_ok!(Council::vote(RuntimeOrigin::signed(member), hash, index, true));
			}
			assert_ok!(Council::close(
				RuntimeOrigin::signed(alice),
				hash,
				index,
				crate::configs::MaxProposalWeight::get(),
				length
			));
		}
		System::events()
			.into_iter()
			.rev()
			.find_map(|r| match r.event {
				RuntimeEvent::Council(pallet_collective::Event::Executed {
					proposal_hash,
					result,
				}) if proposal_hash == hash => Some(result),
				_ => None,
			})
			.expect("the motion was executed")
	}

	fn register_pharmacy() -> RuntimeCall {
		RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_organisation {
			kind: caduceus_primitives::OrgKind::Pharmacy,
			name: b"Corner Pharmacy".to_vec().try_into().unwrap(),
			identifiers: pallet_health_identity::PublicIdentifiers {
				gln: None,
				npi: None,
				licence: None,
			},
			admin: Sr25519Keyring::Dave.to_account_id(),
		})
	}

	#[test]
	fn two_thirds_of_the_council_act_as_the_consortium() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			assert_eq!(decides(register_pharmacy(), 2), Ok(()));
			assert!(pallet_health_identity::Organisations::<Runtime>::contains_key(3));
		});
	}

	#[test]
	fn one_member_alone_is_not_the_consortium() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			assert_eq!(decides(register_pharmacy(), 1), Err(DispatchError::BadOrigin));
			assert!(!pallet_health_identity::Organisations::<Runtime>::contains_key(3));
		});
	}

	#[test]
	fn an_outsider_cannot_propose() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			let outsider = RuntimeOrigin::signed(Sr25519Keyring::Ferdie.to_account_id());
			let call = register_pharmacy();
			let length = call.encoded_size() as u32;
			assert!(Council::propose(outsider, 2, Box::new(call), length).is_err());
		});
	}

	/// Reads every code as this runtime one spec version later, so that `set_code`'s checks
	/// pass in a test without a second WASM blob.
	struct NextVersion;

	impl sp_core::traits::ReadRuntimeVersion for NextVersion {
		fn read_runtime_version(
			&self,
			_: &[u8],
			_: &mut dyn sp_externalities::Externalities,
		) -> Result<Vec<u8>, String> {
			let mut next = crate::VERSION;
			next.spec_version += 1;
			Ok(next.encode())
		}
	}

	#[test]
	fn the_council_upgrades_the_runtime_without_sudo() {
		let mut ext = genesis_of("local_testnet");
		ext.register_extension(sp_core::traits::ReadRuntimeVersionExt::new(NextVersion));
		ext.execute_with(|| {
			execute_first_block();
			let code = b"the next runtime".to_vec();
			let upgrade = RuntimeCall::Consortium(pallet_consortium::Call::enact {
				call: Box::new(RuntimeCall::System(frame_system::Call::set_code {
					code: code.clone(),
				})),
			});
			assert_eq!(decides(upgrade, 2), Ok(()));
			assert!(System::events().iter().any(|r| matches!(
				r.event,
				RuntimeEvent::Consortium(pallet_consortium::Event::Enacted { result: Ok(()) })
			)));
			assert_eq!(
				sp_io::storage::get(sp_core::storage::well_known_keys::CODE),
				Some(code.into())
			);
		});
	}
}

/// What keeps two thirds meaning two thirds.
mod council_rules {
	use super::*;
	use crate::{Council, RuntimeCall, RuntimeOrigin};
	use frame_support::assert_ok;
	use sp_runtime::{
		traits::{Dispatchable, Hash},
		DispatchError,
	};

	fn alice() -> RuntimeOrigin {
		RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id())
	}

	#[test]
	fn silence_is_not_consent() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			let call = RuntimeCall::System(frame_system::Call::remark_with_event {
				remark: b"motion".to_vec(),
			});
			let length = call.encoded_size() as u32;
			let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
			assert_ok!(Council::propose(alice(), 2, Box::new(call), length));
			assert_ok!(Council::vote(alice(), hash, 0, true));
			System::set_block_number(
				System::block_number() + crate::configs::CouncilMotionDuration::get(),
			);
			assert_ok!(Council::close(
				alice(),
				hash,
				0,
				crate::configs::MaxProposalWeight::get(),
				length
			));
			assert!(System::events().iter().any(|r| matches!(
				r.event,
				crate::RuntimeEvent::Council(pallet_collective::Event::Disapproved { .. })
			)));
		});
	}

	#[test]
	fn there_is_no_prime_member() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			let set_prime = RuntimeCall::CouncilMembership(pallet_membership::Call::set_prime {
				who: Sr25519Keyring::Alice.to_account_id().into(),
			});
			assert_eq!(super::council::decides(set_prime, 2), Err(DispatchError::BadOrigin));
		});
	}

	#[test]
	fn a_member_cannot_hand_their_seat_away() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			let change_key = RuntimeCall::CouncilMembership(pallet_membership::Call::change_key {
				new: Sr25519Keyring::Ferdie.to_account_id().into(),
			});
			let refused = change_key.dispatch(alice()).unwrap_err().error;
			assert_eq!(refused, frame_system::Error::<Runtime>::CallFiltered.into());
			let members = pallet_collective::Members::<Runtime, Instance1>::get();
			assert!(!members.contains(&Sr25519Keyring::Ferdie.to_account_id()));
		});
	}

	fn council_members() -> Vec<AccountId> {
		pallet_collective::Members::<Runtime, Instance1>::get()
	}

	#[test]
	fn a_revoked_organisations_admin_loses_its_council_seat() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			// Charlie administers organisation 2 and sits on the council.
			let revoke =
				RuntimeCall::HealthIdentity(pallet_health_identity::Call::revoke_organisation {
					organisation: 2,
				});
			assert_eq!(super::council::decides(revoke, 2), Ok(()));
			assert!(!council_members().contains(&Sr25519Keyring::Charlie.to_account_id()));
			assert_eq!(council_members().len(), 2);
		});
	}

	#[test]
	fn a_new_admin_takes_over_the_organisations_seat() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			let ferdie = Sr25519Keyring::Ferdie.to_account_id();
			let change = RuntimeCall::HealthIdentity(
				pallet_health_identity::Call::change_organisation_admin {
					organisation: 2,
					new_admin: ferdie.clone(),
				},
			);
			assert_eq!(super::council::decides(change, 2), Ok(()));
			let members = council_members();
			assert!(members.contains(&ferdie), "the new admin sits for the organisation");
			assert!(!members.contains(&Sr25519Keyring::Charlie.to_account_id()));
			assert_eq!(members.len(), 3);
		});
	}

	#[test]
	fn a_member_cannot_flood_the_council_with_free_motions() {
		use frame_support::traits::fungible::InspectHold;
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			let alice_account = Sr25519Keyring::Alice.to_account_id();
			let hold = crate::RuntimeHoldReason::Council(
				pallet_collective::HoldReason::ProposalSubmission,
			);
			let mut held = Vec::new();
			for n in 0..6u8 {
				let call =
					RuntimeCall::System(frame_system::Call::remark_with_event { remark: vec![n] });
				let length = call.encoded_size() as u32;
				assert_ok!(Council::propose(alice(), 2, Box::new(call), length));
				held.push(Balances::balance_on_hold(&hold, &alice_account));
			}
			assert_eq!(held[0], 0, "the first motions are free");
			assert!(held[5] > held[4] && held[4] > 0, "then each costs more, held until closed");
		});
	}

	#[test]
	fn a_reset_with_one_member_twice_is_refused() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			// Two entries, one member: a council of one in which one vote is two thirds.
			let alice = Sr25519Keyring::Alice.to_account_id();
			let reset = RuntimeCall::CouncilMembership(pallet_membership::Call::reset_members {
				members: vec![alice.clone(), alice],
			});
			let refused = super::council::decides(reset, 2);
			assert_eq!(refused, Err(frame_system::Error::<Runtime>::CallFiltered.into()));
			assert_eq!(pallet_collective::Members::<Runtime, Instance1>::get().len(), 3);
		});
	}

	#[test]
	fn the_council_keeps_at_least_two_members() {
		genesis_of("local_testnet").execute_with(|| {
			execute_first_block();
			let remove = |who: Sr25519Keyring| {
				RuntimeCall::CouncilMembership(pallet_membership::Call::remove_member {
					who: who.to_account_id().into(),
				})
			};
			assert_eq!(super::council::decides(remove(Sr25519Keyring::Charlie), 2), Ok(()));
			assert_eq!(pallet_collective::Members::<Runtime, Instance1>::get().len(), 2);
			let below = super::council::decides(remove(Sr25519Keyring::Bob), 2);
			assert_eq!(below, Err(frame_system::Error::<Runtime>::CallFiltered.into()));
			assert_eq!(pallet_collective::Members::<Runtime, Instance1>::get().len(), 2);
		});
	}
}

mod network {
	use super::*;
	use crate::{
		admission::{AdmitParticipants, NOT_A_PARTICIPANT},
		RuntimeCall, RuntimeOrigin, Session, SignedPayload, UncheckedExtrinsic, ValidatorSet,
	};
	use frame_support::{
		assert_ok,
		dispatch::{DispatchClass, GetDispatchInfo},
		pallet_prelude::TransactionSource,
	};
	use sp_runtime::{
		traits::{TransactionExtension, TxBaseImplication},
		transaction_validity::{InvalidTransaction, TransactionValidityError},
		MultiAddress,
	};

	fn remark() -> RuntimeCall {
		RuntimeCall::System(frame_system::Call::remark { remark: vec![] })
	}

	fn register_patient() -> RuntimeCall {
		RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_patient {
			demographic_commitment: None,
		})
	}

	/// Whether the admission extension lets `who` submit `call`.
	fn admits(who: Sr25519Keyring, call: &RuntimeCall) -> bool {
		let origin = RuntimeOrigin::signed(who.to_account_id());
		let info = call.get_dispatch_info();
		AdmitParticipants
			.validate(
				origin,
				call,
				&info,
				0,
				(),
				&TxBaseImplication(()),
				TransactionSource::External,
			)
			.is_ok()
	}

	/// `call` signed by `who` with nonce 0, as a wallet builds it.
	fn signed_extrinsic(who: Sr25519Keyring, call: RuntimeCall) -> UncheckedExtrinsic {
		signed_extrinsic_at(who, call, 0)
	}

	/// `call` signed by `who` with `nonce`, as a wallet builds it.
	fn signed_extrinsic_at(
		who: Sr25519Keyring,
		call: RuntimeCall,
		nonce: u32,
	) -> UncheckedExtrinsic {
		let extension = crate::wallet_extension(nonce);
		let payload = SignedPayload::new(call.clone(), extension.clone()).unwrap();
		let signature = payload.using_encoded(|bytes| who.sign(bytes));
		UncheckedExtrinsic::new_signed(
			call,
			MultiAddress::Id(who.to_account_id()),
			signature.into(),
			extension,
		)
	}

	/// The compute time that applying `xt` adds to the block's weight of ordinary extrinsics,
	/// after refunds (its proof size also counts its length).
	fn charged(xt: UncheckedExtrinsic) -> u64 {
		let normal = || *frame_system::BlockWeight::<Runtime>::get().get(DispatchClass::Normal);
		let before = normal();
		assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
		normal().saturating_sub(before).ref_time()
	}

	#[test]
	fn a_patient_pays_its_three_admission_reads_and_a_newcomer_the_costliest_path() {
		genesis_of("development").execute_with(|| {
			execute_first_block();
			let base = crate::configs::RuntimeBlockWeights::get()
				.get(DispatchClass::Normal)
				.base_extrinsic;
			let reads = |n| <Runtime as frame_system::Config>::DbWeight::get().reads(n);
			let call_weight = |call: &RuntimeCall| call.get_dispatch_info().call_weight;
			let newcomer = Sr25519Keyring::FerdieStash; // endowed, registered nowhere

			// Every other extension is priced inside the base weight; admission declares the
			// costliest path, 16 reads, and a newcomer's registration takes it.
			let registration = register_patient();
			let expected = base + call_weight(&registration) + reads(16);
			let xt = signed_extrinsic_at(newcomer, registration, 0);
			assert_eq!(
				xt.get_dispatch_info().extension_weight,
				reads(16),
				"admission alone weighs beyond the base"
			);
			assert_eq!(charged(xt), expected.ref_time());

			// Now a patient: found at the third read, refunded the other 13.
			let expected = base + call_weight(&remark()) + reads(3);
			assert_eq!(charged(signed_extrinsic_at(newcomer, remark(), 1)), expected.ref_time());
		});
	}

	#[test]
	fn the_pool_refuses_transactions_of_accounts_the_chain_does_not_know() {
		genesis_of("development").execute_with(|| {
			execute_first_block();
			let stranger = Sr25519Keyring::FerdieStash; // endowed, registered nowhere
			let refused = Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(
				NOT_A_PARTICIPANT,
			)));
			let parent = System::block_hash(1);
			let xt = signed_extrinsic(stranger, remark());
			assert_eq!(
				Executive::validate_transaction(TransactionSource::External, xt.clone(), parent)
					.map(|_| ()),
				refused
			);
			// Nor can an author put it in a block.
			assert_eq!(Executive::apply_extrinsic(xt).map(|_| ()), refused);
			// A newcomer may register as a patient, and is known from then on.
			let registration = signed_extrinsic(stranger, register_patient());
			assert!(Executive::validate_transaction(
				TransactionSource::External,
				registration,
				parent
			)
			.is_ok());
			assert_ok!(crate::HealthIdentity::register_patient(
				RuntimeOrigin::signed(stranger.to_account_id()),
				None
			));
			assert!(admits(stranger, &remark()));
		});
	}

	#[test]
	fn an_account_named_guardian_by_a_stranger_acts_only_for_its_ward() {
		genesis_of("development").execute_with(|| {
			execute_first_block();
			// Dave (patient 0) names an unknown, endowed account his delegate.
			let delegate = Sr25519Keyring::FerdieStash;
			assert_ok!(crate::HealthIdentity::appoint_guardian(
				RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id()),
				delegate.to_account_id(),
				caduceus_primitives::GuardianScope::All,
				None
			));
			// It may act for Dave...
			let block_for = |patient| {
				RuntimeCall::Consent(pallet_consent::Call::block {
					patient,
					party: pallet_consent::Party::Organisation(1),
				})
			};
			assert!(admits(delegate, &block_for(0)));
			let resign =
				RuntimeCall::HealthIdentity(pallet_health_identity::Call::resign_guardianship {
					patient: 0,
				});
			assert!(admits(delegate, &resign));
			// ...and nothing else: no remarks, transfers or acting for another patient.
			assert!(!admits(delegate, &remark()));
			assert!(!admits(delegate, &block_for(1)));
			let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: MultiAddress::Id(Sr25519Keyring::Bob.to_account_id()),
				value: 1,
			});
			assert!(!admits(delegate, &transfer));
		});
	}

	#[test]
	fn participants_and_newcomers_calls_are_admitted() {
		genesis_of("development").execute_with(|| {
			execute_first_block();
			for known in [
				Sr25519Keyring::Dave,      // a patient
				Sr25519Keyring::Charlie,   // a physician
				Sr25519Keyring::DaveStash, // an organisation's admin
				Sr25519Keyring::Alice,     // the validator, the sudo key
			] {
				assert!(admits(known, &remark()), "{known:?} is known");
			}
			let stranger = Sr25519Keyring::FerdieStash;
			assert!(!admits(stranger, &remark()));
			assert!(admits(stranger, &register_patient()));
			let recovery = RuntimeCall::Recovery(pallet_recovery::Call::initiate_attempt {
				lost: MultiAddress::Id(Sr25519Keyring::Dave.to_account_id()),
				friend_group_index: 0,
			});
			assert!(admits(stranger, &recovery), "a patient's friend need not be registered");
			let act_as = |lost: Sr25519Keyring| {
				RuntimeCall::Recovery(pallet_recovery::Call::control_inherited_account {
					recovered: MultiAddress::Id(lost.to_account_id()),
					call: Box::new(remark()),
				})
			};
			assert!(admits(stranger, &act_as(Sr25519Keyring::Dave)), "an heir acts as a patient");
			assert!(
				!admits(stranger, &act_as(Sr25519Keyring::FerdieStash)),
				"nor as an account the chain does not know"
			);
			// A patient's new key pair accepts the move it was offered, and nothing else.
			let accept =
				RuntimeCall::HealthIdentity(pallet_health_identity::Call::accept_patient_move {
					patient: 0,
				});
			assert!(!admits(stranger, &accept));
			assert_ok!(crate::HealthIdentity::initiate_patient_move(
				RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id()),
				stranger.to_account_id()
			));
			assert!(admits(stranger, &accept));
			assert!(!admits(Sr25519Keyring::One, &accept));
			// A patient's guardian is known while guarding, for what it does for its ward only.
			assert_ok!(crate::HealthIdentity::appoint_guardian(
				RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id()),
				stranger.to_account_id(),
				caduceus_primitives::GuardianScope::All,
				None
			));
			let for_dave =
				RuntimeCall::Consent(pallet_consent::Call::cancel_signed_consents { patient: 0 });
			assert!(admits(stranger, &for_dave));
			assert!(!admits(stranger, &remark()));
			// Unsigned extrinsics are not the extension's business.
			let none = AdmitParticipants.validate(
				RuntimeOrigin::none(),
				&remark(),
				&Default::default(),
				0,
				(),
				&TxBaseImplication(()),
				TransactionSource::External,
			);
			assert!(none.is_ok());
		});
	}

	#[test]
	fn session_keys_are_replaced_never_purged() {
		use frame_support::traits::Contains;
		let purge = RuntimeCall::Session(pallet_session::Call::purge_keys {});
		assert!(!crate::configs::GovernanceFilter::contains(&purge));
	}

	#[test]
	fn the_consortium_preset_binds_validators_to_organisations_and_lists_their_nodes() {
		use pallet_validator_set::runtime_api::runtime_decl_for_validator_set_api::ValidatorSetApiV1;
		genesis_of("consortium").execute_with(|| {
			let views = Runtime::validators();
			assert_eq!(views.len(), 4);
			for (org, view) in views.iter().enumerate() {
				assert_eq!(view.organisation, org as u32);
				assert!(
					view.organisation_active && view.has_session_keys && view.in_current_session
				);
			}
			assert_eq!(pallet_validator_set::MinValidators::<Runtime>::get(), 3);
			let nodes = Runtime::allowed_nodes().expect("a closed network");
			assert_eq!(nodes.len(), 4);
			assert_eq!(nodes[0].to_vec(), genesis_config_presets::dev_node_peer_id(1));
			ValidatorSet::do_try_state().unwrap();
		});
		genesis_of("development").execute_with(|| {
			assert_eq!(Runtime::allowed_nodes(), None, "the development network is open");
		});
	}

	/// Runs blocks up to `n`, rotating sessions.
	fn run_to_block(n: u32) {
		while System::block_number() < n {
			let next = System::block_number() + 1;
			System::set_block_number(next);
			<Session as Hooks<u32>>::on_initialize(next);
		}
	}

	#[test]
	fn a_suspended_organisations_validator_leaves_aura_and_grandpa_two_sessions_later() {
		genesis_of("consortium").execute_with(|| {
			execute_first_block();
			let length = pallet_validator_set::SessionLength::<Runtime>::get();
			assert_eq!(length, genesis_config_presets::DEV_SESSION_LENGTH);
			assert_ok!(crate::HealthIdentity::suspend_organisation(RuntimeOrigin::root(), 3));
			run_to_block(length);
			assert_eq!(Session::current_index(), 1);
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
			run_to_block(2 * length);
			assert_eq!(Session::current_index(), 2);
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
			assert!(!pallet_session::Validators::<Runtime>::get()
				.contains(&Sr25519Keyring::Dave.to_account_id()));
			// GRANDPA's change is scheduled for the block that finalizes it.
			assert!(Grandpa::pending_change().is_some());
			// With three left, the floor forbids removing another.
			assert_eq!(
				ValidatorSet::remove_validator(
					RuntimeOrigin::root(),
					Sr25519Keyring::Charlie.to_account_id()
				),
				Err(pallet_validator_set::Error::<Runtime>::BelowMinimum.into())
			);
		});
	}
}

/// A patient who lost their key recovers through friends (`pallet-recovery`) and moves their
/// identity, and the guardianships they hold, to a new key: the lost key keeps no authority.
mod recovery {
	use super::{
		consent::{account, hospital_and_patients, next_block, start_block},
		*,
	};
	use crate::{HealthIdentity, RuntimeCall, RuntimeOrigin};
	use caduceus_primitives::{GuardianScope, Registry};
	use frame_support::assert_ok;
	use sp_runtime::traits::Dispatchable;

	fn dispatch(call: RuntimeCall, who: &AccountId) {
		assert_ok!(call.dispatch(RuntimeOrigin::signed(who.clone())));
	}

	#[test]
	fn a_lost_key_is_recovered_by_friends_and_the_patient_moves_with_their_guardianships() {
		let [dave, ferdie, alice, bob] = [
			Sr25519Keyring::Dave,
			Sr25519Keyring::Ferdie,
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
		]
		.map(account);
		let new_key = account(Sr25519Keyring::One);
		genesis_of("local_testnet").execute_with(|| {
			start_block();
			hospital_and_patients();
			// Dave (patient 0) is the guardian of his child Ferdie (patient 1).
			dispatch(
				RuntimeCall::HealthIdentity(pallet_health_identity::Call::appoint_guardian {
					guardian: dave.clone(),
					scope: GuardianScope::All,
					expires_at: None,
				}),
				&ferdie,
			);
			// Before losing his key, Dave named Alice and Bob as friends who, together, may
			// hand his account to his new key after ten blocks.
			let mut friends = vec![alice.clone(), bob.clone()];
			friends.sort();
			let group = pallet_recovery::FriendGroup {
				friends: friends.try_into().unwrap(),
				friends_needed: 2,
				inheritor: new_key.clone(),
				inheritance_delay: 10,
				inheritance_priority: 0,
				cancel_delay: 10,
			};
			dispatch(
				RuntimeCall::Recovery(pallet_recovery::Call::set_friend_groups {
					friend_groups: vec![group],
				}),
				&dave,
			);
			// The key is lost: the friends recover the account for the new key.
			let lost = sp_runtime::MultiAddress::Id(dave.clone());
			dispatch(
				RuntimeCall::Recovery(pallet_recovery::Call::initiate_attempt {
					lost: lost.clone(),
					friend_group_index: 0,
				}),
				&alice,
			);
			dispatch(
				RuntimeCall::Recovery(pallet_recovery::Call::approve_attempt {
					lost: lost.clone(),
					friend_group_index: 0,
				}),
				&bob,
			);
			for _ in 0..11 {
				next_block();
			}
			dispatch(
				RuntimeCall::Recovery(pallet_recovery::Call::finish_attempt {
					lost: lost.clone(),
					friend_group_index: 0,
				}),
				&alice,
			);
			// The new key, controlling the recovered account, moves the patient to itself.
			let initiate =
				RuntimeCall::HealthIdentity(pallet_health_identity::Call::initiate_patient_move {
					new_account: new_key.clone(),
				});
			dispatch(
				RuntimeCall::Recovery(pallet_recovery::Call::control_inherited_account {
					recovered: lost,
					call: Box::new(initiate),
				}),
				&new_key,
			);
			assert_eq!(
				pallet_health_identity::PendingMoves::<Runtime>::get(0),
				Some(new_key.clone())
			);
			assert!(crate::admission::newcomer_may_submit(
				&new_key,
				&RuntimeCall::HealthIdentity(pallet_health_identity::Call::accept_patient_move {
					patient: 0
				})
			));
			dispatch(
				RuntimeCall::HealthIdentity(pallet_health_identity::Call::accept_patient_move {
					patient: 0,
				}),
				&new_key,
			);

			let registry =
				|who: &AccountId| <HealthIdentity as Registry<AccountId>>::patient_of(who);
			assert_eq!((registry(&new_key), registry(&dave)), (Some(0), None));
			let may_act = |who: &AccountId| {
				<HealthIdentity as Registry<AccountId>>::may_act_for(who, 1, GuardianScope::All)
			};
			assert!(may_act(&new_key), "the new key guards Dave's child");
			assert!(!may_act(&dave), "the lost key guards no one");
			assert!(!crate::admission::is_admitted(&dave), "the lost key is no participant");
			HealthIdentity::do_try_state().unwrap();
		});
	}
}
