//! Property tests of the arithmetic: compact targets, chain work, retargeting, the median, merkle
//! branches, the payout expectation, and the parsers' refusal to panic.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

mod common;

use hashmix_bitcoin::{
	merkle::root_from_branch,
	pow::{
		self, decode_compact, encode_compact, median_time_past, retarget, work, TARGET_TIMESPAN,
	},
	reward,
	tx::{strip_witness, Transaction},
	Network, H256, U256,
};
use proptest::prelude::*;

fn target_strategy() -> impl Strategy<Value = U256> {
	// Targets between 2^150 and the mainnet limit, as real difficulty has been.
	(150u32..224, any::<u64>()).prop_map(|(shift, low)| {
		(U256::from(low | 1) << (shift - 63)).min(pow::mainnet_pow_limit())
	})
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_000))]

	#[test]
	fn compact_should_round_trip_after_normalising(target in target_strategy()) {
		let bits = encode_compact(target);
		let decoded = decode_compact(bits).unwrap();
		// Compact keeps 23 bits of mantissa, rounding down.
		prop_assert!(decoded <= target);
		prop_assert_eq!(encode_compact(decoded), bits);
		prop_assert!(target - decoded <= target >> 15);
	}

	#[test]
	fn more_difficult_targets_should_be_more_work(a in target_strategy(), b in target_strategy()) {
		if a < b {
			prop_assert!(work(a) >= work(b));
		}
		// work * (target + 1) is 2^256 to within one target.
		let product = work(a).full_mul(a + 1);
		prop_assert!(product <= hashmix_bitcoin::U512::one() << 256);
	}

	#[test]
	fn retarget_should_stay_within_four_times(bits_target in target_strategy(), start in 0u32..2_000_000_000, span in -10_000_000i64..20_000_000) {
		let bits = encode_compact(bits_target);
		let old = decode_compact(bits).unwrap();
		let end = (i64::from(start) + span).clamp(0, i64::from(u32::MAX)) as u32;
		let new = decode_compact(retarget(Network::Mainnet, bits, start, end).unwrap()).unwrap();
		prop_assert!(new <= pow::mainnet_pow_limit());
		prop_assert!(new <= old * 4);
		// Compact encoding keeps at least 16 bits of mantissa, so it rounds by under 2^-15.
		prop_assert!(new >= old / 4 - (old >> 14));
		// A period exactly two weeks long changes nothing (beyond compact rounding).
		let same = retarget(Network::Mainnet, bits, start, start.saturating_add(TARGET_TIMESPAN as u32)).unwrap();
		if start < u32::MAX - TARGET_TIMESPAN as u32 && old < pow::mainnet_pow_limit() {
			prop_assert_eq!(same, bits);
		}
	}

	#[test]
	fn median_should_match_sorting(times in proptest::collection::vec(any::<u32>(), 1..=11)) {
		let mut sorted = times.clone();
		sorted.sort();
		prop_assert_eq!(median_time_past(&times), sorted[times.len() / 2]);
	}

	#[test]
	fn branches_of_built_trees_should_reach_the_root(leaves in proptest::collection::vec(any::<[u8; 32]>(), 1..40), pick in any::<prop::sample::Index>()) {
		let leaves: Vec<H256> = leaves.into_iter().map(H256).collect();
		let index = pick.index(leaves.len());
		let (root, branch) = hashmix_bitcoin::merkle::root_and_branch(&leaves, index).unwrap();
		prop_assert_eq!(root_from_branch(leaves[index], index as u32, &branch), Ok(root));
	}

	#[test]
	fn expectation_should_be_linear_and_rounded_up(h in 1u128..1u128 << 80, target in target_strategy(), halvings in 0u32..8) {
		let subsidy = reward::subsidy(halvings * reward::HALVING_INTERVAL);
		let one = reward::expected_payout(h, target, subsidy);
		let two = reward::expected_payout(h * 2, target, subsidy);
		prop_assert!(two <= one * 2 && two + 1 >= one * 2);
		// Never below the exact value: exact = h*86400*subsidy*target / (0xffff * 2^240).
		let exact_num = hashmix_bitcoin::U512::from(h) * 86_400u64 * subsidy * hashmix_bitcoin::U512::from(target);
		let den = hashmix_bitcoin::U512::from(0xffffu64) << 240;
		prop_assert!(hashmix_bitcoin::U512::from(one) * den >= exact_num);
		prop_assert!((hashmix_bitcoin::U512::from(one) - 1) * den < exact_num || one == 0);
		// A harder target (half) earns about half.
		let harder = reward::expected_payout(h, target / 2, subsidy);
		prop_assert!(harder <= one && harder * 2 + 2 >= one);
	}

	#[test]
	fn fee_share_should_never_lower_the_expectation(base in 0u128..1u128 << 64, ppm in any::<u32>()) {
		let with = reward::with_fee_share(base, ppm);
		prop_assert!(with >= base);
		prop_assert_eq!(reward::with_fee_share(base, 0), base);
	}

	#[test]
	fn parsers_should_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
		let _ = Transaction::parse(&bytes);
		let _ = strip_witness(&bytes);
		let _ = hashmix_bitcoin::merkle::MerkleBlock::parse(&bytes);
		let _ = hashmix_bitcoin::tx::parse_block(&bytes);
	}

	#[test]
	fn hex_should_round_trip_in_either_case(bytes in proptest::collection::vec(any::<u8>(), 0..200), upper in any::<bool>()) {
		let text: String = bytes.iter().map(|b| if upper { format!("{b:02X}") } else { format!("{b:02x}") }).collect();
		if !upper {
			prop_assert_eq!(&hashmix_bitcoin::to_hex(&bytes), &text);
		}
		prop_assert_eq!(hashmix_bitcoin::parse_hex(&text), Some(bytes));
	}

	#[test]
	fn hex_parsing_should_refuse_odd_lengths_and_non_digits(text in "[0-9a-fg-z ]{0,81}") {
		let valid = text.len() % 2 == 0 && text.chars().all(|c| c.is_ascii_hexdigit());
		prop_assert_eq!(hashmix_bitcoin::parse_hex(&text).is_some(), valid);
	}
}

#[test]
fn subsidy_should_halve_and_end() {
	assert_eq!(reward::subsidy(0), 5_000_000_000);
	assert_eq!(reward::subsidy(209_999), 5_000_000_000);
	assert_eq!(reward::subsidy(210_000), 2_500_000_000);
	assert_eq!(reward::subsidy(64 * 210_000), 0);
	assert_eq!(reward::subsidy(u32::MAX), 0);
	let total: u64 = (0..64).map(|i| reward::subsidy(i * 210_000) * 210_000).sum();
	assert!(total < 21_000_000 * reward::COIN);
}
