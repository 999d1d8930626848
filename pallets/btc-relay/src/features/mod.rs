//! The pallet's logic, by area: the header relay, payout proofs, the registry of destinations and
//! pool scripts, and the invariants tests check.

pub mod assemble;
pub(crate) mod authorized;
pub(crate) mod esplora;
#[cfg(any(feature = "try-runtime", test))]
pub(crate) mod invariants;
pub(crate) mod payouts;
pub(crate) mod registry;
pub(crate) mod relay;
pub(crate) mod worker;
