//! `caduceus supply …`.

use super::{output::Progress, Context};
use caduceus_client::{gs1, records::random_bytes, supply_chain, Error};
use caduceus_primitives::salted::document_hash;
use clap::Subcommand;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum SupplyCommand {
	/// Registers a product (GTIN-14) under the organisation's company prefix.
	RegisterProduct {
		#[arg(long)]
		gtin: String,
	},
	/// Commissions units of a lot from a CSV of serials (the first column; blank lines and a
	/// header row whose first cell is `serial` are skipped), in batches the chain accepts, with a
	/// progress bar.
	Commission {
		#[arg(long)]
		gtin: String,
		#[arg(long)]
		lot: String,
		/// The expiry printed on the packages, as AI (17): YYMMDD.
		#[arg(long)]
		expiry: String,
		#[arg(long)]
		serials: PathBuf,
	},
	/// Ships units (serials from a CSV, or --serial) and containers (--sscc) to an
	/// organisation, with the shipping documents hashed under a fresh salt (printed: keep it
	/// with them).
	Ship {
		#[arg(long)]
		to: u32,
		#[command(flatten)]
		items: ItemArgs,
		/// The shipping documents (ASN, transaction statement).
		#[arg(long)]
		documents: PathBuf,
	},
	/// Packs units and containers into a container (an SSCC under the organisation's company
	/// prefix), created if new: they move with it until unpacked.
	Pack {
		/// The container's SSCC (18 digits).
		#[arg(long)]
		into: String,
		#[command(flatten)]
		items: ItemArgs,
	},
	/// Empties a container: its items are held loose again.
	Unpack {
		/// The container's SSCC (18 digits).
		sscc: String,
	},
	/// Receives a shipment at the signer's organisation.
	Receive { shipment: u64 },
	/// Dispenses a unit to a patient (the chain never learns whom).
	Dispense {
		#[arg(long)]
		gtin: String,
		#[arg(long)]
		serial: String,
	},
	/// Verifies a scanned package: `(01)…(21)…(10)…(17)…`, or the scanner's raw string.
	Verify { element_string: String },
	/// Recalls a lot, with the recall notice hashed under a fresh salt.
	Recall {
		#[arg(long)]
		gtin: String,
		#[arg(long)]
		lot: String,
		#[arg(long)]
		notice: PathBuf,
	},
	/// The reach of a recall: each organisation holding units of a lot, with units of it on
	/// their way to it, or that dispensed some (every page, read to the end).
	Reach {
		#[arg(long)]
		gtin: String,
		#[arg(long)]
		lot: String,
	},
	/// Moves a council motion giving a trading partner its GS1 company prefixes (signed by a
	/// council member; replaces its earlier ones): it registers products and names containers
	/// only under them.
	Prefixes {
		#[arg(long)]
		org: u32,
		/// A company prefix, 4 to 12 digits (repeat for several; none takes them all away).
		#[arg(long = "prefix")]
		prefixes: Vec<String>,
	},
	/// Lists the shipments on their way to an organisation, newest first.
	Incoming {
		#[arg(long)]
		org: u32,
		#[arg(long, default_value_t = 20)]
		limit: u32,
	},
}

