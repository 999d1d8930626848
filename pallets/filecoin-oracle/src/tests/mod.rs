mod ask;
mod binding;
mod facts;
mod worker;

use crate::mock::*;
use frame_support::assert_ok;
use hashmix_primitives::{
	attestation::{Answer, RoundId},
	filecoin::{AddressBytes, Fact, MarkerFound, Query},
};

/// An address as answer bytes, from its mainnet text.
pub fn address(text: &str) -> AddressBytes {
	let (_, parsed) = hashmix_filecoin::address::Address::parse(text).unwrap();
	parsed.as_bytes().to_vec().try_into().unwrap()
}

/// The answer a marker round agrees on.
pub fn marker_answer(found: bool) -> Answer {
	crate::facts::to_answer(&Fact::Marker(MarkerFound {
		found,
		owner: address("f01578650"),
		worker: address("f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq"),
	}))
}

/// Validators commit and reveal `answers` in round `round` (as their workers would, through
/// the validator pallet's authorized calls), then the round closes.
pub fn answer_round(round: RoundId, answers: &[(u64, Answer)]) {
	answer_rounds(&[(round, answers)]);
}

/// [`answer_round`] for rounds opened in the same block (they close together).
pub fn answer_rounds(rounds: &[(RoundId, &[(u64, Answer)])]) {
	use sp_core::Pair;
	let opened: Vec<_> = rounds
		.iter()
		.map(|(round, _)| pallet_validators::Rounds::<Test>::get(round).expect("the round is open"))
		.collect();
	let member = |index: usize, who: u64| {
		opened[index].members.iter().position(|m| m.who == who).unwrap() as u32
	};
	for (index, (round, answers)) in rounds.iter().enumerate() {
		for (who, answer) in answers.iter() {
			let member = member(index, *who);
			let salt = [*who as u8; 32];
			let commitment = Validators::commitment_of(*round, who, answer, &salt);
			let signature = attestation_pair(*who).sign(&Validators::commit_payload(
				*round,
				member,
				&commitment,
			));
			assert_ok!(Validators::commit(
				frame_system::RawOrigin::Authorized.into(),
				*round,
				member,
				commitment,
				signature
			));
		}
	}
	run_to_block(opened[0].commit_end + 1);
	for (index, (round, answers)) in rounds.iter().enumerate() {
		for (who, answer) in answers.iter() {
			let member = member(index, *who);
			let salt = [*who as u8; 32];
			let signature = attestation_pair(*who)
				.sign(&Validators::reveal_payload(*round, member, answer, &salt));
			assert_ok!(Validators::reveal(
				frame_system::RawOrigin::Authorized.into(),
				*round,
				member,
				answer.clone(),
				salt,
				signature
			));
		}
	}
	run_to_block(opened[0].reveal_end + 1);
	for (round, _) in rounds {
		assert!(pallet_validators::Rounds::<Test>::get(round).is_none(), "the round closed");
	}
}

/// The round the last `QuestionAsked` or `BindingRoundOpened` event names.
pub fn last_round() -> RoundId {
	oracle_events()
		.iter()
		.rev()
		.find_map(|event| match event {
			crate::Event::QuestionAsked { round, .. }
			| crate::Event::BindingRoundOpened { round, .. } => Some(*round),
			_ => None,
		})
		.expect("a round was opened")
}

/// A query's every shape, for table tests.
pub fn every_query() -> Vec<Query> {
	vec![
		Query::MinerInfo,
		Query::MinerPower,
		Query::SectorCounts,
		Query::Sector(17_661),
		Query::AvailableBalance,
		Query::Marker([7; 10]),
	]
}
