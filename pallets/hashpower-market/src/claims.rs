//! The market's side of a breach: the current holder's open order is what the miner's pledge
//! pays first.

use crate::*;
use hashmix_primitives::hashpower::PledgeClaims;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// The open order through which `holder` holds `nft`: the newest, if `holder` bought it.
	/// Earlier orders in a resale chain never qualify.
	fn holders_order(nft: NftId, holder: &T::AccountId) -> Option<(OrderId, OrderOf<T>)> {
		let newest = OrdersOfNft::<T>::get(nft).last().copied()?;
		Orders::<T>::get(newest).filter(|order| &order.buyer == holder).map(|order| (newest, order))
	}
}

impl<T: Config> PledgeClaims<T::AccountId, BalanceOf<T>> for Pallet<T> {
	/// What the holder's order has not released: the part of its price the breach leaves
	/// without the service it paid for. (The order's own escrow refunds that amount; the pledge
	/// is the miner's penalty on top, up to what the holder stood to receive.)
	fn owed_to_holder(nft: NftId, holder: &T::AccountId) -> BalanceOf<T> {
		Self::holders_order(nft, holder)
			.map(|(_, order)| order.price.saturating_sub(order.released))
			.unwrap_or_else(Zero::zero)
	}

	fn pledge_paid(nft: NftId, holder: &T::AccountId, amount: BalanceOf<T>) {
		if let Some((id, mut order)) = Self::holders_order(nft, holder) {
			order.pledge_received = order.pledge_received.saturating_add(amount);
			Orders::<T>::insert(id, order);
			Self::deposit_event(Event::PledgeShareReceived { order: id, amount });
		}
	}
}
