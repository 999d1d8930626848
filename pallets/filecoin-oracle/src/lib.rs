//! # Filecoin oracle
//!
//! Filecoin's state cannot be proven to this chain by a light client, so it is established by the
//! validators: each validator's off-chain worker asks its own Lotus node, the validator pallet's
//! attestation round commits and reveals the answers, the stake-weighted agreed answer is final
//! when more than two thirds of the snapshotted bond agree, and a validator whose answer disagrees
//! with the agreed one is slashed. This pallet asks the questions and keeps the answers.
//!
//! - **Questions** ([`FilecoinQuestion`]): a [`Query`] about a miner (`f0<id>`) at an exact epoch.
//!   The epoch is fixed when the round opens: Filecoin epochs are 30 s from Filecoin's genesis
//!   ([`Config::FilecoinGenesisTime`]), so it is computed from this chain's timestamp, minus
//!   [`Config::FinalityMargin`] epochs so that every honest Lotus node has the same tipset. Other
//!   pallets ask through [`FilecoinEvidence`]; any account can [`ask`](Pallet::ask) and pays the
//!   round deposit. How each answer is laid out and compared (addresses, digests and CIDs
//!   exactly, power and balances within [`Config::PowerTolerance`] and
//!   [`Config::BalanceTolerance`]) is in [`facts`].
//! - **Answers**: an agreed answer is stored per question (miner, epoch, query) and retained for
//!   the last [`Config::MaxStoredFacts`] answers (a ring: the oldest is dropped), readable through
//!   [`FilecoinEvidence::fact`] and the runtime API; the asking pallets hear it through
//!   [`Config::OnFact`].
//! - **Miner binding by marker**: [`request_binding`](Pallet::request_binding) issues a marker for
//!   (account, miner); the miner publishes `hashmix-<hex>` in its on-chain PeerId or multiaddresses
//!   (`lotus-miner actor set-addrs /dns4/hashmix-<hex>/tcp/1`), which only its owner or worker
//!   can change; [`confirm_binding`](Pallet::confirm_binding) opens a round that checks it, and the
//!   agreed answer records the binding. The protocol never signs on Filecoin.
//! - **The off-chain worker** is in [`worker`]: it is this runtime's `AnswerProvider` for the
//!   validator pallet.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::Precision,
		Contains, UnixTime,
	},
	BoundedVec,
};
use frame_system::pallet_prelude::*;
use hashmix_primitives::{
	attestation::{AttestationRounds, OnRoundOutcome, Question, RoundId, RoundOutcome, Source},
	filecoin::{
		Epoch, Fact, FilecoinEvidence, FilecoinQuestion, Marker, MinerId, OnFilecoinFact, Query,
		EPOCH_SECONDS, MARKER_BYTES,
	},
};
use scale_info::TypeInfo;
use sp_runtime::{traits::Zero, Permill};

pub use pallet::*;
pub use weights::WeightInfo;

pub mod facts;
pub mod runtime_api;
pub mod weights;
pub mod worker;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
#[allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test code: a panic is a failed test"
)]
mod mock;
#[cfg(test)]
#[allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test code: a panic is a failed test"
)]
mod tests;

const LOG_TARGET: &str = "runtime::filecoin-oracle";

/// An amount of the currency deposits are held in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A question waiting for its round to close, and why it was asked.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct PendingQuestion<AccountId> {
	/// The question.
	pub question: FilecoinQuestion,
	/// For a binding round, the account asking to be bound.
	pub binding: Option<AccountId>,
}

/// An agreed answer as stored.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct StoredFact<BlockNumber> {
	/// The fact.
	pub fact: Fact,
	/// The round that agreed it.
	pub round: RoundId,
	/// The block it was agreed in.
	pub at: BlockNumber,
	/// Its slot in the retention ring.
	pub slot: u32,
}

/// A request to bind a miner to an account.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct BindingRequest<Balance> {
	/// The marker the miner must publish.
	pub marker: Marker,
	/// The deposit held for the request.
	pub deposit: Balance,
	/// The round checking it, while one is open.
	pub round: Option<RoundId>,
}

