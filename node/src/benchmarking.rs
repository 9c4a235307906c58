//! What the node's `benchmark overhead` and `benchmark block` need from Caduceus: real signed
//! extrinsics (the empty `System::remark` whose cost is the per-extrinsic base weight) and the
//! inherent data of a block.

use crate::service::FullClient;
use caduceus_runtime::{
	signing::{signed, Signing},
	RuntimeCall, SystemCall,
};
use codec::Encode;
use sc_cli::Result;
use sp_core::{crypto::Pair as _, sr25519};
use sp_inherents::{InherentData, InherentDataProvider};
use sp_runtime::OpaqueExtrinsic;
use std::sync::Arc;

/// Builds `System::remark` with an empty remark, signed by `//Alice` (the development chain's
/// sudo key, so the admission check passes), with increasing nonces: every transaction
/// extension runs as for any wallet's transaction, so the measured base includes them.
pub struct RemarkBuilder {
	signer: sr25519::Pair,
	signing: Signing,
}

impl RemarkBuilder {
	/// A builder signing for the chain of `client`.
	pub fn new(client: Arc<FullClient>) -> Result<Self> {
		use sc_client_api::BlockBackend as _;
		let genesis = client
			.block_hash(0)
			.map_err(|e| format!("reading the genesis hash: {e}"))?
			.ok_or("the database has no genesis block")?;
		let signer = sr25519::Pair::from_string("//Alice", None)
			.map_err(|e| format!("the development key //Alice: {e:?}"))?;
		Ok(Self { signer, signing: Signing::new(genesis) })
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call = RuntimeCall::System(SystemCall::remark { remark: Vec::new() });
		let extrinsic = signed(call, &self.signer, nonce, &self.signing);
		OpaqueExtrinsic::try_from_encoded_extrinsic(&extrinsic.encode())
			.map_err(|_| "an extrinsic that does not decode as opaque")
	}
}

/// The inherent data of a benchmarked block: the timestamp 0, which the genesis state accepts
/// (slot 0, no previous timestamp).
pub fn inherent_data() -> Result<InherentData> {
	let mut data = InherentData::new();
	futures::executor::block_on(
		sp_timestamp::InherentDataProvider::new(0.into()).provide_inherent_data(&mut data),
	)
	.map_err(|e| format!("the timestamp inherent: {e:?}"))?;
	Ok(data)
}
