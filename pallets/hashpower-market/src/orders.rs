//! Orders: installments released on proven delivery, early close, settlement.

use crate::{
	schedule::{standing, Progress, Standing, Terms},
	*,
};
use frame_support::traits::{
	fungible::MutateHold as _,
	tokens::{Fortitude, Precision, Restriction},
};
use hashmix_primitives::hashpower::{LockReason, NftStatus, NftSummary};
use sp_runtime::{
	traits::{Saturating, Zero},
	SaturatedConversion,
};

/// Where an order stands, for the runtime API.
#[derive(codec::Encode, codec::Decode, scale_info::TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct OrderView<AccountId, Balance, BlockNumber> {
	/// The order.
	pub order: Order<AccountId, Balance, BlockNumber>,
	/// Days of the order judged so far.
	pub elapsed_days: u32,
	/// Of those, the days whose installments may be released.
	pub eligible_days: u32,
	/// Installments due over the elapsed days.
	pub due: Balance,
	/// What the seller may claim now.
	pub claimable: Balance,
	/// What the order still holds on the buyer's account (refundable unless released).
	pub locked: Balance,
}

impl<T: Config> Pallet<T> {
	/// The service day index from which `order`'s buyer's own destination counts: fixed for an
	/// older order; for the newest, from the hash power pallet's current holder, if that is the
	/// buyer.
	pub(crate) fn paid_from_index(
		order: &OrderOf<T>,
		summary: &NftSummary<T::AccountId>,
	) -> Option<u32> {
		if order.paid_from.is_some() {
			return order.paid_from;
		}
		if summary.holder != order.buyer {
			return None;
		}
		summary.holder_paid_from.map(|day| day.saturating_sub(order.service_start))
	}

	/// Where `order` stands on `summary`'s totals.
	fn standing_of(order: &OrderOf<T>, summary: &NftSummary<T::AccountId>) -> Standing {
		let terms = Terms {
			price: order.price.saturated_into(),
			start: order.start,
			total_days: order.total_days,
			paid_from_index: Self::paid_from_index(order, summary),
		};
		let now = Progress {
			delivered: summary.delivered,
			expected: summary.expected,
			days: summary.days_judged,
		};
		standing(&terms, &now)
	}

	/// `order` read once against its NFT's totals: where it stands, what the seller may claim
	/// now (nothing once the NFT is revoked or gone), and whether its days are over (or its NFT
	/// expired).
	fn read(
		order: &OrderOf<T>,
		summary: Option<&NftSummary<T::AccountId>>,
	) -> (Standing, BalanceOf<T>, bool) {
		let Some(summary) = summary else { return (Standing::default(), Zero::zero(), false) };
		let standing = Self::standing_of(order, summary);
		let claimable = match summary.status {
			NftStatus::Active | NftStatus::Expired => {
				let releasable: BalanceOf<T> = standing.releasable.saturated_into();
				releasable.saturating_sub(order.released)
			}
			_ => Zero::zero(),
		};
		let finished = summary.status == NftStatus::Expired || standing.elapsed >= order.total_days;
		(standing, claimable, finished)
	}

