//! `caduceus`: the command line of a Caduceus chain. `caduceus --help` lists what it does.
//!
//! Every failure is one line on stderr, and the exit code says which kind it was: 2 for bad
//! input or key, 3 for a node that cannot be reached, 4 for a transaction the pool refused,
//! 5 for a transaction that failed on chain (pallet error name and doc), 1 otherwise.

mod cli;

use clap::Parser;

#[tokio::main]
async fn main() {
	let args = match cli::Cli::try_parse() {
		Ok(args) => args,
		// Help and version print as clap prints them; a bad command line is one line.
		Err(e) if !e.use_stderr() => e.exit(),
		Err(e) => {
			let text = e.to_string();
			let said: Vec<&str> = text
				.lines()
				.map(str::trim)
				.take_while(|line| !line.starts_with("Usage:"))
				.filter(|line| !line.is_empty())
				.collect();
			eprintln!("{} (see --help)", said.join(" "));
			std::process::exit(2);
		},
	};
	if let Err(error) = cli::run(args).await {
		// A node's message can span lines (a runtime trap's backtrace): one line, always.
		let text = error.to_string();
		eprintln!("error: {}", text.split_whitespace().collect::<Vec<_>>().join(" "));
		std::process::exit(error.exit_code());
	}
}
