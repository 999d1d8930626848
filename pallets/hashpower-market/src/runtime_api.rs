//! What clients can ask the market.

use crate::*;
use alloc::vec::Vec;

sp_api::decl_runtime_apis! {
	/// Queries of the hash power market.
	pub trait HashpowerMarketApi<AccountId, Balance, BlockNumber>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// A listing.
		fn listing(listing: ListingId) -> Option<Listing<AccountId, Balance, BlockNumber>>;
		/// The listing of an NFT, if it is listed.
		fn listing_of(nft: NftId) -> Option<ListingId>;
		/// An open order with its schedule: days elapsed and eligible, installments due, what
		/// the seller may claim now, what is still locked (refundable unless released).
		fn order(order: OrderId) -> Option<OrderView<AccountId, Balance, BlockNumber>>;
		/// An NFT's open orders, oldest first (the last is the current holder's).
		fn orders_of(nft: NftId) -> Vec<OrderId>;
	}
}