pub async fn run(context: &Context, command: SupplyCommand) -> Result<(), Error> {
	match command {
		SupplyCommand::RegisterProduct { gtin } => {
			let (signer, gtin) = (context.signer()?, parse_gtin(&gtin)?);
			supply_chain::register_product(&context.chain().await?, &signer, gtin).await?;
			context.out.object(&[("registered", json!(text(&gtin)))]);
		},
		SupplyCommand::Commission { gtin, lot, expiry, serials } => {
			let (signer, gtin) = (context.signer()?, parse_gtin(&gtin)?);
			let expiry = parse_expiry(&expiry)?;
			let serials = read_serials(&serials)?;
			let chain = context.chain().await?;
			let progress = Progress::new(serials.len(), "commissioned");
			let lot = lot.into_bytes();
			supply_chain::commission(&chain, &signer, gtin, &lot, &expiry, &serials, |done| {
				progress.set(done)
			})
			.await?;
			context
				.out
				.object(&[("commissioned", json!(serials.len())), ("lot", json!(text(&lot)))]);
		},
		SupplyCommand::Ship { to, items, documents } => {
			let (signer, items) = (context.signer()?, items.items()?);
			let salt: [u8; 32] = random_bytes()?;
			let hash = document_hash(&salt, &super::read_file(&documents)?);
			let chain = context.chain().await?;
			let mut shipments = Vec::new();
			let done =
				supply_chain::ship(&chain, &signer, to, &items, hash, |id| shipments.push(id))
					.await;
			let shown = [
				("shipments", json!(shipments)),
				("items", json!(items.len())),
				("documents_salt", json!(format!("0x{}", hex::encode(salt)))),
			];
			// The shipments made before a failure are on chain: their ids and the salt must
			// not be lost.
			if done.is_err() && !shipments.is_empty() {
				context.out.object(&shown);
			}
			done?;
			context.out.object(&shown);
		},
		SupplyCommand::Pack { into, items } => {
			let (signer, sscc, items) = (context.signer()?, parse_sscc(&into)?, items.items()?);
			let count = items.len();
			supply_chain::pack(&context.chain().await?, &signer, sscc, items).await?;
			context.out.object(&[("packed", json!(count)), ("into", json!(into))]);
		},
		SupplyCommand::Unpack { sscc } => {
			let (signer, key) = (context.signer()?, parse_sscc(&sscc)?);
			supply_chain::unpack(&context.chain().await?, &signer, key).await?;
			context.out.object(&[("unpacked", json!(sscc))]);
		},
		SupplyCommand::Receive { shipment } => {
			let signer = context.signer()?;
			supply_chain::receive(&context.chain().await?, &signer, shipment).await?;
			context.out.object(&[("received", json!(shipment))]);
		},
		SupplyCommand::Dispense { gtin, serial } => {
			let (signer, gtin) = (context.signer()?, parse_gtin(&gtin)?);
			let chain = context.chain().await?;
			supply_chain::dispense(&chain, &signer, gtin, serial.as_bytes()).await?;
			context.out.object(&[("dispensed", json!(serial))]);
		},
		SupplyCommand::Verify { element_string } => {
			let scanned = gs1::parse(&element_string)?;
			let report = supply_chain::verify(&context.chain().await?, &scanned).await?;
			let Some(report) = report else {
				return Err(Error::Query(format!(
					"no unit {} of product {} was ever commissioned: do not dispense",
					text(&scanned.serial),
					text(&scanned.gtin)
				)));
			};
			context.out.object(&[
				("authentic", json!(report.authentic)),
				("status", json!(format!("{:?}", report.status))),
				("custodian", json!(report.custodian)),
				("shipment", json!(report.shipment)),
				("container", json!(report.container.map(|sscc| text(&sscc)))),
				("commissioned_by", json!(report.commissioned_by)),
				("lot", json!(text(&report.lot.0))),
			]);
		},
		SupplyCommand::Recall { gtin, lot, notice } => {
			let (signer, gtin) = (context.signer()?, parse_gtin(&gtin)?);
			let salt: [u8; 32] = random_bytes()?;
			let hash = document_hash(&salt, &super::read_file(&notice)?);
			let chain = context.chain().await?;
			supply_chain::recall(&chain, &signer, gtin, lot.as_bytes(), hash).await?;
			context.out.object(&[
				("recalled", json!(lot)),
				("notice_salt", json!(format!("0x{}", hex::encode(salt)))),
			]);
		},
		SupplyCommand::Reach { gtin, lot } => {
			let gtin = parse_gtin(&gtin)?;
			let chain = context.chain().await?;
			let page_size = supply_chain::page_size(&chain).await?;
			let mut rows: Vec<Vec<Value>> = Vec::new();
			let mut after = None;
			loop {
				let page =
					supply_chain::reach(&chain, gtin, lot.as_bytes(), after, page_size).await?;
				after = page.last().map(|(org, _)| *org);
				rows.extend(page.iter().map(|(org, r)| {
					vec![json!(org), json!(r.held), json!(r.on_the_way), json!(r.dispensed)]
				}));
				if page.len() < page_size as usize {
					break;
				}
			}
			rows.sort_by_key(|row| row[0].as_u64());
			context.out.table(&["org", "held", "on_the_way", "dispensed"], &rows);
		},
		SupplyCommand::Prefixes { org, prefixes } => {
			let motion = supply_chain::set_company_prefixes(org, &prefixes)?;
			super::governance::propose(context, motion).await?;
		},
		SupplyCommand::Incoming { org, limit } => {
			let page = supply_chain::incoming(&context.chain().await?, org, None, limit).await?;
			let rows: Vec<Vec<Value>> = page
				.iter()
				.map(|(id, s)| {
					vec![json!(id), json!(s.from), json!(s.items.0.len()), json!(s.shipped_at)]
				})
				.collect();
			context.out.table(&["shipment", "from", "items", "shipped_at"], &rows);
		},
	}
	Ok(())
}

