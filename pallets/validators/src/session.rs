//! The session schedule and the attestation keys: this pallet is pallet-session's
//! `ShouldEndSession`, `NextSessionRotation` and the session handler of the `hmat` key type.

use crate::*;
use frame_support::traits::{EstimateNextSessionRotation, OneSessionHandler};
use sp_runtime::{
	traits::{One, Saturating, Zero},
	BoundToRuntimeAppPublic, Permill,
};

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
