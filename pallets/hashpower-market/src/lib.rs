//! # Hash power market
//!
//! Hash power NFTs (pallet-hashpower) are sold here, paid in installments from escrow: the buyer's
//! money stays on its own account under a hold, and moves to the seller only as the chain sees
//! the hash power delivered. It is Lumerin's hashrate contract (the buyer pays into a contract,
//! payment is released over the contract, the undelivered part is refunded) with delivery proven
//! on chain and DMEX's automatic stop, which the hash power pallet owns.
//!
//! - **Listings.** The holder of an Active NFT lists it at a fixed price
//!   ([`list_fixed_price`](Pallet::list_fixed_price), optionally for one buyer) or by English
//!   auction ([`list_auction`](Pallet::list_auction): reserve, minimum increment, end block; bids
//!   held on the bidders' accounts, the previous highest released at once;
//!   [`settle_auction`](Pallet::settle_auction) by anyone after the end). A listing holds
//!   [`Config::ListingDeposit`] and locks the NFT (no plain transfer, no burn);
//!   [`cancel_listing`](Pallet::cancel_listing) until an auction has a bid. An NFT is in one
//!   listing at most.
//! - **Orders.** A sale moves the NFT to the buyer and opens an order over the rest of the NFT's
//!   service period: the price is held on the buyer's account ([`HoldReason::Escrow`]) and the
//!   NFT stays locked while the order holds money, so the only way to pass it on is a market
//!   resale.
//! - **Installments on running totals** ([`schedule`]). By the time `elapsed` of the order's
//!   `total_days` days are judged, `price × elapsed / total_days` is due, and the seller may have
//!   received `min(delivered / expected, 1)` of it, delivered and expected summed over the order's
//!   own days from the hash power pallet's cumulative totals (late payouts catch up).
//!   [`claim_installments`](Pallet::claim_installments) moves what became releasable with
//!   `transfer_on_hold`; bounded work, no per-block pass. Days whose output did not reach the
//!   buyer are never released: for the newest order, the days before the buyer's own destination
//!   (Bitcoin) or beneficiary (Filecoin) counts, its repoint grace included; those installments
//!   are refunded when the order closes.
//! - **Breach and early close.** When the hash power pallet revokes the NFT (breach) or it is
//!   burned, releases stop and each buyer [`close_early`](Pallet::close_early)s its own order,
//!   getting its refundable remainder back. The current holder's order also receives the miner's
//!   pledge share: this pallet is the hash power pallet's `PledgeClaims`, and owes the holder what
//!   its open order has not released. Earlier orders in a resale chain get no pledge (a self-sale
//!   at a huge price must not capture it). A finished or expired order closes the same way, after
//!   a last release. Buyer and seller may also settle early together
//!   ([`propose_settlement`](Pallet::propose_settlement), [`accept_settlement`](Pallet::accept_settlement)).
//! - **Disputes** ([`disputes`]): either side opens one with a bond
//!   ([`open_dispute`](Pallet::open_dispute)); the validators that are not a party vote in
//!   arbitration (release, refund or split what the order holds); the order is frozen meanwhile
//!   and the bond goes to the side the ruling favours.
//! - **Resale.** A holder whose own order is still open may list the NFT again; each sale is its
//!   own order over the remaining period, at most [`Config::MaxOrdersPerNft`] open per NFT. When
//!   an order stops being the newest, the first day its buyer's own destination counted is fixed
//!   in it (the day of the resale if there was none).
//!
//! ## A worked resale
//! Alice holds a 30-day, 100 TH/s NFT, in service since day 0 and fully delivering. On day 0 she
//! sells it to Bob for 30,000 HSM (order 1: 30 days, 1,000 a day). Bob's destination counts from
//! day 4 (he set it on day 0, the miner had three days' grace to repoint its pool). On day 10 Bob
//! resells to Carol for 24,000 (order 2: the remaining 20 days, 1,200 a day); order 1 is frozen
//! with Bob paid from day 4. By day 20 Alice may have received 16 days of order 1 (16,000: days
//! 4 to 19; days 0 to 3 paid Alice's own destination, so Bob is refunded 4,000 at the end), and
//! Bob, if Carol's destination counts from day 13, 7 days of order 2 (8,400). If the miner
//! breaches on day 20, both orders stop: Bob gets back the 14,000 order 1 still holds (the 4,000
//! of days 0 to 3 among it), Carol the 15,600 of order 2 and the pledge's share up to that, since
//! she is the holder. Alice and Bob keep what was released: it paid for hash power delivered to
//! its buyer.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod claims;
pub mod disputes;
mod listings;
mod orders;
pub mod runtime_api;
pub mod schedule;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
#[allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test code: a panic is a failed test"
)]
mod mock;
#[cfg(test)]
#[allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test code: a panic is a failed test"
)]
mod tests;

