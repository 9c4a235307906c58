//! `caduceus council …`, and how a motion's outcome is printed.

use super::Context;
use caduceus_client::{governance, Error};
use clap::Subcommand;
use serde_json::json;
use subxt::utils::H256;

#[derive(Subcommand)]
pub enum CouncilCommand {
	/// Votes on a motion, as a council member.
	Vote {
		/// The motion's hash.
		#[arg(long)]
		motion: String,
		/// The motion's index.
		#[arg(long)]
		index: u32,
		/// Vote against.
		#[arg(long)]
		nay: bool,
	},
	/// Closes a motion with enough ayes: its call is dispatched.
	Close {
		#[arg(long)]
		motion: String,
		#[arg(long)]
		index: u32,
	},
}

pub async fn run(context: &Context, command: CouncilCommand) -> Result<(), Error> {
	let signer = context.signer()?;
	match command {
		CouncilCommand::Vote { motion, index, nay } => {
			let hash = motion_hash(&motion)?;
			governance::vote(&context.chain().await?, &signer, hash, index, !nay).await?;
			context.out.object(&[
				("voted", json!(if nay { "nay" } else { "aye" })),
				("index", json!(index)),
			]);
		},
		CouncilCommand::Close { motion, index } => {
			let hash = motion_hash(&motion)?;
			let outcome = governance::close(&context.chain().await?, &signer, hash, index).await?;
			print(context, &outcome);
		},
	}
	Ok(())
}

fn motion_hash(text: &str) -> Result<H256, Error> {
	super::hex_bytes::<32>("--motion", text).map(H256::from)
}

/// Moves `motion` as the signing council member and prints what came of it.
pub async fn propose(context: &Context, motion: governance::Call) -> Result<(), Error> {
	let signer = context.signer()?;
	let outcome = governance::propose(&context.chain().await?, &signer, motion).await?;
	print(context, &outcome);
	Ok(())
}

/// Prints a motion's outcome: the motion to vote on, or that it was executed.
pub fn print(context: &Context, outcome: &governance::Outcome) {
	match outcome {
		governance::Outcome::Open(motion) => context.out.object(&[
			("motion", json!(format!("{:?}", motion.hash))),
			("index", json!(motion.index)),
			("ayes_needed", json!(motion.threshold)),
			(
				"next",
				json!(
					"other council members vote (council vote), then one closes it (council close)"
				),
			),
		]),
		governance::Outcome::Executed => context.out.object(&[("executed", json!(true))]),
	}
}
