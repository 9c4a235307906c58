//! The demo chain that `scripts/dev.sh` runs: `scripts/seed.sh` brings a chain whose genesis holds
//! only its founding member (`--chain demo`) to life through the `caduceus` command line. A
//! newcomer then finds the organisations of `docs/development.md` ("Demo data") with their ids,
//! the practitioners and the patients' consents it lists (each answered by the chain's consent
//! check), and the activity the banner of `dev.sh` points at: Dave's audit trail, a scanned
//! unit, the reach of a recall across four organisations.
//!
//! It runs the real script with the workspace's `caduceus` binary, built next to the node by
//! `cargo test --workspace` (scripts/test.sh), against the real node.

mod common;

use common::{free_port, DevNode};
use serde_json::{json, Value};
use std::{path::Path, process::Command};

/// Dave's published demo category key (docs/development.md), which names his categories' slots.
const DAVE_KEY: &str = "0xdadadadadadadadadadadadadadadadadadadadadadadadadadadadadadadada";

/// The `caduceus` command line against `url`, with `--json`: what it printed, parsed.
fn caduceus(url: &str, args: &[&str]) -> Value {
	let cli = Path::new(common::NODE).with_file_name("caduceus");
	let output = Command::new(cli).args(["--url", url, "--json"]).args(args).output().unwrap();
	assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
	serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_seeding_brings_the_demo_chain_to_life_through_the_client() {
	let dir = tempfile::tempdir().unwrap();
	let args = ["--dev", "--chain", "demo"].map(String::from);
	let node = DevNode::spawn(&dir.path().join("demo"), &args, free_port(), free_port());
	node.wait_for_finalized(1);
	let url = node.ws_url();
	let founders = caduceus(&url, &["org", "list"]);
	assert_eq!(founders.as_array().unwrap().len(), 1, "the founding member alone: {founders}");

	// The script finds the CLI in $CARGO_TARGET_DIR/release, where cargo built this test's node.
	let target = Path::new(common::NODE).parent().and_then(Path::parent).unwrap();
	let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/seed.sh");
	let seeded = Command::new("bash")
		.arg(script)
		.arg(&url)
		.env("CARGO_TARGET_DIR", target)
		.output()
		.unwrap();
	let said = String::from_utf8_lossy(&seeded.stdout) + String::from_utf8_lossy(&seeded.stderr);
	assert!(seeded.status.success(), "scripts/seed.sh failed:\n{said}");

	// Every organisation of docs/development.md, with the ids it gives them.
	let organisations = caduceus(&url, &["org", "list"]);
	let names: Vec<&str> = organisations
		.as_array()
		.unwrap()
		.iter()
		.map(|org| org["name"].as_str().unwrap())
		.collect();
	assert_eq!(
		names,
		[
			"St. Luke's Hospital",
			"Northside Laboratory",
			"Acme Pharmaceuticals",
			"Keystone Wholesale",
			"Harbor Mutual Health",
			"Riverside Family Clinic",
			"Corner Pharmacy",
		]
	);
	// The practitioners and consents of "Demo data": Charlie (physician) and Alice//stash (nurse)
	// at the hospital under consent 0, Bob//stash (lab technician) at the laboratory under
	// consent 1, which covers lab results only.
	let check = |accessor: &str, category: &str| {
		let who = caduceus(&url, &["--suri", accessor, "account"])["account"].clone();
		let asked = [
			"consent",
			"check",
			"--patient",
			"0",
			"--accessor",
			who.as_str().unwrap(),
			"--category",
			category,
			"--category-key",
			DAVE_KEY,
		];
		caduceus(&url, &asked)["because"].clone()
	};
	assert_eq!(check("//Alice//stash", "conditions"), "Consent(0)");
	assert_eq!(check("//Bob//stash", "lab-results"), "Consent(1)");
	assert_eq!(check("//Bob//stash", "conditions"), "CategoryNotCovered");
	let patient = caduceus(&url, &["patient", "show", "1"]);
	let charlie_stash = caduceus(&url, &["--suri", "//Charlie//stash", "account"]);
	assert_eq!(patient["account"], charlie_stash["account"], "patient 1: {patient}");
	// The banner's questions: Dave's trail holds the physician's granted read and the nurse's
	// denied one; a unit Acme shipped to the hospital scans as in stock there.
	let trail = caduceus(&url, &["records", "trail", "--patient", "0"]).to_string();
	assert!(trail.contains("AccessGranted") && trail.contains("AccessDenied"), "{trail}");
	let scan = ["supply", "verify", "(01)00300123456785(21)A2(10)A2611(17)271231"];
	assert_eq!(caduceus(&url, &scan)["authentic"], true);
	// dev.sh's question, byte for byte: may Charlie read Dave's lab results for treatment? Yes,
	// under consent 0.
	let check = "0x000000000000000090b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22120000";
	let answer = node.rpc("state_call", json!(["ConsentApi_check_access", check]));
	assert_eq!(answer, json!("0x00000000000000000000"), "Ok(Consent(0))");
	// The reach of a recall of lot A2611 spans the manufacturer, the hospital, the distributor
	// and the pharmacy.
	let reach = caduceus(&url, &["supply", "reach", "--gtin", "00300123456785", "--lot", "A2611"]);
	let reached: Vec<&Value> = reach.as_array().unwrap().iter().map(|row| &row["org"]).collect();
	assert_eq!(reached, [&json!(0), &json!(2), &json!(3), &json!(6)], "{reach}");
	assert!(node.stop().success());
}