pub use disputes::{Dispute, Ruling};
pub use orders::OrderView;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::{
	pallet_prelude::*,
	traits::fungible::{Inspect, Mutate, MutateHold},
};
use frame_system::pallet_prelude::*;
use hashmix_primitives::{
	attestation::{AttestationRounds, RoundId},
	hashpower::{HashPowerNfts, NftId},
};

/// The longest statement a dispute call takes; with the order's reference in front, the vote's
/// text must fit the validator pallet's question length.
pub const MAX_STATEMENT_LEN: u32 = hashmix_primitives::attestation::MAX_QUESTION_LEN;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::hashpower-market";

/// Balances of the payment currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A listing as stored.
pub type ListingOf<T> =
	Listing<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// An order as stored.
pub type OrderOf<T> =
	Order<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// A dispute as stored.
pub type DisputeOf<T> = Dispute<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// What the benchmarks need from the runtime: hash power NFTs in given states.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes an Active NFT of many service days held by `holder`, with nothing judged yet.
	fn active_nft(holder: &AccountId) -> NftId;
	/// Sets `nft`'s running totals, and makes `holder_paid_from` its first day of service.
	fn progress(nft: NftId, delivered: u128, expected: u128, days: u32);
	/// Revokes `nft` as a breach would.
	fn revoke(nft: NftId);
	/// Makes arbitration votes open (declared, bonded validators).
	fn prepare_arbitration();
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency prices, bids and deposits are paid in (HSM).
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The hash power NFTs: what they represent, how they delivered, their locks.
		type Nfts: HashPowerNfts<Self::AccountId>;

		/// Held from the seller while a listing exists, for its storage.
		#[pallet::constant]
		type ListingDeposit: Get<BalanceOf<Self>>;

		/// The least price, reserve or settlement a listing takes.
		#[pallet::constant]
		type MinPrice: Get<BalanceOf<Self>>;

		/// The most open orders one NFT has (a resale chain), against wash resales.
		#[pallet::constant]
		type MaxOrdersPerNft: Get<u32>;

		/// The longest auction, in blocks.
		#[pallet::constant]
		type MaxAuctionBlocks: Get<BlockNumberFor<Self>>;

		/// The validators' arbitration votes, which decide disputes.
		type Arbitration: AttestationRounds<Self::AccountId>;

		/// What opening a dispute holds from the opener, paid to the side the vote favours.
		#[pallet::constant]
		type DisputeBond: Get<BalanceOf<Self>>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up hash power NFTs for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The unreleased price of an open order, on the buyer's account.
		#[codec(index = 0)]
		Escrow,
		/// A listing's deposit, on the seller's account.
		#[codec(index = 1)]
		ListingDeposit,
		/// The highest bid of an auction, on the bidder's account.
		#[codec(index = 2)]
		Bid,
		/// A dispute's bond, on the opener's account.
		#[codec(index = 3)]
		DisputeBond,
	}

	/// The next listing id.
	#[pallet::storage]
	pub type NextListingId<T> = StorageValue<_, ListingId, ValueQuery>;

	/// Listings by id.
	#[pallet::storage]
	pub type Listings<T: Config> =
		StorageMap<_, Twox64Concat, ListingId, ListingOf<T>, OptionQuery>;

	/// The listing of each listed NFT: an NFT is in one listing at most.
	#[pallet::storage]
	pub type ListingOfNft<T> = StorageMap<_, Twox64Concat, NftId, ListingId, OptionQuery>;

	/// The next order id.
	#[pallet::storage]
	pub type NextOrderId<T> = StorageValue<_, OrderId, ValueQuery>;

	/// Open orders by id (a closed order is removed; its events remain).
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Twox64Concat, OrderId, OrderOf<T>, OptionQuery>;

	/// Each NFT's open orders, oldest first: the last is the current holder's.
	#[pallet::storage]
	pub type OrdersOfNft<T: Config> =
		StorageMap<_, Twox64Concat, NftId, BoundedVec<OrderId, T::MaxOrdersPerNft>, ValueQuery>;

	/// Open disputes by order.
	#[pallet::storage]
	pub type Disputes<T: Config> = StorageMap<_, Twox64Concat, OrderId, DisputeOf<T>, OptionQuery>;

	/// The order each open arbitration vote is about.
	#[pallet::storage]
	pub type DisputeRounds<T> = StorageMap<_, Twox64Concat, RoundId, OrderId, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	// Each variant's doc line names and explains its fields.
	#[allow(missing_docs)]
	pub enum Event<T: Config> {
		/// `seller` listed `nft` at `price` (for `buyer` only, if named).
		Listed {
			listing: ListingId,
			nft: NftId,
			seller: T::AccountId,
			price: BalanceOf<T>,
			buyer: Option<T::AccountId>,
		},
		/// `seller` put `nft` up for auction from `reserve`, by steps of `min_increment`, until
		/// block `end`.
		AuctionListed {
			listing: ListingId,
			nft: NftId,
			seller: T::AccountId,
			reserve: BalanceOf<T>,
			min_increment: BalanceOf<T>,
			end: BlockNumberFor<T>,
		},
		/// The listing was withdrawn; the deposit went back.
		ListingCancelled { listing: ListingId },
		/// `bidder` bid `amount` (held); the previous highest bid was released.
		BidPlaced { listing: ListingId, bidder: T::AccountId, amount: BalanceOf<T> },
		/// The auction ended without a sale (no bid, or the NFT no longer Active).
		AuctionLapsed { listing: ListingId },
		/// `buyer` bought `nft` from `seller` for `price`, held on its account and released over
		/// `total_days` days of service.
		Bought {
			listing: ListingId,
			order: OrderId,
			nft: NftId,
			seller: T::AccountId,
			buyer: T::AccountId,
			price: BalanceOf<T>,
			total_days: u32,
		},
		/// `amount` more of the price went to the seller; `released` in all.
		InstallmentsReleased { order: OrderId, amount: BalanceOf<T>, released: BalanceOf<T> },
		/// The order closed: `released` went to the seller over its life, `refunded` back to the
		/// buyer now, and `pledge` of the miner's pledge went to the buyer.
		OrderClosed {
			order: OrderId,
			released: BalanceOf<T>,
			refunded: BalanceOf<T>,
			pledge: BalanceOf<T>,
		},
		/// `by` proposed settling the order with `to_seller` of the locked amount to the seller.
		SettlementProposed { order: OrderId, by: T::AccountId, to_seller: BalanceOf<T> },
		/// The NFT was revoked under this order: `amount` of the miner's pledge went to its buyer.
		PledgeShareReceived { order: OrderId, amount: BalanceOf<T> },
		/// `by` disputed the order; the validators vote in arbitration round `round`.
		DisputeOpened { order: OrderId, by: T::AccountId, round: RoundId },
		/// The vote ruled: the order was settled accordingly and closed.
		DisputeDecided { order: OrderId, ruling: Ruling },
		/// The vote found no majority: the bond went back and the order goes on.
		DisputeDropped { order: OrderId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such hash power NFT.
		UnknownNft,
		/// No such listing.
		UnknownListing,
		/// No such open order.
		UnknownOrder,
		/// Only the NFT's holder may list it.
		NotHolder,
		/// Only Active NFTs (minted, in service, not in breach) are sold.
		NotActive,
		/// The NFT is collateral of a loan or in a pool.
		Encumbered,
		/// The NFT already has `MaxOrdersPerNft` open orders.
		TooManyOrders,
		/// The NFT's service period has no day left to sell.
		NothingLeft,
		/// The price, reserve or increment is below `MinPrice` (or the increment is zero).
		PriceTooLow,
		/// The price is above the buyer's maximum.
		PriceAboveMax,
		/// The listing is for another buyer.
		NotWhitelisted,
		/// The seller cannot buy or bid on its own listing.
		OwnListing,
		/// The listing is an auction: bid on it.
		NotFixedPrice,
		/// The listing sells at a fixed price: buy it.
		NotAuction,
		/// The auction has ended.
		AuctionOver,
		/// The auction has not ended yet.
		AuctionNotOver,
		/// The bid is below the reserve or the highest bid plus the minimum increment.
		BidTooLow,
		/// The auction has a bid: it can no longer be cancelled.
		HasBids,
		/// The end is not after this block, or further than `MaxAuctionBlocks`.
		BadEnd,
		/// Only the seller may do this.
		NotSeller,
		/// Only the buyer may do this.
		NotBuyer,
		/// Only the buyer or the seller may do this.
		NotParty,
		/// Nothing has become releasable since the last claim.
		NothingToClaim,
		/// The NFT is revoked or burned: releases have stopped; the buyer closes the order.
		ReleasesStopped,
		/// The NFT is still delivering and the order's days are not over: close it by
		/// settlement, or wait.
		StillDelivering,
		/// No settlement was proposed.
		NoProposal,
		/// The proposer cannot accept its own proposal.
		OwnProposal,
		/// The proposal gives the seller more than the order still holds.
		ProposalTooHigh,
		/// The order is disputed: it is frozen until the vote ends.
		Disputed,
		/// The statement, with the order's reference in front, is longer than a vote's text may be
		/// (256 bytes): shorten it.
		StatementTooLong,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxOrdersPerNft::get() > 0, "MaxOrdersPerNft must be above zero");
			assert!(
				T::MaxOrdersPerNft::get() <= u32::from(u8::MAX),
				"the hash power pallet counts orders in a u8"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// List `nft` at `price`, for anyone or only for `buyer`. Holds `ListingDeposit` and
		/// locks the NFT until it sells or the listing is cancelled.
		///
		/// - Origin: signed, the NFT's holder.
		/// - Emits [`Event::Listed`].
		/// - Errors: [`Error::UnknownNft`], [`Error::NotHolder`], [`Error::NotActive`],
		///   [`Error::Encumbered`], [`Error::TooManyOrders`], [`Error::NothingLeft`],
		///   [`Error::PriceTooLow`], the hash power pallet's lock errors (already listed), the
		///   currency's hold errors.
		#[pallet::call_index(0)]
		pub fn list_fixed_price(
			origin: OriginFor<T>,
			nft: NftId,
			price: BalanceOf<T>,
			buyer: Option<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_list_fixed_price(who, nft, price, buyer)
		}

		/// Buy the fixed-price `listing`, paying at most `max_price`: the NFT is the caller's and
		/// the price is held on its account, released to the seller as the hash power delivers.
		///
		/// - Origin: signed, the buyer.
		/// - Emits [`Event::Bought`].
		/// - Errors: [`Error::UnknownListing`], [`Error::NotFixedPrice`], [`Error::PriceAboveMax`],
		///   [`Error::NotWhitelisted`], [`Error::OwnListing`], [`Error::NotActive`],
		///   [`Error::NothingLeft`], [`Error::TooManyOrders`], the currency's hold errors (the
		///   price is not available).
		#[pallet::call_index(1)]
		pub fn buy(
			origin: OriginFor<T>,
			listing: ListingId,
			max_price: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_buy(who, listing, max_price)
		}

		/// Put `nft` up for auction: bids from `reserve`, each at least `min_increment` above the
		/// last, until block `end` (at most `MaxAuctionBlocks` away).
		///
		/// - Origin: signed, the NFT's holder.
		/// - Emits [`Event::AuctionListed`].
		/// - Errors: those of [`list_fixed_price`](Pallet::list_fixed_price), [`Error::BadEnd`].
		#[pallet::call_index(2)]
		pub fn list_auction(
			origin: OriginFor<T>,
			nft: NftId,
			reserve: BalanceOf<T>,
			min_increment: BalanceOf<T>,
			end: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_list_auction(who, nft, reserve, min_increment, end)
		}

		/// Bid `amount` on auction `listing`: it is held on the caller's account, and the
		/// previous highest bid is released at once.
		///
		/// - Origin: signed.
		/// - Emits [`Event::BidPlaced`].
		/// - Errors: [`Error::UnknownListing`], [`Error::NotAuction`], [`Error::AuctionOver`],
		///   [`Error::OwnListing`], [`Error::BidTooLow`], the currency's hold errors.
		#[pallet::call_index(3)]
		pub fn bid(
			origin: OriginFor<T>,
			listing: ListingId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bid(who, listing, amount)
		}

		/// End auction `listing` after its last block: the highest bidder buys at its bid (or,
		/// without a bid or with the NFT no longer Active, the listing lapses).
		///
		/// - Origin: signed, anyone.
		/// - Emits [`Event::Bought`] or [`Event::AuctionLapsed`].
		/// - Errors: [`Error::UnknownListing`], [`Error::NotAuction`], [`Error::AuctionNotOver`].
		#[pallet::call_index(4)]
		pub fn settle_auction(origin: OriginFor<T>, listing: ListingId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_settle_auction(listing)
		}

		/// Withdraw `listing` (an auction only before its first bid): the NFT is unlocked and the
		/// deposit returned.
		///
		/// - Origin: signed, the seller.
		/// - Emits [`Event::ListingCancelled`].
		/// - Errors: [`Error::UnknownListing`], [`Error::NotSeller`], [`Error::HasBids`].
		#[pallet::call_index(5)]
		pub fn cancel_listing(origin: OriginFor<T>, listing: ListingId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_listing(who, listing)
		}

		/// Release to the seller what the delivery proven since the last claim allows (see
		/// [`schedule`]); once the order's days are all judged, or the NFT expired, the rest is
		/// refunded and the order closes.
		///
		/// - Origin: signed, the order's seller.
		/// - Emits [`Event::InstallmentsReleased`], [`Event::OrderClosed`].
		/// - Errors: [`Error::UnknownOrder`], [`Error::NotSeller`], [`Error::ReleasesStopped`],
		///   [`Error::NothingToClaim`].
		#[pallet::call_index(6)]
		pub fn claim_installments(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, order)
		}

		/// Close the caller's order when the NFT is revoked or burned (its locked remainder comes
		/// back; releases stopped at the breach), or when its days are over or the NFT expired
		/// (after a last release to the seller).
		///
		/// - Origin: signed, the order's buyer.
		/// - Emits [`Event::OrderClosed`] (and [`Event::InstallmentsReleased`]).
		/// - Errors: [`Error::UnknownOrder`], [`Error::NotBuyer`], [`Error::StillDelivering`].
		#[pallet::call_index(7)]
		pub fn close_early(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_early(who, order)
		}

		/// Propose to settle `order` now: `to_seller` of what it still holds to the seller, the
		/// rest back to the buyer. Replaces an earlier proposal.
		///
		/// - Origin: signed, the order's buyer or seller.
		/// - Emits [`Event::SettlementProposed`].
		/// - Errors: [`Error::UnknownOrder`], [`Error::NotParty`], [`Error::ProposalTooHigh`].
		#[pallet::call_index(8)]
		pub fn propose_settlement(
			origin: OriginFor<T>,
			order: OrderId,
			to_seller: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose_settlement(who, order, to_seller)
		}

		/// Accept the other side's proposal: the order settles and closes.
		///
		/// - Origin: signed, the order's buyer or seller, not the proposer.
		/// - Emits [`Event::InstallmentsReleased`], [`Event::OrderClosed`].
		/// - Errors: [`Error::UnknownOrder`], [`Error::NotParty`], [`Error::NoProposal`],
		///   [`Error::OwnProposal`].
		#[pallet::call_index(9)]
		pub fn accept_settlement(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_settlement(who, order)
		}

		/// Dispute `order` with `statement` for the voters: holds `DisputeBond` and opens an
		/// arbitration vote among the validators that are not a party (the caller pays the
		/// vote's deposit and fee). The order is frozen until the vote rules: release what it
		/// holds to the seller, refund it, or split it; the bond goes to the favoured side.
		///
		/// - Origin: signed, the order's buyer or seller.
		/// - Emits [`Event::DisputeOpened`]; later [`Event::DisputeDecided`] and
		///   [`Event::OrderClosed`], or [`Event::DisputeDropped`].
		/// - Errors: [`Error::UnknownOrder`], [`Error::NotParty`], [`Error::Disputed`],
		///   [`Error::StatementTooLong`], the currency's hold errors, the validator pallet's
		///   errors (no room for a vote, too few validators).
		#[pallet::call_index(10)]
		pub fn open_dispute(
			origin: OriginFor<T>,
			order: OrderId,
			statement: BoundedVec<u8, ConstU32<MAX_STATEMENT_LEN>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_open_dispute(who, order, statement)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The invariants: listings and the NFTs' listing index agree, and each listed NFT carries
	/// the listing lock; every open order is in its NFT's list and no list is longer than the
	/// bound; the escrow held on each buyer is the sum of its open orders' unreleased prices, the
	/// bids held are the highest bids, the listing deposits are the listings'.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::Saturating;
		let mut deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let mut bids = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, listing) in Listings::<T>::iter() {
			ensure!(ListingOfNft::<T>::get(listing.nft) == Some(id), "a listing is not indexed");
			let summary = T::Nfts::summary(listing.nft).ok_or("a listed NFT does not exist")?;
			ensure!(summary.locks.listed, "a listed NFT is not locked as listed");
			let deposit = deposits.entry(listing.seller.clone()).or_default();
			*deposit = deposit.saturating_add(listing.deposit);
			if let Sale::Auction { best: Some((bidder, amount)), .. } = listing.sale {
				let held = bids.entry(bidder).or_default();
				*held = held.saturating_add(amount);
			}
		}
		for (nft, id) in ListingOfNft::<T>::iter() {
			ensure!(
				Listings::<T>::get(id).is_some_and(|listing| listing.nft == nft),
				"an indexed listing is missing or of another NFT"
			);
		}
		let mut escrow = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, order) in Orders::<T>::iter() {
			ensure!(OrdersOfNft::<T>::get(order.nft).contains(&id), "an open order is not listed");
			ensure!(order.released <= order.price, "an order released more than its price");
			let locked = escrow.entry(order.buyer.clone()).or_default();
			*locked = locked.saturating_add(order.price.saturating_sub(order.released));
		}
		for (nft, orders) in OrdersOfNft::<T>::iter() {
			ensure!(!orders.is_empty(), "an empty order list is stored");
			for id in &orders {
				ensure!(
					Orders::<T>::get(id).is_some_and(|order| order.nft == nft),
					"a listed order is missing or of another NFT"
				);
			}
			if let Some(summary) = T::Nfts::summary(nft) {
				ensure!(
					usize::from(summary.locks.orders) == orders.len(),
					"an NFT's order locks are not its open orders"
				);
			}
		}
		let check = |reason: HoldReason, expected: BTreeMap<T::AccountId, BalanceOf<T>>| {
			for (who, amount) in expected {
				ensure!(
					T::Currency::balance_on_hold(&reason.into(), &who) == amount,
					"a hold is not what the market's records say"
				);
			}
			Ok::<(), sp_runtime::TryRuntimeError>(())
		};
		let mut bonds = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (id, dispute) in Disputes::<T>::iter() {
			ensure!(Orders::<T>::contains_key(id), "a dispute is on a closed order");
			ensure!(
				DisputeRounds::<T>::get(dispute.round) == Some(id),
				"a dispute's vote is not indexed"
			);
			let bond = bonds.entry(dispute.by).or_default();
			*bond = bond.saturating_add(dispute.bond);
		}
		check(HoldReason::DisputeBond, bonds)?;
		check(HoldReason::ListingDeposit, deposits)?;
		check(HoldReason::Bid, bids)?;
		check(HoldReason::Escrow, escrow)?;
		Ok(())
	}
}
