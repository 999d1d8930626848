//! # HashMix primitives
//!
//! The types every HashMix crate agrees on: the account, balance and block number types, the units
//! of the native token HSM, time measured in blocks, and the key type validators use to sign
//! attestations. The runtime, the node and every HashMix pallet depend on this crate rather than on
//! each other, so a change here is a change to the whole chain: the decisions behind these values
//! are recorded in `docs/adr/`.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

/// A transaction signature: sr25519, ed25519 or ECDSA, as Polkadot.js and every Substrate wallet
/// produce.
pub type Signature = MultiSignature;

/// An account on HashMix Chain: the 32-byte public key behind [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// An amount of the native token HSM, in its smallest unit (see [`units`]).
pub type Balance = u128;

/// A block number. At 6 s a block, `u32` lasts more than 800 years.
pub type BlockNumber = u32;

/// The index of a session (pallet-session's `SessionIndex`): the validator set changes only at
/// session boundaries.
pub type SessionIndex = u32;

/// The number of transactions an account has sent.
pub type Nonce = u32;

/// A hash of block data (blake2-256).
pub type Hash = sp_core::H256;

/// Units of HSM. One HSM is `10^12` of its smallest unit ([`units::DECIMALS`]); see
/// `docs/adr/0002-hsm-units.md` for why twelve decimals.
pub mod units {
	use super::Balance;

	/// Decimal places of HSM: `1 HSM = 10^DECIMALS` smallest units.
	pub const DECIMALS: u8 = 12;
	/// One HSM.
	pub const HSM: Balance = 1_000_000_000_000;
	/// One thousandth of an HSM.
	pub const MILLI_HSM: Balance = HSM / 1_000;
	/// One millionth of an HSM.
	pub const MICRO_HSM: Balance = MILLI_HSM / 1_000;
	/// The token symbol wallets show.
	pub const SYMBOL: &str = "HSM";
	/// HSM's maximum supply, in smallest units: one billion HSM (HashMix whitepaper).
	pub const MAX_SUPPLY: Balance = 1_000_000_000 * HSM;
	/// The least balance an account must keep to exist (existential deposit): 0.001 HSM. Small
	/// enough for any user, large enough that spreading dust over many accounts costs real money.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_HSM;
}

/// Time measured in blocks, for a chain whose blocks come every [`time::MILLISECS_PER_BLOCK`].
pub mod time {
	use super::BlockNumber;

	/// The target block time, in milliseconds. Aura's slot duration equals it; it cannot change on
	/// a live chain without stalling block production.
	pub const MILLISECS_PER_BLOCK: u64 = 6_000;
	/// Aura's slot duration, in milliseconds.
	pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
	/// Blocks in a minute.
	pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
	/// Blocks in an hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks in a day.
	pub const DAYS: BlockNumber = HOURS * 24;
}

/// The key validators sign attestations with: an sr25519 key of its own key type, held in the
/// node's keystore beside the Aura and GRANDPA keys and registered with the other session keys.
/// Its account holds no funds: attestation transactions are authorized and fee-free.
pub mod attestation {
	use sp_core::crypto::KeyTypeId;

