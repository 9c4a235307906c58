//! A snapshot of the demo chain's state for the runtime's upgrade check (`runtime/tests/upgrade.rs`).
//!
//! `scripts/snapshot.sh` runs the privacy test with `CADUCEUS_SNAPSHOT_DIR=<folder>`: once the flows of
//! every pallet have run and the node has stopped, the node's own `export-state` writes the state
//! at the head, and this keeps its key-value pairs (without the runtime's code, which an upgrade
//! replaces) with the spec version that wrote them.

use crate::common::run_node;
use serde_json::{json, Map, Value};
use std::path::Path;

/// Exports the state at block `head` of the stopped dev node in `base_path` (written by runtime
/// `spec_version`) to the file `out`.
pub fn export(base_path: &Path, head: (u64, &str), spec_version: u64, out: &Path) {
	let base_path = base_path.to_str().expect("a UTF-8 path");
	let output = run_node(&[
		"export-state",
		"--dev",
		"--base-path",
		base_path,
		"--state-pruning",
		"archive",
		"--blocks-pruning",
		"archive",
		head.1,
	]);
	assert!(
		output.status.success(),
		"export-state failed: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	let spec: Value = serde_json::from_slice(&output.stdout).expect("export-state writes JSON");
	let mut top: Map<String, Value> = spec["genesis"]["raw"]["top"]
		.as_object()
		.expect("a raw chain spec with the state under genesis.raw.top")
		.clone();
	let code = top.remove("0x3a636f6465").expect("the state holds the runtime's code");
	let code = hex::decode(code.as_str().expect("hex").trim_start_matches("0x")).expect("hex");
	let snapshot = json!({
		"taken_with": "caduceus-node export-state (scripts/snapshot.sh)",
		"spec_version": spec_version,
		"block": head.0,
		"block_hash": head.1,
		"code_blake2_256": format!("0x{}", hex::encode(sp_io::hashing::blake2_256(&code))),
		"top": &top,
	});
	let text = serde_json::to_string_pretty(&snapshot).expect("JSON") + "\n";
	std::fs::write(out, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
	println!(
		"== Snapshot of #{} (runtime {spec_version}, {} keys) written to {}",
		head.0,
		top.len(),
		out.display()
	);
}
