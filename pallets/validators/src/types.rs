//! The records this pallet stores.

use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use hashmix_primitives::SessionIndex;
use scale_info::TypeInfo;
use sp_runtime::traits::{Saturating, Zero};

/// Part of a bond on its way out: still held and still slashable until it is released.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct UnlockChunk<Balance> {
	/// How much.
	pub value: Balance,
	/// The session in which `unbond` asked for it.
	pub requested: SessionIndex,
}

/// A bonded account's stake.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxChunks))]
pub struct Ledger<Balance, MaxChunks: Get<u32>>
where
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The bond that counts for the election, for rounds and for rewards.
	pub active: Balance,
	/// Unbonded parts waiting for their release session, oldest first.
	pub unlocking: BoundedVec<UnlockChunk<Balance>, MaxChunks>,
	/// The last session in which this account was, or is planned to be, a validator. Unbonded
	/// funds are released only `UnbondingSessions` after it, so that a validator stays liable for
	/// everything it did while in the set.
	pub last_active_session: Option<SessionIndex>,
}

impl<Balance, MaxChunks> Ledger<Balance, MaxChunks>
where
	Balance: Copy + Clone + PartialEq + Eq + core::fmt::Debug + Saturating + Zero,
	MaxChunks: Get<u32>,
{
	/// A fresh ledger with `active` bonded and nothing unlocking.
	pub fn new(active: Balance) -> Self {
		Self { active, unlocking: BoundedVec::new(), last_active_session: None }
	}

	/// Everything held for this ledger: the active bond and every unlocking chunk.
	pub fn total(&self) -> Balance {
		self.unlocking.iter().fold(self.active, |sum, chunk| sum.saturating_add(chunk.value))
	}

	/// Whether nothing is left: the ledger can be removed.
	pub fn is_empty(&self) -> bool {
		self.active.is_zero() && self.unlocking.is_empty()
	}

	/// The session from which a chunk requested in `requested` may be withdrawn: `delay`
	/// sessions after the later of its request and the session after the account's last session
	/// in the validator set.
	pub fn release_session(&self, requested: SessionIndex, delay: SessionIndex) -> SessionIndex {
		let left = self.last_active_session.map_or(0, |last| last.saturating_add(1));
		requested.max(left).saturating_add(delay)
	}
}

/// How the validator set for a session was decided.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Election {
	/// The top candidates by bond.
	Elected,
	/// Too few eligible candidates: the previous set was kept so that block production goes on.
	Kept,
}

/// A validator in a round's snapshot: its account, the attestation key it signs with and its
/// active bond when the round opened.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RoundMember<AccountId, Balance> {
	/// The validator.
	pub who: AccountId,
	/// Its attestation key in the session the round opened.
	pub key: hashmix_primitives::attestation::AttestationId,
	/// Its active bond when the round opened: its weight in the round.
	pub bond: Balance,
}

/// An open attestation round.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxMembers))]
pub struct Round<AccountId, Balance, BlockNumber, MaxMembers: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// What is asked.
	pub question: hashmix_primitives::attestation::Question,
	/// Who paid the deposit.
	pub payer: AccountId,
	/// The deposit held from the payer.
	pub deposit: Balance,
	/// The last block in which commitments are accepted.
	pub commit_end: BlockNumber,
	/// The last block in which reveals are accepted; the round closes at the next block.
	pub reveal_end: BlockNumber,
	/// The declared, bonded attesters when the round opened, and their bonds.
	pub members: BoundedVec<RoundMember<AccountId, Balance>, MaxMembers>,
	/// The sum of the members' bonds: the quorum's denominator.
	pub total_bond: Balance,
	/// For an arbitration vote, the number of outcomes (answers are one numeric field below
	/// it); `None` for a question of fact.
	pub outcomes: Option<u8>,
}

/// What a validator's off-chain worker declares each session, signed with its attestation key.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Heartbeat {
	/// The session it is for: only the current session's heartbeats are accepted.
	pub session: SessionIndex,
	/// The validator's index in the session's validator set.
	pub validator_index: u32,
	/// The evidence sources its node serves (endpoints configured in its off-chain storage).
	pub sources: hashmix_primitives::attestation::Sources,
}

/// A validator's attestation record.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct ValidatorRecord<Balance> {
	/// The last session for which it declared, and what it declared. A validator that
	/// declares no source is never asked and never liable; this shows it.
	pub declared: Option<(SessionIndex, hashmix_primitives::attestation::Sources)>,
	/// Rounds whose snapshot included it.
	pub asked: u32,
	/// Rounds in which it revealed an answer within tolerance of the agreed value.
	pub agreed: u32,
	/// Rounds in which it revealed an answer outside tolerance of the agreed value.
	pub wrong: u32,
	/// Rounds that reached quorum in which it committed and did not reveal.
	pub unrevealed: u32,
	/// Rounds in which it did not commit.
	pub missed: u32,
	/// Rounds missed since its last commitment; reaching `MaxMissedRounds` costs a slash and
	/// chills it.
	pub missed_in_a_row: u32,
	/// Rounds it was asked in the current session (for rewards).
	pub session_asked: u32,
	/// Rounds it agreed in the current session (for rewards).
	pub session_agreed: u32,
	/// Everything slashed from it so far.
	pub slashed: Balance,
}

/// Why a slash was scheduled.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum SlashReason {
	/// A revealed answer outside tolerance of the agreed value.
	WrongAnswer,
	/// A commitment not revealed in a round that reached quorum.
	Unrevealed,
	/// `MaxMissedRounds` rounds missed in a row.
	MissedRounds,
	/// A fault another pallet proved.
	Reported,
}
