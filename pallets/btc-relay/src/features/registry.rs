//! Destination scripts and the pool allowlist.

use crate::*;
use alloc::vec::Vec;
use hashmix_bitcoin::script::ScriptClass;
use hashmix_primitives::bitcoin::PayoutDestinations;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register(
		script: Script,
		hashrate: u128,
		miner_scripts: Vec<Script>,
	) -> Result<RegistrationId, DispatchError> {
		ensure!(ScriptClass::of(&script).is_some(), Error::<T>::UnsupportedScript);
		ensure!(hashrate > 0, Error::<T>::ZeroHashrate);
		ensure!(!Destinations::<T>::contains_key(&script), Error::<T>::AlreadyRegistered);
		ensure!(!PoolScripts::<T>::contains_key(&script), Error::<T>::PoolScript);
		let start_day = LastDay::<T>::get().ok_or(Error::<T>::NotInitialized)?;
		let miner_scripts =
			BoundedVec::try_from(miner_scripts).map_err(|_| Error::<T>::TooManyMinerScripts)?;
		let id = NextRegistrationId::<T>::mutate(|next| {
			let id = *next;
			*next = next.saturating_add(1);
			id
		});
		Registrations::<T>::insert(
			id,
			Registration {
				id,
				script: script.clone(),
				hashrate,
				start_day,
				credited_total: 0,
				miner_scripts,
			},
		);
		Destinations::<T>::insert(&script, id);
		Self::deposit_event(Event::ScriptRegistered {
			registration: id,
			script,
			hashrate,
			start_day,
		});
		Ok(id)
	}

	pub(crate) fn do_unregister(script: &Script) -> Result<RegistrationId, DispatchError> {
		let id = Destinations::<T>::take(script).ok_or(Error::<T>::NotRegistered)?;
		Self::deposit_event(Event::ScriptUnregistered { registration: id, script: script.clone() });
		Ok(id)
	}

	pub(crate) fn do_add_pool_script(script: Script) -> DispatchResult {
		ensure!(ScriptClass::of(&script).is_some(), Error::<T>::UnsupportedScript);
		ensure!(!PoolScripts::<T>::contains_key(&script), Error::<T>::AlreadyPoolScript);
		ensure!(!Destinations::<T>::contains_key(&script), Error::<T>::DestinationScript);
		PoolScripts::<T>::insert(&script, ());
		Self::deposit_event(Event::PoolScriptAdded { script });
		Ok(())
	}
}

impl<T: Config> PayoutDestinations for Pallet<T> {
	fn register(
		destination: Script,
		hashrate: u128,
		miner_scripts: Vec<Script>,
	) -> Result<RegistrationId, DispatchError> {
		Self::do_register(destination, hashrate, miner_scripts)
	}

	fn unregister(destination: &Script) -> Result<RegistrationId, DispatchError> {
		Self::do_unregister(destination)
	}

	fn registration(destination: &Script) -> Option<RegistrationId> {
		Destinations::<T>::get(destination)
	}

	fn current_day() -> Option<u32> {
		LastDay::<T>::get()
	}

	fn last_settled_day() -> Option<u32> {
		LastDay::<T>::get()?.checked_sub(T::SettlementLagDays::get())
	}

	fn settled_expectation(hashrate: u128, day: u32) -> Option<u128> {
		let settled = Days::<T>::get(day)?.fee_ppm.is_some();
		settled.then(|| Self::expected_on(hashrate, day)).flatten()
	}

	fn credited(registration: RegistrationId, day: u32) -> u64 {
		Credits::<T>::get(registration, day)
	}
}
