//! Weights for `pallet_validators`.
//!
//! PROVISIONAL: the storage accesses of each call at a nominal compute time, until
//! `scripts/benchmark.sh pallet_validators` regenerates this file from the pallet's benchmarks.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// The weights of `pallet_validators` in this runtime.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_validators::WeightInfo for WeightInfo<T> {
	fn bond() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	fn bond_extra() -> Weight {
		Weight::from_parts(45_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	fn unbond() -> Weight {
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	fn withdraw_unbonded() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	fn chill() -> Weight {
		Weight::from_parts(15_000_000, 3_000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn validate() -> Weight {
		Weight::from_parts(15_000_000, 3_000)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn heartbeat() -> Weight {
		Weight::from_parts(20_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn authorize_heartbeat() -> Weight {
		Weight::from_parts(60_000_000, 6_000).saturating_add(T::DbWeight::get().reads(4))
	}
	fn commit() -> Weight {
		Weight::from_parts(20_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn authorize_commit() -> Weight {
		Weight::from_parts(60_000_000, 12_000).saturating_add(T::DbWeight::get().reads(3))
	}
	fn reveal() -> Weight {
		Weight::from_parts(25_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn authorize_reveal() -> Weight {
		Weight::from_parts(65_000_000, 12_000).saturating_add(T::DbWeight::get().reads(3))
	}
	fn cancel_deferred_slash() -> Weight {
		Weight::from_parts(15_000_000, 3_000)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn open_round(m: u32) -> Weight {
		Weight::from_parts(40_000_000, 12_000)
			.saturating_add(Weight::from_parts(5_000_000, 2_000).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(8))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(m.into())))
			.saturating_add(T::DbWeight::get().writes(7))
	}
	fn close_round(m: u32) -> Weight {
		Weight::from_parts(60_000_000, 12_000)
			.saturating_add(Weight::from_parts(15_000_000, 3_000).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(m.into())))
			.saturating_add(T::DbWeight::get().writes(6))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(m.into())))
	}
}
