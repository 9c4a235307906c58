//! `caduceus-bench`: loads a Caduceus development chain with each kind of transaction and
//! prints what it sustained (see the library's documentation, and `scripts/bench.sh`).

use caduceus_bench::{kinds::Kind, run, Config};
use clap::Parser;
use std::{path::PathBuf, process::ExitCode, time::Duration};

/// Measures the transactions per second a Caduceus node sustains, per kind of transaction.
#[derive(Debug, Parser)]
#[command(name = "caduceus-bench", version)]
struct Args {
	/// A running development node's WebSocket endpoint (ws://127.0.0.1:9944); without it, the
	/// bench starts `--node`. Give that node a pool larger than a run (`--pool-limit 200000
	/// --pool-kbytes 2000000`), or what does not fit is refused.
	#[arg(long)]
	url: Option<String>,

	/// The `caduceus-node` binary to start with `--dev` (default: $CADUCEUS_NODE).
	#[arg(long)]
	node: Option<PathBuf>,

	/// Where the started node keeps its state (default: a temporary folder).
	#[arg(long)]
	base_path: Option<PathBuf>,

	/// The chain spec for the started node (default: `--dev`'s): a development chain's raw
	/// spec grown by `caduceus-state-gen`, for measuring on a large state.
	#[arg(long)]
	chain: Option<PathBuf>,

	/// The kinds to measure, comma-separated: transfer, consent-grant, signed-consent,
	/// record-anchor, access-request, drug-shipment, claim.
	#[arg(
		long,
		default_value = "transfer,consent-grant,signed-consent,record-anchor,access-request,\
		                 drug-shipment,claim"
	)]
	kinds: String,

	/// Extrinsics per kind.
	#[arg(long, default_value_t = 12_000)]
	count: usize,

	/// Signing accounts: patients (and as many hospital physicians, and manufacturer's
	/// shippers, for the kinds they sign).
	#[arg(long, default_value_t = 1_500)]
	accounts: usize,

	/// RPC connections to submit over.
	#[arg(long, default_value_t = 4)]
	connections: usize,

	/// At most this many submissions per second (to measure latency below the maximum).
	#[arg(long)]
	rate: Option<f64>,

	/// Seconds without progress, once all is submitted, before the rest counts as lost.
	#[arg(long, default_value_t = 60)]
	timeout: u64,

	/// Set sessions of this many blocks (through sudo; at least 5) before measuring: the
	/// development chain's 5-block sessions leave every fifth block empty, as a consortium's
	/// weekly ones do not. It stays set on a chain given with --url.
	#[arg(long, value_parser = clap::value_parser!(u32).range(5..))]
	session_length: Option<u32>,

	/// Print the report as JSON instead of a Markdown table.
	#[arg(long)]
	json: bool,
}

impl Args {
	fn config(self) -> anyhow::Result<Config> {
		let node = self.node.or_else(|| std::env::var_os("CADUCEUS_NODE").map(PathBuf::from));
		Ok(Config {
			url: self.url,
			node,
			base_path: self.base_path,
			chain: self.chain,
			kinds: Kind::parse_list(&self.kinds)?,
			count: self.count,
			accounts: self.accounts,
			connections: self.connections,
			rate: self.rate,
			stall: Duration::from_secs(self.timeout),
			session_length: self.session_length,
			..Config::default()
		})
	}
}

#[tokio::main]
async fn main() -> ExitCode {
	let args = Args::parse();
	let json = args.json;
	let report = match args.config() {
		Ok(config) => run(&config).await,
		Err(e) => Err(e),
	};
	match report {
		Ok(report) if json => println!("{:#}", report.json()),
		Ok(report) => print!("{}", report.markdown()),
		Err(e) => {
			eprintln!("Error: {e:#}");
			return ExitCode::FAILURE;
		},
	}
	ExitCode::SUCCESS
}
