//! Key pairs: from a secret URI (`//Alice`, a mnemonic with an optional `//derivation`, a
//! `0x…` seed) or from a key file holding one.

use crate::Error;
use subxt_signer::{sr25519::Keypair, SecretUri};

/// The key pair of secret URI `suri`.
pub fn from_suri(suri: &str) -> Result<Keypair, Error> {
	let uri: SecretUri = suri.trim().parse().map_err(|e| Error::Key(format!("{e}")))?;
	Keypair::from_uri(&uri).map_err(|e| Error::Key(format!("{e}")))
}

/// The key pair whose secret URI is the content of `path`. The file must be readable by its
/// owner only (mode 0600 or stricter), as any private key's.
pub fn from_file(path: &std::path::Path) -> Result<Keypair, Error> {
	let shown = path.display().to_string();
	let suri = read_private(path)?;
	from_suri(&suri).map_err(|e| match e {
		Error::Key(why) => Error::Key(format!("{shown}: {why}")),
		other => other,
	})
}

/// The text of `path`, a file holding a secret: it must be readable by its owner only (mode
/// 0600 or stricter).
pub fn read_private(path: &std::path::Path) -> Result<String, Error> {
	use std::os::unix::fs::PermissionsExt;
	let shown = path.display().to_string();
	let metadata = std::fs::metadata(path).map_err(|e| Error::Key(format!("{shown}: {e}")))?;
	if metadata.permissions().mode() & 0o077 != 0 {
		return Err(Error::Key(format!(
			"{shown} can be read by others: make it private with `chmod 600 {shown}`"
		)));
	}
	std::fs::read_to_string(path).map_err(|e| Error::Key(format!("{shown}: {e}")))
}

/// The account of `pair`.
pub fn account(pair: &Keypair) -> crate::AccountId {
	pair.public_key().to_account_id()
}
