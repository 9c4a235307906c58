//! The bench against the real node, with a small load: every extrinsic of every kind must be
//! included and succeed.
//!
//! The node binary is `$CADUCEUS_NODE`, else `$CARGO_TARGET_DIR/release/caduceus-node`, else
//! `caduceus-node` next to this test's own profile folder (`target/release/` for
//! `cargo test --release`). `cargo test --workspace` builds the node too, as a member with a
//! binary; `cargo test -p caduceus-bench` alone does not, so build it first
//! (`cargo build --release -p caduceus-node`). Without a node binary the test fails: it never
//! passes without having run.

use caduceus_bench::{kinds::Kind, run, Config};
use std::path::PathBuf;

/// Where the node binary is, if anywhere.
fn node_binary() -> Result<PathBuf, String> {
	let mut tried = Vec::new();
	if let Some(path) = std::env::var_os("CADUCEUS_NODE") {
		return Ok(PathBuf::from(path));
	}
	if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
		tried.push(PathBuf::from(target).join("release").join("caduceus-node"));
	}
	// This test runs from <target>/<profile>/deps/.
	if let Some(profile) =
		std::env::current_exe().ok().and_then(|exe| Some(exe.parent()?.parent()?.to_path_buf()))
	{
		tried.push(profile.join("caduceus-node"));
	}
	tried.iter().find(|path| path.is_file()).cloned().ok_or_else(|| {
		format!(
			"no caduceus-node binary: set CADUCEUS_NODE, or build it first \
			 (cargo build --release -p caduceus-node); looked at {tried:?}"
		)
	})
}

#[tokio::test(flavor = "multi_thread")]
async fn every_kind_of_a_small_load_succeeds_on_the_real_node() {
	let node = node_binary().unwrap_or_else(|why| panic!("{why}"));
	let config =
		Config { node: Some(node), count: 300, accounts: 60, connections: 2, ..Config::default() };
	let report = run(&config).await.unwrap_or_else(|e| panic!("the bench runs: {e:#}"));
	let table = report.markdown();
	println!("{table}");
	for kind in Kind::ALL {
		let measured = report.kind(kind).unwrap_or_else(|| panic!("{kind} was measured"));
		assert!(measured.all_succeeded(), "every {kind} succeeds: {measured:?}\n{table}");
		assert_eq!(measured.submitted, 300, "{kind}");
		assert!(measured.rate > 0.0, "{kind} has a rate");
		assert!(table.contains(&format!("| {kind} |")), "the table has a row for {kind}");
	}
}
