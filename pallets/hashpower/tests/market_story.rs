//! A hash power NFT through the escrowed market on the real Bitcoin relay (regtest blocks mined
//! here, mainnet's difficulty injected): the miner's NFT is verified and sold by auction to Bob;
//! Bob names his destination and the pool repoints; the pool delivers in full, then half, and the
//! miner claims installments in proportion; Bob resells to Carol at a fixed price (two open
//! orders); Carol names her destination; then the pool stops paying, the NFT is revoked
//! automatically, and both buyers close their orders: each gets its locked remainder back, and
//! only Carol's order, the holder's, receives the miner's pledge.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

mod common;

use common::*;
use pallet_hashpower_market::{Event as MarketEvent, HoldReason as MarketHold, Orders};

fn market_events() -> Vec<MarketEvent<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Market(e) = r.event { Some(e) } else { None })
		.collect()
}

/// What the schedule should let the seller have received by now, computed here from the hash
/// power pallet's totals: the delivered share of the installments of the buyer's days.
fn releasable_now(order: &pallet_hashpower_market::OrderOf<Test>, paid_from_index: u32) -> u64 {
	let summary = Hashpower::summary(order.nft).unwrap();
	let elapsed = (summary.days_judged - order.start.days).min(order.total_days);
	let eligible = elapsed - paid_from_index.saturating_sub(order.start.days).min(elapsed);
	let due = u128::from(order.price) * u128::from(eligible) / u128::from(order.total_days);
	let delivered = summary.delivered - order.start.delivered;
	let expected = summary.expected - order.start.expected;
	(due * delivered.min(expected) / expected) as u64
}

/// A pool payout day: each script gets `percent`% of the day's expectation.
fn pay_day(bitcoin: &mut Bitcoin, to: &[(Vec<u8>, u64)]) -> u32 {
	let first = bitcoin.chain.tip_height() + 1;
	let outputs: Vec<(u64, Vec<u8>)> = to
		.iter()
		.filter(|(_, percent)| *percent > 0)
		.map(|(script, percent)| (expected(first) * percent / 100, script.clone()))
		.collect();
	if outputs.is_empty() {
		return bitcoin.day(vec![]);
	}
	let (payout, previous) = bitcoin.pool_pays(&outputs);
	bitcoin.day(vec![(payout, previous, true)])
}

/// `who` proves `wallet`'s key for `nft` and makes its P2PKH script the destination.
fn name_destination(who: &AccountId, wallet: &ecdsa::Pair) -> Vec<u8> {
	let key = wallet.public().0;
	assert_ok!(Hashpower::set_destination(
		RuntimeOrigin::signed(who.clone()),
		0,
		key,
		sign(wallet, &Hashpower::destination_message(0, who), SignedScript::P2pkh)
	));
	script_of(SignedScript::P2pkh, &key)
}

fn next_block() {
	let block = System::block_number() + 1;
	System::set_block_number(block);
}

