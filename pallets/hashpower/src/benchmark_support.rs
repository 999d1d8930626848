//! Hash power NFTs in given states for other pallets' benchmarks (the market, lending): a
//! development NFT with its running totals set directly.

use crate::*;

/// Mints an Active development NFT of 100 TH/s for 365 days to `holder` and returns it.
pub fn active_nft<T: Config>(holder: &T::AccountId) -> NftId {
	let nft = NextNftId::<T>::get();
	if let Err(error) = Pallet::<T>::mint_fixture(holder, 100_000, 365) {
		log::error!(target: LOG_TARGET, "benchmark NFT not minted: {error:?}");
	}
	nft
}

/// Sets `nft`'s running totals to `delivered` / `expected` over `days` judged days, its holder's
/// own destination counting from the first day of service.
pub fn progress<T: Config>(nft: NftId, delivered: u128, expected: u128, days: u32) {
	Tokens::<T>::mutate(nft, |token| {
		if let Some(token) = token {
			token.delivered = delivered;
			token.expected = expected;
			token.days_judged = days;
			token.holder_paid_from = Some(token.start_day);
		}
	});
}

/// Marks `nft` revoked, as a breach would (its pledge and records untouched).
pub fn revoke<T: Config>(nft: NftId) {
	Tokens::<T>::mutate(nft, |token| {
		if let Some(token) = token {
			token.status = NftStatus::Revoked;
		}
	});
}
