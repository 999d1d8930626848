//! Tests, one file per area.

mod attestation;
mod bonding;
mod election;
mod offchain;
mod session;
