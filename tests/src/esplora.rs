//! A test Esplora server: Bitcoin data over the real Esplora REST paths, on 127.0.0.1, for the
//! off-chain worker of a node under test.
//!
//! It serves the repository's real mainnet data (`tests/data/bitcoin-mainnet`: the headers from
//! 822,528 to 830,592 and block 830,000 with all its transactions) and any block a test adds
//! (regtest blocks mined in the test). Paths, as Blockstream's Esplora answers them:
//!
//! | path | answer |
//! |---|---|
//! | `/blocks/tip/height` | the tip height, text |
//! | `/block-height/:height` | the block hash, hex (display order) |
//! | `/block/:hash/header` | the 80-byte header, hex |
//! | `/block/:hash/txid/:index` | a txid of the block, hex (display order) |
//! | `/tx/:txid/hex` | the transaction as serialized in its block, hex |
//! | `/tx/:txid/merkleblock-proof` | bitcoind's `CMerkleBlock`, hex |
//! | `/address/:address/txs/chain` | confirmed transactions touching the address, newest first, JSON |

use hashmix_bitcoin::{
	address::address_of,
	display_hex,
	header::{Header, RawHeader},
	merkle::encode_merkle_block,
	parse_display_hex, to_hex,
	tx::{parse_block_raw, Transaction},
	Network, H256,
};
use serde_json::{json, Value};
use std::{
	collections::{BTreeMap, HashMap},
	sync::{Arc, Mutex},
};

/// A transaction as the server knows it.
#[derive(Clone)]
struct StoredTx {
	raw: Vec<u8>,
	stripped: Vec<u8>,
	block: H256,
	index: usize,
}

/// What the server serves.
#[derive(Default)]
pub struct Chain {
	network: Option<Network>,
	heights: BTreeMap<u32, H256>,
	headers: HashMap<H256, (u32, RawHeader)>,
	/// Txids of the blocks whose transactions are known, in block order.
	blocks: HashMap<H256, Vec<H256>>,
	transactions: HashMap<H256, StoredTx>,
}

impl Chain {
	/// Adds a header at `height` (its transactions unknown).
	pub fn add_header(&mut self, height: u32, raw: RawHeader) {
		let hash = Header::parse(&raw).hash();
		self.heights.insert(height, hash);
		self.headers.insert(hash, (height, raw));
	}

	/// Adds a whole block at `height`: its header and its transactions, each as serialized in the
	/// block (`raw`, with witnesses if any).
	pub fn add_block(&mut self, height: u32, raw_header: RawHeader, raw_transactions: &[Vec<u8>]) {
		self.add_header(height, raw_header);
		let hash = Header::parse(&raw_header).hash();
		let mut txids = Vec::with_capacity(raw_transactions.len());
		for (index, raw) in raw_transactions.iter().enumerate() {
			let stripped = hashmix_bitcoin::tx::strip_witness(raw).expect("a valid transaction");
			let txid = hashmix_bitcoin::sha256d(&stripped);
			txids.push(txid);
			self.transactions
				.insert(txid, StoredTx { raw: raw.clone(), stripped, block: hash, index });
		}
		self.blocks.insert(hash, txids);
	}

	/// The repository's mainnet data: 8,065 headers and block 830,000.
	pub fn mainnet() -> Self {
		let dir = crate::repo_root().join("tests/data/bitcoin-mainnet");
		let headers = std::fs::read(dir.join("headers-822528-830592.bin")).expect("headers file");
		let mut chain = Chain { network: Some(Network::Mainnet), ..Default::default() };
		for (i, raw) in headers.chunks_exact(80).enumerate() {
			chain.add_header(822_528 + i as u32, raw.try_into().expect("80 bytes"));
		}
		let block = std::fs::read(dir.join("block-830000.bin")).expect("block file");
		let (header, transactions) = parse_block_raw(&block).expect("a valid block");
		let raws: Vec<Vec<u8>> = transactions.into_iter().map(|(raw, _)| raw).collect();
		chain.add_block(830_000, header.serialize(), &raws);
		chain
	}

	/// Forgets every block above `tip`, as if Bitcoin's chain ended there.
	pub fn truncate(&mut self, tip: u32) {
		let above: Vec<H256> =
			self.heights.split_off(&tip.saturating_add(1)).into_values().collect();
		for hash in above {
			self.headers.remove(&hash);
			if let Some(txids) = self.blocks.remove(&hash) {
				for txid in txids {
					self.transactions.remove(&txid);
				}
			}
		}
	}

	/// An empty regtest chain for blocks mined in the test.
	pub fn regtest() -> Self {
		Chain { network: Some(Network::Regtest), ..Default::default() }
	}

	fn tip(&self) -> Option<u32> {
		self.heights.keys().next_back().copied()
	}

