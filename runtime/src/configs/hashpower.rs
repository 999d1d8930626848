//! Hash power tokenization (pallet-hashpower): miners bound by proof of their Bitcoin keys, hash
//! power NFTs verified on the relay's pool payouts, delivered, breached and expired.

use crate::{Balance, Balances, BtcRelay, Runtime, RuntimeCall, RuntimeHoldReason, HSM};
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, Contains},
	PalletId,
};
use sp_runtime::Perbill;

parameter_types! {
	/// Bitcoin keys one miner binds: a pool account key and a spare for rotation. Each stands for
	/// three scripts the relay treats as the miner's own.
	pub const MaxBitcoinKeys: u32 = 2;
	/// The account owning the hash power collections.
	pub const HashpowerPalletId: PalletId = PalletId(*b"hm/hashp");
	/// Requests and live NFTs per miner: each needs its own destination, and a miner has six
	/// (three scripts of two keys), so a few more than that leaves room for rotation.
	pub const MaxTokensPerMiner: u32 = 16;
	/// Requests and live NFTs on the chain: a daily sweep over them takes
	/// `MaxLiveTokens / VisitsPerBlock` blocks, 50 minutes at the bound.
	pub const MaxLiveTokens: u32 = 10_000;
	/// Probation judges at least a week of pool payouts.
	pub const MinProbationDays: u32 = 7;
	/// Probation may deliver 10% below the claim (luck of the pool's reward scheme, fees).
	pub const VerificationTolerance: Perbill = Perbill::from_percent(10);
	/// DMEX's rule: no payout for 7 days, or more than 20% short for 7 consecutive days.
	pub const BreachWindowDays: u32 = 7;
	pub const ShortfallTolerance: Perbill = Perbill::from_percent(20);
	pub const ShortfallDays: u32 = 7;
	/// A day settles two days after it ends, and its payouts need six confirmations: a breach
	/// is declared at most three days after the window shows it (ADR 0011).
	pub const DetectionLagDays: u32 = 3;
	/// Three days for a miner to repoint its pool to a new holder's destination.
	pub const RepointGraceDays: u32 = 3;
	/// HSM pledged per TH/s for each day a breach could go undetected; governance sets it, the
	/// chain has no price of hash power (ADR 0011).
	pub storage PledgePerThDay: Balance = HSM;
	/// HSM pledged per TiB of quality-adjusted Filecoin power for each day a breach could go
	/// undetected (a storage provider's TiB earns well under a TH/s's day); governance sets it.
	pub storage PledgePerTibDay: Balance = HSM / 10;
	/// Storage requests claim at least 1 TiB of quality-adjusted power.
	pub const MinStoragePower: u128 = 1 << 40;
	/// At verification at most 5% of the miner's live sectors may be faulty.
	pub const MaxFaultyShare: Perbill = Perbill::from_percent(5);
}

// Every script of every bound key must fit the relay's list of a miner's scripts.
const _: () = assert!(3 * MaxBitcoinKeys::get() <= super::bitcoin::MaxMinerScripts::get());

impl pallet_hashpower::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Relay = BtcRelay;
	/// No market yet: a breached pledge goes to the insurance pot.
	/// The market's open order of the holder is paid first.
	type Claims = crate::Market;
	type InsurancePot = super::consensus::InsurancePot;
	type PalletId = HashpowerPalletId;
	type MaxBitcoinKeys = MaxBitcoinKeys;
	type MaxTokensPerMiner = MaxTokensPerMiner;
	type MaxLiveTokens = MaxLiveTokens;
	/// 1 TH/s, in GH/s.
	type MinPower = ConstU128<1_000>;
	type MaxServiceDays = ConstU32<365>;
	type MinProbationDays = MinProbationDays;
	type VerificationTolerance = VerificationTolerance;
	type BreachWindowDays = BreachWindowDays;
	type ShortfallTolerance = ShortfallTolerance;
	type ShortfallDays = ShortfallDays;
	type DetectionLagDays = DetectionLagDays;
	type RepointGraceDays = RepointGraceDays;
	type PledgePerThDay = PledgePerThDay;
	type Filecoin = crate::FilecoinOracle;
	type MinStoragePower = MinStoragePower;
	type MaxFaultyShare = MaxFaultyShare;
	type PledgePerTibDay = PledgePerTibDay;
	type VisitsPerBlock = ConstU32<20>;
	type DaysPerVisit = ConstU32<4>;
	type GovernanceOrigin = frame_system::EnsureRoot<crate::AccountId>;
	type WeightInfo = crate::weights::pallet_hashpower::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// The calls every origin but root may dispatch: all but pallet-nfts' own sales and swaps of
/// hash power items, which would hand one over for money outside the escrowed market.
pub struct NoPlainHashpowerSales;

impl Contains<RuntimeCall> for NoPlainHashpowerSales {
	fn contains(call: &RuntimeCall) -> bool {
		use pallet_hashpower::Pallet as Hashpower;
		let hashpower =
			|collection: &u32| Hashpower::<Runtime>::is_hashpower_collection(*collection);
		match call {
			RuntimeCall::Nfts(
				pallet_nfts::Call::set_price { collection, .. }
				| pallet_nfts::Call::buy_item { collection, .. },
			) => !hashpower(collection),
			RuntimeCall::Nfts(pallet_nfts::Call::create_swap {
				offered_collection,
				desired_collection,
				..
			}) => !hashpower(offered_collection) && !hashpower(desired_collection),
			_ => true,
		}
	}
}

/// Relay days and credits for the hash power benchmarks, written into the relay's storage.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_hashpower::BenchmarkHelper<crate::AccountId> for BenchmarkHelper {
	fn advance_to_day(day: u32) {
		// The days a benchmark judges lie within forty days of its relay day.
		pallet_btc_relay::testing::record_days::<Runtime>(day.saturating_sub(40), day);
	}
	fn credit(registration: hashmix_primitives::bitcoin::RegistrationId, day: u32, amount: u64) {
		pallet_btc_relay::testing::credit::<Runtime>(registration, day, amount);
	}
	fn bind_filecoin_miner(who: &crate::AccountId, miner: hashmix_primitives::filecoin::MinerId) {
		use pallet_filecoin_oracle::BenchmarkHelper as _;
		if let Err(error) = super::filecoin::BenchmarkHelper::prepare_rounds() {
			panic!("Filecoin rounds cannot open in benchmarks: {error:?}");
		}
		pallet_filecoin_oracle::Bindings::<Runtime>::insert(miner, who);
	}
}
