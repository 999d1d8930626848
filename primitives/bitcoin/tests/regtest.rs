//! Header checks that need cheap proof of work: regtest chains mined in the test.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

mod common;

use common::*;
use hashmix_bitcoin::{
	pow::{self, check_header, median_time_past},
	Error, Network, H256,
};

const NOW: u64 = REGTEST_START as u64 + 1_000_000;

/// Twelve blocks ten minutes apart, the last eleven timestamps being the median window.
fn chain_of_twelve() -> Tip {
	let (_, mut tip) = regtest_checkpoint();
	for i in 0..12 {
		let header = regtest_child(&tip, 600, H256::repeat_byte(i));
		let verified = check_header(Network::Regtest, &tip.parent(), &header, NOW).unwrap();
		tip.advance(&header, &verified);
	}
	tip
}

#[test]
fn timestamp_at_or_below_median_should_be_rejected() {
	let tip = chain_of_twelve();
	let median = median_time_past(&tip.recent_times);
	// The median of eleven times ten minutes apart is the sixth of them.
	assert_eq!(median, tip.recent_times[5]);

	for time in [median, median - 1] {
		let mut header = regtest_child(&tip, 600, H256::zero());
		header.time = time;
		pow::mine(&mut header, 1_000_000).unwrap();
		assert_eq!(
			check_header(Network::Regtest, &tip.parent(), &header, NOW),
			Err(Error::TimeTooOld)
		);
	}
	// One second above the median is fine, even though it is before the parent.
	let mut header = regtest_child(&tip, 600, H256::zero());
	header.time = median + 1;
	pow::mine(&mut header, 1_000_000).unwrap();
	assert!(check_header(Network::Regtest, &tip.parent(), &header, NOW).is_ok());
}

#[test]
fn wrong_bits_should_be_rejected_before_proof_of_work() {
	let tip = chain_of_twelve();
	let mut header = regtest_child(&tip, 600, H256::zero());
	header.bits = 0x207f_fffe;
	// Even a header that meets its own (slightly harder) target is refused for its bits.
	pow::mine(&mut header, 1_000_000).unwrap();
	assert_eq!(check_header(Network::Regtest, &tip.parent(), &header, NOW), Err(Error::WrongBits));
}

#[test]
fn checks_should_run_in_order_link_time_bits_work() {
	let tip = chain_of_twelve();
	let median = median_time_past(&tip.recent_times);
	let mut header = regtest_child(&tip, 600, H256::zero());
	// Everything wrong at once: the link is reported first.
	header.prev_block = H256::repeat_byte(9);
	header.time = median;
	header.bits = 0x1d00_ffff;
	assert_eq!(check_header(Network::Regtest, &tip.parent(), &header, NOW), Err(Error::BrokenLink));
	header.prev_block = tip.hash;
	assert_eq!(check_header(Network::Regtest, &tip.parent(), &header, NOW), Err(Error::TimeTooOld));
	header.time = median + 1;
	assert_eq!(check_header(Network::Regtest, &tip.parent(), &header, NOW), Err(Error::WrongBits));
	header.bits = tip.bits;
	// Find a nonce that fails regtest's target (about half do).
	while pow::meets_own_target(Network::Regtest, &header).is_ok() {
		header.nonce += 1;
	}
	assert_eq!(
		check_header(Network::Regtest, &tip.parent(), &header, NOW),
		Err(Error::InsufficientWork)
	);
}

#[test]
fn regtest_should_never_retarget() {
	let (_, mut tip) = regtest_checkpoint();
	tip.height = pow::RETARGET_INTERVAL - 1;
	let header = regtest_child(&tip, 1, H256::zero());
	assert_eq!(
		check_header(Network::Regtest, &tip.parent(), &header, NOW).map(|v| v.height),
		Ok(2016)
	);
}
