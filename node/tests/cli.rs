//! The `caduceus` command line against a real development node: the flows a dApp developer
//! or an operator runs (organisations, patients, consent signed in a wallet and submitted by
//! someone else, records anchored, verified, asked for and traced, drug units commissioned from
//! a CSV, shipped, received, dispensed, scanned and recalled, an insurer registered by a council
//! motion, a plan from a file, a prior authorisation, claims paid, denied, pended and reviewed,
//! appealed and decided, a patient moved to a new wallet, a key exported from polkadot.js), and
//! each failure a person meets said in one line with its own exit code: a bad URL, a bad key or
//! password, a transaction the pool refuses (not a participant, too low balance) and a failed
//! dispatch (pallet error and doc).
//!
//! The binary is the workspace's `caduceus` (crate `caduceus-client`), built next to the node
//! by `cargo test --workspace` (scripts/test.sh).

mod common;

use common::DevNode;
use serde_json::{json, Value};
use std::{
	os::unix::fs::PermissionsExt,
	path::{Path, PathBuf},
	process::Command,
};

/// The `caduceus` binary built beside the node.
fn cli_binary() -> PathBuf {
	let path = std::path::Path::new(common::NODE).with_file_name("caduceus");
	assert!(path.exists(), "build the CLI first: cargo build --release -p caduceus-client");
	path
}

/// What one run of the CLI printed and how it exited.
struct Run {
	code: i32,
	stdout: String,
	stderr: String,
}

impl Run {
	fn json(&self) -> Value {
		assert_eq!(self.code, 0, "the command succeeds: {}", self.stderr);
		serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
	}

	/// The one line the CLI printed on stderr for a failure with exit code `code`.
	fn failure(&self, code: i32) -> &str {
		assert_eq!(self.code, code, "exit code; stderr: {}", self.stderr);
		assert_eq!(self.stderr.lines().count(), 1, "one line: {}", self.stderr);
		self.stderr.trim_end()
	}
}

/// The password of the polkadot.js export of //Alice ([`ALICE_EXPORT`]).
const ALICE_PASSWORD: &str = "whoisalice";

/// //Alice as the polkadot.js extension exports an account: JSON, encrypted with
/// [`ALICE_PASSWORD`].
const ALICE_EXPORT: &str = include_str!("../../client/tests/fixtures/alice-polkadot-js.json");

/// Runs the CLI against `url`; a polkadot.js key file it is given opens with [`ALICE_PASSWORD`]
/// (never asked for at a terminal, which would stop the test).
fn caduceus(url: &str, args: &[&str]) -> Run {
	caduceus_with_password(url, args, ALICE_PASSWORD)
}

fn caduceus_with_password(url: &str, args: &[&str], password: &str) -> Run {
	let output = Command::new(cli_binary())
		.args(["--url", url])
		.args(args)
		.env("CADUCEUS_KEY_PASSWORD", password)
		.output()
		.expect("the CLI runs");
	Run {
		code: output.status.code().unwrap_or(-1),
		stdout: String::from_utf8_lossy(&output.stdout).into(),
		stderr: String::from_utf8_lossy(&output.stderr).into(),
	}
}

/// A demo patient's category key, as the development chain publishes it (docs/development.md).
fn category_key(byte: u8) -> String {
	format!("0x{}", hex::encode([byte; 32]))
}

#[test]
fn the_cli_runs_the_main_flows_and_says_why_each_failure_failed() {
	let dir = tempfile::tempdir().unwrap();
	let node = DevNode::start(&dir.path().join("dev"));
	node.wait_for_finalized(1);
	let url = node.ws_url();
	let run = |args: &[&str]| caduceus(&url, args);

	let chain = run(&["--json", "chain"]).json();
	assert_eq!(chain["runtime"], "caduceus");
	let organisations = run(&["--json", "org", "list"]).json();
	assert_eq!(organisations[0]["name"], "St. Luke's Hospital");
	assert_eq!(organisations[0]["status"], "Active");
	let table = run(&["org", "list", "--newest-first", "--limit", "2"]);
	assert!(table.stdout.starts_with("ID  NAME"), "a table for a person: {}", table.stdout);

	failures(&url, dir.path());

	// Flows whose signers differ run side by side (each transaction waits for finality); the
	// claims need the insurer the council registers, and act as accounts of both flows.
	let (genesis, now) = (chain["genesis"].as_str().unwrap().to_string(), now_ms(&node));
	let insurer = std::thread::scope(|scope| {
		let patients = scope.spawn(|| consent_and_records(&url, dir.path(), &genesis, now));
		let insurer = scope.spawn(|| supply_then_council(&url, dir.path()));
		patients.join().expect("the consent and records flow");
		insurer.join().expect("the supply chain and council flow")
	});
	claims(&url, dir.path(), &insurer);

	assert!(node.stop().success());
}

