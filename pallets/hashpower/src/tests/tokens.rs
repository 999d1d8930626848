//! Tokenization requests: the pledge, the relay registration, every refusal, cancellation.

use super::*;
use frame_support::traits::fungible::InspectHold;
use hashmix_primitives::hashpower::{NftStatus, PowerKind};

/// 100 TH/s, in GH/s.
pub(crate) const POWER: u128 = 100_000;

/// Account `who` binds wallet `who` and returns its P2WPKH script, its probation destination.
pub(crate) fn miner(who: u8) -> Script {
	assert_ok!(bind(who, &wallet(who), SignedScript::P2pkh));
	Script::try_from(hashmix_bitcoin::message::script_of(SignedScript::P2wpkh, &key(&wallet(who))))
		.unwrap()
}

/// Account `who` asks for `POWER` from `start` for `days`, paid every `interval` days.
pub(crate) fn request(
	who: u8,
	destination: &Script,
	start: u32,
	days: u32,
	interval: u32,
) -> sp_runtime::DispatchResult {
	Hashpower::request_tokenization(
		RuntimeOrigin::signed(account(who)),
		PowerKind::BitcoinSha256,
		POWER,
		start,
		days,
		interval,
		destination.clone(),
	)
}

pub(crate) fn pledged(who: u8) -> u64 {
	Balances::balance_on_hold(&HoldReason::Pledge.into(), &account(who))
}

#[test]
fn the_pledge_should_cover_the_window_and_the_detection_lag() {
	run(|| {
		// 100 TH/s at 10 units per TH/s-day over max(7, 1) + 3 days.
		assert_eq!(Hashpower::required_pledge(PowerKind::BitcoinSha256, POWER, 1), Ok(10_000));
		// A pool paying every 10 days widens the window to 10 days: 13 days at risk.
		assert_eq!(Hashpower::required_pledge(PowerKind::BitcoinSha256, POWER, 10), Ok(13_000));
		// Rounded up to a whole unit: 1.5 GH/s over 10 days at 10 per TH/s-day is 0.15.
		assert_eq!(Hashpower::required_pledge(PowerKind::BitcoinSha256, 1_500, 1), Ok(150));
		assert_eq!(Hashpower::required_pledge(PowerKind::BitcoinSha256, 1, 1), Ok(1));
		assert!(Hashpower::required_pledge(PowerKind::BitcoinSha256, u128::MAX, 1).is_err());
	});
}

#[test]
fn a_request_should_hold_the_pledge_and_register_the_destination() {
	run(|| {
		let destination = miner(1);
		assert_ok!(request(1, &destination, 108, 30, 1));
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.status, NftStatus::Requested);
		assert_eq!((token.probation_start, token.start_day, token.end_day), (101, 108, 138));
		assert_eq!(token.pledge, 10_000);
		assert_eq!(pledged(1), 10_000);
		assert_eq!(Live::<Test>::count(), 1);
		assert_eq!(MinerTokens::<Test>::get(account(1)).into_inner(), vec![0]);
		assert_eq!(NextNftId::<Test>::get(), 1);
		// The relay credits the destination for 100 TH/s, with every script of the miner's keys
		// as its own.
		RELAY.with(|relay| {
			let relay = relay.borrow();
			let (id, hashrate, scripts) = relay.live.get(destination.as_slice()).unwrap();
			assert_eq!((*id, *hashrate), (0, 100_000_000_000_000));
			assert_eq!(scripts, &Hashpower::miner_scripts(&account(1)));
		});
		assert_eq!(
			events().last(),
			Some(&Event::TokenizationRequested {
				nft: 0,
				miner: account(1),
				power: POWER,
				probation_start: 101,
				start_day: 108,
				end_day: 138,
				destination,
				pledge: 10_000,
			})
		);
		// Its keys stay bound while the request is outstanding.
		assert_noop!(
			Hashpower::unbind_bitcoin_key(RuntimeOrigin::signed(account(1)), key(&wallet(1))),
			Error::<Test>::Outstanding
		);
	});
}

