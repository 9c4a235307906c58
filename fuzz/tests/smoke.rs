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
		workers: 1,
		record: None,
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

#[test]
fn a_campaign_on_two_cores_resumed_in_a_second_sitting_adds_up() {
	let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-sittings");
	let _ = std::fs::remove_dir_all(&dir);
	let sitting = |executions| driver::Campaign {
		seed: 7,
		executions,
		time: Duration::from_secs(120),
		corpus: Some(dir.join("corpus")),
		findings: dir.join("findings"),
		report_every: Duration::from_secs(60),
		workers: 2,
		record: Some(dir.join("campaign.json")),
	};
	let first = driver::campaign(&sitting(300));
	assert_eq!((first.finding, first.executions, first.sittings), (None, 300, 1));
	let second = driver::campaign(&sitting(700));
	assert_eq!((second.finding, second.executions, second.sittings), (None, 700, 2));
	assert!(second.blocks > first.blocks && second.dispatched > first.dispatched);
	assert!(second.elapsed > first.elapsed);
	assert!(second.behaviours.is_superset(&first.behaviours), "what was seen is kept");
	// A record is of one campaign: a sitting under another seed is refused.
	let other = std::panic::catch_unwind(|| {
		driver::campaign(&driver::Campaign { seed: 8, ..sitting(900) })
	});
	assert!(other.is_err(), "a record of seed 7 resumed with seed 8");
	// A campaign stopped on a finding is not resumed as if it had not.
	let record = dir.join("campaign.json");
	let mut stopped: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(&record).unwrap()).unwrap();
	stopped["finding"] = serde_json::json!(["a try_state fails", "findings/x.bin"]);
	let stopped_record = dir.join("stopped.json");
	std::fs::write(&stopped_record, stopped.to_string()).unwrap();
	let resumed = std::panic::catch_unwind(|| {
		driver::campaign(&driver::Campaign { record: Some(stopped_record.clone()), ..sitting(900) })
	});
	assert!(resumed.is_err(), "a campaign stopped on a finding was resumed");
	// The fuzzer's own failure (here: no folder for the running inputs) stops it, loudly.
	let failed = std::panic::catch_unwind(|| {
		driver::campaign(&driver::Campaign {
			findings: record.join("x"),
			record: None,
			..sitting(900)
		})
	});
	let message = failed.expect_err("a fuzzer that cannot save its inputs ran on");
	let message = message.downcast_ref::<String>().cloned().unwrap_or_default();
	assert!(message.starts_with("the fuzzer failed (not a finding): worker "), "{message}");
	// Each worker's running input is removed when the sitting ends without a hang.
	let left: Vec<_> =
		std::fs::read_dir(dir.join("findings")).unwrap().flatten().map(|e| e.path()).collect();
	assert!(left.is_empty(), "left in findings: {left:?}");
}
