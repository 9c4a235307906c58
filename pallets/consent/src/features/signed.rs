//! Grants and revocations signed in the patient's wallet and submitted by someone else.

use crate::*;
use caduceus_primitives::wallet::{check_envelope, EnvelopeError};
use codec::Encode;
use frame_support::{ensure, weights::Weight};
use sp_runtime::{traits::Zero, DispatchError, DispatchResult};

/// What the checks of a wallet-signed payload read from it.
struct SignedEnvelope<'a, T: Config> {
	domain_matches: bool,
	genesis_hash: &'a T::Hash,
	signer: &'a T::AccountId,
	patient: PatientId,
	nonce: u32,
	expires_at: Moment,
}

impl<T: Config> Pallet<T> {
	/// The genesis hash a payload must name.
	fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// Checks what every wallet-signed payload must satisfy: made for this chain (`domain` as
	/// expected, genesis hash), signed by `signer` over `encoded` (raw or wallet-wrapped), not
	/// expired nor expiring too far ahead, by someone who may act for `patient`, with the
	/// patient's next nonce. Returns that nonce.
	fn verify_signed_payload(
		envelope: SignedEnvelope<'_, T>,
		encoded: &[u8],
		signature: &T::WalletSignature,
	) -> Result<u32, DispatchError> {
		let for_this_chain =
			envelope.domain_matches && *envelope.genesis_hash == Self::genesis_hash();
		check_envelope(
			for_this_chain,
			signature,
			encoded,
			envelope.signer,
			Self::now(),
			envelope.expires_at,
			T::MaxSignedConsentLifetime::get(),
		)
		.map_err(|error| match error {
			EnvelopeError::BadSignature => Error::<T>::BadSignature,
			EnvelopeError::Expired => Error::<T>::SignatureExpired,
			EnvelopeError::ExpiryTooFar => Error::<T>::ExpiryTooFar,
		})?;
		Self::ensure_may_act_for(envelope.signer, envelope.patient)?;
		let nonce = PatientCounters::<T>::get(envelope.patient).signed_nonce;
		ensure!(envelope.nonce == nonce, Error::<T>::BadNonce);
		Ok(nonce)
	}

	/// Stores a grant the patient signed in a wallet; the weight of its grant's path, as
	/// [`Pallet::do_grant`].
	pub(crate) fn do_grant_signed(
		consent: SignedConsentOf<T>,
		signature: T::WalletSignature,
	) -> Result<Weight, DispatchError> {
		let envelope = SignedEnvelope {
			domain_matches: consent.domain == SIGNED_CONSENT_DOMAIN,
			genesis_hash: &consent.genesis_hash,
			signer: &consent.signer,
			patient: consent.patient,
			nonce: consent.nonce,
			expires_at: consent.expires_at,
		};
		let nonce = Self::verify_signed_payload(envelope, &consent.encode(), &signature)?;
		let weight = Self::do_grant(consent.patient, consent.signer, consent.terms, true)?;
		Self::set_signed_nonce(consent.patient, nonce.saturating_add(1));
		Ok(weight)
	}

	pub(crate) fn do_revoke_signed(
		revocation: SignedRevocationOf<T>,
		signature: T::WalletSignature,
	) -> DispatchResult {
		let envelope = SignedEnvelope {
			domain_matches: revocation.domain == SIGNED_REVOCATION_DOMAIN,
			genesis_hash: &revocation.genesis_hash,
			signer: &revocation.signer,
			patient: revocation.patient,
			nonce: revocation.nonce,
			expires_at: revocation.expires_at,
		};
		let nonce = Self::verify_signed_payload(envelope, &revocation.encode(), &signature)?;
		Self::do_revoke(revocation.patient, revocation.consent, revocation.signer)?;
		Self::set_signed_nonce(revocation.patient, nonce.saturating_add(1));
		Ok(())
	}

	pub(crate) fn do_cancel_signed_consents(patient: PatientId, by: T::AccountId) {
		let next_nonce = PatientCounters::<T>::mutate(patient, |counters| {
			counters.signed_nonce = counters.signed_nonce.saturating_add(1);
			counters.signed_nonce
		});
		Self::record(patient, &by, ConsentActivity::SignedConsentsCancelled { next_nonce });
		Self::deposit_event(Event::SignedConsentsCancelled { patient, next_nonce, by });
	}

	/// Sets the nonce `patient`'s next wallet-signed payload must carry.
	fn set_signed_nonce(patient: PatientId, nonce: u32) {
		PatientCounters::<T>::mutate(patient, |counters| counters.signed_nonce = nonce);
	}
}
