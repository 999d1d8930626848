//! Filecoin storage power NFTs: requests, verification by rounds, service checks, beneficiary
//! and breach. The evidence pallet is a stand-in: the tests answer its rounds through
//! `OnFilecoinFact`, as the real one does when a round closes.

use super::*;
use frame_support::traits::fungible::{Inspect, InspectHold};
use hashmix_primitives::{
	filecoin::{
		AddressBytes, BeneficiaryTerm, Fact, FilecoinQuestion, MinerInfo, MinerPower,
		OnFilecoinFact, Query, SectorCounts,
	},
	hashpower::{NftStatus, PowerKind},
};

/// Filecoin miner actor `f01578658`, bound to account 1 in [`setup`].
const F_MINER: MinerId = 1_578_658;
/// One TiB of quality-adjusted power.
const TIB: u128 = 1 << 40;
/// What NFT 0 claims: 100 TiB.
const CLAIM: u128 = 100 * TIB;
/// The stand-in's Filecoin day when each test starts.
const TODAY: u32 = 2_000;

/// A mainnet secp256k1 address (go-address's test vector) as bytes: the holder's.
fn holder_address() -> AddressBytes {
	filecoin_address("f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq")
}

fn filecoin_address(text: &str) -> AddressBytes {
	let (_, address) = hashmix_filecoin::address::Address::parse(text).unwrap();
	address.as_bytes().to_vec().try_into().unwrap()
}

fn set_day(day: u32) {
	FILECOIN.with(|state| state.borrow_mut().epoch = Some(u64::from(day) * 2_880 + 100));
}

/// Miner `f01578658` is bound to account 1.
fn setup() {
	FILECOIN.with(|state| state.borrow_mut().bound.insert(F_MINER, account(1)));
}

/// Account 1 asks for NFT 0: [`CLAIM`] from day 2,010 for `days` days, checked every
/// `interval` days.
fn request(days: u32, interval: u32) -> sp_runtime::DispatchResult {
	Hashpower::request_storage_tokenization(
		RuntimeOrigin::signed(account(1)),
		F_MINER,
		CLAIM,
		TODAY + 10,
		days,
		interval,
	)
}

/// The queries of the rounds `nft`'s open check awaits, with their rounds.
fn awaited(nft: NftId) -> Vec<(RoundId, Query)> {
	let waiting = StorageSlices::<Test>::get(nft).unwrap().check.unwrap().waiting;
	FILECOIN.with(|state| {
		let state = state.borrow();
		waiting
			.iter()
			.map(|round| {
				let (_, question, _) =
					state.asked.iter().find(|(asked, ..)| asked == round).unwrap();
				(*round, question.query)
			})
			.collect()
	})
}

/// A beneficiary term with quota left, reaching past the service.
fn live_term() -> BeneficiaryTerm {
	BeneficiaryTerm { quota: 10_000, used_quota: 250, expiration: 3_000 * 2_880 }
}

/// Closes `nft`'s open check rounds with these facts (`None` power: no quorum on it).
fn answer(
	nft: NftId,
	power: Option<u128>,
	faulty: u64,
	beneficiary: Option<(AddressBytes, BeneficiaryTerm)>,
) {
	for (round, query) in awaited(nft) {
		let fact = match query {
			Query::MinerPower => power.map(|power| {
				Fact::MinerPower(MinerPower {
					raw: power,
					quality_adjusted: power,
					total_raw: 20 * (1 << 60),
					total_quality_adjusted: 25 * (1 << 60),
					has_min_power: true,
				})
			}),
			Query::SectorCounts => Some(Fact::SectorCounts(SectorCounts {
				live: 3_200,
				active: 3_200 - faulty,
				faulty,
				faults: faulty,
			})),
			Query::MinerInfo => beneficiary.clone().map(|(address, term)| {
				Fact::MinerInfo(MinerInfo {
					owner: filecoin_address("f01578650"),
					worker: holder_address(),
					control_digest: [0; 32],
					peer_id: Default::default(),
					multiaddrs_digest: [0; 32],
					beneficiary: address,
					term,
					pending: None,
				})
			}),
			other => panic!("unexpected query {other:?}"),
		};
		let question = FilecoinQuestion { miner: F_MINER, epoch: 0, query };
		Hashpower::on_filecoin_fact(round, &question, fact.as_ref());
	}
}

