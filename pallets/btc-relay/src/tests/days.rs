//! Bitcoin days: recorded as the best chain reaches them, settled after the lag with a frozen fee
//! share, and the expectation the runtime API reports.

use super::helpers::*;
use crate::{mock::*, testing::*, *};
use frame_support::{assert_noop, assert_ok};
use hashmix_bitcoin::reward;

/// Twelve hours between blocks: two blocks a Bitcoin day.
const HALF_DAY: u32 = 43_200;

#[test]
fn days_should_settle_after_the_lag_with_their_own_or_the_default_fee_share() {
	run(|| {
		assert_ok!(BtcRelay::set_default_fee_ratio(RuntimeOrigin::root(), 50_000));
		assert_eq!(events().last(), Some(&Event::DefaultFeeRatioSet { fee_ppm: 50_000 }));
		let mut chain = Chain::new(0);
		chain.mine(HALF_DAY, &[(5_500_000_000, p2wpkh(0xaa))], vec![]);
		for _ in 0..20 {
			chain.mine(HALF_DAY, &[(5_000_000_000, p2wpkh(0))], vec![]);
		}
		initialize_regtest(&chain);
		// Seven blocks: the median time past moves into the next days slowly.
		assert_ok!(relay(&chain, 1, 7));
		let first_day = Headers::<Test>::get(chain.at(1).hash()).unwrap().day();
		// Nothing is proven for these days: they will settle at the default.
		assert!(Days::<Test>::get(first_day).is_some());
		assert!(!BtcRelay::day_status(first_day).unwrap().settled);
		assert_ok!(relay(&chain, 8, 20));
		let last = LastDay::<Test>::get().unwrap();
		let settled: Vec<u32> = events()
			.iter()
			.filter_map(|e| {
				if let Event::DaySettled { day, fee_ppm } = e {
					Some((*day, *fee_ppm))
				} else {
					None
				}
			})
			.map(|(day, fee_ppm)| {
				assert_eq!(fee_ppm, 50_000, "no coinbase proven: the default applies");
				day
			})
			.collect();
		assert!(!settled.is_empty());
		assert!(settled.iter().all(|d| *d + SettlementLagDays::get() <= last));
		let status = BtcRelay::day_status(settled[0]).unwrap();
		assert!(status.settled);
		// The expectation of a settled day includes its fee share, rounded up.
		let info = Days::<Test>::get(settled[0]).unwrap();
		let base = reward::expected_from_numerator(7, info.numerator.into());
		assert_eq!(
			BtcRelay::expected_on(7, settled[0]),
			Some(reward::with_fee_share(base, 50_000))
		);
		// Changing the default later never changes a settled day.
		assert_ok!(BtcRelay::set_default_fee_ratio(RuntimeOrigin::root(), 90_000));
		assert_eq!(BtcRelay::day_status(settled[0]).unwrap().fee_ppm, Some(50_000));
		assert_noop!(
			BtcRelay::set_default_fee_ratio(RuntimeOrigin::signed(1), 1),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_proven_coinbase_should_set_its_days_fee_share() {
	run(|| {
		let destination = p2tr(0xd6);
		let mut chain = Chain::new(0);
		// Regtest's subsidy at height 1 is 50 BTC; the coinbase claims 5 BTC of fees on top, paid
		// to the destination (a solo miner's coinbase is a pool payout to itself).
		chain.mine(HALF_DAY, &[(5_500_000_000, destination.clone())], vec![]);
		for _ in 0..20 {
			chain.mine(HALF_DAY, &[(5_000_000_000, p2wpkh(0))], vec![]);
		}
		initialize_regtest(&chain);
		assert_ok!(BtcRelay::register_script(RuntimeOrigin::root(), script(destination), 1));
		assert_ok!(relay(&chain, 1, 7));
		let block = chain.at(1);
		let proof = regtest_proof(&chain, 1, 0, vec![]);
		assert_ok!(BtcRelay::submit_payout_proof(RuntimeOrigin::signed(2), proof));
		let day = Headers::<Test>::get(block.hash()).unwrap().day();
		assert_ok!(relay(&chain, 8, 20));
		assert!(events().contains(&Event::DaySettled { day, fee_ppm: 100_000 }));
		assert_eq!(BtcRelay::day_status(day).unwrap().fee_ppm, Some(100_000));
	});
}

#[test]
fn regtest_days_should_use_an_injected_difficulty_for_expectations() {
	// Block 830,000's bits: difficulty 75.5 T, February 2024.
	let mainnet_bits = header(&mainnet_at(&mainnet(), 830_000)).bits;
	RegtestExpectationBits::set(Some(mainnet_bits));
	run(|| {
		let mut chain = Chain::new(0);
		chain.mine_empty(3);
		initialize_regtest(&chain);
		assert_ok!(relay(&chain, 1, 3));
		let day = LastDay::<Test>::get().unwrap();
		let status = BtcRelay::day_status(day).unwrap();
		assert_eq!(status.bits, mainnet_bits);
		assert_eq!(status.difficulty, 75_502_165_623_893);
		// 1 PH/s at that difficulty with regtest's 50 BTC subsidy: eight times the 166,524 sat
		// (rounded up) the same hashrate earned on mainnet at 6.25 BTC.
		let target = hashmix_bitcoin::pow::decode_compact(mainnet_bits).unwrap();
		let expected = reward::expected_payout(10u128.pow(15), target, 5_000_000_000);
		assert_eq!(BtcRelay::expected_on(10u128.pow(15), day), Some(expected));
		assert!(expected > 8 * 166_523 && expected <= 8 * 166_524, "{expected}");
	});
	RegtestExpectationBits::set(None);
	// Without it, a regtest day records the headers' own minimum difficulty.
	run(|| {
		let mut chain = Chain::new(0);
		chain.mine_empty(1);
		initialize_regtest(&chain);
		assert_ok!(relay(&chain, 1, 1));
		let day = LastDay::<Test>::get().unwrap();
		assert_eq!(BtcRelay::day_status(day).unwrap().bits, chain.at(1).header.bits);
	});
}
