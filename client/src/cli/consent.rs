//! `caduceus consent …`.

use super::{hex_bytes, secret_key, Context};
use caduceus_client::{
	consent::{self, Grantee, SignedGrant, Terms},
	keys, vocabulary, AccountId, Chain, Error,
};
use caduceus_primitives::{DataCategory, DAY_MS};
use clap::{Args, Subcommand};
use serde_json::json;

#[derive(Subcommand)]
pub enum ConsentCommand {
	/// Grants access to a patient's data, signed by the patient (or a guardian).
	Grant {
		#[command(flatten)]
		terms: TermsArgs,
	},
	/// Revokes a grant.
	Revoke {
		#[arg(long)]
		patient: u64,
		#[arg(long)]
		consent: u64,
	},
	/// Blocks an organisation or a practitioner from a patient's data: the block overrides
	/// every grant to it until lifted (by the patient or a guardian).
	Block {
		#[command(flatten)]
		party: PartyArgs,
	},
	/// Lifts a block.
	Unblock {
		#[command(flatten)]
		party: PartyArgs,
	},
	/// Asks whether an account may act on a patient's data of a category for a purpose now.
	Check {
		#[arg(long)]
		patient: u64,
		/// The account asking (a practitioner's).
		#[arg(long)]
		accessor: AccountId,
		#[arg(long)]
		category: String,
		/// The patient's category key (32 bytes hex, or @FILE: a 0600 file holding it), which
		/// names the category's slot.
		#[arg(long)]
		category_key: String,
		#[arg(long, default_value = "treatment")]
		purpose: String,
		#[arg(long, default_value = "read")]
		action: String,
	},
	/// Signs a grant as the patient's wallet does (`<Bytes>`-wrapped), for someone else to
	/// submit; prints the signed payload as JSON. Offline when --genesis, --nonce and --now are
	/// given.
	Sign {
		#[command(flatten)]
		terms: TermsArgs,
		/// The chain's genesis hash.
		#[arg(long, requires_all = ["nonce", "now"])]
		genesis: Option<String>,
		/// The patient's next signed-payload nonce.
		#[arg(long, requires_all = ["genesis", "now"])]
		nonce: Option<u32>,
		/// The chain's time now, in milliseconds.
		#[arg(long, requires_all = ["genesis", "nonce"])]
		now: Option<u64>,
		/// How long the payload may wait to be submitted, in hours.
		#[arg(long, default_value_t = 24)]
		expires_in_hours: u64,
		/// Write the signed payload to this file instead of standard output.
		#[arg(long)]
		out: Option<std::path::PathBuf>,
	},
	/// Submits a grant signed in a wallet (the JSON `consent sign` prints), paid by the signer.
	SubmitSigned { file: std::path::PathBuf },
	/// Pages a patient's consent history, oldest first.
	History {
		#[arg(long)]
		patient: u64,
		#[arg(long, default_value_t = 0)]
		from: u64,
		#[arg(long, default_value_t = 20)]
		limit: u32,
	},
}

/// A grant's terms as typed.
#[derive(Args)]
pub struct TermsArgs {
	#[arg(long)]
	patient: u64,
	/// The organisation granted access.
	#[arg(long, conflicts_with = "practitioner", required_unless_present = "practitioner")]
	org: Option<u32>,
	/// The practitioner granted access.
	#[arg(long)]
	practitioner: Option<AccountId>,
	/// Data categories, comma-separated (`lab-results,medications`).
	#[arg(long)]
	categories: String,
	/// The patient's category key (32 bytes hex, or @FILE: a 0600 file holding it).
	#[arg(long)]
	category_key: String,
	/// Purposes, comma-separated.
	#[arg(long, default_value = "treatment")]
	purposes: String,
	/// Actions, comma-separated.
	#[arg(long, default_value = "read")]
	actions: String,
	/// For a grant to an organisation, the roles of its practitioners covered, comma-separated
	/// (`claims-officer`); none: the clinical roles.
	#[arg(long, default_value = "")]
	roles: String,
	/// For how many days from now.
	#[arg(long, default_value_t = 30)]
	days: u64,
	/// The salted hash of the source document (a signed form, a FHIR Consent).
	#[arg(long)]
	source_document: Option<String>,
}

impl TermsArgs {
	fn terms(&self, now: u64) -> Result<Terms, Error> {
		let grantee = grantee(self.org, self.practitioner.clone())?;
		Ok(Terms {
			grantee,
			categories: vocabulary::parse_list(&self.categories)?,
			category_key: secret_key("--category-key", &self.category_key)?,
			purposes: vocabulary::parse_list(&self.purposes)?,
			actions: vocabulary::parse_list(&self.actions)?,
			roles: vocabulary::parse_list(&self.roles)?,
			valid_until: now.saturating_add(self.days.saturating_mul(DAY_MS)),
			source_document: self
				.source_document
				.as_deref()
				.map(|h| hex_bytes::<32>("--source-document", h).map(Into::into))
				.transpose()?,
		})
	}
}