/// NFT 0 requested (`days`, `interval`), verified with its full power, and in service.
fn active(days: u32, interval: u32) {
	setup();
	assert_ok!(request(days, interval));
	answer(0, Some(CLAIM + TIB), 10, None);
	set_day(TODAY + 10);
	Hashpower::check_step();
	assert_eq!(Tokens::<Test>::get(0).unwrap().status, NftStatus::Active);
}

/// Runs blocks' checks on Filecoin day `day` until the pass has caught up with it.
fn check_on(day: u32) {
	set_day(day);
	for _ in 0..20 {
		Hashpower::check_step();
	}
	assert_eq!(CheckCursor::<Test>::get(), Some(day + 1));
}

#[test]
fn a_storage_request_should_hold_the_pledge_and_ask_the_verification_rounds() {
	run(|| {
		setup();
		let before = Balances::balance(&account(1));
		assert_ok!(request(30, 7));
		// 100 TiB x 2 per TiB-day x (7 + 3) days.
		let pledge = 2_000;
		assert_eq!(Hashpower::required_pledge(PowerKind::FilecoinStorage, CLAIM, 7), Ok(pledge));
		assert_eq!(Balances::balance_on_hold(&HoldReason::Pledge.into(), &account(1)), pledge);
		assert_eq!(Balances::balance(&account(1)), before - pledge - 2 * ROUND_FEE);
		assert_eq!(
			awaited(0).iter().map(|(_, query)| *query).collect::<Vec<_>>(),
			vec![Query::MinerPower, Query::SectorCounts]
		);
		assert_eq!(MinerSlices::<Test>::get(F_MINER), Some(0));
		assert!(<Hashpower as frame_support::traits::Contains<MinerId>>::contains(&F_MINER));
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(
			(token.status, token.start_day, token.end_day),
			(NftStatus::Requested, 2_010, 2_040)
		);
		assert_eq!(
			events(),
			vec![
				Event::StorageTokenizationRequested {
					nft: 0,
					miner: account(1),
					filecoin_miner: F_MINER,
					power: CLAIM,
					start_day: 2_010,
					end_day: 2_040,
					check_interval_days: 7,
					pledge,
				},
				Event::CheckAsked { nft: 0, period_end: TODAY },
			]
		);
	});
}

#[test]
fn a_storage_request_should_be_refused_with_a_clear_error() {
	run(|| {
		let call = |who: u8, miner: MinerId, power: u128, start: u32, days: u32, interval: u32| {
			Hashpower::request_storage_tokenization(
				RuntimeOrigin::signed(account(who)),
				miner,
				power,
				start,
				days,
				interval,
			)
		};
		assert_noop!(call(1, F_MINER, CLAIM, 2_010, 30, 7), Error::<Test>::NotBoundMiner);
		setup();
		assert_noop!(call(2, F_MINER, CLAIM, 2_010, 30, 7), Error::<Test>::NotBoundMiner);
		assert_noop!(call(1, F_MINER, TIB - 1, 2_010, 30, 7), Error::<Test>::PowerTooSmall);
		assert_noop!(call(1, F_MINER, CLAIM, 2_010, 0, 7), Error::<Test>::BadDuration);
		assert_noop!(call(1, F_MINER, CLAIM, 2_010, 366, 7), Error::<Test>::BadDuration);
		assert_noop!(call(1, F_MINER, CLAIM, 2_010, 30, 0), Error::<Test>::BadPayoutInterval);
		assert_noop!(call(1, F_MINER, CLAIM, 2_010, 30, 31), Error::<Test>::BadPayoutInterval);
		assert_noop!(call(1, F_MINER, CLAIM, TODAY, 30, 7), Error::<Test>::BadStart);
		assert_noop!(call(1, F_MINER, CLAIM, TODAY + 366, 30, 7), Error::<Test>::BadStart);
		FILECOIN.with(|state| state.borrow_mut().refuse = true);
		assert_noop!(
			call(1, F_MINER, CLAIM, 2_010, 30, 7),
			DispatchError::Other("TooManyOpenRounds")
		);
		FILECOIN.with(|state| state.borrow_mut().epoch = None);
		assert_noop!(call(1, F_MINER, CLAIM, 2_010, 30, 7), Error::<Test>::FilecoinNotReady);
		FILECOIN.with(|state| state.borrow_mut().refuse = false);
		set_day(TODAY);
		assert_ok!(call(1, F_MINER, CLAIM, 2_010, 30, 7));
		assert_noop!(call(1, F_MINER, CLAIM, 2_010, 30, 7), Error::<Test>::MinerInUse);
		// The Bitcoin call does not take Filecoin power, and the Bitcoin destination calls do not
		// take Filecoin NFTs.
		assert_noop!(
			Hashpower::request_tokenization(
				RuntimeOrigin::signed(account(1)),
				PowerKind::FilecoinStorage,
				CLAIM,
				2_010,
				30,
				7,
				Default::default()
			),
			Error::<Test>::WrongKind
		);
	});
}

