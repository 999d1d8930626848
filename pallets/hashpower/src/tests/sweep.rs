//! The daily sweep: probation and minting, delivery on running totals, holders and their
//! destinations, breach, expiry and burn, and the sweep's bounds.

use super::{tokens::*, *};
use frame_support::traits::{fungible::Inspect, Hooks};
use hashmix_primitives::hashpower::{NftStatus, PowerKind};
use sp_runtime::BuildStorage;

/// What `POWER` should earn a day in the stand-in relay.
const DAILY: u64 = (POWER * SATS_PER_GH_DAY) as u64;

/// The collection of Bitcoin hash power.
fn collection() -> u32 {
	Collections::<Test>::get(PowerKind::BitcoinSha256).unwrap()
}

/// Credits `sats` to `nft`'s current destination on `day`.
fn pay(nft: NftId, day: u32, sats: u64) {
	let registration = Tokens::<Test>::get(nft).unwrap().destination.registration;
	pay_registration(registration, day, sats);
}

fn pay_registration(registration: u64, day: u32, sats: u64) {
	RELAY.with(|relay| {
		*relay.borrow_mut().credits.entry((registration, day)).or_default() += sats;
	});
}

/// Moves the relay on until `day` has settled, and runs blocks until the sweep is done.
fn settle(day: u32) {
	RELAY.with(|relay| relay.borrow_mut().today = Some(day + 2));
	for _ in 0..50 {
		let block = System::block_number() + 1;
		System::set_block_number(block);
		Hashpower::on_initialize(block);
		if CurrentSweep::<Test>::get().is_none() && SweptTo::<Test>::get() == Some((day, false)) {
			return;
		}
	}
	panic!("the sweep did not finish");
}

fn status(nft: NftId) -> NftStatus {
	Tokens::<Test>::get(nft).unwrap().status
}

/// Miner 1 asks for `POWER` for 30 days from day 108, paid daily, and delivers probation in
/// full: NFT 0 is minted to it.
fn verified() -> Script {
	let destination = miner(1);
	assert_ok!(request(1, &destination, 108, 30, 1));
	for day in 101..=107 {
		pay(0, day, DAILY);
	}
	settle(107);
	assert_eq!(status(0), NftStatus::Verified);
	destination
}

#[test]
fn full_probation_should_mint_the_nft_with_its_terms() {
	run(|| {
		verified();
		assert!(events().contains(&Event::Verified {
			nft: 0,
			delivered: 7 * u128::from(DAILY),
			expected: 7 * u128::from(DAILY),
		}));
		assert_eq!(Nfts::owner(collection(), 0), Some(account(1)));
		let attribute = |key: &[u8]| {
			<Nfts as frame_support::traits::tokens::nonfungibles_v2::Inspect<AccountId>>::system_attribute(
				&collection(),
				Some(&0),
				key,
			)
				.map(|value| String::from_utf8(value).unwrap())
		};
		assert_eq!(attribute(b"hashmix.kind").as_deref(), Some("bitcoin-sha256"));
		assert_eq!(attribute(b"hashmix.power").as_deref(), Some("100000"));
		assert_eq!(attribute(b"hashmix.start_day").as_deref(), Some("108"));
		assert_eq!(attribute(b"hashmix.end_day").as_deref(), Some("138"));
		assert_eq!(attribute(b"hashmix.payout_interval_days").as_deref(), Some("1"));
		assert_eq!(attribute(b"hashmix.miner"), Some(format!("0x{}", "01".repeat(32))));
		// The collection belongs to the pallet; the miner paid no item deposit.
		assert_eq!(Nfts::collection_owner(collection()), Some(Hashpower::account()));
		assert_eq!(Balances::reserved_balance(account(1)), pledged(1));
		// Probation days are on record, for display.
		assert_eq!(RecentDays::<Test>::get(0).len(), 7);
		// The summary other pallets read: minted, not yet in service.
		let summary = Hashpower::summary(0).unwrap();
		assert_eq!(summary.status, NftStatus::Verified);
		assert_eq!((summary.delivered, summary.expected, summary.days_judged), (0, 0, 0));
		assert!(!<Hashpower as hashmix_primitives::hashpower::HashPowerNfts<_>>::is_active(0));
	});
}

