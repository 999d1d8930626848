//! Attestation: validators' heartbeats, rounds opened by other pallets, commit and reveal, and the
//! stake-weighted tally when a round closes.

use crate::*;
use alloc::{vec, vec::Vec};
use frame_support::traits::tokens::{Fortitude, Precision, Restriction};
use frame_support::traits::ConstU32;
use hashmix_primitives::attestation::{
	AnswerField, AttestationRounds, FieldRule, Question, RoundOutcome, Source, MAX_QUESTION_LEN,
};
use sp_runtime::{
	traits::{One, Saturating, UniqueSaturatedInto},
	transaction_validity::{InvalidTransaction, TransactionValidityError, ValidTransaction},
	RuntimeAppPublic,
};

/// The domain of each message an attestation key signs, so that one kind of message can never
/// be replayed as another.
const HEARTBEAT_DOMAIN: &[u8] = b"hashmix/heartbeat";
const COMMIT_DOMAIN: &[u8] = b"hashmix/commit";
const REVEAL_DOMAIN: &[u8] = b"hashmix/reveal";

impl<T: Config> Pallet<T> {
	/// The hash of this chain's genesis block: every signed attestation message and every
	/// commitment includes it, so that nothing signed for another chain is valid here.
	pub fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// The bytes an attestation key signs: the domain, the genesis hash and the payload.
	fn signing_payload(domain: &[u8], payload: impl Encode) -> Vec<u8> {
		hashmix_primitives::attestation::signing_payload(domain, Self::genesis_hash(), payload)
	}

	/// What the off-chain worker signs for a heartbeat.
	pub fn heartbeat_payload(heartbeat: &Heartbeat) -> Vec<u8> {
		Self::signing_payload(HEARTBEAT_DOMAIN, heartbeat)
	}

	/// What the off-chain worker signs for a commitment.
	pub fn commit_payload(round: RoundId, member: u32, commitment: &H256) -> Vec<u8> {
		Self::signing_payload(COMMIT_DOMAIN, (round, member, commitment))
	}

	/// What the off-chain worker signs for a reveal.
	pub fn reveal_payload(
		round: RoundId,
		member: u32,
		answer: &Answer,
		salt: &[u8; 32],
	) -> Vec<u8> {
		Self::signing_payload(REVEAL_DOMAIN, (round, member, answer, salt))
	}

	/// The commitment to `answer` by `who` in round `round`:
	/// `blake2_256(genesis hash, round, who, answer, salt)`.
	pub fn commitment_of(
		round: RoundId,
		who: &T::AccountId,
		answer: &Answer,
		salt: &[u8; 32],
	) -> H256 {
		H256(sp_io::hashing::blake2_256(&(Self::genesis_hash(), round, who, answer, salt).encode()))
	}

	/// The pool validity of an attestation transaction: bounded priority, one per `tag`, valid
	/// for `longevity` blocks (the rest of its phase).
	pub(crate) fn attestation_validity(
		tag: impl Encode,
		longevity: BlockNumberFor<T>,
	) -> (ValidTransaction, Weight) {
		let longevity: u64 = longevity.unique_saturated_into();
		let validity = ValidTransaction {
			priority: T::AttestationPriority::get(),
			requires: Vec::new(),
			provides: vec![(b"hashmix/attestation", tag).encode()],
			longevity: longevity.max(1),
			propagate: true,
		};
		(validity, Weight::zero())
	}

	/// Why the pool refuses an attestation transaction.
	pub(crate) fn invalid(error: Error<T>) -> TransactionValidityError {
		let invalid = match error {
			Error::<T>::BadSignature => InvalidTransaction::BadProof,
			Error::<T>::UnknownRound
			| Error::<T>::WrongPhase
			| Error::<T>::WrongSession
			| Error::<T>::AlreadyCommitted
			| Error::<T>::AlreadyRevealed
			| Error::<T>::AlreadyDeclared => InvalidTransaction::Stale,
			Error::<T>::DuplicateCommitment => InvalidTransaction::Custom(1),
			Error::<T>::RevealMismatch => InvalidTransaction::Custom(2),
			Error::<T>::MalformedAnswer => InvalidTransaction::Custom(3),
			Error::<T>::NotCommitted => InvalidTransaction::Custom(4),
			_ => InvalidTransaction::Call,
		};
		invalid.into()
	}

