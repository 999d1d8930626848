//! The daily sweep: every settled Bitcoin day, each live request and NFT is judged on it, a
//! bounded number per block.

use crate::*;
use alloc::vec::Vec;
use hashmix_primitives::hashpower::NftStatus;
use sp_runtime::Saturating;

/// What judging a day did to an NFT beyond updating its totals.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Transition {
	/// Nothing: the NFT goes on.
	None,
	/// Probation passed: the item was minted.
	Minted,
	/// The NFT ended (verification failed, breach, expiry or burn).
	Ended,
}

impl<T: Config> Pallet<T> {
	/// One block's share of the sweep. Starts a sweep when a day settled since the last one (or
	/// the last one left NFTs behind), visits up to `VisitsPerBlock` live NFTs after where the
	/// previous block stopped, and returns the weight used.
	pub(crate) fn sweep_step() -> Weight {
		let mut weight = <T as Config>::WeightInfo::sweep_idle();
		let Some(settled) = T::Relay::last_settled_day() else { return weight };
		let mut sweep = match CurrentSweep::<T>::get() {
			Some(sweep) => sweep,
			None => {
				let due =
					SweptTo::<T>::get().is_none_or(|(swept, behind)| behind || swept < settled);
				if !due {
					return weight;
				}
				Sweep { settled, after: None, behind: false }
			}
		};
		let limit = <T as Config>::VisitsPerBlock::get() as usize;
		let batch: Vec<NftId> = match sweep.after {
			Some(after) => Live::<T>::iter_from(Live::<T>::hashed_key_for(after))
				.map(|(nft, ())| nft)
				.take(limit)
				.collect(),
			None => Live::<T>::iter_keys().take(limit).collect(),
		};
		for nft in &batch {
			let (days, transition, behind) = Self::visit(*nft, sweep.settled);
			weight.saturating_accrue(<T as Config>::WeightInfo::visit(days));
			weight.saturating_accrue(match transition {
				Transition::None => Weight::zero(),
				Transition::Minted => <T as Config>::WeightInfo::mint(),
				Transition::Ended => <T as Config>::WeightInfo::revoke(),
			});
			sweep.behind |= behind;
			sweep.after = Some(*nft);
		}
		if batch.len() < limit {
			CurrentSweep::<T>::kill();
			SweptTo::<T>::put((sweep.settled, sweep.behind));
		} else {
			CurrentSweep::<T>::put(sweep);
		}
		weight
	}

	/// Judges `nft` on its settled days up to `settled`, at most `DaysPerVisit` of them.
	/// Returns the days judged, what happened, and whether days are left for the next sweep.
	pub(crate) fn visit(nft: NftId, settled: u32) -> (u32, Transition, bool) {
		let Some(mut token) = Tokens::<T>::get(nft) else { return (0, Transition::None, false) };
		if !Self::sync_holder(nft, &mut token) {
			return (0, Transition::Ended, false);
		}
		let mut days = 0;
		let mut transition = Transition::None;
		while token.next_day <= settled && days < T::DaysPerVisit::get() {
			let day = token.next_day;
			token.next_day = day.saturating_add(1);
			days.saturating_inc();
			match Self::judge(nft, &mut token, day) {
				Transition::None => {}
				Transition::Minted => transition = Transition::Minted,
				Transition::Ended => return (days, Transition::Ended, false),
			}
		}
		let behind = token.next_day <= settled;
		// Nothing judged (a fixture, or an NFT already up to date): nothing to write.
		if days > 0 {
			Tokens::<T>::insert(nft, token);
		}
		(days, transition, behind)
	}

	/// Judges one settled day. A day the relay never recorded (no best-chain block began it)
	/// expects and counts nothing.
	fn judge(nft: NftId, token: &mut TokenOf<T>, day: u32) -> Transition {
		let expected = Self::hashrate(token.power)
			.ok()
			.and_then(|hashrate| T::Relay::settled_expectation(hashrate, day));
		let Some(expected) = expected else { return Self::after_day(nft, token, day) };
		let mut delivered = u128::from(T::Relay::credited(token.destination.registration, day));
		if let Some(old) = token.repointing.as_ref().filter(|old| day <= old.until) {
			delivered = delivered
				.saturating_add(u128::from(T::Relay::credited(old.previous.registration, day)));
		}
		// A day is short when what the last payout interval's days delivered (that day's own
		// delivery for a pool paying daily) is more than the tolerance below their expectation:
		// a late payout makes its days short only until it arrives.
		let interval = token.payout_interval_days.max(1);
		let short = RecentDays::<T>::mutate(nft, |records| {
			// At the bound the oldest record gives way; the bound is never zero.
			let _ = records
				.force_insert_keep_right(records.len(), DayRecord { day, delivered, expected });
			let (got, due) = records.iter().rev().take(interval as usize).fold(
				(0u128, 0u128),
				|(got, due), record| {
					(got.saturating_add(record.delivered), due.saturating_add(record.expected))
				},
			);
			got < (Perbill::one().saturating_sub(T::ShortfallTolerance::get())).mul_ceil(due)
		});
		token.watch.record(delivered, short, 1);
		Self::deposit_event(Event::DayJudged { nft, day, delivered, expected });
		match token.status {
			NftStatus::Requested => {
				token.probation_delivered = token.probation_delivered.saturating_add(delivered);
				token.probation_expected = token.probation_expected.saturating_add(expected);
			}
			NftStatus::Verified | NftStatus::Active if day >= token.start_day => {
				token.status = NftStatus::Active;
				token.delivered = token.delivered.saturating_add(delivered);
				token.expected = token.expected.saturating_add(expected);
				token.days_judged.saturating_inc();
				if Self::in_breach(token) {
					Self::revoke(nft, token);
					return Transition::Ended;
				}
			}
			_ => {}
		}
		Self::after_day(nft, token, day)
	}

	/// What the end of `day` brings: verification after the last day of probation, expiry after
	/// the last day of service, the end of a repointing grace.
	fn after_day(nft: NftId, token: &mut TokenOf<T>, day: u32) -> Transition {
		if token.repointing.as_ref().is_some_and(|old| day >= old.until) {
			if let Some(old) = token.repointing.take() {
				Self::unregister(&old.previous);
			}
		}
		let probation_end = token
			.probation_start
			.saturating_add(T::MinProbationDays::get().max(token.payout_interval_days));
		if token.status == NftStatus::Requested && day.saturating_add(1) >= probation_end {
			let (delivered, expected) = (token.probation_delivered, token.probation_expected);
			let needed =
				(Perbill::one().saturating_sub(T::VerificationTolerance::get())).mul_ceil(expected);
			let minted =
				expected > 0 && delivered >= needed && Self::mint(nft, token, None).is_ok();
			if minted {
				token.status = NftStatus::Verified;
				Self::deposit_event(Event::Verified { nft, delivered, expected });
				return Transition::Minted;
			}
			Self::end(nft, token, NftStatus::Failed);
			Self::deposit_event(Event::VerificationFailed { nft, delivered, expected });
			return Transition::Ended;
		}
		if token.status == NftStatus::Active && day.saturating_add(1) >= token.end_day {
			Self::expire(nft, token);
			return Transition::Ended;
		}
		Transition::None
	}
}
