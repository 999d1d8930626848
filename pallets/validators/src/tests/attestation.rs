//! Heartbeats, rounds (open, commit, reveal, close), the quorum math, slashing and rewards.

use crate::{
	mock::*, Commitments, Error, Event, HoldReason, Ledgers, OpenRoundCount, PendingSlashes,
	Records, Reveals, Rounds, SlashReason,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	pallet_prelude::{InvalidTransaction, TransactionSource, TransactionValidityError},
	traits::{
		fungible::{Inspect, InspectHold},
		Authorize,
	},
};
use hashmix_primitives::attestation::{
	Answer, AnswerField, AttestationRounds, FieldRule, Question, RoundId, RoundOutcome, Source,
	Sources,
};
use sp_core::{Pair, H256};
use sp_runtime::{traits::Dispatchable, Permill};

pub(super) const FILECOIN: Sources = Sources { bitcoin: false, filecoin: true };
/// Who pays for rounds in these tests.
const ASKER: u64 = 9;

pub(super) fn outcomes() -> Vec<(RoundId, RoundOutcome)> {
	OUTCOMES.with(|outcomes| outcomes.borrow().clone())
}

/// Authorizes `call` as the `AuthorizeCall` extension does, then dispatches it with the
/// authorized origin. Returns the pool's verdict.
pub(super) fn submit(call: crate::Call<Test>) -> Result<(), TransactionValidityError> {
	call.authorize(TransactionSource::External).expect("an attestation call authorizes itself")?;
	let origin: RuntimeOrigin = frame_system::RawOrigin::Authorized.into();
	RuntimeCall::from(call).dispatch(origin).expect("an authorized call dispatches");
	Ok(())
}

/// The index of `who` in the current session's validators.
fn index_of(who: u64) -> u32 {
	session_validators().iter().position(|v| *v == who).expect("a validator") as u32
}

fn heartbeat_call(who: u64, sources: Sources) -> crate::Call<Test> {
	let heartbeat = crate::Heartbeat {
		session: Session::current_index(),
		validator_index: index_of(who),
		sources,
	};
	let signature = attestation_pair(who).sign(&Validators::heartbeat_payload(&heartbeat));
	crate::Call::heartbeat { heartbeat, signature }
}

fn declare(who: u64, sources: Sources) {
	assert_ok!(submit(heartbeat_call(who, sources)));
}

/// A question about a Filecoin miner's power with one numeric field.
fn power_question(tolerance: Permill) -> Question {
	Question {
		source: Source::Filecoin,
		body: (b"miner-power", 1234u64, 5_000_000u64).encode().try_into().unwrap(),
		rules: vec![FieldRule::Numeric { tolerance }].try_into().unwrap(),
	}
}

pub(super) fn number(value: u128) -> Answer {
	vec![AnswerField::Numeric(value)].try_into().unwrap()
}

fn open(question: Question) -> RoundId {
	<Validators as AttestationRounds<u64>>::open_round(&ASKER, question).expect("the round opens")
}

fn member_of(round: RoundId, who: u64) -> u32 {
	Rounds::<Test>::get(round).unwrap().members.iter().position(|m| m.who == who).expect("a member")
		as u32
}

fn salt_of(who: u64) -> [u8; 32] {
	[who as u8; 32]
}

pub(super) fn commit_call(round: RoundId, who: u64, answer: &Answer) -> crate::Call<Test> {
	let member = member_of(round, who);
	let commitment = Validators::commitment_of(round, &who, answer, &salt_of(who));
	let signature =
		attestation_pair(who).sign(&Validators::commit_payload(round, member, &commitment));
	crate::Call::commit { round, member, commitment, signature }
}

pub(super) fn reveal_call(round: RoundId, who: u64, answer: &Answer) -> crate::Call<Test> {
	let member = member_of(round, who);
	let salt = salt_of(who);
	let signature =
		attestation_pair(who).sign(&Validators::reveal_payload(round, member, answer, &salt));
	crate::Call::reveal { round, member, answer: answer.clone(), salt, signature }
}

