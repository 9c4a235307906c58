//! `caduceus chain`, `caduceus org …`, `caduceus patient …`.

use super::Context;
use caduceus_client::{identity, keys, runtime, Error};
use caduceus_primitives::paging::Order;
use clap::Subcommand;
use serde_json::{json, Value};

#[derive(Subcommand)]
pub enum OrgCommand {
	/// Lists organisations, oldest first (or newest first), a page at a time.
	List {
		/// Start after this organisation id (the last one of the previous page).
		#[arg(long)]
		after: Option<u32>,
		/// How many to list (at most the chain's page size).
		#[arg(long, default_value_t = 20)]
		limit: u32,
		/// Newest first.
		#[arg(long)]
		newest_first: bool,
	},
	/// Shows one organisation.
	Show { id: u32 },
	/// Moves a council motion to register an organisation (signed by a council member).
	Register {
		#[arg(long)]
		name: String,
		/// hospital, clinic, laboratory, pharmacy, insurer, manufacturer, distributor, regulator…
		#[arg(long)]
		kind: String,
		/// The account that will run it.
		#[arg(long)]
		admin: caduceus_client::AccountId,
		/// Its licence or registration number (public).
		#[arg(long)]
		licence: Option<String>,
	},
	/// Moves a council motion to suspend an organisation (signed by a council member).
	Suspend { id: u32 },
	/// Attests a practitioner of the signer's organisation (signed by its admin).
	Attest {
		#[arg(long)]
		practitioner: caduceus_client::AccountId,
		/// physician, nurse, pharmacist, lab-technician, claims-officer, privacy-officer…
		#[arg(long)]
		role: String,
		/// The credential checked off chain (hashed under a fresh salt).
		#[arg(long)]
		credential: std::path::PathBuf,
	},
}

#[derive(Subcommand)]
pub enum PatientCommand {
	/// Registers the signing account as a patient, optionally committing to demographic data
	/// (a file, hashed with a fresh salt: keep the salt the command prints).
	Register {
		#[arg(long)]
		demographics: Option<std::path::PathBuf>,
	},
	/// Shows a patient's profile: account, guardians, pending move.
	Show { id: u64 },
	/// Guardians: a patient appoints or removes one; a guardian resigns.
	#[command(subcommand)]
	Guardian(GuardianCommand),
	/// Moving a patient to a new account (a new wallet, a lost key's replacement).
	#[command(subcommand)]
	Move(MoveCommand),
}

#[derive(Subcommand)]
pub enum GuardianCommand {
	/// Appoints a guardian or delegate of the signing patient.
	Appoint {
		#[arg(long)]
		guardian: caduceus_client::AccountId,
		/// all, consent, records or emergency.
		#[arg(long, default_value = "all")]
		scope: String,
		/// For how many days from now; none: until removed.
		#[arg(long)]
		days: Option<u64>,
	},
	/// Removes a guardian of a patient (signed by the patient).
	Remove {
		#[arg(long)]
		patient: u64,
		#[arg(long)]
		guardian: caduceus_client::AccountId,
	},
	/// Gives up guardianship of a patient (signed by the guardian).
	Resign {
		#[arg(long)]
		patient: u64,
	},
}

#[derive(Subcommand)]
pub enum MoveCommand {
	/// Starts moving the signing patient to a new account, which must accept.
	Start {
		#[arg(long)]
		to: caduceus_client::AccountId,
	},
	/// Accepts a patient's move to the signing account.
	Accept {
		#[arg(long)]
		patient: u64,
	},
	/// Cancels the signing patient's pending move.
	Cancel,
}

/// `caduceus chain`.
pub async fn chain(context: &Context) -> Result<(), Error> {
	let chain = context.chain().await?;
	let version = chain.runtime_api(runtime::runtime_apis().core().version()).await?;
	let at = chain.at_finalized().await?;
	context.out.object(&[
		("url", json!(chain.url())),
		("genesis", json!(format!("{:?}", chain.genesis_hash()))),
		("runtime", json!(version.spec_name)),
		("spec_version", json!(version.spec_version)),
		("finalized", json!(at.block_number())),
	]);
	Ok(())
}

