//! English auctions.

use super::*;

fn auction() -> ListingId {
	let id = NextListingId::<Test>::get();
	assert_ok!(Market::list_auction(RuntimeOrigin::signed(1), 0, 20_000, 1_000, 50));
	id
}

fn bid(who: u64, listing: ListingId, amount: u64) -> DispatchResult {
	Market::bid(RuntimeOrigin::signed(who), listing, amount)
}

#[test]
fn bids_should_be_held_and_the_outbid_released_at_once() {
	run(|| {
		let listing = auction();
		assert!(events().contains(&Event::AuctionListed {
			listing,
			nft: 0,
			seller: 1,
			reserve: 20_000,
			min_increment: 1_000,
			end: 50
		}));
		assert_noop!(bid(2, listing, 19_999), Error::<Test>::BidTooLow);
		assert_noop!(bid(1, listing, 25_000), Error::<Test>::OwnListing);
		assert_ok!(bid(2, listing, 20_000));
		assert_eq!(held(HoldReason::Bid, 2), 20_000);
		assert_noop!(bid(3, listing, 20_999), Error::<Test>::BidTooLow);
		assert_ok!(bid(3, listing, 21_000));
		assert_eq!(held(HoldReason::Bid, 2), 0);
		assert_eq!(held(HoldReason::Bid, 3), 21_000);
		// The highest bidder may raise its own bid.
		assert_ok!(bid(3, listing, 22_000));
		assert_eq!(held(HoldReason::Bid, 3), 22_000);
		assert!(events().contains(&Event::BidPlaced { listing, bidder: 3, amount: 22_000 }));
		// Not before the end; no cancelling once bid on.
		assert_noop!(
			Market::settle_auction(RuntimeOrigin::signed(4), listing),
			Error::<Test>::AuctionNotOver
		);
		assert_noop!(
			Market::cancel_listing(RuntimeOrigin::signed(1), listing),
			Error::<Test>::HasBids
		);
		System::set_block_number(51);
		assert_noop!(bid(2, listing, 30_000), Error::<Test>::AuctionOver);
		// Anyone settles: the winner buys at its bid, held now as escrow.
		assert_ok!(Market::settle_auction(RuntimeOrigin::signed(4), listing));
		assert_eq!(held(HoldReason::Bid, 3), 0);
		assert_eq!(held(HoldReason::Escrow, 3), 22_000);
		assert_eq!(MockNfts::summary(0).unwrap().holder, 3);
		assert!(events().iter().any(|event| matches!(
			event,
			Event::Bought { listing: l, buyer: 3, price: 22_000, .. } if *l == listing
		)));
	});
}

#[test]
fn an_auction_without_bids_or_with_a_fallen_nft_should_lapse() {
	run(|| {
		let listing = auction();
		System::set_block_number(51);
		assert_ok!(Market::settle_auction(RuntimeOrigin::signed(4), listing));
		assert!(events().contains(&Event::AuctionLapsed { listing }));
		assert!(!locks(0).listed);
		assert_eq!(held(HoldReason::ListingDeposit, 1), 0);
		// With a bid, but the NFT was revoked meanwhile: the bid goes back.
		let listing = NextListingId::<Test>::get();
		assert_ok!(Market::list_auction(RuntimeOrigin::signed(1), 0, 20_000, 1_000, 60));
		assert_ok!(bid(2, listing, 20_000));
		set_status(0, NftStatus::Revoked);
		System::set_block_number(61);
		assert_ok!(Market::settle_auction(RuntimeOrigin::signed(4), listing));
		assert!(events().contains(&Event::AuctionLapsed { listing }));
		assert_eq!(held(HoldReason::Bid, 2), 0);
		assert_eq!(free(2), 1_000_000);
		assert_eq!(MockNfts::summary(0).unwrap().holder, 1);
	});
}

#[test]
fn auctions_should_be_refused_with_a_clear_error() {
	run(|| {
		let list = |reserve: u64, increment: u64, end: u64| {
			Market::list_auction(RuntimeOrigin::signed(1), 0, reserve, increment, end)
		};
		assert_noop!(list(99, 1_000, 50), Error::<Test>::PriceTooLow);
		assert_noop!(list(20_000, 0, 50), Error::<Test>::PriceTooLow);
		assert_noop!(list(20_000, 1_000, 1), Error::<Test>::BadEnd);
		assert_noop!(list(20_000, 1_000, 102), Error::<Test>::BadEnd);
		let fixed = NextListingId::<Test>::get();
		assert_ok!(Market::list_fixed_price(RuntimeOrigin::signed(1), 0, 30_000, None));
		assert_noop!(bid(2, fixed, 30_000), Error::<Test>::NotAuction);
		assert_noop!(
			Market::settle_auction(RuntimeOrigin::signed(2), fixed),
			Error::<Test>::NotAuction
		);
		assert_noop!(bid(2, 9, 30_000), Error::<Test>::UnknownListing);
		assert_noop!(
			Market::settle_auction(RuntimeOrigin::signed(2), 9),
			Error::<Test>::UnknownListing
		);
	});
}
