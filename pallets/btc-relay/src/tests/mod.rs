//! Tests: one file per area, shared helpers here.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

mod days;
mod headers;
mod helpers;
mod payouts;
mod registry;
mod relayed;
mod worker;
