//! Orders: installments on proven delivery, the end of an order, breach, settlement, the pledge.

use super::*;

fn claim(order: OrderId) -> DispatchResult {
	Market::claim_installments(RuntimeOrigin::signed(1), order)
}

#[test]
fn installments_should_follow_delivery_and_catch_up_with_late_payouts() {
	run(|| {
		let order = sold_to_bob();
		assert_noop!(claim(order), Error::<Test>::NothingToClaim);
		// Ten days in full: 10,000 of the 30,000.
		deliver(0, 10, 100);
		assert_ok!(claim(order));
		assert_eq!(free(1), 1_000_000 + 10_000);
		assert_eq!(held(HoldReason::Escrow, 2), 20_000);
		assert!(events().contains(&Event::InstallmentsReleased {
			order,
			amount: 10_000,
			released: 10_000
		}));
		// Ten days at half: the running total is 75% of expectation, 20 days due: 15,000.
		deliver(0, 10, 50);
		assert_ok!(claim(order));
		assert_eq!(Orders::<Test>::get(order).unwrap().released, 15_000);
		// The pool's late payout of those days arrives: the rest of the 20 days.
		pay_late(0, 5_000);
		let view = Market::order_view(order).unwrap();
		assert_eq!(
			(view.elapsed_days, view.due, view.claimable, view.locked),
			(20, 20_000, 5_000, 15_000)
		);
		assert_ok!(claim(order));
		assert_eq!(Orders::<Test>::get(order).unwrap().released, 20_000);
		assert_noop!(claim(order), Error::<Test>::NothingToClaim);
	});
}

#[test]
fn a_finished_order_should_release_its_due_and_refund_the_rest() {
	run(|| {
		let order = sold_to_bob();
		deliver(0, 30, 90);
		// 90% of 30,000 released; 3,000 refunded; the order lock is lifted.
		assert_ok!(claim(order));
		assert_eq!(free(1), 1_000_000 + 27_000);
		assert_eq!(held(HoldReason::Escrow, 2), 0);
		assert_eq!(free(2), 1_000_000 - 27_000);
		assert_eq!(Orders::<Test>::get(order), None);
		assert_eq!(locks(0).orders, 0);
		assert!(events().contains(&Event::OrderClosed {
			order,
			released: 27_000,
			refunded: 3_000,
			pledge: 0
		}));
	});
}

#[test]
fn the_buyer_should_close_an_order_of_an_expired_nft_after_a_last_release() {
	run(|| {
		let order = sold_to_bob();
		deliver(0, 30, 100);
		set_status(0, NftStatus::Expired);
		assert_noop!(Market::close_early(RuntimeOrigin::signed(1), order), Error::<Test>::NotBuyer);
		assert_ok!(Market::close_early(RuntimeOrigin::signed(2), order));
		assert_eq!(free(1), 1_000_000 + 30_000);
		assert!(events().contains(&Event::OrderClosed {
			order,
			released: 30_000,
			refunded: 0,
			pledge: 0
		}));
	});
}

#[test]
fn a_breach_should_stop_releases_and_refund_the_buyer_with_the_pledge_share() {
	run(|| {
		let order = sold_to_bob();
		deliver(0, 10, 100);
		assert_ok!(claim(order));
		assert_noop!(
			Market::close_early(RuntimeOrigin::signed(2), order),
			Error::<Test>::StillDelivering
		);
		// The hash power pallet revokes the NFT and pays the holder's claim from the pledge.
		deliver(0, 7, 0);
		set_status(0, NftStatus::Revoked);
		assert_eq!(<Market as PledgeClaims<u64, u64>>::owed_to_holder(0, &2), 20_000);
		assert_eq!(<Market as PledgeClaims<u64, u64>>::owed_to_holder(0, &1), 0);
		<Market as PledgeClaims<u64, u64>>::pledge_paid(0, &2, 5_000);
		assert!(events().contains(&Event::PledgeShareReceived { order, amount: 5_000 }));
		// Releases have stopped; the buyer takes back what the order still holds.
		assert_noop!(claim(order), Error::<Test>::ReleasesStopped);
		assert_ok!(Market::close_early(RuntimeOrigin::signed(2), order));
		assert_eq!(free(2), 1_000_000 - 10_000);
		assert_eq!(free(1), 1_000_000 + 10_000);
		assert!(events().contains(&Event::OrderClosed {
			order,
			released: 10_000,
			refunded: 20_000,
			pledge: 5_000
		}));
		assert_eq!(locks(0).orders, 0);
	});
}

