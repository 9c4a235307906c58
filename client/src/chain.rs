//! One connection to a Caduceus node.

use crate::{error::other, Error};
use subxt::{
	error::{ExtrinsicError, TransactionProgressError},
	extrinsics::ExtrinsicEvents,
	transactions::{Payload, ValidationResult},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// The chain's configuration for subxt: Polkadot's (sr25519 accounts, `MultiAddress`).
pub type Config = PolkadotConfig;

/// A connection to a node, and what it tells of its chain.
#[derive(Clone)]
pub struct Chain {
	api: OnlineClient<Config>,
	url: String,
}

/// What a finalized, successful transaction left: its block and events.
pub struct Submitted {
	/// The hash of the block that included it.
	pub block: subxt::utils::H256,
	/// The transaction's own hash.
	pub extrinsic: subxt::utils::H256,
	/// The events it emitted.
	pub events: ExtrinsicEvents<Config>,
}

impl Submitted {
	/// The first event of type `E`, which the call is documented to emit.
	pub fn event<E: subxt::events::DecodeAsEvent>(&self) -> Result<E, Error> {
		match self.events.find_first::<E>() {
			Some(event) => event.map_err(other),
			None => Err(Error::Other(format!(
				"the transaction succeeded but emitted no {}",
				std::any::type_name::<E>()
			))),
		}
	}
}

impl Chain {
	/// Connects to the node at `url` (`ws://` or `wss://`). Plain `ws://` is accepted for
	/// loopback and private networks, where consortium nodes run.
	pub async fn connect(url: &str) -> Result<Chain, Error> {
		let refused = |reason: String| Error::Connect { url: url.to_string(), reason };
		if !(url.starts_with("ws://") || url.starts_with("wss://")) {
			return Err(Error::Input(format!(
				"--url {url}: the URL must start with ws:// or wss://"
			)));
		}
		let connecting = OnlineClient::<Config>::from_insecure_url(url);
		let api = tokio::time::timeout(std::time::Duration::from_secs(20), connecting)
			.await
			.map_err(|_| refused("no answer within 20 s".into()))?
			.map_err(|e| refused(e.to_string()))?;
		Ok(Chain { api, url: url.to_string() })
	}

	/// The subxt client, for what the helpers do not cover.
	pub fn api(&self) -> &OnlineClient<Config> {
		&self.api
	}

	/// The node's URL.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// The chain's genesis hash (what wallet-signed payloads name to be good on this chain only).
	pub fn genesis_hash(&self) -> subxt::utils::H256 {
		self.api.genesis_hash()
	}

	/// The client at the last finalized block.
	pub async fn at_finalized(&self) -> Result<subxt::client::OnlineClientAtBlock<Config>, Error> {
		self.api.at_current_block().await.map_err(other)
	}

	/// Signs `call` as `signer`, has the node check it first (so that a refusal says why), then
	/// submits it and waits until it is finalized. `Ok` only when it succeeded.
	pub async fn submit<P: Payload>(&self, call: &P, signer: &Keypair) -> Result<Submitted, Error> {
		let at = self.at_finalized().await?;
		let mut transactions = at.transactions();
		let signed =
			transactions.create_signed(call, signer, Default::default()).await.map_err(other)?;
		match signed.validate().await.map_err(other)? {
			ValidationResult::Valid(_) => {},
			ValidationResult::Invalid(invalid) => return Err(Error::refused(&invalid)),
			ValidationResult::Unknown(unknown) => return Err(Error::unknown(&unknown)),
		}
		let progress = signed.submit_and_watch().await.map_err(|e| match e {
			ExtrinsicError::TransactionStatusError(status) => Error::Refused(status.to_string()),
			other => Error::Other(other.to_string()),
		})?;
		let in_block = progress.wait_for_finalized().await.map_err(|e| match e {
			// Invalid or dropped while waiting (a competing transaction, a full pool).
			TransactionProgressError::TransactionStatusError(status) => {
				Error::Refused(status.to_string())
			},
			other => Error::Other(other.to_string()),
		})?;
		let events = in_block.wait_for_success().await.map_err(Error::from_events)?;
		Ok(Submitted { block: in_block.block_hash(), extrinsic: in_block.extrinsic_hash(), events })
	}

	/// Answers a view function at the last finalized block.
	///
	/// subxt 0.51 (frame-decode 0.18) frames the call and its answer differently from the
	/// runtime's `RuntimeViewFunction_execute_view_function(id, input: Vec<u8>) ->
	/// Result<Vec<u8>, _>`: it leaves out the arguments' length prefix and reads the answer
	/// without unwrapping it. Both are done here, around subxt's own encoding of the arguments.
	pub async fn view<P>(&self, payload: P) -> Result<P::ReturnType, Error>
	where
		P: subxt::view_functions::Payload,
		P::ReturnType: codec::Decode,
	{
		use codec::{Compact, Decode, Encode};
		let at = self.at_finalized().await?;
		let views = at.view_functions();
		let name = format!("{}.{}", payload.pallet_name(), payload.function_name());
		let encoded = views.encode_args(payload).map_err(other)?;
		let (id, arguments) = encoded.split_at(encoded.len().min(32));
		let framed = [id, &Compact(arguments.len() as u32).encode(), arguments].concat();
		let answer = views.call_raw(Some(&framed)).await.map_err(other)?;
		let output = match answer.split_first() {
			Some((0, rest)) => Vec::<u8>::decode(&mut &rest[..]).map_err(other)?,
			_ => return Err(Error::Query(format!("the chain cannot answer {name}"))),
		};
		P::ReturnType::decode(&mut &output[..])
			.map_err(|e| Error::Encoding(format!("{name}'s answer: {e}")))
	}

	/// Answers a runtime API at the last finalized block.
	pub async fn runtime_api<P: subxt::runtime_apis::Payload>(
		&self,
		payload: P,
	) -> Result<P::ReturnType, Error> {
		self.at_finalized().await?.runtime_apis().call(payload).await.map_err(other)
	}

	/// The chain's clock: the last finalized block's time, in milliseconds since the epoch.
	pub async fn now(&self) -> Result<u64, Error> {
		let at = self.at_finalized().await?;
		let now = at.storage().fetch(crate::runtime::storage().timestamp().now(), ()).await;
		match now.map_err(other)?.decode().map_err(other)? {
			0 => {
				Err(Error::Query("the chain has no finalized block yet: wait for block #1".into()))
			},
			now => Ok(now),
		}
	}
}
