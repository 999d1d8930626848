//! The installment schedule of an order, as pure functions of the hash power pallet's running
//! totals.
//!
//! An order covers `total_days` service days from the day after the last day judged when it was
//! bought. By the time `elapsed` of them have been judged, the installments due are
//! `price × eligible / total_days`, where the eligible days are those whose output went to the
//! buyer (for the newest order: the days from [`Progress`]'s `paid_from` on). The seller may have
//! received `min(delivered / expected, 1)` of that, the ratio taken over the order's own days
//! (running totals since the purchase, so a late payment catches up). Everything else stays on
//! the buyer's account under the escrow hold and is refunded when the order closes. Both
//! divisions round down: against the seller, who would profit from rounding up.

use sp_runtime::helpers_128bit::multiply_by_rational_with_rounding;
use sp_runtime::Rounding;

/// The hash power pallet's running totals of an NFT at some moment.
#[derive(
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
pub struct Progress {
	/// Value delivered over the service days judged (satoshis, or byte-days).
	pub delivered: u128,
	/// Value expected over the same days.
	pub expected: u128,
	/// Service days judged.
	pub days: u32,
}

/// `value × numerator / denominator`, rounded down; `0` for a zero denominator, and the value
/// itself when the ratio is at least one.
pub fn share(value: u128, numerator: u128, denominator: u128) -> u128 {
	if denominator == 0 {
		return 0;
	}
	if numerator >= denominator {
		return value;
	}
	multiply_by_rational_with_rounding(value, numerator, denominator, Rounding::Down)
		.unwrap_or_default()
}

/// An order's terms as the schedule needs them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Terms {
	/// The price, in the smallest unit of the currency.
	pub price: u128,
	/// The NFT's totals when the order was bought.
	pub start: Progress,
	/// Service days the order covers.
	pub total_days: u32,
	/// The service day index (days judged since the start of service) of the first day whose
	/// output goes to the buyer: `None` if none does yet; `Some(0)` for every day.
	pub paid_from_index: Option<u32>,
}

/// Where an order stands at `now`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Standing {
	/// Days of the order judged so far (at most `total_days`).
	pub elapsed: u32,
	/// Of those, the days whose installments may be released.
	pub eligible: u32,
	/// Installments due over the elapsed days: `price × elapsed / total_days`.
	pub due: u128,
	/// What the seller may have received in total by now.
	pub releasable: u128,
}

/// Where an order with `terms` stands once the NFT's totals are `now`.
pub fn standing(terms: &Terms, now: &Progress) -> Standing {
	let total = terms.total_days;
	if total == 0 {
		return Standing::default();
	}
	let elapsed = now.days.saturating_sub(terms.start.days).min(total);
	let first = terms.start.days;
	let eligible = match terms.paid_from_index {
		None => 0,
		Some(from) => {
			let unpaid = from.saturating_sub(first).min(elapsed);
			elapsed.saturating_sub(unpaid)
		}
	};
	let due = share(terms.price, u128::from(elapsed), u128::from(total));
	let eligible_due = share(terms.price, u128::from(eligible), u128::from(total));
	let delivered = now.delivered.saturating_sub(terms.start.delivered);
	let expected = now.expected.saturating_sub(terms.start.expected);
	Standing { elapsed, eligible, due, releasable: share(eligible_due, delivered, expected) }
}