#[test]
fn short_probation_should_fail_and_return_the_pledge() {
	run(|| {
		let destination = miner(1);
		assert_ok!(request(1, &destination, 108, 30, 1));
		// 89% of the claim: below the 10% tolerance.
		for day in 101..=107 {
			pay(0, day, DAILY * 89 / 100);
		}
		settle(107);
		assert_eq!(status(0), NftStatus::Failed);
		assert!(events().contains(&Event::VerificationFailed {
			nft: 0,
			delivered: 7 * u128::from(DAILY * 89 / 100),
			expected: 7 * u128::from(DAILY),
		}));
		assert_eq!(Nfts::owner(collection(), 0), None);
		assert!(RecentDays::<Test>::get(0).is_empty());
		assert_eq!(pledged(1), 0);
		RELAY.with(|relay| assert!(relay.borrow().live.is_empty()));
		assert_eq!(Live::<Test>::count(), 0);
	});
}

#[test]
fn ninety_percent_of_the_claim_should_verify() {
	run(|| {
		let destination = miner(1);
		assert_ok!(request(1, &destination, 108, 30, 1));
		for day in 101..=107 {
			pay(0, day, DAILY * 9 / 10);
		}
		settle(107);
		assert_eq!(status(0), NftStatus::Verified);
	});
}

#[test]
fn delivery_should_add_up_and_the_nft_expire_with_its_pledge_returned() {
	run(|| {
		verified();
		let free = Balances::balance(&account(1));
		for day in 108..138 {
			// Some days more, some less: the running totals are what count.
			pay(0, day, if day % 2 == 0 { DAILY * 3 / 2 } else { DAILY / 2 });
		}
		settle(120);
		let summary = Hashpower::summary(0).unwrap();
		assert_eq!(summary.status, NftStatus::Active);
		assert_eq!(summary.days_judged, 13);
		assert_eq!(summary.expected, 13 * u128::from(DAILY));
		assert_eq!(summary.delivered, 7 * u128::from(DAILY * 3 / 2) + 6 * u128::from(DAILY / 2));
		assert!(<Hashpower as hashmix_primitives::hashpower::HashPowerNfts<_>>::is_active(0));
		assert!(events().contains(&Event::DayJudged {
			nft: 0,
			day: 120,
			delivered: u128::from(DAILY * 3 / 2),
			expected: u128::from(DAILY),
		}));
		settle(137);
		assert_eq!(status(0), NftStatus::Expired);
		assert_eq!(events().last(), Some(&Event::Expired { nft: 0, pledge: 10_000 }));
		assert_eq!(pledged(1), 0);
		assert_eq!(Balances::balance(&account(1)), free + 10_000);
		// The item stays, as a record; the sweep forgets it and the relay stops crediting.
		assert_eq!(Nfts::owner(collection(), 0), Some(account(1)));
		assert_eq!(Live::<Test>::count(), 0);
		RELAY.with(|relay| assert!(relay.borrow().live.is_empty()));
		assert_eq!(RecentDays::<Test>::get(0).len(), 32);
		assert_eq!(RecentDays::<Test>::get(0).last().unwrap().day, 137);
	});
}

#[test]
fn seven_days_without_payout_should_revoke_and_pay_the_holders_claims_first() {
	run(|| {
		verified();
		for day in 108..=110 {
			pay(0, day, DAILY);
		}
		// Nothing from day 111: the seventh empty day, 117, is a breach.
		settle(116);
		assert_eq!(status(0), NftStatus::Active);
		OWED.with(|owed| *owed.borrow_mut() = 4_000);
		let pot = Balances::balance(&account(99));
		settle(117);
		assert_eq!(status(0), NftStatus::Revoked);
		assert_eq!(
			events().last(),
			Some(&Event::Revoked { nft: 0, holder: account(1), to_holder: 4_000, to_pot: 6_000 })
		);
		PAID.with(|paid| assert_eq!(*paid.borrow(), vec![(0, account(1), 4_000)]));
		assert_eq!(pledged(1), 0);
		assert_eq!(Balances::balance(&account(99)), pot + 6_000);
		assert_eq!(Live::<Test>::count(), 0);
		RELAY.with(|relay| assert!(relay.borrow().live.is_empty()));
		// A revoked NFT is no longer judged.
		settle(120);
		assert_eq!(status(0), NftStatus::Revoked);
	});
}

