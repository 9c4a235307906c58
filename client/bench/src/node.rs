//! Starting a development node to load (`--dev` on free loopback ports, with a transaction
//! pool and an RPC server sized for the bench) and stopping it again.

use crate::chain::Rpc;
use anyhow::{bail, Context, Result};
use std::{
	fs::File,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, ExitStatus, Stdio},
	time::{Duration, Instant},
};
use tempfile::TempDir;

/// How long the node may take to answer `system_health`.
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// How long a node given a grown genesis may take: building a genesis state of millions of
/// keys takes minutes.
const GROWN_START_TIMEOUT: Duration = Duration::from_secs(3_600);

/// How long the node may take to stop after SIGINT before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(60);

/// The node flags that keep the pool and the RPC server out of the bench's way: a pool far
/// larger than any run, generous RPC limits.
pub const LOAD_FLAGS: &[&str] = &[
	"--pool-limit",
	"200000",
	"--pool-kbytes",
	"2000000",
	"--rpc-max-connections",
	"1000",
	"--rpc-max-request-size",
	"64",
	"--rpc-max-response-size",
	"512",
	"--rpc-max-subscriptions-per-connection",
	"1024",
	"--rpc-message-buffer-capacity-per-connection",
	"4096",
];

/// A running `caduceus-node --dev`, interrupted (SIGINT) when dropped.
pub struct Node {
	child: Option<Child>,
	/// Its WebSocket JSON-RPC endpoint.
	pub url: String,
	log: PathBuf,
	_scratch: TempDir,
}

impl Node {
	/// Starts `binary --dev` with its state in `base_path` (a temporary folder, removed
	/// afterwards, if `None`), on `chain` if given (a spec with the development chain's
	/// accounts), and waits until it answers `system_health`.
	pub async fn start(
		binary: &Path,
		base_path: Option<&Path>,
		chain: Option<&Path>,
	) -> Result<Node> {
		if !binary.is_file() {
			bail!("no node binary at {}", binary.display());
		}
		let scratch = tempfile::Builder::new().prefix("caduceus-bench").tempdir()?;
		let base_path = base_path.map_or_else(|| scratch.path().join("chain"), Path::to_path_buf);
		let log = scratch.path().join("node.log");
		let rpc_port = free_port()?;
		let mut command = Command::new(binary);
		command.arg("--dev");
		if let Some(chain) = chain {
			command.arg("--chain").arg(chain);
		}
		let child = command
			.arg("--base-path")
			.arg(&base_path)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", free_port()?)])
			.args(["--no-prometheus", "--no-telemetry", "--no-mdns"])
			.args(LOAD_FLAGS)
			.stdout(Stdio::null())
			.stderr(File::create(&log)?)
			.spawn()
			.with_context(|| format!("starting {}", binary.display()))?;
		let mut node = Node {
			child: Some(child),
			url: format!("ws://127.0.0.1:{rpc_port}"),
			log,
			_scratch: scratch,
		};
		let timeout = if chain.is_some() { GROWN_START_TIMEOUT } else { START_TIMEOUT };
		node.wait_until_it_answers(timeout).await?;
		Ok(node)
	}

	/// Polls `system_health` until it answers; fails if the node exits or takes too long.
	async fn wait_until_it_answers(&mut self, timeout: Duration) -> Result<()> {
		let started = Instant::now();
		loop {
			if let Ok(rpc) = Rpc::connect(&self.url).await {
				if rpc.health().await.is_ok() {
					return Ok(());
				}
			}
			if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
				bail!("the node exited ({status}) before answering:\n{}", self.log_tail(30));
			}
			if started.elapsed() > timeout {
				bail!("the node did not answer within {timeout:?}:\n{}", self.log_tail(30));
			}
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	}

	/// The last `lines` lines of the node's log.
	pub fn log_tail(&self, lines: usize) -> String {
		let log = std::fs::read_to_string(&self.log).unwrap_or_default();
		let tail: Vec<&str> = log.lines().rev().take(lines).collect();
		tail.into_iter().rev().collect::<Vec<_>>().join("\n")
	}

	/// Interrupts the node and waits for it to exit (killing it after a minute).
	pub fn stop(mut self) -> Option<ExitStatus> {
		self.child.take().and_then(interrupt_and_wait)
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(child) = self.child.take() {
			interrupt_and_wait(child);
		}
	}
}

/// Sends SIGINT to `child` and waits for it; kills it if it does not exit in time.
fn interrupt_and_wait(mut child: Child) -> Option<ExitStatus> {
	// SAFETY: `kill` has no memory-safety preconditions; the pid is our own child's.
	unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
	let deadline = Instant::now() + STOP_TIMEOUT;
	while Instant::now() < deadline {
		if let Ok(Some(status)) = child.try_wait() {
			return Some(status);
		}
		std::thread::sleep(Duration::from_millis(100));
	}
	let _ = child.kill();
	child.wait().ok()
}

/// A free TCP port on 127.0.0.1.
fn free_port() -> Result<u16> {
	Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
