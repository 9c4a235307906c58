//! Records: documents anchored by a salted hash and an encrypted pointer, verified against a
//! file, asked for under consent, and the patient's audit trail.
//!
//! The document never reaches the chain: its hash is `caduceus_primitives::salted` over a
//! fresh 32-byte salt kept with the document, and where it is kept (the pointer) is sealed
//! before it is anchored ([`seal_pointer`]).

use crate::{
	recode, runtime, runtime::runtime_types::pallet_records::types as chain, Chain, Error,
};
use caduceus_primitives::{
	category_slots::slot_of, salted::document_hash, CategoryKey, DataCategory, Purpose,
};
use subxt::utils::H256;
use subxt_signer::sr25519::Keypair;

/// 32 random bytes from the operating system: a fresh salt or nonce.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], Error> {
	let mut bytes = [0u8; N];
	getrandom::getrandom(&mut bytes).map_err(|e| Error::Other(format!("no randomness: {e}")))?;
	Ok(bytes)
}

/// The sizes a pointer is padded to before it is sealed, its 2-byte length included: every
/// pointer of up to 254 bytes seals to 296 bytes, and a longer one (up to 470) to 512, the
/// chain's `MaxPointerLength`. Unpadded, a pointer's length would be on chain, and a FHIR
/// address's length tells its resource type (`…/fhir/Observation/42`, `…/fhir/Immunization/42`).
pub const PADDED_POINTER: [usize; 2] = [256, 472];

/// The pointer as anchored: `nonce ‖ XChaCha20-Poly1305(key, nonce, len ‖ pointer ‖ 0…)`, its
/// length a 2-byte little-endian prefix and the whole padded with zeroes to one of
/// [`PADDED_POINTER`], sealed under the author's 32-byte pointer key, so that only systems
/// holding the key learn where the document lives. The 24-byte nonce is fresh for every pointer.
pub fn seal_pointer(key: &[u8; 32], pointer: &[u8]) -> Result<Vec<u8>, Error> {
	use chacha20poly1305::{aead::Aead, KeyInit, XChaCha20Poly1305};
	let prefixed = pointer.len().saturating_add(2);
	let size = PADDED_POINTER.into_iter().find(|size| prefixed <= *size).ok_or_else(|| {
		Error::Input(format!("the pointer has {} bytes: at most 470 are sealed", pointer.len()))
	})?;
	let mut plain = Vec::with_capacity(size);
	plain.extend((pointer.len() as u16).to_le_bytes());
	plain.extend(pointer);
	plain.resize(size, 0);
	let nonce: [u8; 24] = random_bytes()?;
	let sealed = XChaCha20Poly1305::new(key.into())
		.encrypt(&nonce.into(), &plain[..])
		.map_err(|_| Error::Input("the pointer cannot be sealed".into()))?;
	Ok([&nonce[..], &sealed[..]].concat())
}

/// The pointer sealed by [`seal_pointer`] under `key`, or `None` if the key is not the one, the
/// bytes were changed or they do not hold a padded pointer.
pub fn open_pointer(key: &[u8; 32], sealed: &[u8]) -> Option<Vec<u8>> {
	use chacha20poly1305::{aead::Aead, KeyInit, XChaCha20Poly1305};
	let (nonce, cipher) = sealed.split_at_checked(24)?;
	let nonce: [u8; 24] = nonce.try_into().ok()?;
	let plain = XChaCha20Poly1305::new(key.into()).decrypt(&nonce.into(), cipher).ok()?;
	let (length, padded) = plain.split_at_checked(2)?;
	let length = usize::from(u16::from_le_bytes(length.try_into().ok()?));
	let (pointer, padding) = padded.split_at_checked(length)?;
	padding.iter().all(|byte| *byte == 0).then(|| pointer.to_vec())
}

/// A document to anchor.
pub struct Document<'a> {
	/// Whose data it is.
	pub patient: u64,
	/// The document's exact bytes (a FHIR resource as stored).
	pub content: &'a [u8],
	/// What data it holds.
	pub category: DataCategory,
	/// The patient's category key.
	pub category_key: CategoryKey,
	/// Where the document is kept.
	pub pointer: &'a str,
	/// The key the pointer is sealed under.
	pub pointer_key: [u8; 32],
}

/// What anchoring gave: the record's id, and the salt to keep with the document (without it
/// no one can verify the document against the chain).
pub struct Anchored {
	/// The record's id.
	pub record: u64,
	/// The salted hash anchored.
	pub content_hash: H256,
	/// The salt.
	pub salt: [u8; 32],
}

/// Anchors `document` as `author` (a practitioner or organisation the patient's consent lets
/// write records of that category).
pub async fn anchor(
	chain: &Chain,
	author: &Keypair,
	document: &Document<'_>,
) -> Result<Anchored, Error> {
	let salt: [u8; 32] = random_bytes()?;
	let content_hash = document_hash(&salt, document.content);
	let pointer = seal_pointer(&document.pointer_key, document.pointer.as_bytes())?;
	let at = chain.at_finalized().await?;
	let most = at.constants().entry(runtime::constants().records().max_pointer_length());
	let most = most.map_err(crate::error::other)? as usize;
	if pointer.len() > most {
		return Err(Error::Input(format!(
			"--pointer: {} bytes once sealed, the chain takes at most {most}",
			pointer.len()
		)));
	}
	let record = chain::NewRecord {
		patient: document.patient,
		content_hash,
		pointer: crate::BoundedVec(pointer),
		category: recode(&slot_of(&document.category_key, document.category))?,
	};
	let done = chain.submit(&runtime::tx().records().anchor(record), author).await?;
	let anchored = done.event::<runtime::records::events::RecordAnchored>()?;
	Ok(Anchored { record: anchored.record, content_hash, salt })
}

