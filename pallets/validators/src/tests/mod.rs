//! Tests, one file per area.

mod arbitration;
mod attestation;
mod bonding;
mod election;
mod math;
mod offchain;
mod session;