#[test]
fn verified_storage_power_should_be_minted_and_enter_service_on_its_start_day() {
	run(|| {
		setup();
		assert_ok!(request(30, 7));
		answer(0, Some(CLAIM + TIB), 160, None);
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.status, NftStatus::Verified);
		assert_eq!(Hashpower::item_owner(PowerKind::FilecoinStorage, 0), Some(account(1)));
		let collection = Collections::<Test>::get(PowerKind::FilecoinStorage).unwrap();
		assert_eq!(
			<Nfts as frame_support::traits::tokens::nonfungibles_v2::Inspect<AccountId>>::system_attribute(
				&collection,
				Some(&0),
				b"hashmix.filecoin_miner"
			),
			Some(b"f01578658".to_vec())
		);
		assert_eq!(
			<Nfts as frame_support::traits::tokens::nonfungibles_v2::Inspect<AccountId>>::system_attribute(
				&collection,
				Some(&0),
				b"hashmix.kind"
			),
			Some(b"filecoin-storage".to_vec())
		);
		assert!(events().contains(&Event::Verified {
			nft: 0,
			delivered: CLAIM + TIB,
			expected: CLAIM
		}));
		assert_eq!(ChecksDue::<Test>::iter_keys().collect::<Vec<_>>(), vec![(2_010, 0)]);
		// Not before its start day.
		check_on(2_009);
		assert_eq!(Tokens::<Test>::get(0).unwrap().status, NftStatus::Verified);
		check_on(2_010);
		assert_eq!(Tokens::<Test>::get(0).unwrap().status, NftStatus::Active);
		assert_eq!(ChecksDue::<Test>::iter_keys().collect::<Vec<_>>(), vec![(2_017, 0)]);
	});
}

#[test]
fn storage_power_should_fail_verification_when_short_faulty_or_unanswered() {
	for (power, faulty) in [(Some(CLAIM - 1), 0), (Some(CLAIM), 161), (None, 0)] {
		run(|| {
			setup();
			let before = Balances::balance(&account(1));
			assert_ok!(request(30, 7));
			answer(0, power, faulty, None);
			assert_eq!(Tokens::<Test>::get(0).unwrap().status, NftStatus::Failed);
			assert!(events().contains(&Event::VerificationFailed {
				nft: 0,
				delivered: power.unwrap_or(0),
				expected: CLAIM
			}));
			// The pledge is back; the rounds' fees are spent.
			assert_eq!(Balances::balance(&account(1)), before - 2 * ROUND_FEE);
			assert_eq!(Hashpower::item_owner(PowerKind::FilecoinStorage, 0), None);
			assert_eq!(MinerSlices::<Test>::get(F_MINER), None);
		});
	}
}