	/// The key type of HashMix attestation keys (`hmat`), as `key insert --key-type hmat` takes it.
	pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"hmat");

	mod app {
		use sp_application_crypto::{app_crypto, sr25519};
		app_crypto!(sr25519, super::KEY_TYPE);
	}

	/// A validator's public attestation key.
	pub type AttestationId = app::Public;
	/// A signature by an attestation key.
	pub type AttestationSignature = app::Signature;
	/// An attestation key pair (node side only).
	#[cfg(feature = "std")]
	pub type AttestationPair = app::Pair;

	pub use rounds::*;

	/// Off-chain local storage key of the validator node's Bitcoin Esplora REST URL
	/// (`--bitcoin-esplora-url`). Its presence is what the node declares as the Bitcoin source.
	pub const BITCOIN_ENDPOINT_KEY: &[u8] = b"hashmix::bitcoin-esplora-url";
	/// Off-chain local storage key of the validator node's Lotus JSON-RPC URL
	/// (`--filecoin-lotus-url`). Its presence is what the node declares as the Filecoin source.
	pub const FILECOIN_ENDPOINT_KEY: &[u8] = b"hashmix::filecoin-lotus-url";
	/// Off-chain local storage key under which a validator's operator puts its vote (one byte, the
	/// outcome's number) in arbitration round `round`; the off-chain worker commits and reveals
	/// it. Set with the node's `offchain_localStorageSet` RPC (kind `PERSISTENT`).
	pub fn arbitration_vote_key(round: RoundId) -> sp_runtime::Vec<u8> {
		codec::Encode::encode(&(b"hashmix::arbitration-vote", round))
	}

	/// Off-chain local storage key of the bearer token for the Lotus endpoint, if it needs one
	/// (`--filecoin-lotus-token`).
	pub const FILECOIN_TOKEN_KEY: &[u8] = b"hashmix::filecoin-lotus-token";

	/// The bytes an attestation key signs for a message of kind `domain`: the domain, the hash of
	/// the chain's genesis block, then the payload, SCALE-encoded. The domain keeps a signature
	/// for one kind of message from passing as another; the genesis hash, a signature for another
	/// chain from passing here.
	pub fn signing_payload(
		domain: &[u8],
		genesis: impl codec::Encode,
		payload: impl codec::Encode,
	) -> sp_runtime::Vec<u8> {
		codec::Encode::encode(&(domain, genesis, payload))
	}

	/// Attestation rounds: how a pallet asks the validators a question the chain cannot answer
	/// by itself, and hears the agreed answer back.
	mod rounds {
		use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
		use scale_info::TypeInfo;
		use sp_core::ConstU32;
		use sp_runtime::BoundedVec;
		use sp_runtime::{DispatchError, Perbill, Permill, Weight};

		/// A round's number.
		pub type RoundId = u64;

		/// The most fields an answer has.
		pub const MAX_ANSWER_FIELDS: u32 = 16;
		/// The longest exact-match field, in bytes: a Filecoin address (up to 86 characters for
		/// BLS keys) or a CID string fits.
		pub const MAX_EXACT_FIELD_LEN: u32 = 128;
		/// The longest SCALE-encoded question, in bytes.
		pub const MAX_QUESTION_LEN: u32 = 256;

		/// An evidence source a validator's off-chain worker can serve.
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
		pub enum Source {
			/// A Bitcoin Esplora-compatible REST endpoint.
			Bitcoin,
			/// A Filecoin Lotus JSON-RPC endpoint.
			Filecoin,
			/// No endpoint: a judgement (an arbitration vote) by every declared validator.
			Arbitration,
		}

		/// The sources a validator declares it serves.
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
			Default,
		)]
		pub struct Sources {
			/// Serves Bitcoin.
			pub bitcoin: bool,
			/// Serves Filecoin.
			pub filecoin: bool,
		}

		impl Sources {
			/// Whether `source` is among these.
			pub fn serves(&self, source: Source) -> bool {
				match source {
					Source::Bitcoin => self.bitcoin,
					Source::Filecoin => self.filecoin,
					Source::Arbitration => true,
				}
			}

			/// Whether no source is declared.
			pub fn is_empty(&self) -> bool {
				!self.bitcoin && !self.filecoin
			}
		}

		/// How the answers to one field are compared.
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
		pub enum FieldRule {
			/// A number: the agreed value is the stake-weighted median, and an answer agrees when
			/// it is within `tolerance` of it (a fraction of the median, rounded down).
			Numeric {
				/// How far from the median an agreeing answer may be.
				tolerance: Permill,
			},
			/// An identifier (address, CID, PeerId): answers agree only when equal.
			Exact,
		}

		/// One field of an answer.
		#[derive(
			Encode,
			Decode,
			DecodeWithMemTracking,
			MaxEncodedLen,
			TypeInfo,
			Clone,
			PartialEq,
			Eq,
			Debug,
		)]
		pub enum AnswerField {
			/// A number (power in bytes, balances in attoFIL, counts).
			Numeric(u128),
			/// An identifier, as bytes.
			Exact(BoundedVec<u8, ConstU32<MAX_EXACT_FIELD_LEN>>),
		}

		/// An answer: one field per rule of the question.
		pub type Answer = BoundedVec<AnswerField, ConstU32<MAX_ANSWER_FIELDS>>;

		/// What a round asks: the source, the question (a SCALE-encoded typed question of the
		/// asking pallet, fixed at opening: for Filecoin it names the exact epoch) and how each
		/// field of the answer is compared.
		#[derive(
			Encode,
			Decode,
			DecodeWithMemTracking,
			MaxEncodedLen,
			TypeInfo,
			Clone,
			PartialEq,
			Eq,
			Debug,
		)]
		pub struct Question {
			/// Where the answer comes from.
			pub source: Source,
			/// The asking pallet's question, SCALE-encoded.
			pub body: BoundedVec<u8, ConstU32<MAX_QUESTION_LEN>>,
			/// The rule of each answer field, in order.
			pub rules: BoundedVec<FieldRule, ConstU32<MAX_ANSWER_FIELDS>>,
		}

		impl Question {
			/// Whether `answer` has the fields this question's rules describe.
			pub fn fits(&self, answer: &Answer) -> bool {
				answer.len() == self.rules.len()
					&& answer.iter().zip(self.rules.iter()).all(|(field, rule)| {
						matches!(
							(field, rule),
							(AnswerField::Numeric(_), FieldRule::Numeric { .. })
								| (AnswerField::Exact(_), FieldRule::Exact)
						)
					})
			}
		}

		/// How a round ended.
		#[derive(
			Encode,
			Decode,
			DecodeWithMemTracking,
			MaxEncodedLen,
			TypeInfo,
			Clone,
			PartialEq,
			Eq,
			Debug,
		)]
		pub enum RoundOutcome {
			/// Answers within tolerance of this value held more than two thirds of the
			/// snapshotted bond.
			Agreed(Answer),
			/// Enough validators answered, but no value held more than two thirds of the bond.
			NoQuorum,
			/// Fewer than `MinAttesters` distinct bonded attesters answered; the deposit was
			/// refunded.
			NotEnoughAttesters,
			/// An arbitration vote chose this outcome: it held more than half of the
			/// snapshotted bond.
			Decided(u8),
		}

		/// The validator pallet's service to other pallets.
		pub trait AttestationRounds<AccountId> {
			/// Opens a round on `question`, paid by `payer` (a deposit is held, part of it kept
			/// as a fee). The outcome is given to the runtime's `OnRoundOutcome` with the round id
			/// returned here.
			fn open_round(payer: &AccountId, question: Question) -> Result<RoundId, DispatchError>;

			/// How many rounds may still open in this block: the fewer of the free slots among
			/// the open rounds and the openings left for this block. A pallet that opens rounds
			/// on a schedule waits for the next block when too few are left, rather than failing
			/// a check the chain, not its payer, had no room for.
			fn rounds_available() -> u32;

			/// Reports a fault of `offender` that the caller can prove (for example an attested
			/// value contradicted by SPV evidence): `fraction` of its bond is slashed, deferred
			/// like every slash.
			fn report_fault(offender: &AccountId, fraction: Perbill) -> Result<(), DispatchError>;

			/// Opens an arbitration vote on `body` (the asking pallet's description of the
			/// dispute) among `outcomes` outcomes (numbered from 0), paid by `payer`. Every
			/// declared, bonded validator votes except the `parties` to the dispute. A vote is
			/// judgement: never slashed, never counted as missed. The outcome holding more than
			/// half of the snapshotted bond is [`RoundOutcome::Decided`], else
			/// [`RoundOutcome::NoQuorum`].
			fn open_arbitration(
				payer: &AccountId,
				body: BoundedVec<u8, ConstU32<MAX_QUESTION_LEN>>,
				outcomes: u8,
				parties: &[AccountId],
			) -> Result<RoundId, DispatchError>;
		}

		/// Answers questions in a validator's off-chain worker (the Filecoin evidence pallet reads
		/// its Lotus node). `None` means no answer: the validator then does not commit, which is
		/// never guessed.
		pub trait AnswerProvider {
			/// The answer to `question`, fetched now.
			fn answer(question: &Question) -> Option<Answer>;
		}

		#[impl_trait_for_tuples::impl_for_tuples(8)]
		impl AnswerProvider for Tuple {
			fn answer(question: &Question) -> Option<Answer> {
				for_tuples!( #( if let Some(answer) = Tuple::answer(question) { return Some(answer); } )* );
				None
			}
		}

		/// Hears how rounds ended. Every asking pallet implements it and ignores rounds it did
		/// not open; the runtime wires them as a tuple.
		pub trait OnRoundOutcome {
			/// Round `round` ended with `outcome`. Returns the weight used.
			fn on_round_outcome(round: RoundId, outcome: &RoundOutcome) -> Weight;
		}

		#[impl_trait_for_tuples::impl_for_tuples(8)]
		impl OnRoundOutcome for Tuple {
			fn on_round_outcome(round: RoundId, outcome: &RoundOutcome) -> Weight {
				let mut weight = Weight::zero();
				for_tuples!( #( weight = weight.saturating_add(Tuple::on_round_outcome(round, outcome)); )* );
				weight
			}
		}
	}
}

