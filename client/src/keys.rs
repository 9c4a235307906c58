//! Key pairs: from a secret URI (`//Alice`, a mnemonic with an optional `//derivation`, a
//! `0x…` seed), from a key file holding one, or from an account exported by polkadot.js (the
//! extension's or Apps' "export account": a JSON file encrypted with a password).

use crate::Error;
use subxt_signer::{sr25519::Keypair, SecretUri};

/// The key pair of secret URI `suri`.
pub fn from_suri(suri: &str) -> Result<Keypair, Error> {
	let uri: SecretUri = suri.trim().parse().map_err(|e| Error::Key(format!("{e}")))?;
	Keypair::from_uri(&uri).map_err(|e| Error::Key(format!("{e}")))
}

/// The environment variable holding the password of a polkadot.js key file, for scripts; a
/// person at a terminal is asked for it instead.
pub const PASSWORD_VARIABLE: &str = "CADUCEUS_KEY_PASSWORD";

/// The key pair of key file `path`: a secret URI, or a polkadot.js JSON export decrypted with
/// the password in [`PASSWORD_VARIABLE`] or typed at the terminal. The file must be readable by
/// its owner only (mode 0600 or stricter), as any private key's: an encrypted export is only as
/// strong as its password against someone who can copy it.
pub fn from_file(path: &std::path::Path) -> Result<Keypair, Error> {
	let shown = path.display().to_string();
	let text = read_private(path)?;
	let pair = match text.trim_start().starts_with('{') {
		true => from_polkadot_js(&text, &shown),
		false => from_suri(&text),
	};
	pair.map_err(|e| match e {
		Error::Key(why) => Error::Key(format!("{shown}: {why}")),
		other => other,
	})
}

/// The key pair of a polkadot.js JSON export (scrypt and xsalsa20-poly1305, sr25519 only).
fn from_polkadot_js(json: &str, shown: &str) -> Result<Keypair, Error> {
	use subxt_signer::polkadot_js_compat::{decrypt_json, Error as Export};
	ensure_whole_export(json)?;
	let password = match std::env::var(PASSWORD_VARIABLE) {
		Ok(password) => password,
		Err(_) => rpassword::prompt_password(format!("Password of {shown}: ")).map_err(|e| {
			Error::Key(format!(
				"an encrypted polkadot.js export: set {PASSWORD_VARIABLE} or run at a terminal ({e})"
			))
		})?,
	};
	decrypt_json(json, &password).map_err(|e| {
		Error::Key(match e {
			Export::Secretbox(_) => "wrong password (or a damaged file)".into(),
			Export::Json(e) => format!("not a polkadot.js account export: {e}"),
			Export::UnsupportedEncoding => {
				"an export this version cannot read (sr25519, scrypt and xsalsa20-poly1305 only)"
					.into()
			},
			other => other.to_string(),
		})
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

/// Refuses an export whose encrypted part is too short to hold its own header (the scrypt salt
/// and parameters, and the nonce: 68 bytes), which subxt-signer 0.51 would slice out of bounds
/// before checking: a truncated or damaged file is an error, not a crash.
fn ensure_whole_export(json: &str) -> Result<(), Error> {
	let export: serde_json::Value = serde_json::from_str(json)
		.map_err(|e| Error::Key(format!("not a polkadot.js account export: {e}")))?;
	let encoded = export.get("encoded").and_then(|e| e.as_str()).unwrap_or_default();
	// Base64 carries 3 bytes in every 4 characters.
	if encoded.trim_end_matches('=').len() * 3 / 4 <= 68 {
		return Err(Error::Key(
			"a damaged polkadot.js export: its encrypted key is cut short".into(),
		));
	}
	Ok(())
}

/// The account of `pair`.
pub fn account(pair: &Keypair) -> crate::AccountId {
	pair.public_key().to_account_id()
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::os::unix::fs::PermissionsExt;

	/// //Alice exported from polkadot.js with password `whoisalice` (subxt-signer's own test
	/// vector).
	const ALICE_EXPORT: &str = include_str!("../tests/fixtures/alice-polkadot-js.json");

	#[test]
	fn a_polkadot_js_export_opens_with_its_password_only() {
		let dir = std::env::temp_dir().join(format!("caduceus-keys-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let path = dir.join("alice.json");
		std::fs::write(&path, ALICE_EXPORT).unwrap();
		std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
		let shown = path.display().to_string();
		// The password comes from the environment in this test (no terminal to ask at).
		std::env::set_var(PASSWORD_VARIABLE, "whoisalice");
		let pair = from_file(&path).unwrap();
		assert_eq!(account(&pair), account(&from_suri("//Alice").unwrap()));
		std::env::set_var(PASSWORD_VARIABLE, "whoisbob");
		let wrong = from_file(&path).err().map(|e| e.to_string());
		assert_eq!(wrong, Some(format!("bad key: {shown}: wrong password (or a damaged file)")));
		// Cut short, it is refused before any password is tried (subxt-signer would panic).
		let export: serde_json::Value = serde_json::from_str(ALICE_EXPORT).unwrap();
		let encoded = export["encoded"].as_str().unwrap();
		std::fs::write(&path, ALICE_EXPORT.replace(encoded, &encoded[..60])).unwrap();
		let damaged = from_file(&path).err().map(|e| e.to_string());
		assert_eq!(
			damaged,
			Some(format!(
				"bad key: {shown}: a damaged polkadot.js export: its encrypted key is cut short"
			))
		);
		std::env::remove_var(PASSWORD_VARIABLE);
		std::fs::remove_dir_all(&dir).unwrap();
	}
}
