//! Payloads that a person signs in a wallet and someone else submits.
//!
//! Wallets (polkadot.js extension, Talisman, SubWallet) sign arbitrary bytes through
//! `signRaw`/`signMessage` only after wrapping them in `<Bytes>` … `</Bytes>`, so that a signed
//! message can never be a valid transaction. A signature is accepted over the payload either
//! as it is or wrapped that way.

use alloc::vec::Vec;
use sp_runtime::traits::{IdentifyAccount, Verify};

/// The prefix wallets put before the bytes they are asked to sign.
pub const WALLET_PREFIX: &[u8] = b"<Bytes>";
/// The suffix wallets put after the bytes they are asked to sign.
pub const WALLET_SUFFIX: &[u8] = b"</Bytes>";

/// `payload` as a wallet signs it: `<Bytes>payload</Bytes>`.
pub fn wallet_wrapped(payload: &[u8]) -> Vec<u8> {
	[WALLET_PREFIX, payload, WALLET_SUFFIX].concat()
}

/// Whether `signature` is `signer`'s signature of `payload`, raw or wrapped by a wallet.
pub fn verify_wallet_signature<S>(
	signature: &S,
	payload: &[u8],
	signer: &<S::Signer as IdentifyAccount>::AccountId,
) -> bool
where
	S: Verify,
	S::Signer: IdentifyAccount,
{
	signature.verify(payload, signer) || signature.verify(&wallet_wrapped(payload)[..], signer)
}