/// Runs a round where each `(validator, answer)` commits and reveals; `None` commits nothing.
pub(super) fn run_round(round: RoundId, answers: &[(u64, Option<u128>)]) {
	for (who, answer) in answers {
		if let Some(value) = answer {
			assert_ok!(submit(commit_call(round, *who, &number(*value))));
		}
	}
	let opened = Rounds::<Test>::get(round).unwrap();
	run_to_block(opened.commit_end + 1);
	for (who, answer) in answers {
		if let Some(value) = answer {
			assert_ok!(submit(reveal_call(round, *who, &number(*value))));
		}
	}
	run_to_block(opened.reveal_end + 1);
	assert!(Rounds::<Test>::get(round).is_none(), "the round closed");
}

/// Four validators, each bonding 500, all declaring Filecoin.
fn four_attesters() -> ExtBuilder {
	ExtBuilder::default().validators(vec![1, 2, 3, 4])
}

pub(super) fn declare_all(validators: &[u64]) {
	for who in validators {
		declare(*who, FILECOIN);
	}
}

fn pending_slash(who: u64) -> Option<u64> {
	PendingSlashes::<Test>::get(Session::current_index() + 1, who)
}

#[test]
fn heartbeat_should_declare_sources_for_the_session() {
	four_attesters().build_and_execute(|| {
		declare(2, FILECOIN);
		assert_eq!(Records::<Test>::get(2).unwrap().declared, Some((0, FILECOIN)));
		assert_eq!(
			validator_events(),
			vec![Event::AttesterDeclared { who: 2, session: 0, sources: FILECOIN }]
		);
		// A new declaration in the same session replaces the old one.
		declare(2, Sources { bitcoin: true, filecoin: true });
		assert_eq!(
			Records::<Test>::get(2).unwrap().declared,
			Some((0, Sources { bitcoin: true, filecoin: true }))
		);
	});
}

#[test]
fn heartbeat_should_be_refused_when_duplicate_stale_foreign_or_forged() {
	four_attesters().build_and_execute(|| {
		declare(2, FILECOIN);
		// The same declaration again: stale, refused before the pool.
		assert_eq!(submit(heartbeat_call(2, FILECOIN)), Err(InvalidTransaction::Stale.into()));
		// For another session.
		let mut heartbeat =
			crate::Heartbeat { session: 5, validator_index: index_of(3), sources: FILECOIN };
		let signature = attestation_pair(3).sign(&Validators::heartbeat_payload(&heartbeat));
		assert_eq!(
			submit(crate::Call::heartbeat { heartbeat: heartbeat.clone(), signature }),
			Err(InvalidTransaction::Stale.into())
		);
		// Signed by another validator's key.
		heartbeat.session = 0;
		let forged = attestation_pair(4).sign(&Validators::heartbeat_payload(&heartbeat));
		assert_eq!(
			submit(crate::Call::heartbeat { heartbeat: heartbeat.clone(), signature: forged }),
			Err(InvalidTransaction::BadProof.into())
		);
		// No such validator index.
		heartbeat.validator_index = 9;
		let signature = attestation_pair(3).sign(&Validators::heartbeat_payload(&heartbeat));
		assert_eq!(
			submit(crate::Call::heartbeat { heartbeat, signature }),
			Err(InvalidTransaction::Call.into())
		);
		// A heartbeat is never accepted from a signed origin.
		let heartbeat =
			crate::Heartbeat { session: 0, validator_index: index_of(3), sources: FILECOIN };
		let signature = attestation_pair(3).sign(&Validators::heartbeat_payload(&heartbeat));
		assert_noop!(
			Validators::heartbeat(RuntimeOrigin::signed(3), heartbeat, signature),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn four_equal_attesters_with_three_agreeing_should_finalize_and_slash_the_liar() {
	four_attesters().build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		let issuance = Balances::total_issuance();
		let round = open(power_question(Permill::zero()));
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::RoundDeposit.into(), &ASKER),
			ROUND_DEPOSIT
		);
		run_round(round, &[(1, Some(1_000)), (2, Some(1_000)), (3, Some(1_000)), (4, Some(7_777))]);

		assert_eq!(outcomes(), vec![(round, RoundOutcome::Agreed(number(1_000)))]);
		// The liar owes 10% of its 500; nobody else owes anything.
		assert_eq!(pending_slash(4), Some(50));
		for honest in [1, 2, 3] {
			assert_eq!(pending_slash(honest), None);
			assert_eq!(Records::<Test>::get(honest).unwrap().agreed, 1);
		}
		assert_eq!(Records::<Test>::get(4).unwrap().wrong, 1);
		// The asker paid the fee to the pot and got the rest back.
		assert_eq!(Balances::balance_on_hold(&HoldReason::RoundDeposit.into(), &ASKER), 0);
		assert_eq!(Balances::balance(&ASKER), ENDOWMENT - ROUND_FEE);
		assert_eq!(Balances::balance(&Validators::pot_account()), 1 + ROUND_FEE);

		// The slash applies one session later; the funds are burned, not paid to anyone.
		let held = |who| Balances::balance_on_hold(&HoldReason::Bond.into(), &who);
		run_to_session(1);
		assert_eq!(held(4), GENESIS_BOND - 50);
		assert_eq!(Ledgers::<Test>::get(4).unwrap().active, GENESIS_BOND - 50);
		assert_eq!(Records::<Test>::get(4).unwrap().slashed, 50);
		for honest in [1, 2, 3] {
			assert_eq!(held(honest), GENESIS_BOND);
		}
		assert!(validator_events().contains(&Event::Slashed { who: 4, amount: 50 }));
		// Issuance fell by the slash; the rewards came out of the pot's fee, not the slash.
		let rewards: u64 = validator_events()
			.iter()
			.filter_map(|e| match e {
				Event::Rewarded { amount, .. } => Some(*amount),
				_ => None,
			})
			.sum();
		assert!(rewards <= ROUND_FEE);
		assert_eq!(Balances::total_issuance(), issuance - 50);
	});
}

