//! # caduceus-bench
//!
//! A load generator for a Caduceus development chain. It makes its cast through the chain's
//! real calls (Alice funds fresh accounts, each registers as a patient, the hospital's admin
//! attests physicians, every patient consents to the hospital; for access requests the
//! physicians anchor a record of each patient; for shipments the manufacturer commissions units
//! and attests shippers ([`trade`]); for claims an insurer's plan enrols every patient
//! ([`billing`])), then, per kind of transaction:
//!
//! 1. signs every extrinsic up front, spread over many accounts (nonces from
//!    `system_accountNextIndex`, counted locally from there);
//! 2. submits them over several connections at once (`author_submitExtrinsic`), as fast as
//!    the node takes them or at a capped rate, noting when each was sent;
//! 3. follows new and finalized heads, reads each block's extrinsics, events
//!    (`System::Events`), time (`Timestamp::Now`) and weight (`System::BlockWeight`), and
//!    notes which of its extrinsics were included, whether each succeeded, and when;
//! 4. reports succeeded, failed, refused and lost extrinsics, the sustained rate by the blocks'
//!    own timestamps, block fullness, and submission-to-inclusion and -finality latencies
//!    ([`report`]).
//!
//! It needs the development chain's genesis (`--dev`): Alice endowed and sudo, Bob the admin of
//! the hospital (organisation 0), Dave//stash of the manufacturer (2), the distributor (3).
//! Accounts are derived afresh on every run, so it can run again on the same chain: each run
//! adds its physicians to the hospital and its shippers to the manufacturer (5,000
//! practitioners each at most), registers an insurer, and spends up to half of Alice's
//! endowment on funding.

pub mod billing;
pub mod cast;
pub mod chain;
pub mod kinds;
pub mod node;
pub mod report;
pub mod run;
pub mod trade;

use anyhow::{bail, Result};
use kinds::Kind;
use node::Node;
use report::{Limits, Report};
use run::{Load, Session};
use std::{
	path::PathBuf,
	time::{Duration, SystemTime, UNIX_EPOCH},
};

/// What to load and how.
#[derive(Clone, Debug)]
pub struct Config {
	/// A running node's WebSocket endpoint; if `None`, `node` is started.
	pub url: Option<String>,
	/// The node binary to start when no `url` is given.
	pub node: Option<PathBuf>,
	/// Where the started node keeps its state (a temporary folder if `None`).
	pub base_path: Option<PathBuf>,
	/// The chain spec the started node runs (`--dev`'s own if `None`): a development genesis
	/// grown by `caduceus-state-gen`.
	pub chain: Option<PathBuf>,
	/// The kinds to measure, in order.
	pub kinds: Vec<Kind>,
	/// Extrinsics per kind.
	pub count: usize,
	/// Signing accounts: patients, and as many hospital physicians for the kinds they sign.
	pub accounts: usize,
	/// Connections to submit over.
	pub connections: usize,
	/// Submissions per second, at most; as fast as the node takes them if `None`.
	pub rate: Option<f64>,
	/// How long without progress, once everything is submitted, ends a kind's run.
	pub stall: Duration,
	/// Requests in flight per connection.
	pub window: usize,
	/// A session length (blocks) to set through sudo before measuring, in place of the
	/// development chain's 5-block sessions, whose rotation blocks carry no transactions.
	pub session_length: Option<u32>,
}

impl Default for Config {
	fn default() -> Config {
		Config {
			url: None,
			node: None,
			base_path: None,
			chain: None,
			kinds: Kind::ALL.to_vec(),
			count: 12_000,
			accounts: 1_500,
			connections: 4,
			rate: None,
			stall: Duration::from_secs(60),
			window: 128,
			session_length: None,
		}
	}
}

