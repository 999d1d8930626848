//! Bitcoin evidence: the SPV relay of Bitcoin headers and the proofs that pools paid registered
//! scripts (pallet-btc-relay).

use crate::{Runtime, Timestamp, Validators};
use frame_support::parameter_types;
use frame_system::EnsureRoot;

parameter_types! {
	/// Bitcoin's customary six confirmations before a payout counts.
	pub const BitcoinConfirmations: u32 = 6;
	/// Headers per submission: about eleven hours of Bitcoin blocks.
	pub const MaxHeadersPerBatch: u32 = 64;
	/// Heights kept below the tip: thirty days of Bitcoin blocks, so late payout proofs still find
	/// their block.
	pub const HeaderWindow: u32 = 30 * 144;
	/// Headers per height (the best and three competitors): Bitcoin has not seen more than two
	/// blocks at one height in years.
	pub const MaxHeadersPerHeight: u32 = 4;
	/// Six hours of blocks: no Bitcoin reorganisation since 2013 came close, and it stays below a
	/// day, so that settled days are never reorganised.
	pub const MaxReorgDepth: u32 = 36;
	/// 100 kB of transactions per proof: a pool batch payout with several hundred outputs, its
	/// coinbase and the transactions it spends.
	pub const MaxProofBytes: u32 = 100_000;
	/// Merkle branches up to 16 deep: every block that fits Bitcoin's weight limit.
	pub const MaxBranchDepth: u32 = 16;
	/// Transactions a payout may spend from.
	pub const MaxPreviousTransactions: u32 = 16;
	/// Credited outputs per Bitcoin block.
	pub const MaxCreditsPerBlock: u32 = 64;
	/// Scripts a miner may name as its own: the three forms of each of its bound keys
	/// (`super::hashpower::MaxBitcoinKeys`), with room to spare.
	pub const MaxMinerScripts: u32 = 8;
	/// Bitcoin Core's dust limit for P2PKH outputs, in satoshis.
	pub const DustThreshold: u64 = 546;
	/// Credited totals may reach 150% of the subsidy expectation: fees and payout timing.
	pub const CreditCapPercent: u32 = 150;
	/// Pools pay day d on day d + 1; a day settles two days after it ends.
	pub const SettlementLagDays: u32 = 2;
	/// Proven coinbases a day needs for its own fee ratio.
	pub const MinFeeSamples: u32 = 3;
}

impl pallet_btc_relay::Config for Runtime {
	type UnixTime = Timestamp;
	type GovernanceOrigin = EnsureRoot<crate::AccountId>;
	type Confirmations = BitcoinConfirmations;
	type MaxHeadersPerBatch = MaxHeadersPerBatch;
	type HeaderWindow = HeaderWindow;
	type MaxHeadersPerHeight = MaxHeadersPerHeight;
	type MaxReorgDepth = MaxReorgDepth;
	type MaxProofBytes = MaxProofBytes;
	type MaxBranchDepth = MaxBranchDepth;
	type MaxPreviousTransactions = MaxPreviousTransactions;
	type MaxCreditsPerBlock = MaxCreditsPerBlock;
	type MaxMinerScripts = MaxMinerScripts;
	type DustThreshold = DustThreshold;
	type CreditCapPercent = CreditCapPercent;
	type SettlementLagDays = SettlementLagDays;
	type MinFeeSamples = MinFeeSamples;
	// Days record the headers' own difficulty: the override is for regtest tests only.
	type RegtestExpectationBits = ();
	// The current validators' attestation keys sign fee-free relays, at the priority of their
	// other attestation transactions.
	type Attesters = Validators;
	type RelayPriority = super::consensus::AttestationPriority;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
	type WeightInfo = crate::weights::pallet_btc_relay::WeightInfo<Runtime>;
}

/// Makes a benchmark's key an attestation key of the current validators.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_btc_relay::BenchmarkHelper for BenchmarkHelper {
	fn make_attester(key: &hashmix_primitives::attestation::AttestationId) {
		pallet_validators::AttestationKeys::<Runtime>::mutate(|keys| {
			// A full set makes room: the benchmark's key must be among them.
			if keys.is_full() {
				keys.pop();
			}
			let _ = keys.try_push(key.clone());
		});
	}
}
