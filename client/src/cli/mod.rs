//! The subcommands, one module per capability, and what they share: the connection, the
//! signing key and how answers are printed.

mod claims;
mod consent;
mod governance;
mod identity;
mod output;
mod records;
mod supply_chain;

use caduceus_client::{keys, Chain, Error};
use clap::{Args, Parser, Subcommand};
use output::Output;
use subxt_signer::sr25519::Keypair;

/// The command line of a Caduceus chain: organisations and the council's motions, patients,
/// consent, records, the drug supply chain and claims.
#[derive(Parser)]
#[command(name = "caduceus", version, about)]
pub struct Cli {
	#[command(flatten)]
	global: Global,
	#[command(subcommand)]
	command: Command,
}

/// Options every subcommand takes.
#[derive(Args, Clone)]
pub struct Global {
	/// The node's WebSocket endpoint.
	#[arg(long, global = true, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The signing key as a secret URI (`//Alice`, a mnemonic, a `0x` seed). Prefer --key-file
	/// outside development: a command line is visible to other users of the machine.
	#[arg(long, global = true, conflicts_with = "key_file")]
	suri: Option<String>,
	/// A file (mode 0600) holding the signing key: its secret URI, or an account exported from
	/// polkadot.js (JSON; the password is asked for, or read from CADUCEUS_KEY_PASSWORD).
	#[arg(long, global = true)]
	key_file: Option<std::path::PathBuf>,
	/// Print answers as JSON instead of tables.
	#[arg(long, global = true)]
	json: bool,
}

#[derive(Subcommand)]
enum Command {
	/// The chain: its name, runtime and last finalized block.
	Chain,
	/// The signing key's account (SS58), from --suri or --key-file; needs no node.
	Account,
	/// Transfers funds (CAD) to an account, keeping the signer's alive: an organisation's new
	/// admin needs some to pay its first transactions' fees.
	Transfer {
		#[arg(long)]
		to: caduceus_client::AccountId,
		#[arg(long)]
		amount: String,
	},
	/// Organisations: list, show, register and suspend (council motions), attest practitioners.
	#[command(subcommand)]
	Org(identity::OrgCommand),
	/// Patients: register, show, guardians, moving to a new account.
	#[command(subcommand)]
	Patient(identity::PatientCommand),
	/// Consent: grant, revoke, block, check, sign offline, submit a signed payload, history.
	#[command(subcommand)]
	Consent(consent::ConsentCommand),
	/// Records: anchor a file, verify a file, request access, page the audit trail.
	#[command(subcommand)]
	Records(records::RecordsCommand),
	/// Supply chain: products, commissioning from a CSV, packing, shipping, receiving,
	/// dispensing, verifying a scanned package, recalling a lot and the reach of its recall.
	#[command(subcommand)]
	Supply(supply_chain::SupplyCommand),
	/// Claims: define a plan from a file, enrol, fund, submit, estimate, appeal, list.
	#[command(subcommand)]
	Claims(claims::ClaimsCommand),
	/// The council: vote on and close the consortium's motions.
	#[command(subcommand)]
	Council(governance::CouncilCommand),
}

/// What a subcommand works with.
pub struct Context {
	global: Global,
	out: Output,
}

impl Context {
	/// A connection to the node.
	async fn chain(&self) -> Result<Chain, Error> {
		Chain::connect(&self.global.url).await
	}

	/// The signing key given with --suri or --key-file.
	fn signer(&self) -> Result<Keypair, Error> {
		match (&self.global.suri, &self.global.key_file) {
			(Some(suri), _) => keys::from_suri(suri),
			(None, Some(path)) => keys::from_file(path),
			(None, None) => Err(Error::Key("this command signs: give --suri or --key-file".into())),
		}
	}
}

/// Runs the command line's command.
pub async fn run(cli: Cli) -> Result<(), Error> {
	let context = Context { out: Output { json: cli.global.json }, global: cli.global };
	match cli.command {
		Command::Chain => identity::chain(&context).await,
		Command::Account => {
			let account = keys::account(&context.signer()?);
			context.out.object(&[("account", serde_json::json!(account.to_string()))]);
			Ok(())
		},
		Command::Transfer { to, amount } => {
			let amount = caduceus_client::claims::parse_amount(&amount)?;
			let signer = context.signer()?;
			let chain = context.chain().await?;
			caduceus_client::identity::transfer(&chain, &signer, to.clone(), amount).await?;
			context.out.object(&[
				("to", serde_json::json!(to.to_string())),
				("amount", serde_json::json!(caduceus_client::claims::show_amount(amount))),
			]);
			Ok(())
		},
		Command::Org(command) => identity::org(&context, command).await,
		Command::Patient(command) => identity::patient(&context, command).await,
		Command::Consent(command) => consent::run(&context, command).await,
		Command::Records(command) => records::run(&context, command).await,
		Command::Supply(command) => supply_chain::run(&context, command).await,
		Command::Claims(command) => claims::run(&context, command).await,
		Command::Council(command) => governance::run(&context, command).await,
	}
}

/// Bytes from `0x`-prefixed (or bare) hex, for keys, salts and hashes typed on the command line.
pub fn hex_bytes<const N: usize>(what: &str, text: &str) -> Result<[u8; N], Error> {
	let bytes = hex::decode(text.trim().trim_start_matches("0x"))
		.map_err(|e| Error::Input(format!("{what}: not hex ({e})")))?;
	bytes
		.try_into()
		.map_err(|b: Vec<u8>| Error::Input(format!("{what}: {} bytes, expected {N}", b.len())))
}

/// A 32-byte secret key (a patient's category key, a plan's billing key, a pointer key): `text`
/// is its hex, or `@FILE`, a file (mode 0600) holding the hex, which keeps the key out of the
/// process list and the shell's history.
pub fn secret_key(what: &str, text: &str) -> Result<[u8; 32], Error> {
	match text.strip_prefix('@') {
		Some(path) => {
			let hex = caduceus_client::keys::read_private(std::path::Path::new(path))?;
			hex_bytes(&format!("{what} {text}"), &hex)
		},
		None => hex_bytes(what, text),
	}
}

/// A file's bytes, or a one-line error naming it.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, Error> {
	std::fs::read(path)
		.map_err(|e| Error::File { path: path.display().to_string(), reason: e.to_string() })
}

/// Writes `bytes` to a new file readable by its owner only (it may hold signed payloads); an
/// existing file is never overwritten.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), Error> {
	use std::{io::Write, os::unix::fs::OpenOptionsExt};
	let failed =
		|e: std::io::Error| Error::File { path: path.display().to_string(), reason: e.to_string() };
	let mut file = std::fs::OpenOptions::new()
		.write(true)
		.create_new(true)
		.mode(0o600)
		.open(path)
		.map_err(failed)?;
	file.write_all(bytes).map_err(failed)
}