	/// Moves `amount` of `order`'s escrow to its seller.
	pub(crate) fn release(
		id: OrderId,
		order: &mut OrderOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer_on_hold(
			&HoldReason::Escrow.into(),
			&order.buyer,
			&order.seller,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		order.released = order.released.saturating_add(amount);
		Self::deposit_event(Event::InstallmentsReleased {
			order: id,
			amount,
			released: order.released,
		});
		Ok(())
	}

	/// Closes `order`: what it still holds goes back to the buyer, its NFT's order lock is
	/// lifted.
	pub(crate) fn close(id: OrderId, order: OrderOf<T>) {
		let refund = order.price.saturating_sub(order.released);
		let refunded = T::Currency::release(
			&HoldReason::Escrow.into(),
			&order.buyer,
			refund,
			Precision::BestEffort,
		);
		if let Err(error) = refunded {
			log::error!(target: LOG_TARGET, "escrow of order {id} not refunded: {error:?}");
		}
		OrdersOfNft::<T>::mutate_exists(order.nft, |orders| {
			if let Some(list) = orders {
				list.retain(|open| *open != id);
				if list.is_empty() {
					*orders = None;
				}
			}
		});
		if let Err(error) = T::Nfts::unlock(order.nft, LockReason::Order) {
			// A burned or missing NFT has no lock to lift.
			log::debug!(target: LOG_TARGET, "order lock of {} not lifted: {error:?}", order.nft);
		}
		Orders::<T>::remove(id);
		Self::deposit_event(Event::OrderClosed {
			order: id,
			released: order.released,
			refunded: refund,
			pledge: order.pledge_received,
		});
	}

	pub(crate) fn do_claim(who: T::AccountId, id: OrderId) -> DispatchResult {
		let mut order = Orders::<T>::get(id).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(order.seller == who, Error::<T>::NotSeller);
		ensure!(!Disputes::<T>::contains_key(id), Error::<T>::Disputed);
		let summary = T::Nfts::summary(order.nft)
			.filter(|summary| matches!(summary.status, NftStatus::Active | NftStatus::Expired))
			.ok_or(Error::<T>::ReleasesStopped)?;
		let (_, amount, finished) = Self::read(&order, Some(&summary));
		ensure!(!amount.is_zero() || finished, Error::<T>::NothingToClaim);
		Self::release(id, &mut order, amount)?;
		if finished {
			Self::close(id, order);
		} else {
			Orders::<T>::insert(id, order);
		}
		Ok(())
	}

	pub(crate) fn do_close_early(who: T::AccountId, id: OrderId) -> DispatchResult {
		let mut order = Orders::<T>::get(id).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(order.buyer == who, Error::<T>::NotBuyer);
		ensure!(!Disputes::<T>::contains_key(id), Error::<T>::Disputed);
		let summary = T::Nfts::summary(order.nft);
		match summary.as_ref() {
			// Revoked or burned (or gone): releases stopped at the breach.
			None => {}
			Some(summary) if matches!(summary.status, NftStatus::Revoked | NftStatus::Burned) => {}
			Some(summary) => {
				let (_, amount, finished) = Self::read(&order, Some(summary));
				ensure!(finished, Error::<T>::StillDelivering);
				Self::release(id, &mut order, amount)?;
			}
		}
		Self::close(id, order);
		Ok(())
	}

	pub(crate) fn do_propose_settlement(
		who: T::AccountId,
		id: OrderId,
		to_seller: BalanceOf<T>,
	) -> DispatchResult {
		let mut order = Orders::<T>::get(id).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(who == order.buyer || who == order.seller, Error::<T>::NotParty);
		ensure!(
			to_seller <= order.price.saturating_sub(order.released),
			Error::<T>::ProposalTooHigh
		);
		order.proposal = Some(Proposal { by: who.clone(), to_seller });
		Orders::<T>::insert(id, order);
		Self::deposit_event(Event::SettlementProposed { order: id, by: who, to_seller });
		Ok(())
	}

	pub(crate) fn do_accept_settlement(who: T::AccountId, id: OrderId) -> DispatchResult {
		let mut order = Orders::<T>::get(id).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(who == order.buyer || who == order.seller, Error::<T>::NotParty);
		ensure!(!Disputes::<T>::contains_key(id), Error::<T>::Disputed);
		let proposal = order.proposal.take().ok_or(Error::<T>::NoProposal)?;
		ensure!(proposal.by != who, Error::<T>::OwnProposal);
		Self::release(id, &mut order, proposal.to_seller)?;
		Self::close(id, order);
		Ok(())
	}

	/// `id` and where it stands, for the runtime API.
	pub fn order_view(
		id: OrderId,
	) -> Option<OrderView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let order = Orders::<T>::get(id)?;
		let (standing, claimable, _) = Self::read(&order, T::Nfts::summary(order.nft).as_ref());
		Some(OrderView {
			elapsed_days: standing.elapsed,
			eligible_days: standing.eligible,
			due: standing.due.saturated_into(),
			claimable,
			locked: order.price.saturating_sub(order.released),
			order,
		})
	}
}
