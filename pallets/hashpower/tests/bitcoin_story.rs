//! A hash power NFT's whole life on the real Bitcoin relay, with regtest blocks mined here and
//! mainnet's difficulty of block 830,000 injected into the relay's expectation: a miner binds its
//! key and asks for 100 TH/s; its pool pays it over probation (its self-payment and a payment
//! from outside the pool are refused); the NFT is minted, delivers, is sold; the new holder
//! proves its own destination and the miner repoints its pool within the grace; then the pool
//! pays half for seven days, and the NFT is revoked with its pledge split between the holder's
//! claims and the insurance pot.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

mod common;

use common::*;
use pallet_hashpower::Tokens;

#[test]
fn a_bitcoin_hash_power_nft_from_binding_to_breach() {
	new_test_ext().execute_with(|| {
		let mut bitcoin = Bitcoin::start();
		let (miner, holder) = (account(1), account(2));

		// The miner proves its pool account's key with a P2WPKH signed message.
		let miner_wallet = ecdsa::Pair::from_seed(&[1; 32]);
		let miner_key = miner_wallet.public().0;
		assert_ok!(Hashpower::bind_bitcoin_key(
			RuntimeOrigin::signed(miner.clone()),
			miner_key,
			sign(&miner_wallet, &Hashpower::binding_message(&miner), SignedScript::P2wpkh)
		));
		let destination = script(&script_of(SignedScript::P2wpkh, &miner_key));
		let miner_p2pkh = script_of(SignedScript::P2pkh, &miner_key);

		// 100 TH/s for 30 days after a week of probation, paid daily.
		let today = <BtcRelay as PayoutDestinations>::current_day().unwrap();
		assert_eq!(today, DAY0 + 23);
		let start = today + 8;
		assert_ok!(Hashpower::request_tokenization(
			RuntimeOrigin::signed(miner.clone()),
			PowerKind::BitcoinSha256,
			POWER,
			start,
			30,
			1,
			destination.clone()
		));
		let pledge = 100 * 10 * 100; // 100 TH/s × 10 days at risk × 100 a TH/s-day
		assert_eq!(
			Balances::balance_on_hold(&pallet_hashpower::HoldReason::Pledge.into(), &miner),
			pledge
		);

		// Probation: the pool pays the day's worth every day. On the first day it also pays the
		// miner's own P2PKH and an outsider; on the second both pay the destination, and the
		// relay refuses to count either.
		let outsider = p2wpkh(0x0d);
		let mut funding = None;
		for day in 0..7 {
			let first = bitcoin.chain.tip_height() + 1;
			let mut transactions = Vec::new();
			let mut outputs = vec![(expected(first), destination.to_vec())];
			if day == 0 {
				outputs.push((100_000_000, miner_p2pkh.clone()));
				outputs.push((100_000_000, outsider.clone()));
			}
			let (payout, previous) = bitcoin.pool_pays(&outputs);
			if day == 0 {
				funding = Some(payout.clone());
			}
			transactions.push((payout, previous, true));
			if day == 1 {
				let funding = funding.clone().unwrap();
				let own = spend(&[(txid(&funding), 1)], &[(99_000_000, destination.to_vec())]);
				let outside = spend(&[(txid(&funding), 2)], &[(99_000_000, destination.to_vec())]);
				transactions.push((own, vec![funding.clone()], false));
				transactions.push((outside, vec![funding], false));
			}
			assert_eq!(bitcoin.day(transactions), today + 1 + day);
		}
		// Two more days settle the last day of probation.
		let first = bitcoin.chain.tip_height() + 1;
		let (payout, previous) = bitcoin.pool_pays(&[(expected(first), destination.to_vec())]);
		bitcoin.day(vec![(payout, previous, true)]);
		let first = bitcoin.chain.tip_height() + 1;
		let (payout, previous) = bitcoin.pool_pays(&[(expected(first), destination.to_vec())]);
		bitcoin.day(vec![(payout, previous, true)]);
		sweep();
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.status, NftStatus::Verified);
		// Only the pool's payouts counted: exactly the claim.
		assert_eq!(token.probation_delivered, token.probation_expected);
		assert!(token.probation_expected > 7 * 100_000);
		let collection =
			pallet_hashpower::Collections::<Test>::get(PowerKind::BitcoinSha256).unwrap();
		assert_eq!(pallet_nfts::Pallet::<Test>::owner(collection, 0), Some(miner.clone()));

		// Service: full payouts. Days are judged two days after they end.
		let pay_day = |bitcoin: &mut Bitcoin, to: &[(Vec<u8>, u64)]| {
			let first = bitcoin.chain.tip_height() + 1;
			let outputs: Vec<(u64, Vec<u8>)> = to
				.iter()
				.map(|(script, percent)| (expected(first) * percent / 100, script.clone()))
				.collect();
			let (payout, previous) = bitcoin.pool_pays(&outputs);
			bitcoin.day(vec![(payout, previous, true)])
		};
		for _ in 0..3 {
			pay_day(&mut bitcoin, &[(destination.to_vec(), 100)]);
		}
		sweep();
		let summary = Hashpower::summary(0).unwrap();
		assert_eq!(summary.status, NftStatus::Active);
		assert_eq!(summary.delivered, summary.expected);
		assert_eq!(summary.days_judged, 3);

		// The miner sells the NFT; the new holder proves its own key and names its destination.
		assert_ok!(Nfts::transfer(
			RuntimeOrigin::signed(miner.clone()),
			collection,
			0,
			holder.clone()
		));
		let holder_wallet = ecdsa::Pair::from_seed(&[2; 32]);
		let holder_key = holder_wallet.public().0;
		assert_ok!(Hashpower::set_destination(
			RuntimeOrigin::signed(holder.clone()),
			0,
			holder_key,
			sign(&holder_wallet, &Hashpower::destination_message(0, &holder), SignedScript::P2pkh)
		));
		let grace_until = <BtcRelay as PayoutDestinations>::current_day().unwrap() + 3;
		assert!(
			events().contains(&HashpowerEvent::HolderChanged { nft: 0, holder: holder.clone() })
		);
		let new_destination = script_of(SignedScript::P2pkh, &holder_key);
		// The pool still pays the old destination on the first day of the grace; the miner has
		// repointed it from the second.
		let day = pay_day(&mut bitcoin, &[(destination.to_vec(), 100)]);
		assert!(day <= grace_until);
		while pay_day(&mut bitcoin, &[(new_destination.clone(), 100)]) < grace_until {}
		// After the grace, money to the old destination does not count.
		for _ in 0..2 {
			pay_day(&mut bitcoin, &[(new_destination.clone(), 100), (destination.to_vec(), 100)]);
		}
		sweep();
		let summary = Hashpower::summary(0).unwrap();
		assert_eq!(summary.status, NftStatus::Active);
		assert_eq!(summary.holder, holder);
		assert_eq!(summary.delivered, summary.expected);

		// Then the pool pays half: the seventh short day is a breach.
		OWED.with(|owed| *owed.borrow_mut() = Some(40_000));
		let pot = Balances::balance(&account(99));
		let holder_free = Balances::balance(&holder);
		for _ in 0..9 {
			pay_day(&mut bitcoin, &[(new_destination.clone(), 50)]);
			sweep();
			if Tokens::<Test>::get(0).unwrap().status == NftStatus::Revoked {
				break;
			}
		}
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.status, NftStatus::Revoked);
		assert_eq!(token.watch.short_days, 7);
		assert!(events().contains(&HashpowerEvent::Revoked {
			nft: 0,
			holder: holder.clone(),
			to_holder: 40_000,
			to_pot: pledge - 40_000,
		}));
		assert_eq!(Balances::balance(&holder), holder_free + 40_000);
		assert_eq!(Balances::balance(&account(99)), pot + pledge - 40_000);
		assert_eq!(
			Balances::balance_on_hold(&pallet_hashpower::HoldReason::Pledge.into(), &miner),
			0
		);
		// The relay no longer credits the NFT's destinations.
		assert!(pallet_btc_relay::Destinations::<Test>::get(script(&new_destination)).is_none());
		assert!(pallet_btc_relay::Destinations::<Test>::get(&destination).is_none());
	});
}
