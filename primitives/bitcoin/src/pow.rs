//! Proof of work: compact targets, chain work, median time past, the retarget rule, and the
//! ordered checks a header must pass to extend a known block.

use crate::{header::Header, Error, Network, H256, U256};

/// Blocks per difficulty period.
pub const RETARGET_INTERVAL: u32 = 2016;
/// The timespan a period should take: two weeks, in seconds.
pub const TARGET_TIMESPAN: i64 = 14 * 24 * 60 * 60;
/// How many previous timestamps the median time past is taken over.
pub const MEDIAN_TIME_SPAN: usize = 11;
/// How far ahead of the chain's clock a header's timestamp may be: two hours, as Bitcoin Core.
pub const MAX_FUTURE_DRIFT: u64 = 2 * 60 * 60;

/// Mainnet's easiest target, `0x00000000ffff << 208` (compact `0x1d00ffff`).
pub fn mainnet_pow_limit() -> U256 {
	// Limb 3 holds bits 192..256: 0xffff << (208 - 192).
	U256([0, 0, 0, 0xffff_0000])
}

/// Regtest's easiest target, `0x7fffff << 232` (compact `0x207fffff`).
pub fn regtest_pow_limit() -> U256 {
	// Limb 3 holds bits 192..256: 0x7fffff << (232 - 192).
	U256([0, 0, 0, 0x7fff_ff00_0000_0000])
}

impl Network {
	/// The easiest target the network allows.
	pub fn pow_limit(&self) -> U256 {
		match self {
			Network::Mainnet => mainnet_pow_limit(),
			Network::Regtest => regtest_pow_limit(),
		}
	}

	/// Whether difficulty changes every [`RETARGET_INTERVAL`] blocks.
	pub fn retargets(&self) -> bool {
		matches!(self, Network::Mainnet)
	}
}

#[allow(
	clippy::arithmetic_side_effects,
	reason = "size <= 3 in the first branch; in the second the overflow check bounds the shift to 8 * 31"
)]
/// Decodes a compact target (`bits`), refusing negative, zero and overflowing encodings, as
/// Bitcoin Core's `SetCompact` flags them.
pub fn decode_compact(bits: u32) -> Result<U256, Error> {
	let size = bits >> 24;
	let word = bits & 0x007f_ffff;
	if word != 0 && bits & 0x0080_0000 != 0 {
		return Err(Error::InvalidBits);
	}
	let overflow =
		word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
	if overflow {
		return Err(Error::InvalidBits);
	}
	let target = if size <= 3 {
		U256::from(word >> (8 * (3 - size)))
	} else {
		U256::from(word) << (8 * (size - 3))
	};
	if target.is_zero() {
		return Err(Error::InvalidBits);
	}
	Ok(target)
}

#[allow(
	clippy::arithmetic_side_effects,
	reason = "a U256 has at most 32 bytes: size <= 32, so every shift is below 256 bits"
)]
/// Encodes a target in compact form, as Bitcoin Core's `GetCompact` (mantissa rounded down).
pub fn encode_compact(target: U256) -> u32 {
	let mut size = target.bits().div_ceil(8) as u32;
	let mut compact = if size <= 3 {
		target.low_u32() << (8 * (3 - size))
	} else {
		(target >> (8 * (size - 3))).low_u32()
	};
	if compact & 0x0080_0000 != 0 {
		compact >>= 8;
		size = size.saturating_add(1);
	}
	compact | (size << 24)
}

/// The expected number of hashes to find a block at `target`: `2^256 / (target + 1)`, computed as
/// `!target / (target + 1) + 1` so that it fits in 256 bits.
pub fn work(target: U256) -> U256 {
	match target.checked_add(U256::one()) {
		Some(divisor) => {
			(!target).checked_div(divisor).unwrap_or_default().saturating_add(U256::one())
		}
		// target = 2^256 - 1: one hash is expected to do.
		None => U256::one(),
	}
}

/// The median of up to eleven timestamps: Bitcoin's median time past. With fewer than eleven
/// (right after a checkpoint) it is the median of those available, as Bitcoin Core does near
/// genesis.
pub fn median_time_past(times: &[u32]) -> u32 {
	let mut sorted = [0u32; MEDIAN_TIME_SPAN];
	let n = times.len().min(MEDIAN_TIME_SPAN);
	let start = times.len().saturating_sub(MEDIAN_TIME_SPAN);
	let (window, _) = sorted.split_at_mut(n);
	window.copy_from_slice(times.get(start..).unwrap_or_default());
	window.sort_unstable();
	window.get(n / 2).copied().unwrap_or_default()
}