pub async fn run(context: &Context, command: ConsentCommand) -> Result<(), Error> {
	match command {
		ConsentCommand::Grant { terms } => {
			let signer = context.signer()?;
			terms.terms(0)?; // what was typed is checked before the node is asked anything
			let chain = context.chain().await?;
			let id =
				consent::grant(&chain, &signer, terms.patient, &terms.terms(chain.now().await?)?)
					.await?;
			context.out.object(&[("consent", json!(id)), ("patient", json!(terms.patient))]);
		},
		ConsentCommand::Revoke { patient, consent: id } => {
			let signer = context.signer()?;
			let chain = context.chain().await?;
			consent::revoke(&chain, &signer, patient, id).await?;
			context.out.object(&[("revoked", json!(id)), ("patient", json!(patient))]);
		},
		ConsentCommand::Block { party } => block(context, party, true).await?,
		ConsentCommand::Unblock { party } => block(context, party, false).await?,
		ConsentCommand::Check { patient, accessor, category, category_key, purpose, action } => {
			let category: DataCategory = vocabulary::parse(&category)?;
			let key = secret_key("--category-key", &category_key)?;
			let (purpose, action) = (vocabulary::parse(&purpose)?, vocabulary::parse(&action)?);
			let chain = context.chain().await?;
			let answer =
				consent::check_access(&chain, patient, accessor, category, &key, purpose, action)
					.await?;
			let (allowed, why) = match answer {
				Ok(ground) => (true, format!("{ground:?}")),
				Err(denial) => (false, format!("{denial:?}")),
			};
			context.out.object(&[("allowed", json!(allowed)), ("because", json!(why))]);
		},
		ConsentCommand::Sign { terms, genesis, nonce, now, expires_in_hours, out } => {
			let signer = context.signer()?;
			terms.terms(0)?;
			let (genesis, nonce, now) = match (genesis, nonce, now) {
				(Some(genesis), Some(nonce), Some(now)) => {
					(hex_bytes::<32>("--genesis", &genesis)?.into(), nonce, now)
				},
				_ => {
					let chain = context.chain().await?;
					let nonce = consent::next_signed_nonce(&chain, terms.patient).await?;
					(chain.genesis_hash(), nonce, chain.now().await?)
				},
			};
			let expires_at = now.saturating_add(expires_in_hours.saturating_mul(3_600_000));
			let payload = consent::signed_consent(
				genesis,
				terms.patient,
				keys::account(&signer),
				nonce,
				expires_at,
				&terms.terms(now)?,
			)?;
			let signed = consent::sign(&payload, &signer)?;
			let text =
				serde_json::to_string_pretty(&signed).map_err(|e| Error::Other(e.to_string()))?;
			match out {
				Some(path) => super::write_file(&path, text.as_bytes())?,
				None => println!("{text}"),
			}
		},
		ConsentCommand::SubmitSigned { file } => {
			let signer = context.signer()?;
			let text = super::read_file(&file)?;
			let signed: SignedGrant = serde_json::from_slice(&text).map_err(|e| {
				Error::Input(format!("{}: not a signed consent ({e})", file.display()))
			})?;
			let chain = context.chain().await?;
			let id = consent::submit_signed(&chain, &signer, &signed).await?;
			context.out.object(&[("consent", json!(id))]);
		},
		ConsentCommand::History { patient, from, limit } => {
			let chain: Chain = context.chain().await?;
			let page = consent::history(&chain, patient, from, limit).await?;
			context.out.log(
				"activity",
				page.iter()
					.map(|e| (e.sequence, e.at, e.actor.to_string(), format!("{:?}", e.activity))),
			);
		},
	}
	Ok(())
}

/// The organisation or the practitioner named.
fn grantee(org: Option<u32>, practitioner: Option<AccountId>) -> Result<Grantee, Error> {
	match (org, practitioner) {
		(Some(org), _) => Ok(Grantee::Organisation(org)),
		(None, Some(account)) => Ok(Grantee::Practitioner(account)),
		(None, None) => Err(Error::Input("name --org or --practitioner".into())),
	}
}

/// A patient and an organisation or practitioner of theirs.
#[derive(Args)]
pub struct PartyArgs {
	#[arg(long)]
	patient: u64,
	/// An organisation: all its practitioners.
	#[arg(long, required_unless_present = "practitioner", conflicts_with = "practitioner")]
	org: Option<u32>,
	/// One practitioner's account.
	#[arg(long)]
	practitioner: Option<AccountId>,
}

/// `consent block` (`blocked`) or `consent unblock`.
async fn block(context: &Context, args: PartyArgs, blocked: bool) -> Result<(), Error> {
	let party = grantee(args.org, args.practitioner)?;
	let signer = context.signer()?;
	consent::block(&context.chain().await?, &signer, args.patient, &party, blocked).await?;
	let shown = match &party {
		Grantee::Organisation(org) => json!({ "organisation": org }),
		Grantee::Practitioner(account) => json!({ "practitioner": account.to_string() }),
	};
	let what = if blocked { "blocked" } else { "unblocked" };
	context.out.object(&[(what, shown), ("patient", json!(args.patient))]);
	Ok(())
}
