//! `caduceus records …`.

use super::{hex_bytes, output::Progress, secret_key, Context};
use caduceus_client::{records, vocabulary, Error};
use clap::Subcommand;
use serde_json::{json, Value};

#[derive(Subcommand)]
pub enum RecordsCommand {
	/// Anchors files: each one's salted hash and its sealed pointer. Prints each record's id
	/// and the salt to keep with the file (without it no one can verify the file).
	Anchor {
		#[arg(long)]
		patient: u64,
		#[arg(long)]
		category: String,
		/// The patient's category key (32 bytes hex, or @FILE: a 0600 file holding it).
		#[arg(long)]
		category_key: String,
		/// Where the file is kept (sealed before it is anchored); `{file}` stands for each
		/// file's name.
		#[arg(long)]
		pointer: String,
		/// The key pointers are sealed under (32 bytes hex, or @FILE: a 0600 file holding it).
		#[arg(long)]
		pointer_key: String,
		#[arg(required = true)]
		files: Vec<std::path::PathBuf>,
	},
	/// Finds the records anchoring a file, given the salt it was anchored with.
	Verify {
		file: std::path::PathBuf,
		#[arg(long)]
		salt: String,
	},
	/// Asks to read a record for a purpose; the patient's trail keeps the answer either way.
	RequestAccess {
		record: u64,
		#[arg(long, default_value = "treatment")]
		purpose: String,
	},
	/// Pages a patient's audit trail, oldest first.
	Trail {
		#[arg(long)]
		patient: u64,
		#[arg(long, default_value_t = 0)]
		from: u64,
		#[arg(long, default_value_t = 20)]
		limit: u32,
	},
}

pub async fn run(context: &Context, command: RecordsCommand) -> Result<(), Error> {
	match command {
		RecordsCommand::Anchor { patient, category, category_key, pointer, pointer_key, files } => {
			let signer = context.signer()?;
			let category = vocabulary::parse(&category)?;
			let category_key = secret_key("--category-key", &category_key)?;
			let pointer_key = secret_key("--pointer-key", &pointer_key)?;
			let contents: Vec<Vec<u8>> =
				files.iter().map(|f| super::read_file(f)).collect::<Result<_, _>>()?;
			let chain = context.chain().await?;
			let progress = Progress::new(files.len(), "anchored");
			let mut rows = Vec::new();
			for (done, (file, content)) in files.iter().zip(&contents).enumerate() {
				let name = file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
				let document = records::Document {
					patient,
					content,
					category,
					category_key,
					pointer: &pointer.replace("{file}", &name),
					pointer_key,
				};
				let anchored = match records::anchor(&chain, &signer, &document).await {
					Ok(anchored) => anchored,
					Err(error) => {
						// The files anchored so far are on chain: their salts must not be lost.
						context.out.table(&["file", "record", "salt", "content_hash"], &rows);
						return Err(error);
					},
				};
				rows.push(vec![
					json!(file.display().to_string()),
					json!(anchored.record),
					json!(format!("0x{}", hex::encode(anchored.salt))),
					json!(format!("{:?}", anchored.content_hash)),
				]);
				progress.set(done + 1);
			}
			context.out.table(&["file", "record", "salt", "content_hash"], &rows);
		},
		RecordsCommand::Verify { file, salt } => {
			let content = super::read_file(&file)?;
			let salt = hex_bytes("--salt", &salt)?;
			let chain = context.chain().await?;
			let page = records::verify(&chain, &content, &salt).await?;
			if page.anchors.is_empty() {
				return Err(Error::Query(format!(
					"{} is not anchored with this salt: changed, or another salt",
					file.display()
				)));
			}
			let rows: Vec<Vec<Value>> = page
				.anchors
				.iter()
				.map(|d| {
					vec![
						json!(d.record),
						json!(format!("{:?}", d.status)),
						json!(format!("{:?}", d.anchor.subject)),
						json!(d.anchor.author.to_string()),
						json!(d.anchor.anchored_at),
					]
				})
				.collect();
			context.out.table(&["record", "status", "subject", "author", "anchored_at"], &rows);
		},
		RecordsCommand::RequestAccess { record, purpose } => {
			let signer = context.signer()?;
			let purpose = vocabulary::parse(&purpose)?;
			let chain = context.chain().await?;
			let answer = records::request_access(&chain, &signer, record, purpose).await?;
			let (granted, why) = match answer {
				Ok(ground) => (true, ground),
				Err(reason) => (false, reason),
			};
			context.out.object(&[
				("record", json!(record)),
				("granted", json!(granted)),
				("because", json!(why)),
			]);
		},
		RecordsCommand::Trail { patient, from, limit } => {
			let chain = context.chain().await?;
			let page = records::trail(&chain, patient, from, limit).await?;
			context.out.log(
				"event",
				page.iter()
					.map(|e| (e.sequence, e.at, e.actor.to_string(), format!("{:?}", e.event))),
			);
		},
	}
	Ok(())
}