#[test]
fn two_of_four_agreeing_should_be_no_quorum_and_slash_nobody() {
	four_attesters().build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		let round = open(power_question(Permill::zero()));
		run_round(round, &[(1, Some(100)), (2, Some(100)), (3, Some(200)), (4, Some(200))]);
		assert_eq!(outcomes(), vec![(round, RoundOutcome::NoQuorum)]);
		assert_eq!(PendingSlashes::<Test>::iter().count(), 0);
		// Enough attesters answered: the fee is kept.
		assert_eq!(Balances::balance(&ASKER), ENDOWMENT - ROUND_FEE);
	});
}

#[test]
fn unequal_bonds_should_be_weighted() {
	four_attesters().bond(MIN_BOND).build_and_execute(|| {
		// Validator 4 bonds 100 + 140 = 240 of 540.
		assert_ok!(Validators::bond_extra(RuntimeOrigin::signed(4), 140));
		declare_all(&[1, 2, 3, 4]);
		let round = open(power_question(Permill::zero()));
		run_round(round, &[(1, Some(5)), (2, Some(6)), (3, Some(6)), (4, Some(5))]);
		// 1 and 4 say 5 with 340 of 540; 2 and 3 say 6 with 200. The weighted median is 5, but
		// 340 is not more than two thirds of 540 (360).
		assert_eq!(outcomes(), vec![(round, RoundOutcome::NoQuorum)]);

		// With 4 at 300 of 600 and 1 and 2 agreeing with it: 500 is more than 400.
		assert_ok!(Validators::bond_extra(RuntimeOrigin::signed(4), 60));
		let round = open(power_question(Permill::zero()));
		run_round(round, &[(1, Some(5)), (2, Some(5)), (3, Some(6)), (4, Some(5))]);
		assert_eq!(outcomes()[1], (round, RoundOutcome::Agreed(number(5))));
		assert_eq!(pending_slash(3), Some(10));
	});
}

#[test]
fn a_heavy_attester_should_outweigh_three_light_ones() {
	four_attesters().bond(MIN_BOND).build_and_execute(|| {
		// 100, 100, 100 and 100 + 600 = 700 of 1,000: 70% is a quorum on its own.
		assert_ok!(Validators::bond_extra(RuntimeOrigin::signed(4), 600));
		declare_all(&[1, 2, 3, 4]);
		let round = open(power_question(Permill::zero()));
		run_round(round, &[(1, Some(1)), (2, Some(1)), (3, Some(1)), (4, Some(2))]);
		assert_eq!(outcomes(), vec![(round, RoundOutcome::Agreed(number(2)))]);
		for light in [1, 2, 3] {
			assert_eq!(pending_slash(light), Some(10));
		}
	});
}

