//! Filecoin storage power NFTs: requests by bound miners, checks by the validators' rounds, the
//! holder's FIP-0029 beneficiary, and delivery judged per period.
//!
//! A storage power NFT stands for `power` bytes of one miner actor's quality-adjusted power. Its
//! checks are attestation rounds of the Filecoin evidence pallet on the miner's `MinerPower`,
//! `SectorCounts` and, once a holder names a beneficiary, `MinerInfo`, paid by the miner. The
//! request's rounds verify it (the power is there, faulty sectors at most `MaxFaultyShare`);
//! in service, one check at the end of each period judges it: the period delivered
//! `min(agreed power, claimed power)` for each of its days when the holder's beneficiary is in
//! place (Filecoin removes faulty sectors' power from a miner's claim, so the agreed power is
//! power without faults), nothing otherwise. The breach rule is the Bitcoin one counted in days.

use crate::*;
use alloc::{format, vec::Vec};
use frame_support::{
	storage::with_storage_layer,
	traits::{fungible::MutateHold as _, Contains},
};
use hashmix_primitives::filecoin::{
	BeneficiaryTerm, Fact, FilecoinQuestion, OnFilecoinFact, Query, EPOCHS_PER_DAY,
};
use sp_runtime::{SaturatedConversion, Saturating};

/// The most rounds one check opens: power, sector counts, miner info.
const CHECK_ROUNDS: u32 = 3;

impl<T: Config> Pallet<T> {
	/// The Filecoin day questions asked now are about (the question epoch / 2880).
	pub fn filecoin_day() -> Option<u32> {
		T::Filecoin::question_epoch().map(|epoch| (epoch / EPOCHS_PER_DAY).saturated_into::<u32>())
	}

