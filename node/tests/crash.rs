//! Crash safety (`docs/security.md`, "Crash safety"), with real node processes:
//!
//! - a validator of the four-node consortium network is killed with SIGKILL again and again
//!   while transactions keep coming; after each restart its database opens, it catches up with
//!   the network, and every block it had finalized before is still there with the same hash and
//!   state root (`CADUCEUS_KILL_CYCLES` cycles: 2 in `scripts/test.sh`, 20 in
//!   `scripts/crash.sh`);
//! - a development node whose disk fills up (a small tmpfs as its base path) fails cleanly, and
//!   once space returns it opens its database again, with every finalized block intact, and
//!   goes on.
//!
//! The measured times are printed (`measured:` lines) and quoted in `docs/security.md`.

mod common;

use common::{
	extrinsic::{on_chain_nonce, pair, signed, signing_of, transfer, try_submit},
	network::{block_hash, consortium_validators, heads},
	DevNode,
};
use serde_json::json;
use std::{
	collections::BTreeMap,
	path::Path,
	process::Command,
	sync::atomic::{AtomicBool, AtomicU32, Ordering},
	time::{Duration, Instant},
};

/// How many times the validator is killed.
fn kill_cycles() -> u32 {
	std::env::var("CADUCEUS_KILL_CYCLES").ok().and_then(|n| n.parse().ok()).unwrap_or(2)
}

/// A block as a node reports it: its hash and state root.
type Reported = (String, String);

/// What `node` reports for the blocks `from..=to` of its chain.
fn blocks(node: &DevNode, from: u64, to: u64) -> BTreeMap<u64, Reported> {
	(from..=to)
		.map(|number| {
			let hash = block_hash(node, number);
			let header = node.rpc("chain_getHeader", json!([hash]));
			let root = header["stateRoot"].as_str().expect("a state root").to_string();
			(number, (hash, root))
		})
		.collect()
}

/// Every block of `expected` is in `node`'s chain with the same hash and state root.
fn still_there(node: &DevNode, expected: &BTreeMap<u64, Reported>, when: &str) {
	let (Some(first), Some(last)) = (expected.keys().next(), expected.keys().last()) else {
		return;
	};
	let reported = blocks(node, *first, *last);
	for (number, block) in expected {
		assert_eq!(reported.get(number), Some(block), "{when}: finalized block #{number} changed");
	}
}

/// A small deterministic generator for the kill times (its seed is printed).
struct Lcg(u64);

impl Lcg {
	fn below(&mut self, bound: u64) -> u64 {
		self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
		(self.0 >> 33) % bound
	}
}

/// Submits transfers from Alice to Ferdie through `node` about ten times a second until `stop`;
/// counts those the pool took.
fn load(node: &DevNode, stop: &AtomicBool, taken: &AtomicU32) {
	let signing = signing_of(node);
	let (alice, ferdie) = (pair("//Alice"), pair("//Ferdie"));
	let mut nonce = on_chain_nonce(node, &alice);
	while !stop.load(Ordering::Relaxed) {
		match try_submit(node, &signed(transfer(&ferdie, 1_000), &alice, nonce, &signing)) {
			Ok(_) => {
				nonce += 1;
				taken.fetch_add(1, Ordering::Relaxed);
			},
			// The pool is full or the nonce moved on: start again from the chain's nonce.
			Err(_) => nonce = on_chain_nonce(node, &alice).max(nonce.saturating_sub(64)),
		}
		std::thread::sleep(Duration::from_millis(100));
	}
}

#[test]
fn a_validator_killed_again_and_again_under_load_loses_no_finalized_block() {
	let dir = tempfile::tempdir().unwrap();
	let members = consortium_validators();
	let bootnodes: Vec<String> = members.iter().map(|m| m.bootnode(dir.path())).collect();
	let nodes: Vec<DevNode> =
		members[..3].iter().map(|m| m.start(dir.path(), &bootnodes)).collect();
	let victim_member = &members[3];
	let mut victim = victim_member.start(dir.path(), &bootnodes);
	let alice = &nodes[0];
	alice.wait_for(Duration::from_secs(120), "block #3 to be finalized", |n| {
		n.finalized_number() >= 3
	});

	let seed = std::env::var("CADUCEUS_KILL_SEED")
		.ok()
		.and_then(|seed| seed.parse().ok())
		.unwrap_or_else(|| std::process::id() as u64);
	let mut rng = Lcg(seed);
	let cycles = kill_cycles();
	let (stop, taken) = (AtomicBool::new(false), AtomicU32::new(0));
	let alice_nonce = on_chain_nonce(alice, &pair("//Alice"));
	let mut finalized: BTreeMap<u64, Reported> = BTreeMap::new();
	let mut measured = Vec::new();
	std::thread::scope(|scope| {
		let loader = scope.spawn(|| load(alice, &stop, &taken));
		for cycle in 1..=cycles {
			// What the victim has finalized so far, then a kill at an arbitrary moment.
			let (_, victim_finalized) = heads(&victim);
			let from = finalized.keys().last().map_or(1, |last| last + 1);
			finalized.extend(blocks(&victim, from, victim_finalized));
			std::thread::sleep(Duration::from_millis(rng.below(6_000)));
			victim.kill();

			let restarted = Instant::now();
			victim = victim_member.start(dir.path(), &bootnodes);
			let opened = restarted.elapsed();
			still_there(&victim, &finalized, &format!("cycle {cycle}, after the restart"));
			let target = alice.finalized_number();
			victim.wait_for(Duration::from_secs(180), "the victim to catch up", |v| {
				v.finalized_number() >= target
			});
			let caught_up = restarted.elapsed();
			still_there(&victim, &finalized, &format!("cycle {cycle}, caught up"));
			measured.push((opened, caught_up));
		}
		stop.store(true, Ordering::Relaxed);
		loader.join().unwrap();
	});

	still_there(alice, &finalized, "on Alice's node, at the end");
	let included = on_chain_nonce(alice, &pair("//Alice")) - alice_nonce;
	let taken = taken.load(Ordering::Relaxed);
	let slowest = measured.iter().map(|(_, caught_up)| *caught_up).max().unwrap_or_default();
	eprintln!(
		"measured: {cycles} SIGKILLs of a validator (seed {seed}) under load: {} finalized blocks \
		 checked after each restart, none changed; RPC answering {:?} after each restart, \
		 finality caught up within {slowest:.1?} at worst; {taken} transfers taken by the pool, \
		 {included} included",
		finalized.len(),
		measured.iter().map(|(opened, _)| format!("{opened:.1?}")).collect::<Vec<_>>(),
	);
	assert!(included > 0, "transactions kept being included");
}

