//! Fixed-price listings and buying.

use super::*;

#[test]
fn listing_should_hold_the_deposit_and_lock_the_nft() {
	run(|| {
		let listing = list(30_000);
		assert_eq!(held(HoldReason::ListingDeposit, 1), 10);
		assert!(locks(0).listed);
		assert_eq!(ListingOfNft::<Test>::get(0), Some(listing));
		assert_eq!(
			events(),
			vec![Event::Listed { listing, nft: 0, seller: 1, price: 30_000, buyer: None }]
		);
	});
}

#[test]
fn listing_should_be_refused_with_a_clear_error() {
	run(|| {
		let list_as = |who: u64, nft: NftId, price: u64| {
			Market::list_fixed_price(RuntimeOrigin::signed(who), nft, price, None)
		};
		assert_noop!(list_as(1, 7, 30_000), Error::<Test>::UnknownNft);
		assert_noop!(list_as(2, 0, 30_000), Error::<Test>::NotHolder);
		assert_noop!(list_as(1, 0, 99), Error::<Test>::PriceTooLow);
		mint(1, 1, 30);
		set_status(1, NftStatus::Verified);
		assert_noop!(list_as(1, 1, 30_000), Error::<Test>::NotActive);
		mint(2, 1, 30);
		<MockNfts as HashPowerNfts<u64>>::lock(2, hashmix_primitives::hashpower::LockReason::Loan)
			.unwrap();
		assert_noop!(list_as(1, 2, 30_000), Error::<Test>::Encumbered);
		mint(3, 1, 30);
		deliver(3, 30, 100);
		assert_noop!(list_as(1, 3, 30_000), Error::<Test>::NothingLeft);
		// Already listed: never in two listings.
		list(30_000);
		assert_noop!(list_as(1, 0, 40_000), DispatchError::Other("AlreadyLocked"));
		// No funds for the deposit.
		mint(4, 42, 30);
		assert!(list_as(42, 4, 30_000).is_err());
	});
}

#[test]
fn buying_should_move_the_nft_and_hold_the_price_on_the_buyer() {
	run(|| {
		let listing = list(30_000);
		let order = buy(2, listing, 31_000);
		assert_eq!(MockNfts::summary(0).unwrap().holder, 2);
		assert_eq!(
			locks(0),
			hashmix_primitives::hashpower::Locks { orders: 1, ..Default::default() }
		);
		assert_eq!(held(HoldReason::Escrow, 2), 30_000);
		assert_eq!(free(2), 1_000_000 - 30_000);
		// The listing deposit is back with the seller; the listing is gone.
		assert_eq!(held(HoldReason::ListingDeposit, 1), 0);
		assert_eq!(Listings::<Test>::get(listing), None);
		assert_eq!(ListingOfNft::<Test>::get(0), None);
		let stored = Orders::<Test>::get(order).unwrap();
		assert_eq!(
			(stored.seller, stored.buyer, stored.price, stored.total_days),
			(1, 2, 30_000, 30)
		);
		assert_eq!(OrdersOfNft::<Test>::get(0).into_inner(), vec![order]);
		assert!(events().contains(&Event::Bought {
			listing,
			order,
			nft: 0,
			seller: 1,
			buyer: 2,
			price: 30_000,
			total_days: 30
		}));
	});
}

#[test]
fn buying_should_be_refused_with_a_clear_error() {
	run(|| {
		assert_noop!(
			Market::buy(RuntimeOrigin::signed(2), 9, 30_000),
			Error::<Test>::UnknownListing
		);
		let listing = list(30_000);
		assert_noop!(
			Market::buy(RuntimeOrigin::signed(2), listing, 29_999),
			Error::<Test>::PriceAboveMax
		);
		assert_noop!(
			Market::buy(RuntimeOrigin::signed(1), listing, 30_000),
			Error::<Test>::OwnListing
		);
		// Not enough money for the price.
		assert!(Market::buy(RuntimeOrigin::signed(42), listing, 30_000).is_err());
		// The NFT fell out of service while listed.
		set_status(0, NftStatus::Revoked);
		assert_noop!(
			Market::buy(RuntimeOrigin::signed(2), listing, 30_000),
			Error::<Test>::NotActive
		);
		set_status(0, NftStatus::Active);
		// A listing for one buyer.
		assert_ok!(Market::cancel_listing(RuntimeOrigin::signed(1), listing));
		assert_ok!(Market::list_fixed_price(RuntimeOrigin::signed(1), 0, 30_000, Some(3)));
		assert_noop!(
			Market::buy(RuntimeOrigin::signed(2), 1, 30_000),
			Error::<Test>::NotWhitelisted
		);
		assert_ok!(Market::buy(RuntimeOrigin::signed(3), 1, 30_000));
		// An auction is not bought.
		mint(1, 1, 30);
		assert_ok!(Market::list_auction(RuntimeOrigin::signed(1), 1, 1_000, 100, 50));
		assert_noop!(
			Market::buy(RuntimeOrigin::signed(2), 2, 30_000),
			Error::<Test>::NotFixedPrice
		);
	});
}

#[test]
fn cancelling_should_unlock_and_return_the_deposit_and_only_for_the_seller() {
	run(|| {
		let listing = list(30_000);
		assert_noop!(
			Market::cancel_listing(RuntimeOrigin::signed(2), listing),
			Error::<Test>::NotSeller
		);
		assert_noop!(
			Market::cancel_listing(RuntimeOrigin::signed(1), 9),
			Error::<Test>::UnknownListing
		);
		assert_ok!(Market::cancel_listing(RuntimeOrigin::signed(1), listing));
		assert!(!locks(0).listed);
		assert_eq!(held(HoldReason::ListingDeposit, 1), 0);
		assert_eq!(free(1), 1_000_000);
		assert!(events().contains(&Event::ListingCancelled { listing }));
	});
}
