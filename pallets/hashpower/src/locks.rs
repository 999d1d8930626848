//! Locks, and what other pallets see of an NFT.

use crate::*;
use frame_support::traits::Locker;
use hashmix_primitives::hashpower::{HashPowerNfts, LockReason};

impl<T: Config> Pallet<T> {
	/// Whether `collection` is one of the hash power collections.
	pub fn is_hashpower_collection(collection: u32) -> bool {
		KINDS.into_iter().any(|kind| Collections::<T>::get(kind) == Some(collection))
	}

	/// What other pallets see of `nft`, after bringing its holder up to date.
	pub fn summary(nft: NftId) -> Option<NftSummary<T::AccountId>> {
		let mut token = Tokens::<T>::get(nft)?;
		Self::sync_holder(nft, &mut token);
		Some(NftSummary {
			kind: token.kind,
			power: token.power,
			miner: token.miner,
			holder: token.holder,
			start_day: token.start_day,
			end_day: token.end_day,
			payout_interval_days: token.payout_interval_days,
			status: token.status,
			delivered: token.delivered,
			expected: token.expected,
			days_judged: token.days_judged,
			repoint_grace_until: match token.kind {
				PowerKind::BitcoinSha256 => token.repointing.map(|old| old.until),
				PowerKind::FilecoinStorage => StorageSlices::<T>::get(nft)
					.and_then(|slice| slice.grace)
					.map(|grace| grace.until),
			},
			holder_paid_from: token.holder_paid_from,
			locks: token.locks,
		})
	}

	fn change_locks(
		nft: NftId,
		change: impl FnOnce(Locks) -> Option<Locks>,
		error: Error<T>,
	) -> DispatchResult {
		Tokens::<T>::try_mutate(nft, |token| {
			let token = token.as_mut().ok_or(Error::<T>::UnknownNft)?;
			ensure!(token.status != NftStatus::Requested, Error::<T>::NotLive);
			token.locks = change(token.locks).ok_or(error)?;
			Ok(())
		})
	}
}

impl<T: Config> Locker<u32, NftId> for Pallet<T> {
	fn is_locked(collection: u32, item: NftId) -> bool {
		Tokens::<T>::get(item).is_some_and(|token| {
			token.locks.any() && Collections::<T>::get(token.kind) == Some(collection)
		})
	}
}

impl<T: Config> HashPowerNfts<T::AccountId> for Pallet<T> {
	fn summary(nft: NftId) -> Option<NftSummary<T::AccountId>> {
		Pallet::<T>::summary(nft)
	}

	fn is_active(nft: NftId) -> bool {
		Pallet::<T>::summary(nft).is_some_and(|summary| summary.status == NftStatus::Active)
	}

	fn lock(nft: NftId, reason: LockReason) -> DispatchResult {
		Self::change_locks(nft, |locks| locks.with(reason), Error::<T>::AlreadyLocked)
	}

	fn unlock(nft: NftId, reason: LockReason) -> DispatchResult {
		Self::change_locks(nft, |locks| locks.without(reason), Error::<T>::NotLocked)
	}

	fn transfer(nft: NftId, to: &T::AccountId) -> DispatchResult {
		let mut token = Tokens::<T>::get(nft).ok_or(Error::<T>::UnknownNft)?;
		ensure!(
			matches!(token.status, NftStatus::Verified | NftStatus::Active),
			Error::<T>::NotLive
		);
		ensure!(Self::sync_holder(nft, &mut token), Error::<T>::NotLive);
		let collection = Collections::<T>::get(token.kind).ok_or(Error::<T>::NoCollection)?;
		frame_support::storage::with_storage_layer(|| {
			// pallet-nfts asks this pallet whether the item is locked: for the market's own move
			// it is not, and the locks are put back at once.
			let locks = core::mem::take(&mut token.locks);
			Tokens::<T>::insert(nft, &token);
			pallet_nfts::Pallet::<T>::do_transfer(collection, nft, to.clone(), |_, _| Ok(()))?;
			token.locks = locks;
			Tokens::<T>::insert(nft, &token);
			Self::sync_holder(nft, &mut token);
			Ok(())
		})
	}
}
