//! The test Esplora server answers the real Esplora paths from the real mainnet data, as the
//! off-chain worker will ask them.

#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

use hashmix_bitcoin::{
	header::Header,
	merkle::{root_from_branch, MerkleBlock},
	tx::{strip_witness, Transaction},
};
use hashmix_tests::esplora::{Chain, EsploraServer};

fn get(url: &str) -> (u16, String) {
	match ureq::get(url).call() {
		Ok(response) => (response.status(), response.into_string().expect("a text body")),
		Err(ureq::Error::Status(code, response)) => {
			(code, response.into_string().unwrap_or_default())
		}
		Err(e) => panic!("GET {url}: {e}"),
	}
}

fn unhex(text: &str) -> Vec<u8> {
	(0..text.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
		.collect()
}

#[test]
fn esplora_paths_should_serve_real_mainnet_data() {
	let server = EsploraServer::start(Chain::mainnet());
	let base = &server.url;
	assert_eq!(get(&format!("{base}/blocks/tip/height")), (200, "830592".into()));
	let (_, hash) = get(&format!("{base}/block-height/830000"));
	assert_eq!(hash, "000000000000000000011d55599ed27d7efca05f5849b755319c89eb2cffbc1f");
	let (_, header_hex) = get(&format!("{base}/block/{hash}/header"));
	let header = Header::parse_slice(&unhex(&header_hex)).unwrap();
	assert_eq!(hashmix_bitcoin::display_hex(&header.hash()), hash);

	// AntPool's coinbase address lists the coinbase of 830,000, confirmed.
	let (status, body) =
		get(&format!("{base}/address/38XnPvu9PmonFU9WouPXUjYbW91wa5MerL/txs/chain"));
	assert_eq!(status, 200);
	let list: serde_json::Value = serde_json::from_str(&body).unwrap();
	let coinbase_txid = list[0]["txid"].as_str().unwrap().to_string();
	assert_eq!(list[0]["status"]["block_height"], 830_000);
	assert_eq!(list[0]["vin"][0]["is_coinbase"], true);
	assert_eq!(list[0]["vout"][1]["value"], 648_267_494u64);
	let (_, first_txid) = get(&format!("{base}/block/{hash}/txid/0"));
	assert_eq!(first_txid, coinbase_txid);

	// The transaction (with its witness) strips to its txid; its merkleblock proof reaches the root.
	let (_, raw) = get(&format!("{base}/tx/{coinbase_txid}/hex"));
	let stripped = strip_witness(&unhex(&raw)).unwrap();
	let tx = Transaction::parse(&stripped).unwrap();
	assert_eq!(hashmix_bitcoin::display_hex(&tx.txid), coinbase_txid);
	let (_, proof) = get(&format!("{base}/tx/{coinbase_txid}/merkleblock-proof"));
	let merkle_block = MerkleBlock::parse(&unhex(&proof)).unwrap();
	let branch = merkle_block.branch(0).unwrap();
	assert_eq!(root_from_branch(tx.txid, 0, &branch), Ok(header.merkle_root));

	assert_eq!(get(&format!("{base}/block-height/900000")).0, 404);
	assert_eq!(get(&format!("{base}/nothing")).0, 404);
	assert!(server.requests.lock().unwrap().len() >= 9);
}