/// A tmpfs mounted at a path, unmounted when dropped.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
	fn mount(at: &Path, size_mib: u32) -> Result<Tmpfs, String> {
		std::fs::create_dir_all(at).unwrap();
		let output = Command::new("mount")
			.args(["-t", "tmpfs", "-o", &format!("size={size_mib}m"), "tmpfs"])
			.arg(at)
			.output()
			.map_err(|e| e.to_string())?;
		match output.status.success() {
			true => Ok(Tmpfs(at.into())),
			false => Err(String::from_utf8_lossy(&output.stderr).into()),
		}
	}
}

impl Drop for Tmpfs {
	fn drop(&mut self) {
		let _ = Command::new("umount").arg("-l").arg(&self.0).status();
	}
}

/// Fills the file system holding `folder` with a file until it is full; returns the file.
fn fill(folder: &Path) -> std::path::PathBuf {
	use std::io::Write;
	let path = folder.join("filler");
	let mut file = std::fs::File::create(&path).unwrap();
	let chunk = vec![0u8; 1 << 20];
	while file.write_all(&chunk).is_ok() {}
	while file.write_all(&chunk[..4096]).is_ok() {}
	let _ = file.sync_all();
	path
}

#[test]
fn a_full_disk_fails_cleanly_and_corrupts_no_finalized_block() {
	let dir = tempfile::tempdir().unwrap();
	let base_path = dir.path().join("chain");
	let _disk = match Tmpfs::mount(&base_path, 256) {
		Ok(disk) => disk,
		Err(_) if std::env::var_os("CADUCEUS_SKIP_DISK_FULL").is_some() => {
			eprintln!("SKIPPED: CADUCEUS_SKIP_DISK_FULL is set and no tmpfs can be mounted");
			return;
		},
		Err(why) => panic!(
			"mounting a tmpfs needs root (or CAP_SYS_ADMIN): {why}. Set CADUCEUS_SKIP_DISK_FULL=1 \
			 to skip this test knowingly."
		),
	};
	let node = DevNode::start(&base_path);
	node.wait_for_finalized(3);
	let before = blocks(&node, 1, node.finalized_number());

	let filler = fill(&base_path);
	let full_at = node.best_number();
	let started = Instant::now();
	let mut exited = None;
	while started.elapsed() < Duration::from_secs(60) && exited.is_none() {
		if node.try_rpc("system_health", json!([])).is_err() {
			exited = Some(started.elapsed());
		}
		std::thread::sleep(Duration::from_secs(1));
	}
	let log = node.log();
	let complaint = log
		.lines()
		.find(|line| line.contains("No space left on device") || line.contains("os error 28"))
		.map(str::to_string);
	let best_while_full = node.try_rpc("chain_getHeader", json!([])).ok();
	eprintln!(
		"measured: disk full at block #{full_at}: the node {} within 60 s; its log says: {}; \
		 best header while full: {}",
		exited.map_or("kept running".into(), |t| format!("stopped answering after {t:.1?}")),
		complaint.as_deref().unwrap_or("nothing about the disk"),
		best_while_full.map_or("none".into(), |h| h["number"].to_string()),
	);
	assert!(complaint.is_some(), "the node says the disk is full");
	let _ = node.stop();

	// Space returns: the database opens, nothing finalized changed, and the chain goes on.
	std::fs::remove_file(filler).unwrap();
	let node = DevNode::start(&base_path);
	still_there(&node, &before, "after the disk was full");
	let last = *before.keys().last().unwrap();
	node.wait_for_finalized(last + 2);
	still_there(&node, &before, "after finalizing again");
	let _ = node.stop();
}
