//! # Validators
//!
//! The HashMix validator set: the accounts whose nodes author blocks (Aura), finalize them
//! (GRANDPA) and attest evidence with their HashMix attestation key.
//!
//! This pallet is the one place the runtime asks about validators, so that pallet-session's wiring
//! never changes as the set becomes staked:
//!
//! - **Session schedule.** It is pallet-session's `ShouldEndSession` and
//!   `NextSessionRotation`: a session lasts [`SessionLength`] blocks, a genesis parameter (short in
//!   the development and local presets so tests see rotations, an hour on real networks).
//! - **Attestation keys.** It is the session handler of the `hmat` key type: at every session
//!   change it records the attestation keys of the validators of the new session in
//!   [`AttestationKeys`], in the session's validator order, so that attestation transactions can
//!   be checked against the active set without reading every validator's session keys.
//!
//! In this first version the validator set is the one given at genesis (pallet-session's genesis
//! keys) and operators rotate keys with `author_rotateKeysWithOwner` and `session.setKeys`; bonding,
//! the top-candidates election, attestation rounds and slashing extend this pallet.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{EstimateNextSessionRotation, OneSessionHandler},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use hashmix_primitives::attestation::AttestationId;
use sp_arithmetic::traits::CheckedRem;
use sp_runtime::{
	traits::{One, Saturating, Zero},
	BoundToRuntimeAppPublic, Permill,
};

pub use pallet::*;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

const LOG_TARGET: &str = "runtime::validators";

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config + pallet_session::Config {
		/// The most validators a session can have. At least Aura's and GRANDPA's
		/// `MaxAuthorities`; every authority's attestation key is kept, so sizing this below the
		/// authority count would drop keys (checked in `integrity_test`).
		#[pallet::constant]
		type MaxValidators: Get<u32>;
	}

	/// How many blocks a session lasts. Set at genesis; never zero.
	#[pallet::storage]
	pub type SessionLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The attestation keys of the current session's validators, in the order of
	/// `pallet_session::Validators`.
	#[pallet::storage]
	pub type AttestationKeys<T: Config> =
		StorageValue<_, BoundedVec<AttestationId, T::MaxValidators>, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// How many blocks a session lasts; must be above zero.
		pub session_length: BlockNumberFor<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		/// Sessions of an hour.
		fn default() -> Self {
			Self { session_length: hashmix_primitives::time::HOURS.into() }
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
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxValidators::get() > 0, "MaxValidators must be above zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The invariants of this pallet: a session has a positive length, and there is one recorded
	/// attestation key for each validator of the current session.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(!SessionLength::<T>::get().is_zero(), "session length is zero");
		ensure!(
			AttestationKeys::<T>::decode_len().unwrap_or(0)
				== pallet_session::Validators::<T>::decode_len().unwrap_or(0),
			"attestation keys do not match the session's validators"
		);
		Ok(())
	}

	/// The session length and the blocks into the current session at `now` (one storage read),
	/// or `None` while the length is unset.
	fn session_position(now: BlockNumberFor<T>) -> Option<(BlockNumberFor<T>, BlockNumberFor<T>)> {
		let length = SessionLength::<T>::get();
		now.checked_rem(&length).map(|into| (length, into))
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

/// A session ends every [`SessionLength`] blocks: at blocks `L`, `2L`, `3L`, ...
impl<T: Config> pallet_session::ShouldEndSession<BlockNumberFor<T>> for Pallet<T> {
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		Self::session_position(now).is_some_and(|(_, into)| into.is_zero())
	}
}

impl<T: Config> EstimateNextSessionRotation<BlockNumberFor<T>> for Pallet<T> {
	fn average_session_length() -> BlockNumberFor<T> {
		SessionLength::<T>::get()
	}

	fn estimate_current_session_progress(now: BlockNumberFor<T>) -> (Option<Permill>, Weight) {
		let progress = Self::session_position(now).map(|(length, into)| {
			// A session is `L` blocks long and its last block is the one at which it ends, so the
			// first block of a session is 1/L of the way through and the last one L/L.
			Permill::from_rational(into.saturating_add(One::one()), length)
		});
		(progress, T::DbWeight::get().reads(1))
	}

	fn estimate_next_session_rotation(
		now: BlockNumberFor<T>,
	) -> (Option<BlockNumberFor<T>>, Weight) {
		let next = Self::session_position(now).map(|(length, into)| {
			if into.is_zero() {
				now
			} else {
				now.saturating_add(length.saturating_sub(into))
			}
		});
		(next, T::DbWeight::get().reads(1))
	}
}

impl<T: Config> BoundToRuntimeAppPublic for Pallet<T> {
	type Public = AttestationId;
}

impl<T: Config> OneSessionHandler<T::AccountId> for Pallet<T> {
	type Key = AttestationId;

	fn on_genesis_session<'a, I>(validators: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, AttestationId)>,
	{
		Self::record_attestation_keys(validators);
	}

	fn on_new_session<'a, I>(changed: bool, validators: I, _queued_validators: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, AttestationId)>,
	{
		// `changed` is also true when a validator of the set changed its keys.
		if changed {
			Self::record_attestation_keys(validators);
		}
	}

	fn on_disabled(_validator_index: u32) {}
}