	fn check_signature(
		key: &AttestationId,
		payload: &[u8],
		signature: &AttestationSignature,
	) -> Result<(), Error<T>> {
		ensure!(key.verify(&payload, signature), Error::<T>::BadSignature);
		Ok(())
	}

	/// Checks a heartbeat; returns the validator it is for. The signature is checked when given
	/// (in `authorize`; the dispatch runs after `authorize` and only re-checks the state).
	pub(crate) fn check_heartbeat(
		heartbeat: &Heartbeat,
		signature: Option<&AttestationSignature>,
	) -> Result<T::AccountId, Error<T>> {
		ensure!(heartbeat.session == Self::current_session(), Error::<T>::WrongSession);
		let index =
			usize::try_from(heartbeat.validator_index).map_err(|_| Error::<T>::UnknownMember)?;
		let key =
			AttestationKeys::<T>::get().get(index).cloned().ok_or(Error::<T>::UnknownMember)?;
		let who = pallet_session::Validators::<T>::get()
			.get(index)
			.cloned()
			.ok_or(Error::<T>::UnknownMember)?;
		let declared = Records::<T>::get(&who).and_then(|record| record.declared);
		ensure!(
			declared != Some((heartbeat.session, heartbeat.sources)),
			Error::<T>::AlreadyDeclared
		);
		if let Some(signature) = signature {
			Self::check_signature(&key, &Self::heartbeat_payload(heartbeat), signature)?;
		}
		Ok(who)
	}

	pub(crate) fn do_heartbeat(who: T::AccountId, heartbeat: Heartbeat) {
		Records::<T>::mutate(&who, |record| {
			record.get_or_insert_with(Default::default).declared =
				Some((heartbeat.session, heartbeat.sources));
		});
		Self::deposit_event(Event::AttesterDeclared {
			who,
			session: heartbeat.session,
			sources: heartbeat.sources,
		});
	}

	/// The round and its member `member`, if both exist.
	fn round_member(
		round: RoundId,
		member: u32,
	) -> Result<(RoundOf<T>, RoundMember<T::AccountId, BalanceOf<T>>), Error<T>> {
		let open = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
		let index = usize::try_from(member).map_err(|_| Error::<T>::UnknownMember)?;
		let found = open.members.get(index).cloned().ok_or(Error::<T>::UnknownMember)?;
		Ok((open, found))
	}

