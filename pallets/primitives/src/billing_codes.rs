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

/// A plan's billing key: 32 random bytes drawn by the insurer.
pub type BillingKey = [u8; 32];

/// A billing code's token under a plan's key.
pub type CodeToken = [u8; 16];

/// The domain of billing-code tokens.
pub const BILLING_CODES: &[u8] = b"caduceus:billing-code:v1";

/// The token of `code` under `key`.
pub fn code_token(key: &BillingKey, code: &[u8]) -> CodeToken {
	use sp_runtime::traits::{BlakeTwo256, Hash};
	let digest = BlakeTwo256::hash(&[BILLING_CODES, &key[..], code].concat());
	let mut token = [0; 16];
	token.copy_from_slice(&digest.0[..16]);
	token
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
}
