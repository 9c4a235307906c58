//! Hostile input over JSON-RPC against the real node (`docs/security.md`, "Hostile input over
//! RPC"): undecodable extrinsics, bad signatures, a wrong genesis hash, spec version or era, a
//! replay, unknown pallet and call indices, a bounded input one past its bound, `utility.batch`
//! nested past the decoder's depth limit, payloads larger than a block or than the RPC server
//! takes, and a flood of transactions from accounts the chain does not know.
//!
//! Each gets a JSON-RPC error naming why, nothing reaches a block (every block authored during
//! the attack holds only its timestamp inherent), and the node keeps authoring, finalizing and
//! serving: a legitimate transfer goes through afterwards. The flood reports the node's peak
//! memory.

mod common;

use caduceus_runtime::{RuntimeCall, VERSION};
use codec::{Compact, Decode, Encode};
use common::{
	extrinsic::{
		best_hash, body, framed, nonce, on_chain_nonce, pair, remark, signed, signing_of, transfer,
		try_submit, Signing,
	},
	DevNode,
};
use serde_json::{json, Value};
use sp_core::{crypto::Pair as _, sr25519, H256};
use std::time::Duration;

/// A development node with its demo data.
fn dev_node(dir: &tempfile::TempDir) -> DevNode {
	let node = DevNode::start(&dir.path().join("dev"));
	node.wait_for_finalized(1);
	node
}

/// What the node answered to each hostile input that was not what the test expects, reported
/// together at the end.
#[derive(Default)]
struct Verdicts(Vec<String>);

impl Verdicts {
	/// Submits `extrinsic`, which the node must refuse with JSON-RPC error `code`, its message
	/// or data mentioning `why`.
	fn refuse(&mut self, node: &DevNode, what: &str, extrinsic: &[u8], code: i64, why: &str) {
		match try_submit(node, extrinsic) {
			Ok(hash) => self.0.push(format!("{what}: accepted ({hash})")),
			Err(error) => {
				println!("{what}: {error}");
				if error["code"].as_i64() != Some(code) || !error.to_string().contains(why) {
					self.0
						.push(format!("{what}: expected error {code} saying `{why}`, got {error}"));
				}
			},
		}
	}

	/// Submits `extrinsic`, which the runtime's decoder must refuse (the node knows extrinsics
	/// only as opaque bytes, so the runtime decodes them, and traps on bytes it cannot decode).
	fn refuse_undecodable(&mut self, node: &DevNode, what: &str, extrinsic: &[u8]) {
		self.refuse(node, what, extrinsic, 1002, "TaggedTransactionQueue_validate_transaction");
	}

	fn done(self) {
		assert!(self.0.is_empty(), "the node answered otherwise:\n{}", self.0.join("\n"));
	}
}

/// Every block from `from` to the best holds nothing but its timestamp inherent, and the pool
/// holds nothing: no hostile input was written.
fn nothing_written_since(node: &DevNode, from: u64) {
	let pending = node.rpc("author_pendingExtrinsics", json!([]));
	assert_eq!(pending, json!([]), "the pool keeps nothing");
	for number in from..=node.best_number() {
		let hash = node.rpc("chain_getBlockHash", json!([number]));
		let block = node.rpc("chain_getBlock", json!([hash]));
		let extrinsics = block["block"]["extrinsics"].as_array().expect("extrinsics");
		assert_eq!(extrinsics.len(), 1, "block #{number} holds only its timestamp: {extrinsics:?}");
	}
}

/// The node keeps authoring and finalizing after the attack, and a legitimate transaction goes
/// through: returns it, included.
fn keeps_serving(node: &DevNode, signing: &Signing) -> Vec<u8> {
	let best = node.best_number();
	node.wait_for_finalized(best + 1);
	let (bob, ferdie) = (pair("//Bob"), pair("//Ferdie"));
	let before = nonce(node, &bob);
	let transfer = signed(transfer(&ferdie, 1_000), &bob, before, signing);
	try_submit(node, &transfer).expect("the pool takes a participant's transfer");
	node.wait_for(Duration::from_secs(60), "Bob's transfer to be included", |n| {
		on_chain_nonce(n, &bob) > before
	});
	transfer
}

/// Where a signed extrinsic's signature starts in its body: after the version byte, the
/// address (kind and account id) and the signature's kind.
const SIGNATURE_AT: usize = 1 + 1 + 32 + 1;
/// Where its era is: the first extension with bytes of its own, right after the signature.
const ERA_AT: usize = SIGNATURE_AT + 64;

