//! Arbitration votes: the same commit and reveal, among the declared validators that are not a
//! party; decided by more than half of the snapshotted bond; never slashed, never missed.

use super::attestation::{
	commit_call, declare_all, number, outcomes, reveal_call, run_round, submit,
};
use crate::{mock::*, Error, PendingSlashes, Records, Rounds};
use frame_support::{assert_noop, assert_ok, pallet_prelude::InvalidTransaction};
use hashmix_primitives::attestation::{AttestationRounds, Question, RoundId, RoundOutcome, Source};
use sp_runtime::Permill;

fn open_dispute(outcomes: u8, parties: &[u64]) -> RoundId {
	<Validators as AttestationRounds<u64>>::open_arbitration(
		&9,
		b"order 7: delivered 80% of the contracted hashrate".to_vec().try_into().unwrap(),
		outcomes,
		parties,
	)
	.expect("the vote opens")
}

#[test]
fn a_majority_of_the_bond_should_decide_and_nobody_should_be_slashed() {
	ExtBuilder::default().validators(vec![1, 2, 3, 4]).build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		// Validator 4 is a party to the dispute: it does not vote.
		let round = open_dispute(3, &[4]);
		let members: Vec<u64> =
			Rounds::<Test>::get(round).unwrap().members.iter().map(|m| m.who).collect();
		assert_eq!(members, vec![1, 2, 3]);
		// 1 and 2 (1,000 of 1,500) vote refund (1), 3 votes release (0).
		run_round(round, &[(1, Some(1)), (2, Some(1)), (3, Some(0))]);
		assert_eq!(outcomes(), vec![(round, RoundOutcome::Decided(1))]);
		assert_eq!(PendingSlashes::<Test>::iter().count(), 0);
		// Judgement is not an attestation: no record of asked, agreed or wrong.
		assert_eq!(Records::<Test>::get(3).unwrap().wrong, 0);
		assert_eq!(Records::<Test>::get(3).unwrap().asked, 0);
	});
}

#[test]
fn a_split_vote_should_be_no_quorum_and_silence_should_not_count_as_missed() {
	ExtBuilder::default().validators(vec![1, 2, 3, 4]).build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		let round = open_dispute(3, &[]);
		run_round(round, &[(1, Some(0)), (2, Some(1)), (3, Some(2)), (4, None)]);
		assert_eq!(outcomes(), vec![(round, RoundOutcome::NoQuorum)]);
		assert_eq!(Records::<Test>::get(4).unwrap().missed, 0);
		assert_eq!(PendingSlashes::<Test>::iter().count(), 0);
	});
}

#[test]
fn a_vote_outside_the_outcomes_should_be_refused() {
	ExtBuilder::default().validators(vec![1, 2, 3, 4]).build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		let round = open_dispute(2, &[]);
		assert_ok!(submit(commit_call(round, 1, &number(2))));
		run_to_block(Rounds::<Test>::get(round).unwrap().commit_end + 1);
		assert_eq!(
			submit(reveal_call(round, 1, &number(2))),
			Err(InvalidTransaction::Custom(3).into())
		);
	});
}

#[test]
fn arbitration_should_need_two_outcomes_and_its_own_entry_point() {
	ExtBuilder::default().validators(vec![1, 2, 3, 4]).build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		assert_noop!(
			<Validators as AttestationRounds<u64>>::open_arbitration(
				&9,
				Default::default(),
				1,
				&[]
			),
			Error::<Test>::EmptyQuestion
		);
		let question = Question {
			source: Source::Arbitration,
			body: Default::default(),
			rules: vec![hashmix_primitives::attestation::FieldRule::Numeric {
				tolerance: Permill::zero(),
			}]
			.try_into()
			.unwrap(),
		};
		assert_noop!(
			<Validators as AttestationRounds<u64>>::open_round(&9, question),
			Error::<Test>::WrongSource
		);
		// Parties excluded until too few remain.
		assert_noop!(
			<Validators as AttestationRounds<u64>>::open_arbitration(
				&9,
				Default::default(),
				2,
				&[1, 2, 3]
			),
			Error::<Test>::NotEnoughAttesters
		);
	});
}
