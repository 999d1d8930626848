//! # Hash power
//!
//! The heart of HashMix: hash power of a specific miner for a specific period, as an NFT the chain
//! has verified, whose payouts go to whoever holds it, and whose failure is detected and paid for
//! automatically.
//!
//! - **Bitcoin keys.** A miner proves it holds a Bitcoin key with the signed-message signature its
//!   wallet makes (`signmessage`, or BIP-137 for segwit addresses) over
//!   [`binding_message`](Pallet::binding_message): the chain account and this chain's genesis
//!   hash, so that a signature made for one account or one chain binds nothing elsewhere.
//!   [`bind_bitcoin_key`](Pallet::bind_bitcoin_key) recovers the key with the runtime's secp256k1
//!   host function and records it for the caller; a key belongs to one account at a time. Every
//!   script form of a bound key (P2PKH, P2WPKH, P2SH-P2WPKH) is the miner's own
//!   ([`miner_scripts`](Pallet::miner_scripts)): money from them never counts as a pool payout.
//!   [`unbind_bitcoin_key`](Pallet::unbind_bitcoin_key) releases a key once the miner has no
//!   request or NFT outstanding.
//! - **Requests.** [`request_tokenization`](Pallet::request_tokenization) claims `power` GH/s for
//!   `duration_days` Bitcoin days from `start_day`, paid by the miner's pool every
//!   `payout_interval_days`, to `destination`, one of the miner's own scripts, which the relay
//!   starts crediting with pool-sourced payouts only. The miner's pledge is held
//!   ([`HoldReason::Pledge`], sized by [`Pallet::required_pledge`], see
//!   `docs/adr/0011-hashpower-pledge.md`). [`cancel_request`](Pallet::cancel_request) withdraws a
//!   request before verification.
//! - **Verification.** The days from the day after the request to `start_day` are probation
//!   (at least [`Config::MinProbationDays`] and the payout interval). When the last of them has
//!   settled, the pool payouts credited over them must reach `1 - VerificationTolerance` of what
//!   the claimed hashrate should have earned; then the pallet mints the NFT to the miner, else the
//!   request fails and the pledge goes back.
//! - **The NFT** is a pallet-nfts item of the kind's collection, created at genesis and owned by
//!   this pallet's account, with its terms as attributes in the pallet namespace under keys
//!   prefixed `hashmix.`. Ordinary pallet-nfts transfers work; this pallet is pallet-nfts'
//!   `Locker`: an NFT that is listed, lent, pooled or under a market order that still holds
//!   money ([`HashPowerNfts::lock`]) can be neither transferred nor burned.
//! - **Destinations follow the holder.** A new holder (noticed lazily: the stored holder against
//!   the item's owner, on every interaction and in the daily sweep) proves a Bitcoin key with a
//!   signed message over [`destination_message`](Pallet::destination_message) and
//!   [`set_destination`](Pallet::set_destination) makes that key's script (P2PKH, P2WPKH or
//!   P2SH-P2WPKH, by the signature's header) the NFT's destination, or
//!   [`set_multisig_destination`](Pallet::set_multisig_destination) the papers' 2-of-3
//!   `wsh(sortedmulti(2, miner, holder, committee))` with governance's
//!   [`CommitteeKey`]. (P2TR is not offered: BIP-340 verification is not among the runtime's
//!   host functions.) Until then the previous
//!   destination keeps counting; after, payouts to the previous one count for
//!   [`Config::RepointGraceDays`] while the miner repoints its pool.
//! - **Delivery and breach.** Each settled Bitcoin day, a sweep over the live NFTs (at most
//!   [`Config::VisitsPerBlock`] per block, resuming where it stopped) judges the day: credited
//!   payouts against the expectation of the claimed hashrate, added to running totals
//!   ([`NftSummary::delivered`] / [`NftSummary::expected`]: consumers keep their own cursor)
//!   and to a record of the last [`types::RECENT_DAYS`] days. In service, the NFT is in breach
//!   and revoked when no payout was counted for `W = max(BreachWindowDays, payout interval)` days
//!   in a row, or when `ShortfallDays` consecutive days were short: a day is short when the
//!   running total over the last payout interval's days (the day itself for a pool paying daily)
//!   is more than `ShortfallTolerance` below expectation. That is DMEX's rule (no payout for 7
//!   days, or more than 20% below expectation for 7 consecutive days) on running totals: a payout
//!   a day late, or a pool paying every few days, is not a shortfall once it arrives. The
//!   pledge then pays the current holder's claims ([`Config::Claims`], the market's open order),
//!   and the rest goes to the insurance pot. At the end of the service period the NFT expires and
//!   the pledge goes back to the miner.
//! - **Filecoin storage power** (`storage_power`). A miner bound through the Filecoin evidence
//!   pallet ([`Config::Filecoin`]) asks
//!   [`request_storage_tokenization`](Pallet::request_storage_tokenization) for `power` bytes of
//!   its quality-adjusted power; rounds on its `MinerPower` and `SectorCounts`, paid by it, verify
//!   the claim (power present, at most [`Config::MaxFaultyShare`] of its sectors faulty) before the
//!   mint. In service a check at the end of each period (a schedule by Filecoin day, at most
//!   [`Config::VisitsPerBlock`] a block) counts `min(agreed power, claim)` per day when the
//!   holder's FIP-0029 beneficiary, named with [`set_beneficiary`](Pallet::set_beneficiary), is in
//!   place (after [`Config::RepointGraceDays`]); the breach rule counts the periods' days. One live
//!   NFT per miner actor, which stays bound meanwhile (this pallet is the evidence pallet's
//!   `MinersInUse` and hears its answers as `OnFilecoinFact`).
//!
//! ## Weights
//!
//! Measured on the reference machine (`runtime/src/weights/pallet_hashpower.rs`; runs there vary by
//! up to half): binding a key costs 177 M ps of reference time (96 M ps in an earlier run: the
//! secp256k1 recovery and the digest), unbinding 61 M ps, a request 200 M ps, setting a
//! destination 279 M ps (222 M ps for a 2-of-3). The sweep charges what it did: 22 M ps when
//! nothing is due, 63 M ps + 37 M ps a day per NFT visited, plus 247 M ps for a mint or 190 M ps
//! for a revocation (the heaviest end); at the runtime's 20 visits of up to 4 days a block that is
//! at most about 10 G ps, half a percent of a block. Filecoin: a storage request costs 2.6 G ps and
//! a period's check 2.1 G ps, nearly all of it the validator pallet opening rounds (a snapshot of up
//! to 100 validators each); the validators open at most 8 rounds a block, so at most two checks
//! run per block; a check's last answer costs 212 M ps.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod identity;
mod locks;
pub mod runtime_api;
mod storage_power;
mod sweep;
mod tokens;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmark_support;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::nonfungibles_v2,
	},
	BoundedVec, PalletId,
};
use frame_system::pallet_prelude::*;
use hashmix_primitives::{
	attestation::RoundId,
	bitcoin::{PayoutDestinations, Script},
	filecoin::{AddressBytes, FilecoinEvidence, MinerId},
	hashpower::{NftId, NftStatus, NftSummary, PledgeClaims, PowerKind},
};
use sp_runtime::Perbill;