	pub(crate) fn do_request_storage(
		who: T::AccountId,
		filecoin_miner: MinerId,
		power: u128,
		start_day: u32,
		duration_days: u32,
		interval: u32,
	) -> DispatchResult {
		ensure!(
			T::Filecoin::bound_account(filecoin_miner).as_ref() == Some(&who),
			Error::<T>::NotBoundMiner
		);
		ensure!(!MinerSlices::<T>::contains_key(filecoin_miner), Error::<T>::MinerInUse);
		ensure!(power >= T::MinStoragePower::get(), Error::<T>::PowerTooSmall);
		ensure!((1..=T::MaxServiceDays::get()).contains(&duration_days), Error::<T>::BadDuration);
		ensure!((1..=MAX_PAYOUT_INTERVAL_DAYS).contains(&interval), Error::<T>::BadPayoutInterval);
		let today = Self::filecoin_day().ok_or(Error::<T>::FilecoinNotReady)?;
		ensure!(
			start_day > today && start_day.saturating_sub(today) <= T::MaxServiceDays::get(),
			Error::<T>::BadStart
		);
		let end_day = start_day.checked_add(duration_days).ok_or(Error::<T>::Overflow)?;
		ensure!(Live::<T>::count() < T::MaxLiveTokens::get(), Error::<T>::TooManyLive);
		let nft = NextNftId::<T>::get();
		MinerTokens::<T>::try_mutate(&who, |list| list.try_push(nft))
			.map_err(|_| Error::<T>::TooManyTokens)?;
		let pledge = Self::required_pledge(PowerKind::FilecoinStorage, power, interval)?;
		<T as Config>::Currency::hold(&HoldReason::Pledge.into(), &who, pledge)?;
		NextNftId::<T>::put(nft.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let mut slice = StorageSlice {
			miner: filecoin_miner,
			beneficiary: None,
			grace: None,
			due: None,
			check: None,
			judged_to: start_day,
			withdrawn: 0,
		};
		Tokens::<T>::insert(
			nft,
			Token::new(
				PowerKind::FilecoinStorage,
				power,
				who.clone(),
				Days { probation_start: today, start_day, end_day },
				interval,
				pledge,
				NftStatus::Requested,
				Destination::none(),
				NOT_ON_RELAY,
			),
		);
		Live::<T>::insert(nft, ());
		MinerSlices::<T>::insert(filecoin_miner, nft);
		Self::deposit_event(Event::StorageTokenizationRequested {
			nft,
			miner: who.clone(),
			filecoin_miner,
			power,
			start_day,
			end_day,
			check_interval_days: interval,
			pledge,
		});
		Self::ask_check(nft, &who, &mut slice, today)?;
		StorageSlices::<T>::insert(nft, slice);
		Ok(())
	}

	pub(crate) fn do_set_beneficiary(
		who: T::AccountId,
		nft: NftId,
		address: AddressBytes,
	) -> DispatchResult {
		let mut token = Self::holders_nft(&who, nft)?;
		ensure!(token.kind == PowerKind::FilecoinStorage, Error::<T>::WrongKind);
		hashmix_filecoin::address::Address::from_bytes(&address)
			.map_err(|_| Error::<T>::InvalidAddress)?;
		let mut slice = StorageSlices::<T>::get(nft).ok_or(Error::<T>::UnknownNft)?;
		ensure!(slice.beneficiary.as_ref() != Some(&address), Error::<T>::SameBeneficiary);
		let today = Self::filecoin_day().ok_or(Error::<T>::FilecoinNotReady)?;
		let grace_until = today.saturating_add(T::RepointGraceDays::get());
		// A beneficiary still in its grace gives way to the one being left now.
		let previous = slice.beneficiary.replace(address.clone());
		slice.grace = Some(BeneficiaryGrace { previous, until: grace_until });
		StorageSlices::<T>::insert(nft, slice);
		token.holder_paid_from = Some(grace_until.saturating_add(1));
		Tokens::<T>::insert(nft, token);
		Self::deposit_event(Event::BeneficiaryNamed { nft, holder: who, address, grace_until });
		Ok(())
	}

	/// Opens the rounds of a check of `slice`'s miner for the period ending on `period_end`,
	/// paid by `payer`: power and sectors, and the miner's info when a beneficiary is named.
	/// All or none open.
	fn ask_check(
		nft: NftId,
		payer: &T::AccountId,
		slice: &mut StorageSlice,
		period_end: u32,
	) -> DispatchResult {
		let mut queries = Vec::from([Query::MinerPower, Query::SectorCounts]);
		if slice.beneficiary.is_some() {
			queries.push(Query::MinerInfo);
		}
		let waiting = with_storage_layer(|| {
			let mut waiting = BoundedVec::new();
			for query in queries {
				let (round, _) = T::Filecoin::ask(payer, slice.miner, query)?;
				CheckRounds::<T>::insert(round, nft);
				waiting.try_push(round).map_err(|_| Error::<T>::Overflow)?;
			}
			Ok::<_, DispatchError>(waiting)
		})?;
		slice.check = Some(Check { period_end, waiting, readings: Readings::default() });
		Self::deposit_event(Event::CheckAsked { nft, period_end });
		Ok(())
	}

	/// Puts `nft`'s next check on Filecoin day `day`.
	fn schedule(nft: NftId, slice: &mut StorageSlice, day: u32) {
		slice.due = Some(day);
		ChecksDue::<T>::insert(day, nft, ());
	}

	/// One block's share of the checks: at most `VisitsPerBlock` due checks opened, or empty
	/// days passed, from the earliest day that may have some. When the validators have too few
	/// rounds left in this block for a check, the pass stops and resumes in the next block: a
	/// full round table is the chain's doing, never counted against a miner.
	pub(crate) fn check_step() -> Weight {
		let mut weight = <T as Config>::WeightInfo::sweep_idle();
		let Some(today) = Self::filecoin_day() else { return weight };
		let stored = CheckCursor::<T>::get();
		let mut cursor = stored.unwrap_or(today);
		let mut budget = <T as Config>::VisitsPerBlock::get();
		'days: while budget > 0 && cursor <= today {
			let batch: Vec<NftId> =
				ChecksDue::<T>::iter_key_prefix(cursor).take(budget as usize).collect();
			budget.saturating_dec();
			for nft in &batch {
				if T::Filecoin::rounds_available() < CHECK_ROUNDS {
					break 'days;
				}
				ChecksDue::<T>::remove(cursor, nft);
				Self::check_due(*nft, today);
				weight.saturating_accrue(<T as Config>::WeightInfo::check_due());
				budget.saturating_dec();
			}
			if batch.is_empty() {
				cursor.saturating_inc();
			}
		}
		if stored != Some(cursor) {
			CheckCursor::<T>::put(cursor);
		}
		weight
	}