/// Bitcoin payout destinations: the glue between the relay, which credits payouts it can prove,
/// and the hashpower pallet, which decides which scripts are owed what.
pub mod bitcoin {
	use sp_runtime::{traits::ConstU32, BoundedVec, DispatchError};

	/// The longest output script a destination or pool source may be: P2WSH and P2TR are 34 bytes.
	pub const MAX_SCRIPT_LEN: u32 = 34;

	/// A Bitcoin output script (scriptPubKey) as raw bytes.
	pub type Script = BoundedVec<u8, ConstU32<MAX_SCRIPT_LEN>>;

	/// Identifies one registration of a destination script: a script registered again later is a
	/// new registration with its own credit history.
	pub type RegistrationId = u64;

	/// Registers and unregisters the scripts payouts are credited to. A script belongs to one
	/// live registration at a time.
	pub trait PayoutDestinations {
		/// Starts crediting payouts from mining pools to `destination`, for a declared hashrate of
		/// `hashrate` hashes per second. Transactions spending from `destination` or from one of
		/// `miner_scripts` (the miner's own) never count for it. Fails if the script is already
		/// registered, is a pool's payout script, or is not a standard output form.
		fn register(
			destination: Script,
			hashrate: u128,
			miner_scripts: alloc::vec::Vec<Script>,
		) -> Result<RegistrationId, DispatchError>;