/// A compressed secp256k1 public key (SEC1, 33 bytes), as Bitcoin wallets show and sign with it.
pub type BitcoinKey = [u8; 33];

/// A Bitcoin signed-message signature: header byte, `r`, `s` (65 bytes; wallets show it in
/// base64).
pub type MessageSignature = [u8; 65];

/// The next Bitcoin day of an NFT the relay does not judge (a development fixture, a Filecoin
/// NFT): never reached, so the Bitcoin sweep never judges it.
pub const NOT_ON_RELAY: u32 = u32::MAX;

/// Every kind of hash power, each with its collection.
pub const KINDS: [PowerKind; 2] = [PowerKind::BitcoinSha256, PowerKind::FilecoinStorage];

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::hashpower";

/// Balances of the pledge currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A token as stored.
pub type TokenOf<T> = Token<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// What the benchmarks need from the runtime: settled Bitcoin days with credits.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes the relay's current day `day` (all days up to `day` recorded, those older than the
	/// settlement lag settled, each expecting a positive amount of any positive hashrate).
	fn advance_to_day(day: u32);
	/// Credits `amount` satoshis to `registration` on `day`.
	fn credit(registration: hashmix_primitives::bitcoin::RegistrationId, day: u32, amount: u64);
	/// Binds Filecoin miner `miner` to `who` and makes Filecoin rounds open (attesters, clock).
	fn bind_filecoin_miner(who: &AccountId, miner: MinerId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config + pallet_nfts::Config<CollectionId = u32, ItemId = NftId>
	{
		/// The pledge's hold reason, in the runtime's aggregate.
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency pledges are held in (HSM).
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The Bitcoin relay: registers destinations and tells what they were credited and what
		/// they should have earned.
		type Relay: PayoutDestinations;

		/// The claims a breach's pledge pays first: the market's open order of the holder.
		type Claims: PledgeClaims<Self::AccountId, BalanceOf<Self>>;

		/// Where the rest of a breached pledge goes.
		type InsurancePot: Get<Self::AccountId>;

		/// This pallet's id: its account owns the hash power collections.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The most Bitcoin keys one account binds. Each key stands for three scripts, all of
		/// which the relay must know as the miner's: keep `3 * MaxBitcoinKeys` within the relay's
		/// `MaxMinerScripts`.
		#[pallet::constant]
		type MaxBitcoinKeys: Get<u32>;

		/// The most requests and live NFTs one miner has at a time.
		#[pallet::constant]
		type MaxTokensPerMiner: Get<u32>;

		/// The most requests and live NFTs on the chain: bounds each day's sweep.
		#[pallet::constant]
		type MaxLiveTokens: Get<u32>;

		/// The least power a request claims (GH/s).
		#[pallet::constant]
		type MinPower: Get<u128>;

		/// The longest service period, in days.
		#[pallet::constant]
		type MaxServiceDays: Get<u32>;

		/// The shortest probation, in days (never shorter than the payout interval either).
		#[pallet::constant]
		type MinProbationDays: Get<u32>;

		/// How much below the claim probation may deliver and still verify.
		#[pallet::constant]
		type VerificationTolerance: Get<Perbill>;

		/// The breach window's least length, in days (never shorter than the payout interval).
		#[pallet::constant]
		type BreachWindowDays: Get<u32>;

		/// How far below expectation a day's running total (over the payout interval) may fall.
		#[pallet::constant]
		type ShortfallTolerance: Get<Perbill>;

		/// Consecutive short days that make a breach.
		#[pallet::constant]
		type ShortfallDays: Get<u32>;

		/// Days a settled day's breach is late beyond the window (settlement lag and
		/// confirmations): the pledge covers `window + DetectionLagDays` days.
		#[pallet::constant]
		type DetectionLagDays: Get<u32>;

		/// Days after a new destination is set that payouts to the previous one still count.
		#[pallet::constant]
		type RepointGraceDays: Get<u32>;

		/// HSM pledged per TH/s per day at risk (governance's value of a TH/s-day).
		type PledgePerThDay: Get<BalanceOf<Self>>;

		/// NFTs judged per block by the sweep.
		#[pallet::constant]
		type VisitsPerBlock: Get<u32>;

		/// Days one visit judges at most (a relay catching up settles several at once).
		#[pallet::constant]
		type DaysPerVisit: Get<u32>;

		/// The Filecoin evidence pallet: miner bindings, and rounds on miners' power, sectors and
		/// beneficiary.
		type Filecoin: FilecoinEvidence<Self::AccountId>;

		/// The least quality-adjusted power a storage request claims (bytes).
		#[pallet::constant]
		type MinStoragePower: Get<u128>;

		/// The largest share of a miner's live sectors that may be faulty when its storage power
		/// is verified.
		#[pallet::constant]
		type MaxFaultyShare: Get<Perbill>;

		/// HSM pledged per TiB of quality-adjusted power per day at risk.
		type PledgePerTibDay: Get<BalanceOf<Self>>;

		/// Who sets the committee key of 2-of-3 destinations (governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of this pallet's calls and sweep.
		type WeightInfo: WeightInfo;

		/// Settled days and credits for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A miner's pledge behind a request or a live NFT.
		#[codec(index = 0)]
		Pledge,
	}

	/// The Bitcoin keys each miner has proven it holds.
	#[pallet::storage]
	pub type BitcoinKeys<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<BitcoinKey, T::MaxBitcoinKeys>,
		ValueQuery,
	>;

	/// The account each bound Bitcoin key belongs to. Blake2: the keys are chosen by callers.
	#[pallet::storage]
	pub type KeyOwners<T: Config> =
		StorageMap<_, Blake2_128Concat, BitcoinKey, T::AccountId, OptionQuery>;

	/// The committee's compressed key, the third key of 2-of-3 destinations: held by an offline
	/// multisig or threshold group, set by governance.
	#[pallet::storage]
	pub type CommitteeKey<T> = StorageValue<_, BitcoinKey, OptionQuery>;

	/// The pallet-nfts collection of each kind, created at genesis.
	#[pallet::storage]
	pub type Collections<T> = StorageMap<_, Twox64Concat, PowerKind, u32, OptionQuery>;

	/// Every request and NFT, by id (the item id in its collection).
	#[pallet::storage]
	pub type Tokens<T: Config> = StorageMap<_, Twox64Concat, NftId, TokenOf<T>, OptionQuery>;

	/// The next id.
	#[pallet::storage]
	pub type NextNftId<T> = StorageValue<_, NftId, ValueQuery>;

	/// Requests and NFTs the sweep judges: Requested, Verified, Active.
	#[pallet::storage]
	pub type Live<T> = CountedStorageMap<_, Twox64Concat, NftId, (), OptionQuery>;

	/// Each miner's live requests and NFTs.
	#[pallet::storage]
	pub type MinerTokens<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<NftId, T::MaxTokensPerMiner>,
		ValueQuery,
	>;

	/// The last judged days of each NFT, oldest first.
	#[pallet::storage]
	pub type RecentDays<T> = StorageMap<_, Twox64Concat, NftId, RecentRecords, ValueQuery>;

	/// The sweep in progress, if any.
	#[pallet::storage]
	pub type CurrentSweep<T> = StorageValue<_, Sweep, OptionQuery>;

	/// The settled day the last finished sweep judged up to, and whether it left NFTs behind.
	#[pallet::storage]
	pub type SweptTo<T> = StorageValue<_, (u32, bool), OptionQuery>;

	/// The Filecoin side of each storage power NFT.
	#[pallet::storage]
	pub type StorageSlices<T> = StorageMap<_, Twox64Concat, NftId, StorageSlice, OptionQuery>;

	/// The live storage power NFT of each Filecoin miner: one at a time, since a miner has one
	/// FIP-0029 beneficiary. Blake2: miner ids are chosen by callers.
	#[pallet::storage]
	pub type MinerSlices<T> = StorageMap<_, Blake2_128Concat, MinerId, NftId, OptionQuery>;

	/// The NFT each open check round is about.
	#[pallet::storage]
	pub type CheckRounds<T> = StorageMap<_, Twox64Concat, RoundId, NftId, OptionQuery>;

	/// The checks due, by Filecoin day.
	#[pallet::storage]
	pub type ChecksDue<T> =
		StorageDoubleMap<_, Twox64Concat, u32, Twox64Concat, NftId, (), OptionQuery>;

	/// The earliest Filecoin day that may still have checks due.
	#[pallet::storage]
	pub type CheckCursor<T> = StorageValue<_, u32, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Development chains only: Active Bitcoin NFTs minted at genesis, `(holder, power in
		/// GH/s, service days)`, so that clients can try the market on a fresh node. They have
		/// no miner (the pallet's account stands in), no pledge and no destination, and are
		/// never judged (see [`NOT_ON_RELAY`]).
		pub dev_nfts: alloc::vec::Vec<(T::AccountId, u128, u32)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Err(error) = Pallet::<T>::ensure_collections() {
				panic!("the hash power collections cannot be created: {error:?}");
			}
			for (holder, power, days) in &self.dev_nfts {
				if let Err(error) = Pallet::<T>::mint_fixture(holder, *power, *days) {
					panic!("the development NFT cannot be minted: {error:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	// Each variant's doc line names and explains its fields.
	#[allow(missing_docs)]
	pub enum Event<T: Config> {
		/// `who` proved it holds Bitcoin key `key`.
		BitcoinKeyBound { who: T::AccountId, key: BitcoinKey },
		/// `who` released Bitcoin key `key`.
		BitcoinKeyUnbound { who: T::AccountId, key: BitcoinKey },
		/// `miner` asked to tokenize `power` GH/s for days `start_day..end_day`, paid to
		/// `destination`, `pledge` held; probation starts on `probation_start`.
		TokenizationRequested {
			nft: NftId,
			miner: T::AccountId,
			power: u128,
			probation_start: u32,
			start_day: u32,
			end_day: u32,
			destination: Script,
			pledge: BalanceOf<T>,
		},
		/// The miner withdrew request `nft`; its pledge went back.
		RequestCancelled { nft: NftId },
		/// Probation delivered `delivered` of `expected` satoshis: `nft` is minted to its miner.
		Verified { nft: NftId, delivered: u128, expected: u128 },
		/// Probation delivered `delivered` of `expected` satoshis, too little: nothing minted.
		VerificationFailed { nft: NftId, delivered: u128, expected: u128 },
		/// `nft` changed hands to `holder` (noticed now).
		HolderChanged { nft: NftId, holder: T::AccountId },
		/// `holder` made `script` the destination of `nft`; payouts to the previous one count
		/// up to day `grace_until`.
		DestinationSet { nft: NftId, holder: T::AccountId, script: Script, grace_until: u32 },
		/// `nft` was judged for Bitcoin `day`: `delivered` of `expected` satoshis.
		DayJudged { nft: NftId, day: u32, delivered: u128, expected: u128 },
		/// `nft` is in breach and revoked: `to_holder` of the pledge paid `holder`'s claims,
		/// `to_pot` went to the insurance pot.
		Revoked { nft: NftId, holder: T::AccountId, to_holder: BalanceOf<T>, to_pot: BalanceOf<T> },
		/// `nft`'s service period ended; `pledge` went back to the miner.
		Expired { nft: NftId, pledge: BalanceOf<T> },
		/// `nft`'s item is gone; `pledge` went back to the miner.
		Burned { nft: NftId, pledge: BalanceOf<T> },
		/// Governance made `key` the committee's key of new 2-of-3 destinations.
		CommitteeKeySet { key: BitcoinKey },
		/// `miner` asked to tokenize `power` bytes of Filecoin miner `filecoin_miner`'s
		/// quality-adjusted power for Filecoin days `start_day..end_day`, checked every
		/// `check_interval_days`, `pledge` held; the verification rounds are open.
		StorageTokenizationRequested {
			nft: NftId,
			miner: T::AccountId,
			filecoin_miner: MinerId,
			power: u128,
			start_day: u32,
			end_day: u32,
			check_interval_days: u32,
			pledge: BalanceOf<T>,
		},
		/// Rounds on `nft`'s miner opened, for the period ending on Filecoin day `period_end`.
		CheckAsked { nft: NftId, period_end: u32 },
		/// `nft` was judged for Filecoin days `from_day..to_day`: `power` bytes agreed, `delivered`
		/// of `expected` byte-days counted.
		PeriodJudged {
			nft: NftId,
			from_day: u32,
			to_day: u32,
			power: u128,
			delivered: u128,
			expected: u128,
		},
		/// `holder` named `address` as the Filecoin beneficiary of `nft`; the previous arrangement
		/// counts up to Filecoin day `grace_until`.
		BeneficiaryNamed {
			nft: NftId,
			holder: T::AccountId,
			address: AddressBytes,
			grace_until: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The signature's header byte is not a signed-message header for a compressed key
		/// (31 to 42).
		MalformedSignature,
		/// The signature is not by `key` over this account's message on this chain.
		BadSignature,
		/// The key is already bound (to this or another account).
		AlreadyBound,
		/// The account already binds `MaxBitcoinKeys` keys.
		TooManyKeys,
		/// The key is not bound to the caller.
		NotBound,
		/// The miner has requests or NFTs outstanding: its keys stay bound until they end.
		Outstanding,
		/// The destination is not one of the caller's bound keys' scripts.
		NotMinerScript,
		/// The power is below `MinPower`.
		PowerTooSmall,
		/// The service period is zero or longer than `MaxServiceDays`.
		BadDuration,
		/// The payout interval is zero or longer than 30 days.
		BadPayoutInterval,
		/// The start leaves less than the probation, or is more than `MaxServiceDays` after it.
		BadStart,
		/// The relay has no Bitcoin day yet.
		RelayNotReady,
		/// The miner already has `MaxTokensPerMiner` requests and NFTs.
		TooManyTokens,
		/// The chain already has `MaxLiveTokens` requests and NFTs.
		TooManyLive,
		/// No such request or NFT.
		UnknownNft,
		/// Only the miner may do this.
		NotMiner,
		/// Only a request still on probation can be cancelled.
		NotCancellable,
		/// Only the NFT's holder may do this.
		NotHolder,
		/// The NFT is not minted and live (Verified or Active).
		NotLive,
		/// The script is already the NFT's destination.
		SameDestination,
		/// The NFT already carries this lock, or carries too many orders.
		AlreadyLocked,
		/// The NFT does not carry this lock.
		NotLocked,
		/// A value does not fit its type.
		Overflow,
		/// The kind's collection does not exist.
		NoCollection,
		/// The NFT's miner has no bound Bitcoin key to co-sign a 2-of-3 destination.
		NoMinerKey,
		/// Governance has not set the committee's key.
		NoCommitteeKey,
		/// Not a compressed secp256k1 key (its first byte must be 2 or 3).
		InvalidKey,
		/// The call is for the other kind of hash power.
		WrongKind,
		/// The Filecoin miner is not bound to the caller.
		NotBoundMiner,
		/// The Filecoin miner already backs a live request or NFT.
		MinerInUse,
		/// This chain's clock is not yet past Filecoin's genesis and finality margin.
		FilecoinNotReady,
		/// The address is already the NFT's beneficiary.
		SameBeneficiary,
		/// Not a Filecoin address (protocol byte and payload).
		InvalidAddress,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			Self::sweep_step().saturating_add(Self::check_step())
		}

		fn on_runtime_upgrade() -> Weight {
			// A chain whose genesis predates the collections gets them now; once they exist this
			// is a read.
			if let Err(error) = Self::ensure_collections() {
				log::error!(target: LOG_TARGET, "hash power collections not created: {error:?}");
			}
			T::DbWeight::get().reads_writes(2, 4)
		}

		fn integrity_test() {
			assert!(T::MaxLiveTokens::get() > 0, "MaxLiveTokens must be above zero");
			assert!(T::VisitsPerBlock::get() > 0, "VisitsPerBlock must be above zero");
			assert!(T::DaysPerVisit::get() > 0, "DaysPerVisit must be above zero");
			assert!(T::ShortfallDays::get() > 0, "ShortfallDays must be above zero");
			assert!(
				T::BreachWindowDays::get() <= RECENT_DAYS,
				"the breach window must fit the recent records"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Bind Bitcoin key `key` to the caller, proven by `signature`: the key's Bitcoin
		/// signed-message signature over [`binding_message`](Pallet::binding_message) for the
		/// caller (any of the compressed-key headers, 31 to 42).
		///
		/// - Origin: signed, the miner.
		/// - Emits [`Event::BitcoinKeyBound`].
		/// - Errors: [`Error::MalformedSignature`], [`Error::BadSignature`],
		///   [`Error::AlreadyBound`], [`Error::TooManyKeys`].
		#[pallet::call_index(0)]
		pub fn bind_bitcoin_key(
			origin: OriginFor<T>,
			key: BitcoinKey,
			signature: MessageSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bind(who, key, &signature)
		}

		/// Release Bitcoin key `key`.
		///
		/// - Origin: signed, the key's miner, with no request or NFT outstanding.
		/// - Emits [`Event::BitcoinKeyUnbound`].
		/// - Errors: [`Error::NotBound`], [`Error::Outstanding`].
		#[pallet::call_index(1)]
		pub fn unbind_bitcoin_key(origin: OriginFor<T>, key: BitcoinKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unbind(who, key)
		}

		/// Ask to tokenize `power` (GH/s for Bitcoin SHA-256) of the caller's hash power for
		/// `duration_days` days from Bitcoin day `start_day`, paid by its pool every
		/// `payout_interval_days` days to `destination`, one of the caller's bound keys' scripts.
		/// Probation runs from the next Bitcoin day to `start_day` and must last at least
		/// `max(MinProbationDays, payout_interval_days)` days; `start_day` may be up to
		/// `MaxServiceDays` later than that. Holds [`Pallet::required_pledge`].
		///
		/// - Origin: signed, a miner with bound keys.
		/// - Emits [`Event::TokenizationRequested`].
		/// - Errors: [`Error::NotMinerScript`], [`Error::PowerTooSmall`], [`Error::BadDuration`],
		///   [`Error::BadPayoutInterval`], [`Error::BadStart`], [`Error::RelayNotReady`],
		///   [`Error::TooManyTokens`], [`Error::TooManyLive`], [`Error::Overflow`], the relay's
		///   registration errors (the destination is in use), the currency's hold errors.
		#[pallet::call_index(2)]
		pub fn request_tokenization(
			origin: OriginFor<T>,
			kind: PowerKind,
			power: u128,
			start_day: u32,
			duration_days: u32,
			payout_interval_days: u32,
			destination: Script,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request(
				who,
				kind,
				power,
				start_day,
				duration_days,
				payout_interval_days,
				destination,
			)
		}

		/// Withdraw request `nft` before it is verified; the pledge goes back.
		///
		/// - Origin: signed, the miner.
		/// - Emits [`Event::RequestCancelled`].
		/// - Errors: [`Error::UnknownNft`], [`Error::NotMiner`], [`Error::NotCancellable`].
		#[pallet::call_index(3)]
		pub fn cancel_request(origin: OriginFor<T>, nft: NftId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(who, nft)
		}

		/// Make the script of Bitcoin key `key` the destination of `nft`, proven by `signature`:
		/// the key's signed-message signature over
		/// [`destination_message`](Pallet::destination_message); its header chooses the script
		/// (P2PKH, P2SH-P2WPKH or P2WPKH). Payouts to the previous destination count for
		/// `RepointGraceDays` more days.
		///
		/// - Origin: signed, the NFT's holder (its pallet-nfts owner).
		/// - Emits [`Event::DestinationSet`] (and [`Event::HolderChanged`] if the holder is new).
		/// - Errors: [`Error::UnknownNft`], [`Error::NotLive`], [`Error::NotHolder`],
		///   [`Error::MalformedSignature`], [`Error::BadSignature`], [`Error::SameDestination`],
		///   the relay's registration errors.
		#[pallet::call_index(4)]
		pub fn set_destination(
			origin: OriginFor<T>,
			nft: NftId,
			key: BitcoinKey,
			signature: MessageSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_destination(who, nft, key, &signature)
		}

		/// Set the committee's key, the third key of 2-of-3 destinations made from now on.
		/// Destinations already set keep the key they were made with (see the README's
		/// co-signing and rotation process).
		///
		/// - Origin: [`Config::GovernanceOrigin`].
		/// - Emits [`Event::CommitteeKeySet`].
		/// - Errors: [`Error::InvalidKey`].
		#[pallet::call_index(5)]
		pub fn set_committee_key(origin: OriginFor<T>, key: BitcoinKey) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_committee_key(key)
		}

		/// Make the 2-of-3 P2WSH output `wsh(sortedmulti(2, miner, key, committee))` the
		/// destination of `nft`: the miner's first bound key, the holder's `key` (proven by
		/// `signature` over [`destination_message`](Pallet::destination_message), any header) and
		/// the committee's key, in BIP67 order. Payouts to the previous destination count for
		/// `RepointGraceDays` more days.
		///
		/// - Origin: signed, the NFT's holder.
		/// - Emits [`Event::DestinationSet`] (and [`Event::HolderChanged`] if the holder is new).
		/// - Errors: those of [`set_destination`](Pallet::set_destination),
		///   [`Error::NoMinerKey`], [`Error::NoCommitteeKey`].
		#[pallet::call_index(6)]
		pub fn set_multisig_destination(
			origin: OriginFor<T>,
			nft: NftId,
			key: BitcoinKey,
			signature: MessageSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_multisig_destination(who, nft, key, &signature)
		}

		/// Ask to tokenize `power` bytes of Filecoin miner `filecoin_miner`'s quality-adjusted
		/// power for `duration_days` Filecoin days (epoch / 2880) from `start_day`, checked every
		/// `check_interval_days` days. The miner must be bound to the caller (the Filecoin
		/// evidence pallet's marker) and back no other live NFT. Rounds on its power and sectors
		/// open at once, their deposits and fees paid by the caller; when they agree the power is
		/// there and faulty sectors are at most `MaxFaultyShare`, the NFT is minted. Holds
		/// [`Pallet::required_pledge`].
		///
		/// - Origin: signed, the miner's bound account.
		/// - Emits [`Event::StorageTokenizationRequested`], [`Event::CheckAsked`].
		/// - Errors: [`Error::NotBoundMiner`], [`Error::MinerInUse`], [`Error::PowerTooSmall`],
		///   [`Error::BadDuration`], [`Error::BadPayoutInterval`], [`Error::BadStart`],
		///   [`Error::FilecoinNotReady`], [`Error::TooManyTokens`], [`Error::TooManyLive`],
		///   [`Error::Overflow`], the evidence pallet's and the currency's errors.
		#[pallet::call_index(7)]
		pub fn request_storage_tokenization(
			origin: OriginFor<T>,
			filecoin_miner: MinerId,
			power: u128,
			start_day: u32,
			duration_days: u32,
			check_interval_days: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request_storage(
				who,
				filecoin_miner,
				power,
				start_day,
				duration_days,
				check_interval_days,
			)
		}

		/// Name `address` (a Filecoin address as bytes: protocol byte, then payload) as the
		/// beneficiary of storage power NFT `nft`. The miner proposes it on Filecoin
		/// (`lotus-miner actor propose-change-beneficiary`), the holder approves it there, and
		/// from `RepointGraceDays` days on a period counts only if the checks find it the
		/// miner's beneficiary with a live term.
		///
		/// - Origin: signed, the NFT's holder.
		/// - Emits [`Event::BeneficiaryNamed`] (and [`Event::HolderChanged`] if the holder is new).
		/// - Errors: [`Error::UnknownNft`], [`Error::NotLive`], [`Error::NotHolder`],
		///   [`Error::WrongKind`], [`Error::InvalidAddress`], [`Error::SameBeneficiary`],
		///   [`Error::FilecoinNotReady`].
		#[pallet::call_index(8)]
		pub fn set_beneficiary(
			origin: OriginFor<T>,
			nft: NftId,
			address: AddressBytes,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_beneficiary(who, nft, address)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The invariants: every bound key has one owner, who lists it; every live NFT is listed by
	/// its miner and a minted one has its item; the pledge held on each miner equals its live
	/// NFTs' pledges; the destinations live NFTs count are registered with the relay, and a
	/// request's is one of its miner's scripts.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::Saturating;
		for (who, keys) in BitcoinKeys::<T>::iter() {
			ensure!(!keys.is_empty(), "an empty key list is stored");
			for key in keys {
				ensure!(
					KeyOwners::<T>::get(key).as_ref() == Some(&who),
					"a listed key is owned by another account"
				);
			}
		}
		for (key, who) in KeyOwners::<T>::iter() {
			ensure!(BitcoinKeys::<T>::get(&who).contains(&key), "an owned key is not listed");
		}
		let mut pledged = alloc::collections::BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (nft, ()) in Live::<T>::iter() {
			let token = Tokens::<T>::get(nft).ok_or("a live NFT has no record")?;
			ensure!(
				matches!(
					token.status,
					NftStatus::Requested | NftStatus::Verified | NftStatus::Active
				),
				"a live NFT is not in a live state"
			);
			ensure!(
				MinerTokens::<T>::get(&token.miner).contains(&nft),
				"a live NFT is not listed by its miner"
			);
			let entry = pledged.entry(token.miner.clone()).or_default();
			*entry = entry.saturating_add(token.pledge);
			if token.status != NftStatus::Requested {
				ensure!(Self::item_owner(token.kind, nft).is_some(), "a live NFT has no item");
			}
			if token.kind == PowerKind::FilecoinStorage {
				Self::try_storage_slice(nft, &token)?;
			}
			if token.next_day != NOT_ON_RELAY {
				ensure!(
					T::Relay::registration(&token.destination.script)
						== Some(token.destination.registration),
					"a live NFT's destination is not registered with the relay"
				);
				ensure!(
					token.repointing.iter().all(|old| T::Relay::registration(&old.previous.script)
						== Some(old.previous.registration)),
					"a destination in its grace is not registered with the relay"
				);
				let scripts = Self::miner_scripts(&token.miner);
				ensure!(
					scripts.contains(&token.destination.script)
						|| token.status != NftStatus::Requested,
					"a request's destination is not its miner's script"
				);
			}
		}
		for (miner, nft) in MinerSlices::<T>::iter() {
			ensure!(Live::<T>::contains_key(nft), "a Filecoin miner backs an NFT that is not live");
			ensure!(
				StorageSlices::<T>::get(nft).is_some_and(|slice| slice.miner == miner),
				"a Filecoin miner backs another miner's NFT"
			);
		}
		for (day, nft, ()) in ChecksDue::<T>::iter() {
			ensure!(
				StorageSlices::<T>::get(nft).is_some_and(|slice| slice.due == Some(day)),
				"a check is due for an NFT that does not expect it"
			);
		}
		for (round, nft) in CheckRounds::<T>::iter() {
			ensure!(
				StorageSlices::<T>::get(nft)
					.and_then(|slice| slice.check)
					.is_some_and(|check| check.waiting.contains(&round)),
				"a check round is not awaited by its NFT"
			);
		}
		for (miner, nfts) in MinerTokens::<T>::iter() {
			for nft in nfts {
				ensure!(Live::<T>::contains_key(nft), "a miner lists an NFT that is not live");
			}
			let held = <T as Config>::Currency::balance_on_hold(&HoldReason::Pledge.into(), &miner);
			ensure!(
				pledged.get(&miner).copied().unwrap_or_default() == held,
				"a miner's pledge hold is not the sum of its live NFTs' pledges"
			);
		}
		Ok(())
	}

	/// A live storage NFT has its slice, is its miner's one NFT, its miner is still bound to the
	/// NFT's miner account, and it has exactly one of a scheduled check or an open one (a request
	/// its open verification).
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	fn try_storage_slice(
		nft: NftId,
		token: &TokenOf<T>,
	) -> Result<(), sp_runtime::TryRuntimeError> {
		let slice = StorageSlices::<T>::get(nft).ok_or("a storage NFT has no slice")?;
		ensure!(
			MinerSlices::<T>::get(slice.miner) == Some(nft),
			"a storage NFT is not its miner's"
		);
		ensure!(
			T::Filecoin::bound_account(slice.miner).as_ref() == Some(&token.miner),
			"a storage NFT's Filecoin miner is not bound to its miner"
		);
		ensure!(
			slice.due.is_some() != slice.check.is_some(),
			"a storage NFT has not exactly one check scheduled or open"
		);
		if let Some(day) = slice.due {
			ensure!(ChecksDue::<T>::contains_key(day, nft), "a scheduled check is not due");
			ensure!(token.status != NftStatus::Requested, "a request has no open verification");
		}
		if let Some(check) = slice.check {
			for round in check.waiting {
				ensure!(CheckRounds::<T>::get(round) == Some(nft), "an awaited round is unknown");
			}
		}
		Ok(())
	}
}