#[test]
fn a_burned_or_missing_nft_should_let_the_buyer_close() {
	run(|| {
		let order = sold_to_bob();
		NFTS.with(|nfts| nfts.borrow_mut().remove(&0));
		assert_noop!(claim(order), Error::<Test>::ReleasesStopped);
		assert_ok!(Market::close_early(RuntimeOrigin::signed(2), order));
		assert_eq!(free(2), 1_000_000);
	});
}

#[test]
fn days_before_the_buyers_destination_should_be_refunded_not_released() {
	run(|| {
		let order = sold_to_bob();
		// Bob's destination counts from day START + 4 (three days' grace after he set it).
		paid_from(0, None);
		deliver(0, 3, 100);
		assert_noop!(claim(order), Error::<Test>::NothingToClaim);
		paid_from(0, Some(START + 4));
		deliver(0, 7, 100);
		// Ten days judged, six of them Bob's: 6,000.
		assert_eq!(Market::order_view(order).unwrap().eligible_days, 6);
		assert_ok!(claim(order));
		assert_eq!(Orders::<Test>::get(order).unwrap().released, 6_000);
		deliver(0, 20, 100);
		assert_ok!(claim(order));
		// The four days whose payouts went to Alice come back to Bob.
		assert!(events().contains(&Event::OrderClosed {
			order,
			released: 26_000,
			refunded: 4_000,
			pledge: 0
		}));
	});
}

#[test]
fn settlement_should_need_both_sides() {
	run(|| {
		let order = sold_to_bob();
		deliver(0, 10, 100);
		assert_ok!(claim(order));
		assert_noop!(
			Market::propose_settlement(RuntimeOrigin::signed(3), order, 1_000),
			Error::<Test>::NotParty
		);
		assert_noop!(
			Market::propose_settlement(RuntimeOrigin::signed(2), order, 20_001),
			Error::<Test>::ProposalTooHigh
		);
		assert_noop!(
			Market::accept_settlement(RuntimeOrigin::signed(1), order),
			Error::<Test>::NoProposal
		);
		assert_ok!(Market::propose_settlement(RuntimeOrigin::signed(2), order, 5_000));
		assert!(events().contains(&Event::SettlementProposed { order, by: 2, to_seller: 5_000 }));
		assert_noop!(
			Market::accept_settlement(RuntimeOrigin::signed(2), order),
			Error::<Test>::OwnProposal
		);
		assert_noop!(
			Market::accept_settlement(RuntimeOrigin::signed(3), order),
			Error::<Test>::NotParty
		);
		assert_ok!(Market::accept_settlement(RuntimeOrigin::signed(1), order));
		assert_eq!(free(1), 1_000_000 + 15_000);
		assert_eq!(free(2), 1_000_000 - 15_000);
		assert!(events().contains(&Event::OrderClosed {
			order,
			released: 15_000,
			refunded: 15_000,
			pledge: 0
		}));
		assert_noop!(claim(order), Error::<Test>::UnknownOrder);
	});
}

#[test]
fn only_the_seller_should_claim() {
	run(|| {
		let order = sold_to_bob();
		deliver(0, 10, 100);
		assert_noop!(
			Market::claim_installments(RuntimeOrigin::signed(2), order),
			Error::<Test>::NotSeller
		);
		assert_noop!(Market::close_early(RuntimeOrigin::signed(2), 9), Error::<Test>::UnknownOrder);
	});
}
