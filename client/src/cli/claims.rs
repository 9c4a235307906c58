//! `caduceus claims …`.

use super::{secret_key, Context};
use caduceus_client::{
	claims::{self, Line, Party, PlanFile},
	keys, Error,
};
use clap::{ArgGroup, Args, Subcommand};
use serde_json::{json, Value};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ClaimsCommand {
	/// Defines a plan from a JSON file (signed by the insurer's admin or a claims officer); its
	/// billing codes become tokens under the plan's billing key.
	DefinePlan {
		#[arg(long)]
		file: PathBuf,
		/// The plan's billing key (32 bytes hex, or @FILE: a 0600 file holding it), given to the
		/// providers it pays, off chain.
		#[arg(long)]
		billing_key: String,
		/// The claims officer in whose name claims are adjudicated.
		#[arg(long)]
		adjudicator: caduceus_client::AccountId,
	},
	/// Enrols a patient in a plan from today (signed by the insurer).
	Enrol {
		#[arg(long)]
		plan: u32,
		#[arg(long)]
		patient: u64,
		#[arg(long, default_value_t = 365)]
		days: u64,
	},
	/// Funds the insurer's pool, in CAD; waiting claims are paid from it at once.
	Fund {
		#[arg(long)]
		amount: String,
	},
	/// Submits a claim served today (signed by a practitioner of the provider); it is
	/// adjudicated in the same transaction.
	Submit {
		#[command(flatten)]
		claim: ClaimArgs,
	},
	/// What a claim would pay if the signer submitted it now, without submitting it.
	Estimate {
		#[command(flatten)]
		claim: ClaimArgs,
	},
	/// Asks the plan's insurer to authorise a service in advance (signed by a practitioner of
	/// the provider); claim lines cite the authorisation's id.
	RequestAuthorisation {
		#[command(flatten)]
		cover: Cover,
		/// The billing code in clear; it reaches the chain as a token under the billing key.
		#[arg(long)]
		code: String,
		#[arg(long)]
		units: u32,
	},
	/// Approves a requested prior authorisation for some units, or denies it (signed by the
	/// insurer's admin or a claims officer).
	#[command(group(ArgGroup::new("decision").required(true).args(["units", "deny"])))]
	DecideAuthorisation {
		authorisation: u64,
		/// Approves this many units.
		#[arg(long)]
		units: Option<u32>,
		/// Denies the authorisation.
		#[arg(long)]
		deny: bool,
		/// With --units: for services within this many days from now.
		#[arg(long, default_value_t = 90, conflicts_with = "deny")]
		days: u64,
	},
	/// Decides a claim's pended lines (a possible duplicate): approved, they are priced and
	/// paid; denied, they stay denied (signed by the insurer's admin or a claims officer).
	#[command(group(ArgGroup::new("decision").required(true).args(["approve", "deny"])))]
	Review {
		claim: u64,
		/// Prices and pays the pended lines.
		#[arg(long)]
		approve: bool,
		/// Denies the pended lines for the suspicion that pended them.
		#[arg(long)]
		deny: bool,
	},
	/// Appeals a claim, citing evidence (a file, hashed under a fresh salt).
	Appeal {
		claim: u64,
		#[arg(long)]
		evidence: PathBuf,
	},
	/// Decides a claim's appeal (signed by the insurer's admin or a claims officer).
	#[command(group(ArgGroup::new("decision").required(true).args(["overturn", "uphold"])))]
	DecideAppeal {
		claim: u64,
		/// Adjudicates the denied lines again without the administrative edits (filing window,
		/// provider standing, prior authorisation) and pays the difference.
		#[arg(long)]
		overturn: bool,
		/// The remittance stands.
		#[arg(long)]
		uphold: bool,
	},
	/// Lists the claims of a patient, a provider or an insurer, newest first, with what was
	/// paid.
	List {
		#[arg(long, conflicts_with_all = ["provider", "insurer"], required_unless_present_any = ["provider", "insurer"])]
		patient: Option<u64>,
		#[arg(long)]
		provider: Option<u32>,
		#[arg(long)]
		insurer: Option<u32>,
		#[arg(long, default_value_t = 20)]
		limit: u32,
	},
}

/// The patient, the plan that covers them and the plan's billing key, which a provider names
/// to bill or ask in advance.
#[derive(Args)]
pub struct Cover {
	#[arg(long)]
	patient: u64,
	#[arg(long)]
	plan: u32,
	/// The plan's billing key (32 bytes hex, or @FILE: a 0600 file holding it).
	#[arg(long)]
	billing_key: String,
}

/// A claim as typed.
#[derive(Args)]
pub struct ClaimArgs {
	#[command(flatten)]
	cover: Cover,
	/// A line: `CODE:UNITS:CHARGED`, then optionally `:RECORD` (the anchored record it cites as
	/// evidence) and `:AUTHORISATION` (the prior authorisation it draws on; RECORD may be left
	/// empty: `CODE:UNITS:CHARGED::AUTHORISATION`); CHARGED in CAD. Repeat for each line.
	#[arg(long = "line", required = true)]
	lines: Vec<String>,
}

