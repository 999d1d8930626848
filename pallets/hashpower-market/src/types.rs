//! What the market stores: listings and orders.

use crate::schedule::Progress;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use hashmix_primitives::hashpower::NftId;
use scale_info::TypeInfo;

/// A listing's id.
pub type ListingId = u32;

/// An order's id.
pub type OrderId = u32;

/// How a listing sells.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum Sale<AccountId, Balance, BlockNumber> {
	/// At `price`, to anyone or only to `buyer`.
	FixedPrice {
		/// The price.
		price: Balance,
		/// The only account that may buy, if any.
		buyer: Option<AccountId>,
	},
	/// To the highest bid at or above `reserve` when `end` has passed.
	Auction {
		/// The least first bid.
		reserve: Balance,
		/// The least step over the highest bid.
		min_increment: Balance,
		/// The last block bids are taken in.
		end: BlockNumber,
		/// The highest bid and its bidder (the bid held on the bidder's account).
		best: Option<(AccountId, Balance)>,
	},
}

/// An NFT offered for sale.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Listing<AccountId, Balance, BlockNumber> {
	/// The NFT.
	pub nft: NftId,
	/// Its holder, who listed it.
	pub seller: AccountId,
	/// How it sells.
	pub sale: Sale<AccountId, Balance, BlockNumber>,
	/// The deposit held on the seller's account for the listing's storage.
	pub deposit: Balance,
}

/// A settlement one side of an order proposed: `to_seller` of what is still locked goes to the
/// seller, the rest back to the buyer.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Proposal<AccountId, Balance> {
	/// Who proposed it (the other side accepts).
	pub by: AccountId,
	/// What the seller would receive of the locked amount.
	pub to_seller: Balance,
}

/// A sale of an NFT over the rest of its service period: the price locked on the buyer's account
/// and released to the seller as delivery is proven.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Order<AccountId, Balance, BlockNumber> {
	/// The NFT.
	pub nft: NftId,
	/// Who sold it.
	pub seller: AccountId,
	/// Who bought it.
	pub buyer: AccountId,
	/// The price.
	pub price: Balance,
	/// Released to the seller so far; the rest is held on the buyer's account.
	pub released: Balance,
	/// The NFT's running totals when it was bought.
	pub start: Progress,
	/// Service days the order covers: the rest of the service period when it was bought.
	pub total_days: u32,
	/// The first day of service, to map days to service day indices.
	pub service_start: u32,
	/// Once a later sale made this order an older one: the service day index from which its
	/// buyer's own destination counted (the index of the resale if it never had one). `None`
	/// while it is the newest order: then the hash power pallet's current holder data count.
	pub paid_from: Option<u32>,
	/// What the miner's pledge paid the buyer when the NFT was revoked under this order.
	pub pledge_received: Balance,
	/// A settlement waiting for the other side.
	pub proposal: Option<Proposal<AccountId, Balance>>,
	/// The block it was bought in.
	pub bought_at: BlockNumber,
}