	/// A check of `nft` due today: a Verified NFT enters service; an Active one has the rounds
	/// on its current period opened, or, if that fails (the miner cannot pay the rounds), is
	/// asked again tomorrow until the period is a breach window late, then judged undelivered.
	pub(crate) fn check_due(nft: NftId, today: u32) {
		let (Some(mut token), Some(mut slice)) =
			(Tokens::<T>::get(nft), StorageSlices::<T>::get(nft))
		else {
			return;
		};
		slice.due = None;
		if !Self::sync_holder(nft, &mut token) {
			return;
		}
		let period_end =
			slice.judged_to.saturating_add(token.payout_interval_days).min(token.end_day);
		match token.status {
			NftStatus::Verified => {
				token.status = NftStatus::Active;
				Self::schedule(nft, &mut slice, period_end);
				Tokens::<T>::insert(nft, token);
			}
			NftStatus::Active => {
				let miner = token.miner.clone();
				if let Err(error) = Self::ask_check(nft, &miner, &mut slice, period_end) {
					log::debug!(target: LOG_TARGET, "check of {nft} not asked: {error:?}");
					let late = today.saturating_sub(period_end)
						>= Self::window(token.payout_interval_days);
					if late {
						let check = Check {
							period_end,
							waiting: BoundedVec::new(),
							readings: Readings::default(),
						};
						Self::judge_period(nft, token, slice, check, today);
						return;
					}
					Self::schedule(nft, &mut slice, today.saturating_add(1));
				}
			}
			_ => return,
		}
		StorageSlices::<T>::insert(nft, slice);
	}

	/// A round of a check closed: records its answer, and judges once the last is in.
	pub(crate) fn hear(round: RoundId, fact: Option<&Fact>) -> Weight {
		let Some(nft) = CheckRounds::<T>::take(round) else {
			return T::DbWeight::get().reads(1);
		};
		let weight = <T as Config>::WeightInfo::hear();
		let (Some(token), Some(mut slice)) = (Tokens::<T>::get(nft), StorageSlices::<T>::get(nft))
		else {
			return weight;
		};
		let Some(check) = slice.check.as_mut() else { return weight };
		check.waiting.retain(|waiting| *waiting != round);
		match fact {
			Some(Fact::MinerPower(power)) => check.readings.power = Some(power.quality_adjusted),
			Some(Fact::SectorCounts(counts)) => {
				check.readings.sectors = Some((counts.live, counts.faulty))
			}
			Some(Fact::MinerInfo(info)) => {
				check.readings.beneficiary = Some((info.beneficiary.clone(), info.term.clone()))
			}
			_ => {}
		}
		if !check.waiting.is_empty() {
			StorageSlices::<T>::insert(nft, slice);
			return weight;
		}
		let Some(check) = slice.check.take() else { return weight };
		let today = Self::filecoin_day().unwrap_or(check.period_end);
		match token.status {
			NftStatus::Requested => {
				Self::verify_storage(nft, token, slice, check);
				weight.saturating_add(<T as Config>::WeightInfo::mint())
			}
			NftStatus::Active => {
				Self::judge_period(nft, token, slice, check, today);
				weight
			}
			_ => weight,
		}
	}

	/// The verification rounds agreed (or not): mint if the power is there and faults are few.
	fn verify_storage(nft: NftId, mut token: TokenOf<T>, mut slice: StorageSlice, check: Check) {
		let power = check.readings.power.unwrap_or_default();
		let healthy = check.readings.sectors.is_some_and(|(live, faulty)| {
			u128::from(faulty) <= T::MaxFaultyShare::get().mul_floor(u128::from(live))
		});
		let attribute =
			(crate::tokens::attribute::FILECOIN_MINER, format!("f0{}", slice.miner).into_bytes());
		if power >= token.power && healthy && Self::mint(nft, &token, Some(attribute)).is_ok() {
			token.status = NftStatus::Verified;
			token.probation_delivered = power;
			token.probation_expected = token.power;
			Self::schedule(nft, &mut slice, token.start_day);
			Tokens::<T>::insert(nft, &token);
			StorageSlices::<T>::insert(nft, slice);
			Self::deposit_event(Event::Verified { nft, delivered: power, expected: token.power });
			return;
		}
		StorageSlices::<T>::insert(nft, slice);
		Self::end(nft, &mut token, NftStatus::Failed);
		Self::deposit_event(Event::VerificationFailed {
			nft,
			delivered: power,
			expected: token.power,
		});
	}

