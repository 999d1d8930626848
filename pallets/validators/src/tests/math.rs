//! The tally's pure functions: invariants over many generated inputs.

use crate::features::attestation::{weighted_median, within_tolerance};
use hashmix_primitives::attestation::{Answer, AnswerField, FieldRule};
use sp_runtime::Permill;

/// A small deterministic generator (64-bit LCG), so that failures reproduce.
struct Lcg(u64);
impl Lcg {
	fn next(&mut self, below: u64) -> u64 {
		self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
		(self.0 >> 33) % below
	}
}

#[test]
fn weighted_median_should_split_the_weight_in_halves() {
	let mut rng = Lcg(7);
	for _ in 0..2_000 {
		let n = 1 + rng.next(12) as usize;
		let values: Vec<(u128, u128)> =
			(0..n).map(|_| (u128::from(rng.next(50)), u128::from(1 + rng.next(1_000)))).collect();
		let total: u128 = values.iter().map(|(_, w)| w).sum();
		let median = weighted_median(values.clone()).expect("values");
		assert!(values.iter().any(|(v, _)| *v == median), "the median is an answer");
		let at_or_below: u128 = values.iter().filter(|(v, _)| *v <= median).map(|(_, w)| w).sum();
		let below: u128 = values.iter().filter(|(v, _)| *v < median).map(|(_, w)| w).sum();
		assert!(2 * at_or_below >= total, "at least half the weight is at or below it");
		assert!(2 * below < total, "less than half is strictly below it: it is the lowest such");
	}
	assert_eq!(weighted_median(Vec::new()), None);
}

#[test]
fn weighted_median_should_ignore_a_light_outlier() {
	assert_eq!(weighted_median(vec![(100, 10), (101, 10), (u128::MAX, 1)]), Some(101));
	assert_eq!(weighted_median(vec![(100, 10), (0, 9)]), Some(100));
}

#[test]
fn tolerance_should_be_a_fraction_of_the_agreed_value_rounded_down() {
	let rules = [FieldRule::Numeric { tolerance: Permill::from_percent(1) }];
	let answer = |v: u128| -> Answer { vec![AnswerField::Numeric(v)].try_into().unwrap() };
	// 1% of 1,050 is 10.5, rounded down to 10.
	assert!(within_tolerance(&rules, &answer(1_060), &answer(1_050)));
	assert!(!within_tolerance(&rules, &answer(1_061), &answer(1_050)));
	assert!(within_tolerance(&rules, &answer(1_040), &answer(1_050)));
	assert!(!within_tolerance(&rules, &answer(1_039), &answer(1_050)));
	// Huge values do not overflow.
	assert!(within_tolerance(&rules, &answer(u128::MAX), &answer(u128::MAX - 1)));
	// A field of the wrong kind never agrees.
	let exact: Answer =
		vec![AnswerField::Exact(b"f01".to_vec().try_into().unwrap())].try_into().unwrap();
	assert!(!within_tolerance(&rules, &exact, &answer(1)));
}