/// Replaces the length prefix and content of the `Vec<u8>` argument at `offset` of an encoded
/// call (holding exactly `bound` bytes) by one of `bound + 1` bytes.
fn one_past_bound(encoded: &[u8], offset: usize, bound: u32) -> Vec<u8> {
	let mut rest = &encoded[offset..];
	let Compact(length) = Compact::<u32>::decode(&mut rest).expect("a length prefix");
	assert_eq!(length, bound, "the argument at {offset} is at its bound");
	let rest = &rest[bound as usize..];
	let mut out = encoded[..offset].to_vec();
	Compact(bound + 1).encode_to(&mut out);
	out.extend(std::iter::repeat_n(b'x', bound as usize + 1));
	out.extend_from_slice(rest);
	out
}

/// An extrinsic whose call is `call_bytes` (raw: any pallet and call index), signed as a wallet
/// would sign it.
fn signed_raw(
	call_bytes: Vec<u8>,
	signer: &sr25519::Pair,
	nonce: u32,
	signing: &Signing,
) -> Vec<u8> {
	// Sign and encode a remark, then put the raw call in its place: the call comes last in
	// the extrinsic. (The signature is over the remark: the node must refuse the call before
	// it looks at the signature.)
	let template = remark(0);
	let mut body = body(&signed(template.clone(), signer, nonce, signing));
	body.truncate(body.len() - template.encode().len());
	body.extend(call_bytes);
	framed(body)
}

/// A remark inside `depth` batches, each holding the next.
fn nested_batches(depth: u32) -> RuntimeCall {
	(0..depth).fold(remark(1), |call, _| {
		RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![call] })
	})
}

/// How deep batches may nest in a transaction the runtime takes: found by asking the runtime to
/// validate (`TaggedTransactionQueue_validate_transaction`, which writes nothing), by bisection.
fn deepest_batch_nesting(node: &DevNode, signing: &Signing) -> u32 {
	let alice = pair("//Alice");
	let best = best_hash(node);
	let valid = |depth: u32| {
		let extrinsic = signed(nested_batches(depth), &alice, nonce(node, &alice), signing);
		let arguments = (
			sp_runtime::transaction_validity::TransactionSource::External,
			body_as_opaque(&extrinsic),
			best,
		);
		let validity: sp_runtime::transaction_validity::TransactionValidity =
			common::chain::state_call(
				node,
				"TaggedTransactionQueue_validate_transaction",
				arguments,
			);
		validity.is_ok()
	};
	let (mut good, mut bad) = (1, 400);
	assert!(valid(good) && !valid(bad), "one batch is taken and 400 nested are not");
	while bad - good > 1 {
		let middle = (good + bad) / 2;
		if valid(middle) {
			good = middle;
		} else {
			bad = middle;
		}
	}
	good
}

/// An encoded extrinsic as the runtime API takes it: its own encoding (length prefix included).
fn body_as_opaque(extrinsic: &[u8]) -> sp_runtime::OpaqueExtrinsic {
	sp_runtime::OpaqueExtrinsic::decode(&mut &extrinsic[..]).expect("an opaque extrinsic")
}

/// Posts an `author_submitExtrinsic` request of any size over HTTP, as a client would, and
/// returns the server's answer (status line and body), even if it answers before reading it all.
fn post_submission(node: &DevNode, extrinsic: &[u8]) -> String {
	use std::io::{Read, Write};
	let body = json!({
		"jsonrpc": "2.0",
		"id": 1,
		"method": "author_submitExtrinsic",
		"params": [format!("0x{}", hex::encode(extrinsic))],
	})
	.to_string();
	let mut stream = std::net::TcpStream::connect(("127.0.0.1", node.rpc_port)).unwrap();
	stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
	let head = format!(
		"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
		 Content-Length: {}\r\nConnection: close\r\n\r\n",
		body.len()
	);
	// The server may answer and close before the body is all sent: keep what it answered.
	let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body.as_bytes()));
	let mut answer = String::new();
	let _ = stream.read_to_string(&mut answer);
	answer.replace("\r\n", " ")
}

