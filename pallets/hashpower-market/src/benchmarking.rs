//! Benchmarks of every call, each in its worst case within the pallet's bounds.

use super::*;
use crate::Pallet as Market;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate as _;
use frame_system::RawOrigin;
use sp_runtime::traits::{Bounded, CheckedDiv, One, Saturating};

/// An account with plenty of money.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let plenty = BalanceOf::<T>::max_value().checked_div(&1_000u32.into()).unwrap_or_default();
	T::Currency::set_balance(&who, plenty);
	who
}

/// A price well above the minimum.
fn price<T: Config>() -> BalanceOf<T> {
	T::MinPrice::get().saturating_mul(1_000u32.into())
}

/// An Active NFT sold on `sales` times (each buyer reselling to the next), so that it carries
/// `sales` open orders; returns it and its holder.
fn resold<T: Config>(sales: u32) -> Result<(NftId, T::AccountId), BenchmarkError> {
	let mut holder = funded::<T>("holder", 0);
	let nft = T::BenchmarkHelper::active_nft(&holder);
	for sale in 0..sales {
		let buyer = funded::<T>("buyer", sale);
		let listing = NextListingId::<T>::get();
		Market::<T>::do_list_fixed_price(holder.clone(), nft, price::<T>(), None)
			.map_err(|_| BenchmarkError::Stop("list"))?;
		Market::<T>::do_buy(buyer.clone(), listing, price::<T>())
			.map_err(|_| BenchmarkError::Stop("buy"))?;
		holder = buyer;
	}
	Ok((nft, holder))
}

/// The NFT of [`resold`] with the most orders a new sale allows, listed at a fixed price by its
/// holder; returns the listing.
fn listed<T: Config>() -> Result<ListingId, BenchmarkError> {
	let (nft, holder) = resold::<T>(T::MaxOrdersPerNft::get().saturating_sub(1))?;
	let listing = NextListingId::<T>::get();
	Market::<T>::do_list_fixed_price(holder, nft, price::<T>(), None)
		.map_err(|_| BenchmarkError::Stop("list"))?;
	Ok(listing)
}

/// An auction's last block: ten blocks on (the framework may move the block number between the
/// setup and the call).
fn auction_end<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number().saturating_add(10u32.into())
}

/// An auction of the NFT of [`resold`], with a highest bid.
fn auctioned<T: Config>() -> Result<ListingId, BenchmarkError> {
	let (nft, holder) = resold::<T>(T::MaxOrdersPerNft::get().saturating_sub(1))?;
	let listing = NextListingId::<T>::get();
	Market::<T>::do_list_auction(holder, nft, price::<T>(), T::MinPrice::get(), auction_end::<T>())
		.map_err(|_| BenchmarkError::Stop("auction"))?;
	Market::<T>::do_bid(funded::<T>("bidder", 0), listing, price::<T>())
		.map_err(|_| BenchmarkError::Stop("bid"))?;
	Ok(listing)
}

