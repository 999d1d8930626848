//! # HashMix primitives
//!
//! The types every HashMix crate agrees on: the account, balance and block number types, the units
//! of the native token HSM, time measured in blocks, and the key type validators use to sign
//! attestations. The runtime, the node and every HashMix pallet depend on this crate rather than on
//! each other, so a change here is a change to the whole chain: the decisions behind these values
//! are recorded in `docs/adr/`.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

/// A transaction signature: sr25519, ed25519 or ECDSA, as Polkadot.js and every Substrate wallet
/// produce.
pub type Signature = MultiSignature;

/// An account on HashMix Chain: the 32-byte public key behind [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// An amount of the native token HSM, in its smallest unit (see [`units`]).
pub type Balance = u128;

/// A block number. At 6 s a block, `u32` lasts more than 800 years.
pub type BlockNumber = u32;

/// The index of a session (pallet-session's `SessionIndex`): the validator set changes only at
/// session boundaries.
pub type SessionIndex = u32;

/// The number of transactions an account has sent.
pub type Nonce = u32;

/// A hash of block data (blake2-256).
pub type Hash = sp_core::H256;

/// Units of HSM. One HSM is `10^12` of its smallest unit ([`units::DECIMALS`]); see
/// `docs/adr/0002-hsm-units.md` for why twelve decimals.
pub mod units {
	use super::Balance;

	/// Decimal places of HSM: `1 HSM = 10^DECIMALS` smallest units.
	pub const DECIMALS: u8 = 12;
	/// One HSM.
	pub const HSM: Balance = 1_000_000_000_000;
	/// One thousandth of an HSM.
	pub const MILLI_HSM: Balance = HSM / 1_000;
	/// One millionth of an HSM.
	pub const MICRO_HSM: Balance = MILLI_HSM / 1_000;
	/// The token symbol wallets show.
	pub const SYMBOL: &str = "HSM";
	/// HSM's maximum supply, in smallest units: one billion HSM (HashMix whitepaper).
	pub const MAX_SUPPLY: Balance = 1_000_000_000 * HSM;
	/// The least balance an account must keep to exist (existential deposit): 0.001 HSM. Small
	/// enough for any user, large enough that spreading dust over many accounts costs real money.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_HSM;
}

/// Time measured in blocks, for a chain whose blocks come every [`time::MILLISECS_PER_BLOCK`].
pub mod time {
	use super::BlockNumber;

	/// The target block time, in milliseconds. Aura's slot duration equals it; it cannot change on
	/// a live chain without stalling block production.
	pub const MILLISECS_PER_BLOCK: u64 = 6_000;
	/// Aura's slot duration, in milliseconds.
	pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
	/// Blocks in a minute.
	pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
	/// Blocks in an hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks in a day.
	pub const DAYS: BlockNumber = HOURS * 24;
}

/// The key validators sign attestations with: an sr25519 key of its own key type, held in the
/// node's keystore beside the Aura and GRANDPA keys and registered with the other session keys.
/// Its account holds no funds: attestation transactions are authorized and fee-free.
pub mod attestation {
	use sp_core::crypto::KeyTypeId;

	/// The key type of HashMix attestation keys (`hmat`), as `key insert --key-type hmat` takes it.
	pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"hmat");

	mod app {
		use sp_application_crypto::{app_crypto, sr25519};
		app_crypto!(sr25519, super::KEY_TYPE);
	}

	/// A validator's public attestation key.
	pub type AttestationId = app::Public;
	/// A signature by an attestation key.
	pub type AttestationSignature = app::Signature;
	/// An attestation key pair (node side only).
	#[cfg(feature = "std")]
	pub type AttestationPair = app::Pair;
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn max_supply_should_leave_room_for_perbill_products_in_u128() {
		// Fee and reward math multiplies a balance by a Perbill's parts (<= 10^9) before dividing:
		// the whole supply times that must still fit in u128.
		assert!(units::MAX_SUPPLY.checked_mul(1_000_000_000).is_some());
		assert_eq!(units::HSM, 10u128.pow(units::DECIMALS as u32));
	}

	#[test]
	fn day_should_be_14400_blocks_of_six_seconds() {
		assert_eq!(time::DAYS, 14_400);
		assert_eq!(u64::from(time::DAYS) * time::MILLISECS_PER_BLOCK, 86_400_000);
	}
}
