//! Placeholder weights of `pallet_hashpower_market` until `scripts/benchmark.sh` regenerates this
//! file on the reference machine.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;

/// Weight functions for `pallet_hashpower_market`.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_hashpower_market::WeightInfo for WeightInfo<T> {
	fn list_fixed_price() -> Weight {
		Weight::from_parts(300_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(20))
	}
	fn buy() -> Weight {
		Weight::from_parts(300_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(20))
	}
	fn list_auction() -> Weight {
		Weight::from_parts(300_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(20))
	}
	fn bid() -> Weight {
		Weight::from_parts(300_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(20))
	}
	fn settle_auction() -> Weight {
		Weight::from_parts(300_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(20))
	}
	fn cancel_listing() -> Weight {
		Weight::from_parts(300_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(20))
	}
	fn claim_installments() -> Weight {
		Weight::from_parts(300_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(20))
	}
	fn close_early() -> Weight {
		Weight::from_parts(300_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(20))
	}
	fn propose_settlement() -> Weight {
		Weight::from_parts(300_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(20))
	}
	fn accept_settlement() -> Weight {
		Weight::from_parts(300_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(20))
	}
	fn open_dispute() -> Weight {
		Weight::from_parts(2_000_000_000, 300_000)
			.saturating_add(T::DbWeight::get().reads(220))
			.saturating_add(T::DbWeight::get().writes(20))
	}
	fn decide_dispute() -> Weight {
		Weight::from_parts(300_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(20))
	}
}
