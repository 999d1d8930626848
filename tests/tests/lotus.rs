//! The test Lotus node answers Lotus's JSON-RPC over HTTP as a validator's worker asks it, in
//! Lotus's shapes, and its switches make it lie, stall or answer garbage.

#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

use hashmix_filecoin::lotus;
use hashmix_tests::lotus::{block_cid, Behaviour, LotusServer, State, MINER, SECTOR};
use serde_json::{json, Value};
use std::time::Duration;

fn call(url: &str, method: &str, params: Value) -> Result<Vec<u8>, lotus::LotusError> {
	let body = lotus::rpc_request(method, params, 1);
	let response = ureq::post(url)
		.timeout(Duration::from_secs(2))
		.set("Content-Type", "application/json")
		.send_bytes(&body)
		.map_err(|_| lotus::LotusError::Json)?;
	let text = response.into_string().expect("a text body");
	lotus::rpc_result(text.as_bytes())
}

/// Calls one of the node's test methods (`HashMix.*`).
fn test_method(url: &str, method: &str, params: Value) {
	let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
	let response = ureq::post(url).send_json(body).expect("the node answers");
	let answer: Value = response.into_json().expect("JSON");
	assert_eq!(answer["result"], Value::Null, "{answer}");
	assert!(answer.get("error").is_none(), "{answer}");
}

const HEAD: u64 = 5_000_000;

fn start(behaviour: Behaviour) -> LotusServer {
	LotusServer::start(State { behaviour, head: Some(HEAD), ..State::default() })
}

#[test]
fn a_worker_should_read_the_miners_state_at_a_tipset() {
	let server = start(Behaviour::Honest);
	let url = &server.url;
	let tipset =
		lotus::tipset(&call(url, "ChainGetTipSetByHeight", json!([HEAD - 900, null])).unwrap())
			.unwrap();
	assert_eq!(tipset.height, HEAD - 900);
	assert_eq!(tipset.cids, vec![block_cid(HEAD - 900)]);
	let key = lotus::tipset_key(&tipset.cids);
	let miner = format!("f0{MINER}");

	let info =
		lotus::miner_info(&call(url, "StateMinerInfo", json!([miner, key])).unwrap()).unwrap();
	assert_eq!(info.owner.to_string(hashmix_filecoin::address::Network::Mainnet), "f01578650");
	assert_eq!(info.sector_size, 32 << 30);
	assert_eq!(info.multiaddrs.len(), 1);
	let power =
		lotus::miner_power(&call(url, "StateMinerPower", json!([miner, key])).unwrap()).unwrap();
	assert_eq!(power.miner.raw, 1_204 << 40);
	let sector =
		lotus::sector_info(&call(url, "StateSectorGetInfo", json!([miner, SECTOR, key])).unwrap())
			.unwrap()
			.unwrap();
	assert_eq!(
		hashmix_filecoin::cid::sealed_cid(&sector.comm_r),
		hashmix_tests::lotus::SECTOR_SEALED_CID
	);
	assert_eq!(
		lotus::bitfield(&call(url, "StateMinerFaults", json!([miner, key])).unwrap()),
		Ok(2)
	);
	assert_eq!(
		lotus::amount(&call(url, "StateMinerAvailableBalance", json!([miner, key])).unwrap()),
		Ok(1_275_204_857_120_386_574_402)
	);
	// Lotus's errors: an unknown actor, a height above the head, an unknown tipset, a method.
	assert_eq!(
		call(url, "StateMinerPower", json!(["f01234", key])),
		Err(lotus::LotusError::Rpc(1))
	);
	assert_eq!(
		call(url, "ChainGetTipSetByHeight", json!([HEAD + 1, null])),
		Err(lotus::LotusError::Rpc(1))
	);
	assert_eq!(
		call(url, "StateMinerPower", json!([miner, [{"/": block_cid(HEAD + 7)}]])),
		Err(lotus::LotusError::Rpc(1))
	);
	assert_eq!(call(url, "StateNoSuchMethod", json!([])), Err(lotus::LotusError::Rpc(-32601)));
	assert!(server.calls.lock().unwrap().iter().any(|m| m == "Filecoin.StateMinerInfo"));
}

#[test]
fn multiaddresses_should_change_from_the_epoch_a_test_names() {
	let server = start(Behaviour::Honest);
	let url = &server.url;
	let miner = format!("f0{MINER}");
	test_method(
		url,
		"HashMix.SetMultiaddrs",
		json!([miner, ["/dns4/hashmix-00/tcp/1"], HEAD - 10]),
	);
	let at = |height: u64| {
		let key = json!([{ "/": block_cid(height) }]);
		lotus::miner_info(&call(url, "StateMinerInfo", json!([miner, key])).unwrap()).unwrap()
	};
	assert_eq!(
		at(HEAD - 10).multiaddrs,
		vec![hashmix_tests::lotus::multiaddr_bytes("/dns4/hashmix-00/tcp/1").unwrap()]
	);
	assert_eq!(
		at(HEAD - 11).multiaddrs,
		vec![hashmix_tests::lotus::multiaddr_bytes("/ip4/203.0.113.7/tcp/24001").unwrap()]
	);
}

#[test]
fn switches_should_make_the_node_lie_stall_or_answer_garbage() {
	let key = json!([{ "/": block_cid(HEAD) }]);
	let miner = format!("f0{MINER}");
	let liar = start(Behaviour::Lie);
	let info = lotus::miner_info(&call(&liar.url, "StateMinerInfo", json!([miner, key])).unwrap())
		.unwrap();
	assert_eq!(
		info.beneficiary.unwrap().to_string(hashmix_filecoin::address::Network::Mainnet),
		hashmix_tests::lotus::LIE_BENEFICIARY
	);

	let garbage = start(Behaviour::Garbage);
	assert_eq!(call(&garbage.url, "ChainHead", json!([])), Err(lotus::LotusError::Json));

	let stalled = start(Behaviour::Stall);
	assert!(call(&stalled.url, "ChainHead", json!([])).is_err(), "no answer within the timeout");
	// Its test methods still answer: a test can make it honest again.
	test_method(&stalled.url, "HashMix.SetBehaviour", json!(["honest"]));
	assert!(lotus::tipset(&call(&stalled.url, "ChainHead", json!([])).unwrap()).is_ok());
}
