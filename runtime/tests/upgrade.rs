//! The upgrade check (`docs/security.md`, "Upgrades"): what `try-runtime on-runtime-upgrade`
//! does, run on the snapshots in `tests/snapshots` (taken with the node by `scripts/snapshot.sh`
//! from a development chain on which the demo flows of every pallet ran).
//!
//! For each snapshot, this runtime's upgrade runs on the state as the chain holds it:
//! - every migration's `pre_upgrade`, `on_runtime_upgrade` and `post_upgrade`, then every
//!   pallet's check that its storage version on chain is the one in its code (a storage change
//!   whose migration is missing fails here);
//! - the whole state decodes with this runtime's types (`try_decode_entire_state`);
//! - every pallet's `try_state`;
//! - the migrations fit in one block, and running the upgrade a second time changes nothing.
//!
//! A snapshot written by the released runtime makes this the check of the next upgrade; one
//! written by this runtime checks that its state is sound and its migrations are idempotent.
//! Built only with the `try-runtime` feature (`scripts/test.sh` runs it).
#![cfg(feature = "try-runtime")]

use caduceus_runtime::{configs::RuntimeBlockWeights, Executive, Records, Runtime, VERSION};
use frame_support::traits::GetStorageVersion;
use frame_try_runtime::UpgradeCheckSelect;
use serde_json::Value;
use sp_core::storage::{StateVersion, Storage};
use sp_io::TestExternalities;
use std::{collections::BTreeMap, path::PathBuf};

/// One chain's state, as `scripts/snapshot.sh` wrote it.
struct Snapshot {
	file: PathBuf,
	/// The spec version of the runtime that wrote the state.
	spec_version: u32,
	top: BTreeMap<Vec<u8>, Vec<u8>>,
}

impl Snapshot {
	/// The state, ready to run this runtime's code on.
	fn externalities(&self) -> TestExternalities {
		let storage = Storage { top: self.top.clone(), children_default: Default::default() };
		TestExternalities::new_with_state_version(storage, StateVersion::V1)
	}
}

fn hex(value: &str) -> Vec<u8> {
	sp_core::bytes::from_hex(value).unwrap_or_else(|e| panic!("bad hex {value}: {e}"))
}

/// Every snapshot in `tests/snapshots`; there must be one.
fn snapshots() -> Vec<Snapshot> {
	let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
	let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
		.unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()))
		.map(|entry| entry.expect("a directory entry").path())
		.filter(|path| path.extension().is_some_and(|extension| extension == "json"))
		.collect();
	files.sort();
	assert!(!files.is_empty(), "no snapshot in {}: run scripts/snapshot.sh", folder.display());
	files
		.into_iter()
		.map(|file| {
			let text = std::fs::read_to_string(&file).expect("a readable snapshot");
			let json: Value = serde_json::from_str(&text).expect("a JSON snapshot");
			let spec_version = json["spec_version"].as_u64().expect("spec_version") as u32;
			let top = json["top"]
				.as_object()
				.expect("the state under `top`")
				.iter()
				.map(|(key, value)| (hex(key), hex(value.as_str().expect("a hex value"))))
				.collect();
			Snapshot { file, spec_version, top }
		})
		.collect()
}

/// Runs the upgrade with every check, or says which check failed.
fn upgrade() -> Result<frame_support::weights::Weight, String> {
	Executive::try_runtime_upgrade(UpgradeCheckSelect::All).map_err(|error| format!("{error:?}"))
}

#[test]
fn every_snapshot_upgrades_to_this_runtime_with_every_check() {
	for snapshot in snapshots() {
		let name = snapshot.file.display().to_string();
		assert!(
			snapshot.spec_version <= VERSION.spec_version,
			"{name} was written by runtime {}, newer than this one ({})",
			snapshot.spec_version,
			VERSION.spec_version
		);
		snapshot.externalities().execute_with(|| {
			let weight = upgrade().unwrap_or_else(|error| panic!("{name}: {error}"));
			let max_block = RuntimeBlockWeights::get().max_block;
			assert!(
				weight.all_lte(max_block),
				"{name}: the migrations ({weight}) do not fit in a block ({max_block})"
			);
			let root = sp_io::storage::root(StateVersion::V1);
			upgrade().unwrap_or_else(|error| panic!("{name}, second run: {error}"));
			assert_eq!(
				sp_io::storage::root(StateVersion::V1),
				root,
				"{name}: running the upgrade again changed the state"
			);
			println!(
				"{name}: runtime {} → {}, {} keys, migrations weigh {weight}",
				snapshot.spec_version,
				VERSION.spec_version,
				snapshot.top.len()
			);
		});
	}
}

/// The check has teeth: a pallet whose storage version on chain is not the one in its code (a
/// storage change shipped without its migration, or a migration that forgot to set the version)
/// fails it.
#[test]
fn the_check_refuses_a_storage_version_the_code_does_not_migrate() {
	let snapshot = snapshots().remove(0);
	snapshot.externalities().execute_with(|| {
		let in_code = Records::in_code_storage_version();
		(in_code + 1).put::<Records>();
		let error = upgrade().expect_err("a version mismatch fails the check");
		assert!(error.contains("storage version"), "{error}");
	});
}

/// The check has teeth: a value the runtime cannot decode (state written in an old shape that no
/// migration rewrote) fails it.
#[test]
fn the_check_refuses_state_this_runtime_cannot_decode() {
	let snapshot = snapshots().remove(0);
	snapshot.externalities().execute_with(|| {
		let patient = pallet_health_identity::Patients::<Runtime>::iter_keys()
			.next()
			.expect("the snapshot holds a patient");
		let key = pallet_health_identity::Patients::<Runtime>::hashed_key_for(patient);
		frame_support::storage::unhashed::put_raw(&key, &[0xff]);
		let error = upgrade().expect_err("an undecodable value fails the check");
		assert!(error.contains("decode") || error.contains("Decode"), "{error}");
	});
}
