//! Slashing (deferred, cancellable, paid to `OnSlash`) and the per-session rewards from the pot.

use crate::*;
use alloc::vec::Vec;
use frame_support::traits::{
	tokens::{Fortitude, Preservation},
	Imbalance,
};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{AccountIdConversion, Saturating, UniqueSaturatedFrom, UniqueSaturatedInto},
	Rounding,
};

impl<T: Config> Pallet<T> {
	/// The reward pot: round fees come in, session rewards go out.
	pub fn pot_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Gives the pot its existential deposit, so that fees smaller than it can be paid in.
	pub(crate) fn ensure_pot_exists() {
		let pot = Self::pot_account();
		let minimum = CurrencyOf::<T>::minimum_balance();
		let balance = CurrencyOf::<T>::balance(&pot);
		if balance < minimum {
			let _ = CurrencyOf::<T>::mint_into(&pot, minimum.saturating_sub(balance));
		}
	}

	/// Schedules `amount` of `who`'s bond to be slashed `SlashDeferSessions` from now.
	pub(crate) fn schedule_slash(who: &T::AccountId, amount: BalanceOf<T>, reason: SlashReason) {
		if amount.is_zero() {
			return;
		}
		let session = Self::current_session().saturating_add(T::SlashDeferSessions::get());
		PendingSlashes::<T>::mutate(session, who, |pending| {
			*pending = Some(pending.unwrap_or_default().saturating_add(amount));
		});
		Self::deposit_event(Event::SlashDeferred { who: who.clone(), amount, session, reason });
	}

	pub(crate) fn do_report_fault(offender: &T::AccountId, fraction: Perbill) -> DispatchResult {
		let ledger = Ledgers::<T>::get(offender).ok_or(Error::<T>::NotBonded)?;
		Self::schedule_slash(offender, fraction.mul_floor(ledger.total()), SlashReason::Reported);
		Ok(())
	}

	pub(crate) fn do_cancel_deferred_slash(
		session: SessionIndex,
		who: T::AccountId,
	) -> DispatchResult {
		let amount = PendingSlashes::<T>::take(session, &who).ok_or(Error::<T>::NoSuchSlash)?;
		Self::deposit_event(Event::SlashCancelled { who, session, amount });
		Ok(())
	}

	/// Applies the slashes due in `session`.
	pub(crate) fn apply_slashes(session: SessionIndex) {
		for (who, amount) in PendingSlashes::<T>::drain_prefix(session) {
			Self::slash(&who, amount);
		}
	}

	/// Slashes up to `amount` from `who`'s held bond: from the active bond first, then from
	/// the newest unbonding chunks. The funds go to `OnSlash`.
	fn slash(who: &T::AccountId, amount: BalanceOf<T>) {
		let Some(mut ledger) = Ledgers::<T>::get(who) else { return };
		let amount = amount.min(ledger.total());
		let (credit, _missing) = <CurrencyOf<T> as BalancedHold<T::AccountId>>::slash(
			&HoldReason::Bond.into(),
			who,
			amount,
		);
		let slashed = credit.peek();
		T::OnSlash::on_unbalanced(credit);

		let mut left = slashed;
		let from_active = left.min(ledger.active);
		ledger.active = ledger.active.saturating_sub(from_active);
		left = left.saturating_sub(from_active);
		for chunk in ledger.unlocking.iter_mut().rev() {
			let taken = left.min(chunk.value);
			chunk.value = chunk.value.saturating_sub(taken);
			left = left.saturating_sub(taken);
		}
		ledger.unlocking.retain(|chunk| !chunk.value.is_zero());
		if ledger.is_empty() {
			Ledgers::<T>::remove(who);
			Candidates::<T>::remove(who);
		} else {
			Ledgers::<T>::insert(who, ledger);
		}
		Records::<T>::mutate(who, |record| {
			let record = record.get_or_insert_with(Default::default);
			record.slashed = record.slashed.saturating_add(slashed);
		});
		Self::deposit_event(Event::Slashed { who: who.clone(), amount: slashed });
	}

	/// Pays session `session`'s reward from the pot to its validators: at most `SessionReward`,
	/// split by active bond weighted by participation, `(1 + rounds agreed) / (1 + rounds closed
	/// this session)`, so that with no rounds the split is by bond alone and a validator that
	/// agreed in every round gets its full share. Shares round down; the remainder stays in the
	/// pot. Resets the session's counters.
	pub(crate) fn pay_rewards(session: SessionIndex) {
		let rounds = u128::from(RoundsThisSession::<T>::take());
		let pot = Self::pot_account();
		let available =
			CurrencyOf::<T>::reducible_balance(&pot, Preservation::Preserve, Fortitude::Polite);
		let budget: u128 = T::SessionReward::get().min(available).unique_saturated_into();
		let min_bond = T::MinBond::get();

		let mut points: Vec<(T::AccountId, u128)> = Vec::new();
		for who in pallet_session::Validators::<T>::get() {
			let agreed = Records::<T>::mutate(&who, |record| {
				let record = record.get_or_insert_with(Default::default);
				let agreed = record.session_agreed;
				record.session_agreed = 0;
				record.session_asked = 0;
				agreed
			});
			let Some(ledger) = Ledgers::<T>::get(&who) else { continue };
			if ledger.active < min_bond {
				continue;
			}
			let bond: u128 = ledger.active.unique_saturated_into();
			let participation = u128::from(agreed).saturating_add(1).min(rounds.saturating_add(1));
			let weighted = multiply_by_rational_with_rounding(
				bond,
				participation,
				rounds.saturating_add(1),
				Rounding::Down,
			)
			.unwrap_or(0);
			points.push((who, weighted));
		}
		let total = points.iter().fold(0u128, |sum, (_, p)| sum.saturating_add(*p));
		if budget == 0 || total == 0 {
			return;
		}
		for (who, weighted) in points {
			let share = multiply_by_rational_with_rounding(budget, weighted, total, Rounding::Down)
				.unwrap_or(0);
			if share == 0 {
				continue;
			}
			let amount = BalanceOf::<T>::unique_saturated_from(share);
			match CurrencyOf::<T>::transfer(&pot, &who, amount, Preservation::Preserve) {
				Ok(_) => Self::deposit_event(Event::Rewarded { who, session, amount }),
				Err(error) => {
					log::warn!(target: LOG_TARGET, "reward to {who:?} not paid: {error:?}")
				}
			}
		}
	}
}
