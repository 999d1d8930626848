//! Listings: fixed price and auctions, up to the sale that opens an order.

use crate::{schedule::Progress, *};
use frame_support::{
	storage::with_storage_layer,
	traits::{fungible::MutateHold as _, tokens::Precision},
};
use hashmix_primitives::hashpower::{LockReason, NftStatus, NftSummary};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_list_fixed_price(
		who: T::AccountId,
		nft: NftId,
		price: BalanceOf<T>,
		buyer: Option<T::AccountId>,
	) -> DispatchResult {
		ensure!(price >= T::MinPrice::get(), Error::<T>::PriceTooLow);
		let listing = Self::list(&who, nft, Sale::FixedPrice { price, buyer: buyer.clone() })?;
		Self::deposit_event(Event::Listed { listing, nft, seller: who, price, buyer });
		Ok(())
	}

	pub(crate) fn do_list_auction(
		who: T::AccountId,
		nft: NftId,
		reserve: BalanceOf<T>,
		min_increment: BalanceOf<T>,
		end: BlockNumberFor<T>,
	) -> DispatchResult {
		ensure!(reserve >= T::MinPrice::get() && !min_increment.is_zero(), Error::<T>::PriceTooLow);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			end > now && end.saturating_sub(now) <= T::MaxAuctionBlocks::get(),
			Error::<T>::BadEnd
		);
		let sale = Sale::Auction { reserve, min_increment, end, best: None };
		let listing = Self::list(&who, nft, sale)?;
		Self::deposit_event(Event::AuctionListed {
			listing,
			nft,
			seller: who,
			reserve,
			min_increment,
			end,
		});
		Ok(())
	}

	/// `nft`'s summary if it can be sold now by `seller`: held by it, Active, not lent or
	/// pooled, with room for one more order and a day of service left.
	fn saleable(
		seller: &T::AccountId,
		nft: NftId,
	) -> Result<NftSummary<T::AccountId>, DispatchError> {
		let summary = T::Nfts::summary(nft).ok_or(Error::<T>::UnknownNft)?;
		ensure!(&summary.holder == seller, Error::<T>::NotHolder);
		ensure!(summary.status == NftStatus::Active, Error::<T>::NotActive);
		ensure!(!summary.locks.lent && !summary.locks.pooled, Error::<T>::Encumbered);
		let open = OrdersOfNft::<T>::decode_len(nft).unwrap_or_default();
		ensure!(
			u32::try_from(open).unwrap_or(u32::MAX) < T::MaxOrdersPerNft::get(),
			Error::<T>::TooManyOrders
		);
		ensure!(Self::days_left(&summary) > 0, Error::<T>::NothingLeft);
		Ok(summary)
	}

	/// Service days not judged yet.
	fn days_left(summary: &NftSummary<T::AccountId>) -> u32 {
		summary.end_day.saturating_sub(summary.start_day).saturating_sub(summary.days_judged)
	}

	fn list(
		who: &T::AccountId,
		nft: NftId,
		sale: Sale<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
	) -> Result<ListingId, DispatchError> {
		Self::saleable(who, nft)?;
		let deposit = T::ListingDeposit::get();
		T::Currency::hold(&HoldReason::ListingDeposit.into(), who, deposit)?;
		// Fails if the NFT is already listed: an NFT is in one listing at most.
		T::Nfts::lock(nft, LockReason::Listing)?;
		let listing = NextListingId::<T>::get();
		NextListingId::<T>::put(
			listing.checked_add(1).ok_or(sp_runtime::ArithmeticError::Overflow)?,
		);
		Listings::<T>::insert(listing, Listing { nft, seller: who.clone(), sale, deposit });
		ListingOfNft::<T>::insert(nft, listing);
		Ok(listing)
	}

	pub(crate) fn do_buy(
		who: T::AccountId,
		id: ListingId,
		max_price: BalanceOf<T>,
	) -> DispatchResult {
		let listing = Listings::<T>::get(id).ok_or(Error::<T>::UnknownListing)?;
		let Sale::FixedPrice { price, buyer } = &listing.sale else {
			return Err(Error::<T>::NotFixedPrice.into());
		};
		let price = *price;
		ensure!(price <= max_price, Error::<T>::PriceAboveMax);
		ensure!(buyer.as_ref().is_none_or(|buyer| buyer == &who), Error::<T>::NotWhitelisted);
		ensure!(who != listing.seller, Error::<T>::OwnListing);
		T::Currency::hold(&HoldReason::Escrow.into(), &who, price)?;
		Self::sell(id, listing, who, price)
	}

	pub(crate) fn do_bid(who: T::AccountId, id: ListingId, amount: BalanceOf<T>) -> DispatchResult {
		let mut listing = Listings::<T>::get(id).ok_or(Error::<T>::UnknownListing)?;
		let Sale::Auction { reserve, min_increment, end, best } = &mut listing.sale else {
			return Err(Error::<T>::NotAuction.into());
		};
		ensure!(frame_system::Pallet::<T>::block_number() <= *end, Error::<T>::AuctionOver);
		ensure!(who != listing.seller, Error::<T>::OwnListing);
		let least = match best {
			Some((_, highest)) => highest.saturating_add(*min_increment),
			None => *reserve,
		};
		ensure!(amount >= least, Error::<T>::BidTooLow);
		let reason = HoldReason::Bid.into();
		// The previous highest bid goes back first (the same bidder may raise its own).
		if let Some((bidder, highest)) = best.take() {
			T::Currency::release(&reason, &bidder, highest, Precision::BestEffort)?;
		}
		T::Currency::hold(&reason, &who, amount)?;
		*best = Some((who.clone(), amount));
		Listings::<T>::insert(id, listing);
		Self::deposit_event(Event::BidPlaced { listing: id, bidder: who, amount });
		Ok(())
	}

	pub(crate) fn do_settle_auction(id: ListingId) -> DispatchResult {
		let listing = Listings::<T>::get(id).ok_or(Error::<T>::UnknownListing)?;
		let Sale::Auction { end, best, .. } = &listing.sale else {
			return Err(Error::<T>::NotAuction.into());
		};
		ensure!(frame_system::Pallet::<T>::block_number() > *end, Error::<T>::AuctionNotOver);
		if let Some((winner, amount)) = best.clone() {
			// The bid becomes the order's escrow; if the sale cannot go through (the NFT is no
			// longer Active), the bid is returned and the listing lapses.
			let sold = with_storage_layer(|| {
				T::Currency::release(&HoldReason::Bid.into(), &winner, amount, Precision::Exact)?;
				T::Currency::hold(&HoldReason::Escrow.into(), &winner, amount)?;
				Self::sell(id, listing.clone(), winner.clone(), amount)
			});
			if sold.is_ok() {
				return Ok(());
			}
			T::Currency::release(&HoldReason::Bid.into(), &winner, amount, Precision::BestEffort)?;
		}
		Self::remove_listing(id, &listing);
		Self::deposit_event(Event::AuctionLapsed { listing: id });
		Ok(())
	}

	pub(crate) fn do_cancel_listing(who: T::AccountId, id: ListingId) -> DispatchResult {
		let listing = Listings::<T>::get(id).ok_or(Error::<T>::UnknownListing)?;
		ensure!(listing.seller == who, Error::<T>::NotSeller);
		ensure!(!matches!(listing.sale, Sale::Auction { best: Some(_), .. }), Error::<T>::HasBids);
		Self::remove_listing(id, &listing);
		Self::deposit_event(Event::ListingCancelled { listing: id });
		Ok(())
	}

	/// Forgets `listing`, unlocks its NFT and returns the deposit.
	fn remove_listing(id: ListingId, listing: &ListingOf<T>) {
		Listings::<T>::remove(id);
		ListingOfNft::<T>::remove(listing.nft);
		if let Err(error) = T::Nfts::unlock(listing.nft, LockReason::Listing) {
			// A burned or missing NFT has no lock to lift.
			log::debug!(target: LOG_TARGET, "listing lock of {} not lifted: {error:?}", listing.nft);
		}
		let released = T::Currency::release(
			&HoldReason::ListingDeposit.into(),
			&listing.seller,
			listing.deposit,
			Precision::BestEffort,
		);
		if let Err(error) = released {
			log::error!(target: LOG_TARGET, "listing deposit of {id} not released: {error:?}");
		}
	}

	/// Sells `listing`'s NFT to `buyer` for `price`, already held on the buyer's account as
	/// escrow: the NFT moves, the listing lock becomes an order lock, the previous newest order
	/// (the seller's own purchase) is fixed as an older order, and the order opens.
	fn sell(
		id: ListingId,
		listing: ListingOf<T>,
		buyer: T::AccountId,
		price: BalanceOf<T>,
	) -> DispatchResult {
		let nft = listing.nft;
		// The listing lock keeps the seller the holder; the NFT must still be in service.
		let summary = T::Nfts::summary(nft).ok_or(Error::<T>::UnknownNft)?;
		ensure!(summary.status == NftStatus::Active, Error::<T>::NotActive);
		let total_days = Self::days_left(&summary);
		ensure!(total_days > 0, Error::<T>::NothingLeft);
		let order = NextOrderId::<T>::get();
		let mut orders = OrdersOfNft::<T>::get(nft);
		if let Some(previous) = orders.last().copied() {
			Orders::<T>::mutate(previous, |older| {
				if let Some(older) = older.as_mut() {
					let fixed =
						Self::paid_from_index(older, &summary).unwrap_or(summary.days_judged);
					older.paid_from = Some(fixed);
				}
			});
		}
		orders.try_push(order).map_err(|_| Error::<T>::TooManyOrders)?;
		OrdersOfNft::<T>::insert(nft, orders);
		NextOrderId::<T>::put(order.checked_add(1).ok_or(sp_runtime::ArithmeticError::Overflow)?);
		T::Nfts::transfer(nft, &buyer)?;
		T::Nfts::unlock(nft, LockReason::Listing)?;
		T::Nfts::lock(nft, LockReason::Order)?;
		Listings::<T>::remove(id);
		ListingOfNft::<T>::remove(nft);
		T::Currency::release(
			&HoldReason::ListingDeposit.into(),
			&listing.seller,
			listing.deposit,
			Precision::BestEffort,
		)?;
		Orders::<T>::insert(
			order,
			Order {
				nft,
				seller: listing.seller.clone(),
				buyer: buyer.clone(),
				price,
				released: Zero::zero(),
				start: Progress {
					delivered: summary.delivered,
					expected: summary.expected,
					days: summary.days_judged,
				},
				total_days,
				service_start: summary.start_day,
				paid_from: None,
				pledge_received: Zero::zero(),
				proposal: None,
				bought_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::Bought {
			listing: id,
			order,
			nft,
			seller: listing.seller,
			buyer,
			price,
			total_days,
		});
		Ok(())
	}
}
