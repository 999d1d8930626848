//! `bond`, `bond_extra`, `unbond`, `withdraw_unbonded`, `chill`, `validate`.

use crate::{mock::*, Candidates, Error, Event, HoldReason, Ledgers, UnlockChunk};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::Bond.into(), &who)
}

fn free(who: u64) -> u64 {
	Balances::balance(&who)
}

#[test]
fn genesis_should_bond_the_initial_validators() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [1, 2, 3] {
			assert_eq!(Ledgers::<Test>::get(who).unwrap().active, GENESIS_BOND);
			assert_eq!(held(who), GENESIS_BOND);
			assert!(Candidates::<Test>::contains_key(who));
		}
		assert_eq!(Candidates::<Test>::count(), 3);
	});
}

#[test]
#[should_panic(expected = "genesis bond")]
fn genesis_should_panic_when_a_bond_is_below_the_minimum() {
	ExtBuilder::default().bond(MIN_BOND - 1).build();
}

#[test]
fn bond_should_hold_funds_and_make_a_candidate() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Validators::bond(RuntimeOrigin::signed(4), 300));
		assert_eq!(held(4), 300);
		assert_eq!(free(4), ENDOWMENT - 300);
		let ledger = Ledgers::<Test>::get(4).unwrap();
		assert_eq!(
			(ledger.active, ledger.unlocking.len(), ledger.last_active_session),
			(300, 0, None)
		);
		assert!(Candidates::<Test>::contains_key(4));
		assert_eq!(validator_events(), vec![Event::Bonded { who: 4, amount: 300 }]);
	});
}

#[test]
fn bond_should_fail_when_already_bonded() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Validators::bond(RuntimeOrigin::signed(1), 300), Error::<Test>::AlreadyBonded);
	});
}

#[test]
fn bond_should_fail_when_below_the_minimum() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Validators::bond(RuntimeOrigin::signed(4), MIN_BOND - 1),
			Error::<Test>::BelowMinimumBond
		);
	});
}

#[test]
fn bond_should_fail_when_the_balance_cannot_cover_it() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Validators::bond(RuntimeOrigin::signed(4), ENDOWMENT + 1),
			Error::<Test>::InsufficientBalance
		);
		// Holding everything would kill the account: the existential deposit must stay free.
		assert_noop!(
			Validators::bond(RuntimeOrigin::signed(4), ENDOWMENT),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn bond_should_fail_when_there_are_max_candidates() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [4, 5, 6] {
			assert_ok!(Validators::bond(RuntimeOrigin::signed(who), MIN_BOND));
		}
		assert_eq!(Candidates::<Test>::count(), 6);
		assert_noop!(
			Validators::bond(RuntimeOrigin::signed(7), MIN_BOND),
			Error::<Test>::TooManyCandidates
		);
	});
}

#[test]
fn bond_should_fail_when_unsigned() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Validators::bond(RuntimeOrigin::none(), MIN_BOND),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn bond_extra_should_add_to_the_active_bond() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Validators::bond_extra(RuntimeOrigin::signed(1), 200));
		assert_eq!(Ledgers::<Test>::get(1).unwrap().active, GENESIS_BOND + 200);
		assert_eq!(held(1), GENESIS_BOND + 200);
		assert_eq!(validator_events(), vec![Event::BondedExtra { who: 1, amount: 200 }]);
	});
}

#[test]
fn bond_extra_should_fail_when_not_bonded_zero_or_unaffordable() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Validators::bond_extra(RuntimeOrigin::signed(4), 10),
			Error::<Test>::NotBonded
		);
		assert_noop!(
			Validators::bond_extra(RuntimeOrigin::signed(1), 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Validators::bond_extra(RuntimeOrigin::signed(1), ENDOWMENT),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn unbond_should_move_funds_to_a_held_unlocking_chunk() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_session(1);
		System::reset_events();
		assert_ok!(Validators::unbond(RuntimeOrigin::signed(1), 150));
		let ledger = Ledgers::<Test>::get(1).unwrap();
		assert_eq!(ledger.active, GENESIS_BOND - 150);
		assert_eq!(ledger.unlocking.into_inner(), vec![UnlockChunk { value: 150, requested: 1 }]);
		// Still held: unbonding funds stay slashable.
		assert_eq!(held(1), GENESIS_BOND);
		// Validator 1 is planned for session 2, so the delay of 3 sessions starts at session 3.
		assert_eq!(validator_events(), vec![Event::Unbonded { who: 1, amount: 150, release: 6 }]);
		assert!(Candidates::<Test>::contains_key(1));
	});
}

#[test]
fn unbond_should_merge_requests_of_one_session() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Validators::unbond(RuntimeOrigin::signed(1), 50));
		assert_ok!(Validators::unbond(RuntimeOrigin::signed(1), 60));
		assert_eq!(
			Ledgers::<Test>::get(1).unwrap().unlocking.into_inner(),
			vec![UnlockChunk { value: 110, requested: 0 }]
		);
	});
}

#[test]
fn unbond_of_everything_should_leave_the_candidates() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Validators::unbond(RuntimeOrigin::signed(2), GENESIS_BOND));
		assert!(!Candidates::<Test>::contains_key(2));
		assert_eq!(Ledgers::<Test>::get(2).unwrap().active, 0);
		assert_eq!(
			validator_events(),
			vec![
				Event::Unbonded { who: 2, amount: GENESIS_BOND, release: 5 },
				Event::Chilled { who: 2 }
			]
		);
	});
}