	/// Checks a commitment; returns the member's account and the blocks left to commit.
	pub(crate) fn check_commit(
		round: RoundId,
		member: u32,
		commitment: &H256,
		signature: Option<&AttestationSignature>,
	) -> Result<(T::AccountId, BlockNumberFor<T>), Error<T>> {
		let (open, found) = Self::round_member(round, member)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= open.commit_end, Error::<T>::WrongPhase);
		ensure!(!Commitments::<T>::contains_key(round, member), Error::<T>::AlreadyCommitted);
		ensure!(
			!CommitmentsSeen::<T>::contains_key(round, commitment),
			Error::<T>::DuplicateCommitment
		);
		if let Some(signature) = signature {
			let payload = Self::commit_payload(round, member, commitment);
			Self::check_signature(&found.key, &payload, signature)?;
		}
		Ok((found.who, open.commit_end.saturating_sub(now).saturating_add(One::one())))
	}

	pub(crate) fn do_commit(round: RoundId, member: u32, who: T::AccountId, commitment: H256) {
		Commitments::<T>::insert(round, member, commitment);
		CommitmentsSeen::<T>::insert(round, commitment, ());
		Self::deposit_event(Event::Committed { round, who });
	}

	/// Checks a reveal; returns the member's account and the blocks left to reveal.
	pub(crate) fn check_reveal(
		round: RoundId,
		member: u32,
		answer: &Answer,
		salt: &[u8; 32],
		signature: Option<&AttestationSignature>,
	) -> Result<(T::AccountId, BlockNumberFor<T>), Error<T>> {
		let (open, found) = Self::round_member(round, member)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now > open.commit_end && now <= open.reveal_end, Error::<T>::WrongPhase);
		let commitment = Commitments::<T>::get(round, member).ok_or(Error::<T>::NotCommitted)?;
		ensure!(!Reveals::<T>::contains_key(round, member), Error::<T>::AlreadyRevealed);
		ensure!(
			open.question.fits(answer) && Self::is_vote_in_range(open.outcomes, answer),
			Error::<T>::MalformedAnswer
		);
		ensure!(
			Self::commitment_of(round, &found.who, answer, salt) == commitment,
			Error::<T>::RevealMismatch
		);
		if let Some(signature) = signature {
			let payload = Self::reveal_payload(round, member, answer, salt);
			Self::check_signature(&found.key, &payload, signature)?;
		}
		Ok((found.who, open.reveal_end.saturating_sub(now).saturating_add(One::one())))
	}

	pub(crate) fn do_reveal(round: RoundId, member: u32, who: T::AccountId, answer: Answer) {
		Reveals::<T>::insert(round, member, answer);
		Self::deposit_event(Event::Revealed { round, who });
	}

	/// The current validators that declared `source` for this session or the previous one and
	/// hold at least `MinBond`, but the `excluded`, with their keys and bonds.
	pub fn snapshot(
		source: Source,
		excluded: &[T::AccountId],
	) -> BoundedVec<RoundMember<T::AccountId, BalanceOf<T>>, T::MaxValidators> {
		let current = Self::current_session();
		let min_bond = T::MinBond::get();
		let keys = AttestationKeys::<T>::get();
		let members = pallet_session::Validators::<T>::get()
			.into_iter()
			.zip(keys)
			.filter_map(|(who, key)| {
				let (session, sources) = Records::<T>::get(&who)?.declared?;
				if session < current.saturating_sub(1)
					|| !sources.serves(source)
					|| excluded.contains(&who)
				{
					return None;
				}
				let bond = Ledgers::<T>::get(&who)?.active;
				(bond >= min_bond).then_some(RoundMember { who, key, bond })
			})
			.collect::<Vec<_>>();
		BoundedVec::truncate_from(members)
	}

	/// The fewest distinct attesters a round needs: `MinAttesters`, or every validator of a set
	/// smaller than that (a development chain of one validator). A real network's set never has
	/// fewer than `MinValidators` members, so there it is `MinAttesters`.
	pub fn min_attesters() -> u32 {
		let validators = pallet_session::Validators::<T>::decode_len().unwrap_or(0);
		T::MinAttesters::get().min(u32::try_from(validators).unwrap_or(u32::MAX)).max(1)
	}

	/// Opens a round on `question`, paid by `payer`; an arbitration vote among `outcomes`
	/// outcomes when given, without the `excluded` parties.
	pub(crate) fn do_open_round(
		payer: &T::AccountId,
		question: Question,
		outcomes: Option<u8>,
		excluded: &[T::AccountId],
	) -> Result<RoundId, DispatchError> {
		ensure!(!question.rules.is_empty(), Error::<T>::EmptyQuestion);
		ensure!(outcomes.is_none_or(|outcomes| outcomes >= 2), Error::<T>::EmptyQuestion);
		ensure!(
			OpenRoundCount::<T>::get() < T::MaxOpenRounds::get(),
			Error::<T>::TooManyOpenRounds
		);
		let now = frame_system::Pallet::<T>::block_number();
		let (block, opened) = OpenedInBlock::<T>::get();
		let opened = if block == now { opened } else { 0 };
		ensure!(opened < T::MaxOpeningsPerBlock::get(), Error::<T>::TooManyOpeningsInBlock);

		let members = Self::snapshot(question.source, excluded);
		let count = u32::try_from(members.len()).unwrap_or(u32::MAX);
		ensure!(count >= Self::min_attesters(), Error::<T>::NotEnoughAttesters);
		let total_bond = members
			.iter()
			.fold(BalanceOf::<T>::zero(), |sum, member| sum.saturating_add(member.bond));

		let commit_end = now.saturating_add(T::CommitPeriod::get());
		let reveal_end = commit_end.saturating_add(T::RevealPeriod::get());
		let closes_at = reveal_end.saturating_add(One::one());
		let mut closing = ClosingAt::<T>::get(closes_at);
		let deposit = T::RoundDeposit::get();
		CurrencyOf::<T>::hold(&HoldReason::RoundDeposit.into(), payer, deposit)
			.map_err(|_| Error::<T>::InsufficientDeposit)?;

		let round = NextRoundId::<T>::get();
		// Rounds opened in one block close in one block, and at most MaxOpeningsPerBlock open
		// per block: the list has room.
		closing.try_push(round).map_err(|_| Error::<T>::TooManyOpeningsInBlock)?;
		ClosingAt::<T>::insert(closes_at, closing);
		NextRoundId::<T>::put(round.saturating_add(1));
		OpenRoundCount::<T>::mutate(|open| *open = open.saturating_add(1));
		OpenedInBlock::<T>::put((now, opened.saturating_add(1)));
		Rounds::<T>::insert(
			round,
			RoundOf::<T> {
				question,
				payer: payer.clone(),
				deposit,
				commit_end,
				reveal_end,
				members,
				total_bond,
				outcomes,
			},
		);
		Self::deposit_event(Event::RoundOpened { round, members: count, commit_end, reveal_end });
		Ok(round)
	}

	/// Closes the rounds due at the start of block `now`; returns the weight used.
	pub(crate) fn close_rounds(now: BlockNumberFor<T>) -> Weight {
		let due = ClosingAt::<T>::take(now);
		let mut weight = T::DbWeight::get().reads_writes(1, 1);
		for round in due {
			weight = weight.saturating_add(Self::close_round(round));
		}
		weight
	}

	/// Tallies round `round`, settles its deposit, updates records, schedules slashes, prunes
	/// its answers and tells the asking pallet.
	pub(crate) fn close_round(round: RoundId) -> Weight {
		let Some(closed) = Rounds::<T>::take(round) else {
			return T::DbWeight::get().reads(1);
		};
		OpenRoundCount::<T>::mutate(|open| *open = open.saturating_sub(1));
		let members = u32::try_from(closed.members.len()).unwrap_or(u32::MAX);

		// Each member's commitment (whether it made one) and its revealed answer, pruned.
		let answers: Vec<(bool, Option<Answer>)> = (0..members)
			.map(|index| {
				let committed = Commitments::<T>::take(round, index).is_some();
				(committed, Reveals::<T>::take(round, index))
			})
			.collect();
		let _ = CommitmentsSeen::<T>::clear_prefix(round, members, None);

		let revealed: Vec<(&Answer, u128)> = closed
			.members
			.iter()
			.zip(answers.iter())
			.filter_map(|(member, (_, answer))| {
				answer.as_ref().map(|answer| (answer, member.bond.unique_saturated_into()))
			})
			.collect();
		let total: u128 = closed.total_bond.unique_saturated_into();
		// As many as the opening required: `MinAttesters`, or the whole snapshot of a smaller
		// validator set.
		let min_attesters =
			usize::try_from(T::MinAttesters::get()).unwrap_or(usize::MAX).min(closed.members.len());
		let outcome = if revealed.len() < min_attesters {
			RoundOutcome::NotEnoughAttesters
		} else if closed.outcomes.is_some() {
			decided_outcome(&revealed, total)
		} else {
			let agreed = agreed_answer(&closed.question.rules, &revealed);
			let agreeing: u128 = revealed
				.iter()
				.filter(|(answer, _)| within_tolerance(&closed.question.rules, answer, &agreed))
				.fold(0u128, |sum, (_, bond)| sum.saturating_add(*bond));
			// More than two thirds of the snapshotted bond, in integers: 3a > 2t.
			if agreeing.saturating_mul(3) > total.saturating_mul(2) {
				RoundOutcome::Agreed(agreed)
			} else {
				RoundOutcome::NoQuorum
			}
		};

		// An arbitration vote is judgement: nobody is slashed or counted as missing it.
		if closed.outcomes.is_none() {
			for (member, (committed, answer)) in closed.members.iter().zip(answers.iter()) {
				Self::record_answer(
					member,
					*committed,
					answer.as_ref(),
					&closed.question.rules,
					&outcome,
				);
			}
		}
		Self::settle_deposit(&closed, &outcome);
		RoundsThisSession::<T>::mutate(|rounds| *rounds = rounds.saturating_add(1));
		Self::deposit_event(Event::RoundClosed { round, outcome: outcome.clone() });
		let callback = T::OnRoundOutcome::on_round_outcome(round, &outcome);
		<T as Config>::WeightInfo::close_round(members).saturating_add(callback)
	}

	/// Updates a member's record after a round and schedules what it owes.
	fn record_answer(
		member: &RoundMember<T::AccountId, BalanceOf<T>>,
		committed: bool,
		answer: Option<&Answer>,
		rules: &[FieldRule],
		outcome: &RoundOutcome,
	) {
		let mut record = Records::<T>::get(&member.who).unwrap_or_default();
		record.asked = record.asked.saturating_add(1);
		record.session_asked = record.session_asked.saturating_add(1);
		let mut slash = None;
		if committed {
			record.missed_in_a_row = 0;
			if let RoundOutcome::Agreed(agreed) = outcome {
				match answer {
					Some(answer) if within_tolerance(rules, answer, agreed) => {
						record.agreed = record.agreed.saturating_add(1);
						record.session_agreed = record.session_agreed.saturating_add(1);
					}
					Some(_) => {
						record.wrong = record.wrong.saturating_add(1);
						slash = Some((T::WrongAnswerSlash::get(), SlashReason::WrongAnswer));
					}
					None => {
						record.unrevealed = record.unrevealed.saturating_add(1);
						slash = Some((T::UnrevealedSlash::get(), SlashReason::Unrevealed));
					}
				}
			}
		} else {
			record.missed = record.missed.saturating_add(1);
			record.missed_in_a_row = record.missed_in_a_row.saturating_add(1);
			if record.missed_in_a_row >= T::MaxMissedRounds::get() {
				record.missed_in_a_row = 0;
				slash = Some((T::MissedRoundsSlash::get(), SlashReason::MissedRounds));
				Self::chill_for_missed_rounds(&member.who);
			}
		}
		Records::<T>::insert(&member.who, record);
		if let Some((fraction, reason)) = slash {
			Self::schedule_slash(&member.who, fraction.mul_floor(member.bond), reason);
		}
	}

	/// Whether an arbitration vote names one of the outcomes (always true for a question of fact).
	fn is_vote_in_range(outcomes: Option<u8>, answer: &Answer) -> bool {
		match (outcomes, answer.first()) {
			(None, _) => true,
			(Some(outcomes), Some(AnswerField::Numeric(vote))) => *vote < u128::from(outcomes),
			(Some(_), _) => false,
		}
	}

	/// Chills `who` unless that would leave fewer than `MinValidators` candidates.
	fn chill_for_missed_rounds(who: &T::AccountId) {
		if Candidates::<T>::count() > T::MinValidators::get()
			&& Candidates::<T>::take(who).is_some()
		{
			Self::deposit_event(Event::ChilledForMissedRounds { who: who.clone() });
		}
	}

	/// The fee goes to the reward pot and the rest back to the payer; everything is refunded
	/// when too few attesters answered.
	fn settle_deposit(closed: &RoundOf<T>, outcome: &RoundOutcome) {
		let reason: T::RuntimeHoldReason = HoldReason::RoundDeposit.into();
		let mut refund = closed.deposit;
		if *outcome != RoundOutcome::NotEnoughAttesters {
			let fee = T::RoundFee::get().min(closed.deposit);
			match CurrencyOf::<T>::transfer_on_hold(
				&reason,
				&closed.payer,
				&Self::pot_account(),
				fee,
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			) {
				Ok(moved) => refund = refund.saturating_sub(moved),
				Err(error) => log::warn!(target: LOG_TARGET, "round fee not collected: {error:?}"),
			}
		}
		if let Err(error) =
			CurrencyOf::<T>::release(&reason, &closed.payer, refund, Precision::BestEffort)
		{
			log::error!(target: LOG_TARGET, "round deposit not released: {error:?}");
		}
	}
}

