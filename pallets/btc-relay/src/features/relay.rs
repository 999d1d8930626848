//! The header relay: initialization, checks, fork choice by cumulative work, reorganisations,
//! pruning, and the Bitcoin days the best chain reaches.

use crate::*;
use alloc::vec::Vec;
use hashmix_bitcoin::{
	header::Header,
	pow::{self, Parent, RETARGET_INTERVAL},
	reward, Error as BtcError, U512,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_initialize(
		network: BitcoinNetwork,
		raw: RawHeader,
		height: u32,
		ancestor_times: Vec<u32>,
	) -> DispatchResult {
		let network = match network {
			BitcoinNetwork::Mainnet => Network::Mainnet,
			BitcoinNetwork::Regtest => Network::Regtest,
			BitcoinNetwork::Testnet3 | BitcoinNetwork::Testnet4 | BitcoinNetwork::Signet => {
				return Err(Error::<T>::UnsupportedNetwork.into())
			}
		};
		ensure!(RelayNetwork::<T>::get().is_none(), Error::<T>::AlreadyInitialized);
		ensure!(
			!network.retargets() || height.is_multiple_of(RETARGET_INTERVAL),
			Error::<T>::CheckpointNotAtPeriodStart
		);
		let header = Header::parse(&raw);
		let target = pow::meets_own_target(network, &header).map_err(Self::header_error)?;
		let mut times = ancestor_times;
		times.push(header.time);
		let recent_times =
			RecentTimes::try_from(times).map_err(|_| Error::<T>::TooManyAncestorTimes)?;
		let hash = header.hash();
		let stored = StoredHeader {
			header,
			height,
			chain_work: pow::work(target),
			recent_times,
			period_start_time: header.time,
			fee_sampled: false,
		};
		RelayNetwork::<T>::put(network);
		HeightHashes::<T>::try_mutate(height, |hashes| hashes.try_push(hash))
			.map_err(|_| Error::<T>::TooManyForks)?;
		BestChain::<T>::insert(height, hash);
		Tip::<T>::put(BestTip { hash, height, chain_work: stored.chain_work });
		LowestHeight::<T>::put(height);
		Self::record_day(&stored);
		Headers::<T>::insert(hash, stored);
		Self::deposit_event(Event::Initialized { network, height, hash });
		Ok(())
	}

	/// Stores `raws` in order; returns how many best-chain blocks its reorganisations abandoned.
	pub(crate) fn do_submit_headers(raws: &[RawHeader]) -> Result<u32, DispatchError> {
		let network = RelayNetwork::<T>::get().ok_or(Error::<T>::NotInitialized)?;
		let mut best = Tip::<T>::get().ok_or(Error::<T>::NotInitialized)?;
		ensure!(!raws.is_empty(), Error::<T>::NoHeaders);
		let now = T::UnixTime::now().as_secs();
		let mut abandoned = 0u32;
		for raw in raws {
			let header = Header::parse(raw);
			let hash = header.hash();
			// Cheap first: one read before any parsing of the parent or proof of work.
			ensure!(!Headers::<T>::contains_key(hash), Error::<T>::DuplicateHeader);
			let parent = Headers::<T>::get(header.prev_block).ok_or(Error::<T>::UnknownParent)?;
			ensure!(
				parent.height.saturating_add(T::MaxReorgDepth::get()) >= best.height,
				Error::<T>::ForkTooDeep
			);
			let verified = pow::check_header(
				network,
				&Parent {
					hash: header.prev_block,
					height: parent.height,
					bits: parent.header.bits,
					recent_times: &parent.recent_times,
					period_start_time: parent.period_start_time,
				},
				&header,
				now,
			)
			.map_err(Self::header_error)?;
			let stored = Self::child_of(&parent, header, &verified)?;
			HeightHashes::<T>::try_mutate(verified.height, |hashes| hashes.try_push(hash))
				.map_err(|_| Error::<T>::TooManyForks)?;
			let chain_work = stored.chain_work;
			let height = stored.height;
			if chain_work > best.chain_work {
				if header.prev_block == best.hash {
					BestChain::<T>::insert(height, hash);
					Self::record_day(&stored);
				} else {
					let depth = Self::reorganize(hash, &stored, &best)?;
					// Every reorganisation in the batch is paid for: together they may abandon
					// no more than the one the call is charged for up front.
					abandoned = abandoned.saturating_add(depth);
					ensure!(abandoned <= T::MaxReorgDepth::get(), Error::<T>::ForkTooDeep);
				}
				best = BestTip { hash, height, chain_work };
			}
			Headers::<T>::insert(hash, stored);
		}
		Tip::<T>::put(&best);
		Self::prune(best.height, (raws.len() as u32).saturating_add(abandoned));
		Self::deposit_event(Event::HeadersStored {
			count: raws.len() as u32,
			best: best.hash,
			height: best.height,
		});
		Ok(abandoned)
	}

	/// The stored form of a verified header whose parent is `parent`.
	fn child_of(
		parent: &StoredHeader,
		header: Header,
		verified: &pow::Verified,
	) -> Result<StoredHeader, DispatchError> {
		let chain_work =
			parent.chain_work.checked_add(verified.work).ok_or(Error::<T>::Overflow)?;
		let mut times: Vec<u32> = parent.recent_times.to_vec();
		if times.len() >= pow::MEDIAN_TIME_SPAN {
			times.remove(0);
		}
		times.push(header.time);
		let recent_times = RecentTimes::try_from(times).map_err(|_| Error::<T>::Overflow)?;
		let period_start_time = if verified.height.is_multiple_of(RETARGET_INTERVAL) {
			header.time
		} else {
			parent.period_start_time
		};
		Ok(StoredHeader {
			header,
			height: verified.height,
			chain_work,
			recent_times,
			period_start_time,
			fee_sampled: false,
		})
	}

	/// Makes the chain ending at `new_hash` the best one: walks back to the best chain, abandons
	/// the blocks above the fork (revoking their credits) and adopts the new branch. Returns how
	/// many blocks were abandoned.
	fn reorganize(
		new_hash: H256,
		new_tip: &StoredHeader,
		old: &BestTip,
	) -> Result<u32, DispatchError> {
		let most_steps =
			T::MaxReorgDepth::get().saturating_add(T::MaxHeadersPerBatch::get()) as usize;
		let mut branch: Vec<(H256, StoredHeader)> = Vec::new();
		let (mut hash, mut cursor) = (new_hash, new_tip.clone());
		while BestChain::<T>::get(cursor.height) != Some(hash) {
			ensure!(branch.len() < most_steps, Error::<T>::ForkTooDeep);
			let parent_hash = cursor.header.prev_block;
			let parent = Headers::<T>::get(parent_hash).ok_or(Error::<T>::UnknownParent)?;
			branch.push((hash, cursor));
			(hash, cursor) = (parent_hash, parent);
		}
		let fork_height = cursor.height;
		let depth = old.height.saturating_sub(fork_height);
		ensure!(depth <= T::MaxReorgDepth::get(), Error::<T>::ForkTooDeep);
		for height in fork_height.saturating_add(1)..=old.height {
			if let Some(abandoned) = BestChain::<T>::take(height) {
				Self::revoke_credits(abandoned);
			}
		}
		for (hash, stored) in branch.iter().rev() {
			BestChain::<T>::insert(stored.height, hash);
			Self::record_day(stored);
		}
		Self::deposit_event(Event::Reorganized {
			fork_height,
			old_best: old.hash,
			new_best: new_hash,
			depth,
		});
		Ok(depth)
	}

	/// Removes the heights that fell out of the window below `tip_height`, at most `most` of them
	/// (the rest go with the next submission).
	fn prune(tip_height: u32, most: u32) {
		let keep_from = tip_height.saturating_sub(T::HeaderWindow::get().saturating_sub(1));
		let mut lowest = LowestHeight::<T>::get();
		let mut pruned = 0u32;
		while lowest < keep_from && pruned < most {
			for hash in HeightHashes::<T>::take(lowest) {
				Headers::<T>::remove(hash);
			}
			if let Some(best) = BestChain::<T>::take(lowest) {
				for credit in BlockCredits::<T>::take(best) {
					CreditedOutputs::<T>::remove((credit.txid, credit.vout));
				}
			}
			lowest = lowest.saturating_add(1);
			pruned = pruned.saturating_add(1);
		}
		LowestHeight::<T>::put(lowest);
	}

	/// Records the Bitcoin day of a block joining the best chain, if the best chain had not
	/// reached that day yet, and settles the day `SettlementLagDays` before it.
	pub(crate) fn record_day(block: &StoredHeader) {
		let day = block.day();
		let last = LastDay::<T>::get();
		if last.is_some_and(|last| day <= last) {
			return;
		}
		let network = Self::network();
		let bits = match (network, T::RegtestExpectationBits::get()) {
			(Network::Regtest, Some(bits)) => bits,
			_ => block.header.bits,
		};
		let Ok(target) = pow::decode_compact(bits) else { return };
		let subsidy = reward::subsidy_on(network, block.height);
		let numerator = reward::day_numerator(target, subsidy);
		let cumulative_before =
			match last.and_then(|last| Days::<T>::get(last).map(|info| (last, info))) {
				Some((last, info)) => {
					// Days the median time past skipped count at this day's rate.
					let skipped = U512::from(day.saturating_sub(last).saturating_sub(1));
					U512::from(info.cumulative_before)
						.saturating_add(info.numerator.into())
						.saturating_add(numerator.saturating_mul(skipped))
				}
				None => U512::zero(),
			};
		Days::<T>::insert(
			day,
			DayInfo {
				first_height: block.height,
				bits,
				subsidy,
				numerator: numerator.into(),
				cumulative_before: cumulative_before.into(),
				sample: FeeSample::default(),
				fee_ppm: None,
			},
		);
		LastDay::<T>::put(day);
		// Days that became `lag` days old: those recorded after `last - lag` up to `day - lag`.
		// Only days up to `last` exist, so this is at most `lag` reads.
		let lag = T::SettlementLagDays::get();
		if let (Some(last), Some(due)) = (last, day.checked_sub(lag)) {
			let from = last.saturating_sub(lag).saturating_add(1);
			for settle in from..=due.min(last) {
				Self::settle_day(settle);
			}
		}
	}

	/// Freezes a day's fee share: its own sample's ratio with enough proven coinbases, else the
	/// default. A settled day never changes.
	fn settle_day(day: u32) {
		Days::<T>::mutate(day, |info| {
			let Some(info) = info else { return };
			if info.fee_ppm.is_some() {
				return;
			}
			let own = (info.sample.blocks >= T::MinFeeSamples::get().max(1))
				.then(|| reward::fee_ratio_ppm(info.sample.fees, info.sample.subsidies))
				.flatten();
			let fee_ppm = own.unwrap_or_else(DefaultFeeRatio::<T>::get);
			info.fee_ppm = Some(fee_ppm);
			Self::deposit_event(Event::DaySettled { day, fee_ppm });
		});
	}

	/// The pallet error for a failed header check.
	pub(crate) fn header_error(error: BtcError) -> DispatchError {
		match error {
			BtcError::BrokenLink => Error::<T>::BrokenLink,
			BtcError::TimeTooOld => Error::<T>::TimeTooOld,
			BtcError::TimeTooNew => Error::<T>::TimeTooNew,
			BtcError::WrongBits => Error::<T>::WrongBits,
			BtcError::InvalidBits => Error::<T>::InvalidBits,
			BtcError::InsufficientWork => Error::<T>::InsufficientWork,
			_ => Error::<T>::Overflow,
		}
		.into()
	}

	/// The relayed network (mainnet until initialized: only used once headers exist).
	pub(crate) fn network() -> Network {
		RelayNetwork::<T>::get().unwrap_or(Network::Mainnet)
	}

	/// Confirmations of a block: 1 for the tip, 0 off the best chain.
	pub fn confirmations(hash: H256) -> u32 {
		let (Some(stored), Some(tip)) = (Headers::<T>::get(hash), Tip::<T>::get()) else {
			return 0;
		};
		if BestChain::<T>::get(stored.height) != Some(hash) {
			return 0;
		}
		tip.height.saturating_sub(stored.height).saturating_add(1)
	}
}