/// `caduceus org …`.
pub async fn org(context: &Context, command: OrgCommand) -> Result<(), Error> {
	use caduceus_client::vocabulary;
	match command {
		OrgCommand::List { after, limit, newest_first } => {
			let order = if newest_first { Order::NewestFirst } else { Order::OldestFirst };
			let page =
				identity::organisations(&context.chain().await?, after, limit, order).await?;
			let rows: Vec<Vec<Value>> = page.iter().map(|(id, org)| row(*id, org)).collect();
			context.out.table(&["id", "name", "kind", "status", "practitioners", "admin"], &rows);
		},
		OrgCommand::Show { id } => {
			let org = identity::organisation(&context.chain().await?, id)
				.await?
				.ok_or_else(|| Error::Query(format!("no organisation {id}")))?;
			let fields = ["id", "name", "kind", "status", "practitioners", "admin"];
			let mut pairs: Vec<(&str, Value)> = fields.into_iter().zip(row(id, &org)).collect();
			pairs.push(("gln", json!(org.identifiers.gln.map(|g| text(&g)))));
			pairs.push(("npi", json!(org.identifiers.npi.map(|n| text(&n)))));
			context.out.object(&pairs);
		},
		OrgCommand::Register { name, kind, admin, licence } => {
			let kind = vocabulary::parse(&kind)?;
			let motion = identity::register_organisation(kind, &name, admin, licence.as_deref())?;
			super::governance::propose(context, motion).await?;
		},
		OrgCommand::Suspend { id } => {
			super::governance::propose(context, identity::suspend_organisation(id)).await?
		},
		OrgCommand::Attest { practitioner, role, credential } => {
			let signer = context.signer()?;
			let role = vocabulary::parse(&role)?;
			let salt: [u8; 32] = caduceus_client::records::random_bytes()?;
			let credential = super::read_file(&credential)?;
			let hash = caduceus_primitives::salted::document_hash(&salt, &credential);
			let chain = context.chain().await?;
			let org = identity::attest(&chain, &signer, practitioner.clone(), role, hash).await?;
			context.out.object(&[
				("organisation", json!(org)),
				("practitioner", json!(practitioner.to_string())),
				("role", json!(vocabulary::name(&role))),
				("credential_salt", json!(format!("0x{}", hex::encode(salt)))),
			]);
		},
	}
	Ok(())
}

fn row(id: u32, org: &identity::Organisation) -> Vec<Value> {
	vec![
		json!(id),
		json!(text(&org.name.0)),
		json!(format!("{:?}", org.kind)),
		json!(format!("{:?}", org.status)),
		json!(org.practitioners),
		json!(org.admin.to_string()),
	]
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

/// `caduceus patient …`.
pub async fn patient(context: &Context, command: PatientCommand) -> Result<(), Error> {
	match command {
		PatientCommand::Register { demographics } => {
			let signer = context.signer()?;
			let demographics = demographics.map(|path| super::read_file(&path)).transpose()?;
			let chain = context.chain().await?;
			let registered =
				identity::register_patient(&chain, &signer, demographics.as_deref()).await?;
			context.out.object(&[
				("patient", json!(registered.patient)),
				("account", json!(keys::account(&signer).to_string())),
				(
					"demographics_salt",
					json!(registered.salt.map(|s| format!("0x{}", hex::encode(s)))),
				),
			]);
		},
		PatientCommand::Guardian(command) => guardian(context, command).await?,
		PatientCommand::Move(command) => {
			let signer = context.signer()?;
			let chain = context.chain().await?;
			match command {
				MoveCommand::Start { to } => {
					identity::start_move(&chain, &signer, to.clone()).await?;
					context.out.object(&[("moving_to", json!(to.to_string()))]);
				},
				MoveCommand::Accept { patient } => {
					identity::accept_move(&chain, &signer, patient).await?;
					let account = keys::account(&signer).to_string();
					context.out.object(&[("patient", json!(patient)), ("account", json!(account))]);
				},
				MoveCommand::Cancel => {
					identity::cancel_move(&chain, &signer).await?;
					context.out.object(&[("move_cancelled", json!(true))]);
				},
			}
		},
		PatientCommand::Show { id } => {
			let chain = context.chain().await?;
			let view = identity::patient(&chain, id)
				.await?
				.ok_or_else(|| Error::Query(format!("no patient {id}")))?;
			let guardians: Vec<String> =
				view.profile.guardians.0.iter().map(|g| g.guardian.to_string()).collect();
			context.out.object(&[
				("patient", json!(id)),
				("account", json!(view.profile.account.to_string())),
				("guardians", json!(guardians)),
				("registered_by", json!(view.profile.registered_by)),
				("moving_to", json!(view.moving_to.map(|a| a.to_string()))),
			]);
		},
	}
	Ok(())
}

/// `caduceus patient guardian …`.
async fn guardian(context: &Context, command: GuardianCommand) -> Result<(), Error> {
	let signer = context.signer()?;
	let chain = context.chain().await?;
	match command {
		GuardianCommand::Appoint { guardian, scope, days } => {
			let scope: caduceus_primitives::GuardianScope =
				caduceus_client::vocabulary::parse(&scope)?;
			let expires_at = match days {
				Some(days) => Some(
					chain
						.now()
						.await?
						.saturating_add(days.saturating_mul(caduceus_primitives::DAY_MS)),
				),
				None => None,
			};
			identity::appoint_guardian(&chain, &signer, guardian.clone(), scope, expires_at)
				.await?;
			context.out.object(&[
				("guardian", json!(guardian.to_string())),
				("scope", json!(caduceus_client::vocabulary::name(&scope))),
				("expires_at", json!(expires_at)),
			]);
		},
		GuardianCommand::Remove { patient, guardian } => {
			identity::remove_guardian(&chain, &signer, patient, guardian.clone()).await?;
			context
				.out
				.object(&[("removed", json!(guardian.to_string())), ("patient", json!(patient))]);
		},
		GuardianCommand::Resign { patient } => {
			identity::resign_guardianship(&chain, &signer, patient).await?;
			context.out.object(&[("resigned", json!(patient))]);
		},
	}
	Ok(())
}
