//! Starts the real `caduceus-node` binary on free loopback ports and talks to it over JSON-RPC.

#![allow(dead_code)]

pub mod chain;
pub mod extrinsic;
pub mod network;

use serde_json::{json, Value};
use std::{
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	path::{Path, PathBuf},
	process::{Child, Command, ExitStatus, Output, Stdio},
	time::{Duration, Instant},
};

/// The node binary cargo built for these tests.
pub const NODE: &str = env!("CARGO_BIN_EXE_caduceus-node");

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Runs the node binary with `args` to completion (for subcommands and bad input).
pub fn run_node(args: &[&str]) -> Output {
	Command::new(NODE).args(args).output().expect("the node binary runs")
}

/// A running `caduceus-node --dev`, stopped with SIGINT when dropped.
pub struct DevNode {
	child: Option<Child>,
	pub rpc_port: u16,
	pub base_path: PathBuf,
	log: PathBuf,
}

impl DevNode {
	/// Starts a development node whose state lives in `base_path`.
	pub fn start(base_path: &Path) -> DevNode {
		DevNode::spawn(base_path, &["--dev".to_string()], free_port(), free_port())
	}

	/// Starts the node binary with `args` on the given loopback ports, its state in
	/// `base_path`, and waits until its RPC server answers. Its log is appended to
	/// `<base_path>.log`, so a restarted node keeps one log.
	pub fn spawn(base_path: &Path, args: &[String], p2p_port: u16, rpc_port: u16) -> DevNode {
		let log = base_path.with_extension("log");
		let log_file = std::fs::OpenOptions::new().create(true).append(true).open(&log).unwrap();
		let child = Command::new(NODE)
			.args(args)
			.args(["--no-prometheus", "--no-telemetry", "--no-mdns"])
			.arg("--base-path")
			.arg(base_path)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.expect("the node starts");
		let node = DevNode { child: Some(child), rpc_port, base_path: base_path.into(), log };
		node.wait_for(Duration::from_secs(120), "the RPC server to answer", |n| {
			n.try_rpc("system_health", json!([])).is_ok()
		});
		node
	}

	/// Kills the node at once (SIGKILL), as a crash or a power cut would.
	pub fn kill(mut self) {
		let mut child = self.child.take().expect("the node is running");
		let _ = child.kill();
		let _ = child.wait();
	}

	/// The node's process id.
	pub fn pid(&self) -> u32 {
		self.child.as_ref().expect("the node is running").id()
	}

	/// The WebSocket endpoint for subxt.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// One JSON-RPC call over HTTP; `Err` if the node does not answer or answers with an error.
	pub fn try_rpc(&self, method: &str, params: Value) -> Result<Value, String> {
		let body =
			json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string();
		let mut stream =
			TcpStream::connect(("127.0.0.1", self.rpc_port)).map_err(|e| e.to_string())?;
		stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
		write!(
			stream,
			"POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n\
			 Content-Length: {}\r\nConnection: close\r\n\r\n{}",
			self.rpc_port,
			body.len(),
			body
		)
		.map_err(|e| e.to_string())?;
		let mut response = String::new();
		stream.read_to_string(&mut response).map_err(|e| e.to_string())?;
		let json = response.split("\r\n\r\n").nth(1).ok_or("no HTTP body")?;
		let reply: Value = serde_json::from_str(json.trim()).map_err(|e| format!("{e}: {json}"))?;
		match reply.get("result") {
			Some(result) => Ok(result.clone()),
			None => Err(format!("{method} failed: {reply}")),
		}
	}

	/// One JSON-RPC call that must succeed.
	pub fn rpc(&self, method: &str, params: Value) -> Value {
		self.try_rpc(method, params).unwrap_or_else(|e| self.fail(&e))
	}

	/// The number of the best block.
	pub fn best_number(&self) -> u64 {
		header_number(&self.rpc("chain_getHeader", json!([])))
	}

	/// The number of the last finalized block.
	pub fn finalized_number(&self) -> u64 {
		let hash = self.rpc("chain_getFinalizedHead", json!([]));
		header_number(&self.rpc("chain_getHeader", json!([hash])))
	}

	/// Polls `done` every half second until it holds; fails the test after `timeout`.
	pub fn wait_for(&self, timeout: Duration, what: &str, done: impl Fn(&Self) -> bool) {
		let start = Instant::now();
		while !done(self) {
			if start.elapsed() > timeout {
				self.fail(&format!("timed out after {timeout:?} waiting for {what}"));
			}
			std::thread::sleep(Duration::from_millis(500));
		}
	}

	/// Waits until the finalized block number reaches `number`.
	pub fn wait_for_finalized(&self, number: u64) {
		self.wait_for(Duration::from_secs(120), &format!("block #{number} to be finalized"), |n| {
			n.finalized_number() >= number
		});
	}

	/// Sends SIGINT and waits for the process to exit.
	pub fn stop(mut self) -> ExitStatus {
		let mut child = self.child.take().expect("the node is running");
		interrupt_and_wait(&mut child)
			.unwrap_or_else(|| self.fail("the node did not stop within 60 s of SIGINT"))
	}

	/// The node's log so far.
	pub fn log(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}

	fn fail(&self, why: &str) -> ! {
		let log = self.log();
		let tail: Vec<_> = log.lines().rev().take(40).collect();
		let tail: Vec<_> = tail.into_iter().rev().collect();
		panic!("{why}\n--- last lines of the node's log ---\n{}", tail.join("\n"));
	}
}

impl Drop for DevNode {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.take() {
			if interrupt_and_wait(&mut child).is_none() {
				let _ = child.kill();
				let _ = child.wait();
			}
		}
	}
}

fn interrupt_and_wait(child: &mut Child) -> Option<ExitStatus> {
	// SAFETY: `kill` has no memory-safety preconditions; the pid is our own child's.
	unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
	let deadline = Instant::now() + Duration::from_secs(60);
	while Instant::now() < deadline {
		if let Some(status) = child.try_wait().expect("waiting for the node") {
			return Some(status);
		}
		std::thread::sleep(Duration::from_millis(200));
	}
	None
}

fn header_number(header: &Value) -> u64 {
	let hex = header["number"].as_str().expect("a header has a number");
	u64::from_str_radix(hex.trim_start_matches("0x"), 16).unwrap()
}
