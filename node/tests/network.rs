//! The permissioned network end to end: four validators of the `consortium` chain, each a real
//! node process on 127.0.0.1 with its development node key, and what an operator sees when
//! validators fail, when the council admits or removes an organisation's validator, and when a
//! node that is not on the allow-list tries to join.
//!
//! One network runs the scenarios in order (starting four nodes costs more than a scenario):
//!
//! 1. the four validators author and finalize; a non-allow-listed node gets nothing (5);
//! 2. a fifth organisation's validator, admitted by a council vote, authors after the session
//!    change; removed again, it stops (4);
//! 3. one validator killed: blocks and finality continue (2);
//! 4. a second killed: blocks continue, finality stalls; restarted, finality resumes and catches
//!    up, and no finalized block is reverted (3);
//! 5. the council upgrades the runtime (`Consortium::enact` of `System::set_code`, this runtime
//!    with its spec version one higher): every running node switches to it and keeps
//!    finalizing (6).
//!
//! The measured finality lag and recovery times are printed (`measured:` lines) and quoted in
//! `docs/operations.md`.

mod common;

use caduceus_runtime::{RuntimeCall, SessionKeys};
use codec::{Decode, Encode};
use common::{
	chain::submit,
	network::{block_hash, consortium_validators, heads, Member},
	DevNode,
};
use serde_json::json;
use std::time::{Duration, Instant};
use subxt::{dynamic, OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::dev;

/// Polls `done` every second for at most `timeout`; returns how long it took.
fn within(
	node: &DevNode,
	timeout: Duration,
	what: &str,
	done: impl Fn(&DevNode) -> bool,
) -> Duration {
	let start = Instant::now();
	node.wait_for(timeout, what, done);
	start.elapsed()
}

/// The validators of the current session.
async fn session_validators(api: &OnlineClient<PolkadotConfig>) -> Vec<[u8; 32]> {
	let at = api.at_current_block().await.unwrap();
	let address = dynamic::storage::<(), Vec<[u8; 32]>>("Session", "Validators");
	at.storage().fetch(address, ()).await.unwrap().decode().unwrap()
}

/// Passes `call` through the council: Alice proposes it with a threshold of three (of four
/// members: two thirds), Alice, Bob and Charlie vote for it, Alice closes the motion.
async fn council_decides(api: &OnlineClient<PolkadotConfig>, call: RuntimeCall) {
	let length = call.encoded_size() as u32;
	let hash = sp_io::hashing::blake2_256(&call.encode());
	let index: u32 = {
		let at = api.at_current_block().await.unwrap();
		let address = dynamic::storage::<(), u32>("Council", "ProposalCount");
		at.storage().fetch(address, ()).await.map(|v| v.decode().unwrap()).unwrap_or(0)
	};
	let council =
		|c: pallet_collective::Call<caduceus_runtime::Runtime, _>| RuntimeCall::Council(c);
	submit(
		api,
		council(pallet_collective::Call::propose {
			threshold: 3,
			proposal: Box::new(call),
			length_bound: length,
		}),
		&dev::alice(),
	)
	.await;
	let vote =
		|approve| council(pallet_collective::Call::vote { proposal: hash.into(), index, approve });
	let [alice, bob, charlie] = [dev::alice(), dev::bob(), dev::charlie()];
	tokio::join!(
		submit(api, vote(true), &alice),
		submit(api, vote(true), &bob),
		submit(api, vote(true), &charlie)
	);
	submit(
		api,
		council(pallet_collective::Call::close {
			proposal_hash: hash.into(),
			index,
			proposal_weight_bound: caduceus_runtime::configs::MaxProposalWeight::get(),
			length_bound: length,
		}),
		&dev::alice(),
	)
	.await;
}

/// How many blocks the node authored so far (its log says so for each).
fn authored(node: &DevNode) -> usize {
	node.log().matches("Pre-sealed block for proposal").count()
}

#[tokio::test(flavor = "multi_thread")]
async fn consortium_network_survives_failures_and_admits_members_by_vote() {
	let started = Instant::now();
	let dir = tempfile::tempdir().unwrap();
	let members = consortium_validators();
	let bootnodes: Vec<String> = members.iter().map(|m| m.bootnode(dir.path())).collect();
	let alice = members[0].start(dir.path(), &bootnodes);
	let mut others: Vec<Option<DevNode>> =
		members[1..].iter().map(|m| Some(m.start(dir.path(), &bootnodes))).collect();

	// (1) Four validators author and finalize; (5) an outsider gets nothing meanwhile.
	let outsider = Member::new(6, None).start(dir.path(), &bootnodes);
	let outsider_started = Instant::now();
	alice.wait_for(Duration::from_secs(120), "block #5 to be finalized", |n| {
		n.finalized_number() >= 5
	});
	let mut lags = Vec::new();
	for _ in 0..10 {
		let (best, finalized) = heads(&alice);
		lags.push(best - finalized);
		std::thread::sleep(Duration::from_secs(3));
	}
	eprintln!(
		"measured: four validators: finality lag {:?} blocks (max {}), sampled every 3 s",
		lags,
		lags.iter().max().unwrap()
	);
	assert!(*lags.iter().max().unwrap() <= 5, "finality keeps up with four validators");
	let (best, _) = heads(&alice);
	assert!(best >= 8);
	assert_eq!(outsider.best_number(), 0, "a node off the allow-list syncs nothing");
	let outsider_peers = outsider.rpc("system_health", json!([]))["peers"].as_u64().unwrap();
	eprintln!(
		"measured: outsider after {:.0?}: best #0 while the network is at #{best}, {outsider_peers} sync peers",
		outsider_started.elapsed()
	);
	drop(outsider);

	// (4) A fifth organisation's validator (Eve) joins by council vote, then leaves.
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(alice.ws_url()).await.unwrap();
	// `--eve`: a validator node (the keys it will register are generated below).
	let eve_member = Member::new(5, Some("eve"));
	let eve_account: [u8; 32] = dev::eve().public_key().0;
	let eve_id = caduceus_runtime::AccountId::from(eve_account);
	let mut peer5 = pallet_validator_set::NODE_PEER_ID_PREFIX.to_vec();
	peer5.extend(caduceus_runtime::genesis_config_presets::DEV_NODE_PUBLIC_KEYS[4]);
	council_decides(
		&api,
		RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![
				RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_organisation {
					kind: caduceus_primitives::OrgKind::Pharmacy,
					name: b"Riverside Pharmacy".to_vec().try_into().unwrap(),
					identifiers: pallet_health_identity::PublicIdentifiers {
						gln: None,
						npi: None,
						licence: None,
					},
					admin: eve_id.clone(),
				}),
				RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_node {
					peer_id: peer5.try_into().unwrap(),
					organisation: 4,
				}),
				RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
					validator: eve_id.clone(),
					organisation: 4,
				}),
			],
		}),
	)
	.await;
	// Eve's operator starts a validator node, generates session keys in its keystore with a
	// proof of ownership for Eve's account, and registers them.
	let eve_node = eve_member.start(dir.path(), &[bootnodes[0].clone()]);
	eve_node.wait_for(Duration::from_secs(120), "Eve's node to sync", |n| n.best_number() >= best);
	let generated = eve_node
		.rpc("author_rotateKeysWithOwner", json!([format!("0x{}", hex::encode(eve_account))]));
	let bytes = |field: &str| {
		hex::decode(generated[field].as_str().unwrap().trim_start_matches("0x")).unwrap()
	};
	let keys = SessionKeys::decode(&mut &bytes("keys")[..]).unwrap();
	submit(
		&api,
		RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof: bytes("proof") }),
		&dev::eve(),
	)
	.await;
	let registered = Instant::now();
	while !session_validators(&api).await.contains(&eve_account) {
		assert!(
			registered.elapsed() < Duration::from_secs(150),
			"Eve validates within two sessions"
		);
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
	let in_set = registered.elapsed();
	eve_node.wait_for(Duration::from_secs(90), "Eve's node to author a block", |n| authored(n) > 0);
	eprintln!(
		"measured: fifth validator: in the session's set {:.0?} after registering its keys, first \
		 block authored {:.0?} after registering",
		in_set,
		registered.elapsed()
	);

	council_decides(
		&api,
		RuntimeCall::ValidatorSet(pallet_validator_set::Call::remove_validator {
			validator: eve_id.clone(),
		}),
	)
	.await;
	let removed = Instant::now();
	while session_validators(&api).await.contains(&eve_account) {
		assert!(removed.elapsed() < Duration::from_secs(150), "Eve leaves within two sessions");
		tokio::time::sleep(Duration::from_secs(2)).await;
	}
	let left = removed.elapsed();
	let authored_when_out = authored(&eve_node);
	let (out_at, _) = heads(&alice);
	alice.wait_for(Duration::from_secs(120), "ten more blocks", |n| n.best_number() >= out_at + 10);
	assert_eq!(authored(&eve_node), authored_when_out, "a removed validator authors no more");
	eprintln!("measured: fifth validator removed: out of the session's set {left:.0?} after the vote's enactment");
	drop(eve_node);

	// (2) One validator (Dave) killed: blocks and finality continue.
	others[2].take().unwrap().kill();
	let (best, finalized) = heads(&alice);
	let kept_up =
		within(&alice, Duration::from_secs(90), "blocks and finality with three of four", |n| {
			let (now_best, now_finalized) = heads(n);
			now_best >= best + 5 && now_finalized >= finalized + 5
		});
	eprintln!(
		"measured: one validator down: 5 more blocks authored and finalized in {kept_up:.0?}"
	);

	// (3) A second (Charlie) killed: blocks continue, finality stalls.
	others[1].take().unwrap().kill();
	let second_down = Instant::now();
	// Votes already cast may still finalize a block or two; then nothing.
	std::thread::sleep(Duration::from_secs(12));
	let (best, stalled_at) = heads(&alice);
	let stalled_hash = block_hash(&alice, stalled_at);
	alice.wait_for(Duration::from_secs(120), "blocks with two of four", |n| {
		n.best_number() >= best + 3
	});
	assert_eq!(alice.finalized_number(), stalled_at, "no finality with two of four");
	let (best_at_restart, _) = heads(&alice);
	eprintln!("measured: two validators down: finality stalled at #{stalled_at} while blocks reached #{best_at_restart}");

	// Charlie restarts with its database and keys: finality resumes and catches up.
	let restart = Instant::now();
	others[1] = Some(members[2].start(dir.path(), &bootnodes));
	alice.wait_for(Duration::from_secs(180), "finality to resume", |n| {
		n.finalized_number() > stalled_at
	});
	let resumed = restart.elapsed();
	alice.wait_for(Duration::from_secs(180), "finality to catch up", |n| {
		n.finalized_number() >= best_at_restart
	});
	eprintln!(
		"measured: after the restart (process start): finality resumed in {:.0?}, and the {} blocks \
		 authored without finality were finalized {:.0?} after the restart; finality was stalled \
		 {:.0?} in all",
		resumed,
		best_at_restart - stalled_at,
		restart.elapsed(),
		second_down.elapsed()
	);
	assert_eq!(block_hash(&alice, stalled_at), stalled_hash, "no finalized block reverted");
	let charlie = others[1].as_ref().unwrap();
	assert_eq!(block_hash(charlie, stalled_at), stalled_hash);

	// (6) A runtime upgrade by council decision, on the running network.
	let running: Vec<&DevNode> = std::iter::once(&alice).chain(others.iter().flatten()).collect();
	let next = caduceus_runtime::VERSION.spec_version + 1;
	let upgrade = Instant::now();
	council_decides(
		&api,
		RuntimeCall::Consortium(pallet_consortium::Call::enact {
			call: Box::new(RuntimeCall::System(frame_system::Call::set_code {
				code: next_runtime(),
			})),
		}),
	)
	.await;
	let enacted_at = alice.finalized_number();
	for node in &running {
		node.wait_for(Duration::from_secs(60), "the new runtime", |n| spec_version(n) == next);
		node.wait_for_finalized(enacted_at + 3);
	}
	eprintln!(
		"measured: runtime upgrade to spec {next} by council motion: {} running nodes on it and \
		 finalizing 3 blocks past it {:.0?} after the motion was proposed",
		running.len(),
		upgrade.elapsed()
	);
	eprintln!("measured: the whole network test took {:.0?}", started.elapsed());
}

/// The spec version of the runtime at the node's best block.
fn spec_version(node: &DevNode) -> u32 {
	node.rpc("state_getRuntimeVersion", json!([]))["specVersion"].as_u64().unwrap() as u32
}

/// This runtime's code with its spec version one higher, as a release with no other change
/// would be: the same WASM with its embedded version rewritten (what `set_code` checks and
/// nodes read).
fn next_runtime() -> Vec<u8> {
	use sp_maybe_compressed_blob::{compress_strongly, decompress, CODE_BLOB_BOMB_LIMIT};
	let code = caduceus_runtime::WASM_BINARY.expect("the WASM runtime was built");
	let wasm = decompress(code, CODE_BLOB_BOMB_LIMIT).expect("a compressed runtime");
	let mut version = caduceus_runtime::VERSION;
	version.spec_version += 1;
	let wasm = sp_version::embed::embed_runtime_version(&wasm, version).expect("a WASM module");
	compress_strongly(&wasm, CODE_BLOB_BOMB_LIMIT).expect("it compresses")
}
