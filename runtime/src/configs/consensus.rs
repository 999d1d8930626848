//! Consensus: the validator set and its sessions, Aura block authoring, GRANDPA finality.

use crate::{AccountId, Balance, Balances, Runtime, RuntimeEvent, SessionKeys, Validators, HSM};
use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::ConvertInto;

/// The most block authorities the chain supports. Aura, GRANDPA and the validator pallet share
/// it: GRANDPA's message sizes and Aura's slot rotation are sized for a few dozen validators.
pub const MAX_AUTHORITIES: u32 = 100;

impl pallet_validators::Config for Runtime {
	type MaxValidators = ConstU32<MAX_AUTHORITIES>;
}

parameter_types! {
	/// `session.setKeys` holds this much of the caller's HSM while its keys are registered, so
	/// that registering keys is not free spam; `session.purgeKeys` returns it.
	pub const SessionKeyDeposit: Balance = HSM;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A validator is identified by its account.
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Validators;
	type NextSessionRotation = Validators;
	/// The set is the genesis set until staking elects it: `()` keeps it unchanged.
	type SessionManager = ();
	/// In the order of the fields of [`SessionKeys`].
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type DisabledValidators = ();
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_grandpa::GrandpaWeight<Runtime>;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	/// Equivocation reports need historical session proofs, which come with slashing.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}
