//! Billing codes as keyed tokens (`docs/privacy.md`).
//!
//! A claim names the services billed (CPT/HCPCS procedures, NDC drugs, CDT dental codes) and the
//! claim names the patient: in clear, every consortium member would read who was billed for an
//! HIV test or a methadone dose. Instead each plan has a secret **billing key**, which the insurer
//! shares off chain with the providers in its network, and the chain sees only tokens:
//!
//! ```text
//! token = first 16 bytes of BLAKE2b-256(domain ‖ key ‖ code)
//! ```
//!
//! - `domain` is [`BILLING_CODES`]; `code` is the code's ASCII text as published, upper case,
//!   without separators: a CPT or HCPCS code as its 5 characters (`99213`, `J1745`), an NDC in
//!   its 11-digit 5-4-2 form (`00031234567`), so that the insurer and every provider compute the
//!   same token;
//! - the key is drawn at random and never published: a token under a key anyone knows (all
//!   zeroes, a test key) is as readable as the code;
//! - BLAKE2b is a keyed hash without length extension, so the key in front makes this a MAC: no
//!   one without the key can compute the token of a code, so no dictionary of the ten thousand
//!   CPT codes reverses it;
//! - a code has one token per plan, so fee schedules, yearly unit limits, duplicate checks and
//!   prior authorisations compare tokens exactly as they compared codes, and the insurer and its
//!   providers read them back by computing the tokens of the codes they bill.
//!
//! A pharmacy line names the drug unit it dispensed the same way, so that no outsider reads
//! which drug a patient received (the supply chain shows every unit, its product and who
//! dispensed it):
//!
//! ```text
//! unit token = first 16 bytes of BLAKE2b-256(unit domain ‖ key ‖ element string)
//! ```
//!
//! - the unit domain is [`DRUG_UNITS`]; the element string is the unit's GS1 SGTIN as printed
//!   under its 2D barcode, with parentheses and nothing else: `(01)` and the 14-digit GTIN,
//!   `(21)` and the serial (`(01)00312345678906(21)SN0001`);
//! - a unit has one token per plan: it is billed once under a plan (`UnitsClaimed`), and the
//!   insurer, computing the tokens of the units a pharmacy dispensed (which the supply chain
//!   shows), reads back which unit a line billed.

/// A plan's billing key: 32 random bytes drawn by the insurer.
pub type BillingKey = [u8; 32];

/// A billing code's token under a plan's key.
pub type CodeToken = [u8; 16];

/// The domain of billing-code tokens.
pub const BILLING_CODES: &[u8] = b"caduceus:billing-code:v1";

/// A dispensed drug unit's token under a plan's key.
pub type UnitToken = [u8; 16];

/// The domain of drug-unit tokens.
pub const DRUG_UNITS: &[u8] = b"caduceus:drug-unit:v1";

/// Whether `bytes` could be a token: not every byte printable ASCII or zero. Text in clear, as
/// fixed-width formats pad it with spaces or as a zero-filled array holds it, is not. (A token
/// under a random key is all printable or zero about once in 10⁷ for 16 bytes.)
pub fn token_shaped(bytes: &[u8]) -> bool {
	!bytes.iter().all(|byte| *byte == 0 || (0x20..=0x7e).contains(byte))
}

/// The token of `code` under `key`.
pub fn code_token(key: &BillingKey, code: &[u8]) -> CodeToken {
	keyed(BILLING_CODES, key, code)
}

/// The GS1 element string `(01)<gtin>(21)<serial>` of a unit: what [`unit_token`] hashes.
pub fn sgtin_element_string(gtin: &[u8], serial: &[u8]) -> alloc::vec::Vec<u8> {
	[&b"(01)"[..], gtin, &b"(21)"[..], serial].concat()
}

/// The first 16 bytes of `BLAKE2b-256(domain ‖ key ‖ text)`.
fn keyed(domain: &[u8], key: &BillingKey, text: &[u8]) -> [u8; 16] {
	use sp_runtime::traits::{BlakeTwo256, Hash};
	let digest = BlakeTwo256::hash(&[domain, &key[..], text].concat());
	let mut token = [0; 16];
	token.copy_from_slice(&digest.0[..16]);
	token
}

/// The token of the unit whose SGTIN element string is `element_string` under `key`.
pub fn unit_token(key: &BillingKey, element_string: &[u8]) -> UnitToken {
	keyed(DRUG_UNITS, key, element_string)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_code_s_token_depends_on_the_plan_s_key() {
		let (a, b) = ([1; 32], [2; 32]);
		assert_eq!(code_token(&a, b"99213"), code_token(&a, b"99213"));
		assert_ne!(code_token(&a, b"99213"), code_token(&b, b"99213"));
		assert_ne!(code_token(&a, b"99213"), code_token(&a, b"99214"));
		let unsalted = sp_io::hashing::blake2_256(b"99213");
		assert_ne!(&code_token(&a, b"99213")[..], &unsalted[..16]);
	}

	/// The vector the Rust and TypeScript clients check themselves against (also computed with
	/// Python's `hashlib.blake2b(digest_size=32)`): key 0x00..1f, code `99213`.
	#[test]
	fn published_vector() {
		let key: BillingKey = core::array::from_fn(|i| i as u8);
		let hex = sp_core::hexdisplay::HexDisplay::from(&code_token(&key, b"99213")).to_string();
		assert_eq!(hex, "ccf3aa43a84958f27f01e314176336ac");
	}

	#[test]
	fn a_unit_s_token_is_not_its_code_s_and_depends_on_the_key() {
		let (a, b) = ([1; 32], [2; 32]);
		let unit = b"(01)00312345678906(21)SN0001";
		assert_eq!(&sgtin_element_string(b"00312345678906", b"SN0001")[..], &unit[..]);
		assert_eq!(unit_token(&a, unit), unit_token(&a, unit));
		assert_ne!(unit_token(&a, unit), unit_token(&b, unit));
		assert_ne!(unit_token(&a, unit), code_token(&a, unit));
		assert_ne!(unit_token(&a, unit), unit_token(&a, b"(01)00312345678906(21)SN0002"));
	}

	/// Key 0x00..1f, unit `(01)00312345678906(21)SN0001` (Python:
	/// `blake2b(b"caduceus:drug-unit:v1" + key + unit, digest_size=32).hexdigest()[:32]`).
	#[test]
	fn published_unit_vector() {
		let key: BillingKey = core::array::from_fn(|i| i as u8);
		let token = unit_token(&key, b"(01)00312345678906(21)SN0001");
		let hex = sp_core::hexdisplay::HexDisplay::from(&token).to_string();
		assert_eq!(hex, "e94d2027fe53aec31847e6743150f947");
	}
}
