//! # The HashMix Chain runtime
//!
//! Composes the pallets of HashMix Chain. Pallet indices are grouped and never reused (see
//! `docs/adr/0001-pallet-indices.md`): 0-9 system, 10-19 money and assets, 20-29 consensus,
//! 40-49 governance, 50 and up HashMix's own pallets. Each concern's configuration lives in its own
//! file under [`configs`]; the runtime APIs in [`apis`]; the genesis presets in
//! [`genesis_config_presets`].

#![cfg_attr(not(feature = "std"), no_std)]
// `#[frame_support::runtime]` and `impl_runtime_apis!` expand into code we do not write.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

// First: `define_benchmarks!` in it defines the `list_benchmarks!`/`add_benchmarks!` macros that
// `apis` uses, and macros are visible only after their module.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;

pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256};
use sp_version::{runtime_version, RuntimeVersion};

pub use hashmix_primitives::{
	time::*, units::*, AccountId, Balance, BlockNumber, Hash, Nonce, Signature,
};

/// Opaque types for the node: it handles blocks and extrinsics without knowing their contents.
pub mod opaque {
	use super::*;
	use sp_runtime::OpaqueExtrinsic;

	pub use super::Header;

	/// An opaque extrinsic.
	pub type UncheckedExtrinsic = OpaqueExtrinsic;
	/// An opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
}

impl_opaque_keys! {
	/// The session keys of a validator: Aura (block authoring), GRANDPA (finality) and the HashMix
	/// attestation key (`hmat`). This layout is fixed for the life of the chain: adding a key
	/// later would force every validator to rotate and break `session.nextKeys` decoding.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
		pub attestation: Validators,
	}
}

/// The runtime's version. Bump `spec_version` with every runtime upgrade and
/// `transaction_version` whenever call indices or argument layouts change.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("hashmix"),
	impl_name: alloc::borrow::Cow::Borrowed("hashmix-node"),
	authoring_version: 1,
	spec_version: 108,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The address format: an account id or an index.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;
/// A block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// A block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions every transaction carries, in order.
///
/// `AuthorizeCall` comes first: a call that authorizes itself (`#[pallet::authorize]`, used by the
/// validators' off-chain workers for fee-free attestations) gets its origin there, and the
/// extensions after it treat such an origin as unsigned (no nonce, no fee). The rest is the
/// standard set, which Polkadot.js and every Substrate wallet sign without configuration.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// An extrinsic as the runtime sees it.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload signed in a transaction.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run at the next runtime upgrade, beyond those pallets schedule themselves.
type Migrations = ();

/// Dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// System: 0-9.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(3)]
	pub type Multisig = pallet_multisig;

	// Money and assets: 10-19.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(12)]
	pub type Assets = pallet_assets;
	#[runtime::pallet_index(13)]
	pub type Nfts = pallet_nfts;

	// Consensus: 20-29. Declaration order is genesis and hook order: the validator pallet sets the
	// session schedule before pallet-session builds the first session, which hands Aura and
	// GRANDPA their authorities.
	#[runtime::pallet_index(20)]
	pub type Validators = pallet_validators;
	#[runtime::pallet_index(21)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(22)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(23)]
	pub type Grandpa = pallet_grandpa;

	// Governance: 40-49. Sudo until the council takes over.
	#[runtime::pallet_index(40)]
	pub type Sudo = pallet_sudo;

	// HashMix pallets.
	#[runtime::pallet_index(50)]
	pub type BtcRelay = pallet_btc_relay;
	#[runtime::pallet_index(51)]
	pub type Hashpower = pallet_hashpower;
	#[runtime::pallet_index(52)]
	pub type FilecoinOracle = pallet_filecoin_oracle;
	#[runtime::pallet_index(53)]
	pub type Market = pallet_hashpower_market;
}
