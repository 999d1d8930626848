//! Regtest chains built on the spot, for tests and benchmarks: blocks whose coinbases and payouts
//! go where the test wants, mined at regtest's trivial difficulty.
#![allow(
	clippy::indexing_slicing,
	reason = "tests and benchmarks only; indices come from the chain being built"
)]

use alloc::vec::Vec;
use hashmix_bitcoin::{
	header::{Header, RawHeader},
	merkle::root_and_branch,
	pow,
	tx::{self, OutPoint, TxIn, TxOut},
	H256,
};

/// Regtest's target in compact form.
pub const REGTEST_BITS: u32 = 0x207f_ffff;
/// Timestamp of the regtest checkpoint: 2023-11-14.
pub const REGTEST_START: u32 = 1_700_000_000;
/// Ten minutes.
pub const BLOCK_INTERVAL: u32 = 600;

/// A P2WPKH script paying to a 20-byte key hash filled with `byte`.
pub fn p2wpkh(byte: u8) -> Vec<u8> {
	let mut script = alloc::vec![0x00, 0x14];
	script.extend_from_slice(&[byte; 20]);
	script
}

/// A P2TR script to a key filled with `byte`.
pub fn p2tr(byte: u8) -> Vec<u8> {
	let mut script = alloc::vec![0x51, 0x20];
	script.extend_from_slice(&[byte; 32]);
	script
}

/// A coinbase at `height` (BIP34 height push) paying `outputs`.
pub fn coinbase(height: u32, outputs: &[(u64, Vec<u8>)]) -> Vec<u8> {
	let mut script_sig = alloc::vec![4u8];
	script_sig.extend_from_slice(&height.to_le_bytes());
	script_sig.extend_from_slice(b"hashmix");
	let input = TxIn {
		previous_output: OutPoint { txid: H256::zero(), vout: u32::MAX },
		script_sig: &script_sig,
		sequence: u32::MAX,
	};
	let outputs: Vec<TxOut> = outputs
		.iter()
		.map(|(value, script)| TxOut { value: *value, script_pubkey: script })
		.collect();
	tx::serialize(2, &[input], &outputs, 0)
}

/// A transaction spending `inputs` (txid, vout) and paying `outputs`.
pub fn spend(inputs: &[(H256, u32)], outputs: &[(u64, Vec<u8>)]) -> Vec<u8> {
	let script_sig: [u8; 0] = [];
	let inputs: Vec<TxIn> = inputs
		.iter()
		.map(|(txid, vout)| TxIn {
			previous_output: OutPoint { txid: *txid, vout: *vout },
			script_sig: &script_sig,
			sequence: u32::MAX,
		})
		.collect();
	let outputs: Vec<TxOut> = outputs
		.iter()
		.map(|(value, script)| TxOut { value: *value, script_pubkey: script })
		.collect();
	tx::serialize(2, &inputs, &outputs, 0)
}

/// The txid of a stripped transaction.
pub fn txid(transaction: &[u8]) -> H256 {
	hashmix_bitcoin::sha256d(transaction)
}

/// A mined regtest block: its header and transactions.
#[derive(Clone, Debug)]
pub struct Block {
	/// The header.
	pub header: Header,
	/// Its transactions, coinbase first, witness-stripped.
	pub transactions: Vec<Vec<u8>>,
}

impl Block {
	/// The block's hash.
	pub fn hash(&self) -> H256 {
		self.header.hash()
	}

	/// The header's wire form.
	pub fn raw(&self) -> RawHeader {
		self.header.serialize()
	}

	/// The merkle branch of transaction `index`.
	pub fn branch(&self, index: usize) -> Vec<H256> {
		let txids: Vec<H256> = self.transactions.iter().map(|t| txid(t)).collect();
		root_and_branch(&txids, index).map(|(_, branch)| branch).unwrap_or_default()
	}
}

/// A regtest chain under construction.
#[derive(Clone, Debug)]
pub struct Chain {
	/// Blocks from the checkpoint (index 0) on.
	pub blocks: Vec<Block>,
	/// Height of the checkpoint.
	pub base_height: u32,
}

impl Chain {
	/// A chain whose checkpoint is at `height`, with a plain coinbase.
	pub fn new(height: u32) -> Self {
		Self::starting_at(height, REGTEST_START)
	}

