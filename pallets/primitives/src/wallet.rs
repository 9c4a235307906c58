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

/// Why a wallet-signed payload (a consent, a revocation, an erasure request) is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EnvelopeError {
	/// Made for another purpose or chain (domain, genesis hash), or not signed by its signer.
	BadSignature,
	/// Its expiry has passed.
	Expired,
	/// Its expiry is further ahead than the chain accepts.
	ExpiryTooFar,
}

/// What every wallet-signed payload must satisfy, whatever it asks: made for this chain and
/// purpose (`for_this_chain`: its domain separator and genesis hash match), signed by `signer`
/// over `encoded` (raw or wallet-wrapped), and submitted before `expires_at`, which lies at
/// most `max_lifetime` after `now`. Who the signer may act for and the nonce are the pallet's.
pub fn check_envelope<S>(
	for_this_chain: bool,
	signature: &S,
	encoded: &[u8],
	signer: &<S::Signer as IdentifyAccount>::AccountId,
	now: crate::Moment,
	expires_at: crate::Moment,
	max_lifetime: crate::Moment,
) -> Result<(), EnvelopeError>
where
	S: Verify,
	S::Signer: IdentifyAccount,
{
	if !(for_this_chain && verify_wallet_signature(signature, encoded, signer)) {
		return Err(EnvelopeError::BadSignature);
	}
	if now > expires_at {
		return Err(EnvelopeError::Expired);
	}
	// `now <= expires_at` (checked above), so the difference never saturates.
	if expires_at.saturating_sub(now) > max_lifetime {
		return Err(EnvelopeError::ExpiryTooFar);
	}
	Ok(())
}
