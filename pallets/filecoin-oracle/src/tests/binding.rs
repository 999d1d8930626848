//! Miner binding by marker: a request issues a marker and holds a deposit; a round checks that
//! the miner publishes it; the agreed answer binds the miner; unbinding waits until nothing uses
//! the miner.

use super::*;
use crate::{BindingRequest, BindingRequests, Bindings, Error, Event, MinersOf};
use frame_support::{assert_noop, traits::fungible::InspectHold};
use hashmix_primitives::filecoin::FilecoinEvidence;

const MINER: u64 = hashmix_tests::lotus::MINER;

fn binding_deposit(who: u64) -> u64 {
	Balances::balance_on_hold(&crate::HoldReason::BindingDeposit.into(), &who)
}

fn request(who: u64, miner: u64) -> BindingRequest<u64> {
	BindingRequests::<Test>::get(miner, who).expect("a request")
}

#[test]
fn request_binding_should_issue_a_marker_and_hold_the_deposit() {
	run(|| {
		assert_ok!(FilecoinOracle::request_binding(RuntimeOrigin::signed(5), MINER));
		let issued = request(5, MINER);
		assert_eq!(issued.round, None);
		assert_eq!(binding_deposit(5), BINDING_DEPOSIT);
		assert_eq!(
			oracle_events(),
			vec![Event::BindingRequested { who: 5, miner: MINER, marker: issued.marker }]
		);
		// Markers differ per request.
		assert_ok!(FilecoinOracle::request_binding(RuntimeOrigin::signed(6), MINER));
		assert_ne!(request(6, MINER).marker, issued.marker);
		// The text a miner publishes, through the runtime API.
		let info = FilecoinOracle::api_binding_request(MINER, &5).unwrap();
		assert_eq!(info.marker, crate::worker::marker_text(&issued.marker).into_bytes());
		assert!(info.marker.starts_with(b"hashmix-") && info.marker.len() == 28);
	});
}

#[test]
fn request_binding_should_refuse_duplicates_bound_miners_full_accounts_and_no_deposit() {
	run(|| {
		assert_ok!(FilecoinOracle::request_binding(RuntimeOrigin::signed(5), MINER));
		assert_noop!(
			FilecoinOracle::request_binding(RuntimeOrigin::signed(5), MINER),
			Error::<Test>::AlreadyRequested
		);
		assert_noop!(
			FilecoinOracle::request_binding(RuntimeOrigin::signed(42), 1),
			Error::<Test>::InsufficientDeposit
		);
		Bindings::<Test>::insert(1, 7);
		MinersOf::<Test>::insert(7, frame_support::BoundedVec::truncate_from(vec![1, 2]));
		Bindings::<Test>::insert(2, 7);
		assert_noop!(
			FilecoinOracle::request_binding(RuntimeOrigin::signed(5), 1),
			Error::<Test>::AlreadyBound
		);
		// Account 7 has MaxMinersPerAccount (2) miners.
		assert_noop!(
			FilecoinOracle::request_binding(RuntimeOrigin::signed(7), 3),
			Error::<Test>::TooManyMiners
		);
	});
}

#[test]
fn a_confirmed_marker_should_bind_the_miner_and_release_the_deposit() {
	run(|| {
		assert_ok!(FilecoinOracle::request_binding(RuntimeOrigin::signed(5), MINER));
		assert_ok!(FilecoinOracle::confirm_binding(RuntimeOrigin::signed(5), MINER));
		let round = last_round();
		assert_eq!(request(5, MINER).round, Some(round));
		assert!(oracle_events().contains(&Event::BindingRoundOpened {
			who: 5,
			miner: MINER,
			round,
			epoch: QUESTION_EPOCH
		}));
		// The round asks about this request's marker.
		let pending = crate::Pending::<Test>::get(round).unwrap();
		assert_eq!(pending.question.query, Query::Marker(request(5, MINER).marker));
		assert_eq!(pending.binding, Some(5));
		assert_noop!(
			FilecoinOracle::confirm_binding(RuntimeOrigin::signed(5), MINER),
			Error::<Test>::RoundInFlight
		);

		let found = marker_answer(true);
		answer_round(round, &[(1, found.clone()), (2, found.clone()), (3, found)]);
		assert_eq!(Bindings::<Test>::get(MINER), Some(5));
		assert_eq!(MinersOf::<Test>::get(5).into_inner(), vec![MINER]);
		assert_eq!(<FilecoinOracle as FilecoinEvidence<u64>>::bound_account(MINER), Some(5));
		assert!(BindingRequests::<Test>::get(MINER, 5).is_none());
		assert_eq!(binding_deposit(5), 0);
		assert!(oracle_events().contains(&Event::MinerBound { who: 5, miner: MINER }));
	});
}