	/// A chain whose checkpoint is at `height` with timestamp `time` (benchmarks run with the
	/// chain's clock at zero, so their headers must be dated within two hours of the epoch).
	pub fn starting_at(height: u32, time: u32) -> Self {
		let transactions = alloc::vec![coinbase(height, &[(5_000_000_000, p2wpkh(0))])];
		let mut header = Header {
			version: 0x2000_0000,
			prev_block: H256::repeat_byte(0xee),
			merkle_root: txid(transactions.first().map(Vec::as_slice).unwrap_or_default()),
			time,
			bits: REGTEST_BITS,
			nonce: 0,
		};
		pow::mine(&mut header, u32::MAX);
		Self { blocks: alloc::vec![Block { header, transactions }], base_height: height }
	}

	/// The height of the last block.
	pub fn tip_height(&self) -> u32 {
		self.base_height.saturating_add(self.blocks.len() as u32).saturating_sub(1)
	}

	/// The block at `height`.
	pub fn at(&self, height: u32) -> &Block {
		let index = height.saturating_sub(self.base_height) as usize;
		&self.blocks[index.min(self.blocks.len().saturating_sub(1))]
	}

	/// Mines a block on the tip holding `transactions` after a coinbase paying `coinbase_outputs`,
	/// `seconds` after the tip. Returns its height.
	pub fn mine(
		&mut self,
		seconds: u32,
		coinbase_outputs: &[(u64, Vec<u8>)],
		transactions: Vec<Vec<u8>>,
	) -> u32 {
		let height = self.tip_height().saturating_add(1);
		let mut all = alloc::vec![coinbase(height, coinbase_outputs)];
		all.extend(transactions);
		let txids: Vec<H256> = all.iter().map(|t| txid(t)).collect();
		let merkle_root = root_and_branch(&txids, 0).map(|(root, _)| root).unwrap_or_default();
		self.mine_with_root(seconds, merkle_root, all)
	}

	/// Mines a block on the tip with a given merkle root (for proofs whose branches are built
	/// directly), `seconds` after the tip.
	pub fn mine_with_root(
		&mut self,
		seconds: u32,
		merkle_root: H256,
		transactions: Vec<Vec<u8>>,
	) -> u32 {
		let height = self.tip_height().saturating_add(1);
		let parent = self.at(self.tip_height()).header;
		let mut header = Header {
			version: 0x2000_0000,
			prev_block: parent.hash(),
			merkle_root,
			time: parent.time.saturating_add(seconds),
			bits: parent.bits,
			nonce: 0,
		};
		pow::mine(&mut header, u32::MAX);
		self.blocks.push(Block { header, transactions });
		height
	}

	/// Mines `n` empty blocks `seconds` apart.
	pub fn mine_spaced(&mut self, n: u32, seconds: u32) {
		for _ in 0..n {
			self.mine(seconds, &[(5_000_000_000, p2wpkh(0))], Vec::new());
		}
	}

	/// Mines `n` empty blocks ten minutes apart.
	pub fn mine_empty(&mut self, n: u32) {
		self.mine_spaced(n, BLOCK_INTERVAL)
	}

	/// A fork: the chain up to and including `height`, to be extended separately.
	pub fn fork_at(&self, height: u32) -> Self {
		let keep = height.saturating_sub(self.base_height).saturating_add(1) as usize;
		Self {
			blocks: self.blocks.iter().take(keep).cloned().collect(),
			base_height: self.base_height,
		}
	}

	/// The raw headers of heights `from..=to`.
	pub fn headers(&self, from: u32, to: u32) -> Vec<RawHeader> {
		(from..=to).map(|h| self.at(h).raw()).collect()
	}
}

/// Makes `to` the relay's current Bitcoin day, with days `from..=to` recorded at mainnet's
/// difficulty of block 840,000 (`0x1703_4e4c`, 3.125 BTC subsidy) and settled up to the
/// settlement lag, without headers: for other pallets' benchmarks, which only read days.
pub fn record_days<T: crate::Config>(from: u32, to: u32) {
	let bits = 0x1703_4e4c;
	let subsidy = 312_500_000;
	let numerator = pow::decode_compact(bits)
		.map(|target| hashmix_bitcoin::reward::day_numerator(target, subsidy))
		.unwrap_or_default();
	use frame_support::traits::Get;
	let settled_to = to.saturating_sub(T::SettlementLagDays::get());
	for day in from..=to {
		crate::Days::<T>::insert(
			day,
			crate::DayInfo {
				first_height: 840_000,
				bits,
				subsidy,
				numerator: numerator.into(),
				cumulative_before: Default::default(),
				sample: Default::default(),
				fee_ppm: (day <= settled_to).then_some(0),
			},
		);
	}
	crate::LastDay::<T>::put(to);
}

/// Credits `amount` satoshis to `registration` on `day`, as a proven payout would.
pub fn credit<T: crate::Config>(registration: crate::RegistrationId, day: u32, amount: u64) {
	crate::Credits::<T>::insert(registration, day, amount);
}
