//! Erasure (GDPR art. 17 by crypto-shredding): the pointers go, the anchors and the trail stay.
//! The patient (or a guardian with full authority) erases; an organisation only on the
//! patient's wallet-signed request; the consortium where the law requires it.

use crate::*;
use caduceus_primitives::{
	wallet::{check_envelope, EnvelopeError},
	GuardianScope, Registry,
};
use codec::Encode;
use frame_support::{ensure, traits::Get, PalletId};
use sp_runtime::traits::{AccountIdConversion, BlakeTwo256, Hash, Zero};

/// The account the consortium's erasures are written to the trail under.
const CONSORTIUM_ERASER: PalletId = PalletId(*b"cad/cnsr");

/// Who erases, on what authority.
pub(crate) enum Eraser<AccountId> {
	/// The patient or a guardian with full authority.
	Patient(AccountId),
	/// An organisation's admin or privacy officer, on the patient's signed request (its hash).
	Organisation { who: AccountId, organisation: OrgId, request: ContentHash },
	/// The consortium.
	Consortium,
}

impl<T: Config> Pallet<T> {
	/// On what authority `who` erases record `id` with `request`: the patient's own, or the
	/// author organisation's on a valid signed request (whose nonce it uses).
	pub(crate) fn eraser(
		who: &T::AccountId,
		id: RecordId,
		request: Option<SignedErasureRequestOf<T>>,
	) -> Result<Eraser<T::AccountId>, Error<T>> {
		let record = Anchors::<T>::get(id).ok_or(Error::<T>::UnknownRecord)?;
		let (patient, _) = record.patient().ok_or(Error::<T>::NotAPatientRecord)?;
		if request.is_none() && T::Registry::may_act_for(who, patient, GuardianScope::All) {
			return Ok(Eraser::Patient(who.clone()));
		}
		let organisation = record
			.author_organisation
			.filter(|organisation| Self::erases_for_organisation(who, *organisation))
			.ok_or(Error::<T>::NotAllowedToErase)?;
		let signed = request.ok_or(Error::<T>::RequestDocumentRequired)?;
		let request = Self::use_erasure_request(signed, id, patient)?;
		Ok(Eraser::Organisation { who: who.clone(), organisation, request })
	}

	/// Checks a wallet-signed erasure request of record `id` of `patient` and uses its nonce;
	/// returns its hash.
	fn use_erasure_request(
		signed: SignedErasureRequestOf<T>,
		id: RecordId,
		patient: PatientId,
	) -> Result<ContentHash, Error<T>> {
		let SignedErasureRequest { request, signature } = signed;
		let encoded = request.encode();
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let for_this_chain =
			request.domain == ERASURE_REQUEST_DOMAIN && request.genesis_hash == genesis;
		check_envelope(
			for_this_chain,
			&signature,
			&encoded,
			&request.signer,
			Self::now(),
			request.expires_at,
			T::MaxErasureRequestLifetime::get(),
		)
		.map_err(|error| match error {
			EnvelopeError::BadSignature => Error::<T>::BadSignature,
			EnvelopeError::Expired => Error::<T>::RequestExpired,
			EnvelopeError::ExpiryTooFar => Error::<T>::ExpiryTooFar,
		})?;
		ensure!(
			request.record == id && request.patient == patient,
			Error::<T>::NotTheRequestedRecord
		);
		ensure!(
			T::Registry::may_act_for(&request.signer, patient, GuardianScope::All),
			Error::<T>::SignerMayNotErase
		);
		ErasureNonce::<T>::try_mutate(patient, |nonce| {
			ensure!(request.nonce == *nonce, Error::<T>::BadNonce);
			*nonce = nonce.saturating_add(1);
			Ok::<_, Error<T>>(())
		})?;
		Ok(BlakeTwo256::hash(&encoded))
	}

	/// The consortium erases record `id`'s document; returns how many versions.
	pub(crate) fn do_erase_by_consortium(id: RecordId) -> Result<u32, Error<T>> {
		Self::do_erase(CONSORTIUM_ERASER.into_account_truncating(), id, Eraser::Consortium)
	}

	/// Erases every version of the document `id` belongs to, by `eraser` (written to the trail
	/// as `actor`); returns how many.
	pub(crate) fn do_erase(
		actor: T::AccountId,
		id: RecordId,
		eraser: Eraser<T::AccountId>,
	) -> Result<u32, Error<T>> {
		let record = Anchors::<T>::get(id).ok_or(Error::<T>::UnknownRecord)?;
		let (patient, _) = record.patient().ok_or(Error::<T>::NotAPatientRecord)?;
		ensure!(record.erased_at.is_none(), Error::<T>::RecordErased);
		let (erased_by, organisation, request) = match eraser {
			Eraser::Patient(who) => (Some(who), None, None),
			Eraser::Organisation { who, organisation, request } => {
				(Some(who), Some(organisation), Some(request))
			},
			Eraser::Consortium => (None, None, None),
		};
		let at = Self::now();
		let versions = Self::version_ids(record.first_version);
		for version in &versions {
			Pointers::<T>::remove(version);
			Anchors::<T>::mutate_extant(version, |record| record.erased_at = Some(at));
		}
		let count = versions.len() as u32;
		Self::log(
			patient,
			&actor,
			organisation,
			AuditEvent::Erased { record: id, versions: count, request },
		);
		Self::deposit_event(Event::RecordErased {
			record: id,
			patient,
			versions,
			erased_by,
			request,
			at,
		});
		Ok(count)
	}

	/// The identifiers of a document's versions, first to last, from its first version.
	pub(crate) fn version_ids(first_version: RecordId) -> ErasedVersionsOf<T> {
		let mut versions = ErasedVersionsOf::<T>::new();
		let mut next = Some(first_version);
		while let Some(id) = next {
			if versions.try_push(id).is_err() {
				break;
			}
			next = Anchors::<T>::get(id).and_then(|record| record.superseded_by);
		}
		versions
	}
}