/// The agreed answer: per numeric field the stake-weighted (lower) median of the revealed values;
/// per exact field the value with the most stake behind it (ties to the smallest bytes).
/// `revealed` answers all fit the rules.
pub fn agreed_answer(rules: &[FieldRule], revealed: &[(&Answer, u128)]) -> Answer {
	let fields = rules.iter().enumerate().filter_map(|(index, rule)| match rule {
		FieldRule::Numeric { .. } => {
			let values: Vec<(u128, u128)> = revealed
				.iter()
				.filter_map(|(answer, bond)| match answer.get(index) {
					Some(AnswerField::Numeric(value)) => Some((*value, *bond)),
					_ => None,
				})
				.collect();
			weighted_median(values).map(AnswerField::Numeric)
		}
		FieldRule::Exact => {
			let mut tallies: Vec<(&AnswerField, u128)> = Vec::new();
			for (answer, bond) in revealed {
				let Some(field) = answer.get(index) else { continue };
				match tallies.iter_mut().find(|(seen, _)| *seen == field) {
					Some((_, sum)) => *sum = sum.saturating_add(*bond),
					None => tallies.push((field, *bond)),
				}
			}
			tallies
				.into_iter()
				.max_by(|(a, a_bond), (b, b_bond)| {
					// The larger stake wins; on a tie the smaller value, so `max` picks it.
					a_bond.cmp(b_bond).then_with(|| b.encode().cmp(&a.encode()))
				})
				.map(|(field, _)| field.clone())
		}
	});
	BoundedVec::truncate_from(fields.collect::<Vec<_>>())
}

