//! # Bitcoin relay
//!
//! What HashMix Chain knows about Bitcoin, without trusting anyone who tells it:
//!
//! - **Headers.** Governance [`initialize`](Pallet::initialize)s the relay at a checkpoint on a
//!   difficulty-period boundary (mainnet; or regtest, for tests; testnet and signet are refused,
//!   their difficulty rules let anyone forge headers). Anyone then
//!   [`submit_headers`](Pallet::submit_headers): each header must link to a stored one, have a
//!   timestamp above its median time past and at most two hours ahead of the chain's clock, carry
//!   exactly the `bits` the retarget rule requires, and meet them (checked in that order, by
//!   [`hashmix_bitcoin::pow::check_header`]). The best chain is the one with the most cumulative
//!   work, not the longest; a heavier fork reorganises it. Forks are bounded: at most
//!   [`Config::MaxHeadersPerHeight`] headers per height, none attaching more than
//!   [`Config::MaxReorgDepth`] below the tip. Headers live in a window of
//!   [`Config::HeaderWindow`] heights below the tip; older ones are pruned as the tip advances.
//! - **Payouts.** [`submit_payout_proof`](Pallet::submit_payout_proof) proves that a transaction in
//!   a best-chain block with [`Config::Confirmations`] confirmations paid registered scripts: the
//!   witness-stripped transaction and its merkle branch, the block's coinbase with its branch at
//!   position 0 (same root, same depth), and every previous transaction it spends from. An output
//!   is credited only if the money comes from a mining pool: the coinbase itself, or a transaction
//!   whose every input spends an output locked to a pool payout script on the governance
//!   allowlist ([`add_pool_script`](Pallet::add_pool_script)). The source is read from the
//!   previous transaction's output, whose txid must be the outpoint's: never from witness or
//!   scriptSig bytes, which anyone can make look like a pool's. Money from the destination itself
//!   or from the miner's own scripts never counts. Outputs are credited once, per (txid, vout),
//!   to (registration, Bitcoin day), and only up to a running cap: the registration's credited
//!   total may not exceed [`Config::CreditCapPercent`] of its expected subsidy income since it was
//!   registered. A reorganisation revokes the credits of the blocks it abandons.
//! - **Expectation.** For each Bitcoin day (UTC day of a block's median time past) the relay
//!   records the difficulty and subsidy of the day's first best-chain block; the full-pay-per-share
//!   expectation of a hashrate `H` is `H * 86400 * subsidy / (D * 2^32)`, rounded up
//!   ([`hashmix_bitcoin::reward`]). A day settles [`Config::SettlementLagDays`] days later: its fee
//!   share is frozen from the fee ratio of the coinbases proven for its blocks (at least
//!   [`Config::MinFeeSamples`] of them), else from the governance-set
//!   [`DefaultFeeRatio`], and never changes again.
//!
//! - **Off-chain worker.** On a validator's node with an Esplora endpoint
//!   (`--bitcoin-esplora-url`), the worker relays the headers the relay lacks and the payout
//!   proofs of registered scripts by itself (see `features/worker.rs`), as
//!   [`relay_headers`](Pallet::relay_headers) and [`relay_payout_proof`](Pallet::relay_payout_proof):
//!   authorized, fee-free transactions signed with the validator's attestation key, accepted from
//!   [`Config::Attesters`] only and only when a dry run passes.
//!
//! Destinations are registered by the hashpower pallet through
//! [`PayoutDestinations`](hashmix_primitives::bitcoin::PayoutDestinations), or by governance with
//! [`register_script`](Pallet::register_script).
//!
//! ## Weights
//!
//! Measured on the reference machine (2 cores, `runtime/src/weights/pallet_btc_relay.rs`):
//! one header extending the best chain costs 275 M ps of reference time (the `submit_headers`
//! slope) with 5 reads and 74 writes, in its worst case of also pruning a height with
//! `MaxHeadersPerHeight` headers and a block with `MaxCreditsPerBlock` credits; a payout proof
//! costs 3,902 M ps + 146,027 ps a byte (the byte slope is dominated by registry lookups of
//! outputs, whose reads [`Pallet::payout_proof_weight`] adds by count). interBTC's relay
//! publishes 67.9 M ps for `store_block_header`, whose measured path has no pruning, fork bound
//! or credits. The relayed calls add their `authorize` (signature and dry run): 319 M ps a
//! header, 2,806 M ps + 148,748 ps a byte for a proof.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod features;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
// Regtest chains for this pallet's tests and benchmarks, and for other pallets' stories and
// benchmarks: compiled natively (std) and into benchmark runtimes, never into a production wasm.
#[cfg(any(feature = "std", feature = "runtime-benchmarks"))]
pub mod testing;
#[cfg(test)]
mod tests;