		/// Stops crediting `destination`. Its credits so far stay readable by registration id.
		fn unregister(destination: &Script) -> Result<RegistrationId, DispatchError>;

		/// The live registration of `destination`, if any.
		fn registration(destination: &Script) -> Option<RegistrationId>;

		/// The latest Bitcoin day the relay's best chain reached: new registrations are credited
		/// from it on. `None` before the relay is initialized.
		fn current_day() -> Option<u32>;

		/// The latest settled Bitcoin day: its expectation (fee share included) and the credits
		/// of its blocks are final. `None` before the first day settles.
		fn last_settled_day() -> Option<u32>;

		/// What `hashrate` hashes per second should have earned on settled `day`, in satoshis
		/// (subsidy and frozen fee share, rounded up). `None` if the day has not settled, or the
		/// relay never recorded it (no best-chain block began it).
		fn settled_expectation(hashrate: u128, day: u32) -> Option<u128>;

		/// Satoshis credited to `registration` for payouts in blocks of `day`.
		fn credited(registration: RegistrationId, day: u32) -> u64;
	}
}

/// Hash power NFTs: what the market, lending and swap pallets may ask the hashpower pallet about
/// an NFT, and what the hashpower pallet asks them back when a miner breaches.
pub mod hashpower {
	use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
	use scale_info::TypeInfo;
	use sp_runtime::DispatchResult;

	/// A hash power NFT: the pallet-nfts item id, unique over all hash power collections.
	pub type NftId = u32;

	/// What kind of hash power an NFT stands for.
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
	pub enum PowerKind {
		/// Bitcoin SHA-256 hashrate, in GH/s (TH/s with three decimals).
		BitcoinSha256,
		/// Filecoin storage power: a miner actor's quality-adjusted power, in bytes.
		FilecoinStorage,
	}

	/// Where an NFT is in its life: `Requested -> Verified -> Active -> Expired | Revoked |
	/// Burned`, or `Requested -> Failed | Cancelled` when it never mints.
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
	pub enum NftStatus {
		/// Asked for: the miner's payouts are on probation; no item yet.
		Requested,
		/// Proven and minted; its service period has not begun.
		Verified,
		/// In its service period, delivering.
		Active,
		/// The service period ended with the hash power delivered; the pledge went back.
		Expired,
		/// The miner breached; the pledge went to the holder's claims and the insurance pot.
		Revoked,
		/// The item was burned (or is missing): the NFT no longer represents anything.
		Burned,
		/// Probation showed less than the claimed hash power; nothing was minted.
		Failed,
		/// The miner withdrew the request before verification.
		Cancelled,
	}