/// One open order on a fresh NFT, half its days judged at full delivery.
fn ordered<T: Config>() -> Result<(OrderId, NftId), BenchmarkError> {
	let (nft, _) = resold::<T>(1)?;
	let order = NextOrderId::<T>::get().saturating_sub(1);
	let summary = T::Nfts::summary(nft).ok_or(BenchmarkError::Stop("nft"))?;
	let half = summary.end_day.saturating_sub(summary.start_day) / 2;
	T::BenchmarkHelper::progress(nft, u128::from(half), u128::from(half), half);
	Ok((order, nft))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn list_fixed_price() -> Result<(), BenchmarkError> {
		let (nft, holder) = resold::<T>(T::MaxOrdersPerNft::get().saturating_sub(1))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), nft, price::<T>(), None);

		assert!(ListingOfNft::<T>::contains_key(nft));
		Ok(())
	}

	#[benchmark]
	fn buy() -> Result<(), BenchmarkError> {
		let listing = listed::<T>()?;
		let buyer = funded::<T>("last buyer", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), listing, price::<T>());

		assert!(!Listings::<T>::contains_key(listing));
		Ok(())
	}

	#[benchmark]
	fn list_auction() -> Result<(), BenchmarkError> {
		let (nft, holder) = resold::<T>(T::MaxOrdersPerNft::get().saturating_sub(1))?;
		let end = auction_end::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), nft, price::<T>(), T::MinPrice::get(), end);

		assert!(ListingOfNft::<T>::contains_key(nft));
		Ok(())
	}

	#[benchmark]
	fn bid() -> Result<(), BenchmarkError> {
		let listing = auctioned::<T>()?;
		let bidder = funded::<T>("bidder", 1);
		let amount = price::<T>().saturating_add(T::MinPrice::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(bidder), listing, amount);

		Ok(())
	}

	#[benchmark]
	fn settle_auction() -> Result<(), BenchmarkError> {
		let listing = auctioned::<T>()?;
		let Some(Sale::Auction { end, .. }) =
			Listings::<T>::get(listing).map(|listing| listing.sale)
		else {
			return Err(BenchmarkError::Stop("auction"));
		};
		frame_system::Pallet::<T>::set_block_number(end.saturating_add(One::one()));

		#[extrinsic_call]
		_(RawOrigin::Signed(funded::<T>("anyone", 0)), listing);

		assert!(!Listings::<T>::contains_key(listing));
		Ok(())
	}

	#[benchmark]
	fn cancel_listing() -> Result<(), BenchmarkError> {
		let listing = listed::<T>()?;
		let seller = Listings::<T>::get(listing).ok_or(BenchmarkError::Stop("listing"))?.seller;

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), listing);

		assert!(!Listings::<T>::contains_key(listing));
		Ok(())
	}

	#[benchmark]
	fn claim_installments() -> Result<(), BenchmarkError> {
		// The last claim: a release, then the refund and the order closed.
		let (order, nft) = ordered::<T>()?;
		let summary = T::Nfts::summary(nft).ok_or(BenchmarkError::Stop("nft"))?;
		let days = summary.end_day.saturating_sub(summary.start_day);
		T::BenchmarkHelper::progress(nft, u128::from(days), u128::from(days) * 2, days);
		let seller = Orders::<T>::get(order).ok_or(BenchmarkError::Stop("order"))?.seller;

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), order);

		assert!(!Orders::<T>::contains_key(order));
		Ok(())
	}

	#[benchmark]
	fn close_early() -> Result<(), BenchmarkError> {
		let (order, nft) = ordered::<T>()?;
		T::BenchmarkHelper::revoke(nft);
		let buyer = Orders::<T>::get(order).ok_or(BenchmarkError::Stop("order"))?.buyer;

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), order);

		assert!(!Orders::<T>::contains_key(order));
		Ok(())
	}

	#[benchmark]
	fn propose_settlement() -> Result<(), BenchmarkError> {
		let (order, _) = ordered::<T>()?;
		let buyer = Orders::<T>::get(order).ok_or(BenchmarkError::Stop("order"))?.buyer;

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), order, T::MinPrice::get());

		assert!(Orders::<T>::get(order).is_some_and(|order| order.proposal.is_some()));
		Ok(())
	}

	#[benchmark]
	fn accept_settlement() -> Result<(), BenchmarkError> {
		let (order, _) = ordered::<T>()?;
		let stored = Orders::<T>::get(order).ok_or(BenchmarkError::Stop("order"))?;
		Market::<T>::do_propose_settlement(stored.buyer, order, T::MinPrice::get())
			.map_err(|_| BenchmarkError::Stop("proposal"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(stored.seller), order);

		assert!(!Orders::<T>::contains_key(order));
		Ok(())
	}

	#[benchmark]
	fn open_dispute() -> Result<(), BenchmarkError> {
		let (order, _) = ordered::<T>()?;
		T::BenchmarkHelper::prepare_arbitration();
		let buyer = Orders::<T>::get(order).ok_or(BenchmarkError::Stop("order"))?.buyer;
		let statement = BoundedVec::truncate_from(alloc::vec![b'x'; 200]);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), order, statement);

		assert!(Disputes::<T>::contains_key(order));
		Ok(())
	}

	#[benchmark]
	fn decide_dispute() -> Result<(), BenchmarkError> {
		// A release ruling against the opener: the order settled and closed, the bond paid over.
		let (order, _) = ordered::<T>()?;
		T::BenchmarkHelper::prepare_arbitration();
		let buyer = Orders::<T>::get(order).ok_or(BenchmarkError::Stop("order"))?.buyer;
		Market::<T>::do_open_dispute(
			buyer,
			order,
			BoundedVec::truncate_from(alloc::vec![b'x'; 200]),
		)
		.map_err(|_| BenchmarkError::Stop("dispute"))?;
		let round = Disputes::<T>::get(order).ok_or(BenchmarkError::Stop("dispute"))?.round;

		#[block]
		{
			Market::<T>::decide(round, &hashmix_primitives::attestation::RoundOutcome::Decided(0));
		}

		assert!(!Orders::<T>::contains_key(order));
		Ok(())
	}

	impl_benchmark_test_suite!(Market, crate::mock::new_test_ext(), crate::mock::Test);
}
