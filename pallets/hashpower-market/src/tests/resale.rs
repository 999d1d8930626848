//! Resale: each sale its own order over the remaining period; only the holder's order is owed the
//! pledge; a bounded number of open orders per NFT.

use super::*;

/// Bob (2) bought NFT 0 from Alice on day 0 (order 0), his destination counting from day 4; on
/// day 10 he resells to Carol (3) for 24,000 (order 1).
fn resold() -> (OrderId, OrderId) {
	let first = sold_to_bob();
	paid_from(0, Some(START + 4));
	deliver(0, 10, 100);
	let listing = NextListingId::<Test>::get();
	assert_ok!(Market::list_fixed_price(RuntimeOrigin::signed(2), 0, 24_000, None));
	let second = buy(3, listing, 24_000);
	(first, second)
}

#[test]
fn a_resale_should_open_its_own_order_over_the_remaining_days() {
	run(|| {
		let (first, second) = resold();
		assert_eq!(OrdersOfNft::<Test>::get(0).into_inner(), vec![first, second]);
		assert_eq!(locks(0).orders, 2);
		let order = Orders::<Test>::get(second).unwrap();
		assert_eq!((order.seller, order.buyer, order.total_days, order.start.days), (2, 3, 20, 10));
		// The first order is fixed with Bob's own days.
		assert_eq!(Orders::<Test>::get(first).unwrap().paid_from, Some(4));
		// Carol's destination counts from day 13.
		paid_from(0, Some(START + 13));
		deliver(0, 10, 100);
		// Alice: days 4 to 19 of order 0 (16,000); Bob: days 13 to 19 of order 1 (7 x 1,200).
		assert_ok!(Market::claim_installments(RuntimeOrigin::signed(1), first));
		assert_ok!(Market::claim_installments(RuntimeOrigin::signed(2), second));
		assert_eq!(Orders::<Test>::get(first).unwrap().released, 16_000);
		assert_eq!(Orders::<Test>::get(second).unwrap().released, 8_400);
	});
}

#[test]
fn a_breach_should_refund_both_orders_and_owe_the_pledge_only_to_the_holder() {
	run(|| {
		let (first, second) = resold();
		paid_from(0, Some(START + 13));
		deliver(0, 10, 100);
		assert_ok!(Market::claim_installments(RuntimeOrigin::signed(1), first));
		assert_ok!(Market::claim_installments(RuntimeOrigin::signed(2), second));
		set_status(0, NftStatus::Revoked);
		// Carol holds the NFT: her order is owed up to its unreleased 15,600; Bob's earlier
		// order is owed nothing, whatever its price.
		assert_eq!(<Market as PledgeClaims<u64, u64>>::owed_to_holder(0, &3), 15_600);
		assert_eq!(<Market as PledgeClaims<u64, u64>>::owed_to_holder(0, &2), 0);
		<Market as PledgeClaims<u64, u64>>::pledge_paid(0, &3, 15_600);
		assert_ok!(Market::close_early(RuntimeOrigin::signed(2), first));
		assert_ok!(Market::close_early(RuntimeOrigin::signed(3), second));
		assert!(events().contains(&Event::OrderClosed {
			order: first,
			released: 16_000,
			refunded: 14_000,
			pledge: 0
		}));
		assert!(events().contains(&Event::OrderClosed {
			order: second,
			released: 8_400,
			refunded: 15_600,
			pledge: 15_600
		}));
		assert_eq!(locks(0).orders, 0);
		// Alice kept 16,000; Bob paid 30,000 - 14,000 and received 8,400; Carol paid 8,400.
		assert_eq!(free(1), 1_000_000 + 16_000);
		assert_eq!(free(2), 1_000_000 - 16_000 + 8_400);
		assert_eq!(free(3), 1_000_000 - 8_400);
	});
}

#[test]
fn open_orders_per_nft_should_be_bounded() {
	run(|| {
		// Three sales in a row: the third buyer cannot list while three orders are open.
		let mut seller = 1;
		for buyer in [2, 3, 4] {
			let listing = NextListingId::<Test>::get();
			assert_ok!(Market::list_fixed_price(RuntimeOrigin::signed(seller), 0, 10_000, None));
			buy(buyer, listing, 10_000);
			seller = buyer;
		}
		assert_noop!(
			Market::list_fixed_price(RuntimeOrigin::signed(4), 0, 10_000, None),
			Error::<Test>::TooManyOrders
		);
	});
}