	/// Why an NFT is locked. An NFT may carry several reasons at once (and several orders); it
	/// is locked while any is present.
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
	pub enum LockReason {
		/// Listed on the market.
		Listing,
		/// Collateral of a loan.
		Loan,
		/// Deposited in a pool.
		Pool,
		/// A market order on it still holds money (counted: a resale chain has several).
		Order,
	}

	/// The locks an NFT carries.
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
		Default,
	)]
	pub struct Locks {
		/// Listed on the market.
		pub listed: bool,
		/// Collateral of a loan.
		pub lent: bool,
		/// In a pool.
		pub pooled: bool,
		/// Market orders on it still holding money.
		pub orders: u8,
	}

	impl Locks {
		/// Whether any lock is present.
		pub fn any(&self) -> bool {
			self.listed || self.lent || self.pooled || self.orders > 0
		}

		/// Adds `reason`; `None` if it is already present (or the order count is full).
		pub fn with(mut self, reason: LockReason) -> Option<Self> {
			match reason {
				LockReason::Listing => (!self.listed).then(|| self.listed = true)?,
				LockReason::Loan => (!self.lent).then(|| self.lent = true)?,
				LockReason::Pool => (!self.pooled).then(|| self.pooled = true)?,
				LockReason::Order => self.orders = self.orders.checked_add(1)?,
			}
			Some(self)
		}

		/// Removes `reason`; `None` if it is not present.
		pub fn without(mut self, reason: LockReason) -> Option<Self> {
			match reason {
				LockReason::Listing => self.listed.then(|| self.listed = false)?,
				LockReason::Loan => self.lent.then(|| self.lent = false)?,
				LockReason::Pool => self.pooled.then(|| self.pooled = false)?,
				LockReason::Order => self.orders = self.orders.checked_sub(1)?,
			}
			Some(self)
		}
	}

	/// What an NFT represents and how it has delivered, as other pallets see it.
	#[derive(
		Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
	)]
	pub struct NftSummary<AccountId> {
		/// The kind of hash power.
		pub kind: PowerKind,
		/// The power claimed and verified, in the kind's unit.
		pub power: u128,
		/// The miner delivering it.
		pub miner: AccountId,
		/// The holder the pallet knows of (the item's owner when last checked).
		pub holder: AccountId,
		/// First day of service (Bitcoin day for Bitcoin hash power, Filecoin day, epoch / 2880,
		/// for Filecoin storage).
		pub start_day: u32,
		/// The day after the last day of service.
		pub end_day: u32,
		/// The miner's declared pool payout interval, in days.
		pub payout_interval_days: u32,
		/// Where the NFT is in its life.
		pub status: NftStatus,
		/// Value delivered over the service days judged so far (satoshis for Bitcoin, byte-days
		/// of quality-adjusted power for Filecoin).
		pub delivered: u128,
		/// Value expected over the same days.
		pub expected: u128,
		/// Service days judged so far.
		pub days_judged: u32,
		/// The last day payouts to the previous holder's destination still count, while the
		/// miner repoints its pool to a new holder's destination.
		pub repoint_grace_until: Option<u32>,
		/// The first day from which only the current holder's own destination (or beneficiary)
		/// counts: the day after the grace of the destination it set. `None` while the current
		/// holder has set none (payouts still go where the previous holder had them go).
		pub holder_paid_from: Option<u32>,
		/// The locks it carries.
		pub locks: Locks,
	}

	/// The hash power NFTs, for the pallets that trade, lend and pool them.
	pub trait HashPowerNfts<AccountId> {
		/// What `nft` represents; `None` if it never existed.
		fn summary(nft: NftId) -> Option<NftSummary<AccountId>>;
		/// Whether `nft` is in service and not in breach.
		fn is_active(nft: NftId) -> bool;
		/// Adds a lock on `nft` (fails if it is not minted, or already has this reason, except
		/// `Order`, which counts).
		fn lock(nft: NftId, reason: LockReason) -> DispatchResult;
		/// Removes a lock (fails if `nft` does not have it).
		fn unlock(nft: NftId, reason: LockReason) -> DispatchResult;
		/// Moves `nft`'s item to `to` whatever locks it carries, and keeps them: the market's
		/// sale of a listed NFT, or a resale while earlier orders still hold money. Fails if the
		/// NFT is not minted and live or its item is gone.
		fn transfer(nft: NftId, to: &AccountId) -> DispatchResult;
	}

	/// The claims a holder has against an NFT's miner, which a breach's pledge pays first: the
	/// market (its open order's loss), later lending and pools. The hashpower pallet asks what is
	/// owed and reports what it paid.
	pub trait PledgeClaims<AccountId, Balance> {
		/// What `holder`'s claims on `nft` could still lose: the pledge pays up to this.
		fn owed_to_holder(nft: NftId, holder: &AccountId) -> Balance;
		/// `amount` of the miner's pledge was paid to `holder` for its claims on `nft`.
		fn pledge_paid(nft: NftId, holder: &AccountId, amount: Balance);
	}

	impl<AccountId, Balance: Default> PledgeClaims<AccountId, Balance> for () {
		fn owed_to_holder(_nft: NftId, _holder: &AccountId) -> Balance {
			Balance::default()
		}
		fn pledge_paid(_nft: NftId, _holder: &AccountId, _amount: Balance) {}
	}
}