/// What the benchmarks need from the runtime to open rounds.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Makes `Rounds::open_round` succeed for Filecoin questions (declared, bonded attesters,
	/// as many as the worst case has) and sets the clock past Filecoin's genesis plus the
	/// finality margin.
	fn prepare_rounds() -> Result<(), sp_runtime::DispatchError>;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency binding deposits are held in (HSM).
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// The validators' attestation rounds.
		type Rounds: AttestationRounds<Self::AccountId>;

		/// This chain's clock (pallet-timestamp): the question epoch is computed from it.
		type UnixTime: UnixTime;

		/// When Filecoin's epoch 0 began, in Unix seconds (mainnet: 1598306400).
		#[pallet::constant]
		type FilecoinGenesisTime: Get<u64>;

		/// How many epochs below the current one questions are asked about, so that every honest
		/// Lotus node has the same tipset at that height (Filecoin's finality is 900 epochs).
		#[pallet::constant]
		type FinalityMargin: Get<u64>;

		/// How far from the agreed value an answer's power fields may be.
		#[pallet::constant]
		type PowerTolerance: Get<Permill>;

		/// How far from the agreed value an answer's token amounts may be.
		#[pallet::constant]
		type BalanceTolerance: Get<Permill>;

		/// What a binding request holds from the requester until the binding is confirmed or the
		/// request cancelled.
		#[pallet::constant]
		type BindingDeposit: Get<BalanceOf<Self>>;

		/// How many agreed answers are kept; beyond that the oldest is dropped.
		#[pallet::constant]
		type MaxStoredFacts: Get<u32>;

		/// How many miners one account may have bound.
		#[pallet::constant]
		type MaxMinersPerAccount: Get<u32>;

		/// The miners something still depends on (an NFT, a loan): they cannot be unbound.
		type MinersInUse: Contains<MinerId>;

		/// The pallets that asked: told each answer.
		type OnFact: OnFilecoinFact;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up what the benchmarks need.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a binding request.
		#[codec(index = 0)]
		BindingDeposit,
	}

	/// The questions whose rounds are open. Bounded by the validator pallet's `MaxOpenRounds`.
	#[pallet::storage]
	pub type Pending<T: Config> =
		StorageMap<_, Twox64Concat, RoundId, PendingQuestion<T::AccountId>>;

	/// The agreed answers retained. Questions name miners chosen by users, so the key is hashed.
	#[pallet::storage]
	pub type Facts<T: Config> =
		StorageMap<_, Blake2_128Concat, FilecoinQuestion, StoredFact<BlockNumberFor<T>>>;

	/// The retention ring: which question each slot holds.
	#[pallet::storage]
	pub type FactSlots<T: Config> = StorageMap<_, Twox64Concat, u32, FilecoinQuestion>;

	/// The slot the next agreed answer takes.
	#[pallet::storage]
	pub type NextFactSlot<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Binding requests by miner and requesting account.
	#[pallet::storage]
	pub type BindingRequests<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		MinerId,
		Blake2_128Concat,
		T::AccountId,
		BindingRequest<BalanceOf<T>>,
	>;

	/// The account each bound miner belongs to.
	#[pallet::storage]
	pub type Bindings<T: Config> = StorageMap<_, Blake2_128Concat, MinerId, T::AccountId>;

	/// The miners bound to each account.
	#[pallet::storage]
	pub type MinersOf<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<MinerId, T::MaxMinersPerAccount>,
		ValueQuery,
	>;

	/// A counter that makes every marker different.
	#[pallet::storage]
	pub type MarkerNonce<T: Config> = StorageValue<_, u64, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	// Each variant's doc line names and explains its fields.
	#[allow(missing_docs)]
	pub enum Event<T: Config> {
		/// `who` asked round `round` on `question`.
		QuestionAsked { who: T::AccountId, round: RoundId, question: FilecoinQuestion },
		/// Round `round` agreed the answer to `question` (stored in `Facts`).
		FactAgreed { round: RoundId, question: FilecoinQuestion },
		/// Round `round` on `question` ended without an agreed answer.
		NoFact { round: RoundId, question: FilecoinQuestion, outcome: RoundOutcome },
		/// `who` asked to bind `miner`: the miner must publish `marker` (as `hashmix-<hex>`).
		BindingRequested { who: T::AccountId, miner: MinerId, marker: Marker },
		/// Round `round` checks whether `miner` published `who`'s marker at `epoch`.
		BindingRoundOpened { who: T::AccountId, miner: MinerId, round: RoundId, epoch: Epoch },
		/// `miner` is bound to `who`.
		MinerBound { who: T::AccountId, miner: MinerId },
		/// Round `round` did not confirm `who`'s binding of `miner`; the request stays and can be
		/// confirmed again.
		BindingNotConfirmed { who: T::AccountId, miner: MinerId, round: RoundId },
		/// `who` withdrew its request to bind `miner`.
		BindingCancelled { who: T::AccountId, miner: MinerId },
		/// `who` unbound `miner`.
		MinerUnbound { who: T::AccountId, miner: MinerId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The miner is bound already.
		AlreadyBound,
		/// This account asked to bind this miner already.
		AlreadyRequested,
		/// This account has no request to bind this miner.
		NoRequest,
		/// A round is checking this request already: wait for it to close.
		RoundInFlight,
		/// The account has `MaxMinersPerAccount` miners bound already.
		TooManyMiners,
		/// The miner is not bound to this account.
		NotBound,
		/// Something still depends on this miner (an NFT, a loan): it cannot be unbound.
		MinerInUse,
		/// This chain's clock is not past Filecoin's genesis plus the finality margin.
		BeforeFilecoinGenesis,
		/// The account cannot cover the deposit.
		InsufficientDeposit,
		/// Markers are checked by `confirm_binding`, not asked about directly.
		MarkerByBinding,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxStoredFacts::get() > 0, "MaxStoredFacts must be above zero");
			assert!(T::MaxMinersPerAccount::get() > 0, "MaxMinersPerAccount must be above zero");
			for query in [
				Query::MinerInfo,
				Query::MinerPower,
				Query::SectorCounts,
				Query::Sector(0),
				Query::AvailableBalance,
				Query::Marker([0; MARKER_BYTES]),
			] {
				let question = FilecoinQuestion { miner: u64::MAX, epoch: u64::MAX, query };
				assert!(
					Pallet::<T>::question(&question).is_some(),
					"every question fits an attestation question"
				);
			}
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Ask the validators `query` about `miner` at the current question epoch; the caller
		/// pays the round deposit. The agreed answer is stored in `Facts` when the round closes.
		///
		/// - Origin: signed.
		/// - Emits [`Event::QuestionAsked`], later [`Event::FactAgreed`] or [`Event::NoFact`].
		/// - Errors: [`Error::MarkerByBinding`], [`Error::BeforeFilecoinGenesis`], and the
		///   validator pallet's (`NotEnoughAttesters`, `TooManyOpenRounds`,
		///   `InsufficientDeposit`, ...).
		#[pallet::call_index(0)]
		pub fn ask(origin: OriginFor<T>, miner: MinerId, query: Query) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!matches!(query, Query::Marker(_)), Error::<T>::MarkerByBinding);
			Self::do_ask(&who, miner, query, None).map(|_| ())
		}

		/// Ask to bind `miner` to the caller. A deposit is held and a marker issued
		/// ([`Event::BindingRequested`]); the miner then publishes `hashmix-<marker hex>` in its
		/// PeerId or multiaddresses on Filecoin, and the caller calls `confirm_binding`.
		///
		/// - Origin: signed.
		/// - Emits [`Event::BindingRequested`].
		/// - Errors: [`Error::AlreadyBound`], [`Error::AlreadyRequested`],
		///   [`Error::TooManyMiners`], [`Error::InsufficientDeposit`].
		#[pallet::call_index(1)]
		pub fn request_binding(origin: OriginFor<T>, miner: MinerId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Bindings::<T>::contains_key(miner), Error::<T>::AlreadyBound);
			ensure!(!BindingRequests::<T>::contains_key(miner, &who), Error::<T>::AlreadyRequested);
			ensure!(
				MinersOf::<T>::decode_len(&who).unwrap_or(0)
					< usize::try_from(T::MaxMinersPerAccount::get()).unwrap_or(usize::MAX),
				Error::<T>::TooManyMiners
			);
			let deposit = T::BindingDeposit::get();
			T::Currency::hold(&HoldReason::BindingDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
			let marker = Self::next_marker(&who, miner);
			BindingRequests::<T>::insert(
				miner,
				&who,
				BindingRequest { marker, deposit, round: None },
			);
			Self::deposit_event(Event::BindingRequested { who, miner, marker });
			Ok(())
		}

		/// Open a round that checks whether `miner` publishes the caller's marker at the current
		/// question epoch. The caller pays the round deposit. If the round agrees the marker is
		/// there, `miner` is bound to the caller and the binding deposit released.
		///
		/// - Origin: signed, an account with a binding request for `miner`.
		/// - Emits [`Event::BindingRoundOpened`], later [`Event::MinerBound`] or
		///   [`Event::BindingNotConfirmed`].
		/// - Errors: [`Error::NoRequest`], [`Error::RoundInFlight`], [`Error::AlreadyBound`],
		///   [`Error::BeforeFilecoinGenesis`], and the validator pallet's.
		#[pallet::call_index(2)]
		pub fn confirm_binding(origin: OriginFor<T>, miner: MinerId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut request =
				BindingRequests::<T>::get(miner, &who).ok_or(Error::<T>::NoRequest)?;
			ensure!(request.round.is_none(), Error::<T>::RoundInFlight);
			ensure!(!Bindings::<T>::contains_key(miner), Error::<T>::AlreadyBound);
			let (round, question) =
				Self::do_ask(&who, miner, Query::Marker(request.marker), Some(who.clone()))?;
			request.round = Some(round);
			BindingRequests::<T>::insert(miner, &who, request);
			Self::deposit_event(Event::BindingRoundOpened {
				who,
				miner,
				round,
				epoch: question.epoch,
			});
			Ok(())
		}

		/// Withdraw the request to bind `miner` and release its deposit. A round still checking
		/// it then binds nothing.
		///
		/// - Origin: signed, an account with a binding request for `miner`.
		/// - Emits [`Event::BindingCancelled`].
		/// - Errors: [`Error::NoRequest`].
		#[pallet::call_index(3)]
		pub fn cancel_binding(origin: OriginFor<T>, miner: MinerId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let request = BindingRequests::<T>::take(miner, &who).ok_or(Error::<T>::NoRequest)?;
			Self::release_deposit(&who, request.deposit);
			Self::deposit_event(Event::BindingCancelled { who, miner });
			Ok(())
		}

		/// Unbind `miner` from the caller, when nothing depends on it any more.
		///
		/// - Origin: signed, the account `miner` is bound to.
		/// - Emits [`Event::MinerUnbound`].
		/// - Errors: [`Error::NotBound`], [`Error::MinerInUse`].
		#[pallet::call_index(4)]
		pub fn unbind_miner(origin: OriginFor<T>, miner: MinerId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Bindings::<T>::get(miner).as_ref() == Some(&who), Error::<T>::NotBound);
			ensure!(!T::MinersInUse::contains(&miner), Error::<T>::MinerInUse);
			Bindings::<T>::remove(miner);
			MinersOf::<T>::mutate(&who, |miners| miners.retain(|bound| *bound != miner));
			Self::deposit_event(Event::MinerUnbound { who, miner });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The epoch questions asked now are about: the current Filecoin epoch by this chain's clock,
	/// minus the finality margin; `None` before that is past Filecoin's genesis.
	pub fn question_epoch() -> Option<Epoch> {
		let now = T::UnixTime::now().as_secs();
		let since_genesis = now.checked_sub(T::FilecoinGenesisTime::get())?;
		let current = since_genesis.checked_div(EPOCH_SECONDS)?;
		current.checked_sub(T::FinalityMargin::get())
	}

	/// The tolerances of numeric answer fields.
	pub fn tolerances() -> facts::Tolerances {
		facts::Tolerances { power: T::PowerTolerance::get(), balance: T::BalanceTolerance::get() }
	}

	/// `question` as an attestation round's question: the Filecoin source, the question
	/// SCALE-encoded, and the rule of each answer field.
	pub fn question(question: &FilecoinQuestion) -> Option<Question> {
		Some(Question {
			source: Source::Filecoin,
			body: BoundedVec::try_from(question.encode()).ok()?,
			rules: BoundedVec::try_from(facts::rules(&question.query, Self::tolerances())).ok()?,
		})
	}

	/// Opens a round on `query` about `miner` at the question epoch, paid by `payer`.
	fn do_ask(
		payer: &T::AccountId,
		miner: MinerId,
		query: Query,
		binding: Option<T::AccountId>,
	) -> Result<(RoundId, FilecoinQuestion), DispatchError> {
		let epoch = Self::question_epoch().ok_or(Error::<T>::BeforeFilecoinGenesis)?;
		let question = FilecoinQuestion { miner, epoch, query };
		// Every query fits (checked by `integrity_test`).
		let asked = Self::question(&question).ok_or(Error::<T>::MarkerByBinding)?;
		let round = T::Rounds::open_round(payer, asked)?;
		let asker = binding.is_none().then(|| payer.clone());
		Pending::<T>::insert(round, PendingQuestion { question, binding });
		if let Some(who) = asker {
			Self::deposit_event(Event::QuestionAsked { who, round, question });
		}
		Ok((round, question))
	}

	/// A marker for `who` binding `miner`, different from every other marker issued.
	fn next_marker(who: &T::AccountId, miner: MinerId) -> Marker {
		let nonce = MarkerNonce::<T>::mutate(|nonce| {
			*nonce = nonce.wrapping_add(1);
			*nonce
		});
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let digest =
			sp_io::hashing::blake2_256(&(b"hashmix/marker", genesis, who, miner, nonce).encode());
		let mut marker = [0u8; MARKER_BYTES];
		for (byte, source) in marker.iter_mut().zip(digest.iter()) {
			*byte = *source;
		}
		marker
	}

	fn release_deposit(who: &T::AccountId, deposit: BalanceOf<T>) {
		if let Err(error) = T::Currency::release(
			&HoldReason::BindingDeposit.into(),
			who,
			deposit,
			Precision::BestEffort,
		) {
			log::error!(target: LOG_TARGET, "binding deposit of {who:?} not released: {error:?}");
		}
	}

	/// Stores an agreed fact in the next ring slot, dropping the fact that held it.
	fn store_fact(round: RoundId, question: FilecoinQuestion, fact: Fact) {
		let capacity = T::MaxStoredFacts::get().max(1);
		let slot = NextFactSlot::<T>::get();
		NextFactSlot::<T>::put(slot.saturating_add(1).checked_rem(capacity).unwrap_or(0));
		if let Some(evicted) = FactSlots::<T>::get(slot) {
			// The same question agreed again since has moved to a newer slot.
			if Facts::<T>::get(evicted).is_some_and(|stored| stored.slot == slot) {
				Facts::<T>::remove(evicted);
			}
		}
		if let Some(previous) = Facts::<T>::get(question) {
			FactSlots::<T>::remove(previous.slot);
		}
		FactSlots::<T>::insert(slot, question);
		let at = frame_system::Pallet::<T>::block_number();
		Facts::<T>::insert(question, StoredFact { fact, round, at, slot });
	}

	/// Binds `miner` to `who` after an agreed marker answer, if still possible.
	fn bind(who: &T::AccountId, miner: MinerId, round: RoundId, fact: Option<&Fact>) {
		let Some(request) = BindingRequests::<T>::get(miner, who) else {
			// Cancelled while the round was open.
			return;
		};
		let found = matches!(fact, Some(Fact::Marker(marker)) if marker.found);
		let bound = found
			&& !Bindings::<T>::contains_key(miner)
			&& MinersOf::<T>::try_mutate(who, |miners| miners.try_push(miner)).is_ok();
		if bound {
			BindingRequests::<T>::remove(miner, who);
			Bindings::<T>::insert(miner, who);
			Self::release_deposit(who, request.deposit);
			Self::deposit_event(Event::MinerBound { who: who.clone(), miner });
		} else {
			BindingRequests::<T>::insert(miner, who, BindingRequest { round: None, ..request });
			Self::deposit_event(Event::BindingNotConfirmed { who: who.clone(), miner, round });
		}
	}

	/// The invariants of this pallet:
	///
	/// - every retained fact is in the ring slot it names, and every slot names a retained fact;
	///   at most `MaxStoredFacts` are retained;
	/// - every binding is listed under its account and every listed miner is bound to it;
	/// - every binding request's deposit is held (in total per account), and a request with a
	///   round has that round pending;
	/// - every pending question fits an attestation question.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut retained = 0u32;
		for (question, stored) in Facts::<T>::iter() {
			ensure!(
				FactSlots::<T>::get(stored.slot) == Some(question),
				"a fact is not in the slot it names"
			);
			retained = retained.saturating_add(1);
		}
		ensure!(retained <= T::MaxStoredFacts::get(), "more facts retained than MaxStoredFacts");
		ensure!(
			FactSlots::<T>::iter()
				.all(|(slot, question)| Facts::<T>::get(question).is_some_and(|s| s.slot == slot)),
			"a ring slot names no retained fact"
		);
		for (miner, who) in Bindings::<T>::iter() {
			ensure!(MinersOf::<T>::get(&who).contains(&miner), "a binding is not listed");
		}
		for (who, miners) in MinersOf::<T>::iter() {
			ensure!(
				miners.iter().all(|miner| Bindings::<T>::get(miner).as_ref() == Some(&who)),
				"a listed miner is not bound to its account"
			);
		}
		let mut deposits: alloc::collections::BTreeMap<T::AccountId, BalanceOf<T>> =
			Default::default();
		for (_, who, request) in BindingRequests::<T>::iter() {
			if let Some(round) = request.round {
				ensure!(Pending::<T>::contains_key(round), "a binding round is not pending");
			}
			let held = deposits.entry(who).or_default();
			*held = sp_runtime::Saturating::saturating_add(*held, request.deposit);
		}
		let reason: T::RuntimeHoldReason = HoldReason::BindingDeposit.into();
		for (who, deposit) in deposits {
			ensure!(
				<T::Currency as frame_support::traits::fungible::InspectHold<_>>::balance_on_hold(
					&reason, &who
				) == deposit,
				"binding deposits are not held"
			);
		}
		ensure!(
			Pending::<T>::iter_values().all(|pending| Self::question(&pending.question).is_some()),
			"a pending question does not fit"
		);
		Ok(())
	}

	/// What the runtime API's `binding_request` returns: the marker's text and the round checking
	/// it.
	pub fn api_binding_request(
		miner: MinerId,
		who: &T::AccountId,
	) -> Option<runtime_api::BindingInfo> {
		BindingRequests::<T>::get(miner, who).map(|request| runtime_api::BindingInfo {
			marker: worker::marker_text(&request.marker).into_bytes(),
			round: request.round,
		})
	}
}

