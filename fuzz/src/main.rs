//! `caduceus-fuzz random [--seed N] [--executions N] [--minutes M] [--corpus DIR] [--findings DIR]
//! [--workers N] [--record FILE]` runs a campaign of the seeded-random driver (on N cores; one
//! sitting of the campaign recorded in FILE, resumed if FILE exists); `caduceus-fuzz replay
//! PATH` replays a corpus folder or one input; `caduceus-fuzz show PATH` prints an input's
//! steps.

use caduceus_fuzz::{cast::cast, driver};
use std::{path::PathBuf, process::ExitCode, time::Duration};

fn main() -> ExitCode {
	let args: Vec<String> = std::env::args().skip(1).collect();
	let flag =
		|name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
	match args.first().map(String::as_str) {
		Some("random") => {
			let config = driver::Campaign {
				// Without --seed: the recorded campaign's, or 1.
				seed: flag("--seed").map_or_else(
					|| {
						flag("--record")
							.and_then(|r| driver::recorded_seed(r.as_ref()))
							.unwrap_or(1)
					},
					|s| s.parse().expect("--seed is a number"),
				),
				executions: flag("--executions").map_or(u64::MAX, |s| s.parse().expect("a number")),
				time: Duration::from_secs_f64(
					flag("--minutes").map_or(10.0, |s| s.parse().expect("a number")) * 60.0,
				),
				corpus: flag("--corpus").map(PathBuf::from),
				findings: flag("--findings").map_or("fuzz/findings".into(), PathBuf::from),
				report_every: Duration::from_secs(60),
				workers: flag("--workers").map_or(1, |s| s.parse().expect("--workers is a number")),
				record: flag("--record").map(PathBuf::from),
			};
			let summary = driver::campaign(&config);
			println!("{}", driver::progress(&summary, summary.elapsed, summary.corpus));
			if let Some(record) = &config.record {
				println!(
					"fuzz: sitting {} of the campaign recorded in {}",
					summary.sittings,
					record.display()
				);
			}
			let (ratio, call) = &summary.worst_time_to_weight;
			println!("fuzz: worst measured time / charged weight: {ratio:.3}, {call}");
			if let (count @ 1.., Some(first)) = &summary.time_outliers {
				println!("fuzz: {count} times over budget not repeated when run again; the first: {first}");
			}
			println!("fuzz: calls that succeeded: {:?}", summary.succeeded());
			match summary.finding {
				None => ExitCode::SUCCESS,
				Some((message, path)) => {
					println!("fuzz: FINDING {message}\nfuzz: input saved in {}", path.display());
					ExitCode::FAILURE
				},
			}
		},
		Some("replay") => {
			let path = PathBuf::from(args.get(1).expect("replay PATH"));
			match driver::replay(&path) {
				Ok(count) => {
					println!("fuzz: {count} inputs replayed, no finding");
					ExitCode::SUCCESS
				},
				Err((input, message)) => {
					println!("fuzz: FINDING in {}: {message}", input.display());
					ExitCode::FAILURE
				},
			}
		},
		Some("seeds") => {
			let (cast, state) = (cast(), caduceus_fuzz::cast::initial_state());
			for (n, flow) in caduceus_fuzz::seeds::flows().iter().enumerate() {
				println!("seed flow {n}:");
				for (call, result) in caduceus_fuzz::run(&state, &cast, flow).trace {
					println!("  {call}: {result}");
				}
			}
			ExitCode::SUCCESS
		},
		Some("show") => {
			let path = PathBuf::from(args.get(1).expect("show PATH"));
			for (input, steps) in driver::read_corpus(&path) {
				println!("{}:\n{}", input.display(), driver::describe(&steps, &cast()));
			}
			ExitCode::SUCCESS
		},
		_ => {
			eprintln!("usage: caduceus-fuzz random|replay PATH|show PATH (see src/main.rs)");
			ExitCode::FAILURE
		},
	}
}
