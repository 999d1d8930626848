//! Consensus: the validator set and its sessions, Aura block authoring, GRANDPA finality.

use crate::{
	AccountId, Balance, Balances, Runtime, RuntimeEvent, RuntimeHoldReason, SessionKeys,
	Validators, HSM, MINUTES,
};
use frame_support::{
	parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstBool, ConstU32, ConstU64},
	PalletId,
};
use frame_system::EnsureRoot;
use hashmix_primitives::SessionIndex;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::ConvertInto;
use sp_runtime::{traits::AccountIdConversion, transaction_validity::TransactionPriority, Perbill};

/// The most block authorities the chain supports. Aura, GRANDPA and the validator pallet share
/// it: GRANDPA's message sizes and Aura's slot rotation are sized for a few dozen validators.
pub const MAX_AUTHORITIES: u32 = 100;

/// The least bond of a validator candidate: 10,000 HSM, the same nominal minimum as Hashshare's
/// staking nodes. With a supply of one billion HSM, a full set of 100 validators at the minimum
/// bonds one million HSM (0.1% of the supply), and a wrong attestation (10% of the bond, issue 3)
/// costs at least 1,000 HSM. See `docs/adr/0005-validator-staking.md`.
pub const MIN_VALIDATOR_BOND: Balance = 10_000 * HSM;

/// The fewest validators a session may have: GRANDPA finalizes with more than two thirds of the
/// set, so four validators tolerate one failure. With fewer eligible candidates the set is kept.
pub const MIN_VALIDATORS: u32 = 4;

parameter_types! {
	pub const MinValidatorBond: Balance = MIN_VALIDATOR_BOND;
	/// The reward pot's account id is derived from this.
	pub const ValidatorsPotId: PalletId = PalletId(*b"hm/valid");
	/// Opening a round holds 10 HSM from the asking account...
	pub const RoundDeposit: Balance = 10 * HSM;
	/// ...of which 1 HSM goes to the validators' reward pot.
	pub const RoundFee: Balance = HSM;
	/// A wrong answer costs 10% of the validator's bond: 1,000 HSM at the minimum bond.
	pub const WrongAnswerSlash: Perbill = Perbill::from_percent(10);
	/// Not revealing a commitment in a round that reached quorum costs as much as lying.
	pub const UnrevealedSlash: Perbill = Perbill::from_percent(10);
	/// Missing ten rounds in a row costs 1%, and the validator is chilled.
	pub const MissedRoundsSlash: Perbill = Perbill::from_percent(1);
	/// Each session the pot pays out at most 100 HSM to the validators.
	pub const SessionReward: Balance = 100 * HSM;
	/// Attestations get half the priority range: above ordinary low-fee traffic, bounded.
	pub const AttestationPriority: TransactionPriority = TransactionPriority::MAX / 2;
	/// A day of one-hour sessions on the test network for governance to cancel a wrong slash. A
	/// storage parameter: governance may change it (`system.setStorage` of
	/// `twox128(":SlashDeferSessions:")`), keeping it below `UnbondingSessions - 1`; the
	/// node-level tests shorten it to see a slash land within minutes.
	pub storage SlashDeferSessions: SessionIndex = 24;
	/// Slashed bonds go to the insurance pot (see `docs/adr/0005-validator-staking.md`).
	pub InsurancePot: AccountId = PalletId(*b"hm/insur").into_account_truncating();
}

impl pallet_validators::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = MinValidatorBond;
	type MaxValidators = ConstU32<MAX_AUTHORITIES>;
	type MinValidators = ConstU32<MIN_VALIDATORS>;
	/// The election reads every candidate once a session: 500 ledgers and key records.
	type MaxCandidates = ConstU32<500>;
	type MaxUnlockingChunks = ConstU32<16>;
	/// A week of one-hour sessions on the test network: far longer than the slash deferral plus
	/// the longest attestation round.
	type UnbondingSessions = ConstU32<{ 7 * 24 }>;
	type PalletId = ValidatorsPotId;
	type RoundDeposit = RoundDeposit;
	type RoundFee = RoundFee;
	type MaxOpenRounds = ConstU32<64>;
	type MaxOpeningsPerBlock = ConstU32<8>;
	/// A round needs three distinct bonded attesters: with four validators one may be offline.
	type MinAttesters = ConstU32<3>;
	/// A minute to commit, then a minute to reveal.
	type CommitPeriod = ConstU32<MINUTES>;
	type RevealPeriod = ConstU32<MINUTES>;
	type WrongAnswerSlash = WrongAnswerSlash;
	type UnrevealedSlash = UnrevealedSlash;
	type MissedRoundsSlash = MissedRoundsSlash;
	type MaxMissedRounds = ConstU32<10>;
	type SlashDeferSessions = SlashDeferSessions;
	/// Sudo until the council lands.
	type SlashCancelOrigin = EnsureRoot<AccountId>;
	type OnSlash = ResolveTo<InsurancePot, Balances>;
	type SessionReward = SessionReward;
	/// The Filecoin evidence pallet asks questions and answers them in the worker.
	type OnRoundOutcome = (crate::FilecoinOracle, crate::Market);
	type AnswerProvider = crate::FilecoinOracle;
	type AttestationPriority = AttestationPriority;
	type WeightInfo = crate::weights::pallet_validators::WeightInfo<Runtime>;
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
	/// The top candidates by bond, elected each session.
	type SessionManager = Validators;
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