#[test]
fn numeric_answers_within_tolerance_should_agree_on_the_median() {
	four_attesters().build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		let round = open(power_question(Permill::from_percent(1)));
		run_round(round, &[(1, Some(1_000)), (2, Some(1_004)), (3, Some(1_010)), (4, Some(1_003))]);
		// Sorted 1,000, 1,003, 1,004, 1,010 with equal bonds: the lower median is 1,003, and
		// 1% of it (10) covers every answer.
		assert_eq!(outcomes(), vec![(round, RoundOutcome::Agreed(number(1_003)))]);
		assert_eq!(PendingSlashes::<Test>::iter().count(), 0);
	});
}

#[test]
fn exact_fields_should_match_exactly() {
	four_attesters().build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		let question = Question {
			source: Source::Filecoin,
			body: b"miner-owner f01234".to_vec().try_into().unwrap(),
			rules: vec![FieldRule::Exact, FieldRule::Numeric { tolerance: Permill::zero() }]
				.try_into()
				.unwrap(),
		};
		let answer = |owner: &[u8], value: u128| -> Answer {
			vec![
				AnswerField::Exact(owner.to_vec().try_into().unwrap()),
				AnswerField::Numeric(value),
			]
			.try_into()
			.unwrap()
		};
		let round = open(question);
		let answers = [
			(1, answer(b"f3owner", 9)),
			(2, answer(b"f3owner", 9)),
			(3, answer(b"f3owner", 9)),
			(4, answer(b"f3other", 9)),
		];
		for (who, a) in &answers {
			assert_ok!(submit(commit_call(round, *who, a)));
		}
		run_to_block(Rounds::<Test>::get(round).unwrap().commit_end + 1);
		for (who, a) in &answers {
			assert_ok!(submit(reveal_call(round, *who, a)));
		}
		run_to_block(Rounds::<Test>::get(round).unwrap().reveal_end + 1);
		assert_eq!(outcomes(), vec![(round, RoundOutcome::Agreed(answer(b"f3owner", 9)))]);
		assert_eq!(pending_slash(4), Some(50));
	});
}

#[test]
fn fewer_than_min_attesters_declared_should_refuse_to_open() {
	four_attesters().build_and_execute(|| {
		// Validator 2 declares Bitcoin only, 3 and 4 nothing: one Filecoin attester.
		declare(1, FILECOIN);
		declare(2, Sources { bitcoin: true, filecoin: false });
		assert_noop!(
			<Validators as AttestationRounds<u64>>::open_round(
				&ASKER,
				power_question(Permill::zero())
			),
			Error::<Test>::NotEnoughAttesters
		);
		assert_eq!(Balances::balance(&ASKER), ENDOWMENT);
	});
}

#[test]
fn a_validator_set_smaller_than_min_attesters_should_need_every_validator() {
	// A development chain: one validator (MinAttesters is 2 here).
	ExtBuilder::default().validators(vec![1]).build_and_execute(|| {
		assert_eq!(Validators::min_attesters(), 1);
		declare(1, FILECOIN);
		let round = open(power_question(Permill::zero()));
		run_round(round, &[(1, Some(7))]);
		assert_eq!(outcomes(), vec![(round, RoundOutcome::Agreed(number(7)))]);
	});
	// With more validators than MinAttesters, MinAttesters holds.
	four_attesters().build_and_execute(|| assert_eq!(Validators::min_attesters(), 2));
}

#[test]
fn fewer_than_min_attesters_revealing_should_fail_the_round_and_refund() {
	four_attesters().build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		let round = open(power_question(Permill::zero()));
		run_round(round, &[(1, Some(5)), (2, None), (3, None), (4, None)]);
		assert_eq!(outcomes(), vec![(round, RoundOutcome::NotEnoughAttesters)]);
		assert_eq!(Balances::balance(&ASKER), ENDOWMENT);
		assert_eq!(Balances::balance_on_hold(&HoldReason::RoundDeposit.into(), &ASKER), 0);
		// The silent members missed the round; nobody is slashed for a failed round.
		assert_eq!(Records::<Test>::get(2).unwrap().missed, 1);
		assert_eq!(PendingSlashes::<Test>::iter().count(), 0);
	});
}

#[test]
fn an_undeclared_validator_should_not_be_asked_nor_slashed() {
	four_attesters().build_and_execute(|| {
		declare_all(&[1, 2, 3]);
		let round = open(power_question(Permill::zero()));
		assert_eq!(Rounds::<Test>::get(round).unwrap().members.len(), 3);
		run_round(round, &[(1, Some(5)), (2, Some(5)), (3, Some(5))]);
		assert_eq!(outcomes(), vec![(round, RoundOutcome::Agreed(number(5)))]);
		assert_eq!(Records::<Test>::get(4), None, "never declared, never asked");
		assert_eq!(pending_slash(4), None);
	});
}