#[test]
fn running_below_eighty_percent_for_seven_days_should_revoke() {
	run(|| {
		verified();
		// 79% a day, paid daily: every day from 108 is short, the seventh (114) a breach.
		for day in 108..140 {
			pay(0, day, DAILY * 79 / 100);
		}
		settle(113);
		assert_eq!(status(0), NftStatus::Active);
		let watch = Tokens::<Test>::get(0).unwrap().watch;
		assert_eq!((watch.days_without_payout, watch.short_days), (0, 6));
		let pot = Balances::balance(&account(99));
		settle(114);
		assert_eq!(status(0), NftStatus::Revoked);
		// No market claim: all of the pledge goes to the insurance pot.
		assert_eq!(Balances::balance(&account(99)), pot + 10_000);
	});
}

#[test]
fn a_pool_paying_two_days_late_should_catch_up_without_breach() {
	run(|| {
		verified();
		for day in 108..138 {
			// Days 112 and 113 paid on 114.
			let sats = match day {
				112 | 113 => 0,
				114 => 3 * DAILY,
				_ => DAILY,
			};
			pay(0, day, sats);
		}
		// Two short days, then the late payout resets the count.
		settle(113);
		assert_eq!(Tokens::<Test>::get(0).unwrap().watch.short_days, 2);
		settle(114);
		assert_eq!(Tokens::<Test>::get(0).unwrap().watch.short_days, 0);
		settle(137);
		assert_eq!(status(0), NftStatus::Expired);
		let summary = Hashpower::summary(0).unwrap();
		assert_eq!(summary.delivered, summary.expected);
	});
}

#[test]
fn eighty_one_percent_should_not_breach() {
	run(|| {
		verified();
		for day in 108..138 {
			pay(0, day, DAILY * 81 / 100);
		}
		settle(137);
		assert_eq!(status(0), NftStatus::Expired);
	});
}

#[test]
fn a_small_miner_paid_every_ten_days_should_not_be_in_breach() {
	run(|| {
		let destination = miner(1);
		// Probation 101..=110 (ten days: the payout interval), service 111..151.
		assert_ok!(request(1, &destination, 111, 40, 10));
		assert_eq!(pledged(1), 13_000);
		// The pool pays ten days' worth when the balance reaches its threshold: days 110, 120,
		// 130, 140, 150.
		for day in [110, 120, 130, 140, 150] {
			pay(0, day, 10 * DAILY);
		}
		settle(110);
		assert_eq!(status(0), NftStatus::Verified);
		settle(149);
		let summary = Hashpower::summary(0).unwrap();
		assert_eq!(summary.status, NftStatus::Active);
		// Nine empty days at most between payouts: never the ten of the window.
		assert_eq!(Tokens::<Test>::get(0).unwrap().watch.days_without_payout, 9);
		// Paid in full once the payments arrive.
		assert_eq!(summary.delivered, 40 * u128::from(DAILY) - 10 * u128::from(DAILY));
		settle(150);
		let summary = Hashpower::summary(0).unwrap();
		assert_eq!(summary.status, NftStatus::Expired);
		assert_eq!(summary.delivered, summary.expected);
	});
}

#[test]
fn a_miner_paid_every_ten_days_that_pays_half_should_breach_after_seven_short_days() {
	run(|| {
		let destination = miner(1);
		assert_ok!(request(1, &destination, 111, 40, 10));
		for day in [110, 120] {
			pay(0, day, 10 * DAILY);
		}
		// From day 130 the pool pays half of ten days' worth.
		for day in [130, 140] {
			pay(0, day, 5 * DAILY);
		}
		// The ten days to 129 hold the full payout of day 120; from 130 every ten-day total is half.
		settle(135);
		assert_eq!(status(0), NftStatus::Active);
		assert_eq!(Tokens::<Test>::get(0).unwrap().watch.short_days, 6);
		settle(136);
		assert_eq!(status(0), NftStatus::Revoked);
	});
}

