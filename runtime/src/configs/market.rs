//! The escrowed installment market for hash power NFTs (pallet-hashpower-market).

use crate::{Balance, Balances, BlockNumber, Hashpower, Runtime, RuntimeHoldReason, DAYS, HSM};
use frame_support::parameter_types;

parameter_types! {
	/// A listing holds 1 HSM for its storage (about 150 bytes) until it sells or is cancelled.
	pub const ListingDeposit: Balance = HSM;
	/// Prices, reserves and increments start at 1 HSM: no dust orders.
	pub const MinPrice: Balance = HSM;
	/// Four open orders per NFT: a holder, its seller and two earlier links of a resale chain;
	/// more would be wash resales (each order locks its price until its days are judged).
	pub const MaxOrdersPerNft: u32 = 4;
	/// Auctions last at most a week.
	pub const MaxAuctionBlocks: BlockNumber = 7 * DAYS;
	/// A dispute holds 10 HSM from its opener, paid to the side the vote favours (on top of the
	/// vote's own deposit and fee, which the opener pays to the validator pallet).
	pub const DisputeBond: Balance = 10 * HSM;
}

impl pallet_hashpower_market::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Nfts = Hashpower;
	type ListingDeposit = ListingDeposit;
	type MinPrice = MinPrice;
	type MaxOrdersPerNft = MaxOrdersPerNft;
	type MaxAuctionBlocks = MaxAuctionBlocks;
	type Arbitration = crate::Validators;
	type DisputeBond = DisputeBond;
	type WeightInfo = crate::weights::pallet_hashpower_market::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Hash power NFTs for the market's benchmarks: development NFTs with their totals set directly.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_hashpower_market::BenchmarkHelper<crate::AccountId> for BenchmarkHelper {
	fn active_nft(holder: &crate::AccountId) -> hashmix_primitives::hashpower::NftId {
		pallet_hashpower::benchmark_support::active_nft::<Runtime>(holder)
	}
	fn progress(
		nft: hashmix_primitives::hashpower::NftId,
		delivered: u128,
		expected: u128,
		days: u32,
	) {
		pallet_hashpower::benchmark_support::progress::<Runtime>(nft, delivered, expected, days)
	}
	fn revoke(nft: hashmix_primitives::hashpower::NftId) {
		pallet_hashpower::benchmark_support::revoke::<Runtime>(nft)
	}
	fn prepare_arbitration() {
		if let Err(error) = pallet_validators::Pallet::<Runtime>::benchmark_attesters(
			super::consensus::MAX_AUTHORITIES,
		) {
			panic!("arbitration votes cannot open in benchmarks: {error:?}");
		}
	}
}
