//! Weights of this runtime that are not an upstream pallet's `SubstrateWeight`.

pub mod pallet_btc_relay;
pub mod pallet_filecoin_oracle;
pub mod pallet_grandpa;
pub mod pallet_hashpower;
pub mod pallet_hashpower_market;
pub mod pallet_validators;
