//! What the relay stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use hashmix_bitcoin::{header::Header, pow::MEDIAN_TIME_SPAN, H256, U256, U512};
use hashmix_primitives::bitcoin::{RegistrationId, Script};
use scale_info::TypeInfo;
use sp_core::ConstU32;

/// Timestamps of a block and its ancestors, oldest first, the block's own last: the window of
/// Bitcoin's median time past.
pub type RecentTimes = BoundedVec<u32, ConstU32<{ MEDIAN_TIME_SPAN as u32 }>>;

/// A header the relay accepted, with what checking its children needs, so that no check ever walks
/// back through storage.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct StoredHeader {
	/// The header itself.
	pub header: Header,
	/// Its height.
	pub height: u32,
	/// Total work of the chain ending at this header, counted from the checkpoint.
	pub chain_work: U256,
	/// Timestamps of this block and up to ten ancestors.
	pub recent_times: RecentTimes,
	/// Timestamp of the first block of this block's difficulty period.
	pub period_start_time: u32,
	/// Whether a proven coinbase of this block already counted in its day's fee sample.
	pub fee_sampled: bool,
}

impl StoredHeader {
	/// The block's median time past: the median of its own and its ten ancestors' timestamps.
	pub fn median_time_past(&self) -> u32 {
		hashmix_bitcoin::pow::median_time_past(&self.recent_times)
	}

	/// The Bitcoin day (UTC day of the median time past) the block belongs to.
	pub fn day(&self) -> u32 {
		hashmix_bitcoin::reward::bitcoin_day(self.median_time_past())
	}
}

/// The tip of the best chain.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct BestTip {
	/// Its hash.
	pub hash: H256,
	/// Its height.
	pub height: u32,
	/// The chain's total work since the checkpoint.
	pub chain_work: U256,
}

/// A Bitcoin day as the best chain first saw it.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct DayInfo {
	/// Height of the day's first best-chain block.
	pub first_height: u32,
	/// That block's `bits`: the day's difficulty.
	pub bits: u32,
	/// The subsidy at that height, in satoshis.
	pub subsidy: u64,
	/// `86400 * subsidy * target`: the day's expectation per hash per second, before the division.
	pub numerator: Wide,
	/// The sum of the numerators of all earlier recorded days (days skipped by the median time
	/// past count at this day's numerator).
	pub cumulative_before: Wide,
	/// Coinbases proven for blocks of this day: how many, their fees and their subsidies.
	pub sample: FeeSample,
	/// The fee share, parts per million of the subsidy, frozen when the day settled.
	pub fee_ppm: Option<u32>,
}

/// A 512-bit unsigned integer stored as eight little-endian 64-bit limbs: the same bytes as a
/// SCALE-encoded `U512`, under a type every client can decode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Wide(pub [u64; 8]);

impl From<U512> for Wide {
	fn from(value: U512) -> Self {
		Self(value.0)
	}
}

impl From<Wide> for U512 {
	fn from(value: Wide) -> Self {
		U512(value.0)
	}
}

/// Fees seen in a day's proven coinbases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct FeeSample {
	/// Coinbases counted (one per block).
	pub blocks: u32,
	/// Their fees (outputs above the subsidy), satoshis.
	pub fees: u64,
	/// Their subsidies, satoshis.
	pub subsidies: u64,
}

/// A registered destination.
#[derive(
	DebugNoBound, CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxMinerScripts))]
pub struct Registration<MaxMinerScripts: Get<u32>> {
	/// The registration's id.
	pub id: RegistrationId,
	/// The destination script.
	pub script: Script,
	/// Declared hashrate, hashes per second.
	pub hashrate: u128,
	/// The Bitcoin day it was registered on; payouts in blocks of earlier days do not count.
	pub start_day: u32,
	/// Satoshis credited so far, over all days.
	pub credited_total: u64,
	/// The miner's own scripts: money from them is not a pool payout.
	pub miner_scripts: BoundedVec<Script, MaxMinerScripts>,
}

/// One credited output, kept with its block so that a reorganisation can revoke it.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct CreditRecord {
	/// The registration credited.
	pub registration: RegistrationId,
	/// The Bitcoin day credited.
	pub day: u32,
	/// The paying transaction.
	pub txid: H256,
	/// The output's index.
	pub vout: u32,
	/// Satoshis credited (at most the output's value: less when the running cap cut it).
	pub amount: u64,
}