impl Config {
	/// Refuses settings no run can satisfy.
	pub fn check(&self) -> Result<()> {
		if self.url.is_none() && self.node.is_none() {
			bail!("give --url of a running node, or --node (or CADUCEUS_NODE) to start one");
		}
		if self.accounts < 2 {
			bail!("--accounts must be at least 2 (transfers go from one patient to another)");
		}
		if self.count == 0 || self.connections == 0 || self.kinds.is_empty() {
			bail!("--count, --connections and --kinds must not be empty or zero");
		}
		if self.kinds.contains(&Kind::Claim)
			&& self.count.div_ceil(self.accounts) > billing::MOST_PER_PHYSICIAN
		{
			bail!(
				"{} claims over {} physicians is more than {} each (a patient's claims of one day \
				 name distinct codes of the fee schedule): more --accounts, or a smaller --count",
				self.count,
				self.accounts,
				billing::MOST_PER_PHYSICIAN
			);
		}
		if self.rate.is_some_and(|r| r <= 0.0 || !r.is_finite()) {
			bail!("--rate must be a positive number of extrinsics per second");
		}
		Ok(())
	}
}

/// Runs the bench: starts the node if asked to, prepares the cast, measures every kind.
pub async fn run(config: &Config) -> Result<Report> {
	config.check()?;
	let node = match (&config.url, &config.node) {
		(Some(_), _) => None,
		(None, Some(binary)) => {
			eprintln!("starting {} --dev", binary.display());
			Some(Node::start(binary, config.base_path.as_deref(), config.chain.as_deref()).await?)
		},
		(None, None) => unreachable!("checked"),
	};
	let url =
		node.as_ref().map_or_else(|| config.url.clone().unwrap_or_default(), |n| n.url.clone());
	let result = measure(config, &url).await;
	if let (Err(_), Some(node)) = (&result, &node) {
		eprintln!("--- last lines of the node's log ---\n{}", node.log_tail(40));
	}
	if let Some(node) = node {
		node.stop();
	}
	result
}

/// Prepares the cast on the node at `url` and measures every kind.
async fn measure(config: &Config, url: &str) -> Result<Report> {
	let session = Session::connect(url, config.connections).await?;
	if let Some(blocks) = config.session_length {
		cast::set_session_length(&session, blocks).await?;
	}
	let tag = run_tag();
	let needs = needs_of(config);
	eprintln!(
		"{url}: {} accounts ({} physicians, {} shippers), {} per kind, {} connections, rate {}",
		config.accounts,
		needs.physicians,
		needs.shippers,
		config.count,
		config.connections,
		config.rate.map_or("uncapped".into(), |r| format!("{r}/s")),
	);
	let cast = cast::Cast::prepare(&session, &tag, needs).await?;
	let limits = Limits::of_runtime();
	let load = Load {
		rate: config.rate,
		window: config.window,
		stall: config.stall,
		keep_events: false,
		finality: true,
		progress: true,
		proof: None,
	};
	let mut reports = Vec::new();
	for &kind in &config.kinds {
		let load = Load { proof: kind.proof(), ..load.clone() };
		let chain = kinds::Chain {
			now: cast::chain_time(&session).await?,
			genesis: session.signing.genesis,
		};
		let work = kinds::work(kind, &cast, config.count, &chain)?;
		let signed = session.sign(work).await?;
		eprintln!("{kind}: {} signed, submitting", signed.len());
		let outcome = session.execute(signed, &load).await?;
		let report = report::summarise(kind, &outcome, &limits);
		let blocks = report.block_range.map(|(a, b)| format!(" in blocks {a}-{b}"));
		eprintln!(
			"{kind}: {} ok, {} failed, {} refused, {} lost; {:.1}/s{}",
			report.succeeded,
			report.failed,
			report.rejected,
			report.lost,
			report.rate,
			blocks.unwrap_or_default()
		);
		reports.push(report);
	}
	Ok(Report::new(reports))
}

/// What the configured kinds need the set-up to make.
fn needs_of(config: &Config) -> cast::Needs {
	let has = |kind: Kind| config.kinds.contains(&kind);
	let physicians = config.kinds.iter().any(|kind| kind.needs_physicians());
	let shipping = has(Kind::DrugShipment);
	cast::Needs {
		patients: config.accounts,
		physicians: if physicians { config.accounts } else { 0 },
		records: has(Kind::AccessRequest),
		shippers: if shipping { config.accounts } else { 0 },
		units: if shipping { config.count } else { 0 },
		claims: if has(Kind::Claim) { config.count } else { 0 },
	}
}

/// What makes a run's accounts its own: the time it started, in ms.
fn run_tag() -> String {
	let ms = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
	ms.to_string()
}
