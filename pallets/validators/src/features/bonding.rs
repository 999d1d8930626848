//! Bonding: holding a candidate's HSM, unbonding it with a delay, candidacy.

use crate::*;
use frame_support::traits::tokens::Precision;
use sp_runtime::traits::{CheckedAdd, CheckedSub, Saturating};

impl<T: Config> Pallet<T> {
	fn hold_reason() -> T::RuntimeHoldReason {
		HoldReason::Bond.into()
	}

	/// Bonds `value` for `who`, which has no ledger yet, and makes it a candidate.
	pub(crate) fn do_bond(who: &T::AccountId, value: BalanceOf<T>) -> DispatchResult {
		ensure!(!Ledgers::<T>::contains_key(who), Error::<T>::AlreadyBonded);
		ensure!(value >= T::MinBond::get(), Error::<T>::BelowMinimumBond);
		ensure!(Candidates::<T>::count() < T::MaxCandidates::get(), Error::<T>::TooManyCandidates);
		CurrencyOf::<T>::hold(&Self::hold_reason(), who, value)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Ledgers::<T>::insert(who, LedgerOf::<T>::new(value));
		Candidates::<T>::insert(who, ());
		Self::deposit_event(Event::Bonded { who: who.clone(), amount: value });
		Ok(())
	}

	pub(crate) fn do_bond_extra(who: &T::AccountId, value: BalanceOf<T>) -> DispatchResult {
		let mut ledger = Ledgers::<T>::get(who).ok_or(Error::<T>::NotBonded)?;
		ensure!(!value.is_zero(), Error::<T>::ZeroAmount);
		ledger.active = ledger.active.checked_add(&value).ok_or(Error::<T>::Overflow)?;
		CurrencyOf::<T>::hold(&Self::hold_reason(), who, value)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Ledgers::<T>::insert(who, ledger);
		Self::deposit_event(Event::BondedExtra { who: who.clone(), amount: value });
		Ok(())
	}

	pub(crate) fn do_unbond(who: &T::AccountId, value: BalanceOf<T>) -> DispatchResult {
		let mut ledger = Ledgers::<T>::get(who).ok_or(Error::<T>::NotBonded)?;
		ensure!(!value.is_zero(), Error::<T>::ZeroAmount);
		let rest = ledger.active.checked_sub(&value).ok_or(Error::<T>::InsufficientBond)?;
		ensure!(rest.is_zero() || rest >= T::MinBond::get(), Error::<T>::BelowMinimumBond);

		let now = Self::current_session();
		match ledger.unlocking.last_mut() {
			// Requests of one session share a chunk, so a validator cannot run out of chunks by
			// unbonding in small steps within a session.
			Some(chunk) if chunk.requested == now => {
				chunk.value = chunk.value.checked_add(&value).ok_or(Error::<T>::Overflow)?;
			}
			_ => ledger
				.unlocking
				.try_push(UnlockChunk { value, requested: now })
				.map_err(|_| Error::<T>::TooManyUnlockingChunks)?,
		}
		ledger.active = rest;
		let release = ledger.release_session(now, T::UnbondingSessions::get());
		Ledgers::<T>::insert(who, &ledger);
		Self::deposit_event(Event::Unbonded { who: who.clone(), amount: value, release });
		if rest.is_zero() && Candidates::<T>::take(who).is_some() {
			Self::deposit_event(Event::Chilled { who: who.clone() });
		}
		Ok(())
	}

	pub(crate) fn do_withdraw_unbonded(who: &T::AccountId) -> DispatchResult {
		let mut ledger = Ledgers::<T>::get(who).ok_or(Error::<T>::NotBonded)?;
		let now = Self::current_session();
		let delay = T::UnbondingSessions::get();
		let mut released = BalanceOf::<T>::zero();
		let pending: Vec<_> = ledger
			.unlocking
			.iter()
			.filter(|chunk| {
				let due = ledger.release_session(chunk.requested, delay) <= now;
				if due {
					released = released.saturating_add(chunk.value);
				}
				!due
			})
			.cloned()
			.collect();
		ensure!(!released.is_zero(), Error::<T>::NothingToWithdraw);
		// `pending` is a subset of a bounded vector, so it fits.
		ledger.unlocking = BoundedVec::truncate_from(pending);

		// Slashes may have taken less than the ledger says only if the books are wrong: release
		// what is there rather than fail, and let `try_state` catch it.
		CurrencyOf::<T>::release(&Self::hold_reason(), who, released, Precision::BestEffort)?;
		if ledger.is_empty() {
			Ledgers::<T>::remove(who);
			Candidates::<T>::remove(who);
		} else {
			Ledgers::<T>::insert(who, ledger);
		}
		Self::deposit_event(Event::Withdrawn { who: who.clone(), amount: released });
		Ok(())
	}

	pub(crate) fn do_chill(who: &T::AccountId) -> DispatchResult {
		Candidates::<T>::take(who).ok_or(Error::<T>::NotCandidate)?;
		Self::deposit_event(Event::Chilled { who: who.clone() });
		Ok(())
	}

	pub(crate) fn do_validate(who: &T::AccountId) -> DispatchResult {
		let ledger = Ledgers::<T>::get(who).ok_or(Error::<T>::NotBonded)?;
		ensure!(ledger.active >= T::MinBond::get(), Error::<T>::BelowMinimumBond);
		ensure!(!Candidates::<T>::contains_key(who), Error::<T>::AlreadyCandidate);
		ensure!(Candidates::<T>::count() < T::MaxCandidates::get(), Error::<T>::TooManyCandidates);
		Candidates::<T>::insert(who, ());
		Self::deposit_event(Event::Validating { who: who.clone() });
		Ok(())
	}
}