#[test]
fn a_miner_paid_every_ten_days_that_stops_should_breach_after_ten_empty_days() {
	run(|| {
		let destination = miner(1);
		assert_ok!(request(1, &destination, 111, 40, 10));
		for day in [110, 120] {
			pay(0, day, 10 * DAILY);
		}
		settle(129);
		assert_eq!(status(0), NftStatus::Active);
		settle(130);
		assert_eq!(status(0), NftStatus::Revoked);
	});
}

#[test]
fn a_new_holder_should_be_noticed_and_its_destination_count_after_the_grace() {
	run(|| {
		verified();
		for day in 108..=110 {
			pay(0, day, DAILY);
		}
		settle(110);
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(account(1)), collection(), 0, account(2)));
		// Until the new holder names a destination, the miner's payouts to the old one count.
		pay(0, 111, DAILY);
		settle(111);
		assert!(events().contains(&Event::HolderChanged { nft: 0, holder: account(2) }));
		assert_eq!(Tokens::<Test>::get(0).unwrap().holder, account(2));
		let old = Tokens::<Test>::get(0).unwrap().destination;
		// Day 113 is the relay's day: payouts to the old destination count through day 116.
		let holder_wallet = wallet(20);
		let signature = sign(
			&holder_wallet,
			&Hashpower::destination_message(0, &account(2)),
			SignedScript::P2shP2wpkh,
		);
		assert_ok!(Hashpower::set_destination(
			RuntimeOrigin::signed(account(2)),
			0,
			key(&holder_wallet),
			signature
		));
		let new = Tokens::<Test>::get(0).unwrap().destination;
		assert_eq!(
			new.script.to_vec(),
			hashmix_bitcoin::message::script_of(SignedScript::P2shP2wpkh, &key(&holder_wallet))
		);
		assert_eq!(
			events().last(),
			Some(&Event::DestinationSet {
				nft: 0,
				holder: account(2),
				script: new.script.clone(),
				grace_until: 116,
			})
		);
		assert_eq!(Hashpower::summary(0).unwrap().repoint_grace_until, Some(116));
		// During the grace the miner repoints: old on 112-114, new on 115-116; both count.
		for day in 112..=114 {
			pay_registration(old.registration, day, DAILY);
		}
		for day in 115..=125 {
			pay_registration(new.registration, day, DAILY);
		}
		// After the grace, money to the old destination no longer counts.
		for day in 117..=125 {
			pay_registration(old.registration, day, DAILY);
		}
		settle(125);
		let summary = Hashpower::summary(0).unwrap();
		assert_eq!(summary.status, NftStatus::Active);
		assert_eq!(summary.delivered, summary.expected);
		assert_eq!(summary.repoint_grace_until, None);
		// The old destination is no longer registered; the new one is.
		RELAY.with(|relay| {
			let relay = relay.borrow();
			assert!(!relay.live.contains_key(old.script.as_slice()));
			assert!(relay.live.contains_key(new.script.as_slice()));
		});
	});
}