#[test]
fn a_cancelled_storage_request_should_free_its_miner_and_ignore_late_answers() {
	run(|| {
		setup();
		assert_ok!(request(30, 7));
		let rounds = awaited(0);
		assert_ok!(Hashpower::cancel_request(RuntimeOrigin::signed(account(1)), 0));
		assert_eq!(MinerSlices::<Test>::get(F_MINER), None);
		assert_eq!(CheckRounds::<Test>::iter().count(), 0);
		let question = FilecoinQuestion { miner: F_MINER, epoch: 0, query: rounds[0].1 };
		Hashpower::on_filecoin_fact(rounds[0].0, &question, None);
		assert_eq!(Tokens::<Test>::get(0).unwrap().status, NftStatus::Cancelled);
		// The miner may ask again.
		assert_ok!(request(30, 7));
	});
}

#[test]
fn each_period_should_count_the_agreed_power_up_to_the_claim() {
	run(|| {
		active(21, 7);
		check_on(2_017);
		assert!(events().contains(&Event::CheckAsked { nft: 0, period_end: 2_017 }));
		answer(0, Some(CLAIM + TIB), 0, None);
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!((token.delivered, token.expected, token.days_judged), (7 * CLAIM, 7 * CLAIM, 7));
		assert!(events().contains(&Event::PeriodJudged {
			nft: 0,
			from_day: 2_010,
			to_day: 2_017,
			power: CLAIM + TIB,
			delivered: 7 * CLAIM,
			expected: 7 * CLAIM
		}));
		// Ninety percent of the claim: counted as it is, not short.
		check_on(2_024);
		answer(0, Some(CLAIM / 10 * 9), 0, None);
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.delivered, 7 * CLAIM + 7 * (CLAIM / 10 * 9));
		assert_eq!(token.watch.short_days, 0);
		assert_eq!(RecentDays::<Test>::get(0).len(), 2);
		// The last period ends the service: the pledge goes back.
		check_on(2_031);
		answer(0, Some(CLAIM), 0, None);
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.status, NftStatus::Expired);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Pledge.into(), &account(1)), 0);
		assert!(events().contains(&Event::Expired { nft: 0, pledge: 2_000 }));
		assert_eq!(ChecksDue::<Test>::iter().count(), 0);
		assert_eq!(MinerSlices::<Test>::get(F_MINER), None);
	});
}

#[test]
fn a_short_period_of_a_week_should_be_a_breach_paying_the_holder_first() {
	run(|| {
		active(60, 7);
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(account(1)), 1, 0, account(2)));
		OWED.with(|owed| *owed.borrow_mut() = 500);
		check_on(2_017);
		// A third of the power is gone: seven short days.
		answer(0, Some(CLAIM / 3 * 2), 0, None);
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.status, NftStatus::Revoked);
		assert!(events().contains(&Event::Revoked {
			nft: 0,
			holder: account(2),
			to_holder: 500,
			to_pot: 1_500
		}));
		assert_eq!(PAID.with(|paid| paid.borrow().clone()), vec![(0, account(2), 500)]);
	});
}

#[test]
fn daily_checks_should_breach_after_seven_short_days_and_not_before() {
	run(|| {
		active(60, 1);
		for day in 2_011..2_017 {
			check_on(day);
			answer(0, Some(CLAIM / 2), 0, None);
		}
		assert_eq!(Tokens::<Test>::get(0).unwrap().watch.short_days, 6);
		assert_eq!(Tokens::<Test>::get(0).unwrap().status, NftStatus::Active);
		check_on(2_017);
		answer(0, Some(CLAIM / 2), 0, None);
		assert_eq!(Tokens::<Test>::get(0).unwrap().status, NftStatus::Revoked);
	});
}

#[test]
fn a_check_that_cannot_be_asked_should_be_retried_then_judged_undelivered() {
	run(|| {
		active(60, 7);
		FILECOIN.with(|state| state.borrow_mut().refuse = true);
		check_on(2_017);
		assert_eq!(StorageSlices::<Test>::get(0).unwrap().due, Some(2_018));
		for day in 2_018..2_024 {
			check_on(day);
		}
		assert_eq!(Tokens::<Test>::get(0).unwrap().status, NftStatus::Active);
		// A breach window late: the period counts as undelivered, a week without delivery.
		check_on(2_024);
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.status, NftStatus::Revoked);
		assert_eq!((token.delivered, token.expected), (0, 7 * CLAIM));
	});
}

