//! The pallet's logic, one file per area; the calls in `lib.rs` only check the origin.

pub mod attestation;
pub mod bonding;
pub mod election;
pub mod offchain;
pub mod slashing;
