//! JSON-RPC to a node: the few `system`, `chain`, `state` and `author` methods the bench uses,
//! over WebSocket, with the runtime's own types decoding what comes back.

use anyhow::{anyhow, bail, Context, Result};
use caduceus_runtime::{AccountId, Header, RuntimeEvent};
use codec::Decode;
use frame_support::{dispatch::DispatchClass, weights::Weight};
use jsonrpsee::{
	core::{
		client::{ClientT, Error as ClientError, Subscription, SubscriptionClientT},
		params::ArrayParams,
	},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::Value;
use sp_core::H256;
use sp_crypto_hashing::twox_128;
use std::{sync::Arc, time::Duration};

/// What the node records of one event: the phase it happened in and the event.
pub type EventRecord = frame_system::EventRecord<RuntimeEvent, H256>;

/// The largest answer accepted: a full block's events as hex.
const MAX_RESPONSE_BYTES: u32 = 512 * 1024 * 1024;

/// How long one request may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// Requests one connection keeps in flight at most.
const MAX_CONCURRENT_REQUESTS: usize = 4096;

/// One WebSocket JSON-RPC connection to a node; cheap to clone.
#[derive(Clone)]
pub struct Rpc(Arc<WsClient>);

/// A block as fetched: its header and its extrinsics as encoded.
pub struct Block {
	/// The block's header.
	pub header: Header,
	/// Every extrinsic of the block, SCALE-encoded (with its length prefix).
	pub extrinsics: Vec<Vec<u8>>,
}

impl Rpc {
	/// Connects to the node at `url` (`ws://host:port`).
	pub async fn connect(url: &str) -> Result<Rpc> {
		let client = WsClientBuilder::default()
			.max_response_size(MAX_RESPONSE_BYTES)
			.max_request_size(MAX_RESPONSE_BYTES)
			.max_concurrent_requests(MAX_CONCURRENT_REQUESTS)
			.max_buffer_capacity_per_subscription(16 * 1024)
			.request_timeout(REQUEST_TIMEOUT)
			.build(url)
			.await
			.with_context(|| format!("connecting to {url}"))?;
		Ok(Rpc(Arc::new(client)))
	}

	/// One JSON-RPC call.
	pub async fn call(&self, method: &str, params: ArrayParams) -> Result<Value> {
		self.0.request(method, params).await.with_context(|| format!("{method} failed"))
	}

	/// The node's `system_health` answer.
	pub async fn health(&self) -> Result<Value> {
		self.call("system_health", rpc_params![]).await
	}

	/// The chain's genesis hash.
	pub async fn genesis_hash(&self) -> Result<H256> {
		hash_of(&self.call("chain_getBlockHash", rpc_params![0]).await?)
	}

	/// The on-chain runtime's `spec_version` and `transaction_version`.
	pub async fn runtime_version(&self) -> Result<(u32, u32)> {
		let version = self.call("state_getRuntimeVersion", rpc_params![]).await?;
		let field = |name: &str| {
			version[name].as_u64().map(|v| v as u32).ok_or_else(|| anyhow!("no {name}: {version}"))
		};
		Ok((field("specVersion")?, field("transactionVersion")?))
	}

	/// The next nonce of `account`, the pool's transactions counted.
	pub async fn next_index(&self, account: &AccountId) -> Result<u32> {
		let answer = self.call("system_accountNextIndex", rpc_params![account.to_string()]).await?;
		answer.as_u64().map(|n| n as u32).ok_or_else(|| anyhow!("not a nonce: {answer}"))
	}

	/// Submits an encoded extrinsic: its hash if the pool took it, else why not.
	pub async fn submit(&self, extrinsic: &[u8]) -> std::result::Result<H256, String> {
		let params = rpc_params![hex_of(extrinsic)];
		match self.0.request::<Value, _>("author_submitExtrinsic", params).await {
			Ok(hash) => hash_of(&hash).map_err(|e| e.to_string()),
			Err(ClientError::Call(error)) => Err(match error.data() {
				Some(data) => format!("{}: {} ({})", error.code(), error.message(), data.get()),
				None => format!("{}: {}", error.code(), error.message()),
			}),
			Err(other) => Err(other.to_string()),
		}
	}

	/// The header of block `hash`.
	pub async fn header(&self, hash: H256) -> Result<Header> {
		let header = self.call("chain_getHeader", rpc_params![hash]).await?;
		decode_header(header)
	}

	/// The best block's hash.
	pub async fn best_hash(&self) -> Result<H256> {
		hash_of(&self.call("chain_getBlockHash", rpc_params![]).await?)
	}

	/// Block `hash` with its extrinsics.
	pub async fn block(&self, hash: H256) -> Result<Block> {
		let mut answer = self.call("chain_getBlock", rpc_params![hash]).await?;
		let block = answer["block"].take();
		let extrinsics = block["extrinsics"]
			.as_array()
			.ok_or_else(|| anyhow!("block {hash:?} has no extrinsics list"))?
			.iter()
			.map(bytes_of)
			.collect::<Result<Vec<_>>>()?;
		Ok(Block { header: decode_header(block["header"].clone())?, extrinsics })
	}

	/// The raw value at storage `key` in the state after block `at`.
	pub async fn storage(&self, key: &[u8], at: H256) -> Result<Option<Vec<u8>>> {
		let value = self.call("state_getStorage", rpc_params![hex_of(key), at]).await?;
		match value {
			Value::Null => Ok(None),
			value => bytes_of(&value).map(Some),
		}
	}

	/// Storage value `pallet::item` after block `at`, decoded; `None` if unset.
	pub async fn value<T: Decode>(&self, pallet: &str, item: &str, at: H256) -> Result<Option<T>> {
		let Some(bytes) = self.storage(&value_key(pallet, item), at).await? else {
			return Ok(None);
		};
		T::decode(&mut &bytes[..]).map(Some).map_err(|e| {
			anyhow!(
				"{pallet}::{item} at {at:?} does not decode ({e}): is caduceus-bench built \
					 with the node's runtime?"
			)
		})
	}

	/// The events block `at` deposited.
	pub async fn events(&self, at: H256) -> Result<Vec<EventRecord>> {
		Ok(self.value("System", "Events", at).await?.unwrap_or_default())
	}

	/// Block time of block `at` (`Timestamp::Now`, milliseconds).
	pub async fn timestamp(&self, at: H256) -> Result<u64> {
		self.value("Timestamp", "Now", at).await?.ok_or_else(|| anyhow!("no timestamp at {at:?}"))
	}

	/// The weight of normal-class extrinsics block `at` consumed (`System::BlockWeight`).
	pub async fn normal_weight(&self, at: H256) -> Result<Weight> {
		let consumed: Option<frame_system::ConsumedWeight> =
			self.value("System", "BlockWeight", at).await?;
		Ok(consumed.map(|c| *c.get(DispatchClass::Normal)).unwrap_or_default())
	}

	/// Headers of new best blocks (`finalized`: of newly finalized blocks) as they come.
	pub async fn heads(&self, finalized: bool) -> Result<Subscription<Value>> {
		let (subscribe, unsubscribe) = match finalized {
			true => ("chain_subscribeFinalizedHeads", "chain_unsubscribeFinalizedHeads"),
			false => ("chain_subscribeNewHeads", "chain_unsubscribeNewHeads"),
		};
		self.0
			.subscribe(subscribe, rpc_params![], unsubscribe)
			.await
			.with_context(|| format!("{subscribe} failed"))
	}
}

/// The storage key of value `pallet::item`.
pub fn value_key(pallet: &str, item: &str) -> Vec<u8> {
	[twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat()
}

/// A header as the node's JSON-RPC serialises it.
pub fn decode_header(json: Value) -> Result<Header> {
	serde_json::from_value(json).context("a header that does not decode")
}

/// `0x`-prefixed hex of `bytes`.
pub fn hex_of(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// The bytes of a `0x`-prefixed hex string.
pub fn bytes_of(value: &Value) -> Result<Vec<u8>> {
	let text = value.as_str().ok_or_else(|| anyhow!("not a hex string: {value}"))?;
	hex::decode(text.trim_start_matches("0x")).with_context(|| format!("bad hex: {text}"))
}

/// A 32-byte hash from its `0x`-prefixed hex.
pub fn hash_of(value: &Value) -> Result<H256> {
	let bytes = bytes_of(value)?;
	if bytes.len() != 32 {
		bail!("not a 32-byte hash: {value}");
	}
	Ok(H256::from_slice(&bytes))
}