#[test]
fn malformed_and_forged_extrinsics_get_clear_errors_and_nothing_is_written() {
	let dir = tempfile::tempdir().unwrap();
	let node = dev_node(&dir);
	let signing = signing_of(&node);
	let (alice, ferdie) = (pair("//Alice"), pair("//Ferdie"));
	let from = node.best_number() + 1;
	let alice_nonce = nonce(&node, &alice);
	let mut verdicts = Verdicts::default();

	// Bytes that are no extrinsic at all. Not even a length prefix: the node refuses them
	// itself. A length prefix and garbage: the node hands the bytes to the runtime (it knows
	// extrinsics only as opaque bytes), whose decoder refuses them by trapping.
	verdicts.refuse(&node, "an empty extrinsic", &[], 1040, "Could not decode");
	verdicts.refuse_undecodable(&node, "garbage bytes", &[0x10, 0xde, 0xad, 0xbe, 0xef]);

	// A valid transfer with one bit of its signature flipped.
	let mut forged = body(&signed(transfer(&ferdie, 1_000), &alice, alice_nonce, &signing));
	forged[SIGNATURE_AT + 5] ^= 0x01;
	verdicts.refuse(&node, "a bad signature", &framed(forged), 1010, "bad signature");

	// Signed for another chain, or for a runtime the chain does not run.
	let elsewhere = Signing { genesis: H256::repeat_byte(0x42), ..signing_of(&node) };
	verdicts.refuse(
		&node,
		"a wrong genesis hash",
		&signed(transfer(&ferdie, 1), &alice, alice_nonce, &elsewhere),
		1010,
		"bad signature",
	);
	let stale = Signing { spec_version: VERSION.spec_version - 1, ..signing_of(&node) };
	verdicts.refuse(
		&node,
		"an old spec version",
		&signed(transfer(&ferdie, 1), &alice, alice_nonce, &stale),
		1010,
		"bad signature",
	);

	// A mortal era whose birth block the chain does not have.
	let mut mortal = body(&signed(transfer(&ferdie, 1), &alice, alice_nonce, &signing));
	assert_eq!(mortal[ERA_AT], 0, "an immortal era is one zero byte");
	let era = sp_runtime::generic::Era::mortal(64, node.best_number() + 10_000).encode();
	mortal.splice(ERA_AT..ERA_AT + 1, era);
	verdicts.refuse(&node, "an era born in the future", &framed(mortal), 1010, "");

	// Pallet and call indices the runtime does not have.
	verdicts.refuse_undecodable(
		&node,
		"an unknown pallet",
		&signed_raw(vec![0xfe, 0x00], &alice, alice_nonce, &signing),
	);
	verdicts.refuse_undecodable(
		&node,
		"an unknown call",
		&signed_raw(vec![0x00, 0xfe], &alice, alice_nonce, &signing),
	);

	// A bounded input one past its bound: an organisation name of 129 bytes (the bound is 128).
	let at_bound =
		RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_organisation {
			kind: caduceus_primitives::OrgKind::Hospital,
			name: vec![b'x'; 128].try_into().unwrap(),
			identifiers: pallet_health_identity::PublicIdentifiers {
				gln: None,
				npi: None,
				licence: None,
			},
			admin: ferdie.public().into(),
		});
	let encoded = at_bound.encode();
	let past = one_past_bound(&encoded, 3, 128);
	verdicts.refuse_undecodable(
		&node,
		"a name one past its bound",
		&signed_raw(past, &alice, alice_nonce, &signing),
	);

	// Batches nested deeper than the runtime decodes a transaction (`MAX_EXTRINSIC_DEPTH`).
	let deepest = deepest_batch_nesting(&node, &signing);
	verdicts.refuse(
		&node,
		"batches nested one deeper than the runtime takes",
		&signed(nested_batches(deepest + 1), &alice, alice_nonce, &signing),
		1010,
		"Transaction call is not expected",
	);

	// Larger than a block, and larger than the RPC server takes.
	verdicts.refuse(
		&node,
		"a 6 MiB remark",
		&signed(remark(6 << 20), &alice, alice_nonce, &signing),
		1010,
		"exhaust",
	);
	let too_large = signed(remark(20 << 20), &alice, alice_nonce, &signing);
	let answer = post_submission(&node, &too_large);
	println!("a 20 MiB request: {answer}");
	if !answer.starts_with("HTTP/1.1 413") {
		verdicts.0.push(format!("a 20 MiB request: expected HTTP 413, got {answer}"));
	}

	assert_eq!(nonce(&node, &alice), alice_nonce, "none of Alice's was applied");
	nothing_written_since(&node, from);
	let included = keeps_serving(&node, &signing);

	// The same transaction again, and another with the nonce it used.
	verdicts.refuse(&node, "the included transaction again", &included, 1013, "Already Imported");
	let bob = pair("//Bob");
	let used = on_chain_nonce(&node, &bob) - 1;
	let replay = signed(transfer(&ferdie, 2_000), &bob, used, &signing);
	verdicts.refuse(&node, "a used nonce", &replay, 1010, "Transaction is outdated");

	// Batches nested as deep as the runtime takes are included and the node goes on.
	let nonce_before = on_chain_nonce(&node, &alice);
	let deep = signed(nested_batches(deepest), &alice, nonce_before, &signing);
	try_submit(&node, &deep).expect("the pool takes the deepest nesting the runtime decodes");
	node.wait_for(Duration::from_secs(60), "the nested batches to be included", |n| {
		on_chain_nonce(n, &alice) > nonce_before
	});
	println!("batches nested {deepest} deep (the deepest the runtime decodes): included");
	verdicts.done();
	keeps_serving(&node, &signing);
}

