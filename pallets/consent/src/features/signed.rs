//! Grants signed in the patient's wallet and submitted by someone else.

use crate::*;
use caduceus_primitives::wallet::verify_wallet_signature;
use codec::Encode;
use frame_support::ensure;
use sp_runtime::{traits::Zero, DispatchResult};

impl<T: Config> Pallet<T> {
	/// The genesis hash a payload must name.
	fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	pub(crate) fn do_grant_signed(
		consent: SignedConsentOf<T>,
		signature: T::WalletSignature,
	) -> DispatchResult {
		let for_this_chain =
			consent.domain == SIGNED_CONSENT_DOMAIN && consent.genesis_hash == Self::genesis_hash();
		ensure!(
			for_this_chain
				&& verify_wallet_signature(&signature, &consent.encode(), &consent.signer),
			Error::<T>::BadSignature
		);
		let now = Self::now();
		ensure!(now <= consent.expires_at, Error::<T>::SignatureExpired);
		ensure!(
			consent.expires_at - now <= T::MaxSignedConsentLifetime::get(),
			Error::<T>::ExpiryTooFar
		);
		Self::ensure_may_act_for(&consent.signer, consent.patient)?;
		let nonce = SignedConsentNonce::<T>::get(consent.patient);
		ensure!(consent.nonce == nonce, Error::<T>::BadNonce);
		Self::do_grant(consent.patient, consent.signer, consent.terms, true)?;
		SignedConsentNonce::<T>::insert(consent.patient, nonce.saturating_add(1));
		Ok(())
	}

	pub(crate) fn do_cancel_signed_consents(patient: PatientId, by: T::AccountId) {
		let next_nonce = SignedConsentNonce::<T>::mutate(patient, |nonce| {
			*nonce = nonce.saturating_add(1);
			*nonce
		});
		Self::record(patient, &by, ConsentActivity::SignedConsentsCancelled { next_nonce });
		Self::deposit_event(Event::SignedConsentsCancelled { patient, next_nonce, by });
	}
}
