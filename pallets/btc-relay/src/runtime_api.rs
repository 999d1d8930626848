//! What clients and other pallets' off-chain code can ask the relay.

use crate::*;
use alloc::vec::Vec;
use hashmix_bitcoin::{pow, reward};

sp_api::decl_runtime_apis! {
	/// Queries of the Bitcoin relay.
	pub trait BtcRelayApi {
		/// Height and hash of the best chain's tip; `None` before initialization.
		fn best_block() -> Option<(u32, H256)>;
		/// Confirmations of a block: 1 for the tip, 0 off the best chain or unknown.
		fn confirmations(block: H256) -> u32;
		/// The latest Bitcoin day the best chain reached.
		fn current_day() -> Option<u32>;
		/// A day's difficulty, subsidy, fee share and settlement.
		fn day(day: u32) -> Option<DayStatus>;
		/// What `hashrate` hashes per second should earn on `day`, in satoshis, rounded up: the
		/// subsidy expectation plus, once the day settled, its frozen fee share.
		fn expected_payout(hashrate: u128, day: u32) -> Option<u128>;
		/// The live registration of a destination script.
		fn registration(script: Vec<u8>) -> Option<RegistrationInfo>;
		/// Satoshis credited to a registration for a day.
		fn credited(registration: RegistrationId, day: u32) -> u64;
	}
}

impl<T: Config> Pallet<T> {
	/// [`BtcRelayApi::best_block`].
	pub fn best_block() -> Option<(u32, H256)> {
		Tip::<T>::get().map(|tip| (tip.height, tip.hash))
	}

	/// [`BtcRelayApi::day`].
	pub fn day_status(day: u32) -> Option<DayStatus> {
		let info = Days::<T>::get(day)?;
		let difficulty = pow::decode_compact(info.bits).map(reward::difficulty).unwrap_or_default();
		Some(DayStatus {
			bits: info.bits,
			difficulty,
			subsidy: info.subsidy,
			fee_ppm: info.fee_ppm,
			settled: info.fee_ppm.is_some(),
		})
	}

	/// [`BtcRelayApi::expected_payout`].
	pub fn expected_on(hashrate: u128, day: u32) -> Option<u128> {
		let info = Days::<T>::get(day)?;
		let base = reward::expected_from_numerator(hashrate, info.numerator.into());
		Some(reward::with_fee_share(base, info.fee_ppm.unwrap_or(0)))
	}

	/// [`BtcRelayApi::registration`].
	pub fn registration_info(script: Vec<u8>) -> Option<RegistrationInfo> {
		let script = Script::try_from(script).ok()?;
		let registration = Registrations::<T>::get(Destinations::<T>::get(&script)?)?;
		let cap = Self::cap(&registration, LastDay::<T>::get().unwrap_or(0));
		Some(RegistrationInfo {
			id: registration.id,
			hashrate: registration.hashrate,
			start_day: registration.start_day,
			credited_total: registration.credited_total,
			cap,
		})
	}
}