#[test]
fn an_unrevealed_commitment_should_be_slashed_when_the_round_reaches_quorum() {
	four_attesters().build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		let round = open(power_question(Permill::zero()));
		for who in [1, 2, 3, 4] {
			assert_ok!(submit(commit_call(round, who, &number(5))));
		}
		run_to_block(Rounds::<Test>::get(round).unwrap().commit_end + 1);
		for who in [1, 2, 3] {
			assert_ok!(submit(reveal_call(round, who, &number(5))));
		}
		run_to_block(Rounds::<Test>::get(round).unwrap().reveal_end + 1);
		assert_eq!(outcomes(), vec![(round, RoundOutcome::Agreed(number(5)))]);
		assert_eq!(pending_slash(4), Some(50));
		assert_eq!(Records::<Test>::get(4).unwrap().unrevealed, 1);
		assert!(validator_events().contains(&Event::SlashDeferred {
			who: 4,
			amount: 50,
			session: 1,
			reason: SlashReason::Unrevealed
		}));
	});
}

#[test]
fn commitments_should_be_refused_when_late_replayed_copied_or_foreign() {
	four_attesters().build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		let round = open(power_question(Permill::zero()));
		assert_ok!(submit(commit_call(round, 1, &number(5))));
		// Replayed.
		assert_eq!(
			submit(commit_call(round, 1, &number(5))),
			Err(InvalidTransaction::Stale.into())
		);
		// Copied: validator 2 submits validator 1's commitment as its own.
		let copied = Commitments::<Test>::get(round, member_of(round, 1)).unwrap();
		let member = member_of(round, 2);
		let signature =
			attestation_pair(2).sign(&Validators::commit_payload(round, member, &copied));
		assert_eq!(
			submit(crate::Call::commit { round, member, commitment: copied, signature }),
			Err(InvalidTransaction::Custom(1).into())
		);
		// Signed for another chain: the payload names a different genesis hash.
		let commitment = H256::repeat_byte(7);
		let foreign = attestation_pair(2).sign(
			&(b"hashmix/commit".as_slice(), H256::repeat_byte(1), (round, member, commitment))
				.encode(),
		);
		assert_eq!(
			submit(crate::Call::commit { round, member, commitment, signature: foreign }),
			Err(InvalidTransaction::BadProof.into())
		);
		// No such round.
		let signature = attestation_pair(2).sign(&Validators::commit_payload(99, 0, &commitment));
		assert_eq!(
			submit(crate::Call::commit { round: 99, member: 0, commitment, signature }),
			Err(InvalidTransaction::Stale.into())
		);
		// Late.
		run_to_block(Rounds::<Test>::get(round).unwrap().commit_end + 1);
		assert_eq!(
			submit(commit_call(round, 3, &number(5))),
			Err(InvalidTransaction::Stale.into())
		);
	});
}

#[test]
fn reveals_should_be_refused_when_early_mismatched_repeated_or_malformed() {
	four_attesters().build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		let round = open(power_question(Permill::zero()));
		assert_ok!(submit(commit_call(round, 1, &number(5))));
		// In the commit period.
		assert_eq!(
			submit(reveal_call(round, 1, &number(5))),
			Err(InvalidTransaction::Stale.into())
		);
		run_to_block(Rounds::<Test>::get(round).unwrap().commit_end + 1);
		// Another answer than the one committed to.
		assert_eq!(
			submit(reveal_call(round, 1, &number(6))),
			Err(InvalidTransaction::Custom(2).into())
		);
		// Not the question's shape.
		let two_fields: Answer =
			vec![AnswerField::Numeric(5), AnswerField::Numeric(5)].try_into().unwrap();
		assert_eq!(
			submit(reveal_call(round, 1, &two_fields)),
			Err(InvalidTransaction::Custom(3).into())
		);
		// Without a commitment.
		assert_eq!(
			submit(reveal_call(round, 2, &number(5))),
			Err(InvalidTransaction::Custom(4).into())
		);
		assert_ok!(submit(reveal_call(round, 1, &number(5))));
		assert_eq!(Reveals::<Test>::get(round, member_of(round, 1)), Some(number(5)));
		// Repeated.
		assert_eq!(
			submit(reveal_call(round, 1, &number(5))),
			Err(InvalidTransaction::Stale.into())
		);
	});
}