	fn confirmations_status(&self, block: &H256) -> Value {
		match self.headers.get(block) {
			Some((height, raw)) => json!({
				"confirmed": true,
				"block_height": height,
				"block_hash": display_hex(block),
				"block_time": Header::parse(raw).time,
			}),
			None => json!({ "confirmed": false }),
		}
	}

	fn tx_json(&self, txid: &H256, stored: &StoredTx) -> Value {
		let network = self.network.unwrap_or(Network::Mainnet);
		let tx = Transaction::parse(&stored.stripped).expect("stored transactions parse");
		let vin: Vec<Value> = tx
			.inputs
			.iter()
			.map(|input| {
				json!({
					"txid": display_hex(&input.previous_output.txid),
					"vout": input.previous_output.vout,
					"is_coinbase": input.previous_output.is_null(),
					"sequence": input.sequence,
				})
			})
			.collect();
		let vout: Vec<Value> = tx
			.outputs
			.iter()
			.map(|output| {
				let mut o = json!({
					"scriptpubkey": to_hex(output.script_pubkey),
					"value": output.value,
				});
				if let Some(address) = address_of(network, output.script_pubkey) {
					o["scriptpubkey_address"] = json!(address);
				}
				o
			})
			.collect();
		json!({
			"txid": display_hex(txid),
			"version": 2,
			"locktime": 0,
			"vin": vin,
			"vout": vout,
			"size": stored.raw.len(),
			"status": self.confirmations_status(&stored.block),
		})
	}

	/// Answers one GET path: (status, content type, body).
	pub fn answer(&self, path: &str) -> (u16, &'static str, String) {
		let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
		let text = |body: String| (200, "text/plain", body);
		let not_found = || (404, "text/plain", String::from("not found"));
		match parts.as_slice() {
			["blocks", "tip", "height"] => {
				self.tip().map_or_else(not_found, |h| text(h.to_string()))
			}
			["block-height", height] => height
				.parse::<u32>()
				.ok()
				.and_then(|h| self.heights.get(&h))
				.map_or_else(not_found, |hash| text(display_hex(hash))),
			["block", hash, "header"] => parse_display_hex(hash)
				.and_then(|h| self.headers.get(&h))
				.map_or_else(not_found, |(_, raw)| text(to_hex(raw))),
			["block", hash, "txid", index] => parse_display_hex(hash)
				.and_then(|h| self.blocks.get(&h))
				.and_then(|txids| txids.get(index.parse::<usize>().ok()?))
				.map_or_else(not_found, |txid| text(display_hex(txid))),
			["tx", txid, "hex"] => parse_display_hex(txid)
				.and_then(|t| self.transactions.get(&t))
				.map_or_else(not_found, |stored| text(to_hex(&stored.raw))),
			["tx", txid, "merkleblock-proof"] => parse_display_hex(txid)
				.and_then(|t| self.transactions.get(&t))
				.and_then(|stored| {
					let (_, raw) = self.headers.get(&stored.block)?;
					let txids = self.blocks.get(&stored.block)?;
					encode_merkle_block(&Header::parse(raw), txids, stored.index)
				})
				.map_or_else(not_found, |proof| text(to_hex(&proof))),
			["address", address, "txs", "chain"] => {
				let network = self.network.unwrap_or(Network::Mainnet);
				let mut touching: Vec<(&H256, &StoredTx)> = self
					.transactions
					.iter()
					.filter(|(_, stored)| {
						Transaction::parse(&stored.stripped).is_ok_and(|tx| {
							tx.outputs.iter().any(|o| {
								address_of(network, o.script_pubkey).as_deref() == Some(*address)
							})
						})
					})
					.collect();
				// Newest first, as Esplora lists them.
				touching.sort_by_key(|(_, stored)| {
					std::cmp::Reverse((
						self.headers.get(&stored.block).map(|(h, _)| *h),
						stored.index,
					))
				});
				let list: Vec<Value> =
					touching.iter().take(25).map(|(txid, s)| self.tx_json(txid, s)).collect();
				(200, "application/json", Value::Array(list).to_string())
			}
			_ => not_found(),
		}
	}
}

/// A running test Esplora server; stops serving when dropped (its thread ends with the test).
pub struct EsploraServer {
	/// `http://127.0.0.1:<port>`
	pub url: String,
	/// The data it serves; tests add blocks while it runs.
	pub chain: Arc<Mutex<Chain>>,
	/// Every path requested, in order.
	pub requests: crate::http::Log,
}

impl EsploraServer {
	/// Starts serving `chain` on a free port of 127.0.0.1.
	pub fn start(chain: Chain) -> Self {
		let chain = Arc::new(Mutex::new(chain));
		let requests = crate::http::Log::default();
		let (served, log) = (chain.clone(), requests.clone());
		let url = crate::http::serve(move |request| {
			log.lock().expect("log lock").push(request.path.to_string());
			Some(served.lock().expect("chain lock").answer(request.path))
		});
		Self { url, chain, requests }
	}
}
