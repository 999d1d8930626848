//! Helpers for tests that run real `hashmix-node` processes: find the binary, pick free ports,
//! start and stop nodes, and ask them things over JSON-RPC.
//!
//! Node-level tests must run one at a time (`--test-threads=1`): several debug nodes on a
//! two-core machine miss their Aura slots.

#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test helpers: a panic is a failed test"
)]

pub mod esplora;
pub mod http;
pub mod lotus;

use serde_json::{json, Value};
use std::{
	net::TcpListener,
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// The repository root.
///
/// `cargo test` sets `CARGO_MANIFEST_DIR` when it runs a test, and that is the clone being tested:
/// the compile-time value is only a fallback, because the shared target directory reuses test
/// binaries across clones (CI's clone and the work tree) and the clone they were built in may be
/// gone.
pub fn repo_root() -> PathBuf {
	let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
		.map(PathBuf::from)
		.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
	manifest_dir.parent().expect("tests/ has a parent").to_path_buf()
}

/// The node binary: `$HASHMIX_NODE`, else the debug build in `$CARGO_TARGET_DIR` (default
/// `~/.cache/hashmix/target`).
pub fn node_binary() -> PathBuf {
	if let Some(path) = std::env::var_os("HASHMIX_NODE") {
		return PathBuf::from(path);
	}
	let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| {
		PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache/hashmix/target")
	});
	let binary = target.join("debug/hashmix-node");
	assert!(
		binary.exists(),
		"no node binary at {}: run `cargo build -p hashmix-node` first or set HASHMIX_NODE",
		binary.display()
	);
	binary
}

/// A TCP port nothing listens on right now.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("bind a free port").port()
}

/// Calls `method` on the node whose RPC listens on `port`; the `result`, or the error as text.
pub fn rpc(port: u16, method: &str, params: Value) -> Result<Value, String> {
	let response = ureq::post(&format!("http://127.0.0.1:{port}"))
		.timeout(Duration::from_secs(10))
		.send_json(json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }))
		.map_err(|e| e.to_string())?;
	let body: Value = response.into_json().map_err(|e| e.to_string())?;
	match body.get("result") {
		Some(result) => Ok(result.clone()),
		None => Err(body.to_string()),
	}
}

fn header_number(header: &Value) -> u64 {
	let hex = header["number"].as_str().expect("a header has a number");
	u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("the number is hex")
}

/// The number of the node's best block.
pub fn best_number(port: u16) -> Result<u64, String> {
	rpc(port, "chain_getHeader", json!([])).map(|h| header_number(&h))
}

/// The number of the node's last finalized block.
pub fn finalized_number(port: u16) -> Result<u64, String> {
	let hash = rpc(port, "chain_getFinalizedHead", json!([]))?;
	rpc(port, "chain_getHeader", json!([hash])).map(|h| header_number(&h))
}

/// How many peers the node is connected to.
pub fn peers(port: u16) -> Result<u64, String> {
	rpc(port, "system_health", json!([]))
		.map(|h| h["peers"].as_u64().expect("system_health has peers"))
}

/// Polls `check` every half second until it returns `Some`, or panics with `what` after
/// `timeout`.
pub fn wait_for<T>(timeout: Duration, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
	let start = Instant::now();
	loop {
		if let Some(value) = check() {
			return value;
		}
		assert!(start.elapsed() < timeout, "timed out after {timeout:?} waiting for {what}");
		std::thread::sleep(Duration::from_millis(500));
	}
}

/// A running node process, stopped (SIGINT, then SIGKILL) and its state removed on drop.
pub struct Node {
	child: Child,
	/// Its JSON-RPC / WebSocket port.
	pub rpc_port: u16,
	/// Its Prometheus port.
	pub prometheus_port: u16,
	/// Where it keeps its state and log (`node.log`).
	pub base_path: tempfile::TempDir,
}

impl Node {
	/// Starts `hashmix-node --dev` on free ports.
	pub fn dev() -> Node {
		Node::start(&["--dev"])
	}

	/// Starts the node with `args` plus its own base path, free ports and no telemetry.
	pub fn start(args: &[&str]) -> Node {
		let base_path =
			tempfile::Builder::new().prefix("hashmix-node-").tempdir().expect("tempdir");
		let (rpc_port, p2p_port, prometheus_port) = (free_port(), free_port(), free_port());
		let log = std::fs::File::create(base_path.path().join("node.log")).expect("log file");
		let child = Command::new(node_binary())
			.args(args)
			.arg("--base-path")
			.arg(base_path.path())
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--port", &p2p_port.to_string()])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.arg("--no-telemetry")
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.expect("start hashmix-node");
		let node = Node { child, rpc_port, prometheus_port, base_path };
		wait_for(Duration::from_secs(60), "the node's RPC server", || {
			rpc(node.rpc_port, "system_health", json!([])).ok()
		});
		node
	}

	/// The node's log so far, for failure messages.
	pub fn log(&self) -> String {
		std::fs::read_to_string(self.base_path.path().join("node.log")).unwrap_or_default()
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		stop_process(&mut self.child);
	}
}

/// Asks a process to stop like Ctrl-C would, then kills it if it has not within ten seconds.
pub fn stop_process(child: &mut Child) {
	let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
	let start = Instant::now();
	while start.elapsed() < Duration::from_secs(10) {
		if let Ok(Some(_)) = child.try_wait() {
			return;
		}
		std::thread::sleep(Duration::from_millis(100));
	}
	let _ = child.kill();
	let _ = child.wait();
}
