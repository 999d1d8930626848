//! The runtime API wallets, explorers and operators use to read the validator set, bonds, open
//! rounds and each validator's record without decoding storage.

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use hashmix_primitives::{
	attestation::{Question, RoundId},
	SessionIndex,
};
use scale_info::TypeInfo;

pub use crate::types::{SlashReason, ValidatorRecord};

/// A bonded account's stake.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct BondInfo<Balance> {
	/// The bond that counts.
	pub active: Balance,
	/// Unbonding chunks: amount and the session from which it can be withdrawn.
	pub unlocking: Vec<(Balance, SessionIndex)>,
	/// Whether the account is a candidate.
	pub candidate: bool,
}

/// An open round, as the API shows it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RoundInfo<AccountId, Balance, BlockNumber> {
	/// The round.
	pub id: RoundId,
	/// What is asked.
	pub question: Question,
	/// The last block for commitments.
	pub commit_end: BlockNumber,
	/// The last block for reveals.
	pub reveal_end: BlockNumber,
	/// The snapshot: members and their bonds.
	pub members: Vec<(AccountId, Balance)>,
	/// How many members have committed and revealed.
	pub committed: u32,
	/// How many members have revealed.
	pub revealed: u32,
}

sp_api::decl_runtime_apis! {
	/// Validators, bonds, rounds and records.
	pub trait ValidatorsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The current session's validators and their active bonds.
		fn validators() -> Vec<(AccountId, Balance)>;
		/// The candidates that would be elected now, best first, with their bonds.
		fn eligible_candidates() -> Vec<(AccountId, Balance)>;
		/// The stake of `who`, if bonded.
		fn bond(who: AccountId) -> Option<BondInfo<Balance>>;
		/// The open attestation rounds.
		fn open_rounds() -> Vec<RoundInfo<AccountId, Balance, BlockNumber>>;
		/// The attestation record of `who`.
		fn record(who: AccountId) -> Option<ValidatorRecord<Balance>>;
		/// The slashes pending against `who`: the session they apply in and the amount.
		fn pending_slashes(who: AccountId) -> Vec<(SessionIndex, Balance)>;
	}
}
