//! Helpers: the repository's mainnet data and shortcuts to drive the relay.

use crate::{mock::*, testing::Chain, *};
use frame_support::assert_ok;
use hashmix_bitcoin::header::{Header, HEADER_LEN};
use sp_runtime::BoundedVec;
use std::path::PathBuf;

/// First height of the mainnet header file.
pub const FIRST_HEIGHT: u32 = 822_528;

pub fn data(name: &str) -> Vec<u8> {
	let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
	let path = PathBuf::from(manifest).join("../../tests/data/bitcoin-mainnet").join(name);
	std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The mainnet headers from 822,528 to 830,592.
pub fn mainnet() -> Vec<RawHeader> {
	data("headers-822528-830592.bin")
		.chunks_exact(HEADER_LEN)
		.map(|c| c.try_into().unwrap())
		.collect()
}

/// The mainnet header at `height`.
pub fn mainnet_at(headers: &[RawHeader], height: u32) -> RawHeader {
	headers[(height - FIRST_HEIGHT) as usize]
}

pub fn initialize_mainnet(headers: &[RawHeader], height: u32) {
	assert_ok!(BtcRelay::initialize(
		RuntimeOrigin::root(),
		BitcoinNetwork::Mainnet,
		mainnet_at(headers, height),
		height,
		BoundedVec::new()
	));
}

/// Submits mainnet headers `from..=to` in full batches.
pub fn relay_mainnet(headers: &[RawHeader], from: u32, to: u32) {
	let slice = &headers[(from - FIRST_HEIGHT) as usize..=(to - FIRST_HEIGHT) as usize];
	for batch in slice.chunks(MAX_BATCH as usize) {
		assert_ok!(BtcRelay::submit_headers(
			RuntimeOrigin::signed(1),
			batch.to_vec().try_into().unwrap()
		));
	}
}

/// Initializes a regtest relay at the chain's checkpoint.
pub fn initialize_regtest(chain: &Chain) {
	assert_ok!(BtcRelay::initialize(
		RuntimeOrigin::root(),
		BitcoinNetwork::Regtest,
		chain.at(chain.base_height).raw(),
		chain.base_height,
		BoundedVec::new()
	));
}

/// Submits the chain's headers `from..=to`.
pub fn relay(chain: &Chain, from: u32, to: u32) -> DispatchResultWithPostInfo {
	let mut last = Ok(().into());
	for batch in chain.headers(from, to).chunks(MAX_BATCH as usize) {
		last =
			BtcRelay::submit_headers(RuntimeOrigin::signed(1), batch.to_vec().try_into().unwrap());
		last?;
	}
	last
}

pub fn submit(raw: RawHeader) -> DispatchResultWithPostInfo {
	BtcRelay::submit_headers(RuntimeOrigin::signed(1), vec![raw].try_into().unwrap())
}

pub fn header(raw: &RawHeader) -> Header {
	Header::parse(raw)
}

pub fn script(bytes: Vec<u8>) -> hashmix_primitives::bitcoin::Script {
	bytes.try_into().unwrap()
}

/// The relay's event log, this pallet's events only.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::BtcRelay(e) = r.event { Some(e) } else { None })
		.collect()
}

/// Storage as a whole, to assert that a refused call changed nothing.
pub fn state() -> Vec<(Vec<u8>, Vec<u8>)> {
	let mut pairs = Vec::new();
	let mut key = Vec::new();
	while let Some(next) = sp_io::storage::next_key(&key) {
		// System's event and block bookkeeping is not this pallet's state.
		if !next.starts_with(&sp_io::hashing::twox_128(b"System")) {
			pairs.push((
				next.clone(),
				sp_io::storage::get(&next).map(|v| v.to_vec()).unwrap_or_default(),
			));
		}
		key = next;
	}
	pairs
}

/// A proof of transaction `index` of the chain's block at `height`, spending from `previous`.
pub fn regtest_proof(
	chain: &Chain,
	height: u32,
	index: usize,
	previous: Vec<Vec<u8>>,
) -> PayoutProofOf<Test> {
	let block = chain.at(height);
	proof_in_block(block.hash(), &block.transactions, index, |i| block.branch(i), previous)
}

/// A proof of `transactions[index]` in block `block_hash`, where `branch(i)` is the merkle branch
/// of transaction `i`. For the coinbase (index 0) the coinbase fields stay empty, as the pallet
/// requires.
pub fn proof_in_block(
	block_hash: H256,
	transactions: &[Vec<u8>],
	index: usize,
	branch: impl Fn(usize) -> Vec<H256>,
	previous: Vec<Vec<u8>>,
) -> PayoutProofOf<Test> {
	let (coinbase, coinbase_branch) =
		if index == 0 { (Vec::new(), Vec::new()) } else { (transactions[0].clone(), branch(0)) };
	PayoutProof {
		block_hash,
		transaction: transactions[index].clone().try_into().unwrap(),
		tx_index: index as u32,
		tx_branch: branch(index).try_into().unwrap(),
		coinbase: coinbase.try_into().unwrap(),
		coinbase_branch: coinbase_branch.try_into().unwrap(),
		previous: previous
			.into_iter()
			.map(|p| p.try_into().unwrap())
			.collect::<Vec<_>>()
			.try_into()
			.unwrap(),
	}
}