/// Consent and records, as patient 1 (Charlie//stash), St. Luke's privacy officer (Ferdie) and
/// physician (Charlie).
fn consent_and_records(url: &str, dir: &Path, genesis: &str, now: u64) {
	let run = |args: &[&str]| caduceus(url, args);
	let (dave_key, charlie_stash_key) = (category_key(0xDA), category_key(0xC5));
	// Patient 1 (Charlie//stash) grants St. Luke's read access to lab results; the gateway's
	// question gets its answer from the chain.
	let patient = ["--suri", "//Charlie//stash"];
	let grant = [
		"consent",
		"grant",
		"--patient",
		"1",
		"--org",
		"0",
		"--categories",
		"lab-results",
		"--category-key",
		&charlie_stash_key,
	];
	let granted = run(&[&patient[..], &["--json"], &grant[..]].concat()).json();
	let charlie = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";
	assert_eq!(
		run(&["--suri", "//Charlie", "account"]).stdout.trim(),
		format!("account  {charlie}")
	);
	let check = |category: &str| {
		run(&[
			"--json",
			"consent",
			"check",
			"--patient",
			"1",
			"--accessor",
			charlie,
			"--category",
			category,
			"--category-key",
			&charlie_stash_key,
		])
		.json()
	};
	assert_eq!(check("lab-results")["allowed"], true);
	assert_eq!(check("lab-results")["because"], format!("Consent({})", granted["consent"]));
	assert_eq!(check("imaging")["because"], "CategoryNotCovered");
	// The patient blocks St. Luke's: the block overrides the grant until lifted.
	let block = |what: &str| {
		let party = ["--json", "consent", what, "--patient", "1", "--org", "0"];
		run(&[&patient[..], &party[..]].concat()).json()
	};
	assert_eq!(block("block")["blocked"]["organisation"], 0);
	assert_eq!(check("lab-results")["because"], "Blocked");
	block("unblock");
	assert_eq!(check("lab-results")["allowed"], true);

	// The patient's wallet signs offline (no node reachable); St. Luke's privacy officer submits.
	let signed = dir.join("signed.json");
	let offline = caduceus(
		"ws://127.0.0.1:1",
		&[
			&patient[..],
			&[
				"consent",
				"sign",
				"--patient",
				"1",
				"--org",
				"1",
				"--categories",
				"medications",
				"--category-key",
				&charlie_stash_key,
				"--genesis",
				&genesis,
				"--nonce",
				"0",
				"--now",
				&now.to_string(),
				"--out",
				signed.to_str().unwrap(),
			],
		]
		.concat(),
	);
	assert_eq!(offline.code, 0, "signing needs no node: {}", offline.stderr);
	let mode = std::fs::metadata(&signed).unwrap().permissions().mode() & 0o777;
	assert_eq!(mode, 0o600, "a signed payload is readable by its owner only");
	let submit = ["--suri", "//Ferdie", "consent", "submit-signed", signed.to_str().unwrap()];
	let submitted = run(&[&["--json"], &submit[..]].concat()).json();
	assert!(submitted["consent"].as_u64().is_some(), "{submitted}");
	let replayed = run(&submit);
	assert_eq!(
		replayed.failure(5),
		"error: Consent.BadNonce: The payload's nonce is not the patient's next one (already \
		 used, or out of order)."
	);
	let history = run(&["--json", "consent", "history", "--patient", "1"]).json();
	let activities: Vec<&str> =
		history.as_array().unwrap().iter().map(|e| e["activity"].as_str().unwrap()).collect();
	// Oldest first: the grant, the block and its lifting, the wallet-signed grant.
	assert!(activities[1].starts_with("Blocked"), "{activities:?}");
	assert!(activities[2].starts_with("Unblocked"), "{activities:?}");
	assert!(activities[3].contains("signed_in_wallet: true"), "{activities:?}");

	// Charlie, a physician at St. Luke's, anchors a lab result of patient 0 (Dave), verifies
	// it, reads it under Dave's consent; Dave's trail shows both.
	let document = dir.join("glucose.json");
	std::fs::write(&document, br#"{"resourceType":"Observation","code":"2339-0"}"#).unwrap();
	// The EHR's pointer key comes from a private file, not the command line.
	let pointer_key = dir.join("pointer.key");
	std::fs::write(&pointer_key, category_key(0x11)).unwrap();
	std::fs::set_permissions(&pointer_key, std::fs::Permissions::from_mode(0o600)).unwrap();
	let pointer_key = format!("@{}", pointer_key.display());
	let anchored = run(&[
		"--suri",
		"//Charlie",
		"--json",
		"records",
		"anchor",
		"--patient",
		"0",
		"--category",
		"lab-results",
		"--category-key",
		&dave_key,
		"--pointer",
		"https://ehr.stlukes.example/fhir/{file}",
		"--pointer-key",
		&pointer_key,
		document.to_str().unwrap(),
	])
	.json();
	let record = anchored[0]["record"].as_u64().unwrap().to_string();
	let salt = anchored[0]["salt"].as_str().unwrap().to_string();
	let verified =
		run(&["--json", "records", "verify", document.to_str().unwrap(), "--salt", &salt]);
	assert_eq!(verified.json()[0]["record"].to_string(), record);
	std::fs::write(&document, b"changed").unwrap();
	let changed = run(&["records", "verify", document.to_str().unwrap(), "--salt", &salt]);
	assert!(changed.failure(1).contains("is not anchored with this salt"));
	let access = run(&["--suri", "//Charlie", "--json", "records", "request-access", &record]);
	assert_eq!(access.json()["granted"], true);
	let trail = run(&["--json", "records", "trail", "--patient", "0"]).json();
	let events: Vec<&str> =
		trail.as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
	assert!(events.iter().any(|e| e.starts_with("Anchored")), "{events:?}");
	assert!(events.iter().any(|e| e.starts_with("AccessGranted")), "{events:?}");

	// Patient 1 appoints Dave a consent guardian for 30 days, and Dave resigns; a move to a new
	// account is started, shown and cancelled, then started again and accepted by the new
	// account, which Alice funds (signing with her polkadot.js export).
	let dave = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
	let shown = || run(&["--json", "patient", "show", "1"]).json();
	let guardian = ["--json", "patient", "guardian", "appoint", "--guardian", dave];
	let appoint = [&guardian[..], &["--scope", "consent", "--days", "30"]].concat();
	let appointed = run(&[&patient[..], &appoint[..]].concat()).json();
	assert_eq!(appointed["scope"], "consent");
	assert_eq!(shown()["guardians"], json!([dave]));
	run(&["--suri", "//Dave", "--json", "patient", "guardian", "resign", "--patient", "1"]).json();
	assert_eq!(shown()["guardians"], json!([]));
	let wallet = run(&["--suri", "//Charlie//stash//NewWallet", "--json", "account"]).json();
	let new_wallet = wallet["account"].as_str().unwrap();
	run(&[&patient[..], &["--json", "patient", "move", "start", "--to", new_wallet]].concat())
		.json();
	assert_eq!(shown()["moving_to"], new_wallet);
	run(&[&patient[..], &["--json", "patient", "move", "cancel"]].concat()).json();
	assert_eq!(shown()["moving_to"], Value::Null);
	let alice = ["--key-file", &alice_export(dir), "--json"];
	run(&[&alice[..], &["transfer", "--to", new_wallet, "--amount", "5"]].concat()).json();
	run(&[&patient[..], &["--json", "patient", "move", "start", "--to", new_wallet]].concat())
		.json();
	let accept = ["--json", "patient", "move", "accept", "--patient", "1"];
	let moved = run(&[&["--suri", "//Charlie//stash//NewWallet"], &accept[..]].concat()).json();
	assert_eq!(moved["account"], new_wallet);
	assert_eq!((&shown()["account"], &shown()["moving_to"]), (&json!(new_wallet), &Value::Null));
	// The old wallet no longer speaks for patient 1.
	let old = run(&[&patient[..], &["patient", "move", "cancel"]].concat());
	assert!(old.failure(4).contains("not a participant"), "{}", old.stderr);
}

/// The supply chain (Acme's admin Dave//stash, St. Luke's admin Bob), then the council (Bob,
/// Eve) registering an insurer run by Ferdie//stash. The insurer's id.
fn supply_then_council(url: &str, dir: &Path) -> String {
	let run = |args: &[&str]| caduceus(url, args);
	// The demo manufacturer (organisation 2, admin Dave//stash) commissions units from a CSV,
	// ships two to St. Luke's, which receives and dispenses one; a pharmacist scans packages.
	let maker = ["--suri", "//Dave//stash"];
	let gtin = "00300123456785";
	let serials = dir.join("serials.csv");
	let csv: String = (1..=600).map(|n| format!("SN{n},blister\n")).collect();
	std::fs::write(&serials, format!("serial,form\n{csv}")).unwrap();
	let asn = dir.join("asn.txt");
	std::fs::write(&asn, "advance ship notice").unwrap();
	let supply =
		|signer: &[&str], args: &[&str]| run(&[signer, &["--json", "supply"], args].concat());
	supply(&maker, &["register-product", "--gtin", gtin]).json();
	let commissioned = supply(
		&maker,
		&[
			"commission",
			"--gtin",
			gtin,
			"--lot",
			"A2611",
			"--expiry",
			"271231",
			"--serials",
			serials.to_str().unwrap(),
		],
	);
	assert_eq!(commissioned.json()["commissioned"], 600, "more than one batch of 500");
	let last = supply(&[], &["verify", &format!("(01){gtin}(21)SN600(10)A2611(17)271231")]);
	assert_eq!(last.json()["status"], "Active", "the second batch reached the chain");
	let shipped = supply(
		&maker,
		&[
			"ship",
			"--to",
			"0",
			"--gtin",
			gtin,
			"--serial",
			"SN1",
			"--serial",
			"SN2",
			"--documents",
			asn.to_str().unwrap(),
		],
	);
	let shipment = shipped.json()["shipments"][0].to_string();
	let incoming = supply(&[], &["incoming", "--org", "0"]).json();
	assert_eq!(incoming[0]["shipment"].to_string(), shipment);
	supply(&["--suri", "//Bob"], &["receive", &shipment]).json();
	supply(&["--suri", "//Bob"], &["dispense", "--gtin", gtin, "--serial", "SN1"]).json();
	// Acme packs SN3..SN5 into a case (an SSCC under its company prefix 0300123) and ships the
	// case; it packs SN6 and SN7 into another and unpacks it.
	let sscc = |reference: &str| {
		let body = format!("00300123{reference:0>9}");
		let key: [u8; 18] = caduceus_primitives::identifiers::with_gs1_check_digit(body.as_bytes());
		String::from_utf8(key.to_vec()).unwrap()
	};
	let (case, other_case) = (sscc("1"), sscc("2"));
	let pack = |into: &str, serials: &[&str]| {
		let units: Vec<&str> = serials.iter().flat_map(|s| ["--serial", *s]).collect();
		supply(&maker, &[&["pack", "--into", into, "--gtin", gtin][..], &units].concat()).json()
	};
	assert_eq!(pack(&case, &["SN3", "SN4", "SN5"])["packed"], 3);
	let case_shipped = supply(
		&maker,
		&["ship", "--to", "0", "--sscc", &case, "--documents", asn.to_str().unwrap()],
	);
	assert_eq!(case_shipped.json()["items"], 1);
	pack(&other_case, &["SN6", "SN7"]);
	supply(&maker, &["unpack", &other_case]).json();
	let in_case = supply(&[], &["verify", &format!("(01){gtin}(21)SN4(10)A2611(17)271231")]);
	assert_eq!(in_case.json()["container"], case, "SN4 travels in the case");
	let loose = supply(&[], &["verify", &format!("(01){gtin}(21)SN6(10)A2611(17)271231")]);
	assert_eq!(loose.json()["container"], Value::Null, "SN6 is loose again");
	let bad_sscc = supply(&maker, &["unpack", "003001230000000019"]);
	assert!(bad_sscc.failure(2).contains("check digit"), "{}", bad_sscc.stderr);
	let scan = |serial: &str, lot: &str| {
		supply(&[], &["verify", &format!("(01){gtin}(21){serial}(10){lot}(17)271231")])
	};
	let dispensed = scan("SN1", "A2611").json();
	assert_eq!(
		(&dispensed["authentic"], &dispensed["status"]),
		(&json!(true), &json!("Dispensed"))
	);
	assert_eq!(scan("SN2", "B0000").json()["authentic"], false, "a forged lot");
	assert!(scan("SN9999", "A2611").failure(1).contains("was ever commissioned"));
	let bad_scan = supply(&[], &["verify", "(01)00300123456784(21)SN1(10)A2611(17)271231"]);
	assert!(bad_scan.failure(2).contains("check digit"));
	let notice = dir.join("notice.txt");
	std::fs::write(&notice, "recall notice").unwrap();
	supply(
		&maker,
		&["recall", "--gtin", gtin, "--lot", "A2611", "--notice", notice.to_str().unwrap()],
	)
	.json();
	assert_eq!(scan("SN2", "A2611").json()["status"], "Recalled");
	let recalled = supply(&["--suri", "//Bob"], &["dispense", "--gtin", gtin, "--serial", "SN2"]);
	assert!(recalled.failure(5).starts_with("error: SupplyChain.NotMovable: "));
	// The reach of the recall: Acme holds 595 units; St. Luke's holds one, dispensed one and
	// has the case of three on its way.
	let reach = supply(&[], &["reach", "--gtin", gtin, "--lot", "A2611"]).json();
	assert_eq!(
		reach,
		json!([
			{"org": 0, "held": 1, "on_the_way": 3, "dispensed": 1},
			{"org": 2, "held": 595, "on_the_way": 0, "dispensed": 0},
		])
	);
	let unknown = supply(&[], &["reach", "--gtin", gtin, "--lot", "Z9"]);
	assert!(unknown.failure(1).contains("UnknownLot"), "an unknown lot says so");

	// The consortium registers an insurer through a council motion (Bob moves it, Eve votes and
	// closes); its admin attests a claims officer and defines a plan from a file; Dave consents
	// to the insurer's claims officers reading billing data for payment and is enrolled; the
	// pool is funded; Charlie bills a visit (paid) and an uncovered test (denied), and appeals.
	let account =
		|suri: &str| run(&["--suri", suri, "--json", "account"]).json()["account"].clone();
	let insurer_admin = account("//Ferdie//stash");
	let insurer_admin = insurer_admin.as_str().unwrap();
	let motion = run(&[
		"--suri",
		"//Bob",
		"--json",
		"org",
		"register",
		"--name",
		"Harbor Mutual Health",
		"--kind",
		"insurer",
		"--admin",
		insurer_admin,
		"--licence",
		"NAIC-60219",
	])
	.json();
	assert_eq!(motion["ayes_needed"], 2, "two thirds of a council of two");
	let (hash, index) = (motion["motion"].as_str().unwrap(), motion["index"].to_string());
	run(&["--suri", "//Eve", "--json", "council", "vote", "--motion", hash, "--index", &index])
		.json();
	let closed = run(&[
		"--suri", "//Eve", "--json", "council", "close", "--motion", hash, "--index", &index,
	]);
	assert_eq!(closed.json()["executed"], true);
	let insurer = run(&["--json", "org", "list", "--newest-first", "--limit", "1"]).json();
	assert_eq!(insurer[0]["name"], "Harbor Mutual Health");
	let insurer_id = insurer[0]["id"].to_string();

	// The council gives Keystone Wholesale (organisation 3) a second company prefix; one that
	// Acme holds cannot be given to it (the motion's own failure is the error), and one that is
	// not 4 to 12 digits is refused before anything is signed.
	let passed = |prefixes: &[&str]| {
		let mut motion = vec!["--suri", "//Bob", "--json", "supply", "prefixes", "--org", "3"];
		motion.extend(prefixes.iter().flat_map(|p| ["--prefix", *p]));
		let motion = run(&motion).json();
		let (hash, index) = (motion["motion"].as_str().unwrap(), motion["index"].to_string());
		let vote = ["--motion", hash, "--index", &index];
		run(&[&["--suri", "//Eve", "--json", "council", "vote"][..], &vote].concat()).json();
		run(&[&["--suri", "//Eve", "--json", "council", "close"][..], &vote].concat())
	};
	assert_eq!(passed(&["0614142", "0614143"]).json()["executed"], true);
	let taken = passed(&["0300123"]);
	assert!(taken.failure(5).starts_with("error: SupplyChain.PrefixTaken: "), "{}", taken.stderr);
	let bad = run(&["--suri", "//Bob", "supply", "prefixes", "--org", "3", "--prefix", "12AB"]);
	assert!(bad.failure(2).contains("4 to 12 digits"), "{}", bad.stderr);
	insurer_id
}

/// Claims under a plan of insurer `insurer_id` (its admin Ferdie//stash), for patient 0 (Dave),
/// billed by Charlie.
fn claims(url: &str, dir: &Path, insurer_id: &str) {
	let run = |args: &[&str]| caduceus(url, args);
	let account =
		|suri: &str| run(&["--suri", suri, "--json", "account"]).json()["account"].clone();
	let dave_key = category_key(0xDA);
	let officer = account("//Harbor//ClaimsOfficer");
	let officer = officer.as_str().unwrap();
	let credential = dir.join("credential.pdf");
	std::fs::write(&credential, "claims officer licence").unwrap();
	let admin = ["--suri", "//Ferdie//stash", "--json"];
	let attested = run(&[
		&admin[..],
		&[
			"org",
			"attest",
			"--practitioner",
			officer,
			"--role",
			"claims-officer",
			"--credential",
			credential.to_str().unwrap(),
		],
	]
	.concat());
	assert_eq!(attested.json()["organisation"].to_string(), insurer_id);
	let plan_file = dir.join("plan.json");
	std::fs::write(
		&plan_file,
		r#"{"services": [{"code": "99213", "unit_price_cap": 150, "units_per_year": 6},
		                 {"code": "70553", "unit_price_cap": 1200, "units_per_year": 2,
		                  "needs_prior_authorisation": true},
		                 {"code": "72148", "unit_price_cap": 1200, "units_per_year": 2,
		                  "needs_prior_authorisation": true}],
		    "deductible": 0, "coinsurance_percent": 20, "copay": "10.50",
		    "out_of_pocket_max": 3000, "benefit_max": 1000000, "filing_window_days": 90}"#,
	)
	.unwrap();
	let billing_key = category_key(0xB1);
	let plan = run(&[
		&admin[..],
		&[
			"claims",
			"define-plan",
			"--file",
			plan_file.to_str().unwrap(),
			"--billing-key",
			&billing_key,
			"--adjudicator",
			officer,
		],
	]
	.concat())
	.json()["plan"]
		.to_string();
	run(&[
		"--suri",
		"//Dave",
		"--json",
		"consent",
		"grant",
		"--patient",
		"0",
		"--org",
		insurer_id,
		"--categories",
		"billing",
		"--category-key",
		&dave_key,
		"--purposes",
		"payment",
		"--roles",
		"claims-officer",
	])
	.json();
	run(&[&admin[..], &["claims", "enrol", "--plan", &plan, "--patient", "0"]].concat()).json();
	run(&[&admin[..], &["claims", "fund", "--amount", "20000"]].concat()).json();
	// Dave under the plan, as Charlie's hospital names him to bill or ask in advance.
	let cover = ["--patient", "0", "--plan", &plan, "--billing-key", &billing_key];
	let claim = |lines: &[&str]| {
		let mut args =
			[&["--suri", "//Charlie", "--json", "claims", "submit"], &cover[..]].concat();
		for line in lines {
			args.extend(["--line", line]);
		}
		run(&args).json()
	};
	let paid = claim(&["99213:1:120"]);
	// 120 charged: 10.50 co-pay, then 20 % of 109.50 (21.90): the plan pays 87.60.
	assert_eq!((&paid["benefit"], &paid["patient_owes"]), (&json!("87.6"), &json!("32.4")));
	let denied = claim(&["87389:1:65"]);
	assert_eq!(denied["benefit"], "0", "a service the plan does not cover: {denied}");
	let appeal_letter = dir.join("appeal.txt");
	std::fs::write(&appeal_letter, "medically necessary").unwrap();
	let denied_id = denied["claim"].to_string();
	run(&[
		"--suri",
		"//Charlie",
		"--json",
		"claims",
		"appeal",
		&denied_id,
		"--evidence",
		appeal_letter.to_str().unwrap(),
	])
	.json();
	let listed = run(&["--json", "claims", "list", "--patient", "0"]).json();
	let listed = listed.as_array().unwrap();
	assert_eq!(listed.len(), 2);
	assert_eq!(
		(&listed[0]["claim"].to_string(), &listed[0]["appealed"]),
		(&denied_id, &json!(true))
	);
	assert_eq!(listed[1]["paid"], "87.6", "the funded pool paid the first claim");
	let twice = run(&[
		"--suri",
		"//Charlie",
		"claims",
		"appeal",
		&denied_id,
		"--evidence",
		appeal_letter.to_str().unwrap(),
	]);
	assert!(twice.failure(5).starts_with("error: Claims.AlreadyAppealed: "), "{}", twice.stderr);

	// The insurer upholds that denial: the remittance stands, and the appeal is closed.
	let decide_appeal = |claim: &str, decision: &str| {
		run(&[&admin[..], &["claims", "decide-appeal", claim, decision]].concat())
	};
	let upheld = decide_appeal(&denied_id, "--uphold").json();
	assert_eq!(upheld, json!({"claim": denied["claim"], "overturned": false}));
	let closed = decide_appeal(&denied_id, "--overturn");
	assert!(closed.failure(5).starts_with("error: Claims.NoAppealPending: "), "{}", closed.stderr);

	// An MRI billed without its prior authorisation is denied; on appeal the insurer overturns
	// the denial, which waives the administrative edits, and the claim is paid.
	let unauthorised = claim(&["72148:1:800"]);
	assert_eq!(
		(&unauthorised["outcome"], &unauthorised["benefit"]),
		(&json!("Denied"), &json!("0"))
	);
	let unauthorised_id = unauthorised["claim"].to_string();
	let letter = appeal_letter.to_str().unwrap();
	let appeal = ["--json", "claims", "appeal", &unauthorised_id, "--evidence", letter];
	run(&[&["--suri", "//Charlie"], &appeal[..]].concat()).json();
	let overturned = decide_appeal(&unauthorised_id, "--overturn").json();
	assert_eq!(overturned["overturned"], true);
	assert_ne!(overturned["outcome"], "Denied", "overturned: {overturned}");
	assert_ne!(overturned["benefit"], "0", "overturned: {overturned}");

	// The way it should go: Charlie asks for the MRI in advance, the insurer approves one
	// unit for 30 days, and the claim citing the authorisation is paid at once.
	let request = ["claims", "request-authorisation", "--code", "70553", "--units", "1"];
	let requested =
		run(&[&["--suri", "//Charlie", "--json"], &request[..], &cover[..]].concat()).json();
	let authorisation = requested["authorisation"].to_string();
	let decide = ["claims", "decide-authorisation", &authorisation, "--units", "1", "--days", "30"];
	let approved = run(&[&admin[..], &decide[..]].concat()).json();
	assert_eq!((&approved["status"], &approved["units"]), (&json!("Approved"), &json!(1)));
	let authorised = claim(&[&format!("70553:1:900::{authorisation}")]);
	assert_ne!(authorised["outcome"], "Denied", "authorised: {authorised}");
	assert_ne!(authorised["benefit"], "0", "authorised: {authorised}");

	// Two visits with different charges on one claim look like a duplicate: the second line
	// is pended, and a review approves it.
	let pended = claim(&["99213:1:110", "99213:1:115"]);
	assert_eq!(pended["outcome"], "Pended", "pended: {pended}");
	let review = ["claims", "review", &pended["claim"].to_string(), "--approve"];
	let reviewed = run(&[&admin[..], &review[..]].concat()).json();
	assert_ne!(reviewed["outcome"], "Pended", "reviewed: {reviewed}");
	assert_ne!(reviewed["benefit"], "0", "reviewed: {reviewed}");
	let again = run(&[&admin[..], &review[..]].concat());
	assert!(again.failure(5).starts_with("error: Claims.NothingToReview: "), "{}", again.stderr);
}

