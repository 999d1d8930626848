//! The election: pallet-session's `SessionManager`. Each session the top `MaxValidators`
//! eligible candidates by bond become the next session's validators; with fewer than
//! `MinValidators` eligible the current set is kept.

use crate::*;
use alloc::vec::Vec;

impl<T: Config> Pallet<T> {
	/// The candidates that can validate, best first: a bond of at least `MinBond` and session
	/// keys registered (pallet-session would skip a validator without keys, shrinking the set).
	/// Ties go to the smaller account id, so every node computes the same set.
	pub fn eligible_candidates() -> Vec<(T::AccountId, BalanceOf<T>)> {
		let min_bond = T::MinBond::get();
		let mut eligible: Vec<_> = Candidates::<T>::iter_keys()
			.filter_map(|who| {
				let ledger = Ledgers::<T>::get(&who)?;
				(ledger.active >= min_bond && pallet_session::NextKeys::<T>::contains_key(&who))
					.then_some((who, ledger.active))
			})
			.collect();
		eligible.sort_by(|(a, a_bond), (b, b_bond)| b_bond.cmp(a_bond).then_with(|| a.cmp(b)));
		eligible
	}

	/// Plans the validators of session `session`, records the plan and marks each planned
	/// validator's ledger active in that session.
	fn plan_session(session: SessionIndex) -> Option<Vec<T::AccountId>> {
		let eligible = Self::eligible_candidates();
		let eligible_count = u32::try_from(eligible.len()).unwrap_or(u32::MAX);
		let (planned, election) = if eligible_count < T::MinValidators::get() {
			// Keep the set of the session that is about to start (already queued in
			// pallet-session), so block production never stops for want of validators.
			let kept: Vec<T::AccountId> =
				pallet_session::QueuedKeys::<T>::get().into_iter().map(|(who, _)| who).collect();
			// At genesis nothing is queued yet: pallet-session falls back to its genesis keys,
			// whose accounts are the bonded genesis validators.
			let kept = if kept.is_empty() {
				eligible.iter().map(|(who, _)| who.clone()).collect()
			} else {
				kept
			};
			Self::deposit_event(Event::ValidatorSetKept { session, eligible: eligible_count });
			(kept, Election::Kept)
		} else {
			let elected: Vec<T::AccountId> = eligible
				.into_iter()
				.take(usize::try_from(T::MaxValidators::get()).unwrap_or(usize::MAX))
				.map(|(who, _)| who)
				.collect();
			Self::deposit_event(Event::ValidatorsElected {
				session,
				validators: u32::try_from(elected.len()).unwrap_or(u32::MAX),
				candidates: eligible_count,
			});
			(elected, Election::Elected)
		};

		for who in &planned {
			Ledgers::<T>::mutate(who, |ledger| {
				if let Some(ledger) = ledger {
					ledger.last_active_session = Some(session);
				}
			});
		}
		let bounded = BoundedVec::truncate_from(planned.clone());
		PlannedValidators::<T>::put((bounded, election));
		match election {
			Election::Elected => Some(planned),
			// `None` tells pallet-session to keep the set, without marking it changed.
			Election::Kept => None,
		}
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		Self::plan_session(new_index)
	}

	fn new_session_genesis(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		Self::plan_session(new_index)
	}

	/// Pays the ending session's rewards to its validators.
	fn end_session(end_index: SessionIndex) {
		Self::pay_rewards(end_index);
	}

	/// Applies the slashes deferred to the starting session.
	fn start_session(start_index: SessionIndex) {
		Self::apply_slashes(start_index);
	}
}
