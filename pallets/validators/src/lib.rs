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
//! Session keys are registered through pallet-session: the operator's node generates them with
//! `author_rotateKeysWithOwner(account)`, which also returns a proof of possession, and the account
//! submits `session.setKeys(keys, proof)`.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::fungible::{BalancedHold, Inspect, InspectHold, Mutate, MutateHold},
	BoundedVec,
};
use frame_system::pallet_prelude::*;
use hashmix_primitives::{attestation::AttestationId, SessionIndex};
use sp_arithmetic::traits::CheckedRem;
use sp_runtime::traits::Zero;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

mod features;
mod session;
mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
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

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config
		+ pallet_session::Config<ValidatorId = <Self as frame_system::Config>::AccountId>
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

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A validator's bond, active or unbonding.
		#[codec(index = 0)]
		Bond,
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
		if let Some((planned, _)) = PlannedValidators::<T>::get() {
			ensure!(
				pallet_session::QueuedKeys::<T>::get().iter().all(|(who, _)| planned.contains(who)),
				"pallet-session queued a validator this pallet did not plan"
			);
		}
		Ok(())
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
