//! # Validators
//!
//! The HashMix validator set: the accounts that bond HSM, whose nodes author blocks (Aura),
//! finalize them (GRANDPA) and attest evidence with their HashMix attestation key. Their bond is
//! what makes a false attestation expensive.
//!
//! This pallet is the one place the runtime asks about validators, so pallet-session's wiring never
//! changes:
//!
//! - **Bonding.** An account [`bond`](Pallet::bond)s at least [`Config::MinBond`] HSM (held on its
//!   own account under [`HoldReason::Bond`]) and becomes a candidate. [`bond_extra`](Pallet::bond_extra)
//!   adds to the bond; [`unbond`](Pallet::unbond) starts taking it out: unbonded funds stay held and
//!   slashable until [`Config::UnbondingSessions`] sessions after the account last sat in the
//!   validator set, and then [`withdraw_unbonded`](Pallet::withdraw_unbonded) releases them.
//!   [`chill`](Pallet::chill) leaves the candidates without unbonding;
//!   [`validate`](Pallet::validate) comes back.
//! - **Election.** It is pallet-session's `SessionManager`: each session the top
//!   [`Config::MaxValidators`] candidates by bond that have session keys become the next session's
//!   Aura and GRANDPA authorities. With fewer than [`Config::MinValidators`] eligible candidates
//!   the previous set is kept: a tiny or empty set would halt block production.
//! - **Session schedule.** It is pallet-session's `ShouldEndSession` and `NextSessionRotation`: a
//!   session lasts [`SessionLength`] blocks, a genesis parameter (short in the development and
//!   local presets so tests see rotations, an hour on real networks).
//! - **Attestation keys.** It is the session handler of the `hmat` key type: at every session
//!   change it records the attestation keys of the new session's validators in
//!   [`AttestationKeys`], in the session's validator order.
//!
//! - **Attesters.** Each session a validator's off-chain worker sends a
//!   [`heartbeat`](Pallet::heartbeat) declaring which evidence sources (Bitcoin, Filecoin) its node
//!   has endpoints for. Only declared validators with at least `MinBond` are asked.
//! - **Attestation rounds** ([`AttestationRounds`](hashmix_primitives::attestation::AttestationRounds)):
//!   another pallet opens a round on a typed question fixed at opening, paying
//!   [`Config::RoundDeposit`] (of which [`Config::RoundFee`] goes to the reward pot). The declared
//!   attesters and their bonds are snapshotted. Members [`commit`](Pallet::commit)
//!   `blake2_256(genesis hash, round, account, answer, salt)` for [`Config::CommitPeriod`] blocks,
//!   then [`reveal`](Pallet::reveal) for [`Config::RevealPeriod`] blocks; identical commitments
//!   are refused. At the close the agreed answer is the stake-weighted median of each numeric
//!   field (the value with most stake for exact fields), and it is final when answers within
//!   tolerance hold more than two thirds of the snapshotted bond; the asking pallet hears the
//!   [`RoundOutcome`](hashmix_primitives::attestation::RoundOutcome) through `OnRoundOutcome`.
//!   Heartbeats, commitments and reveals are authorized, fee-free transactions signed with the
//!   validator's attestation key (`#[pallet::authorize]`): forged, late, duplicate and foreign
//!   ones are refused before they reach the pool.
//! - **Slashing.** A wrong answer costs [`Config::WrongAnswerSlash`] of the bond, a commitment not
//!   revealed in a round that reached quorum [`Config::UnrevealedSlash`] (at least as much), and
//!   [`Config::MaxMissedRounds`] missed rounds in a row [`Config::MissedRoundsSlash`] and a chill
//!   (never below `MinValidators`). Slashes wait [`Config::SlashDeferSessions`] sessions, during
//!   which [`Config::SlashCancelOrigin`] can [`cancel`](Pallet::cancel_deferred_slash) them, and
//!   go to [`Config::OnSlash`] (the insurance pot, or burned): never to other validators.
//! - **Rewards.** At the end of each session the pot pays up to [`Config::SessionReward`] to the
//!   session's validators, split by bond weighted by `(1 + rounds agreed) / (1 + rounds closed)`.
//!
//! Session keys are registered through pallet-session: the operator's node generates them with
//! `author_rotateKeysWithOwner(account)`, which also returns a proof of possession, and the account
//! submits `session.setKeys(keys, proof)`.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{self, BalancedHold, Inspect, InspectHold, Mutate, MutateHold},
		OnUnbalanced,
	},
	BoundedVec, PalletId,
};
use frame_system::pallet_prelude::*;
use hashmix_primitives::{
	attestation::{Answer, AttestationId, AttestationSignature, OnRoundOutcome, RoundId, Sources},
	SessionIndex,
};
use sp_arithmetic::traits::CheckedRem;
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

