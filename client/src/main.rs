//! `caduceus`: the command line of a Caduceus chain. `caduceus --help` lists what it does.
//!
//! Every failure is one line on stderr, and the exit code says which kind it was: 2 for bad
//! input or key, 3 for a node that cannot be reached, 4 for a transaction the pool refused,
//! 5 for a transaction that failed on chain (pallet error name and doc), 1 otherwise.

mod cli;

use clap::Parser;

#[tokio::main]
async fn main() {
	let args = cli::Cli::parse();
	if let Err(error) = cli::run(args).await {
		eprintln!("error: {error}");
		std::process::exit(error.exit_code());
	}
}