impl ClaimArgs {
	fn lines(&self) -> Result<Vec<Line>, Error> {
		self.lines.iter().map(|text| parse_line(text)).collect()
	}
}

fn parse_line(text: &str) -> Result<Line, Error> {
	let bad =
		|| Error::Input(format!("--line {text}: CODE:UNITS:CHARGED[:RECORD[:AUTHORISATION]]"));
	let parts: Vec<&str> = text.split(':').collect();
	let (code, units, charged, optional) = match parts[..] {
		[code, units, charged, ref optional @ ..] if optional.len() <= 2 => {
			(code, units, charged, optional)
		},
		_ => return Err(bad()),
	};
	// An id, or nothing when left out or empty.
	let id = |at: usize| match optional.get(at) {
		None | Some(&"") => Ok(None),
		Some(id) => id.parse().map(Some).map_err(|_| bad()),
	};
	Ok(Line {
		code: code.to_string(),
		units: units.parse().map_err(|_| bad())?,
		charged: claims::parse_amount(charged)?,
		evidence: id(0)?,
		prior_authorisation: id(1)?,
	})
}

/// What a decision made of a claim, for the person who took it.
fn remittance(decided: &claims::Adjudicated) -> [(&'static str, Value); 4] {
	[
		("claim", json!(decided.claim)),
		("outcome", json!(decided.outcome)),
		("benefit", json!(claims::show_amount(decided.benefit))),
		("patient_owes", json!(claims::show_amount(decided.patient_responsibility))),
	]
}

pub async fn run(context: &Context, command: ClaimsCommand) -> Result<(), Error> {
	match command {
		ClaimsCommand::DefinePlan { file, billing_key, adjudicator } => {
			let signer = context.signer()?;
			let plan: PlanFile = serde_json::from_slice(&super::read_file(&file)?)
				.map_err(|e| Error::Input(format!("{}: {e}", file.display())))?;
			let key = secret_key("--billing-key", &billing_key)?;
			let chain = context.chain().await?;
			let id = claims::define_plan(&chain, &signer, &plan, &key, adjudicator).await?;
			context.out.object(&[("plan", json!(id)), ("services", json!(plan.services.len()))]);
		},
		ClaimsCommand::Enrol { plan, patient, days } => {
			let signer = context.signer()?;
			claims::enrol(&context.chain().await?, &signer, plan, patient, days).await?;
			context.out.object(&[("enrolled", json!(patient)), ("plan", json!(plan))]);
		},
		ClaimsCommand::Fund { amount } => {
			let (signer, amount) = (context.signer()?, claims::parse_amount(&amount)?);
			claims::fund(&context.chain().await?, &signer, amount).await?;
			context.out.object(&[("funded", json!(claims::show_amount(amount)))]);
		},
		ClaimsCommand::Submit { claim } => {
			let (signer, lines, Cover { patient, plan, billing_key }) =
				(context.signer()?, claim.lines()?, claim.cover);
			let key = secret_key("--billing-key", &billing_key)?;
			let chain = context.chain().await?;
			let decided = claims::submit(&chain, &signer, patient, plan, &lines, &key).await?;
			context.out.object(&remittance(&decided));
		},
		ClaimsCommand::RequestAuthorisation {
			cover: Cover { patient, plan, billing_key },
			code,
			units,
		} => {
			let signer = context.signer()?;
			let key = secret_key("--billing-key", &billing_key)?;
			let chain = context.chain().await?;
			let id = claims::request_prior_authorisation(
				&chain, &signer, patient, plan, &code, units, &key,
			)
			.await?;
			context.out.object(&[("authorisation", json!(id)), ("units", json!(units))]);
		},
		ClaimsCommand::DecideAuthorisation { authorisation, units, deny: _, days } => {
			let signer = context.signer()?;
			let chain = context.chain().await?;
			let status =
				claims::decide_prior_authorisation(&chain, &signer, authorisation, units, days)
					.await?;
			context.out.object(&[
				("authorisation", json!(authorisation)),
				("status", json!(status)),
				("units", json!(units.unwrap_or(0))),
			]);
		},
		ClaimsCommand::Review { claim, approve, deny: _ } => {
			let signer = context.signer()?;
			let decided = claims::review(&context.chain().await?, &signer, claim, approve).await?;
			context.out.object(&remittance(&decided));
		},
		ClaimsCommand::DecideAppeal { claim, overturn, uphold: _ } => {
			let signer = context.signer()?;
			let chain = context.chain().await?;
			let (overturned, decided) =
				claims::decide_appeal(&chain, &signer, claim, overturn).await?;
			let overturned = ("overturned", json!(overturned));
			match decided {
				Some(decided) => {
					let [claim, outcome, benefit, owes] = remittance(&decided);
					context.out.object(&[overturned, claim, outcome, benefit, owes]);
				},
				None => context.out.object(&[("claim", json!(claim)), overturned]),
			}
		},
		ClaimsCommand::Estimate { claim } => {
			let (signer, lines, Cover { patient, plan, billing_key }) =
				(context.signer()?, claim.lines()?, claim.cover);
			let key = secret_key("--billing-key", &billing_key)?;
			let chain = context.chain().await?;
			let submitter = keys::account(&signer);
			let results = claims::estimate(&chain, submitter, patient, plan, &lines, &key).await?;
			let rows: Vec<Vec<Value>> = lines
				.iter()
				.zip(&results)
				.map(|(line, r)| {
					vec![
						json!(line.code),
						json!(r.allowed_units),
						json!(claims::show_amount(r.eligible)),
						json!(claims::show_amount(r.benefit)),
						json!(r
							.adjustments
							.0
							.iter()
							.map(|a| format!(
								"{:?}-{:?} {}",
								a.group,
								a.reason,
								claims::show_amount(a.amount)
							))
							.collect::<Vec<_>>()),
					]
				})
				.collect();
			context
				.out
				.table(&["code", "allowed_units", "eligible", "benefit", "adjustments"], &rows);
		},
		ClaimsCommand::Appeal { claim, evidence } => {
			let signer = context.signer()?;
			let salt: [u8; 32] = caduceus_client::records::random_bytes()?;
			let hash =
				caduceus_primitives::salted::document_hash(&salt, &super::read_file(&evidence)?);
			claims::appeal(&context.chain().await?, &signer, claim, hash).await?;
			context.out.object(&[
				("appealed", json!(claim)),
				("evidence_salt", json!(format!("0x{}", hex::encode(salt)))),
			]);
		},
		ClaimsCommand::List { patient, provider, insurer, limit } => {
			let party = match (patient, provider, insurer) {
				(Some(patient), _, _) => Party::Patient(patient),
				(None, Some(provider), _) => Party::Provider(provider),
				(None, None, Some(insurer)) => Party::Insurer(insurer),
				_ => return Err(Error::Input("name --patient, --provider or --insurer".into())),
			};
			let page = claims::claims_of(&context.chain().await?, party, None, limit).await?;
			let rows: Vec<Vec<Value>> = page
				.iter()
				.map(|(id, c)| {
					let benefit: u128 = c.results.0.iter().map(|r| r.benefit).sum();
					vec![
						json!(id),
						json!(c.patient),
						json!(c.provider),
						json!(c.plan),
						json!(format!("{:?}", c.outcome)),
						json!(claims::show_amount(benefit)),
						json!(claims::show_amount(c.paid)),
						json!(c.appeal.is_some()),
					]
				})
				.collect();
			let columns =
				["claim", "patient", "provider", "plan", "outcome", "benefit", "paid", "appealed"];
			context.out.table(&columns, &rows);
		},
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::parse_line;

	#[test]
	fn a_line_may_cite_a_record_an_authorisation_or_both() {
		let line = parse_line("99213:1:120").unwrap();
		assert_eq!((line.units, line.evidence, line.prior_authorisation), (1, None, None));
		let line = parse_line("80053:2:65.5:7").unwrap();
		assert_eq!((line.evidence, line.prior_authorisation), (Some(7), None));
		let line = parse_line("70553:1:900::3").unwrap();
		assert_eq!((line.evidence, line.prior_authorisation), (None, Some(3)));
		let line = parse_line("70553:1:900:7:3").unwrap();
		assert_eq!((line.evidence, line.prior_authorisation), (Some(7), Some(3)));
		for bad in ["99213:1", "99213:1:120:7:3:9", "99213:one:120", "70553:1:900::x"] {
			assert!(parse_line(bad).is_err(), "{bad}");
		}
	}
}

#[cfg(test)]
mod decisions {
	use crate::cli::Cli;
	use clap::{CommandFactory, Parser};

	/// The command line `caduceus ARGS` parses, or clap's error kind.
	fn parse(args: &[&str]) -> Result<(), clap::error::ErrorKind> {
		Cli::try_parse_from([&["caduceus"], args].concat()).map(|_| ()).map_err(|e| e.kind())
	}

	#[test]
	fn every_decision_takes_exactly_one_of_its_two_answers() {
		Cli::command().debug_assert();
		use clap::error::ErrorKind::{ArgumentConflict, MissingRequiredArgument};
		for (command, yes, no) in [
			(&["claims", "review", "7"][..], "--approve", "--deny"),
			(&["claims", "decide-appeal", "7"], "--overturn", "--uphold"),
			(&["claims", "decide-authorisation", "7"], "--units=1", "--deny"),
		] {
			assert_eq!(parse(command), Err(MissingRequiredArgument), "{command:?}");
			assert_eq!(parse(&[command, &[yes, no]].concat()), Err(ArgumentConflict));
			assert_eq!(parse(&[command, &[yes]].concat()), Ok(()));
			assert_eq!(parse(&[command, &[no]].concat()), Ok(()));
		}
		let denied_for_days = ["claims", "decide-authorisation", "7", "--deny", "--days", "3"];
		assert_eq!(parse(&denied_for_days), Err(ArgumentConflict), "a denial has no term");
	}
}