/// The items a move names: units of one product by serial, and containers by SSCC.
#[derive(clap::Args)]
pub struct ItemArgs {
	/// The product of the units named.
	#[arg(long, required_unless_present = "sscc")]
	gtin: Option<String>,
	/// A CSV of serials.
	#[arg(long, requires = "gtin")]
	serials: Option<PathBuf>,
	/// One serial (repeatable).
	#[arg(long, requires = "gtin")]
	serial: Vec<String>,
	/// A container by its SSCC (repeatable).
	#[arg(long)]
	sscc: Vec<String>,
}

impl ItemArgs {
	/// The containers first, then the units.
	fn items(&self) -> Result<Vec<supply_chain::Item>, Error> {
		let mut items: Vec<supply_chain::Item> = self
			.sscc
			.iter()
			.map(|s| parse_sscc(s).map(supply_chain::Item::Container))
			.collect::<Result<_, _>>()?;
		if let Some(gtin) = &self.gtin {
			if self.serial.is_empty() && self.serials.is_none() {
				return Err(Error::Input(format!(
					"--gtin {gtin}: name its units (--serial, --serials)"
				)));
			}
			let mut serials: Vec<Vec<u8>> =
				self.serial.iter().map(|s| s.as_bytes().to_vec()).collect();
			if let Some(path) = &self.serials {
				serials.extend(read_serials(path)?);
			}
			items.extend(supply_chain::units(parse_gtin(gtin)?, &serials)?);
		}
		if items.is_empty() {
			return Err(Error::Input("name units (--serial, --serials) or --sscc".into()));
		}
		Ok(items)
	}
}

fn parse_gtin(text: &str) -> Result<[u8; 14], Error> {
	gs1_key("--gtin", "GTIN-14", text)
}

fn parse_sscc(text: &str) -> Result<[u8; 18], Error> {
	gs1_key("--sscc", "SSCC", text)
}

/// A GS1 key of `N` digits whose last is the check digit.
fn gs1_key<const N: usize>(option: &str, name: &str, text: &str) -> Result<[u8; N], Error> {
	let key: [u8; N] = text
		.trim()
		.as_bytes()
		.try_into()
		.map_err(|_| Error::Input(format!("{option} {text}: {N} digits expected ({name})")))?;
	if !key.iter().all(u8::is_ascii_digit)
		|| !caduceus_primitives::identifiers::gs1_check_digit_valid(&key)
	{
		return Err(Error::Input(format!(
			"{option} {text}: not digits with a valid check digit ({name})"
		)));
	}
	Ok(key)
}

fn parse_expiry(text: &str) -> Result<[u8; 6], Error> {
	let expiry: [u8; 6] =
		text.as_bytes().try_into().map_err(|_| Error::Input(format!("--expiry {text}: YYMMDD")))?;
	gs1::expiry_ms(&expiry)?;
	Ok(expiry)
}

/// The serials of a CSV file: its first column, without blank lines and a `serial` header.
fn read_serials(path: &Path) -> Result<Vec<Vec<u8>>, Error> {
	let text = String::from_utf8(super::read_file(path)?)
		.map_err(|_| Error::Input(format!("{}: not UTF-8 text", path.display())))?;
	let serials: Vec<Vec<u8>> = text
		.lines()
		.map(|line| line.split(',').next().unwrap_or("").trim().trim_matches('"'))
		.filter(|s| !s.is_empty() && !s.eq_ignore_ascii_case("serial"))
		.map(|s| s.as_bytes().to_vec())
		.collect();
	if serials.is_empty() {
		return Err(Error::Input(format!("{}: no serials", path.display())));
	}
	Ok(serials)
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}