/// Each failure a person meets, in one line with its exit code.
fn failures(url: &str, dir: &Path) {
	let run = |args: &[&str]| caduceus(url, args);
	let unreachable = caduceus("ws://127.0.0.1:1", &["chain"]);
	assert!(unreachable.failure(3).starts_with("error: cannot connect to ws://127.0.0.1:1"));
	let not_ws = caduceus("http://127.0.0.1:1", &["chain"]);
	assert!(not_ws.failure(2).contains("must start with ws:// or wss://"));
	let bad_key = run(&["--suri", "not a key", "patient", "register"]);
	assert!(bad_key.failure(2).starts_with("error: bad key: "), "{}", bad_key.stderr);
	let missing = run(&["consent", "revoke", "--patient", "1"]);
	assert!(missing.failure(2).contains("--consent <CONSENT>"), "{}", missing.stderr);
	let no_key = run(&["patient", "register"]);
	assert!(no_key.failure(2).contains("give --suri or --key-file"));
	let key_file = dir.join("key");
	std::fs::write(&key_file, "//Charlie//stash").unwrap();
	std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
	let shared_key = run(&["--key-file", key_file.to_str().unwrap(), "patient", "register"]);
	assert!(shared_key.failure(2).contains("can be read by others"));
	std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
	let revoke = ["consent", "revoke", "--patient", "1", "--consent", "99"];
	let unknown = run(&[&["--key-file", key_file.to_str().unwrap()], &revoke[..]].concat());
	assert_eq!(
		unknown.failure(5),
		"error: Consent.UnknownConsent: The patient has no grant with this identifier."
	);
	// An account exported from polkadot.js opens with its password only.
	let export = alice_export(dir);
	let alice = run(&["--key-file", &export, "--json", "account"]).json();
	assert_eq!(alice["account"], "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
	let wrong = caduceus_with_password(url, &["--key-file", &export, "account"], "whoisbob");
	assert_eq!(
		wrong.failure(2),
		format!("error: bad key: {export}: wrong password (or a damaged file)")
	);
	let stranger = run(&[&["--suri", "//Ferdie//stash"], &revoke[..]].concat());
	assert!(stranger.failure(4).contains("not a participant"), "{}", stranger.stderr);
	let penniless = run(&["--suri", "//Penniless", "patient", "register"]);
	assert!(penniless.failure(4).contains("too low balance"), "{}", penniless.stderr);
	let grant = |categories: &str, key: &str| {
		let patient = ["--suri", "//Charlie//stash", "consent", "grant", "--patient", "1"];
		let to = ["--org", "0", "--categories", categories, "--category-key", key];
		run(&[&patient[..], &to[..]].concat())
	};
	let bad_category = grant("gossip", &category_key(0xC5));
	assert!(bad_category.failure(2).contains("unknown name `gossip`"));
	// A secret key in a file others can read is refused before anything is signed.
	let shared_secret = dir.join("category.key");
	std::fs::write(&shared_secret, category_key(0xC5)).unwrap();
	std::fs::set_permissions(&shared_secret, std::fs::Permissions::from_mode(0o644)).unwrap();
	let shared_category_key = grant("lab-results", &format!("@{}", shared_secret.display()));
	assert!(shared_category_key.failure(2).contains("can be read by others"));
}

/// //Alice's polkadot.js export, written in `dir` readable by its owner only. Its path.
fn alice_export(dir: &Path) -> String {
	let path = dir.join("alice-polkadot-js.json");
	if !path.exists() {
		std::fs::write(&path, ALICE_EXPORT).unwrap();
		std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
	}
	path.to_str().unwrap().to_string()
}

/// The node's clock: the best block's timestamp, as the wallet would read it.
fn now_ms(node: &DevNode) -> u64 {
	let key = "0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb";
	let value = node.rpc("state_getStorage", serde_json::json!([key]));
	let bytes = hex::decode(value.as_str().unwrap().trim_start_matches("0x")).unwrap();
	u64::from_le_bytes(bytes.try_into().unwrap())
}
