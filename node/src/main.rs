//! `caduceus-node`: the node binary of Caduceus.

mod allow_list;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() {
	// Report failures as one line on stderr and a non-zero exit code: operators and scripts read
	// the message, a backtrace helps nobody running the node.
	if let Err(error) = command::run() {
		eprintln!("Error: {}", command::one_line(&error));
		std::process::exit(1);
	}
}