/// The node's peak resident memory so far (`VmHWM`), in MiB.
fn peak_memory_mib(node: &DevNode) -> u64 {
	let status = std::fs::read_to_string(format!("/proc/{}/status", node.pid())).unwrap();
	let line = status.lines().find(|line| line.starts_with("VmHWM:")).expect("VmHWM");
	let kib: u64 = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("kB");
	kib / 1024
}

/// How many transactions the flood sends, from as many accounts the chain does not know.
const FLOOD: usize = 4_000;

#[test]
fn a_flood_from_unknown_accounts_is_refused_and_the_node_keeps_serving() {
	let dir = tempfile::tempdir().unwrap();
	let node = dev_node(&dir);
	let signing = signing_of(&node);
	let ferdie = pair("//Ferdie");
	let from = node.best_number() + 1;
	let memory_before = peak_memory_mib(&node);

	// Every unknown account sends one of: a transfer or a remark (refused: not a participant),
	// a self-registration as a patient, which a newcomer may send (refused: it cannot pay the
	// fee), or bytes that decode as no transaction (refused by the runtime's decoder).
	let extrinsics: Vec<Vec<u8>> = (0..FLOOD)
		.map(|i| {
			let stranger = pair(&format!("//Stranger{i}"));
			let call = match i % 4 {
				0 => transfer(&ferdie, 1_000_000),
				1 => remark(1_000),
				2 => RuntimeCall::HealthIdentity(pallet_health_identity::Call::register_patient {
					demographic_commitment: None,
				}),
				_ => return framed((i as u64).to_le_bytes().repeat(8)),
			};
			signed(call, &stranger, 0, &signing)
		})
		.collect();
	let started = std::time::Instant::now();
	let errors: Vec<Value> = std::thread::scope(|scope| {
		let workers: Vec<_> = extrinsics
			.chunks(FLOOD / 4)
			.map(|chunk| {
				let node = &node;
				scope.spawn(move || {
					let refused =
						|xt: &Vec<u8>| try_submit(node, xt).expect_err("a stranger's is refused");
					chunk.iter().map(refused).collect::<Vec<_>>()
				})
			})
			.collect();
		workers.into_iter().flat_map(|worker| worker.join().unwrap()).collect()
	});
	let took = started.elapsed();
	let mut reasons = std::collections::BTreeMap::<String, usize>::new();
	for error in &errors {
		let reason = match error["code"].as_i64() {
			Some(1010) => error["data"].to_string(),
			Some(1002) if error.to_string().contains("validate_transaction") => {
				"undecodable".into()
			},
			_ => panic!("an invalid transaction or undecodable bytes: {error}"),
		};
		*reasons.entry(reason).or_default() += 1;
	}
	let memory_after = peak_memory_mib(&node);
	println!(
		"{FLOOD} transactions from unknown accounts refused in {took:.1?} ({:.0}/s): {reasons:?}; \
		 the node's peak memory {memory_before} MiB before, {memory_after} MiB after",
		FLOOD as f64 / took.as_secs_f64()
	);
	assert_eq!(errors.len(), FLOOD);
	assert_eq!(reasons.len(), 3, "not a participant, cannot pay, undecodable: {reasons:?}");
	assert!(memory_after < 1024, "the node's memory stays bounded: {memory_after} MiB");

	nothing_written_since(&node, from);
	keeps_serving(&node, &signing);
}