/// The outcome of an arbitration vote: the outcome with the most revealed stake, if that is more
/// than half of the `total` snapshotted stake.
pub fn decided_outcome(revealed: &[(&Answer, u128)], total: u128) -> RoundOutcome {
	let mut stakes: Vec<(u128, u128)> = Vec::new();
	for (answer, bond) in revealed {
		let Some(AnswerField::Numeric(vote)) = answer.first() else { continue };
		match stakes.iter_mut().find(|(seen, _)| seen == vote) {
			Some((_, stake)) => *stake = stake.saturating_add(*bond),
			None => stakes.push((*vote, *bond)),
		}
	}
	stakes
		.into_iter()
		// More than half, in integers: 2s > t. At most one outcome can pass.
		.find(|(_, stake)| stake.saturating_mul(2) > total)
		.and_then(|(vote, _)| u8::try_from(vote).ok())
		.map_or(RoundOutcome::NoQuorum, RoundOutcome::Decided)
}

/// The lower weighted median of `(value, weight)` pairs: the smallest value such that the values
/// up to it weigh at least half of the total. `None` for no values.
pub fn weighted_median(mut values: Vec<(u128, u128)>) -> Option<u128> {
	values.sort_unstable();
	let total = values.iter().fold(0u128, |sum, (_, weight)| sum.saturating_add(*weight));
	let mut cumulative = 0u128;
	for (value, weight) in &values {
		cumulative = cumulative.saturating_add(*weight);
		// cumulative >= total / 2, without rounding: 2c >= t.
		if cumulative.saturating_mul(2) >= total {
			return Some(*value);
		}
	}
	values.last().map(|(value, _)| *value)
}

