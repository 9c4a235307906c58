//! Signing transactions as a wallet does, natively (feature `std`): the node's `benchmark
//! overhead` and the load generator build real signed extrinsics with it, and so do the node's
//! end-to-end tests, so that all three sign exactly what the runtime checks.

use crate::{
	wallet_extension, Address, Nonce, RuntimeCall, Signature, SignedPayload, UncheckedExtrinsic,
	VERSION,
};
use codec::Encode;
use sp_core::{crypto::Pair as _, sr25519, H256};

/// What a signer signs over besides the call and the extensions: the spec version and the
/// genesis hash (the era is immortal, so its birth block is the genesis too). The transaction
/// version is this runtime's.
#[derive(Clone, Copy, Debug)]
pub struct Signing {
	/// The `spec_version` of the runtime the transaction is meant for.
	pub spec_version: u32,
	/// The chain's genesis hash.
	pub genesis: H256,
}

impl Signing {
	/// Signing for this runtime on the chain whose genesis hash is `genesis`.
	pub fn new(genesis: H256) -> Signing {
		Signing { spec_version: VERSION.spec_version, genesis }
	}
}

/// `call` signed by `signer` with `nonce` over `signing`: immortal, no tip, as a wallet encodes
/// it.
pub fn signed(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: Nonce,
	signing: &Signing,
) -> UncheckedExtrinsic {
	let extension = wallet_extension(nonce);
	let implicit = (
		(),
		(),
		signing.spec_version,
		VERSION.transaction_version,
		signing.genesis,
		signing.genesis,
		(),
		(),
		(),
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let address = Address::Id(signer.public().into());
	UncheckedExtrinsic::new_signed(call, address, Signature::Sr25519(signature), extension)
}
