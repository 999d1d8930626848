//! The pallet's logic, one file per area; the calls in `lib.rs` only check the origin.

pub mod bonding;
pub mod election;