#[test]
fn unbond_should_fail_on_bad_amounts() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Validators::unbond(RuntimeOrigin::signed(4), 10), Error::<Test>::NotBonded);
		assert_noop!(Validators::unbond(RuntimeOrigin::signed(1), 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Validators::unbond(RuntimeOrigin::signed(1), GENESIS_BOND + 1),
			Error::<Test>::InsufficientBond
		);
		// Leaving 99 active: below the minimum but not zero.
		assert_noop!(
			Validators::unbond(RuntimeOrigin::signed(1), GENESIS_BOND - MIN_BOND + 1),
			Error::<Test>::BelowMinimumBond
		);
	});
}

#[test]
fn unbond_should_fail_when_every_chunk_is_taken() {
	ExtBuilder::default().build_and_execute(|| {
		for session in 1..=3 {
			run_to_session(session);
			assert_ok!(Validators::unbond(RuntimeOrigin::signed(1), 10));
		}
		run_to_session(4);
		assert_noop!(
			Validators::unbond(RuntimeOrigin::signed(1), 10),
			Error::<Test>::TooManyUnlockingChunks
		);
	});
}

#[test]
fn withdraw_should_wait_until_the_validator_has_left_the_set_for_the_delay() {
	ExtBuilder::default().validators(vec![1, 2, 3, 4]).build_and_execute(|| {
		// Validator 4 unbonds everything in session 0; it was planned for session 1 at genesis,
		// so it validates in sessions 0 and 1, and session 1's rotation drops it from session 2.
		assert_ok!(Validators::unbond(RuntimeOrigin::signed(4), GENESIS_BOND));
		assert_eq!(Ledgers::<Test>::get(4).unwrap().last_active_session, Some(1));

		run_to_session(1);
		assert!(session_validators().contains(&4));
		run_to_session(2);
		assert_eq!(session_validators(), vec![1, 2, 3]);

		// Released at session 1 + 1 + 3 = 5.
		run_to_session(4);
		assert_noop!(
			Validators::withdraw_unbonded(RuntimeOrigin::signed(4)),
			Error::<Test>::NothingToWithdraw
		);
		run_to_session(5);
		System::reset_events();
		assert_ok!(Validators::withdraw_unbonded(RuntimeOrigin::signed(4)));
		assert_eq!(held(4), 0);
		assert_eq!(free(4), ENDOWMENT);
		assert!(!Ledgers::<Test>::contains_key(4));
		assert_eq!(validator_events(), vec![Event::Withdrawn { who: 4, amount: GENESIS_BOND }]);
	});
}

#[test]
fn withdraw_should_not_release_a_sitting_validators_unbonded_funds() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Validators::unbond(RuntimeOrigin::signed(1), 100));
		// Validator 1 stays in the set: its last active session keeps moving.
		run_to_session(8);
		assert!(session_validators().contains(&1));
		assert_noop!(
			Validators::withdraw_unbonded(RuntimeOrigin::signed(1)),
			Error::<Test>::NothingToWithdraw
		);
		// It chills; the election at the start of session 9 leaves it out of session 10, so its
		// last session is 9 and the release 9 + 1 + 3 = 13.
		assert_ok!(Validators::chill(RuntimeOrigin::signed(1)));
		run_to_session(10);
		assert!(!session_validators().contains(&1));
		assert_eq!(Ledgers::<Test>::get(1).unwrap().last_active_session, Some(9));
		run_to_session(12);
		assert_noop!(
			Validators::withdraw_unbonded(RuntimeOrigin::signed(1)),
			Error::<Test>::NothingToWithdraw
		);
		run_to_session(13);
		assert_ok!(Validators::withdraw_unbonded(RuntimeOrigin::signed(1)));
		// Only the unbonded part is released; the rest stays bonded.
		let ledger = Ledgers::<Test>::get(1).unwrap();
		assert_eq!((ledger.active, ledger.unlocking.len()), (GENESIS_BOND - 100, 0));
		assert_eq!(held(1), GENESIS_BOND - 100);
	});
}

#[test]
fn withdraw_should_fail_when_not_bonded() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Validators::withdraw_unbonded(RuntimeOrigin::signed(4)),
			Error::<Test>::NotBonded
		);
	});
}

#[test]
fn chill_and_validate_should_toggle_candidacy() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Validators::chill(RuntimeOrigin::signed(3)));
		assert!(!Candidates::<Test>::contains_key(3));
		assert_noop!(Validators::chill(RuntimeOrigin::signed(3)), Error::<Test>::NotCandidate);
		assert_ok!(Validators::validate(RuntimeOrigin::signed(3)));
		assert!(Candidates::<Test>::contains_key(3));
		assert_eq!(
			validator_events(),
			vec![Event::Chilled { who: 3 }, Event::Validating { who: 3 }]
		);
	});
}

#[test]
fn validate_should_fail_on_each_precondition() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Validators::validate(RuntimeOrigin::signed(4)), Error::<Test>::NotBonded);
		assert_noop!(
			Validators::validate(RuntimeOrigin::signed(1)),
			Error::<Test>::AlreadyCandidate
		);
		assert_ok!(Validators::unbond(RuntimeOrigin::signed(1), GENESIS_BOND));
		assert_noop!(
			Validators::validate(RuntimeOrigin::signed(1)),
			Error::<Test>::BelowMinimumBond
		);

		assert_ok!(Validators::chill(RuntimeOrigin::signed(2)));
		for who in [4, 5, 6, 7, 8] {
			assert_ok!(Validators::bond(RuntimeOrigin::signed(who), MIN_BOND));
		}
		assert_noop!(
			Validators::validate(RuntimeOrigin::signed(2)),
			Error::<Test>::TooManyCandidates
		);
	});
}

#[test]
fn try_state_should_fail_when_a_bond_is_not_held() {
	ExtBuilder::default().build().execute_with(|| {
		Ledgers::<Test>::mutate(1, |ledger| ledger.as_mut().unwrap().active += 1);
		assert!(Validators::do_try_state().is_err());
	});
}
