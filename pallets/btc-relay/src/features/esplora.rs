//! The off-chain worker's client of an Esplora REST endpoint (Blockstream's `esplora` or any
//! server speaking its paths). Every answer is bounded in time and size and checked before use:
//! a header must hash to the block asked for, a transaction to its txid. Every failure is an
//! [`FetchError`], never a panic.

use alloc::{format, string::String, vec::Vec};
use hashmix_bitcoin::{
	header::{Header, RawHeader},
	parse_display_hex, parse_hex, sha256d,
	tx::strip_witness,
	H256,
};
use hashmix_primitives::offchain::{response_body, HttpFailure};
use sp_runtime::offchain::{http, Duration};

/// How long one request may take, answer included.
const TIMEOUT_MS: u64 = 5_000;
/// The largest answer read: an address's page of 25 transactions with hundreds of outputs each
/// stays well below.
const MAX_BODY_BYTES: usize = 4 << 20;

/// Why an answer could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
	/// The run's request budget is spent; the rest waits for the next block.
	Budget,
	/// The HTTP exchange failed: transport, timeout, status or size.
	Http(HttpFailure),
	/// The answer is not what the path returns (bad hex, JSON, hash or length).
	Malformed(&'static str),
}

/// A confirmed transaction as `/address/:address/txs/chain` lists it (the fields used).
#[derive(serde::Deserialize, Debug)]
pub struct ListedTx {
	/// The txid, in display order.
	pub txid: String,
	/// Its outputs.
	pub vout: Vec<ListedOutput>,
	/// Where it was mined.
	pub status: ListedStatus,
}

/// An output in a transaction listing.
#[derive(serde::Deserialize, Debug)]
pub struct ListedOutput {
	/// The output script, hex.
	pub scriptpubkey: String,
	/// Satoshis.
	pub value: u64,
}

/// The confirmation status in a transaction listing.
#[derive(serde::Deserialize, Debug)]
pub struct ListedStatus {
	/// Whether the transaction is in a block.
	pub confirmed: bool,
	/// The block's height, when confirmed.
	#[serde(default)]
	pub block_height: Option<u32>,
	/// The block's hash in display order, when confirmed.
	#[serde(default)]
	pub block_hash: Option<String>,
}

impl From<HttpFailure> for FetchError {
	fn from(failure: HttpFailure) -> Self {
		Self::Http(failure)
	}
}

/// An Esplora endpoint with a budget of requests for one run of the worker.
pub struct Esplora {
	base: String,
	requests_left: u32,
}

impl Esplora {
	/// A client of the endpoint at `base` (e.g. `http://127.0.0.1:3002`) allowed `budget`
	/// requests.
	pub fn new(base: &str, budget: u32) -> Self {
		Self { base: String::from(base.trim_end_matches('/')), requests_left: budget }
	}

	fn get(&mut self, path: &str) -> Result<Vec<u8>, FetchError> {
		self.requests_left = self.requests_left.checked_sub(1).ok_or(FetchError::Budget)?;
		let url = format!("{}{path}", self.base);
		let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(TIMEOUT_MS));
		let pending = http::Request::get(&url)
			.deadline(deadline)
			.send()
			.map_err(|_| FetchError::Http(HttpFailure::Transport))?;
		response_body(pending, deadline, MAX_BODY_BYTES).map_err(FetchError::from)
	}

	fn text(&mut self, path: &str) -> Result<String, FetchError> {
		let body = self.get(path)?;
		let text = String::from_utf8(body).map_err(|_| FetchError::Malformed("not UTF-8"))?;
		Ok(String::from(text.trim()))
	}

	fn hex(&mut self, path: &str) -> Result<Vec<u8>, FetchError> {
		parse_hex(&self.text(path)?).ok_or(FetchError::Malformed("not hex"))
	}

	fn hash(&mut self, path: &str) -> Result<H256, FetchError> {
		parse_display_hex(&self.text(path)?).ok_or(FetchError::Malformed("not a hash"))
	}

	/// `/blocks/tip/height`: the height of the endpoint's best block.
	pub fn tip_height(&mut self) -> Result<u32, FetchError> {
		self.text("/blocks/tip/height")?.parse().map_err(|_| FetchError::Malformed("not a height"))
	}

	/// `/block-height/:height`: the hash of the endpoint's best-chain block at `height`.
	pub fn block_hash(&mut self, height: u32) -> Result<H256, FetchError> {
		self.hash(&format!("/block-height/{height}"))
	}

	/// `/block/:hash/header`: the header of block `hash`, which must hash to it.
	pub fn header(&mut self, hash: &H256) -> Result<RawHeader, FetchError> {
		let bytes = self.hex(&format!("/block/{}/header", hashmix_bitcoin::display_hex(hash)))?;
		let raw = RawHeader::try_from(bytes.as_slice())
			.map_err(|_| FetchError::Malformed("not 80 bytes"))?;
		if Header::parse(&raw).hash() != *hash {
			return Err(FetchError::Malformed("the header does not hash to its block"));
		}
		Ok(raw)
	}

	/// `/block/:hash/txid/:index`: the txid at `index` in block `hash`.
	pub fn txid_at(&mut self, block: &H256, index: u32) -> Result<H256, FetchError> {
		self.hash(&format!("/block/{}/txid/{index}", hashmix_bitcoin::display_hex(block)))
	}

	/// `/tx/:txid/hex`: transaction `txid` as serialized in its block (witnesses included),
	/// which must hash to `txid` once stripped.
	pub fn transaction(&mut self, txid: &H256) -> Result<Vec<u8>, FetchError> {
		let raw = self.hex(&format!("/tx/{}/hex", hashmix_bitcoin::display_hex(txid)))?;
		let stripped =
			strip_witness(&raw).map_err(|_| FetchError::Malformed("not a transaction"))?;
		if sha256d(&stripped) != *txid {
			return Err(FetchError::Malformed("the transaction does not hash to its txid"));
		}
		Ok(raw)
	}

	/// `/tx/:txid/merkleblock-proof`: bitcoind's `CMerkleBlock` proving `txid` in its block
	/// (checked when the proof is assembled).
	pub fn merkleblock_proof(&mut self, txid: &H256) -> Result<Vec<u8>, FetchError> {
		self.hex(&format!("/tx/{}/merkleblock-proof", hashmix_bitcoin::display_hex(txid)))
	}

	/// `/address/:address/txs/chain`: the newest confirmed transactions touching `address`
	/// (Esplora's first page: 25).
	pub fn address_transactions(&mut self, address: &str) -> Result<Vec<ListedTx>, FetchError> {
		let body = self.get(&format!("/address/{address}/txs/chain"))?;
		serde_json::from_slice(&body).map_err(|_| FetchError::Malformed("not a transaction list"))
	}
}