#[test]
fn joining_or_raising_a_bond_mid_round_should_not_change_the_round() {
	four_attesters().build_and_execute(|| {
		declare_all(&[1, 2, 3]);
		let round = open(power_question(Permill::zero()));
		let snapshot = Rounds::<Test>::get(round).unwrap();
		assert_ok!(Validators::bond_extra(RuntimeOrigin::signed(1), 400));
		declare(4, FILECOIN);
		assert_ok!(Validators::bond(RuntimeOrigin::signed(5), 800));
		let now = Rounds::<Test>::get(round).unwrap();
		assert_eq!(now.members, snapshot.members);
		assert_eq!(now.total_bond, 1_500);
		// Validator 4 declared after the opening: not a member, cannot commit.
		assert!(now.members.iter().all(|m| m.who != 4));
		// 1 alone (900 bonded now, 500 in the snapshot) cannot carry the round.
		run_round(round, &[(1, Some(5)), (2, Some(6)), (3, Some(7))]);
		assert_eq!(outcomes(), vec![(round, RoundOutcome::NoQuorum)]);
	});
}

#[test]
fn opening_should_be_bounded_per_block_and_overall() {
	four_attesters().build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		let available = <Validators as AttestationRounds<u64>>::rounds_available;
		// Three open rounds at most, two openings a block.
		assert_eq!(available(), 2);
		open(power_question(Permill::zero()));
		assert_eq!(available(), 1);
		open(power_question(Permill::zero()));
		assert_eq!(available(), 0);
		assert_noop!(
			<Validators as AttestationRounds<u64>>::open_round(
				&ASKER,
				power_question(Permill::zero())
			),
			Error::<Test>::TooManyOpeningsInBlock
		);
		run_to_block(2);
		assert_eq!(available(), 1);
		open(power_question(Permill::zero()));
		assert_eq!(OpenRoundCount::<Test>::get(), 3);
		assert_eq!(available(), 0);
		assert_noop!(
			<Validators as AttestationRounds<u64>>::open_round(
				&ASKER,
				power_question(Permill::zero())
			),
			Error::<Test>::TooManyOpenRounds
		);
		let empty = Question { rules: Default::default(), ..power_question(Permill::zero()) };
		assert_noop!(
			<Validators as AttestationRounds<u64>>::open_round(&ASKER, empty),
			Error::<Test>::EmptyQuestion
		);
		// Rounds close and free their places; their answers are pruned.
		run_to_block(10);
		assert_eq!(OpenRoundCount::<Test>::get(), 0);
		assert_eq!(Rounds::<Test>::iter().count(), 0);
	});
}

#[test]
fn opening_should_fail_when_the_payer_cannot_cover_the_deposit() {
	four_attesters().build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		assert_noop!(
			<Validators as AttestationRounds<u64>>::open_round(
				&42,
				power_question(Permill::zero())
			),
			Error::<Test>::InsufficientDeposit
		);
	});
}

#[test]
fn a_declared_attester_missing_rounds_should_be_slashed_a_little_and_chilled() {
	ExtBuilder::default().validators(vec![1, 2, 3, 4]).build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		for _ in 0..3 {
			let round = open(power_question(Permill::zero()));
			run_round(round, &[(1, Some(5)), (2, Some(5)), (3, Some(5)), (4, None)]);
		}
		let record = Records::<Test>::get(4).unwrap();
		assert_eq!((record.missed, record.missed_in_a_row), (3, 0));
		// 1% of 500.
		assert_eq!(pending_slash(4), Some(5));
		assert!(validator_events().contains(&Event::ChilledForMissedRounds { who: 4 }));
		assert!(!crate::Candidates::<Test>::contains_key(4));
	});
}

#[test]
fn missing_rounds_should_not_chill_below_min_validators() {
	ExtBuilder::default().validators(vec![1, 2]).build_and_execute(|| {
		declare_all(&[1, 2]);
		for _ in 0..3 {
			let round = open(power_question(Permill::zero()));
			run_round(round, &[(1, Some(5)), (2, None)]);
		}
		assert_eq!(pending_slash(2), Some(5));
		assert!(crate::Candidates::<Test>::contains_key(2), "two candidates is MinValidators");
	});
}

