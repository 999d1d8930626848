//! Four-validator networks started with `scripts/testnet.sh`, as an operator would: the local
//! testnet (Alice, Bob, Charlie, Dave) and the public test network from its frozen raw spec.
//! GRANDPA needs more than two thirds of the votes, so finality proves that all four take part.

#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test code: a panic is a failed test"
)]

use hashmix_tests::{best_number, finalized_number, peers, repo_root, rpc, wait_for};
use serde_json::json;
use std::{
	path::Path,
	process::Command,
	time::{Duration, Instant},
};

/// A testnet started by the script, stopped by it on drop.
struct Testnet {
	dir: tempfile::TempDir,
	offset: u16,
}

impl Testnet {
	fn start(chain: &str) -> Testnet {
		let dir = tempfile::Builder::new().prefix("hashmix-testnet-").tempdir().unwrap();
		// The script puts node i on 30333+i, 9944+i and 9615+i, shifted by the offset: find an
		// offset at which all twelve ports are free.
		let offset = (0..50)
			.map(|k| 10_000 + 17 * k)
			.find(|offset| {
				(0..4).all(|i| {
					[30333, 9944, 9615].iter().all(|base| {
						std::net::TcpListener::bind(("127.0.0.1", base + offset + i)).is_ok()
					})
				})
			})
			.expect("a free port range");
		let testnet = Testnet { dir, offset };
		let status = testnet.script(&["start", chain]);
		assert!(status, "scripts/testnet.sh start {chain} failed");
		testnet
	}

	fn script(&self, args: &[&str]) -> bool {
		Command::new(repo_root().join("scripts/testnet.sh"))
			.args(args)
			.env("TESTNET_DIR", self.dir.path())
			.env("TESTNET_PORT_OFFSET", self.offset.to_string())
			.env("HASHMIX_NODE", hashmix_tests::node_binary())
			.status()
			.map(|s| s.success())
			.unwrap_or(false)
	}

	fn rpc_ports(&self) -> Vec<u16> {
		(0..4).map(|i| 9944 + self.offset + i).collect()
	}

	fn logs(&self) -> String {
		["alice", "bob", "charlie", "dave"]
			.iter()
			.map(|name| {
				let log = std::fs::read_to_string(self.dir.path().join(name).join("node.log"))
					.unwrap_or_default();
				let tail: Vec<&str> = log.lines().rev().take(15).collect();
				format!("--- {name}\n{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"))
			})
			.collect::<Vec<_>>()
			.join("\n")
	}

	/// Every node sees the three others, and finality advances on every node.
	fn assert_all_four_peer_and_finalize(&self) {
		let started = Instant::now();
		for port in self.rpc_ports() {
			wait_for(Duration::from_secs(90), "RPC of every node", || {
				rpc(port, "system_health", json!([])).ok()
			});
		}
		for port in self.rpc_ports() {
			wait_for(Duration::from_secs(90), "three peers on every node", || {
				peers(port).ok().filter(|p| *p == 3)
			});
		}
		let first = finalized_number(self.rpc_ports()[0]).unwrap();
		for port in self.rpc_ports() {
			let reached =
				wait_for(Duration::from_secs(120), "finality to advance on every node", || {
					finalized_number(port).ok().filter(|n| *n >= first + 3)
				});
			assert!(best_number(port).unwrap() >= reached);
		}
		println!("four validators peered and finalized in {:.1?}", started.elapsed());
	}
}

impl Drop for Testnet {
	fn drop(&mut self) {
		if std::thread::panicking() {
			eprintln!("{}", self.logs());
		}
		self.script(&["stop"]);
	}
}

#[test]
fn local_testnet_should_peer_and_finalize_with_four_validators() {
	let testnet = Testnet::start("local");
	testnet.assert_all_four_peer_and_finalize();

	// The four authorities are the four genesis validators.
	let port = testnet.rpc_ports()[0];
	assert_eq!(rpc(port, "system_chain", json!([])).unwrap(), json!("HashMix Local Testnet"));
	let authorities = rpc(port, "state_call", json!(["AuraApi_authorities", "0x"])).unwrap();
	// Equal bonds: the election orders them by account id.
	let expected = [
		"306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20", // Dave
		"8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48", // Bob
		"90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22", // Charlie
		"d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d", // Alice
	];
	// A SCALE vector: compact length 4 (0x10), then the four sr25519 public keys.
	assert_eq!(authorities, json!(format!("0x10{}", expected.concat())));
}

#[test]
fn testnet_should_start_from_the_committed_raw_spec_and_finalize() {
	let spec = repo_root().join("chain-specs/hashmix-testnet-raw.json");
	assert!(Path::new(&spec).exists(), "chain-specs/hashmix-testnet-raw.json is committed");
	let testnet = Testnet::start(spec.to_str().unwrap());
	testnet.assert_all_four_peer_and_finalize();

	let port = testnet.rpc_ports()[0];
	assert_eq!(rpc(port, "system_chain", json!([])).unwrap(), json!("HashMix Testnet"));
	assert_eq!(rpc(port, "system_chainType", json!([])).unwrap(), json!("Live"));
	let spec_json: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(&spec).unwrap()).unwrap();
	assert!(spec_json["genesis"]["raw"]["top"].is_object(), "the committed spec is raw");
}
