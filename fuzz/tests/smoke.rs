//! The fuzzer's bounded smoke (a few minutes, a fixed seed) and the saved corpus, in
//! `scripts/test.sh`. Long campaigns: `scripts/fuzz.sh`.

use caduceus_fuzz::{cast::cast, driver};
use std::{path::PathBuf, time::Duration};

#[test]
fn a_bounded_campaign_finds_nothing_and_reaches_every_pallet() {
	let config = driver::Campaign {
		seed: 2026,
		executions: 20_000,
		time: Duration::from_secs(240),
		corpus: None,
		findings: PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-findings"),
		report_every: Duration::from_secs(60),
	};
	let summary = driver::campaign(&config);
	println!("{}", driver::progress(&summary, summary.elapsed, summary.corpus));
	if let Some((message, path)) = &summary.finding {
		let steps = &driver::read_corpus(path)[0].1;
		panic!("finding: {message}\n{}", driver::describe(steps, &cast()));
	}
	// A driver whose calls all fail early would find nothing: it must get calls of every pallet
	// through.
	let succeeded = summary.succeeded();
	for pallet in ["HealthIdentity", "Consent", "Records", "SupplyChain", "Claims", "Balances"] {
		assert!(
			succeeded.iter().any(|call| call.starts_with(&format!("{pallet}."))),
			"no call of {pallet} succeeded; these did: {succeeded:?}"
		);
	}
}

#[test]
fn the_saved_corpus_replays_without_a_finding() {
	let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
	match driver::replay(&corpus) {
		Ok(count) => assert!(count > 0, "the corpus is in fuzz/corpus"),
		Err((input, message)) => panic!("{}: {message}", input.display()),
	}
}
