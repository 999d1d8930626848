//! Tests: one file per area, sharing the helpers here.

mod auction;
mod disputes;
mod listing;
mod orders;
mod resale;

pub(crate) use crate::{mock::*, *};
pub(crate) use frame_support::pallet_prelude::{DispatchError, DispatchResult};
pub(crate) use frame_support::{assert_noop, assert_ok};
pub(crate) use hashmix_primitives::hashpower::{HashPowerNfts, NftId, NftStatus, PledgeClaims};

/// Alice (1) lists NFT 0 at `price` for anyone.
pub(crate) fn list(price: u64) -> ListingId {
	let id = NextListingId::<Test>::get();
	assert_ok!(Market::list_fixed_price(RuntimeOrigin::signed(1), 0, price, None));
	id
}

/// `buyer` buys `listing` at up to its price.
pub(crate) fn buy(buyer: u64, listing: ListingId, price: u64) -> OrderId {
	let id = NextOrderId::<Test>::get();
	assert_ok!(Market::buy(RuntimeOrigin::signed(buyer), listing, price));
	id
}

/// Alice lists NFT 0 at 30,000 and Bob (2) buys it: order 0 over its 30 days. Bob's own
/// destination counts from the first day of service.
pub(crate) fn sold_to_bob() -> OrderId {
	let listing = list(30_000);
	let order = buy(2, listing, 30_000);
	// A new holder has no destination of its own until it sets one.
	assert_eq!(MockNfts::summary(0).unwrap().holder_paid_from, None);
	paid_from(0, Some(START));
	order
}