/// Filecoin evidence: the questions other pallets ask about Filecoin miners, the facts validators
/// agree on, and the glue between the Filecoin evidence pallet and the pallets that use it.
pub mod filecoin {
	use super::attestation::{RoundId, MAX_EXACT_FIELD_LEN};
	use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
	use scale_info::TypeInfo;
	use sp_runtime::{traits::ConstU32, BoundedVec, DispatchError, Weight};

	/// A Filecoin miner actor, by its id (`f0<id>`).
	pub type MinerId = u64;
	/// A Filecoin chain epoch (30 seconds each since Filecoin's genesis).
	pub type Epoch = u64;
	/// Seconds per Filecoin epoch.
	pub const EPOCH_SECONDS: u64 = 30;
	/// Epochs per Filecoin day (a "Filecoin day" is `epoch / EPOCHS_PER_DAY`).
	pub const EPOCHS_PER_DAY: u64 = 2_880;
	/// A Filecoin address as bytes (protocol byte, then payload): the same for every network
	/// prefix, compared exactly.
	pub type AddressBytes = BoundedVec<u8, ConstU32<MAX_EXACT_FIELD_LEN>>;
	/// The bytes of a binding marker (shown as `hashmix-<hex>`).
	pub const MARKER_BYTES: usize = 10;
	/// A binding marker.
	pub type Marker = [u8; MARKER_BYTES];

	/// What is asked about a miner.
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
	pub enum Query {
		/// `StateMinerInfo`: owner, worker, control addresses, PeerId, multiaddresses,
		/// beneficiary and its term, pending beneficiary change.
		MinerInfo,
		/// `StateMinerPower`: the miner's and the network's raw and quality-adjusted power.
		MinerPower,
		/// `StateMinerSectorCount` and `StateMinerFaults`.
		SectorCounts,
		/// `StateSectorGetInfo` of one sector.
		Sector(u64),
		/// `StateMinerAvailableBalance`.
		AvailableBalance,
		/// Whether the marker is in the miner's PeerId or multiaddresses (`StateMinerInfo`), and
		/// who may set them.
		Marker(Marker),
	}

	/// A question: a query about a miner at an exact epoch (fixed when the round opens).
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
	pub struct FilecoinQuestion {
		/// The miner.
		pub miner: MinerId,
		/// The epoch whose state is asked about.
		pub epoch: Epoch,
		/// What is asked.
		pub query: Query,
	}

