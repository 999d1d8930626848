//! Disputes decided by an arbitration vote.

use super::*;
use hashmix_primitives::attestation::{OnRoundOutcome, RoundOutcome};

fn statement(text: &str) -> BoundedVec<u8, ConstU32<MAX_STATEMENT_LEN>> {
	text.as_bytes().to_vec().try_into().unwrap()
}

/// Bob (2) disputes order 0 after ten days released; returns the vote's round.
fn disputed_by_bob() -> OrderId {
	let order = sold_to_bob();
	deliver(0, 10, 100);
	assert_ok!(Market::claim_installments(RuntimeOrigin::signed(1), order));
	assert_ok!(Market::open_dispute(
		RuntimeOrigin::signed(2),
		order,
		statement("the pool paid a sister miner's address")
	));
	order
}

#[test]
fn opening_a_dispute_should_hold_the_bond_open_a_vote_and_freeze_the_order() {
	run(|| {
		let order = disputed_by_bob();
		assert_eq!(held(HoldReason::DisputeBond, 2), DISPUTE_BOND);
		let (payer, body, outcomes, parties) = VOTES.with(|votes| votes.borrow()[0].clone());
		assert_eq!((payer, outcomes, parties), (2, 3, vec![2, 1]));
		assert_eq!(
			body,
			b"hashmix market order 0: the pool paid a sister miner's address".to_vec()
		);
		assert!(events().contains(&Event::DisputeOpened { order, by: 2, round: 0 }));
		// Frozen.
		deliver(0, 5, 100);
		assert_noop!(
			Market::claim_installments(RuntimeOrigin::signed(1), order),
			Error::<Test>::Disputed
		);
		set_status(0, NftStatus::Revoked);
		assert_noop!(Market::close_early(RuntimeOrigin::signed(2), order), Error::<Test>::Disputed);
		set_status(0, NftStatus::Active);
		assert_ok!(Market::propose_settlement(RuntimeOrigin::signed(2), order, 100));
		assert_noop!(
			Market::accept_settlement(RuntimeOrigin::signed(1), order),
			Error::<Test>::Disputed
		);
		assert_noop!(
			Market::open_dispute(RuntimeOrigin::signed(1), order, statement("again")),
			Error::<Test>::Disputed
		);
	});
}

#[test]
fn disputes_should_be_refused_with_a_clear_error() {
	run(|| {
		assert_noop!(
			Market::open_dispute(RuntimeOrigin::signed(2), 7, statement("none")),
			Error::<Test>::UnknownOrder
		);
		let order = sold_to_bob();
		assert_noop!(
			Market::open_dispute(RuntimeOrigin::signed(3), order, statement("not mine")),
			Error::<Test>::NotParty
		);
		let long = statement(&"x".repeat(MAX_STATEMENT_LEN as usize));
		assert_noop!(
			Market::open_dispute(RuntimeOrigin::signed(2), order, long),
			Error::<Test>::StatementTooLong
		);
	});
}

#[test]
fn a_refund_ruling_should_return_the_locked_amount_and_the_bond_to_the_buyer() {
	run(|| {
		let order = disputed_by_bob();
		Market::on_round_outcome(0, &RoundOutcome::Decided(1));
		assert!(events().contains(&Event::DisputeDecided { order, ruling: Ruling::Refund }));
		assert!(events().contains(&Event::OrderClosed {
			order,
			released: 10_000,
			refunded: 20_000,
			pledge: 0
		}));
		assert_eq!(free(2), 1_000_000 - 10_000);
		assert_eq!(held(HoldReason::DisputeBond, 2), 0);
		assert_eq!(locks(0).orders, 0);
	});
}

#[test]
fn a_release_ruling_should_pay_the_seller_and_give_it_the_openers_bond() {
	run(|| {
		let order = disputed_by_bob();
		Market::on_round_outcome(0, &RoundOutcome::Decided(0));
		assert!(events().contains(&Event::DisputeDecided { order, ruling: Ruling::Release }));
		assert_eq!(free(1), 1_000_000 + 30_000 + DISPUTE_BOND);
		assert_eq!(free(2), 1_000_000 - 30_000 - DISPUTE_BOND);
	});
}

#[test]
fn a_split_ruling_should_halve_the_locked_amount_and_return_the_bond() {
	run(|| {
		let order = disputed_by_bob();
		Market::on_round_outcome(0, &RoundOutcome::Decided(2));
		assert!(events().contains(&Event::OrderClosed {
			order,
			released: 20_000,
			refunded: 10_000,
			pledge: 0
		}));
		assert_eq!(free(2), 1_000_000 - 20_000);
	});
}

#[test]
fn a_vote_without_majority_should_drop_the_dispute_and_unfreeze_the_order() {
	run(|| {
		let order = disputed_by_bob();
		Market::on_round_outcome(0, &RoundOutcome::NoQuorum);
		assert!(events().contains(&Event::DisputeDropped { order }));
		assert_eq!(held(HoldReason::DisputeBond, 2), 0);
		deliver(0, 5, 100);
		assert_ok!(Market::claim_installments(RuntimeOrigin::signed(1), order));
		// Another pallet's round is none of the market's business.
		Market::on_round_outcome(7, &RoundOutcome::Decided(0));
		assert!(Orders::<Test>::contains_key(order));
	});
}