#[test]
fn a_missing_marker_should_leave_the_request_to_confirm_again() {
	run(|| {
		assert_ok!(FilecoinOracle::request_binding(RuntimeOrigin::signed(5), MINER));
		assert_ok!(FilecoinOracle::confirm_binding(RuntimeOrigin::signed(5), MINER));
		let round = last_round();
		let absent = marker_answer(false);
		answer_round(round, &[(1, absent.clone()), (2, absent.clone()), (3, absent)]);
		assert_eq!(Bindings::<Test>::get(MINER), None);
		assert_eq!(request(5, MINER).round, None);
		assert_eq!(binding_deposit(5), BINDING_DEPOSIT);
		assert!(oracle_events().contains(&Event::BindingNotConfirmed {
			who: 5,
			miner: MINER,
			round
		}));
		// No quorum either leaves it.
		assert_ok!(FilecoinOracle::confirm_binding(RuntimeOrigin::signed(5), MINER));
		let again = last_round();
		answer_round(again, &[(1, marker_answer(true)), (2, marker_answer(false))]);
		assert_eq!(request(5, MINER).round, None);
		assert_eq!(Bindings::<Test>::get(MINER), None);
	});
}

#[test]
fn only_the_first_confirmed_account_should_be_bound() {
	run(|| {
		for who in [5, 6] {
			assert_ok!(FilecoinOracle::request_binding(RuntimeOrigin::signed(who), MINER));
		}
		assert_ok!(FilecoinOracle::confirm_binding(RuntimeOrigin::signed(6), MINER));
		let first = last_round();
		assert_ok!(FilecoinOracle::confirm_binding(RuntimeOrigin::signed(5), MINER));
		let second = last_round();
		// Both rounds agree (the miner published both markers); account 6's round closes first.
		let found = marker_answer(true);
		let answers = [(1, found.clone()), (2, found.clone()), (3, found)];
		answer_rounds(&[(first, &answers), (second, &answers)]);
		assert_eq!(Bindings::<Test>::get(MINER), Some(6));
		assert!(oracle_events().contains(&Event::MinerBound { who: 6, miner: MINER }));
		assert!(oracle_events().contains(&Event::BindingNotConfirmed {
			who: 5,
			miner: MINER,
			round: second
		}));
		assert_noop!(
			FilecoinOracle::confirm_binding(RuntimeOrigin::signed(5), MINER),
			Error::<Test>::AlreadyBound
		);
	});
}

#[test]
fn confirm_binding_without_a_request_should_fail() {
	run(|| {
		assert_noop!(
			FilecoinOracle::confirm_binding(RuntimeOrigin::signed(5), MINER),
			Error::<Test>::NoRequest
		);
	});
}

#[test]
fn cancel_binding_should_release_the_deposit_and_void_the_round() {
	run(|| {
		assert_noop!(
			FilecoinOracle::cancel_binding(RuntimeOrigin::signed(5), MINER),
			Error::<Test>::NoRequest
		);
		assert_ok!(FilecoinOracle::request_binding(RuntimeOrigin::signed(5), MINER));
		assert_ok!(FilecoinOracle::confirm_binding(RuntimeOrigin::signed(5), MINER));
		let round = last_round();
		assert_ok!(FilecoinOracle::cancel_binding(RuntimeOrigin::signed(5), MINER));
		assert_eq!(binding_deposit(5), 0);
		assert!(oracle_events().contains(&Event::BindingCancelled { who: 5, miner: MINER }));
		let found = marker_answer(true);
		answer_round(round, &[(1, found.clone()), (2, found.clone()), (3, found)]);
		assert_eq!(Bindings::<Test>::get(MINER), None);
	});
}

#[test]
fn unbind_miner_should_wait_until_nothing_uses_it() {
	run(|| {
		assert_ok!(FilecoinOracle::request_binding(RuntimeOrigin::signed(5), MINER));
		assert_ok!(FilecoinOracle::confirm_binding(RuntimeOrigin::signed(5), MINER));
		let found = marker_answer(true);
		answer_round(last_round(), &[(1, found.clone()), (2, found.clone()), (3, found)]);

		assert_noop!(
			FilecoinOracle::unbind_miner(RuntimeOrigin::signed(6), MINER),
			Error::<Test>::NotBound
		);
		IN_USE.with(|in_use| in_use.set(true));
		assert_noop!(
			FilecoinOracle::unbind_miner(RuntimeOrigin::signed(5), MINER),
			Error::<Test>::MinerInUse
		);
		IN_USE.with(|in_use| in_use.set(false));
		assert_ok!(FilecoinOracle::unbind_miner(RuntimeOrigin::signed(5), MINER));
		assert_eq!(Bindings::<Test>::get(MINER), None);
		assert!(MinersOf::<Test>::get(5).is_empty());
		assert_eq!(oracle_events().last(), Some(&Event::MinerUnbound { who: 5, miner: MINER }));
	});
}
