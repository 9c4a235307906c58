//! Transactions as a wallet signs them, built from the runtime's own types, submitted over
//! JSON-RPC as raw bytes (so that a test can also submit what no wallet would).

use super::DevNode;
use caduceus_runtime::{Address, RuntimeCall};
use codec::{Compact, Decode, Encode};
use serde_json::{json, Value};
use sp_core::{crypto::Pair as _, sr25519, H256};

/// The development key pair at `uri` (`//Alice`, `//Stranger7`).
pub fn pair(uri: &str) -> sr25519::Pair {
	sr25519::Pair::from_string(uri, None).expect("a development key")
}

pub fn genesis(node: &DevNode) -> H256 {
	let hash = node.rpc("chain_getBlockHash", json!([0]));
	let bytes = hex::decode(hash.as_str().expect("hex").trim_start_matches("0x")).unwrap();
	H256::from_slice(&bytes)
}

pub fn nonce(node: &DevNode, who: &sr25519::Pair) -> u32 {
	let account = sp_core::crypto::AccountId32::from(who.public()).to_string();
	node.rpc("system_accountNextIndex", json!([account])).as_u64().expect("a nonce") as u32
}

pub use caduceus_runtime::signing::Signing;

/// How to sign for `node`'s chain with this runtime.
pub fn signing_of(node: &DevNode) -> Signing {
	Signing::new(genesis(node))
}

/// `call` signed by `signer` with `nonce`, as a wallet encodes it, signed over `signing`.
pub fn signed(call: RuntimeCall, signer: &sr25519::Pair, nonce: u32, signing: &Signing) -> Vec<u8> {
	caduceus_runtime::signing::signed(call, signer, nonce, signing).encode()
}

pub fn transfer(to: &sr25519::Pair, amount: u128) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Address::Id(to.public().into()),
		value: amount,
	})
}

pub fn remark(bytes: usize) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![7; bytes] })
}

/// Submits `extrinsic`: its hash if the pool took it, else the JSON-RPC error.
pub fn try_submit(node: &DevNode, extrinsic: &[u8]) -> Result<Value, Value> {
	let hex = format!("0x{}", hex::encode(extrinsic));
	node.try_rpc("author_submitExtrinsic", json!([hex])).map_err(|error| rpc_error(&error))
}

/// The `error` object of a failed JSON-RPC call, from `DevNode::try_rpc`'s message.
pub fn rpc_error(message: &str) -> Value {
	let reply = message.split_once(" failed: ").map_or(message, |(_, reply)| reply);
	serde_json::from_str::<Value>(reply)
		.ok()
		.and_then(|reply| reply.get("error").cloned())
		.unwrap_or_else(|| json!({ "transport": message }))
}

/// The account's nonce in the best block's state (the pool's transactions not counted).
pub fn on_chain_nonce(node: &DevNode, who: &sr25519::Pair) -> u32 {
	let account = sp_core::crypto::AccountId32::from(who.public());
	super::chain::state_call(node, "AccountNonceApi_account_nonce", account)
}

/// The extrinsic's bytes after its length prefix.
pub fn body(extrinsic: &[u8]) -> Vec<u8> {
	let mut rest = extrinsic;
	let Compact(length) = Compact::<u32>::decode(&mut rest).expect("a length prefix");
	assert_eq!(length as usize, rest.len());
	rest.to_vec()
}

/// `body` with its length prefix.
pub fn framed(body: Vec<u8>) -> Vec<u8> {
	let mut extrinsic = Compact(body.len() as u32).encode();
	extrinsic.extend(body);
	extrinsic
}

/// The best block's hash.
pub fn best_hash(node: &DevNode) -> H256 {
	let hash = node.rpc("chain_getBlockHash", json!([]));
	let bytes = hex::decode(hash.as_str().expect("hex").trim_start_matches("0x")).unwrap();
	H256::from_slice(&bytes)
}
