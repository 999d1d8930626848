//! GRANDPA's call weights. pallet-grandpa ships no benchmarked `SubstrateWeight`, only a formula
//! over RocksDB costs attached to `()`. This is the same formula (its computation costs come from
//! upstream's measurements) priced with this runtime's database, ParityDB.

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{
		constants::{WEIGHT_REF_TIME_PER_MICROS, WEIGHT_REF_TIME_PER_NANOS},
		Weight,
	},
};

/// GRANDPA weights priced with `T::DbWeight`.
pub struct GrandpaWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> pallet_grandpa::WeightInfo for GrandpaWeight<T> {
	fn report_equivocation(validator_count: u32, max_nominators_per_validator: u32) -> Weight {
		let db = T::DbWeight::get();
		// The membership proof is checked against at least 100 validators' worth of work.
		let validators = u64::from(validator_count.max(100));
		let nominators = u64::from(max_nominators_per_validator);
		Weight::from_parts(35 * WEIGHT_REF_TIME_PER_MICROS, 0)
			.saturating_add(
				Weight::from_parts(175 * WEIGHT_REF_TIME_PER_NANOS, 0).saturating_mul(validators),
			)
			.saturating_add(db.reads(5))
			// Checking the equivocation proof and reporting the offence.
			.saturating_add(Weight::from_parts(205 * WEIGHT_REF_TIME_PER_MICROS, 0))
			.saturating_add(Weight::from_parts(
				(25 * WEIGHT_REF_TIME_PER_MICROS).saturating_mul(nominators),
				0,
			))
			.saturating_add(db.reads(nominators.saturating_mul(3).saturating_add(16)))
			.saturating_add(db.writes(nominators.saturating_mul(3).saturating_add(10)))
	}

	fn note_stalled() -> Weight {
		Weight::from_parts(3 * WEIGHT_REF_TIME_PER_MICROS, 0)
			.saturating_add(T::DbWeight::get().writes(1))
	}
}