#[test]
fn a_round_without_quorum_should_be_asked_again() {
	run(|| {
		active(60, 7);
		check_on(2_017);
		answer(0, None, 0, None);
		assert_eq!(StorageSlices::<Test>::get(0).unwrap().due, Some(2_018));
		assert_eq!(Tokens::<Test>::get(0).unwrap().days_judged, 0);
		check_on(2_018);
		answer(0, Some(CLAIM), 0, None);
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!((token.delivered, token.days_judged), (7 * CLAIM, 7));
		assert_eq!(StorageSlices::<Test>::get(0).unwrap().due, Some(2_024));
	});
}

#[test]
fn the_holders_beneficiary_should_count_after_the_grace() {
	run(|| {
		active(60, 7);
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(account(1)), 1, 0, account(2)));
		assert_noop!(
			Hashpower::set_beneficiary(RuntimeOrigin::signed(account(1)), 0, holder_address()),
			Error::<Test>::NotHolder
		);
		assert_noop!(
			Hashpower::set_beneficiary(
				RuntimeOrigin::signed(account(2)),
				0,
				vec![9, 1, 2].try_into().unwrap()
			),
			Error::<Test>::InvalidAddress
		);
		set_day(2_012);
		assert_ok!(Hashpower::set_beneficiary(
			RuntimeOrigin::signed(account(2)),
			0,
			holder_address()
		));
		assert!(events().contains(&Event::BeneficiaryNamed {
			nft: 0,
			holder: account(2),
			address: holder_address(),
			grace_until: 2_015
		}));
		assert_eq!(Hashpower::summary(0).unwrap().repoint_grace_until, Some(2_015));
		assert_noop!(
			Hashpower::set_beneficiary(RuntimeOrigin::signed(account(2)), 0, holder_address()),
			Error::<Test>::SameBeneficiary
		);
		// The period began within the grace: the miner's own arrangement still counts.
		check_on(2_017);
		assert_eq!(awaited(0).len(), 3);
		answer(
			0,
			Some(CLAIM),
			0,
			Some((
				filecoin_address("f01578650"),
				BeneficiaryTerm { quota: 0, used_quota: 0, expiration: 0 },
			)),
		);
		assert_eq!(Tokens::<Test>::get(0).unwrap().delivered, 7 * CLAIM);
		// After it, only the holder's address with a live term counts.
		check_on(2_024);
		answer(0, Some(CLAIM), 0, Some((holder_address(), live_term())));
		assert_eq!(Tokens::<Test>::get(0).unwrap().delivered, 14 * CLAIM);
		assert_eq!(StorageSlices::<Test>::get(0).unwrap().withdrawn, 250);
		check_on(2_031);
		let spent = BeneficiaryTerm { used_quota: 10_000, ..live_term() };
		answer(0, Some(CLAIM), 0, Some((holder_address(), spent)));
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!((token.delivered, token.watch.days_without_payout), (14 * CLAIM, 7));
		assert_eq!(token.status, NftStatus::Revoked);
	});
}

#[test]
fn the_beneficiary_call_should_refuse_what_it_does_not_serve() {
	run(|| {
		setup();
		assert_noop!(
			Hashpower::set_beneficiary(RuntimeOrigin::signed(account(1)), 7, holder_address()),
			Error::<Test>::UnknownNft
		);
		assert_ok!(request(30, 7));
		assert_noop!(
			Hashpower::set_beneficiary(RuntimeOrigin::signed(account(1)), 0, holder_address()),
			Error::<Test>::NotLive
		);
		answer(0, Some(CLAIM), 0, None);
		let wallet = wallet(1);
		let signature =
			sign(&wallet, &Hashpower::destination_message(0, &account(1)), SignedScript::P2wpkh);
		assert_noop!(
			Hashpower::set_destination(
				RuntimeOrigin::signed(account(1)),
				0,
				key(&wallet),
				signature
			),
			Error::<Test>::WrongKind
		);
		assert_noop!(
			Hashpower::set_multisig_destination(
				RuntimeOrigin::signed(account(1)),
				0,
				key(&wallet),
				signature
			),
			Error::<Test>::WrongKind
		);
		Hashpower::mint_fixture(&account(3), 100_000, 30).unwrap();
		assert_noop!(
			Hashpower::set_beneficiary(RuntimeOrigin::signed(account(3)), 1, holder_address()),
			Error::<Test>::WrongKind
		);
	});
}

