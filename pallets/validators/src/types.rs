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