#[cfg(test)]
#[allow(
	clippy::arithmetic_side_effects,
	reason = "test arithmetic on bounded data; a panic is a failed test"
)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	fn terms(price: u128, total_days: u32, paid_from_index: Option<u32>) -> Terms {
		Terms { price, start: Progress::default(), total_days, paid_from_index }
	}

	#[test]
	fn a_fully_delivering_order_should_release_its_installments_day_by_day() {
		let terms = terms(30_000, 30, Some(0));
		let now = Progress { delivered: 10_000, expected: 10_000, days: 10 };
		assert_eq!(
			standing(&terms, &now),
			Standing { elapsed: 10, eligible: 10, due: 10_000, releasable: 10_000 }
		);
		// Over-delivery does not release more than is due.
		let now = Progress { delivered: 20_000, expected: 10_000, days: 10 };
		assert_eq!(standing(&terms, &now).releasable, 10_000);
	}

	#[test]
	fn half_delivery_should_release_half_and_a_late_payment_should_catch_up() {
		let terms = terms(30_000, 30, Some(0));
		let half = Progress { delivered: 5_000, expected: 10_000, days: 10 };
		assert_eq!(standing(&terms, &half).releasable, 5_000);
		let caught_up = Progress { delivered: 10_000, expected: 10_000, days: 10 };
		assert_eq!(standing(&terms, &caught_up).releasable, 10_000);
	}

	#[test]
	fn days_before_the_buyers_destination_should_not_be_released() {
		// Bought after day 5 of service; the buyer's destination counts from day index 8.
		let terms = Terms {
			price: 30_000,
			start: Progress { delivered: 500, expected: 500, days: 5 },
			total_days: 30,
			paid_from_index: Some(8),
		};
		let now = Progress { delivered: 10_500, expected: 10_500, days: 15 };
		assert_eq!(
			standing(&terms, &now),
			Standing { elapsed: 10, eligible: 7, due: 10_000, releasable: 7_000 }
		);
		let unpaid = Terms { paid_from_index: None, ..terms };
		assert_eq!(standing(&unpaid, &now).releasable, 0);
	}

	#[test]
	fn amounts_should_round_down() {
		let terms = terms(100, 3, Some(0));
		let now = Progress { delivered: 2, expected: 3, days: 1 };
		// 100 / 3 = 33 due; two thirds of 33 = 22.
		assert_eq!(
			standing(&terms, &now),
			Standing { elapsed: 1, eligible: 1, due: 33, releasable: 22 }
		);
	}

	/// A day of delivery: what was delivered and expected.
	fn days() -> impl Strategy<Value = Vec<(u64, u64)>> {
		prop::collection::vec((0u64..2_000, 1u64..1_000), 1..60)
	}

	proptest! {
		#[test]
		fn releases_should_never_exceed_the_delivered_share_of_the_installments_due(
			price in 0u128..1_000_000_000_000_000,
			total_days in 1u32..60,
			paid_from in proptest::option::of(0u32..70),
			start_days in 0u32..20,
			delivery in days(),
			payout_every in 1usize..12,
		) {
			// The pool pays every `payout_every` days what the days since the last payout
			// delivered: a running total that lags, then catches up.
			let start = Progress { delivered: 7, expected: 9, days: start_days };
			let terms = Terms { price, start, total_days, paid_from_index: paid_from };
			let mut now = start;
			let mut owed = 0u128;
			let mut released = 0u128;
			for (day, (delivered, expected)) in delivery.iter().enumerate() {
				now.days += 1;
				now.expected += u128::from(*expected);
				owed += u128::from(*delivered);
				if (day + 1) % payout_every == 0 {
					now.delivered += owed;
					owed = 0;
				}
				let standing = standing(&terms, &now);
				// The seller claims: it receives what became releasable beyond what it had.
				let before = released;
				released = released.max(standing.releasable);
				let locked = price - released;
				let refunded = 0;
				prop_assert_eq!(released + refunded + locked, price);
				prop_assert!(standing.releasable <= standing.due);
				let delivered = now.delivered - start.delivered;
				let expected = now.expected - start.expected;
				// The cap: min(delivered / expected, 1) x due, in exact integers.
				prop_assert!(
					standing.releasable * expected <= delivered.min(expected) * standing.due
				);
				// A claim never releases beyond the cap; only money released at an earlier claim
				// (when the cap was higher: a day expecting more lowers the ratio) can stand above
				// a later cap.
				prop_assert!(released == before || released <= standing.releasable);
				prop_assert!(standing.due <= price);
				prop_assert!(standing.elapsed <= total_days);
			}
			// The order closes: what was not released is refunded.
			let refunded = price - released;
			prop_assert_eq!(released + refunded, price);
		}
	}
}