/// The target of the first block of a new period, from the last block's target and the time the
/// period took: Bitcoin Core's `CalculateNextWorkRequired`. The timespan is computed in `i64`:
/// timestamps are only loosely ordered, and a `u32` subtraction would wrap.
pub fn retarget(
	network: Network,
	last_bits: u32,
	period_start_time: u32,
	last_time: u32,
) -> Result<u32, Error> {
	let timespan = i64::from(last_time)
		.saturating_sub(i64::from(period_start_time))
		.clamp(TARGET_TIMESPAN / 4, TARGET_TIMESPAN * 4);
	let old = decode_compact(last_bits)?;
	// `old` is at most the pow limit (< 2^231) and `timespan` < 2^23: the product fits in 256 bits.
	let scaled = old.checked_mul(U256::from(timespan.unsigned_abs())).ok_or(Error::InvalidBits)?;
	let new = scaled
		.checked_div(U256::from(TARGET_TIMESPAN.unsigned_abs()))
		.unwrap_or_default()
		.min(network.pow_limit());
	Ok(encode_compact(new))
}

/// What the relay knows about the block a new header claims to extend.
#[derive(Debug, Clone, Copy)]
pub struct Parent<'a> {
	/// The parent's hash.
	pub hash: H256,
	/// The parent's height.
	pub height: u32,
	/// The parent's `bits`.
	pub bits: u32,
	/// Timestamps of the parent and its ancestors, oldest first, parent last (up to eleven).
	pub recent_times: &'a [u32],
	/// Timestamp of the first block of the parent's difficulty period.
	pub period_start_time: u32,
}

/// The `bits` a header at `parent.height + 1` must carry.
pub fn expected_bits(network: Network, parent: &Parent) -> Result<u32, Error> {
	let height = parent.height.checked_add(1).ok_or(Error::BadPosition)?;
	if !network.retargets() || height % RETARGET_INTERVAL != 0 {
		return Ok(parent.bits);
	}
	let last_time = parent.recent_times.last().copied().ok_or(Error::TimeTooOld)?;
	retarget(network, parent.bits, parent.period_start_time, last_time)
}

/// A header that passed every check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
	/// The header's hash.
	pub hash: H256,
	/// Its height.
	pub height: u32,
	/// The work it adds to its chain.
	pub work: U256,
}

/// Checks, in this order, that `header` links to `parent`, that its timestamp is above the median
/// time past and at most two hours ahead of `now` (Unix seconds), that its `bits` are the target
/// the rules require, and that its hash meets that target. The first failing check is the error.
pub fn check_header(
	network: Network,
	parent: &Parent,
	header: &Header,
	now: u64,
) -> Result<Verified, Error> {
	if header.prev_block != parent.hash {
		return Err(Error::BrokenLink);
	}
	if header.time <= median_time_past(parent.recent_times) {
		return Err(Error::TimeTooOld);
	}
	if u64::from(header.time) > now.saturating_add(MAX_FUTURE_DRIFT) {
		return Err(Error::TimeTooNew);
	}
	if header.bits != expected_bits(network, parent)? {
		return Err(Error::WrongBits);
	}
	let target = check_target(network, header.bits)?;
	let hash = header.hash();
	if U256::from_little_endian(hash.as_bytes()) > target {
		return Err(Error::InsufficientWork);
	}
	let height = parent.height.checked_add(1).ok_or(Error::BadPosition)?;
	Ok(Verified { hash, height, work: work(target) })
}

/// Decodes `bits` and checks the target is within the network's limit.
pub fn check_target(network: Network, bits: u32) -> Result<U256, Error> {
	let target = decode_compact(bits)?;
	if target > network.pow_limit() {
		return Err(Error::InvalidBits);
	}
	Ok(target)
}

/// Whether a header's own hash meets its own `bits` (the proof-of-work part of
/// [`check_header`] alone, for checkpoints).
pub fn meets_own_target(network: Network, header: &Header) -> Result<U256, Error> {
	let target = check_target(network, header.bits)?;
	if U256::from_little_endian(header.hash().as_bytes()) > target {
		return Err(Error::InsufficientWork);
	}
	Ok(target)
}

/// Tries nonces until the header meets its target; `None` if none of `max_tries` does. Regtest
/// needs two tries on average; used by tests and benchmarks to mine their own chains.
pub fn mine(header: &mut Header, max_tries: u32) -> Option<H256> {
	let target = decode_compact(header.bits).ok()?;
	for _ in 0..max_tries {
		let hash = header.hash();
		if U256::from_little_endian(hash.as_bytes()) <= target {
			return Some(hash);
		}
		header.nonce = header.nonce.wrapping_add(1);
	}
	None
}