/// The records anchoring `content` hashed with `salt`: who anchored them, for whom, when.
pub async fn verify(
	chain: &Chain,
	content: &[u8],
	salt: &[u8; 32],
) -> Result<chain::DocumentPage<crate::AccountId, u32>, Error> {
	let hash = document_hash(salt, content);
	chain.runtime_api(runtime::runtime_apis().records_api().verify_document(hash, None)).await
}

/// Asks to read `record` for `purpose`; the chain checks consent and writes the answer to the
/// patient's audit trail either way. `Ok(Ok(ground))` when granted, `Ok(Err(reason))` when
/// refused.
pub async fn request_access(
	chain: &Chain,
	accessor: &Keypair,
	record: u64,
	purpose: Purpose,
) -> Result<Result<String, String>, Error> {
	let call = runtime::tx().records().request_access(record, recode(&purpose)?);
	let done = chain.submit(&call, accessor).await?;
	let first = |found: Option<Result<String, subxt::error::EventsError>>| found.transpose();
	let granted = done.events.find_first::<runtime::records::events::AccessGranted>();
	if let Some(ground) =
		first(granted.map(|e| e.map(|e| format!("{:?}", e.ground)))).map_err(crate::error::other)?
	{
		return Ok(Ok(ground));
	}
	// Denied by consent (on the patient's trail), or refused before consent was asked.
	let denied = done.events.find_first::<runtime::records::events::AccessDenied>();
	if let Some(reason) =
		first(denied.map(|e| e.map(|e| format!("{:?}", e.reason)))).map_err(crate::error::other)?
	{
		return Ok(Err(reason));
	}
	let refused = done.event::<runtime::records::events::AccessRefused>()?;
	Ok(Err(format!("{:?}", refused.reason)))
}

/// Up to `limit` entries of `patient`'s audit trail from sequence number `from` on.
pub async fn trail(
	chain: &Chain,
	patient: u64,
	from: u64,
	limit: u32,
) -> Result<Vec<chain::AuditEntry<crate::AccountId, u32>>, Error> {
	let page = runtime::runtime_apis().records_api().audit_trail(patient, from, limit);
	chain.runtime_api(page).await?.map_err(|e| Error::Query(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_sealed_pointer_opens_with_its_key_only_and_not_once_changed() {
		let key = [7u8; 32];
		let sealed = seal_pointer(&key, b"https://ehr.example/fhir/Observation/42").unwrap();
		assert!(!sealed.windows(3).any(|w| w == b"ehr"), "the pointer is not in clear");
		assert_eq!(
			open_pointer(&key, &sealed).unwrap(),
			b"https://ehr.example/fhir/Observation/42"
		);
		assert_eq!(open_pointer(&[8u8; 32], &sealed), None);
		let mut changed = sealed.clone();
		changed[30] ^= 1;
		assert_eq!(open_pointer(&key, &changed), None);
		assert_ne!(seal_pointer(&key, b"same").unwrap(), seal_pointer(&key, b"same").unwrap());
	}

	/// The attack: unpadded, a sealed FHIR address was as long as the address, so its length on
	/// chain told the record's resource type (`Observation` is shorter than `Immunization`).
	#[test]
	fn a_sealed_pointer_does_not_tell_its_length() {
		let key = [7u8; 32];
		let lengths: Vec<usize> = ["Observation", "Immunization", "MedicationRequest"]
			.iter()
			.map(|fhir_type| {
				let pointer = format!("https://ehr.example/fhir/{fhir_type}/42");
				seal_pointer(&key, pointer.as_bytes()).unwrap().len()
			})
			.collect();
		assert_eq!(lengths, [296, 296, 296]);
		assert_eq!(seal_pointer(&key, &[b'x'; 254]).unwrap().len(), 296);
		let long = seal_pointer(&key, &[b'x'; 255]).unwrap();
		assert_eq!((long.len(), open_pointer(&key, &long).unwrap().len()), (512, 255));
		assert!(seal_pointer(&key, &[b'x'; 471]).is_err(), "longer than the chain keeps");
	}

	/// A pointer sealed by an independent XChaCha20-Poly1305 (Python: HChaCha20, then the
	/// `cryptography` package's ChaCha20-Poly1305; key 0x07 × 32, nonce 0x00..17, the pointer's
	/// length and the pointer padded to 256 bytes) opens; the same vector as the TypeScript
	/// client's.
	#[test]
	fn a_pointer_sealed_by_an_independent_implementation_opens() {
		let sealed = hex::decode(INDEPENDENT_VECTOR).unwrap();
		assert_eq!(
			open_pointer(&[7u8; 32], &sealed).unwrap(),
			b"https://ehr.example/fhir/Observation/42"
		);
	}

	const INDEPENDENT_VECTOR: &str = "000102030405060708090a0b0c0d0e0f10111213141516178f17c3f18e6c289f0ae8e42f94cccad43ebb487b71d851199a6f98cef8bff1e5755ffb059afa71c424e1347d37acf0fcfe774bcc847000dad800affdaa81ca998aa1c50efde0564a50ed1f0c7a642aad2c2e94d7b4ebe463e68e57b6dd04b75aa6591167725dd77466838d2a7171b368bbb1396e0683fea647a2dcb54243ada522dde39159be6af77ea63f03e18b787716a16ce4b521ad44650b60f682a96c4125d8e4b3a94f3387f200a4272666db65eb134dafc2dac75eb19eb812b3e69b0c7599b751b1b0ab1af548758b4192654a1936891b16c97d7ab6b2544bc2156fcc5e0089cb408acb7d2fd771c8e85eb56300c8522aa96f4ed6e614556a49516809d11d3f6b428656021203203a07e18d4c";
}