	/// A beneficiary's term (FIP-0029).
	#[derive(
		Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
	)]
	pub struct BeneficiaryTerm {
		/// attoFIL it may withdraw in total.
		pub quota: u128,
		/// attoFIL withdrawn so far.
		pub used_quota: u128,
		/// The epoch the term ends.
		pub expiration: Epoch,
	}

	/// A proposed beneficiary change, with who approved it so far.
	#[derive(
		Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
	)]
	pub struct PendingBeneficiary {
		/// The nominee.
		pub beneficiary: AddressBytes,
		/// Its term as proposed.
		pub term: BeneficiaryTerm,
		/// The current beneficiary approved.
		pub approved_by_beneficiary: bool,
		/// The nominee approved.
		pub approved_by_nominee: bool,
	}

	/// `StateMinerInfo` as agreed. Lists whose length the chain cannot bound (control
	/// addresses, multiaddresses) are kept as blake2-256 digests of their canonical encoding.
	#[derive(
		Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
	)]
	pub struct MinerInfo {
		/// The owner.
		pub owner: AddressBytes,
		/// The worker.
		pub worker: AddressBytes,
		/// blake2-256 of the SCALE-encoded list of control addresses (as bytes).
		pub control_digest: [u8; 32],
		/// The PeerId as Lotus shows it (base58), empty when unset.
		pub peer_id: BoundedVec<u8, ConstU32<MAX_EXACT_FIELD_LEN>>,
		/// blake2-256 of the SCALE-encoded list of multiaddresses (as bytes).
		pub multiaddrs_digest: [u8; 32],
		/// The beneficiary (the owner unless changed).
		pub beneficiary: AddressBytes,
		/// Its term (all zero for the owner).
		pub term: BeneficiaryTerm,
		/// A pending beneficiary change.
		pub pending: Option<PendingBeneficiary>,
	}

	/// `StateMinerPower` as agreed, bytes.
	#[derive(
		Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
	)]
	pub struct MinerPower {
		/// The miner's raw-byte power.
		pub raw: u128,
		/// The miner's quality-adjusted power.
		pub quality_adjusted: u128,
		/// The network's raw-byte power.
		pub total_raw: u128,
		/// The network's quality-adjusted power.
		pub total_quality_adjusted: u128,
		/// Whether the miner has the minimum power to win blocks.
		pub has_min_power: bool,
	}

	/// `StateMinerSectorCount` and the size of `StateMinerFaults`, as agreed.
	#[derive(
		Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
	)]
	pub struct SectorCounts {
		/// Sectors not expired or terminated.
		pub live: u64,
		/// Live sectors proven and not faulty.
		pub active: u64,
		/// Faulty sectors.
		pub faulty: u64,
		/// Sectors in the miner's fault bitfield.
		pub faults: u64,
	}

	/// `StateSectorGetInfo` as agreed (`None` when there is no such sector).
	#[derive(
		Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
	)]
	pub struct SectorInfo {
		/// The replica commitment (CommR) of its sealed CID.
		pub comm_r: [u8; 32],
		/// The epoch it was activated.
		pub activation: Epoch,
		/// The epoch it expires.
		pub expiration: Epoch,
		/// Its initial pledge, attoFIL.
		pub initial_pledge: u128,
		/// Its expected block reward a day, attoFIL.
		pub expected_day_reward: u128,
	}

	/// Whether a binding marker was found, and who can set the miner's PeerId and
	/// multiaddresses.
	#[derive(
		Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
	)]
	pub struct MarkerFound {
		/// The marker is in the PeerId or a multiaddress.
		pub found: bool,
		/// The owner.
		pub owner: AddressBytes,
		/// The worker.
		pub worker: AddressBytes,
	}

	/// An agreed fact about a miner, the answer to one [`Query`].
	#[derive(
		Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
	)]
	pub enum Fact {
		/// The answer to [`Query::MinerInfo`].
		MinerInfo(MinerInfo),
		/// The answer to [`Query::MinerPower`].
		MinerPower(MinerPower),
		/// The answer to [`Query::SectorCounts`].
		SectorCounts(SectorCounts),
		/// The answer to [`Query::Sector`].
		Sector(Option<SectorInfo>),
		/// The answer to [`Query::AvailableBalance`], attoFIL.
		AvailableBalance(u128),
		/// The answer to [`Query::Marker`].
		Marker(MarkerFound),
	}

	/// The Filecoin evidence pallet's service to other pallets.
	pub trait FilecoinEvidence<AccountId> {
		/// Asks the validators `query` about `miner` at the current question epoch (now minus the
		/// finality margin), paid by `payer`. Returns the round and the question; the answer comes
		/// to the runtime's `OnFilecoinFact` when the round closes.
		fn ask(
			payer: &AccountId,
			miner: MinerId,
			query: Query,
		) -> Result<(RoundId, FilecoinQuestion), DispatchError>;

		/// The agreed answer to `question`, while it is retained.
		fn fact(question: &FilecoinQuestion) -> Option<Fact>;

		/// The account `miner` is bound to by a confirmed marker.
		fn bound_account(miner: MinerId) -> Option<AccountId>;

		/// The epoch a question asked now would be about (now minus the finality margin); `None`
		/// before that epoch exists.
		fn question_epoch() -> Option<Epoch>;

		/// How many questions may still be asked in this block (the validators' round capacity).
		fn rounds_available() -> u32;
	}

	/// No Filecoin evidence: nothing is bound, nothing can be asked (a runtime, or a test, without
	/// the Filecoin evidence pallet).
	impl<AccountId> FilecoinEvidence<AccountId> for () {
		fn ask(
			_payer: &AccountId,
			_miner: MinerId,
			_query: Query,
		) -> Result<(RoundId, FilecoinQuestion), DispatchError> {
			Err(DispatchError::Other("no Filecoin evidence"))
		}
		fn fact(_question: &FilecoinQuestion) -> Option<Fact> {
			None
		}
		fn bound_account(_miner: MinerId) -> Option<AccountId> {
			None
		}
		fn question_epoch() -> Option<Epoch> {
			None
		}
		fn rounds_available() -> u32 {
			0
		}
	}

	/// Hears the answers to Filecoin questions. Every asking pallet implements it and ignores
	/// rounds it did not open; the runtime wires them as a tuple.
	pub trait OnFilecoinFact {
		/// Round `round` on `question` ended: with the agreed fact, or `None` (no quorum, too few
		/// attesters).
		fn on_filecoin_fact(
			round: RoundId,
			question: &FilecoinQuestion,
			fact: Option<&Fact>,
		) -> Weight;
	}

	#[impl_trait_for_tuples::impl_for_tuples(8)]
	impl OnFilecoinFact for Tuple {
		fn on_filecoin_fact(
			round: RoundId,
			question: &FilecoinQuestion,
			fact: Option<&Fact>,
		) -> Weight {
			let mut weight = Weight::zero();
			for_tuples!( #( weight = weight.saturating_add(Tuple::on_filecoin_fact(round, question, fact)); )* );
			weight
		}
	}
}

