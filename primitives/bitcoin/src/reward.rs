//! What a hashrate should earn: the subsidy schedule and the full-pay-per-share (FPPS)
//! expectation, in integer arithmetic with the rounding chosen on purpose.

use crate::{U256, U512};

/// Satoshis in one bitcoin.
pub const COIN: u64 = 100_000_000;
/// The subsidy of the first era: 50 BTC.
pub const INITIAL_SUBSIDY: u64 = 50 * COIN;
/// Blocks between halvings.
pub const HALVING_INTERVAL: u32 = 210_000;
/// Blocks between halvings on regtest.
pub const REGTEST_HALVING_INTERVAL: u32 = 150;
/// Seconds in a (Bitcoin) day.
pub const SECONDS_PER_DAY: u32 = 86_400;
/// Parts per million: the unit of fee ratios.
pub const PPM: u32 = 1_000_000;

/// The mainnet block subsidy at `height`: 50 BTC halved every 210,000 blocks, zero after 64
/// halvings.
pub fn subsidy(height: u32) -> u64 {
	subsidy_on(crate::Network::Mainnet, height)
}

/// The block subsidy at `height` on `network` (regtest halves every 150 blocks, as Bitcoin Core's).
pub fn subsidy_on(network: crate::Network, height: u32) -> u64 {
	let interval = match network {
		crate::Network::Mainnet => HALVING_INTERVAL,
		crate::Network::Regtest => REGTEST_HALVING_INTERVAL,
	};
	let halvings = height.checked_div(interval).unwrap_or(u32::MAX);
	// Shifting a u64 by 64 or more is zero coins, as Bitcoin Core's `GetBlockSubsidy` says.
	INITIAL_SUBSIDY.checked_shr(halvings).unwrap_or(0)
}

/// The UTC day (days since the Unix epoch) of a median time past: Bitcoin days are counted by
/// median time past, which only moves forward along a chain.
pub fn bitcoin_day(median_time_past: u32) -> u32 {
	median_time_past / SECONDS_PER_DAY
}

/// `0xffff * 2^240`: the constant that turns a target into `difficulty * 2^32`
/// (`D * 2^32 = 0xffff * 2^240 / target`).
fn diff1_times_2_32() -> U512 {
	// Limb 3 holds bits 192..256: 0xffff << (240 - 192).
	U512([0, 0, 0, 0xffff_0000_0000_0000, 0, 0, 0, 0])
}

fn ceil_div(numerator: U512, denominator: U512) -> U512 {
	let (Some(quotient), Some(remainder)) =
		(numerator.checked_div(denominator), numerator.checked_rem(denominator))
	else {
		return U512::MAX;
	};
	if remainder.is_zero() {
		quotient
	} else {
		quotient.saturating_add(U512::one())
	}
}

fn saturate(value: U512) -> u128 {
	if value > U512::from(u128::MAX) {
		u128::MAX
	} else {
		value.low_u128()
	}
}

/// The numerator of one day's expectation per hash per second: `86400 * subsidy * target`. Summing
/// these over days and applying [`expected_from_numerator`] once gives the exact expectation of a
/// run of days, rounded up once rather than per day.
pub fn day_numerator(target: U256, subsidy: u64) -> U512 {
	U512::from(SECONDS_PER_DAY)
		.saturating_mul(U512::from(subsidy))
		.saturating_mul(U512::from(target))
}

/// `ceil(hashrate * numerator / (0xffff * 2^240))`: the expectation, in satoshis, of a hashrate
/// over the days whose [`day_numerator`]s sum to `numerator`. Saturates at `u128::MAX`.
pub fn expected_from_numerator(hashrate: u128, numerator: U512) -> u128 {
	saturate(ceil_div(U512::from(hashrate).saturating_mul(numerator), diff1_times_2_32()))
}

/// The full-pay-per-share expectation, in satoshis, for `hashrate` hashes per second mining a
/// whole day at `target` with block `subsidy`: `H * 86400 * subsidy / (D * 2^32)`, with
/// `D * 2^32 = 0xffff * 2^240 / target`, i.e. `H * 86400 * subsidy * target / (0xffff * 2^240)`.
/// Computed exactly in 512 bits and rounded up: the expectation is what a miner owes, so rounding
/// favours the buyer. Fees are not included (see [`with_fee_share`]). Saturates at `u128::MAX`.
pub fn expected_payout(hashrate: u128, target: U256, subsidy: u64) -> u128 {
	expected_from_numerator(hashrate, day_numerator(target, subsidy))
}

/// [`expected_payout`] from a difficulty as explorers and pools publish it, rather than a target:
/// `H * 86400 * subsidy / (D * 2^32)`, rounded up.
pub fn expected_payout_at_difficulty(hashrate: u128, difficulty: u128, subsidy: u64) -> u128 {
	let numerator = U512::from(hashrate)
		.saturating_mul(U512::from(SECONDS_PER_DAY))
		.saturating_mul(U512::from(subsidy));
	saturate(ceil_div(numerator, U512::from(difficulty).saturating_mul(U512::from(1u64 << 32))))
}

/// The difficulty of a target, rounded down: `0xffff * 2^208 / target`.
pub fn difficulty(target: U256) -> u128 {
	U512::from(crate::pow::mainnet_pow_limit())
		.checked_div(U512::from(target))
		.map_or(u128::MAX, saturate)
}

/// A subsidy expectation plus a fee share of `fee_ppm` parts per million of it (fees are a ratio
/// to the subsidy and may exceed it), rounded up.
pub fn with_fee_share(base: u128, fee_ppm: u32) -> u128 {
	let numerator = U512::from(base)
		.saturating_mul(U512::from(u64::from(PPM).saturating_add(u64::from(fee_ppm))));
	saturate(ceil_div(numerator, U512::from(PPM)))
}

/// The fee ratio a sample of coinbases shows, in parts per million of the subsidy: total fees over
/// total subsidy, rounded up like the expectation it feeds. `None` without subsidy to compare
/// against.
pub fn fee_ratio_ppm(fees: u64, subsidies: u64) -> Option<u32> {
	if subsidies == 0 {
		return None;
	}
	let ppm = ceil_div(U512::from(fees).saturating_mul(U512::from(PPM)), U512::from(subsidies));
	Some(u32::try_from(saturate(ppm)).unwrap_or(u32::MAX))
}