#[test]
fn only_the_holder_should_set_a_destination_with_a_proof_for_this_nft() {
	run(|| {
		let miner_script = verified();
		let holder_wallet = wallet(20);
		let proof = |nft: NftId, who: u8| {
			sign(
				&holder_wallet,
				&Hashpower::destination_message(nft, &account(who)),
				SignedScript::P2wpkh,
			)
		};
		let set = |who: u8, nft: NftId, signature| {
			Hashpower::set_destination(
				RuntimeOrigin::signed(account(who)),
				nft,
				key(&holder_wallet),
				signature,
			)
		};
		assert_noop!(set(1, 5, proof(5, 1)), Error::<Test>::UnknownNft);
		assert_noop!(set(2, 0, proof(0, 2)), Error::<Test>::NotHolder);
		// A proof made for another NFT or another account.
		assert_noop!(set(1, 0, proof(1, 1)), Error::<Test>::BadSignature);
		assert_noop!(set(1, 0, proof(0, 2)), Error::<Test>::BadSignature);
		let mut malformed = proof(0, 1);
		malformed[0] = 27;
		assert_noop!(set(1, 0, malformed), Error::<Test>::MalformedSignature);
		// The destination it already has.
		let again =
			sign(&wallet(1), &Hashpower::destination_message(0, &account(1)), SignedScript::P2wpkh);
		assert_eq!(
			hashmix_bitcoin::message::script_of(SignedScript::P2wpkh, &key(&wallet(1))),
			miner_script.to_vec()
		);
		assert_noop!(
			Hashpower::set_destination(
				RuntimeOrigin::signed(account(1)),
				0,
				key(&wallet(1)),
				again
			),
			Error::<Test>::SameDestination
		);
		assert_ok!(set(1, 0, proof(0, 1)));
		// A request on probation has no holder's destination yet.
		let other = miner(3);
		assert_ok!(request(3, &other, 117, 30, 1));
		assert_noop!(
			Hashpower::set_destination(
				RuntimeOrigin::signed(account(3)),
				1,
				key(&wallet(3)),
				sign(
					&wallet(3),
					&Hashpower::destination_message(1, &account(3)),
					SignedScript::P2pkh
				)
			),
			Error::<Test>::NotLive
		);
	});
}

#[test]
fn a_burned_item_should_end_the_nft_and_return_the_pledge() {
	run(|| {
		verified();
		assert_ok!(Nfts::burn(RuntimeOrigin::signed(account(1)), collection(), 0));
		settle(108);
		assert_eq!(status(0), NftStatus::Burned);
		assert!(events().contains(&Event::Burned { nft: 0, pledge: 10_000 }));
		assert_eq!(pledged(1), 0);
		assert_eq!(Live::<Test>::count(), 0);
	});
}

#[test]
fn the_sweep_should_visit_a_bounded_number_per_block_and_catch_up() {
	run(|| {
		miner(1);
		miner(2);
		let one = Hashpower::miner_scripts(&account(1));
		let two = Hashpower::miner_scripts(&account(2));
		for script in [&one[0], &one[1], &two[0]] {
			assert_ok!(request(if script == &two[0] { 2 } else { 1 }, script, 108, 30, 1));
		}
		// Day 100 settled before the requests: nothing to judge, one pass over three NFTs
		// takes two blocks (two visits a block).
		RELAY.with(|relay| relay.borrow_mut().today = Some(102));
		Hashpower::on_initialize(2);
		let sweep = CurrentSweep::<Test>::get().unwrap();
		assert_eq!((sweep.settled, sweep.behind), (100, false));
		assert!(sweep.after.is_some());
		Hashpower::on_initialize(3);
		assert_eq!(CurrentSweep::<Test>::get(), None);
		assert_eq!(SweptTo::<Test>::get(), Some((100, false)));
		// Nothing new settled: idle.
		Hashpower::on_initialize(4);
		assert_eq!(CurrentSweep::<Test>::get(), None);
		// Six days settle at once: a visit judges four, the next sweep the other two.
		RELAY.with(|relay| relay.borrow_mut().today = Some(108));
		Hashpower::on_initialize(5);
		Hashpower::on_initialize(6);
		assert_eq!(SweptTo::<Test>::get(), Some((106, true)));
		assert_eq!(Tokens::<Test>::get(0).unwrap().next_day, 105);
		Hashpower::on_initialize(7);
		Hashpower::on_initialize(8);
		assert_eq!(SweptTo::<Test>::get(), Some((106, false)));
		for nft in 0..3 {
			assert_eq!(Tokens::<Test>::get(nft).unwrap().next_day, 107);
		}
	});
}

