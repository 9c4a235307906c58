//! What benchmarks need from outside a pallet: participants registered in the identity registry,
//! and wallet keys for calls that carry a patient's wallet signature.

use crate::{OrgId, OrgKind, PatientId, Role};

use sp_runtime::{traits::IdentifyAccount, AccountId32, MultiSignature, MultiSigner};

/// Registers participants in benchmarks: a pallet only reads the registry, the runtime (or a
/// pallet's mock) knows how to write it.
pub trait Participants<AccountId> {
	/// Registers an active organisation of `kind`.
	fn organisation(kind: OrgKind) -> OrgId;
	/// The admin account of organisation `org` (registered by [`Participants::organisation`]).
	fn admin(org: OrgId) -> AccountId;
	/// Attests `who` as an active practitioner of `organisation` with `role`.
	fn practitioner(who: &AccountId, organisation: OrgId, role: Role);
	/// Registers `who` as a patient.
	fn patient(who: &AccountId) -> PatientId;
}

/// Makes key pairs and wallet signatures in benchmarks, where a pallet cannot know the
/// runtime's key types.
pub trait WalletKeys<Signature, AccountId> {
	/// A new key pair's account.
	fn new_signer() -> AccountId;
	/// `signer`'s signature of `payload`.
	fn sign(signer: &AccountId, payload: &[u8]) -> Signature;
}

/// sr25519 keys generated in the keystore: works in the runtime (the benchmark CLI provides a
/// keystore) and in a pallet's mock (which registers a memory keystore).
pub struct Sr25519Keys;

const KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"cadu");

impl WalletKeys<MultiSignature, AccountId32> for Sr25519Keys {
	fn new_signer() -> AccountId32 {
		let public = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
		MultiSigner::from(public).into_account()
	}

	fn sign(signer: &AccountId32, payload: &[u8]) -> MultiSignature {
		let public = sp_core::sr25519::Public::from_raw(*signer.as_ref());
		sp_io::crypto::sr25519_sign(KEY_TYPE, &public, payload)
			.expect("the key was generated in the keystore")
			.into()
	}
}
