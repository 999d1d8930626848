//! # Hash power
//!
//! The heart of HashMix: hash power of a specific miner for a specific period, as an NFT the chain
//! has verified. This first part binds miners to the chain.
//!
//! - **Bitcoin keys.** A miner proves it holds a Bitcoin key with the signed-message signature its
//!   wallet makes (`signmessage`, or BIP-137 for segwit addresses) over
//!   [`binding_message`](Pallet::binding_message): the chain account and this chain's genesis
//!   hash, so that a signature made for one account or one chain binds nothing elsewhere.
//!   [`bind_bitcoin_key`](Pallet::bind_bitcoin_key) recovers the key with the runtime's secp256k1
//!   host function and records it for the caller; a key belongs to one account at a time. Every
//!   script form of a bound key (P2PKH, P2WPKH, P2SH-P2WPKH) is the miner's own
//!   ([`miner_scripts`](Pallet::miner_scripts)): money from them never counts as a pool payout.
//!   [`unbind_bitcoin_key`](Pallet::unbind_bitcoin_key) releases a key.
//!
//! Verified minting, delivery and breach come with the tokenization requests that build on these
//! identities.
//!
//! ## Weights
//!
//! Measured on the reference machine (`runtime/src/weights/pallet_hashpower.rs`): binding a key
//! costs 125 M ps of reference time (the secp256k1 recovery and the digest), unbinding 35 M ps.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod identity;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use weights::WeightInfo;

use frame_support::{pallet_prelude::*, BoundedVec};
use frame_system::pallet_prelude::*;

/// A compressed secp256k1 public key (SEC1, 33 bytes), as Bitcoin wallets show and sign with it.
pub type BitcoinKey = [u8; 33];

/// A Bitcoin signed-message signature: header byte, `r`, `s` (65 bytes; wallets show it in
/// base64).
pub type MessageSignature = [u8; 65];

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The most Bitcoin keys one account binds. Each key stands for three scripts, all of
		/// which the relay must know as the miner's: keep `3 * MaxBitcoinKeys` within the relay's
		/// `MaxMinerScripts`.
		#[pallet::constant]
		type MaxBitcoinKeys: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
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

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	// Each variant's doc line names and explains its fields.
	#[allow(missing_docs)]
	pub enum Event<T: Config> {
		/// `who` proved it holds Bitcoin key `key`.
		BitcoinKeyBound { who: T::AccountId, key: BitcoinKey },
		/// `who` released Bitcoin key `key`.
		BitcoinKeyUnbound { who: T::AccountId, key: BitcoinKey },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The signature's header byte is not a signed-message header for a compressed key
		/// (31 to 42).
		MalformedSignature,
		/// The signature is not by `key` over this account's binding message on this chain.
		BadSignature,
		/// The key is already bound (to this or another account).
		AlreadyBound,
		/// The account already binds `MaxBitcoinKeys` keys.
		TooManyKeys,
		/// The key is not bound to the caller.
		NotBound,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
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
		/// - Origin: signed, the key's miner.
		/// - Emits [`Event::BitcoinKeyUnbound`].
		/// - Errors: [`Error::NotBound`].
		#[pallet::call_index(1)]
		pub fn unbind_bitcoin_key(origin: OriginFor<T>, key: BitcoinKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unbind(who, key)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The invariants: every bound key has one owner, who lists it, and no account lists more
	/// keys than allowed or a key it does not own.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
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
		Ok(())
	}
}