#[test]
fn a_day_the_relay_never_recorded_should_count_for_nothing() {
	run(|| {
		let destination = miner(1);
		assert_ok!(request(1, &destination, 108, 30, 1));
		RELAY.with(|relay| relay.borrow_mut().missing.push(103));
		for day in 101..=107 {
			pay(0, day, DAILY);
		}
		settle(107);
		assert_eq!(status(0), NftStatus::Verified);
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.probation_expected, 6 * u128::from(DAILY));
		assert_eq!(token.probation_delivered, 6 * u128::from(DAILY));
		assert_eq!(RecentDays::<Test>::get(0).len(), 6);
	});
}

#[test]
fn governance_should_set_the_committee_key() {
	run(|| {
		let committee = key(&wallet(30));
		assert_noop!(
			Hashpower::set_committee_key(RuntimeOrigin::signed(account(1)), committee),
			sp_runtime::DispatchError::BadOrigin
		);
		let mut uncompressed = committee;
		uncompressed[0] = 0x04;
		assert_noop!(
			Hashpower::set_committee_key(RuntimeOrigin::root(), uncompressed),
			Error::<Test>::InvalidKey
		);
		assert_ok!(Hashpower::set_committee_key(RuntimeOrigin::root(), committee));
		assert_eq!(CommitteeKey::<Test>::get(), Some(committee));
		assert_eq!(events().last(), Some(&Event::CommitteeKeySet { key: committee }));
	});
}

#[test]
fn a_holder_should_choose_the_two_of_three_destination_with_the_miner_and_the_committee() {
	run(|| {
		verified();
		let holder_wallet = wallet(20);
		let signature = sign(
			&holder_wallet,
			&Hashpower::destination_message(0, &account(1)),
			SignedScript::P2pkh,
		);
		let set = |signature| {
			Hashpower::set_multisig_destination(
				RuntimeOrigin::signed(account(1)),
				0,
				key(&holder_wallet),
				signature,
			)
		};
		assert_noop!(set(signature), Error::<Test>::NoCommitteeKey);
		let committee = key(&wallet(30));
		assert_ok!(Hashpower::set_committee_key(RuntimeOrigin::root(), committee));
		// The holder's proof is checked as for a single-key destination.
		let wrong = sign(
			&holder_wallet,
			&Hashpower::destination_message(1, &account(1)),
			SignedScript::P2pkh,
		);
		assert_noop!(set(wrong), Error::<Test>::BadSignature);
		assert_noop!(
			Hashpower::set_multisig_destination(
				RuntimeOrigin::signed(account(2)),
				0,
				key(&holder_wallet),
				signature
			),
			Error::<Test>::NotHolder
		);
		assert_ok!(set(signature));
		let witness = hashmix_bitcoin::script::sorted_multisig_2_of_3([
			key(&wallet(1)),
			key(&holder_wallet),
			committee,
		]);
		let expected = hashmix_bitcoin::script::p2wsh(&witness);
		let destination = Tokens::<Test>::get(0).unwrap().destination;
		assert_eq!(destination.script.to_vec(), expected);
		assert!(matches!(
			events().last(),
			Some(Event::DestinationSet { nft: 0, script, .. }) if script.to_vec() == expected
		));
		RELAY.with(|relay| {
			assert_eq!(
				relay.borrow().live.get(&expected).map(|(id, ..)| *id),
				Some(destination.registration)
			)
		});
		assert_noop!(set(signature), Error::<Test>::SameDestination);
	});
}

#[test]
fn a_fixture_without_a_miner_should_have_no_two_of_three_destination() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> { dev_nfts: vec![(account(5), POWER, 365)] }
		.assimilate_storage(&mut storage)
		.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		System::set_block_number(1);
		assert_ok!(Hashpower::set_committee_key(RuntimeOrigin::root(), key(&wallet(30))));
		let holder_wallet = wallet(20);
		let signature = sign(
			&holder_wallet,
			&Hashpower::destination_message(0, &account(5)),
			SignedScript::P2pkh,
		);
		assert_noop!(
			Hashpower::set_multisig_destination(
				RuntimeOrigin::signed(account(5)),
				0,
				key(&holder_wallet),
				signature
			),
			Error::<Test>::NoMinerKey
		);
	});
}