pub use features::{
	assemble::{assemble_payout_proof, AssembleError},
	authorized::RELAY_LONGEVITY,
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::{
	pallet_prelude::*,
	traits::{Contains, UnixTime},
	BoundedVec,
};
use frame_system::pallet_prelude::*;
use hashmix_bitcoin::{header::RawHeader, Network, H256};
use hashmix_primitives::{
	attestation::{AttestationId, AttestationSignature},
	bitcoin::{RegistrationId, Script},
};
use sp_runtime::transaction_validity::TransactionPriority;

/// The log target of this pallet and its off-chain worker.
pub const LOG_TARGET: &str = "runtime::btc-relay";

/// What the benchmarks of the relayed calls need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Makes `key` an attestation key of the current validators.
	fn make_attester(key: &AttestationId);
}

/// A payout proof as this runtime bounds it.
pub type PayoutProofOf<T> = PayoutProof<
	<T as Config>::MaxProofBytes,
	<T as Config>::MaxBranchDepth,
	<T as Config>::MaxPreviousTransactions,
>;

/// A registration as stored.
pub type RegistrationOf<T> = Registration<<T as Config>::MaxMinerScripts>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config + frame_system::offchain::CreateAuthorizedTransaction<Call<Self>>
	{
		/// The chain's clock, which bounds how far ahead a header's timestamp may be.
		type UnixTime: UnixTime;

		/// Who initializes the relay, keeps the pool allowlist and the default fee ratio, and
		/// registers scripts by hand: governance (root until the council exists).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Confirmations (the block itself counts as one) before a block's payouts can be proven.
		/// Six is Bitcoin's custom; a reorganisation deeper than this revokes credits.
		#[pallet::constant]
		type Confirmations: Get<u32>;

		/// The most headers one `submit_headers` carries.
		#[pallet::constant]
		type MaxHeadersPerBatch: Get<u32>;

		/// How many heights below the tip headers are kept. Payouts can be proven only for blocks
		/// in the window, so it must exceed `MaxReorgDepth`; a month (4,320) leaves room for late
		/// proofs.
		#[pallet::constant]
		type HeaderWindow: Get<u32>;

		/// The most headers stored at one height (the best one and its competitors): the fork
		/// bound.
		#[pallet::constant]
		type MaxHeadersPerHeight: Get<u32>;

		/// How far below the tip a fork may attach, and so the deepest reorganisation. Below a
		/// day's blocks (144), so that a settled day cannot be reorganised away.
		#[pallet::constant]
		type MaxReorgDepth: Get<u32>;

		/// The most transaction bytes in one payout proof (paying transaction, coinbase and
		/// previous transactions together). Real pool batch payouts have hundreds of outputs:
		/// tens of kilobytes.
		#[pallet::constant]
		type MaxProofBytes: Get<u32>;

		/// The deepest merkle branch accepted (16 covers every possible block).
		#[pallet::constant]
		type MaxBranchDepth: Get<u32>;

		/// The most previous transactions one proof carries.
		#[pallet::constant]
		type MaxPreviousTransactions: Get<u32>;

		/// The most outputs credited in one block; bounds what pruning and reorganisations undo.
		#[pallet::constant]
		type MaxCreditsPerBlock: Get<u32>;

		/// The most scripts a registration names as the miner's own.
		#[pallet::constant]
		type MaxMinerScripts: Get<u32>;

		/// Outputs below this many satoshis are ignored.
		#[pallet::constant]
		type DustThreshold: Get<u64>;

		/// The running cap: a registration's credited total may reach this percentage of its
		/// expected subsidy income since registration (at least 100; the excess over 100 covers fees
		/// and payout timing).
		#[pallet::constant]
		type CreditCapPercent: Get<u32>;

		/// Days after which a Bitcoin day settles: pools pay day `d` on day `d + 1`, then
		/// confirmations and worker latency.
		#[pallet::constant]
		type SettlementLagDays: Get<u32>;

		/// Proven coinbases a day needs for its own fee ratio; with fewer, the default applies.
		#[pallet::constant]
		type MinFeeSamples: Get<u32>;

		/// On regtest only: the `bits` Bitcoin days record for the expectation, instead of the
		/// headers' own. Regtest's minimum difficulty would make any hashrate's expectation
		/// enormous; tests of payouts against expectations inject a mainnet-like difficulty here.
		/// Ignored on mainnet; `()` (none) in a production runtime.
		type RegtestExpectationBits: Get<Option<u32>>;

		/// The attestation keys allowed to relay fee-free (the current validators'): the signers
		/// of [`relay_headers`](Pallet::relay_headers) and
		/// [`relay_payout_proof`](Pallet::relay_payout_proof).
		type Attesters: Contains<AttestationId>;

		/// The pool priority of relayed submissions.
		#[pallet::constant]
		type RelayPriority: Get<TransactionPriority>;

		/// Makes a key an attester, for the benchmarks of the relayed calls.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The network being relayed; `None` until initialized.
	#[pallet::storage]
	pub type RelayNetwork<T> = StorageValue<_, Network, OptionQuery>;

	/// Every stored header by hash. Blake2 because submitters choose which headers exist here.
	#[pallet::storage]
	pub type Headers<T> = StorageMap<_, Blake2_128Concat, H256, StoredHeader, OptionQuery>;

	/// The hashes stored at each height, best chain's or not: the fork bound and the pruning
	/// index. Twox is enough: heights are not chosen freely.
	#[pallet::storage]
	pub type HeightHashes<T: Config> =
		StorageMap<_, Twox64Concat, u32, BoundedVec<H256, T::MaxHeadersPerHeight>, ValueQuery>;

	/// The best chain: height to hash, within the window.
	#[pallet::storage]
	pub type BestChain<T> = StorageMap<_, Twox64Concat, u32, H256, OptionQuery>;

	/// The tip of the best chain.
	#[pallet::storage]
	pub type Tip<T> = StorageValue<_, BestTip, OptionQuery>;

	/// The lowest height still stored.
	#[pallet::storage]
	pub type LowestHeight<T> = StorageValue<_, u32, ValueQuery>;

	/// Bitcoin days the best chain has reached.
	#[pallet::storage]
	pub type Days<T> = StorageMap<_, Twox64Concat, u32, DayInfo, OptionQuery>;

	/// The latest recorded day.
	#[pallet::storage]
	pub type LastDay<T> = StorageValue<_, u32, OptionQuery>;

	/// The fee share used for days with too few proven coinbases, parts per million of the subsidy.
	#[pallet::storage]
	pub type DefaultFeeRatio<T> = StorageValue<_, u32, ValueQuery>;

	/// Pool payout scripts money may come from. Blake2: governance sets them, but keys are scripts.
	#[pallet::storage]
	pub type PoolScripts<T> = StorageMap<_, Blake2_128Concat, Script, (), OptionQuery>;

	/// The live registration of each destination script.
	#[pallet::storage]
	pub type Destinations<T> = StorageMap<_, Blake2_128Concat, Script, RegistrationId, OptionQuery>;

	/// Registrations by id.
	#[pallet::storage]
	pub type Registrations<T: Config> =
		StorageMap<_, Twox64Concat, RegistrationId, RegistrationOf<T>, OptionQuery>;

	/// The next registration id.
	#[pallet::storage]
	pub type NextRegistrationId<T> = StorageValue<_, RegistrationId, ValueQuery>;

	/// Satoshis credited per registration and Bitcoin day.
	#[pallet::storage]
	pub type Credits<T> =
		StorageDoubleMap<_, Twox64Concat, RegistrationId, Twox64Concat, u32, u64, ValueQuery>;

	/// Outputs already credited, with the block they were proven in: the replay guard. Pruned
	/// with their block, which can no longer be proven then.
	#[pallet::storage]
	pub type CreditedOutputs<T> = StorageMap<_, Blake2_128Concat, (H256, u32), H256, OptionQuery>;

	/// The credits of each best-chain block, to revoke on a reorganisation and prune with it.
	#[pallet::storage]
	pub type BlockCredits<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		H256,
		BoundedVec<CreditRecord, T::MaxCreditsPerBlock>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	// Each variant's doc line names and explains its fields.
	#[allow(missing_docs)]
	pub enum Event<T: Config> {
		/// The relay starts at checkpoint `hash`, height `height`, on `network`.
		Initialized { network: Network, height: u32, hash: H256 },
		/// `count` headers were stored; the best chain ends at `best` (height `height`).
		HeadersStored { count: u32, best: H256, height: u32 },
		/// The best chain moved from `old_best` to the heavier `new_best`, abandoning `depth` blocks
		/// above height `fork_height`.
		Reorganized { fork_height: u32, old_best: H256, new_best: H256, depth: u32 },
		/// Bitcoin day `day` settled with a fee share of `fee_ppm` parts per million.
		DaySettled { day: u32, fee_ppm: u32 },
		/// Output `vout` of `txid` credited `amount` satoshis to `registration` for `day`.
		PayoutCredited {
			registration: RegistrationId,
			day: u32,
			txid: H256,
			vout: u32,
			amount: u64,
		},
		/// Output `vout` of `txid` pays `registration` but was not credited, for `reason`.
		PayoutNotCredited {
			registration: RegistrationId,
			txid: H256,
			vout: u32,
			reason: NotCredited,
		},
		/// A reorganisation revoked the credit of output `vout` of `txid` (`amount` for `day`).
		CreditRevoked { registration: RegistrationId, day: u32, txid: H256, vout: u32, amount: u64 },
		/// `script` is registered as `registration` for `hashrate` hashes per second from `start_day`.
		ScriptRegistered {
			registration: RegistrationId,
			script: Script,
			hashrate: u128,
			start_day: u32,
		},
		/// `registration` of `script` ended.
		ScriptUnregistered { registration: RegistrationId, script: Script },
		/// `script` is on the pool allowlist.
		PoolScriptAdded { script: Script },
		/// `script` left the pool allowlist.
		PoolScriptRemoved { script: Script },
		/// The default fee share is now `fee_ppm` parts per million.
		DefaultFeeRatioSet { fee_ppm: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The relay was already initialized.
		AlreadyInitialized,
		/// The relay is not initialized yet.
		NotInitialized,
		/// Testnet and signet cannot be relayed: their difficulty rules make headers cheap to forge.
		UnsupportedNetwork,
		/// A mainnet checkpoint must be the first block of a difficulty period (height divisible by
		/// 2016).
		CheckpointNotAtPeriodStart,
		/// More than ten ancestor timestamps were given.
		TooManyAncestorTimes,
		/// No headers were given.
		NoHeaders,
		/// The header is already stored.
		DuplicateHeader,
		/// The header's parent is not stored (or was pruned): submit headers in order from a known
		/// one.
		UnknownParent,
		/// The header does not link to its parent.
		BrokenLink,
		/// The header's timestamp is not above the median of the previous eleven blocks.
		TimeTooOld,
		/// The header's timestamp is more than two hours ahead of the chain's clock.
		TimeTooNew,
		/// The header's `bits` are not the target the difficulty rules require.
		WrongBits,
		/// The `bits` do not encode a valid target for the network.
		InvalidBits,
		/// The header's hash does not meet its target.
		InsufficientWork,
		/// The header attaches too far below the tip: deeper than `MaxReorgDepth`; or the
		/// reorganisations of one batch together abandon more than `MaxReorgDepth` blocks.
		ForkTooDeep,
		/// The height already holds `MaxHeadersPerHeight` competing headers.
		TooManyForks,
		/// A height or a sum overflowed.
		Overflow,
		/// The proof carries more than `MaxProofBytes` of transactions.
		ProofTooLarge,
		/// The block is not stored.
		UnknownBlock,
		/// The block is not on the best chain.
		NotInBestChain,
		/// The block has fewer than `Confirmations` confirmations yet.
		NotEnoughConfirmations,
		/// A transaction in the proof is malformed (or not witness-stripped).
		MalformedTransaction,
		/// The paying transaction is 64 bytes long: it could be an inner merkle node.
		SixtyFourByteTransaction,
		/// The coinbase given is not a coinbase, or commits to another height.
		InvalidCoinbase,
		/// The coinbase's branch does not reach the block's merkle root from position 0.
		InvalidCoinbaseProof,
		/// The transaction's branch does not reach the block's merkle root at its position.
		InvalidMerkleProof,
		/// The transaction's branch is not as deep as the coinbase's.
		BranchDepthMismatch,
		/// An input's previous transaction is missing from the proof.
		MissingPreviousTransaction,
		/// A previous transaction in the proof is spent by no input.
		UnusedPreviousTransaction,
		/// An input spends an output its previous transaction does not have.
		BadOutpoint,
		/// An input spends from a script that is not on the pool allowlist: not a pool payout.
		NotFromPool,
		/// No output of the transaction pays a registered script.
		NothingCredited,
		/// The outputs to registered scripts were credited already (replay).
		AlreadyCredited,
		/// The outputs to registered scripts are below the dust threshold.
		DustPayout,
		/// The transaction spends from the destination or from the miner's own scripts.
		SelfPayment,
		/// The block is from a Bitcoin day before the registration.
		BeforeRegistration,
		/// The registration's credited total already reached its running cap.
		OverCap,
		/// The block already has `MaxCreditsPerBlock` credits.
		TooManyCredits,
		/// The script is not a standard output form (P2PKH, P2SH, P2WPKH, P2WSH, P2TR).
		UnsupportedScript,
		/// The script is already registered.
		AlreadyRegistered,
		/// The script is not registered.
		NotRegistered,
		/// The script is a pool payout script and cannot be a destination.
		PoolScript,
		/// The script is a registered destination and cannot be a pool script.
		DestinationScript,
		/// The script is already on the pool allowlist.
		AlreadyPoolScript,
		/// The script is not on the pool allowlist.
		NotPoolScript,
		/// More than `MaxMinerScripts` miner scripts.
		TooManyMinerScripts,
		/// A declared hashrate must be above zero.
		ZeroHashrate,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::Confirmations::get() > 0, "Confirmations must be above zero");
			assert!(T::MaxHeadersPerBatch::get() > 0, "MaxHeadersPerBatch must be above zero");
			assert!(T::MaxHeadersPerHeight::get() > 0, "MaxHeadersPerHeight must be above zero");
			assert!(
				T::HeaderWindow::get()
					> T::MaxReorgDepth::get().saturating_add(T::Confirmations::get()),
				"HeaderWindow must exceed MaxReorgDepth + Confirmations"
			);
			assert!(T::MaxReorgDepth::get() < 144, "MaxReorgDepth must stay below a day of blocks");
			assert!(
				T::MaxBranchDepth::get() as usize <= hashmix_bitcoin::merkle::MAX_DEPTH,
				"MaxBranchDepth above what any block needs"
			);
			assert!(T::CreditCapPercent::get() >= 100, "CreditCapPercent must be at least 100");
			assert!(T::SettlementLagDays::get() > 0, "SettlementLagDays must be above zero");
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
		/// Start the relay at `checkpoint`, a header at `height` on `network`.
		///
		/// `ancestor_times` are the timestamps of up to ten blocks before the checkpoint, oldest
		/// first: with them the first headers are checked against a full median time past; without
		/// them, against the median of the timestamps available since the checkpoint.
		///
		/// - Origin: [`Config::GovernanceOrigin`].
		/// - Emits [`Event::Initialized`].
		/// - Errors: [`Error::UnsupportedNetwork`], [`Error::AlreadyInitialized`],
		///   [`Error::CheckpointNotAtPeriodStart`],
		///   [`Error::TooManyAncestorTimes`], [`Error::InvalidBits`], [`Error::InsufficientWork`].
		#[pallet::call_index(0)]
		pub fn initialize(
			origin: OriginFor<T>,
			network: BitcoinNetwork,
			checkpoint: RawHeader,
			height: u32,
			ancestor_times: BoundedVec<u32, ConstU32<10>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_initialize(network, checkpoint, height, ancestor_times.into_inner())
		}

		/// Store `headers`, each extending a stored header or one earlier in the batch. All or
		/// nothing: the first header that fails a check fails the call.
		///
		/// ## Complexity
		/// Linear in the headers; a reorganisation also walks and revokes the abandoned blocks
		/// (at most `MaxReorgDepth`), refunded when none happens.
		///
		/// - Origin: signed, anyone.
		/// - Emits [`Event::HeadersStored`], [`Event::Reorganized`], [`Event::DaySettled`],
		///   [`Event::CreditRevoked`].
		/// - Errors: [`Error::NotInitialized`], [`Error::NoHeaders`], [`Error::DuplicateHeader`],
		///   [`Error::UnknownParent`], the header checks ([`Error::BrokenLink`],
		///   [`Error::TimeTooOld`], [`Error::TimeTooNew`], [`Error::WrongBits`],
		///   [`Error::InvalidBits`], [`Error::InsufficientWork`]), [`Error::ForkTooDeep`],
		///   [`Error::TooManyForks`].
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::submit_headers_weight(headers.len() as u32, T::MaxReorgDepth::get()))]
		pub fn submit_headers(
			origin: OriginFor<T>,
			headers: BoundedVec<RawHeader, T::MaxHeadersPerBatch>,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::store_headers(&headers)
		}

		/// Prove that a transaction paid registered scripts (see the pallet docs for what counts).
		///
		/// - Origin: signed, anyone.
		/// - Emits [`Event::PayoutCredited`] per credited output and [`Event::PayoutNotCredited`]
		///   per output to a registered script that was not.
		/// - Errors: [`Error::ProofTooLarge`], [`Error::UnknownBlock`], [`Error::NotInBestChain`],
		///   [`Error::NotEnoughConfirmations`], [`Error::MalformedTransaction`],
		///   [`Error::SixtyFourByteTransaction`], [`Error::InvalidCoinbase`],
		///   [`Error::InvalidCoinbaseProof`], [`Error::BranchDepthMismatch`],
		///   [`Error::InvalidMerkleProof`], [`Error::MissingPreviousTransaction`],
		///   [`Error::UnusedPreviousTransaction`], [`Error::BadOutpoint`], [`Error::NotFromPool`],
		///   [`Error::AlreadyCredited`], [`Error::NothingCredited`], [`Error::TooManyCredits`].
		#[pallet::call_index(2)]
		#[pallet::weight(Pallet::<T>::payout_proof_max_weight(proof))]
		pub fn submit_payout_proof(
			origin: OriginFor<T>,
			proof: PayoutProofOf<T>,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::credit_payout_proof(proof)
		}

		/// Register `script` for payouts, for a declared `hashrate` (hashes per second), by hand:
		/// operators and tests. The hashpower pallet registers through `PayoutDestinations`.
		///
		/// - Origin: [`Config::GovernanceOrigin`].
		/// - Emits [`Event::ScriptRegistered`].
		/// - Errors: [`Error::NotInitialized`], [`Error::UnsupportedScript`],
		///   [`Error::AlreadyRegistered`], [`Error::PoolScript`], [`Error::ZeroHashrate`].
		#[pallet::call_index(3)]
		pub fn register_script(
			origin: OriginFor<T>,
			script: Script,
			hashrate: u128,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_register(script, hashrate, Default::default()).map(|_| ())
		}

		/// End the registration of `script`.
		///
		/// - Origin: [`Config::GovernanceOrigin`].
		/// - Emits [`Event::ScriptUnregistered`].
		/// - Errors: [`Error::NotRegistered`].
		#[pallet::call_index(4)]
		pub fn unregister_script(origin: OriginFor<T>, script: Script) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_unregister(&script).map(|_| ())
		}

		/// Put `script` on the allowlist of pool payout scripts: a script only that pool spends
		/// from, never an exchange hot wallet anyone can withdraw from.
		///
		/// - Origin: [`Config::GovernanceOrigin`].
		/// - Emits [`Event::PoolScriptAdded`].
		/// - Errors: [`Error::UnsupportedScript`], [`Error::AlreadyPoolScript`],
		///   [`Error::DestinationScript`].
		#[pallet::call_index(5)]
		pub fn add_pool_script(origin: OriginFor<T>, script: Script) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_add_pool_script(script)
		}

		/// Take `script` off the pool allowlist. Credits already given stay.
		///
		/// - Origin: [`Config::GovernanceOrigin`].
		/// - Emits [`Event::PoolScriptRemoved`].
		/// - Errors: [`Error::NotPoolScript`].
		#[pallet::call_index(6)]
		pub fn remove_pool_script(origin: OriginFor<T>, script: Script) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(PoolScripts::<T>::take(&script).is_some(), Error::<T>::NotPoolScript);
			Self::deposit_event(Event::PoolScriptRemoved { script });
			Ok(())
		}

		/// Set the fee share used for days that settle with fewer than `MinFeeSamples` proven
		/// coinbases, in parts per million of the subsidy. Settled days keep theirs.
		///
		/// - Origin: [`Config::GovernanceOrigin`].
		/// - Emits [`Event::DefaultFeeRatioSet`].
		#[pallet::call_index(7)]
		pub fn set_default_fee_ratio(origin: OriginFor<T>, fee_ppm: u32) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			DefaultFeeRatio::<T>::put(fee_ppm);
			Self::deposit_event(Event::DefaultFeeRatioSet { fee_ppm });
			Ok(())
		}

		/// [`submit_headers`](Pallet::submit_headers) by a validator's off-chain worker: fee-free,
		/// signed with its attestation key over (`hashmix/btc-headers`, genesis hash, headers).
		///
		/// - Origin: authorized (`#[pallet::authorize]`): the signer must be an attestation key of
		///   the current validators and the batch must pass in a dry run (or extend a batch still
		///   in the pool, whose last header it then requires).
		/// - Emits and errors: as [`submit_headers`](Pallet::submit_headers).
		#[pallet::call_index(8)]
		#[pallet::weight(Pallet::<T>::submit_headers_weight(headers.len() as u32, T::MaxReorgDepth::get()))]
		#[pallet::authorize(|_source, headers, attester, signature| {
			Pallet::<T>::authorize_headers(headers, attester, signature)
		})]
		#[pallet::weight_of_authorize(Pallet::<T>::authorize_headers_weight(headers.len() as u32))]
		pub fn relay_headers(
			origin: OriginFor<T>,
			headers: BoundedVec<RawHeader, T::MaxHeadersPerBatch>,
			attester: AttestationId,
			signature: AttestationSignature,
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			// `authorize` checked who signed; the headers are checked again against the state now.
			let _ = (attester, signature);
			Self::store_headers(&headers)
		}

		/// [`submit_payout_proof`](Pallet::submit_payout_proof) by a validator's off-chain
		/// worker: fee-free, signed with its attestation key over (`hashmix/btc-payout-proof`,
		/// genesis hash, blake2-256 of the proof).
		///
		/// - Origin: authorized: the signer must be an attestation key of the current validators
		///   and the proof must pass in a dry run.
		/// - Emits and errors: as [`submit_payout_proof`](Pallet::submit_payout_proof).
		#[pallet::call_index(9)]
		#[pallet::weight(Pallet::<T>::payout_proof_max_weight(proof))]
		#[pallet::authorize(|_source, proof, attester, signature| {
			Pallet::<T>::authorize_payout_proof(proof, attester, signature)
		})]
		#[pallet::weight_of_authorize(Pallet::<T>::authorize_payout_proof_weight(proof))]
		pub fn relay_payout_proof(
			origin: OriginFor<T>,
			proof: PayoutProofOf<T>,
			attester: AttestationId,
			signature: AttestationSignature,
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			let _ = (attester, signature);
			Self::credit_payout_proof(proof)
		}
	}
}

