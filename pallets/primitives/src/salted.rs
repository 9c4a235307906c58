//! The one scheme by which every hash of a document or of demographic data put on chain is
//! made (`docs/privacy.md`):
//!
//! ```text
//! commitment = BLAKE2b-256(domain ‖ salt ‖ content)
//! ```
//!
//! - `domain`: a fixed tag per kind of content ([`DOCUMENT`], [`DEMOGRAPHICS`]), so a hash of
//!   one kind never matches another;
//! - `salt`: 32 random bytes drawn by whoever makes the content (the author's system for a
//!   document, the patient's wallet for demographics), kept with the content off chain and
//!   shared only with those entitled to check it; never on chain;
//! - `content`: the exact bytes (a FHIR resource as stored, the demographic record as the
//!   patient's wallet serialises it).
//!
//! Without the salt, no dictionary of likely contents (a standard lab panel, a name and a birth
//! date) reverses a hash or tells two patients' equal documents apart. The chain cannot tell a
//! salted hash from an unsalted one: the clients apply this scheme, and the same function here
//! is what they are tested against (the vectors below).

use crate::traits::ContentHash;

/// 32 random bytes, drawn afresh for every document or demographic record.
pub type Salt = [u8; 32];

/// The domain of a document's hash (records, consent source documents, evidence, reports).
pub const DOCUMENT: &[u8] = b"caduceus:document:v1";

/// The domain of a patient's demographic commitment.
pub const DEMOGRAPHICS: &[u8] = b"caduceus:demographics:v1";

/// `BLAKE2b-256(domain ‖ salt ‖ content)`.
pub fn commitment(domain: &[u8], salt: &Salt, content: &[u8]) -> ContentHash {
	use sp_runtime::traits::{BlakeTwo256, Hash};
	BlakeTwo256::hash(&[domain, &salt[..], content].concat())
}

/// The hash of a document, as anchored in the records pallet.
pub fn document_hash(salt: &Salt, document: &[u8]) -> ContentHash {
	commitment(DOCUMENT, salt, document)
}

/// A patient's commitment to their demographic data, as kept by the identity pallet.
pub fn demographic_commitment(salt: &Salt, demographics: &[u8]) -> ContentHash {
	commitment(DEMOGRAPHICS, salt, demographics)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_scheme_is_domain_salt_content() {
		let salt = [7u8; 32];
		let expected: ContentHash = sp_io::hashing::blake2_256(
			&[b"caduceus:document:v1".as_slice(), &[7u8; 32], b"{}"].concat(),
		)
		.into();
		assert_eq!(document_hash(&salt, b"{}"), expected);
	}

	#[test]
	fn a_dictionary_without_the_salt_does_not_match() {
		let panel = b"{\"resourceType\":\"Observation\",\"code\":\"HIV-1 Ab\"}";
		let unsalted: ContentHash = sp_io::hashing::blake2_256(panel).into();
		let salted = document_hash(&[1; 32], panel);
		assert_ne!(salted, unsalted);
		assert_ne!(salted, document_hash(&[2; 32], panel), "equal documents differ by salt");
		assert_ne!(salted, demographic_commitment(&[1; 32], panel), "domains differ");
	}

	/// The vectors the Rust and TypeScript clients check themselves against (also computed with
	/// Python's `hashlib.blake2b(digest_size=32)`): salt 0x00..1f, content `caduceus`.
	#[test]
	fn published_vectors() {
		let salt: Salt = core::array::from_fn(|i| i as u8);
		let hex = |h: ContentHash| sp_core::hexdisplay::HexDisplay::from(&h.0).to_string();
		assert_eq!(
			hex(document_hash(&salt, b"caduceus")),
			"20abbea719dd2d0a73b355ac005c912c9a53ada4a2631752bc93c4d0494aef3d"
		);
		assert_eq!(
			hex(demographic_commitment(&salt, b"caduceus")),
			"d09fb02660f5ac940997e11754be228f82851ac527a8bbc739d357b2fe9a3cf3"
		);
	}
}