#[test]
fn a_deferred_slash_should_be_cancellable_by_governance() {
	four_attesters().build_and_execute(|| {
		assert_ok!(<Validators as AttestationRounds<u64>>::report_fault(
			&3,
			sp_runtime::Perbill::from_percent(20)
		));
		assert_eq!(pending_slash(3), Some(100));
		assert_noop!(
			Validators::cancel_deferred_slash(RuntimeOrigin::signed(1), 1, 3),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Validators::cancel_deferred_slash(RuntimeOrigin::root(), 2, 3),
			Error::<Test>::NoSuchSlash
		);
		assert_ok!(Validators::cancel_deferred_slash(RuntimeOrigin::root(), 1, 3));
		assert!(validator_events().contains(&Event::SlashCancelled {
			who: 3,
			session: 1,
			amount: 100
		}));
		run_to_session(2);
		assert_eq!(Ledgers::<Test>::get(3).unwrap().active, GENESIS_BOND);
		// A fault of an account that never bonded cannot be reported.
		assert_noop!(
			<Validators as AttestationRounds<u64>>::report_fault(&8, sp_runtime::Perbill::one()),
			Error::<Test>::NotBonded
		);
	});
}

#[test]
fn a_slash_should_reach_unbonding_funds() {
	four_attesters().build_and_execute(|| {
		assert_ok!(Validators::unbond(RuntimeOrigin::signed(3), 400));
		assert_ok!(<Validators as AttestationRounds<u64>>::report_fault(
			&3,
			sp_runtime::Perbill::from_percent(50)
		));
		run_to_session(1);
		// 50% of 500 = 250: 100 active, then 150 of the unbonding 400.
		let ledger = Ledgers::<Test>::get(3).unwrap();
		assert_eq!((ledger.active, ledger.unlocking[0].value), (0, 250));
		assert_eq!(Balances::balance_on_hold(&HoldReason::Bond.into(), &3), 250);
	});
}

#[test]
fn session_rewards_should_follow_bond_and_participation() {
	four_attesters().build_and_execute(|| {
		// Fund the pot beyond a session's reward.
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(8),
			Validators::pot_account(),
			500
		));
		declare_all(&[1, 2, 3, 4]);
		let round = open(power_question(Permill::zero()));
		// 4 commits nothing: participation 1 / 2 against 2 / 2 for the others.
		run_round(round, &[(1, Some(5)), (2, Some(5)), (3, Some(5)), (4, None)]);
		System::reset_events();
		run_to_session(1);
		let paid: Vec<(u64, u64)> = validator_events()
			.into_iter()
			.filter_map(|e| match e {
				Event::Rewarded { who, amount, session: 0 } => Some((who, amount)),
				_ => None,
			})
			.collect();
		// Points 500, 500, 500 and 250 of 1,750; 100 split and rounded down.
		let mut paid = paid;
		paid.sort();
		assert_eq!(paid, vec![(1, 28), (2, 28), (3, 28), (4, 14)]);
	});
}

#[test]
fn try_state_should_fail_when_an_answer_outlives_its_round() {
	four_attesters().build().execute_with(|| {
		Reveals::<Test>::insert(77, 0, number(1));
		assert!(Validators::do_try_state().is_err());
	});
}

#[test]
fn a_validator_below_the_minimum_bond_should_have_no_weight_in_rounds() {
	four_attesters().bond(MIN_BOND).build_and_execute(|| {
		declare_all(&[1, 2, 3, 4]);
		assert_ok!(<Validators as AttestationRounds<u64>>::report_fault(
			&4,
			sp_runtime::Perbill::from_percent(10)
		));
		run_to_session(1);
		// Still in the set this session (kept or elected before the slash), but 90 < MinBond.
		assert!(session_validators().contains(&4));
		assert_eq!(Ledgers::<Test>::get(4).unwrap().active, MIN_BOND - 10);
		let round = open(power_question(Permill::zero()));
		let members: Vec<u64> =
			Rounds::<Test>::get(round).unwrap().members.iter().map(|m| m.who).collect();
		assert_eq!(members, vec![1, 2, 3]);
		// And it is not elected again.
		assert!(Validators::eligible_candidates().iter().all(|(who, _)| *who != 4));
	});
}