/// The smallest output with a standard script (P2WPKH: value 8, length 1, script 22 bytes): a
/// proof of `n` bytes looks up at most `n / 31` outputs in the registry.
pub const MIN_STANDARD_OUTPUT_LEN: u32 = 31;

impl<T: Config> Pallet<T> {
	/// The weight of `submit_payout_proof` with `bytes` of transactions, branches `depth` deep and
	/// `lookups` outputs looked up in the registry. The benchmark measures the lookups' compute
	/// per byte, but its regression rounds one read per 31 bytes to zero reads: their database
	/// reads are added here by count.
	pub fn payout_proof_weight(bytes: u32, depth: u32, lookups: u32) -> Weight {
		T::WeightInfo::submit_payout_proof(bytes, depth)
			.saturating_add(T::DbWeight::get().reads(u64::from(lookups)))
	}

	/// The most `proof` may cost, known before it is read: its bytes and depth, and a registry
	/// lookup for every 31 bytes.
	pub fn payout_proof_max_weight(proof: &PayoutProofOf<T>) -> Weight {
		let bytes = proof.bytes();
		Self::payout_proof_weight(bytes, proof.depth(), bytes / MIN_STANDARD_OUTPUT_LEN)
	}

	/// Stores a batch for `submit_headers` or `relay_headers`; the weight of the reorganisation
	/// that did not happen is refunded.
	fn store_headers(headers: &[RawHeader]) -> DispatchResultWithPostInfo {
		let depth = Self::do_submit_headers(headers)?;
		Ok(Some(Self::submit_headers_weight(headers.len() as u32, depth)).into())
	}

	/// Checks and credits a proof for `submit_payout_proof` or `relay_payout_proof`; charges the
	/// registry lookups it made.
	fn credit_payout_proof(proof: PayoutProofOf<T>) -> DispatchResultWithPostInfo {
		let (bytes, depth) = (proof.bytes(), proof.depth());
		let lookups = Self::do_submit_payout_proof(proof)?;
		Ok(Some(Self::payout_proof_weight(bytes, depth, lookups)).into())
	}

	/// The weight of `submit_headers` with `headers` headers and a reorganisation abandoning
	/// `reorg_depth` blocks (zero when none happens).
	pub fn submit_headers_weight(headers: u32, reorg_depth: u32) -> Weight {
		let reorg =
			if reorg_depth == 0 { Weight::zero() } else { T::WeightInfo::reorganize(reorg_depth) };
		T::WeightInfo::submit_headers(headers).saturating_add(reorg)
	}

	/// Checks the relay's invariants: the tip is on the best chain and stored; every stored
	/// height is within the window and its hashes are stored at that height; credits add up.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		features::invariants::check::<T>()
	}
}