#[test]
fn bad_requests_should_be_refused_and_change_nothing() {
	run(|| {
		let destination = miner(1);
		let other = miner(2);
		// Another miner's script, a script of no bound key.
		assert_noop!(request(1, &other, 108, 30, 1), Error::<Test>::NotMinerScript);
		let nobody =
			Script::try_from(vec![0u8, 20].into_iter().chain([7u8; 20]).collect::<Vec<_>>())
				.unwrap();
		assert_noop!(request(1, &nobody, 108, 30, 1), Error::<Test>::NotMinerScript);
		assert_noop!(
			Hashpower::request_tokenization(
				RuntimeOrigin::signed(account(1)),
				PowerKind::BitcoinSha256,
				999,
				108,
				30,
				1,
				destination.clone()
			),
			Error::<Test>::PowerTooSmall
		);
		for days in [0, 366] {
			assert_noop!(request(1, &destination, 108, days, 1), Error::<Test>::BadDuration);
		}
		for interval in [0, 31] {
			assert_noop!(
				request(1, &destination, 140, 30, interval),
				Error::<Test>::BadPayoutInterval
			);
		}
		// Probation needs seven whole days (101..=107), ten for a pool paying every ten days;
		// the start may follow at most MaxServiceDays later.
		assert_noop!(request(1, &destination, 107, 30, 1), Error::<Test>::BadStart);
		assert_noop!(request(1, &destination, 110, 30, 10), Error::<Test>::BadStart);
		assert_noop!(request(1, &destination, 108 + 366, 30, 1), Error::<Test>::BadStart);
		// More than the miner has.
		assert_noop!(
			Hashpower::request_tokenization(
				RuntimeOrigin::signed(account(1)),
				PowerKind::BitcoinSha256,
				POWER * 1_000,
				108,
				30,
				1,
				destination.clone()
			),
			sp_runtime::TokenError::FundsUnavailable
		);
		assert_noop!(
			Hashpower::request_tokenization(
				RuntimeOrigin::none(),
				PowerKind::BitcoinSha256,
				POWER,
				108,
				30,
				1,
				destination.clone()
			),
			sp_runtime::DispatchError::BadOrigin
		);
		// A destination already counted for a request is not counted twice.
		assert_ok!(request(1, &destination, 108, 30, 1));
		assert_noop!(
			request(1, &destination, 108, 30, 1),
			sp_runtime::DispatchError::Other("AlreadyRegistered")
		);
		// Before the relay has a day there is nothing to judge payouts on.
		RELAY.with(|relay| relay.borrow_mut().today = None);
		let spare = Hashpower::miner_scripts(&account(1))[0].clone();
		assert_noop!(request(1, &spare, 108, 30, 1), Error::<Test>::RelayNotReady);
	});
}

#[test]
fn requests_should_be_bounded_per_miner_and_on_the_chain() {
	run(|| {
		miner(1);
		assert_ok!(bind(1, &wallet(11), SignedScript::P2pkh));
		let scripts = Hashpower::miner_scripts(&account(1));
		for script in &scripts[..4] {
			assert_ok!(request(1, script, 108, 30, 1));
		}
		assert_noop!(request(1, &scripts[4], 108, 30, 1), Error::<Test>::TooManyTokens);
		let other = miner(2);
		assert_ok!(request(2, &other, 108, 30, 1));
		let spare = Hashpower::miner_scripts(&account(2))[0].clone();
		assert_ok!(request(2, &spare, 108, 30, 1));
		// Six live in all: the chain's bound.
		let third = miner(3);
		assert_noop!(request(3, &third, 108, 30, 1), Error::<Test>::TooManyLive);
	});
}

#[test]
fn a_request_should_be_cancelled_by_its_miner_before_verification_only() {
	run(|| {
		let destination = miner(1);
		assert_ok!(request(1, &destination, 108, 30, 1));
		assert_noop!(
			Hashpower::cancel_request(RuntimeOrigin::signed(account(1)), 7),
			Error::<Test>::UnknownNft
		);
		assert_noop!(
			Hashpower::cancel_request(RuntimeOrigin::signed(account(2)), 0),
			Error::<Test>::NotMiner
		);
		assert_ok!(Hashpower::cancel_request(RuntimeOrigin::signed(account(1)), 0));
		assert_eq!(events().last(), Some(&Event::RequestCancelled { nft: 0 }));
		assert_eq!(Tokens::<Test>::get(0).unwrap().status, NftStatus::Cancelled);
		assert_eq!(pledged(1), 0);
		assert_eq!(Live::<Test>::count(), 0);
		assert!(!MinerTokens::<Test>::contains_key(account(1)));
		RELAY.with(|relay| assert!(relay.borrow().live.is_empty()));
		assert_noop!(
			Hashpower::cancel_request(RuntimeOrigin::signed(account(1)), 0),
			Error::<Test>::NotCancellable
		);
		// Nothing outstanding: the key may go.
		assert_ok!(Hashpower::unbind_bitcoin_key(
			RuntimeOrigin::signed(account(1)),
			key(&wallet(1))
		));
	});
}