mod features;
pub use features::offchain;
pub mod runtime_api;
mod session;
mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
#[allow(
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects,
	reason = "benchmark setup over vectors it built itself: a panic is a failed benchmark"
)]
mod benchmarking;
#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "test code: an overflow is a failed test")]
mod mock;
#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "test code: an overflow is a failed test")]
mod tests;

const LOG_TARGET: &str = "runtime::validators";

/// An amount of the currency validators bond.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The currency bonds are held in; named apart from pallet-session's `Currency`.
pub(crate) type CurrencyOf<T> = <T as Config>::Currency;

/// A validator's stake record.
pub type LedgerOf<T> = Ledger<BalanceOf<T>, <T as Config>::MaxUnlockingChunks>;

/// Slashed funds on their way to the insurance pot (or to be burned).
pub type CreditOf<T> = fungible::Credit<<T as frame_system::Config>::AccountId, CurrencyOf<T>>;

/// An open round as stored.
pub type RoundOf<T> = Round<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxValidators,
>;

/// A validator's attestation record as stored.
pub type RecordOf<T> = ValidatorRecord<BalanceOf<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config
		+ pallet_session::Config<ValidatorId = <Self as frame_system::Config>::AccountId>
		+ frame_system::offchain::CreateAuthorizedTransaction<Call<Self>>
	{
		/// The currency bonds are held in (HSM).
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ BalancedHold<Self::AccountId>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// The least bond of a candidate. A validator whose bond falls below it (by slashing) is
		/// not elected again and carries no weight in attestation rounds.
		#[pallet::constant]
		type MinBond: Get<BalanceOf<Self>>;

		/// The most validators a session can have. At least Aura's and GRANDPA's
		/// `MaxAuthorities`: every authority's attestation key is kept.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The fewest validators a session may have: with fewer eligible candidates the previous
		/// set is kept. GRANDPA needs more than two thirds of the set online, so four tolerate one
		/// failure.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// The most candidates at once. The election reads every candidate at each session
		/// change, so this bounds its work.
		#[pallet::constant]
		type MaxCandidates: Get<u32>;

		/// The most unbonding chunks a ledger keeps; chunks requested in the same session merge.
		#[pallet::constant]
		type MaxUnlockingChunks: Get<u32>;

		/// How many sessions after leaving the validator set an account waits before its
		/// unbonded funds are released. Must be longer than the slash deferral plus the longest
		/// attestation round, so that every offence is punished before the money leaves.
		#[pallet::constant]
		type UnbondingSessions: Get<SessionIndex>;

		/// The reward pot's account: round fees go in, session rewards come out.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// What opening an attestation round holds from the payer.
		#[pallet::constant]
		type RoundDeposit: Get<BalanceOf<Self>>;

		/// The part of the deposit that goes to the reward pot when the round closes (refunded
		/// only when too few attesters answered). At most `RoundDeposit`.
		#[pallet::constant]
		type RoundFee: Get<BalanceOf<Self>>;

		/// The most rounds open at once: bounds the work asked of validators.
		#[pallet::constant]
		type MaxOpenRounds: Get<u32>;

		/// The most rounds opened in one block: bounds the work of closing them.
		#[pallet::constant]
		type MaxOpeningsPerBlock: Get<u32>;

		/// The fewest distinct bonded attesters a round needs, in its snapshot and among its
		/// reveals; a validator set smaller than this (a development chain) needs all of its
		/// validators instead (see [`Pallet::min_attesters`]).
		#[pallet::constant]
		type MinAttesters: Get<u32>;

		/// Blocks after opening during which commitments are accepted.
		#[pallet::constant]
		type CommitPeriod: Get<BlockNumberFor<Self>>;

		/// Blocks after the commit period during which reveals are accepted.
		#[pallet::constant]
		type RevealPeriod: Get<BlockNumberFor<Self>>;

		/// The part of its snapshotted bond a validator loses for an answer outside tolerance.
		#[pallet::constant]
		type WrongAnswerSlash: Get<Perbill>;

		/// The part lost for a commitment not revealed in a round that reached quorum: at
		/// least `WrongAnswerSlash`, or a cartel could commit lies and reveal only when safe.
		#[pallet::constant]
		type UnrevealedSlash: Get<Perbill>;

		/// The part lost when a declared attester misses `MaxMissedRounds` rounds in a row.
		#[pallet::constant]
		type MissedRoundsSlash: Get<Perbill>;

		/// How many rounds in a row a declared attester may miss before it is slashed and
		/// chilled.
		#[pallet::constant]
		type MaxMissedRounds: Get<u32>;

		/// Sessions between an offence and its slash, during which `SlashCancelOrigin` can
		/// cancel it.
		#[pallet::constant]
		type SlashDeferSessions: Get<SessionIndex>;

		/// Who may cancel a deferred slash (governance).
		type SlashCancelOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Where slashed funds go: the insurance pot, or dropped (burned). Never to the other
		/// validators, or the majority would be paid to slash the honest.
		type OnSlash: OnUnbalanced<CreditOf<Self>>;

		/// What the reward pot pays out each session, at most (less when the pot holds less).
		#[pallet::constant]
		type SessionReward: Get<BalanceOf<Self>>;

		/// The pallets that asked: told how each round ended.
		type OnRoundOutcome: OnRoundOutcome;

		/// What answers questions in this node's off-chain worker.
		type AnswerProvider: hashmix_primitives::attestation::AnswerProvider;

		/// The priority of attestation transactions (heartbeats, commitments, reveals) in the
		/// pool: bounded, so they never crowd out ordinary traffic entirely.
		#[pallet::constant]
		type AttestationPriority: Get<TransactionPriority>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A validator's bond, active or unbonding.
		#[codec(index = 0)]
		Bond,
		/// The deposit of an open attestation round.
		#[codec(index = 1)]
		RoundDeposit,
	}

	/// How many blocks a session lasts. Set at genesis; never zero.
	#[pallet::storage]
	pub type SessionLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The attestation keys of the current session's validators, in the order of
	/// `pallet_session::Validators`.
	#[pallet::storage]
	pub type AttestationKeys<T: Config> =
		StorageValue<_, BoundedVec<AttestationId, T::MaxValidators>, ValueQuery>;

	/// The stake of every bonded account. Accounts are chosen by their owners, so the key is hashed
	/// with a cryptographic hasher.
	#[pallet::storage]
	pub type Ledgers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, LedgerOf<T>>;

	/// The accounts that want to validate. Each has a ledger; its active bond decides its rank.
	#[pallet::storage]
	pub type Candidates<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// The validators this pallet gave pallet-session for the next session, by descending bond,
	/// and whether they were elected or kept.
	#[pallet::storage]
	pub type PlannedValidators<T: Config> =
		StorageValue<_, (BoundedVec<T::AccountId, T::MaxValidators>, Election), OptionQuery>;

	/// Each validator's attestation record. Keyed by account (chosen by its owner).
	#[pallet::storage]
	pub type Records<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, RecordOf<T>>;

	/// The id the next round gets.
	#[pallet::storage]
	pub type NextRoundId<T: Config> = StorageValue<_, RoundId, ValueQuery>;

	/// The open rounds. Ids are sequential, so a fast hasher is safe.
	#[pallet::storage]
	pub type Rounds<T: Config> = StorageMap<_, Twox64Concat, RoundId, RoundOf<T>>;

	/// How many rounds are open.
	#[pallet::storage]
	pub type OpenRoundCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The block in which rounds were last opened, and how many.
	#[pallet::storage]
	pub type OpenedInBlock<T: Config> = StorageValue<_, (BlockNumberFor<T>, u32), ValueQuery>;

	/// The rounds that close at the start of a block.
	#[pallet::storage]
	pub type ClosingAt<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<RoundId, T::MaxOpeningsPerBlock>,
		ValueQuery,
	>;

	/// Each member's commitment in a round, by its index in the round's snapshot.
	#[pallet::storage]
	pub type Commitments<T: Config> =
		StorageDoubleMap<_, Twox64Concat, RoundId, Twox64Concat, u32, H256>;

	/// The commitments made in a round, so that an identical one is refused. Commitments are
	/// chosen by validators, so they are hashed again.
	#[pallet::storage]
	pub type CommitmentsSeen<T: Config> =
		StorageDoubleMap<_, Twox64Concat, RoundId, Blake2_128Concat, H256, ()>;

	/// Each member's revealed answer in a round.
	#[pallet::storage]
	pub type Reveals<T: Config> =
		StorageDoubleMap<_, Twox64Concat, RoundId, Twox64Concat, u32, Answer>;

	/// Slashes waiting for their session: (session to apply, offender) -> amount.
	#[pallet::storage]
	pub type PendingSlashes<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		SessionIndex,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
	>;

	/// Rounds closed in the current session (for rewards).
	#[pallet::storage]
	pub type RoundsThisSession<T: Config> = StorageValue<_, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	// Each variant's doc line names and explains its fields.
	#[allow(missing_docs)]
	pub enum Event<T: Config> {
		/// `who` bonded `amount` and became a candidate.
		Bonded { who: T::AccountId, amount: BalanceOf<T> },
		/// `who` added `amount` to its bond.
		BondedExtra { who: T::AccountId, amount: BalanceOf<T> },
		/// `who` started unbonding `amount`; it can be withdrawn from session `release`.
		Unbonded { who: T::AccountId, amount: BalanceOf<T>, release: SessionIndex },
		/// `who` withdrew `amount` of unbonded funds.
		Withdrawn { who: T::AccountId, amount: BalanceOf<T> },
		/// `who` is no longer a candidate.
		Chilled { who: T::AccountId },
		/// `who` is a candidate again.
		Validating { who: T::AccountId },
		/// The validators of session `session` were elected from `candidates` eligible candidates.
		ValidatorsElected { session: SessionIndex, validators: u32, candidates: u32 },
		/// Only `eligible` candidates were eligible for session `session`, fewer than
		/// `MinValidators`: the previous set was kept.
		ValidatorSetKept { session: SessionIndex, eligible: u32 },
		/// Validator `who` declared for `session` that its node serves `sources`.
		AttesterDeclared { who: T::AccountId, session: SessionIndex, sources: Sources },
		/// Round `round` opened with `members` attesters; commitments until `commit_end`,
		/// reveals until `reveal_end`.
		RoundOpened {
			round: RoundId,
			members: u32,
			commit_end: BlockNumberFor<T>,
			reveal_end: BlockNumberFor<T>,
		},
		/// Member `member` (`who`) committed in round `round`.
		Committed { round: RoundId, who: T::AccountId },
		/// Member `who` revealed its answer in round `round`.
		Revealed { round: RoundId, who: T::AccountId },
		/// Round `round` closed with `outcome`.
		RoundClosed { round: RoundId, outcome: hashmix_primitives::attestation::RoundOutcome },
		/// `amount` of `who`'s bond will be slashed at the start of session `session`.
		SlashDeferred {
			who: T::AccountId,
			amount: BalanceOf<T>,
			session: SessionIndex,
			reason: SlashReason,
		},
		/// The deferred slash of `who` for session `session` was cancelled.
		SlashCancelled { who: T::AccountId, session: SessionIndex, amount: BalanceOf<T> },
		/// `amount` of `who`'s bond was slashed.
		Slashed { who: T::AccountId, amount: BalanceOf<T> },
		/// `who` missed too many rounds in a row and was chilled.
		ChilledForMissedRounds { who: T::AccountId },
		/// `who` was paid `amount` from the reward pot for session `session`.
		Rewarded { who: T::AccountId, session: SessionIndex, amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account has bonded already: use `bond_extra`.
		AlreadyBonded,
		/// The account has no bond: `bond` first.
		NotBonded,
		/// The bond would be below `MinBond`: bond more, or unbond everything.
		BelowMinimumBond,
		/// The account's free balance cannot cover the amount.
		InsufficientBalance,
		/// The amount is zero.
		ZeroAmount,
		/// The amount is more than the active bond.
		InsufficientBond,
		/// `MaxCandidates` accounts are candidates already.
		TooManyCandidates,
		/// `MaxUnlockingChunks` unbonding requests are pending: withdraw first, or wait for the
		/// next session (requests in the same session merge).
		TooManyUnlockingChunks,
		/// No unbonded funds have reached their release session yet.
		NothingToWithdraw,
		/// The account is not a candidate.
		NotCandidate,
		/// The account is a candidate already.
		AlreadyCandidate,
		/// An amount overflowed.
		Overflow,
		/// `MaxOpenRounds` rounds are open: wait for one to close.
		TooManyOpenRounds,
		/// `MaxOpeningsPerBlock` rounds were opened in this block already: try the next one.
		TooManyOpeningsInBlock,
		/// The question's answer has no fields, or an arbitration has fewer than two outcomes.
		EmptyQuestion,
		/// Fewer than `MinAttesters` bonded validators declared the question's source.
		NotEnoughAttesters,
		/// The payer cannot cover the round deposit.
		InsufficientDeposit,
		/// No such round is open.
		UnknownRound,
		/// The round is not accepting this now (commitments in its commit period, reveals in
		/// its reveal period).
		WrongPhase,
		/// No such member in the round's snapshot, or no such validator in the session.
		UnknownMember,
		/// The signature does not match the attestation key.
		BadSignature,
		/// This member has committed in this round already.
		AlreadyCommitted,
		/// Another member made the same commitment: commitments cannot be copied.
		DuplicateCommitment,
		/// This member made no commitment in this round.
		NotCommitted,
		/// This member has revealed in this round already.
		AlreadyRevealed,
		/// The answer and salt do not hash to the member's commitment.
		RevealMismatch,
		/// The answer does not have the fields the question's rules describe.
		MalformedAnswer,
		/// A heartbeat for another session than the current one.
		WrongSession,
		/// The same declaration was made for this session already.
		AlreadyDeclared,
		/// No slash of this account is pending for that session.
		NoSuchSlash,
		/// Arbitration votes are opened with `open_arbitration`, not as questions of fact.
		WrongSource,
	}

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// How many blocks a session lasts; must be above zero.
		pub session_length: BlockNumberFor<T>,
		/// The initial candidates and their bonds, each at least `MinBond`. They also need session
		/// keys in pallet-session's genesis to be elected.
		pub validators: Vec<(T::AccountId, BalanceOf<T>)>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		/// Sessions of an hour, no validators.
		fn default() -> Self {
			Self { session_length: hashmix_primitives::time::HOURS.into(), validators: Vec::new() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				!self.session_length.is_zero(),
				"validators: session_length must be above zero"
			);
			SessionLength::<T>::put(self.session_length);
			Pallet::<T>::ensure_pot_exists();
			for (who, bond) in &self.validators {
				if let Err(error) = Pallet::<T>::do_bond(who, *bond) {
					panic!("validators: genesis bond of {who:?} failed: {error:?}");
				}
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxValidators::get() > 0, "MaxValidators must be above zero");
			assert!(T::MinValidators::get() > 0, "MinValidators must be above zero");
			assert!(
				T::MinValidators::get() <= T::MaxValidators::get(),
				"MinValidators must not exceed MaxValidators"
			);
			assert!(
				T::MaxCandidates::get() >= T::MaxValidators::get(),
				"MaxCandidates must be at least MaxValidators"
			);
			assert!(T::MaxUnlockingChunks::get() > 0, "MaxUnlockingChunks must be above zero");
			assert!(!T::MinBond::get().is_zero(), "MinBond must be above zero");
			assert!(T::RoundFee::get() <= T::RoundDeposit::get(), "RoundFee exceeds RoundDeposit");
			assert!(T::MinAttesters::get() > 0, "MinAttesters must be above zero");
			assert!(T::MaxOpeningsPerBlock::get() > 0, "MaxOpeningsPerBlock must be above zero");
			assert!(
				T::UnrevealedSlash::get() >= T::WrongAnswerSlash::get(),
				"an unrevealed commitment must cost at least a wrong answer"
			);
			assert!(
				T::UnbondingSessions::get() > T::SlashDeferSessions::get().saturating_add(1),
				"unbonding must outlast the slash deferral and a round"
			);
		}

		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::close_rounds(now)
		}

		fn offchain_worker(now: BlockNumberFor<T>) {
			Self::run_offchain_worker(now);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Bond `value` of the caller's HSM and become a candidate.
		///
		/// The bond is held on the caller's account. To be elected, the caller also needs session
		/// keys (`session.setKeys`).
		///
		/// - Origin: signed, the account that bonds.
		/// - Emits [`Event::Bonded`].
		/// - Errors: [`Error::AlreadyBonded`], [`Error::BelowMinimumBond`],
		///   [`Error::TooManyCandidates`], [`Error::InsufficientBalance`].
		#[pallet::call_index(0)]
		pub fn bond(
			origin: OriginFor<T>,
			#[pallet::compact] value: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bond(&who, value)
		}

		/// Add `value` of the caller's HSM to its active bond.
		///
		/// - Origin: signed, a bonded account.
		/// - Emits [`Event::BondedExtra`].
		/// - Errors: [`Error::NotBonded`], [`Error::ZeroAmount`], [`Error::InsufficientBalance`].
		#[pallet::call_index(1)]
		pub fn bond_extra(
			origin: OriginFor<T>,
			#[pallet::compact] value: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bond_extra(&who, value)
		}

		/// Start unbonding `value` of the active bond. The rest must stay at least `MinBond`, or
		/// be zero: unbonding everything also leaves the candidates.
		///
		/// The funds stay held and slashable, and become withdrawable `UnbondingSessions`
		/// sessions after the later of this request and the caller's last session in the
		/// validator set.
		///
		/// - Origin: signed, a bonded account.
		/// - Emits [`Event::Unbonded`], and [`Event::Chilled`] when everything is unbonded.
		/// - Errors: [`Error::NotBonded`], [`Error::ZeroAmount`], [`Error::InsufficientBond`],
		///   [`Error::BelowMinimumBond`], [`Error::TooManyUnlockingChunks`].
		#[pallet::call_index(2)]
		pub fn unbond(
			origin: OriginFor<T>,
			#[pallet::compact] value: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unbond(&who, value)
		}

		/// Release every unbonded chunk that has reached its release session. When nothing is
		/// left bonded, the ledger is removed.
		///
		/// - Origin: signed, a bonded account.
		/// - Emits [`Event::Withdrawn`].
		/// - Errors: [`Error::NotBonded`], [`Error::NothingToWithdraw`].
		#[pallet::call_index(3)]
		pub fn withdraw_unbonded(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_unbonded(&who)
		}

		/// Stop being a candidate from the next election on. The bond stays.
		///
		/// - Origin: signed, a candidate.
		/// - Emits [`Event::Chilled`].
		/// - Errors: [`Error::NotCandidate`].
		#[pallet::call_index(4)]
		pub fn chill(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_chill(&who)
		}

		/// Become a candidate again after `chill`.
		///
		/// - Origin: signed, a bonded account with at least `MinBond` active.
		/// - Emits [`Event::Validating`].
		/// - Errors: [`Error::NotBonded`], [`Error::BelowMinimumBond`],
		///   [`Error::AlreadyCandidate`], [`Error::TooManyCandidates`].
		#[pallet::call_index(5)]
		pub fn validate(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_validate(&who)
		}

		/// Declare, for the current session, which evidence sources the validator's node
		/// serves. Sent by the validator's off-chain worker as an authorized, fee-free
		/// transaction signed with its attestation key.
		///
		/// - Origin: authorized (`#[pallet::authorize]`): the signature is checked, and stale,
		///   duplicate or foreign heartbeats are refused, before the transaction enters the pool.
		/// - Emits [`Event::AttesterDeclared`].
		/// - Errors: [`Error::WrongSession`], [`Error::UnknownMember`], [`Error::BadSignature`],
		///   [`Error::AlreadyDeclared`].
		#[pallet::call_index(6)]
		#[pallet::authorize(|_source, heartbeat, signature| {
			Pallet::<T>::check_heartbeat(heartbeat, Some(signature))
				.map(|_| Pallet::<T>::attestation_validity(
					(b"heartbeat", heartbeat.session, heartbeat.validator_index),
					1u32.into(),
				))
				.map_err(Pallet::<T>::invalid)
		})]
		pub fn heartbeat(
			origin: OriginFor<T>,
			heartbeat: Heartbeat,
			signature: AttestationSignature,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			// `authorize` checked the signature; the state may have changed since.
			let _ = signature;
			let who = Self::check_heartbeat(&heartbeat, None)?;
			Self::do_heartbeat(who, heartbeat);
			Ok(())
		}

		/// Commit to an answer in round `round`: `commitment` is
		/// `blake2_256(genesis hash, round, validator account, answer, salt)` (see
		/// [`Pallet::commitment_of`]). Sent by the validator's off-chain worker, signed with
		/// the attestation key of member `member` of the round's snapshot.
		///
		/// - Origin: authorized; late, duplicate, copied or foreign commitments never enter the
		///   pool.
		/// - Emits [`Event::Committed`].
		/// - Errors: [`Error::UnknownRound`], [`Error::WrongPhase`], [`Error::UnknownMember`],
		///   [`Error::BadSignature`], [`Error::AlreadyCommitted`], [`Error::DuplicateCommitment`].
		#[pallet::call_index(7)]
		#[pallet::authorize(|_source, round, member, commitment, signature| {
			Pallet::<T>::check_commit(*round, *member, commitment, Some(signature))
				.map(|(_, closes)| Pallet::<T>::attestation_validity((b"commit", *round, *member), closes))
				.map_err(Pallet::<T>::invalid)
		})]
		pub fn commit(
			origin: OriginFor<T>,
			round: RoundId,
			member: u32,
			commitment: H256,
			signature: AttestationSignature,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			let _ = signature;
			let (who, _) = Self::check_commit(round, member, &commitment, None)?;
			Self::do_commit(round, member, who, commitment);
			Ok(())
		}

		/// Reveal the answer committed to in round `round`, with its salt.
		///
		/// - Origin: authorized; a reveal outside the reveal period, without a matching
		///   commitment, repeated or foreign never enters the pool.
		/// - Emits [`Event::Revealed`].
		/// - Errors: [`Error::UnknownRound`], [`Error::WrongPhase`], [`Error::UnknownMember`],
		///   [`Error::BadSignature`], [`Error::NotCommitted`], [`Error::AlreadyRevealed`],
		///   [`Error::RevealMismatch`], [`Error::MalformedAnswer`].
		#[pallet::call_index(8)]
		#[pallet::authorize(|_source, round, member, answer, salt, signature| {
			Pallet::<T>::check_reveal(*round, *member, answer, salt, Some(signature))
				.map(|(_, closes)| Pallet::<T>::attestation_validity((b"reveal", *round, *member), closes))
				.map_err(Pallet::<T>::invalid)
		})]
		pub fn reveal(
			origin: OriginFor<T>,
			round: RoundId,
			member: u32,
			answer: Answer,
			salt: [u8; 32],
			signature: AttestationSignature,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			let _ = signature;
			let (who, _) = Self::check_reveal(round, member, &answer, &salt, None)?;
			Self::do_reveal(round, member, who, answer);
			Ok(())
		}

		/// Cancel the slash of `who` pending for session `session`.
		///
		/// - Origin: `SlashCancelOrigin` (governance).
		/// - Emits [`Event::SlashCancelled`].
		/// - Errors: [`Error::NoSuchSlash`].
		#[pallet::call_index(9)]
		pub fn cancel_deferred_slash(
			origin: OriginFor<T>,
			session: SessionIndex,
			who: T::AccountId,
		) -> DispatchResult {
			T::SlashCancelOrigin::ensure_origin(origin)?;
			Self::do_cancel_deferred_slash(session, who)
		}
	}
}

