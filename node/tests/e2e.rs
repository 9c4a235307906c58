//! End-to-end tests: the real node binary, a real client (subxt), JSON-RPC on loopback.

mod common;
#[path = "flows/consent.rs"]
mod consent;
#[path = "flows/reads.rs"]
mod reads;
#[path = "flows/records.rs"]
mod records;
#[path = "flows/supply_chain.rs"]
mod supply_chain;

use common::{run_node, DevNode};
use serde_json::json;
use subxt::{
	dynamic::{self, Value},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::dev;

/// What a transfer moves: 1.5 CAD.
const AMOUNT: u128 = 1_500_000_000_000;

#[derive(Debug, scale_decode::DecodeAsType)]
struct AccountInfo {
	data: AccountData,
}

#[derive(Debug, scale_decode::DecodeAsType)]
struct AccountData {
	free: u128,
}

async fn free_balance(api: &OnlineClient<PolkadotConfig>, who: [u8; 32]) -> u128 {
	let at = api.at_current_block().await.expect("a current block");
	let address = dynamic::storage::<([u8; 32],), AccountInfo>("System", "Account");
	at.storage()
		.fetch(address, (who,))
		.await
		.expect("System.Account is readable")
		.decode()
		.unwrap()
		.data
		.free
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_chain_finalizes_blocks_and_transfers_balance() {
	let dir = tempfile::tempdir().unwrap();
	let node = DevNode::start(&dir.path().join("dev"));
	node.wait_for_finalized(2);

	let metadata = node.rpc("state_getMetadata", json!([]));
	assert!(
		metadata.as_str().is_some_and(|m| m.starts_with("0x6d657461")),
		"metadata has the magic"
	);
	let properties = node.rpc("system_properties", json!([]));
	assert_eq!(properties["tokenSymbol"], "CAD");

	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url())
		.await
		.expect("subxt connects");
	let (alice, bob) = (dev::alice(), dev::bob());
	let alice_id = alice.public_key().to_account_id().0;
	let bob_id = bob.public_key().to_account_id().0;
	let (alice_before, bob_before) =
		(free_balance(&api, alice_id).await, free_balance(&api, bob_id).await);

	let transfer = dynamic::transaction(
		"Balances",
		"transfer_keep_alive",
		(bob.public_key().to_address::<()>(), AMOUNT),
	);
	let events = api
		.at_current_block()
		.await
		.unwrap()
		.transactions()
		.sign_and_submit_then_watch_default(&transfer, &alice)
		.await
		.expect("the transfer is accepted by the pool")
		.wait_for_finalized_success()
		.await
		.expect("the transfer is included, succeeds and is finalized");

	let names: Vec<String> = events
		.iter()
		.map(|e| e.unwrap())
		.map(|e| format!("{}.{}", e.pallet_name(), e.event_name()))
		.collect();
	for expected in
		["Balances.Transfer", "TransactionPayment.TransactionFeePaid", "System.ExtrinsicSuccess"]
	{
		assert!(names.iter().any(|n| n == expected), "{expected} missing from {names:?}");
	}
	let transferred = events
		.iter()
		.map(|e| e.unwrap())
		.find(|e| e.pallet_name() == "Balances" && e.event_name() == "Transfer")
		.unwrap()
		.decode_as::<Value>()
		.unwrap()
		.to_string();
	assert!(transferred.contains(&AMOUNT.to_string()), "the event names the amount: {transferred}");

	let (alice_after, bob_after) =
		(free_balance(&api, alice_id).await, free_balance(&api, bob_id).await);
	assert_eq!(bob_after, bob_before + AMOUNT, "Bob received the amount");
	assert!(alice_after < alice_before - AMOUNT, "Alice paid the amount and a fee");

	// Ferdie//stash has funds but is no participant: the pool refuses its transactions.
	let stranger =
		subxt_signer::sr25519::Keypair::from_uri(&"//Ferdie//stash".parse().unwrap()).unwrap();
	let submitted = api
		.at_current_block()
		.await
		.unwrap()
		.transactions()
		.sign_and_submit_then_watch_default(&transfer, &stranger)
		.await;
	// The pool answers at once, or as the first status of the watched transaction.
	let refused = match submitted {
		Err(error) => error.to_string(),
		Ok(progress) => progress
			.wait_for_finalized_success()
			.await
			.map(|_| ())
			.expect_err("the pool refuses a stranger's transaction")
			.to_string(),
	};
	assert!(
		refused.contains("custom error: 100"),
		"refused as no participant (custom code 100): {refused}"
	);

	let metadata = api.at_current_block().await.unwrap().metadata();
	let identity =
		metadata.pallet_by_name("HealthIdentity").expect("the identity pallet is on chain");
	assert_eq!(identity.call_index(), 20);
	for call in
		["register_organisation", "attest_practitioner", "register_patient", "appoint_guardian"]
	{
		assert!(identity.call_variant_by_name(call).is_some(), "HealthIdentity.{call} is callable");
	}
	for view in [
		"participant",
		"practitioners_of",
		"guardians_of",
		"organisation",
		"organisations",
		"patient",
		"wards_of",
	] {
		assert!(
			identity.view_function_by_name(view).is_some(),
			"HealthIdentity.{view} is readable"
		);
	}
	assert!(metadata.pallet_by_name("Recovery").is_some(), "social recovery is on chain");

	let status = node.stop();
	assert!(status.success(), "the node exits 0 on SIGINT, got {status}");
}

#[test]
fn restarted_node_continues_from_where_it_stopped() {
	let dir = tempfile::tempdir().unwrap();
	let base = dir.path().join("restart");

	let node = DevNode::start(&base);
	node.wait_for_finalized(3);
	let genesis = node.rpc("chain_getBlockHash", json!([0]));
	let status = node.stop();
	assert!(status.success(), "first run exits 0, got {status}");

	let node = DevNode::start(&base);
	let (best, finalized) = (node.best_number(), node.finalized_number());
	assert!(best >= 3 && finalized >= 3, "restart resumed at best #{best}, finalized #{finalized}");
	assert_eq!(node.rpc("chain_getBlockHash", json!([0])), genesis, "same chain after restart");
	node.wait_for_finalized(finalized + 1);
	assert!(node.stop().success());
}

#[test]
fn every_chain_spec_exports_with_wallet_properties() {
	for chain in ["dev", "local", "consortium"] {
		let out = run_node(&["export-chain-spec", "--chain", chain, "--raw"]);
		assert!(out.status.success(), "export {chain}: {}", String::from_utf8_lossy(&out.stderr));
		let spec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
		assert_eq!(spec["properties"]["tokenSymbol"], "CAD");
		assert_eq!(spec["properties"]["tokenDecimals"], 12);
		assert_eq!(spec["properties"]["ss58Format"], 42);
		let top = spec["genesis"]["raw"]["top"].as_object().expect("raw genesis storage");
		assert!(top.contains_key("0x3a636f6465"), "{chain} genesis carries the runtime code");
	}
}

/// The node refuses bad input with one line on stderr naming the problem, and no panic.
fn assert_clean_failure(args: &[&str], expected: &str) {
	let out = run_node(args);
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(!out.status.success(), "{args:?} must fail");
	assert!(
		!stderr.contains("panicked") && !stderr.contains("backtrace"),
		"{args:?} panicked: {stderr}"
	);
	let errors: Vec<_> = stderr.lines().filter(|l| l.starts_with("Error:")).collect();
	assert_eq!(errors.len(), 1, "{args:?}: one error line expected in {stderr}");
	assert!(errors[0].contains(expected), "{args:?}: `{}` should mention `{expected}`", errors[0]);
}

#[test]
fn unknown_chain_name_is_a_clean_error() {
	let dir = tempfile::tempdir().unwrap();
	let base = dir.path().to_str().unwrap();
	assert_clean_failure(
		&["--chain", "no-such-chain", "--base-path", base],
		"unknown chain `no-such-chain`",
	);
}

#[test]
fn corrupt_chain_spec_is_a_clean_error() {
	let dir = tempfile::tempdir().unwrap();
	let spec = dir.path().join("broken.json");
	std::fs::write(&spec, b"{ \"name\": \"half a spec\", ").unwrap();
	let base = dir.path().join("base");
	assert_clean_failure(
		&["--chain", spec.to_str().unwrap(), "--base-path", base.to_str().unwrap()],
		"broken.json",
	);
}

#[test]
fn unwritable_base_path_is_a_clean_error() {
	let dir = tempfile::tempdir().unwrap();
	// A path below a regular file can never be created, even by root.
	let file = dir.path().join("a-file");
	std::fs::write(&file, b"not a directory").unwrap();
	let base = file.join("base");
	assert_clean_failure(&["--dev", "--base-path", base.to_str().unwrap()], "a-file");
}

#[test]
fn chain_subcommands_export_import_check_revert_and_purge() {
	let dir = tempfile::tempdir().unwrap();
	let source = dir.path().join("source");
	let node = DevNode::start(&source);
	node.wait_for_finalized(3);
	assert!(node.stop().success());
	let (source, copy) = (source.to_str().unwrap(), dir.path().join("copy"));
	let copy = copy.to_str().unwrap();
	let blocks = dir.path().join("blocks.bin");
	let blocks = blocks.to_str().unwrap();

	let ok = |args: &[&str]| {
		let out = run_node(args);
		assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
		String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
	};
	ok(&[
		"export-blocks",
		"--dev",
		"--base-path",
		source,
		"--from",
		"1",
		"--to",
		"3",
		"--binary",
		blocks,
	]);
	ok(&["import-blocks", "--dev", "--base-path", copy, "--binary", blocks]);
	ok(&["check-block", "--dev", "--base-path", copy, "2"]);
	ok(&["revert", "--dev", "--base-path", source, "1"]);
	ok(&["purge-chain", "--dev", "--base-path", copy, "-y"]);
	assert!(ok(&["key", "generate", "--scheme", "sr25519"]).contains("Secret phrase"));
}