#[test]
fn an_nft_sold_by_auction_resold_and_breached_refunds_both_orders() {
	new_test_ext().execute_with(|| {
		let mut bitcoin = Bitcoin::start();
		let (miner, bob, carol, dave) = (account(1), account(2), account(3), account(4));

		// The miner binds its key and asks for 100 TH/s for 30 days, paid daily.
		let miner_wallet = ecdsa::Pair::from_seed(&[1; 32]);
		let miner_key = miner_wallet.public().0;
		assert_ok!(Hashpower::bind_bitcoin_key(
			RuntimeOrigin::signed(miner.clone()),
			miner_key,
			sign(&miner_wallet, &Hashpower::binding_message(&miner), SignedScript::P2wpkh)
		));
		let own = script_of(SignedScript::P2wpkh, &miner_key);
		let today = <BtcRelay as PayoutDestinations>::current_day().unwrap();
		assert_ok!(Hashpower::request_tokenization(
			RuntimeOrigin::signed(miner.clone()),
			PowerKind::BitcoinSha256,
			POWER,
			today + 8,
			30,
			1,
			script(&own)
		));
		let pledge = 100 * 10 * 100;
		// Probation, then the first day of service.
		while Hashpower::summary(0).unwrap().status != NftStatus::Active {
			pay_day(&mut bitcoin, &[(own.clone(), 100)]);
			sweep();
		}

		// The miner auctions it: Bob and Carol bid, Bob wins at 60,000.
		let end = System::block_number() + 10;
		assert_ok!(Market::list_auction(
			RuntimeOrigin::signed(miner.clone()),
			0,
			40_000,
			5_000,
			end
		));
		assert_ok!(Market::bid(RuntimeOrigin::signed(bob.clone()), 0, 40_000));
		assert_ok!(Market::bid(RuntimeOrigin::signed(carol.clone()), 0, 50_000));
		assert_eq!(
			Balances::balance_on_hold(&MarketHold::Bid.into(), &bob),
			0,
			"the outbid bid is released at once"
		);
		assert_ok!(Market::bid(RuntimeOrigin::signed(bob.clone()), 0, 60_000));
		// Nobody can move the listed NFT by pallet-nfts.
		let collection =
			pallet_hashpower::Collections::<Test>::get(PowerKind::BitcoinSha256).unwrap();
		assert_noop!(
			Nfts::transfer(RuntimeOrigin::signed(miner.clone()), collection, 0, dave.clone()),
			pallet_nfts::Error::<Test>::ItemLocked
		);
		for _ in 0..11 {
			next_block();
		}
		assert_ok!(Market::settle_auction(RuntimeOrigin::signed(dave.clone()), 0));
		let first = 0;
		let order = Orders::<Test>::get(first).unwrap();
		assert_eq!(
			(order.seller.clone(), order.buyer.clone(), order.price),
			(miner.clone(), bob.clone(), 60_000)
		);
		assert_eq!(Balances::balance_on_hold(&MarketHold::Escrow.into(), &bob), 60_000);
		assert_eq!(Balances::balance_on_hold(&MarketHold::Bid.into(), &carol), 0);
		assert_eq!(Hashpower::summary(0).unwrap().holder, bob);
		// Bob cannot pass it on but through the market.
		assert_noop!(
			Nfts::transfer(RuntimeOrigin::signed(bob.clone()), collection, 0, dave.clone()),
			pallet_nfts::Error::<Test>::ItemLocked
		);

		// Bob names his destination; the pool repoints at once. His days count after the grace.
		let bob_wallet = ecdsa::Pair::from_seed(&[2; 32]);
		let bobs = name_destination(&bob, &bob_wallet);
		let bob_from = Hashpower::summary(0).unwrap().holder_paid_from.unwrap();
		let bob_index = bob_from - Hashpower::summary(0).unwrap().start_day;
		// Full delivery for eight days, then half for three.
		for _ in 0..8 {
			pay_day(&mut bitcoin, &[(bobs.clone(), 100)]);
		}
		sweep();
		let full = releasable_now(&Orders::<Test>::get(first).unwrap(), bob_index);
		assert!(full > 0, "Bob's days have begun");
		assert_ok!(Market::claim_installments(RuntimeOrigin::signed(miner.clone()), first));
		assert_eq!(Orders::<Test>::get(first).unwrap().released, full);
		for _ in 0..3 {
			pay_day(&mut bitcoin, &[(bobs.clone(), 50)]);
		}
		sweep();
		let partial = releasable_now(&Orders::<Test>::get(first).unwrap(), bob_index);
		let summary = Hashpower::summary(0).unwrap();
		assert!(summary.delivered < summary.expected, "the half days lowered the running total");
		assert_ok!(Market::claim_installments(RuntimeOrigin::signed(miner.clone()), first));
		assert_eq!(Orders::<Test>::get(first).unwrap().released, partial);
		assert_eq!(Balances::balance_on_hold(&MarketHold::Escrow.into(), &bob), 60_000 - partial);

		// Bob resells to Carol at a fixed price: two open orders.
		assert_ok!(Market::list_fixed_price(RuntimeOrigin::signed(bob.clone()), 0, 50_000, None));
		assert_ok!(Market::buy(RuntimeOrigin::signed(carol.clone()), 1, 50_000));
		let second = 1;
		assert_eq!(
			pallet_hashpower_market::OrdersOfNft::<Test>::get(0).into_inner(),
			vec![first, second]
		);
		assert_eq!(Orders::<Test>::get(first).unwrap().paid_from, Some(bob_index));
		let carol_wallet = ecdsa::Pair::from_seed(&[3; 32]);
		let carols = name_destination(&carol, &carol_wallet);
		for _ in 0..8 {
			pay_day(&mut bitcoin, &[(carols.clone(), 100)]);
		}
		sweep();
		let carol_from = Hashpower::summary(0).unwrap().holder_paid_from.unwrap();
		let carol_index = carol_from - Hashpower::summary(0).unwrap().start_day;
		let due_first = releasable_now(&Orders::<Test>::get(first).unwrap(), bob_index);
		let due_second = releasable_now(&Orders::<Test>::get(second).unwrap(), carol_index);
		assert!(due_second > 0, "Carol's days have begun");
		assert_ok!(Market::claim_installments(RuntimeOrigin::signed(miner.clone()), first));
		assert_ok!(Market::claim_installments(RuntimeOrigin::signed(bob.clone()), second));
		assert_eq!(Orders::<Test>::get(first).unwrap().released, due_first);
		assert_eq!(Orders::<Test>::get(second).unwrap().released, due_second);

		// The pool stops paying: after seven days without a payout the NFT is revoked, and the
		// pledge pays Carol's order (what it has not released) before the insurance pot.
		let owed = 50_000 - due_second;
		let pot = Balances::balance(&account(99));
		for _ in 0..12 {
			pay_day(&mut bitcoin, &[]);
			sweep();
			if Hashpower::summary(0).unwrap().status == NftStatus::Revoked {
				break;
			}
		}
		assert_eq!(Hashpower::summary(0).unwrap().status, NftStatus::Revoked);
		assert!(events().contains(&HashpowerEvent::Revoked {
			nft: 0,
			holder: carol.clone(),
			to_holder: owed,
			to_pot: pledge - owed,
		}));
		assert!(market_events()
			.contains(&MarketEvent::PledgeShareReceived { order: second, amount: owed }));
		assert_eq!(Balances::balance(&account(99)), pot + pledge - owed);
		// Releases have stopped.
		assert_noop!(
			Market::claim_installments(RuntimeOrigin::signed(miner.clone()), first),
			pallet_hashpower_market::Error::<Test>::ReleasesStopped
		);

		// Both buyers close: each gets its order's remainder back; Bob's earlier order no pledge.
		let (bob_free, carol_free) = (Balances::balance(&bob), Balances::balance(&carol));
		let bob_locked = 60_000 - due_first;
		let carol_locked = 50_000 - due_second;
		assert_ok!(Market::close_early(RuntimeOrigin::signed(bob.clone()), first));
		assert_ok!(Market::close_early(RuntimeOrigin::signed(carol.clone()), second));
		assert_eq!(Balances::balance(&bob), bob_free + bob_locked);
		assert_eq!(Balances::balance(&carol), carol_free + carol_locked);
		assert!(market_events().contains(&MarketEvent::OrderClosed {
			order: first,
			released: due_first,
			refunded: bob_locked,
			pledge: 0
		}));
		assert!(market_events().contains(&MarketEvent::OrderClosed {
			order: second,
			released: due_second,
			refunded: carol_locked,
			pledge: owed
		}));
		assert_eq!(Balances::balance_on_hold(&MarketHold::Escrow.into(), &bob), 0);
		assert_eq!(Balances::balance_on_hold(&MarketHold::Escrow.into(), &carol), 0);
		// With no order holding money, the revoked NFT is free of locks.
		assert_eq!(Hashpower::summary(0).unwrap().locks, Default::default());
		Hashpower::do_try_state().expect("hash power invariants hold");
		Market::do_try_state().expect("market invariants hold");
	});
}