/// The attestation keys of the current session's validators: other pallets accept authorized
/// transactions signed with them (the Bitcoin relay's off-chain submissions).
impl<T: Config> frame_support::traits::Contains<AttestationId> for Pallet<T> {
	fn contains(key: &AttestationId) -> bool {
		AttestationKeys::<T>::get().contains(key)
	}
}

impl<T: Config> Pallet<T> {
	/// The invariants of this pallet:
	///
	/// - a session has a positive length, and there is one attestation key per current validator;
	/// - every ledger's total equals the funds held for it, and no ledger is empty;
	/// - every candidate has a ledger, and there are at most `MaxCandidates`;
	/// - every validator queued in pallet-session was planned by this pallet.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(!SessionLength::<T>::get().is_zero(), "session length is zero");
		ensure!(
			AttestationKeys::<T>::decode_len().unwrap_or(0)
				== pallet_session::Validators::<T>::decode_len().unwrap_or(0),
			"attestation keys do not match the session's validators"
		);
		let reason: T::RuntimeHoldReason = HoldReason::Bond.into();
		for (who, ledger) in Ledgers::<T>::iter() {
			ensure!(!ledger.is_empty(), "an empty ledger is stored");
			ensure!(
				CurrencyOf::<T>::balance_on_hold(&reason, &who) == ledger.total(),
				"a bond differs from the balance held for it"
			);
		}
		ensure!(
			Candidates::<T>::iter_keys().all(|who| Ledgers::<T>::contains_key(&who)),
			"a candidate has no ledger"
		);
		ensure!(Candidates::<T>::count() <= T::MaxCandidates::get(), "too many candidates");
		// Rounds: counted, bounded, and nothing outlives its round.
		let open = Rounds::<T>::iter_keys().count();
		ensure!(
			open == usize::try_from(OpenRoundCount::<T>::get()).unwrap_or(usize::MAX),
			"the open round count is wrong"
		);
		ensure!(OpenRoundCount::<T>::get() <= T::MaxOpenRounds::get(), "too many open rounds");
		ensure!(
			Commitments::<T>::iter_keys().all(|(round, _)| Rounds::<T>::contains_key(round))
				&& CommitmentsSeen::<T>::iter_keys()
					.all(|(round, _)| Rounds::<T>::contains_key(round)),
			"a commitment outlived its round"
		);
		ensure!(
			Reveals::<T>::iter_keys()
				.all(|(round, member)| Commitments::<T>::contains_key(round, member)),
			"a reveal without a commitment"
		);
		ensure!(
			ClosingAt::<T>::iter_values().flatten().all(Rounds::<T>::contains_key)
				&& ClosingAt::<T>::iter_values().map(|rounds| rounds.len()).sum::<usize>() == open,
			"closing schedule and open rounds disagree"
		);
		// Every round's deposit is held from its payer.
		let deposit_reason: T::RuntimeHoldReason = HoldReason::RoundDeposit.into();
		let mut deposits: alloc::collections::BTreeMap<T::AccountId, BalanceOf<T>> =
			Default::default();
		for round in Rounds::<T>::iter_values() {
			let held = deposits.entry(round.payer).or_default();
			*held = held.saturating_add(round.deposit);
		}
		for (payer, deposit) in deposits {
			ensure!(
				CurrencyOf::<T>::balance_on_hold(&deposit_reason, &payer) == deposit,
				"a round deposit is not held"
			);
		}
		if let Some((planned, _)) = PlannedValidators::<T>::get() {
			ensure!(
				pallet_session::QueuedKeys::<T>::get().iter().all(|(who, _)| planned.contains(who)),
				"pallet-session queued a validator this pallet did not plan"
			);
		}
		Ok(())
	}

	/// For benchmarks, here and in pallets that open rounds: `m` bonded validators replace the
	/// current session's, each with a fresh attestation key in the keystore and a Filecoin
	/// declaration for the current session. Fails if a bond fails (more than `MaxCandidates`).
	#[cfg(feature = "runtime-benchmarks")]
	pub fn benchmark_attesters(
		m: u32,
	) -> Result<Vec<(T::AccountId, AttestationId)>, DispatchError> {
		use frame_support::traits::fungible::Mutate;
		use sp_runtime::RuntimeAppPublic;
		// The genesis candidates make room: the attesters replace the session's validators.
		let _ = Candidates::<T>::clear(u32::MAX, None);
		let session = Self::current_session();
		let filecoin = Sources { bitcoin: false, filecoin: true };
		let validators: Vec<(T::AccountId, AttestationId)> = (0..m)
			.map(|index| {
				let who: T::AccountId = frame_benchmarking::account("attester", index, 0);
				let plenty = T::MinBond::get().saturating_mul(1_000u32.into());
				CurrencyOf::<T>::set_balance(&who, plenty);
				Self::do_bond(&who, T::MinBond::get())?;
				Records::<T>::insert(
					&who,
					RecordOf::<T> { declared: Some((session, filecoin)), ..Default::default() },
				);
				Ok((who, AttestationId::generate_pair(None)))
			})
			.collect::<Result<_, DispatchError>>()?;
		pallet_session::Validators::<T>::put(
			validators.iter().map(|(who, _)| who.clone()).collect::<Vec<_>>(),
		);
		AttestationKeys::<T>::put(BoundedVec::truncate_from(
			validators.iter().map(|(_, key)| key.clone()).collect::<Vec<_>>(),
		));
		Ok(validators)
	}

	/// A heartbeat checked as `authorize` checks it, then applied: for tests that declare
	/// validators without a transaction pool.
	#[cfg(test)]
	pub(crate) fn do_heartbeat_for_tests(
		heartbeat: Heartbeat,
		signature: AttestationSignature,
	) -> Result<(), Error<T>> {
		let who = Self::check_heartbeat(&heartbeat, Some(&signature))?;
		Self::do_heartbeat(who, heartbeat);
		Ok(())
	}

	/// What [`runtime_api::ValidatorsApi::validators`] returns.
	pub fn api_validators() -> Vec<(T::AccountId, BalanceOf<T>)> {
		pallet_session::Validators::<T>::get()
			.into_iter()
			.map(|who| {
				let bond = Ledgers::<T>::get(&who).map(|ledger| ledger.active).unwrap_or_default();
				(who, bond)
			})
			.collect()
	}

	/// What [`runtime_api::ValidatorsApi::bond`] returns.
	pub fn api_bond(who: &T::AccountId) -> Option<runtime_api::BondInfo<BalanceOf<T>>> {
		let ledger = Ledgers::<T>::get(who)?;
		let delay = T::UnbondingSessions::get();
		Some(runtime_api::BondInfo {
			active: ledger.active,
			unlocking: ledger
				.unlocking
				.iter()
				.map(|chunk| (chunk.value, ledger.release_session(chunk.requested, delay)))
				.collect(),
			candidate: Candidates::<T>::contains_key(who),
		})
	}

	/// What [`runtime_api::ValidatorsApi::open_rounds`] returns.
	pub fn api_open_rounds(
	) -> Vec<runtime_api::RoundInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		Rounds::<T>::iter()
			.map(|(id, round)| runtime_api::RoundInfo {
				id,
				question: round.question,
				commit_end: round.commit_end,
				reveal_end: round.reveal_end,
				members: round.members.into_iter().map(|m| (m.who, m.bond)).collect(),
				committed: u32::try_from(Commitments::<T>::iter_prefix(id).count())
					.unwrap_or(u32::MAX),
				revealed: u32::try_from(Reveals::<T>::iter_prefix(id).count()).unwrap_or(u32::MAX),
			})
			.collect()
	}

	/// What [`runtime_api::ValidatorsApi::pending_slashes`] returns.
	pub fn api_pending_slashes(who: &T::AccountId) -> Vec<(SessionIndex, BalanceOf<T>)> {
		let now = Self::current_session();
		(now..=now.saturating_add(T::SlashDeferSessions::get()))
			.filter_map(|session| PendingSlashes::<T>::get(session, who).map(|a| (session, a)))
			.collect()
	}

	/// The session length and the blocks into the current session at `now` (one storage read),
	/// or `None` while the length is unset.
	fn session_position(now: BlockNumberFor<T>) -> Option<(BlockNumberFor<T>, BlockNumberFor<T>)> {
		let length = SessionLength::<T>::get();
		now.checked_rem(&length).map(|into| (length, into))
	}

	/// The index of the current session.
	fn current_session() -> SessionIndex {
		pallet_session::CurrentIndex::<T>::get()
	}

	fn record_attestation_keys<'a, I>(validators: I)
	where
		I: Iterator<Item = (&'a T::AccountId, AttestationId)>,
		T::AccountId: 'a,
	{
		let keys: Vec<AttestationId> = validators.map(|(_, key)| key).collect();
		let count = keys.len();
		let bounded = BoundedVec::<_, T::MaxValidators>::truncate_from(keys);
		if bounded.len() < count {
			log::error!(
				target: LOG_TARGET,
				"{count} validators but MaxValidators is {}: attestation keys truncated",
				T::MaxValidators::get(),
			);
		}
		AttestationKeys::<T>::put(bounded);
	}
}
