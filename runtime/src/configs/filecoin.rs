//! Filecoin evidence (pallet-filecoin-oracle): questions about Filecoin miners answered by the
//! validators' Lotus nodes in attestation rounds, and miner binding by marker.

use crate::{Balance, Balances, Runtime, RuntimeHoldReason, Timestamp, Validators, HSM};
use frame_support::parameter_types;
use sp_runtime::Permill;

parameter_types! {
	/// Filecoin mainnet's genesis (2020-08-24 22:00:00 UTC), Unix seconds: epoch 0.
	pub const FilecoinGenesisTime: u64 = 1_598_306_400;
	/// Questions are about the state 900 epochs (7.5 hours) back: Filecoin's expected-consensus
	/// finality, so every honest Lotus node has the same tipset at that height. A miner
	/// publishing a binding marker confirms it that long after its message landed.
	pub const FinalityMargin: u64 = 900;
	/// At one tipset every honest node reads the same state, so power and balances must match
	/// exactly; a network that sees honest nodes disagree (a Lotus version difference) can widen
	/// these without a code change.
	pub const PowerTolerance: Permill = Permill::zero();
	pub const BalanceTolerance: Permill = Permill::zero();
	/// A binding request holds 1 HSM until it is confirmed or cancelled.
	pub const BindingDeposit: Balance = HSM;
	/// Agreed answers kept: at 64 open rounds closing every two minutes, more than two hours of
	/// answers; consumers act on an answer when they hear it.
	pub const MaxStoredFacts: u32 = 4_096;
	/// Miners one account may bind (a storage provider with several miner actors).
	pub const MaxMinersPerAccount: u32 = 8;
}

impl pallet_filecoin_oracle::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Rounds = Validators;
	type UnixTime = Timestamp;
	type FilecoinGenesisTime = FilecoinGenesisTime;
	type FinalityMargin = FinalityMargin;
	type PowerTolerance = PowerTolerance;
	type BalanceTolerance = BalanceTolerance;
	type BindingDeposit = BindingDeposit;
	type MaxStoredFacts = MaxStoredFacts;
	type MaxMinersPerAccount = MaxMinersPerAccount;
	/// A miner backing a live storage power NFT stays bound.
	type MinersInUse = crate::Hashpower;
	/// The hash power pallet's checks hear their answers.
	type OnFact = crate::Hashpower;
	type WeightInfo = crate::weights::pallet_filecoin_oracle::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Makes rounds open in benchmarks: a full set of the validator pallet's attesters, and the clock
/// at a time of today's Filecoin.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_filecoin_oracle::BenchmarkHelper for BenchmarkHelper {
	fn prepare_rounds() -> Result<(), sp_runtime::DispatchError> {
		pallet_validators::Pallet::<Runtime>::benchmark_attesters(
			super::consensus::MAX_AUTHORITIES,
		)?;
		// 2026-11-22 00:00 UTC, in milliseconds.
		pallet_timestamp::Now::<Runtime>::put(1_795_305_600_000u64);
		Ok(())
	}
}