impl<T: Config> OnRoundOutcome for Pallet<T> {
	fn on_round_outcome(round: RoundId, outcome: &RoundOutcome) -> Weight {
		let Some(pending) = Pending::<T>::take(round) else {
			return T::DbWeight::get().reads(1);
		};
		let question = pending.question;
		let fact = match outcome {
			RoundOutcome::Agreed(answer) => {
				let fact = facts::from_answer(&question.query, answer);
				if fact.is_none() {
					log::error!(target: LOG_TARGET, "round {round}: the agreed answer does not fit {question:?}");
				}
				fact
			}
			_ => None,
		};
		match &fact {
			Some(fact) => {
				Self::store_fact(round, question, fact.clone());
				Self::deposit_event(Event::FactAgreed { round, question });
			}
			None => {
				Self::deposit_event(Event::NoFact { round, question, outcome: outcome.clone() })
			}
		}
		if let Some(who) = pending.binding {
			Self::bind(&who, question.miner, round, fact.as_ref());
		}
		let callback = T::OnFact::on_filecoin_fact(round, &question, fact.as_ref());
		T::WeightInfo::on_round_outcome().saturating_add(callback)
	}
}

impl<T: Config> FilecoinEvidence<T::AccountId> for Pallet<T> {
	fn ask(
		payer: &T::AccountId,
		miner: MinerId,
		query: Query,
	) -> Result<(RoundId, FilecoinQuestion), DispatchError> {
		ensure!(!matches!(query, Query::Marker(_)), Error::<T>::MarkerByBinding);
		Self::do_ask(payer, miner, query, None)
	}

	fn fact(question: &FilecoinQuestion) -> Option<Fact> {
		Facts::<T>::get(question).map(|stored| stored.fact)
	}

	fn bound_account(miner: MinerId) -> Option<T::AccountId> {
		Bindings::<T>::get(miner)
	}

	fn question_epoch() -> Option<Epoch> {
		Pallet::<T>::question_epoch()
	}

	fn rounds_available() -> u32 {
		T::Rounds::rounds_available()
	}
}
