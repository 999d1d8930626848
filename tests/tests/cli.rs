//! The operator's commands that need no running node: chain specs and keys.

#![allow(clippy::indexing_slicing, reason = "test code: a panic is a failed test")]

use hashmix_tests::node_binary;
use serde_json::Value;
use std::process::Command;

fn node(args: &[&str]) -> String {
	let output = Command::new(node_binary()).args(args).output().expect("run hashmix-node");
	assert!(
		output.status.success(),
		"hashmix-node {args:?} failed: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	String::from_utf8(output.stdout).expect("utf-8 output")
}

fn json(text: &str) -> Value {
	serde_json::from_str(text).expect("the command prints JSON")
}

#[test]
fn export_chain_spec_should_print_the_local_testnet_from_its_preset() {
	let spec = json(&node(&["export-chain-spec", "--chain", "local"]));
	assert_eq!(spec["name"], "HashMix Local Testnet");
	assert_eq!(spec["chainType"], "Local");
	assert_eq!(spec["properties"]["tokenSymbol"], "HSM");
	assert_eq!(spec["properties"]["tokenDecimals"], 12);
	let session_keys = &spec["genesis"]["runtimeGenesis"]["patch"]["session"]["keys"];
	assert_eq!(session_keys.as_array().map(Vec::len), Some(4), "four validators: {session_keys}");
	assert_eq!(spec["genesis"]["runtimeGenesis"]["patch"]["validators"]["sessionLength"], 10);
}

#[test]
fn build_spec_raw_should_print_raw_genesis_storage() {
	let spec = json(&node(&["build-spec", "--chain", "dev", "--raw"]));
	assert_eq!(spec["name"], "HashMix Development");
	let top = spec["genesis"]["raw"]["top"].as_object().expect("raw storage");
	// `:code`, the runtime itself, is part of the genesis state.
	assert!(top.contains_key("0x3a636f6465"));
}

#[test]
fn key_generate_and_inspect_should_agree_on_the_public_key() {
	let generated =
		json(&node(&["key", "generate", "--scheme", "sr25519", "--output-type", "json"]));
	let phrase = generated["secretPhrase"].as_str().expect("a secret phrase");
	let inspected =
		json(&node(&["key", "inspect", "--scheme", "sr25519", "--output-type", "json", phrase]));
	assert_eq!(inspected["publicKey"], generated["publicKey"]);
	assert_eq!(inspected["ss58Address"], generated["ss58Address"]);
}

#[test]
fn key_insert_should_store_the_attestation_key_in_the_keystore() {
	let base = tempfile::tempdir().unwrap();
	let base_path = base.path().to_str().unwrap();
	node(&[
		"key",
		"insert",
		"--base-path",
		base_path,
		"--chain",
		"dev",
		"--key-type",
		"hmat",
		"--scheme",
		"sr25519",
		"--suri",
		"//Ferdie",
	]);
	// The keystore file is named by key type (hex of `hmat`) and public key.
	let keystore = base.path().join("chains/hashmix_dev/keystore");
	let names: Vec<String> = std::fs::read_dir(&keystore)
		.expect("a keystore")
		.map(|e| e.unwrap().file_name().into_string().unwrap())
		.collect();
	// Ferdie's sr25519 public key.
	let ferdie = "1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c";
	assert_eq!(names, vec![format!("686d6174{ferdie}")]);
}
