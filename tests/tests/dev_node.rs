//! `hashmix-node --dev`: a single validator that authors and finalizes blocks at once, with all
//! three session keys in its keystore and Prometheus metrics served.

#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test code: a panic is a failed test"
)]

use hashmix_tests::{finalized_number, rpc, wait_for, Node};
use serde_json::json;
use std::time::{Duration, Instant};

#[test]
fn dev_node_should_finalize_block_3_within_60_seconds() {
	let started = Instant::now();
	let node = Node::dev();

	let finalized = wait_for(Duration::from_secs(60), "finalized block 3", || {
		finalized_number(node.rpc_port).ok().filter(|n| *n >= 3)
	});
	println!("dev node: finalized block {finalized} {:.1?} after start", started.elapsed());
	assert!(started.elapsed() < Duration::from_secs(60), "{}", node.log());

	// The chain is the development chain of the HashMix runtime.
	assert_eq!(
		rpc(node.rpc_port, "system_chain", json!([])).unwrap(),
		json!("HashMix Development")
	);
	let version = rpc(node.rpc_port, "state_getRuntimeVersion", json!([])).unwrap();
	assert_eq!(version["specName"], json!("hashmix"));
	let properties = rpc(node.rpc_port, "system_properties", json!([])).unwrap();
	assert_eq!(properties["tokenSymbol"], json!("HSM"));
	assert_eq!(properties["tokenDecimals"], json!(12));
}

#[test]
fn dev_node_should_hold_alice_aura_grandpa_and_attestation_keys() {
	let node = Node::dev();
	// Alice's public keys: sr25519 (Aura and attestation) and ed25519 (GRANDPA) of `//Alice`.
	let alice_sr25519 = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
	let alice_ed25519 = "0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee";
	for (key, key_type) in
		[(alice_sr25519, "aura"), (alice_ed25519, "gran"), (alice_sr25519, "hmat")]
	{
		assert_eq!(
			rpc(node.rpc_port, "author_hasKey", json!([key, key_type])).unwrap(),
			json!(true),
			"--dev inserts Alice's {key_type} key"
		);
	}
	// And the three together are Alice's registered session keys.
	let session_keys = format!("{alice_sr25519}{}{}", &alice_ed25519[2..], &alice_sr25519[2..]);
	assert_eq!(
		rpc(node.rpc_port, "author_hasSessionKeys", json!([session_keys])).unwrap(),
		json!(true)
	);
}

#[test]
fn dev_node_should_serve_prometheus_metrics() {
	let node = Node::dev();
	wait_for(Duration::from_secs(30), "block 1", || {
		hashmix_tests::best_number(node.rpc_port).ok().filter(|n| *n >= 1)
	});
	let metrics = ureq::get(&format!("http://127.0.0.1:{}/metrics", node.prometheus_port))
		.call()
		.expect("prometheus answers")
		.into_string()
		.unwrap();
	assert!(metrics.contains("substrate_block_height"), "block height metric is exported");
}
