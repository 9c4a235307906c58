//! A network of real nodes of the `consortium` chain on 127.0.0.1, each with its development
//! node key (the preset's allow-list names nodes 1 to 4).

use super::{free_port, run_node, DevNode};
use serde_json::json;
use std::path::Path;

/// The PeerId of development node key `n` (`--node-key 00…0n`), as the consortium preset lists
/// nodes 1 to 4 (see `DEV_NODE_PUBLIC_KEYS` in the runtime), asked of the node binary.
pub fn peer_id(dir: &Path, n: u8) -> String {
	let file = dir.join(format!("node{n}.key"));
	std::fs::write(&file, node_key(n)).unwrap();
	let output = run_node(&["key", "inspect-node-key", "--file", file.to_str().unwrap()]);
	String::from_utf8(output.stdout).unwrap().trim().to_string()
}

pub fn node_key(n: u8) -> String {
	format!("{n:064x}")
}

/// One node of the test network: which development key it runs with and where.
pub struct Member {
	pub n: u8,
	pub validator: Option<&'static str>,
	pub p2p_port: u16,
	pub rpc_port: u16,
}

impl Member {
	pub fn new(n: u8, validator: Option<&'static str>) -> Member {
		Member { n, validator, p2p_port: free_port(), rpc_port: free_port() }
	}

	pub fn bootnode(&self, dir: &Path) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", self.p2p_port, peer_id(dir, self.n))
	}

	/// Starts the node; it finds the network through `bootnodes`.
	pub fn start(&self, dir: &Path, bootnodes: &[String]) -> DevNode {
		let mut args = vec![
			"--chain".to_string(),
			"consortium".into(),
			"--node-key".into(),
			node_key(self.n),
			"--rpc-methods".into(),
			"unsafe".into(),
		];
		if let Some(name) = self.validator {
			// `--alice` etc.: validator role, the development session keys in the keystore.
			args.push(format!("--{name}"));
		}
		for bootnode in bootnodes {
			args.extend(["--bootnodes".into(), bootnode.clone()]);
		}
		DevNode::spawn(&dir.join(format!("node{}", self.n)), &args, self.p2p_port, self.rpc_port)
	}
}

/// The four validators of the `consortium` preset (Alice, Bob, Charlie, Dave: nodes 1 to 4).
pub fn consortium_validators() -> [Member; 4] {
	[
		Member::new(1, Some("alice")),
		Member::new(2, Some("bob")),
		Member::new(3, Some("charlie")),
		Member::new(4, Some("dave")),
	]
}

/// The best and finalized block numbers a node reports.
pub fn heads(node: &DevNode) -> (u64, u64) {
	(node.best_number(), node.finalized_number())
}

pub fn block_hash(node: &DevNode, number: u64) -> String {
	node.rpc("chain_getBlockHash", json!([number])).as_str().unwrap().to_string()
}