	/// Judges the period `slice.judged_to..check.period_end` on the check's readings.
	fn judge_period(
		nft: NftId,
		mut token: TokenOf<T>,
		mut slice: StorageSlice,
		check: Check,
		today: u32,
	) {
		if !Self::sync_holder(nft, &mut token) {
			return;
		}
		let from = slice.judged_to;
		let to = check.period_end;
		let Readings { power, sectors, beneficiary } = check.readings;
		// No agreement on the power (a round without quorum): ask again until the period is a
		// breach window late; then it counts as undelivered.
		let window = Self::window(token.payout_interval_days);
		if (power.is_none() || sectors.is_none()) && today.saturating_sub(to) < window {
			Self::schedule(nft, &mut slice, today.saturating_add(1));
			StorageSlices::<T>::insert(nft, slice);
			return;
		}
		let days = u128::from(to.saturating_sub(from));
		let agreed = power.unwrap_or_default();
		let in_place = Self::beneficiary_in_place(&slice, beneficiary.as_ref(), from, to);
		if let Some((address, term)) = beneficiary.as_ref() {
			if slice.beneficiary.as_ref() == Some(address) {
				slice.withdrawn = term.used_quota;
			}
		}
		let rate = if in_place { agreed.min(token.power) } else { 0 };
		let delivered = rate.saturating_mul(days);
		let expected = token.power.saturating_mul(days);
		if slice.grace.as_ref().is_some_and(|grace| grace.until < to) {
			slice.grace = None;
		}
		let _ = RecentDays::<T>::mutate(nft, |records| {
			records.force_insert_keep_right(
				records.len(),
				DayRecord { day: from, delivered, expected },
			)
		});
		let span = to.saturating_sub(from);
		let short = delivered
			< (Perbill::one().saturating_sub(T::ShortfallTolerance::get())).mul_ceil(expected);
		token.watch.record(delivered, short, span);
		token.delivered = token.delivered.saturating_add(delivered);
		token.expected = token.expected.saturating_add(expected);
		token.days_judged = token.days_judged.saturating_add(span);
		slice.judged_to = to;
		Self::deposit_event(Event::PeriodJudged {
			nft,
			from_day: from,
			to_day: to,
			power: agreed,
			delivered,
			expected,
		});
		StorageSlices::<T>::insert(nft, &slice);
		if Self::in_breach(&token) {
			Self::revoke(nft, &mut token);
			return;
		}
		if to >= token.end_day {
			Self::expire(nft, &mut token);
			return;
		}
		let next = to.saturating_add(token.payout_interval_days).min(token.end_day);
		Self::schedule(nft, &mut slice, next);
		StorageSlices::<T>::insert(nft, slice);
		Tokens::<T>::insert(nft, token);
	}

	/// Whether the period `from..to` had the holder's beneficiary in place: none named yet (the
	/// miner's own arrangement stands), or the agreed beneficiary is the named one (or, while the
	/// grace covers the period's start, the previous arrangement) with a term reaching the
	/// period's end and quota left.
	fn beneficiary_in_place(
		slice: &StorageSlice,
		reading: Option<&(AddressBytes, BeneficiaryTerm)>,
		from: u32,
		to: u32,
	) -> bool {
		let Some(named) = slice.beneficiary.as_ref() else { return true };
		let in_grace = slice.grace.as_ref().filter(|grace| from <= grace.until);
		if in_grace.is_some_and(|grace| grace.previous.is_none()) {
			return true;
		}
		let Some((address, term)) = reading else { return false };
		let end_epoch = u64::from(to).saturating_mul(EPOCHS_PER_DAY);
		let term_live = term.expiration >= end_epoch && term.used_quota < term.quota;
		let current = address == named && term_live;
		let previous = in_grace
			.and_then(|grace| grace.previous.as_ref())
			.is_some_and(|previous| previous == address);
		current || previous
	}

	/// Forgets a storage NFT's schedule and open rounds when it ends (its record stays).
	pub(crate) fn end_slice(nft: NftId) {
		let Some(mut slice) = StorageSlices::<T>::get(nft) else { return };
		if MinerSlices::<T>::get(slice.miner) == Some(nft) {
			MinerSlices::<T>::remove(slice.miner);
		}
		if let Some(day) = slice.due.take() {
			ChecksDue::<T>::remove(day, nft);
		}
		if let Some(check) = slice.check.take() {
			for round in check.waiting {
				CheckRounds::<T>::remove(round);
			}
		}
		StorageSlices::<T>::insert(nft, slice);
	}
}

impl<T: Config> OnFilecoinFact for Pallet<T> {
	fn on_filecoin_fact(
		round: RoundId,
		_question: &FilecoinQuestion,
		fact: Option<&Fact>,
	) -> Weight {
		Self::hear(round, fact)
	}
}

/// The Filecoin miners a live storage NFT depends on: the evidence pallet keeps them bound.
impl<T: Config> Contains<MinerId> for Pallet<T> {
	fn contains(miner: &MinerId) -> bool {
		MinerSlices::<T>::contains_key(miner)
	}
}
