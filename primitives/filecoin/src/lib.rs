//! # HashMix Filecoin formats
//!
//! What the runtime and the validators' off-chain worker need to read Filecoin data exactly as
//! Lotus writes it. Filecoin's state cannot be proven to this chain; validators agree on it in
//! attestation rounds, and an answer field that is an address must match byte for byte, so
//! addresses are parsed strictly and shown canonically ([`address`]), and a sector's sealed CID
//! must be a sealed-sector commitment ([`cid`]). [`lotus`] reads Lotus's JSON answers into
//! those checked types.
//!
//! Like `hashmix-bitcoin`, nothing here panics, loops beyond its input or allocates more than its
//! input justifies.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod address;
mod base32;
pub mod cid;
pub mod lotus;
