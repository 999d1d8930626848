//! The pallet's logic, by area: the header relay, payout proofs, the registry of destinations and
//! pool scripts, and the invariants tests check.

pub mod assemble;
#[cfg(any(feature = "try-runtime", test))]
pub(crate) mod invariants;
pub(crate) mod payouts;
pub(crate) mod registry;
pub(crate) mod relay;