/// A proof that a transaction in a relayed block paid registered scripts.
#[derive(
	DebugNoBound,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxBytes, MaxDepth, MaxPrevious))]
pub struct PayoutProof<MaxBytes: Get<u32>, MaxDepth: Get<u32>, MaxPrevious: Get<u32>> {
	/// The block containing the transaction.
	pub block_hash: H256,
	/// The paying transaction, witness-stripped.
	pub transaction: BoundedVec<u8, MaxBytes>,
	/// Its index in the block.
	pub tx_index: u32,
	/// Its merkle branch, siblings from the leaf upwards.
	pub tx_branch: BoundedVec<H256, MaxDepth>,
	/// The block's coinbase, witness-stripped; empty when the paying transaction is the coinbase.
	pub coinbase: BoundedVec<u8, MaxBytes>,
	/// The coinbase's merkle branch (position 0); empty when the paying transaction is the
	/// coinbase. It must be as deep as `tx_branch`: a 64-byte inner node cannot pose as a leaf.
	pub coinbase_branch: BoundedVec<H256, MaxDepth>,
	/// The transactions whose outputs the paying transaction spends, witness-stripped, each once.
	/// Their outputs tell where the money came from.
	pub previous: BoundedVec<BoundedVec<u8, MaxBytes>, MaxPrevious>,
}

impl<MaxBytes: Get<u32>, MaxDepth: Get<u32>, MaxPrevious: Get<u32>>
	PayoutProof<MaxBytes, MaxDepth, MaxPrevious>
{
	/// Transaction bytes in the proof: the paying transaction, the coinbase and the previous ones.
	pub fn byte_len(&self) -> usize {
		self.previous
			.iter()
			.fold(self.transaction.len().saturating_add(self.coinbase.len()), |sum, tx| {
				sum.saturating_add(tx.len())
			})
	}

	/// [`byte_len`](Self::byte_len) as the weight functions take it.
	pub fn bytes(&self) -> u32 {
		u32::try_from(self.byte_len()).unwrap_or(u32::MAX)
	}

	/// The depth of the deeper of its two branches.
	pub fn depth(&self) -> u32 {
		u32::try_from(self.tx_branch.len().max(self.coinbase_branch.len())).unwrap_or(u32::MAX)
	}
}

/// Why an output paying a registered script was not credited.
#[derive(
	Debug,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum NotCredited {
	/// The output was already credited (replay).
	AlreadyCredited,
	/// The output is below the dust threshold.
	Dust,
	/// The transaction spends from the destination itself or from one of the miner's scripts.
	SelfPayment,
	/// The block is from a day before the registration.
	BeforeRegistration,
	/// The registration's running total already reached its cap.
	OverCap,
}

/// Whether a Bitcoin day's figures are final.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct DayStatus {
	/// The day's difficulty (`bits` of its first block).
	pub bits: u32,
	/// The same as a number, rounded down.
	pub difficulty: u128,
	/// The subsidy, satoshis.
	pub subsidy: u64,
	/// The fee share frozen at settlement, parts per million of the subsidy.
	pub fee_ppm: Option<u32>,
	/// Whether the day is settled: its fee share is frozen and its figures never change.
	pub settled: bool,
}

/// The network named when initializing. Only mainnet and regtest are relayed; the others are
/// named so that asking for them gets a clear refusal rather than a decoding error.
#[derive(
	Debug,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum BitcoinNetwork {
	/// Bitcoin mainnet.
	Mainnet,
	/// Testnet3: minimum-difficulty blocks after twenty minutes make forgery free. Refused.
	Testnet3,
	/// Testnet4: the same twenty-minute rule. Refused.
	Testnet4,
	/// Signet: blocks need the signet signature, which headers do not carry. Refused.
	Signet,
	/// Regtest, for tests: no retargeting, trivial proof of work.
	Regtest,
}

/// A registration as the runtime API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct RegistrationInfo {
	/// The registration's id.
	pub id: RegistrationId,
	/// Declared hashrate, hashes per second.
	pub hashrate: u128,
	/// The first Bitcoin day it counts.
	pub start_day: u32,
	/// Satoshis credited so far.
	pub credited_total: u64,
	/// The most it may be credited up to the latest recorded day (the running cap).
	pub cap: u64,
}
