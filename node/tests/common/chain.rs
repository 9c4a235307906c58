//! Talking to a running node as a client does: signed transactions through subxt, runtime APIs
//! through `state_call`.

use super::DevNode;
use caduceus_runtime::RuntimeCall;
use codec::{Decode, Encode};
use serde_json::json;
use subxt::{dynamic, OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::Keypair;

/// A call's arguments, SCALE-encoded with the runtime's own types, handed to subxt as they are.
struct EncodedArguments(Vec<u8>);

impl scale_encode::EncodeAsFields for EncodedArguments {
	fn encode_as_fields_to<R: scale_encode::TypeResolver>(
		&self,
		_: &mut dyn scale_encode::FieldIter<'_, R::TypeId>,
		_: &R,
		out: &mut Vec<u8>,
	) -> Result<(), scale_encode::Error> {
		out.extend_from_slice(&self.0);
		Ok(())
	}
}

/// Signs `call` as `signer`, submits it and waits until it is finalized and succeeded.
pub async fn submit(api: &OnlineClient<PolkadotConfig>, call: RuntimeCall, signer: &Keypair) {
	let encoded = call.encode();
	// A runtime call is encoded as pallet index, call index, then the arguments.
	let at = api.at_current_block().await.unwrap();
	let metadata = at.metadata();
	let pallet = metadata.pallet_by_call_index(encoded[0]).expect("a pallet of the runtime");
	let call_name = pallet.call_variant_by_index(encoded[1]).expect("a call").name.clone();
	let payload = dynamic::tx(pallet.name(), &call_name, EncodedArguments(encoded[2..].to_vec()));
	submit_payload(api, &payload, signer, &call_name).await;
}

/// Signs `payload` as `signer`, submits it and waits until it is finalized and succeeded; `name`
/// names it if it does not.
pub async fn submit_payload(
	api: &OnlineClient<PolkadotConfig>,
	payload: &impl subxt::tx::Payload,
	signer: &Keypair,
	name: &str,
) {
	api.at_current_block()
		.await
		.unwrap()
		.transactions()
		.sign_and_submit_then_watch_default(payload, signer)
		.await
		.unwrap_or_else(|e| panic!("{name} is accepted by the pool: {e}"))
		.wait_for_finalized_success()
		.await
		.unwrap_or_else(|e| panic!("{name} succeeds: {e}"));
}

/// Starts a development node with its demo data in `dir`, waits for its first finalized block
/// and connects a subxt client to it.
pub async fn dev_chain(dir: &std::path::Path) -> (DevNode, OnlineClient<PolkadotConfig>) {
	let node = DevNode::start(&dir.join("dev"));
	node.wait_for_finalized(1);
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url())
		.await
		.expect("subxt connects");
	(node, api)
}

/// Calls runtime API `function` with SCALE-encoded `arguments` over JSON-RPC, as any client can.
pub fn state_call<T: Decode>(node: &DevNode, function: &str, arguments: impl Encode) -> T {
	let hex_arguments = format!("0x{}", hex::encode(arguments.encode()));
	let answer = node.rpc("state_call", json!([function, hex_arguments]));
	let bytes = hex::decode(answer.as_str().expect("hex").trim_start_matches("0x")).unwrap();
	T::decode(&mut &bytes[..]).expect("the answer decodes")
}

/// Block time of the current block.
pub async fn now(api: &OnlineClient<PolkadotConfig>) -> u64 {
	let at = api.at_current_block().await.unwrap();
	let address = dynamic::storage::<(), u64>("Timestamp", "Now");
	at.storage().fetch(address, ()).await.unwrap().decode().unwrap()
}
