//! The election at each session change (`SessionManager`).

use crate::{mock::*, Election, Event, PlannedValidators};
use frame_support::assert_ok;

#[test]
fn genesis_should_plan_the_bonded_validators() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(session_validators(), vec![1, 2, 3]);
		let (planned, election) = PlannedValidators::<Test>::get().unwrap();
		assert_eq!((planned.into_inner(), election), (vec![1, 2, 3], Election::Elected));
	});
}

#[test]
fn a_new_candidate_with_keys_should_validate_two_sessions_later() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Validators::bond(RuntimeOrigin::signed(4), 600));
		set_session_keys(4);
		// Planned at the start of session 1 for session 2, first in the order by bond.
		run_to_session(1);
		assert_eq!(session_validators(), vec![1, 2, 3]);
		assert!(validator_events().contains(&Event::ValidatorsElected {
			session: 2,
			validators: 4,
			candidates: 4
		}));
		run_to_session(2);
		assert_eq!(session_validators(), vec![4, 1, 2, 3]);
	});
}

#[test]
fn a_candidate_without_session_keys_should_not_be_elected() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Validators::bond(RuntimeOrigin::signed(4), 600));
		run_to_session(3);
		assert_eq!(session_validators(), vec![1, 2, 3]);
	});
}

#[test]
fn only_the_top_max_validators_by_bond_should_be_elected() {
	ExtBuilder::default().build_and_execute(|| {
		for (who, bond) in [(4, 200), (5, 700), (6, 500)] {
			assert_ok!(Validators::bond(RuntimeOrigin::signed(who), bond));
			set_session_keys(who);
		}
		run_to_session(2);
		// 5 (700), then 1, 2, 3 and 6 tie at 500 and the smaller ids win; 4 (200) is out.
		assert_eq!(session_validators(), vec![5, 1, 2, 3]);
		// A raise takes effect at the next election.
		assert_ok!(Validators::bond_extra(RuntimeOrigin::signed(6), 1));
		run_to_session(4);
		assert_eq!(session_validators(), vec![5, 6, 1, 2]);
	});
}

#[test]
fn the_set_should_be_kept_when_too_few_candidates_are_eligible() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Validators::chill(RuntimeOrigin::signed(1)));
		run_to_session(2);
		assert_eq!(session_validators(), vec![2, 3]);

		// One eligible candidate is below MinValidators (2): the set of 2 and 3 stays.
		assert_ok!(Validators::unbond(RuntimeOrigin::signed(2), GENESIS_BOND));
		System::reset_events();
		run_to_session(3);
		assert!(validator_events().contains(&Event::ValidatorSetKept { session: 4, eligible: 1 }));
		run_to_session(5);
		assert_eq!(session_validators(), vec![2, 3]);
		assert_eq!(PlannedValidators::<Test>::get().unwrap().1, Election::Kept);
		// A kept validator stays liable: its last active session keeps moving.
		assert_eq!(crate::Ledgers::<Test>::get(2).unwrap().last_active_session, Some(6));

		// A second candidate comes back: elections resume.
		assert_ok!(Validators::validate(RuntimeOrigin::signed(1)));
		run_to_session(7);
		assert_eq!(session_validators(), vec![1, 3]);
	});
}

#[test]
fn eligible_candidates_should_be_ordered_by_bond_then_account() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Validators::bond_extra(RuntimeOrigin::signed(3), 10));
		assert_eq!(
			Validators::eligible_candidates(),
			vec![(3, GENESIS_BOND + 10), (1, GENESIS_BOND), (2, GENESIS_BOND)]
		);
	});
}