#[test]
fn a_burned_storage_nft_should_end_at_its_next_check() {
	run(|| {
		active(60, 7);
		assert_ok!(Nfts::burn(RuntimeOrigin::signed(account(1)), 1, 0));
		check_on(2_017);
		assert_eq!(Tokens::<Test>::get(0).unwrap().status, NftStatus::Burned);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Pledge.into(), &account(1)), 0);
		assert_eq!(MinerSlices::<Test>::get(F_MINER), None);
		assert_eq!(ChecksDue::<Test>::iter().count(), 0);
	});
}

#[test]
fn the_check_pass_should_be_bounded_per_block() {
	run(|| {
		setup();
		// Two blocks' worth of empty days: the cursor moves by the visit budget (2) a block.
		set_day(TODAY);
		Hashpower::check_step();
		assert_eq!(CheckCursor::<Test>::get(), Some(TODAY + 1));
		set_day(TODAY + 5);
		Hashpower::check_step();
		assert_eq!(CheckCursor::<Test>::get(), Some(TODAY + 3));
		Hashpower::check_step();
		Hashpower::check_step();
		assert_eq!(CheckCursor::<Test>::get(), Some(TODAY + 6));
	});
}

#[test]
fn a_full_round_table_should_delay_checks_to_the_next_block_without_counting_them_late() {
	run(|| {
		active(60, 7);
		FILECOIN.with(|state| state.borrow_mut().available = 2);
		set_day(2_017);
		for _ in 0..5 {
			Hashpower::check_step();
		}
		// Still due on its day; the cursor waits for it.
		assert_eq!(StorageSlices::<Test>::get(0).unwrap().due, Some(2_017));
		assert_eq!(CheckCursor::<Test>::get(), Some(2_017));
		FILECOIN.with(|state| state.borrow_mut().available = 3);
		Hashpower::check_step();
		assert!(events().contains(&Event::CheckAsked { nft: 0, period_end: 2_017 }));
		answer(0, Some(CLAIM), 0, None);
		assert_eq!(Tokens::<Test>::get(0).unwrap().delivered, 7 * CLAIM);
	});
}

#[test]
fn storage_requests_should_be_bounded_per_miner_and_on_the_chain() {
	run(|| {
		// Account 1 binds five miner actors; it may have four requests at a time.
		for miner in 1..=5 {
			FILECOIN.with(|state| state.borrow_mut().bound.insert(miner, account(1)));
		}
		let call = |who: u8, miner: MinerId| {
			Hashpower::request_storage_tokenization(
				RuntimeOrigin::signed(account(who)),
				miner,
				CLAIM,
				TODAY + 10,
				30,
				7,
			)
		};
		for miner in 1..=4 {
			assert_ok!(call(1, miner));
		}
		assert_noop!(call(1, 5), Error::<Test>::TooManyTokens);
		// Two development NFTs fill the chain's six live slots.
		Hashpower::mint_fixture(&account(3), 100_000, 30).unwrap();
		Hashpower::mint_fixture(&account(3), 100_000, 30).unwrap();
		FILECOIN.with(|state| state.borrow_mut().bound.insert(6, account(2)));
		assert_noop!(call(2, 6), Error::<Test>::TooManyLive);
	});
}

#[test]
fn naming_a_beneficiary_should_wait_for_the_filecoin_clock() {
	run(|| {
		active(60, 7);
		FILECOIN.with(|state| state.borrow_mut().epoch = None);
		assert_noop!(
			Hashpower::set_beneficiary(RuntimeOrigin::signed(account(1)), 0, holder_address()),
			Error::<Test>::FilecoinNotReady
		);
		set_day(2_011);
	});
}