/// What off-chain workers share when they read an HTTP endpoint (Esplora, Lotus).
pub mod offchain {
	use alloc::vec::Vec;
	use sp_runtime::offchain::{http, Timestamp};

	/// Why an HTTP exchange gave no body.
	#[derive(Debug, Clone, Copy, PartialEq, Eq)]
	pub enum HttpFailure {
		/// The request could not be sent or its answer not read (connection refused, I/O error).
		Transport,
		/// No complete answer before the deadline.
		Timeout,
		/// An HTTP status other than 200.
		Status(u16),
		/// The answer exceeded the size bound.
		TooLarge,
	}

	/// Waits for `pending` until `deadline` and reads its body, at most `max_bytes` of it; only a
	/// 200 answer has a body.
	pub fn response_body(
		pending: http::PendingRequest,
		deadline: Timestamp,
		max_bytes: usize,
	) -> Result<Vec<u8>, HttpFailure> {
		let response =
			pending.try_wait(deadline).map_err(|_| HttpFailure::Timeout)?.map_err(|error| {
				match error {
					http::Error::DeadlineReached => HttpFailure::Timeout,
					_ => HttpFailure::Transport,
				}
			})?;
		if response.code != 200 {
			return Err(HttpFailure::Status(response.code));
		}
		let mut body = response.body();
		let mut bytes = Vec::new();
		for byte in body.by_ref() {
			if bytes.len() >= max_bytes {
				return Err(HttpFailure::TooLarge);
			}
			bytes.push(byte);
		}
		match body.error() {
			None => Ok(bytes),
			Some(sp_core::offchain::HttpError::DeadlineReached) => Err(HttpFailure::Timeout),
			Some(_) => Err(HttpFailure::Transport),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn max_supply_should_leave_room_for_perbill_products_in_u128() {
		// Fee and reward math multiplies a balance by a Perbill's parts (<= 10^9) before dividing:
		// the whole supply times that must still fit in u128.
		assert!(units::MAX_SUPPLY.checked_mul(1_000_000_000).is_some());
		assert_eq!(units::HSM, 10u128.pow(units::DECIMALS as u32));
	}

	#[test]
	fn day_should_be_14400_blocks_of_six_seconds() {
		assert_eq!(time::DAYS, 14_400);
		assert_eq!(u64::from(time::DAYS) * time::MILLISECS_PER_BLOCK, 86_400_000);
	}
}