/// Whether `answer` agrees with `agreed`: numeric fields within their tolerance (a fraction of
/// the agreed value, rounded down), exact fields equal.
pub fn within_tolerance(rules: &[FieldRule], answer: &Answer, agreed: &Answer) -> bool {
	answer.len() == agreed.len()
		&& rules.len() == agreed.len()
		&& rules.iter().zip(answer.iter().zip(agreed.iter())).all(|(rule, pair)| {
			match (rule, pair) {
				(
					FieldRule::Numeric { tolerance },
					(AnswerField::Numeric(value), AnswerField::Numeric(median)),
				) => value.abs_diff(*median) <= tolerance.mul_floor(*median),
				(FieldRule::Exact, (field, agreed)) => field == agreed,
				_ => false,
			}
		})
}

impl<T: Config> AttestationRounds<T::AccountId> for Pallet<T> {
	fn open_round(payer: &T::AccountId, question: Question) -> Result<RoundId, DispatchError> {
		ensure!(question.source != Source::Arbitration, Error::<T>::WrongSource);
		Self::do_open_round(payer, question, None, &[])
	}

	fn rounds_available() -> u32 {
		let free = T::MaxOpenRounds::get().saturating_sub(OpenRoundCount::<T>::get());
		let (block, opened) = OpenedInBlock::<T>::get();
		let opened = if block == frame_system::Pallet::<T>::block_number() { opened } else { 0 };
		free.min(T::MaxOpeningsPerBlock::get().saturating_sub(opened))
	}

	fn open_arbitration(
		payer: &T::AccountId,
		body: BoundedVec<u8, ConstU32<MAX_QUESTION_LEN>>,
		outcomes: u8,
		parties: &[T::AccountId],
	) -> Result<RoundId, DispatchError> {
		let question = Question {
			source: Source::Arbitration,
			body,
			rules: BoundedVec::truncate_from(vec![FieldRule::Numeric {
				tolerance: sp_runtime::Permill::zero(),
			}]),
		};
		Self::do_open_round(payer, question, Some(outcomes), parties)
	}

	fn report_fault(offender: &T::AccountId, fraction: Perbill) -> Result<(), DispatchError> {
		Self::do_report_fault(offender, fraction)
	}
}
