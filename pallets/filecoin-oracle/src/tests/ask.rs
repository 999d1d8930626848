//! Asking: a question is fixed to the question epoch when its round opens; the agreed answer is
//! stored, retained in a bounded ring and told to the asking pallets; a lying validator is
//! slashed when the others agree, nobody when there is no quorum.

use super::*;
use crate::{Error, Event, FactSlots, Facts, Pending};
use frame_support::{assert_noop, traits::fungible::InspectHold};
use hashmix_primitives::{
	attestation::{AnswerField, RoundOutcome},
	filecoin::{FilecoinEvidence, FilecoinQuestion, MinerPower},
};

const MINER: u64 = hashmix_tests::lotus::MINER;

fn power(raw: u128) -> Answer {
	crate::facts::to_answer(&Fact::MinerPower(MinerPower {
		raw,
		quality_adjusted: raw * 10,
		total_raw: 22_680_524_432_218_226_688,
		total_quality_adjusted: 29_401_749_372_826_206_208,
		has_min_power: true,
	}))
}

fn held_by_validators(who: u64) -> u64 {
	Balances::balance_on_hold(&pallet_validators::HoldReason::RoundDeposit.into(), &who)
}

#[test]
fn ask_should_open_a_round_on_the_question_epoch() {
	run(|| {
		assert_ok!(FilecoinOracle::ask(RuntimeOrigin::signed(5), MINER, Query::MinerPower));
		let question =
			FilecoinQuestion { miner: MINER, epoch: QUESTION_EPOCH, query: Query::MinerPower };
		assert_eq!(oracle_events(), vec![Event::QuestionAsked { who: 5, round: 0, question }]);
		assert_eq!(Pending::<Test>::get(0).unwrap().question, question);
		// The round's question is this one, SCALE-encoded, with the power rules.
		let round = pallet_validators::Rounds::<Test>::get(0).unwrap();
		assert_eq!(round.question, FilecoinOracle::question(&question).unwrap());
		assert_eq!(round.members.len(), 4);
		assert_eq!(held_by_validators(5), ROUND_DEPOSIT);
		assert_eq!(FilecoinOracle::question_epoch(), Some(QUESTION_EPOCH));
	});
}

#[test]
fn ask_should_refuse_markers_early_clocks_and_missing_attesters() {
	run(|| {
		assert_noop!(
			FilecoinOracle::ask(RuntimeOrigin::signed(5), MINER, Query::Marker([1; 10])),
			Error::<Test>::MarkerByBinding
		);
		assert_noop!(
			<FilecoinOracle as FilecoinEvidence<u64>>::ask(&5, MINER, Query::Marker([1; 10])),
			Error::<Test>::MarkerByBinding
		);
		// Within the finality margin of Filecoin's genesis, and before it.
		set_epoch(FINALITY_MARGIN - 1);
		assert_noop!(
			FilecoinOracle::ask(RuntimeOrigin::signed(5), MINER, Query::MinerPower),
			Error::<Test>::BeforeFilecoinGenesis
		);
		NOW.with(|now| now.set((FILECOIN_GENESIS - 60) * 1_000));
		assert_eq!(FilecoinOracle::question_epoch(), None);
		set_epoch(EPOCH_NOW);
		// Only two validators serve Filecoin: fewer than MinAttesters.
		pallet_validators::Records::<Test>::remove(3);
		pallet_validators::Records::<Test>::remove(4);
		assert_noop!(
			FilecoinOracle::ask(RuntimeOrigin::signed(5), MINER, Query::MinerPower),
			pallet_validators::Error::<Test>::NotEnoughAttesters
		);
	});
}

#[test]
fn ask_without_the_round_deposit_should_fail() {
	run(|| {
		assert_noop!(
			FilecoinOracle::ask(RuntimeOrigin::signed(42), MINER, Query::MinerPower),
			pallet_validators::Error::<Test>::InsufficientDeposit
		);
	});
}

#[test]
fn an_agreed_answer_should_be_stored_told_and_the_liar_slashed() {
	run(|| {
		let (round, question) =
			<FilecoinOracle as FilecoinEvidence<u64>>::ask(&5, MINER, Query::MinerPower).unwrap();
		let truth = power(1_204 << 40);
		answer_round(
			round,
			&[(1, truth.clone()), (2, truth.clone()), (3, truth.clone()), (4, power(2_408 << 40))],
		);
		let fact = crate::facts::from_answer(&Query::MinerPower, &truth).unwrap();
		assert_eq!(<FilecoinOracle as FilecoinEvidence<u64>>::fact(&question), Some(fact.clone()));
		let stored = Facts::<Test>::get(question).unwrap();
		assert_eq!((stored.round, stored.slot), (round, 0));
		assert_eq!(FactSlots::<Test>::get(0), Some(question));
		assert!(Pending::<Test>::get(round).is_none());
		assert!(oracle_events().contains(&Event::FactAgreed { round, question }));
		HEARD.with(|heard| assert_eq!(*heard.borrow(), vec![(round, question, Some(fact))]));
		// Only the liar's slash is scheduled (10% of its 500).
		let slashes: Vec<_> = validator_events()
			.into_iter()
			.filter_map(|event| match event {
				pallet_validators::Event::SlashDeferred { who, amount, reason, .. } => {
					Some((who, amount, reason))
				}
				_ => None,
			})
			.collect();
		assert_eq!(slashes, vec![(4, 50, pallet_validators::SlashReason::WrongAnswer)]);
	});
}

