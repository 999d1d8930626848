//! Tests, one file per area.

mod bonding;
mod election;
mod session;