#[test]
fn no_quorum_should_store_nothing_and_slash_nobody() {
	run(|| {
		assert_ok!(FilecoinOracle::ask(RuntimeOrigin::signed(5), MINER, Query::MinerPower));
		let round = last_round();
		let (truth, lie) = (power(1_204 << 40), power(2_408 << 40));
		answer_round(round, &[(1, truth.clone()), (2, truth), (3, lie.clone()), (4, lie)]);
		let question = Pending::<Test>::get(round);
		assert!(question.is_none());
		assert!(Facts::<Test>::iter().next().is_none());
		assert!(oracle_events().iter().any(|event| matches!(
			event,
			Event::NoFact { round: r, outcome: RoundOutcome::NoQuorum, .. } if *r == round
		)));
		assert!(!validator_events()
			.iter()
			.any(|event| matches!(event, pallet_validators::Event::SlashDeferred { .. })));
		HEARD.with(|heard| assert!(heard.borrow()[0].2.is_none()));
	});
}

#[test]
fn an_agreed_answer_of_the_wrong_layout_should_state_no_fact() {
	run(|| {
		assert_ok!(FilecoinOracle::ask(RuntimeOrigin::signed(5), MINER, Query::MinerPower));
		let round = last_round();
		// The validator pallet only accepts answers that fit the rules; the flag must still be
		// 0 or 1.
		let mut odd = power(1);
		odd[4] = AnswerField::Numeric(3);
		let odd_agreed = RoundOutcome::Agreed(odd);
		<FilecoinOracle as hashmix_primitives::attestation::OnRoundOutcome>::on_round_outcome(
			round,
			&odd_agreed,
		);
		assert!(Facts::<Test>::iter().next().is_none());
		assert!(matches!(oracle_events().last(), Some(Event::NoFact { .. })));
		// The validator pallet closes the round later; the oracle has forgotten it.
		answer_round(round, &[(1, power(1)), (2, power(1)), (3, power(1))]);
		assert_eq!(HEARD.with(|heard| heard.borrow().len()), 1);
	});
}

#[test]
fn facts_should_be_retained_in_a_bounded_ring() {
	run(|| {
		let queries = [Query::MinerPower, Query::AvailableBalance, Query::SectorCounts];
		let answers = |query: &Query| match query {
			Query::MinerPower => power(1),
			Query::AvailableBalance => {
				crate::facts::to_answer(&Fact::AvailableBalance(1_275_204_857_120_386_574_402))
			}
			_ => crate::facts::to_answer(&Fact::SectorCounts(
				hashmix_primitives::filecoin::SectorCounts {
					live: 3,
					active: 2,
					faulty: 1,
					faults: 1,
				},
			)),
		};
		let mut asked = Vec::new();
		for (index, query) in queries.iter().chain([Query::MinerPower].iter()).enumerate() {
			// A later epoch for the fourth: a new question.
			set_epoch(EPOCH_NOW + index as u64);
			let (round, question) =
				<FilecoinOracle as FilecoinEvidence<u64>>::ask(&5, MINER, *query).unwrap();
			let answer = answers(query);
			answer_round(round, &[(1, answer.clone()), (2, answer.clone()), (3, answer)]);
			asked.push(question);
		}
		// MAX_STORED_FACTS is 3: the first was dropped for the fourth.
		assert_eq!(Facts::<Test>::get(asked[0]), None);
		assert_eq!(Facts::<Test>::get(asked[3]).unwrap().slot, 0);
		assert_eq!(Facts::<Test>::iter().count(), MAX_STORED_FACTS as usize);
	});
}

#[test]
fn the_same_question_agreed_again_should_keep_one_slot() {
	run(|| {
		for _ in 0..2 {
			let (round, _) =
				<FilecoinOracle as FilecoinEvidence<u64>>::ask(&5, MINER, Query::MinerPower)
					.unwrap();
			answer_round(round, &[(1, power(7)), (2, power(7)), (3, power(7))]);
		}
		assert_eq!(Facts::<Test>::iter().count(), 1);
		assert_eq!(FactSlots::<Test>::iter().count(), 1);
	});
}
