//! A runtime with the Filecoin oracle asking real attestation rounds of the validator pallet:
//! validators 1 to 4 bond 500 each and declare Filecoin; accounts 1 to 9 hold 1,000. The clock
//! stands at mainnet epoch [`EPOCH_NOW`].

use crate as pallet_filecoin_oracle;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::Weight,
	PalletId,
};
use hashmix_primitives::{
	attestation::{AttestationId, AttestationPair, Sources},
	filecoin::{Fact, FilecoinQuestion, OnFilecoinFact},
};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{impl_opaque_keys, traits::ConvertInto, BuildStorage, Perbill, Permill};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Validators: pallet_validators,
		Session: pallet_session,
		FilecoinOracle: pallet_filecoin_oracle,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// This chain's clock, in Unix milliseconds, set by the tests.
pub struct Clock;
impl frame_support::traits::UnixTime for Clock {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NOW.with(|now| now.get()))
	}
}

impl_opaque_keys! {
	pub struct MockSessionKeys {
		pub attestation: Validators,
	}
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = u64;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Validators;
	type NextSessionRotation = Validators;
	type SessionManager = Validators;
	type SessionHandler = (Validators,);
	type Keys = MockSessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU64<0>;
}

/// The transaction extension of authorized attestation transactions.
pub type Extension = frame_system::AuthorizeCall<Test>;
/// A transaction as the off-chain worker builds it.
pub type Extrinsic = sp_runtime::testing::TestXt<RuntimeCall, Extension>;

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = Extrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<LocalCall> frame_system::offchain::CreateTransaction<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	type Extension = Extension;
	fn create_transaction(call: RuntimeCall, extension: Extension) -> Extrinsic {
		Extrinsic::new_transaction(call, extension)
	}
}

impl<LocalCall> frame_system::offchain::CreateAuthorizedTransaction<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	fn create_extension() -> Extension {
		frame_system::AuthorizeCall::new()
	}
}

/// What each genesis validator bonds.
pub const GENESIS_BOND: u64 = 500;
/// What every test account holds at genesis.
pub const ENDOWMENT: u64 = 1_000;
/// What opening a round holds, and the part kept as a fee.
pub const ROUND_DEPOSIT: u64 = 50;
pub const ROUND_FEE: u64 = 10;
/// What a binding request holds.
pub const BINDING_DEPOSIT: u64 = 20;
/// Blocks of the commit period, then of the reveal period.
pub const COMMIT_PERIOD: u64 = 3;
pub const REVEAL_PERIOD: u64 = 3;
/// Filecoin mainnet's genesis, Unix seconds.
pub const FILECOIN_GENESIS: u64 = 1_598_306_400;
/// Epochs below the current one that questions are about.
pub const FINALITY_MARGIN: u64 = 10;
/// The current Filecoin epoch by the mock's clock.
pub const EPOCH_NOW: u64 = 5_000_000;
/// The epoch questions asked now are about.
pub const QUESTION_EPOCH: u64 = EPOCH_NOW - FINALITY_MARGIN;
/// Facts retained.
pub const MAX_STORED_FACTS: u32 = 3;

parameter_types! {
	pub const PotId: PalletId = PalletId(*b"hm/valid");
	pub const WrongAnswerSlash: Perbill = Perbill::from_percent(10);
	pub const UnrevealedSlash: Perbill = Perbill::from_percent(10);
	pub const MissedRoundsSlash: Perbill = Perbill::from_percent(1);
	pub const PowerTolerance: Permill = Permill::from_percent(1);
	pub const BalanceTolerance: Permill = Permill::from_parts(100);
}

/// Slashed funds are burned.
pub struct Burn;
impl frame_support::traits::OnUnbalanced<pallet_validators::CreditOf<Test>> for Burn {}

impl pallet_validators::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = ConstU64<100>;
	type MaxValidators = ConstU32<4>;
	type MinValidators = ConstU32<2>;
	type MaxCandidates = ConstU32<6>;
	type MaxUnlockingChunks = ConstU32<3>;
	type UnbondingSessions = ConstU32<3>;
	type PalletId = PotId;
	type RoundDeposit = ConstU64<ROUND_DEPOSIT>;
	type RoundFee = ConstU64<ROUND_FEE>;
	type MaxOpenRounds = ConstU32<4>;
	type MaxOpeningsPerBlock = ConstU32<4>;
	type MinAttesters = ConstU32<3>;
	type CommitPeriod = ConstU64<COMMIT_PERIOD>;
	type RevealPeriod = ConstU64<REVEAL_PERIOD>;
	type WrongAnswerSlash = WrongAnswerSlash;
	type UnrevealedSlash = UnrevealedSlash;
	type MissedRoundsSlash = MissedRoundsSlash;
	type MaxMissedRounds = ConstU32<3>;
	type SlashDeferSessions = ConstU32<1>;
	type SlashCancelOrigin = frame_system::EnsureRoot<u64>;
	type OnSlash = Burn;
	type SessionReward = ConstU64<0>;
	type OnRoundOutcome = FilecoinOracle;
	type AnswerProvider = FilecoinOracle;
	type AttestationPriority = ConstU64<{ u64::MAX / 2 }>;
	type WeightInfo = ();
}

thread_local! {
	/// The facts the asking "pallet" heard, in order.
	pub static HEARD: core::cell::RefCell<Vec<(u64, FilecoinQuestion, Option<Fact>)>> =
		const { core::cell::RefCell::new(Vec::new()) };
	/// Whether miners are in use (unbinding refused).
	pub static IN_USE: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
	/// The clock, Unix milliseconds.
	pub static NOW: core::cell::Cell<u64> = const { core::cell::Cell::new(0) };
}

/// Records every fact in [`HEARD`].
pub struct RecordFacts;
impl OnFilecoinFact for RecordFacts {
	fn on_filecoin_fact(round: u64, question: &FilecoinQuestion, fact: Option<&Fact>) -> Weight {
		HEARD.with(|heard| heard.borrow_mut().push((round, *question, fact.cloned())));
		Weight::zero()
	}
}

/// Every miner is in use while [`IN_USE`] is set.
pub struct InUse;
impl frame_support::traits::Contains<u64> for InUse {
	fn contains(_miner: &u64) -> bool {
		IN_USE.with(|in_use| in_use.get())
	}
}

impl pallet_filecoin_oracle::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Rounds = Validators;
	type UnixTime = Clock;
	type FilecoinGenesisTime = ConstU64<FILECOIN_GENESIS>;
	type FinalityMargin = ConstU64<FINALITY_MARGIN>;
	type PowerTolerance = PowerTolerance;
	type BalanceTolerance = BalanceTolerance;
	type BindingDeposit = ConstU64<BINDING_DEPOSIT>;
	type MaxStoredFacts = ConstU32<MAX_STORED_FACTS>;
	type MaxMinersPerAccount = ConstU32<2>;
	type MinersInUse = InUse;
	type OnFact = RecordFacts;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = DeclaredAttesters;
}

/// Validators 1 to 4 declare Filecoin (the genesis state already does).
#[cfg(feature = "runtime-benchmarks")]
pub struct DeclaredAttesters;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for DeclaredAttesters {
	fn prepare_rounds() -> Result<(), sp_runtime::DispatchError> {
		declare_filecoin(&[1, 2, 3, 4]);
		set_epoch(EPOCH_NOW);
		Ok(())
	}
}

/// The attestation key pair of test validator `who`.
pub fn attestation_pair(who: u64) -> AttestationPair {
	use sp_core::Pair;
	AttestationPair::from_string(&format!("//validator/{who}"), None).expect("a valid seed")
}

/// The attestation key of test validator `who`.
pub fn attestation_key(who: u64) -> AttestationId {
	use sp_core::Pair;
	attestation_pair(who).public()
}

/// Puts validator `who`'s attestation key into the keystore, as `key insert` does on its node.
pub fn insert_key_into_keystore(keystore: &MemoryKeystore, who: u64) {
	use sp_keystore::Keystore;
	keystore
		.sr25519_generate_new(
			hashmix_primitives::attestation::KEY_TYPE,
			Some(&format!("//validator/{who}")),
		)
		.expect("the memory keystore takes the key");
}

/// Validators `who` declare Filecoin for the current session.
pub fn declare_filecoin(who: &[u64]) {
	let session = pallet_session::CurrentIndex::<Test>::get();
	for who in who {
		pallet_validators::Records::<Test>::insert(
			who,
			pallet_validators::ValidatorRecord {
				declared: Some((session, Sources { bitcoin: false, filecoin: true })),
				..Default::default()
			},
		);
	}
}

/// Test externalities at block 1 with the clock at [`EPOCH_NOW`] and validators 1 to 4 declared.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let validators = [1u64, 2, 3, 4];
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).map(|who| (who, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_validators::GenesisConfig::<Test> {
		session_length: 100,
		validators: validators.iter().map(|v| (*v, GENESIS_BOND)).collect(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_session::GenesisConfig::<Test> {
		keys: validators
			.iter()
			.map(|v| (*v, *v, MockSessionKeys { attestation: attestation_key(*v) }))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		System::set_block_number(1);
		set_epoch(EPOCH_NOW);
		declare_filecoin(&validators);
	});
	ext
}

/// Sets the clock to the start of Filecoin epoch `epoch`.
pub fn set_epoch(epoch: u64) {
	NOW.with(|now| now.set((FILECOIN_GENESIS + epoch * 30) * 1_000));
}

/// Runs `test` in fresh externalities and checks both pallets' invariants after it.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		FilecoinOracle::do_try_state().expect("oracle invariants hold");
		Validators::do_try_state().expect("validator invariants hold");
	});
}

/// Runs blocks up to and including `n`, as the executive would (the clock stays).
pub fn run_to_block(n: u64) {
	System::run_to_block::<AllPalletsWithSystem>(n);
}

/// The events this pallet emitted, oldest first.
pub fn oracle_events() -> Vec<pallet_filecoin_oracle::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::FilecoinOracle(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// The validator pallet's events, oldest first.
pub fn validator_events() -> Vec<pallet_validators::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Validators(event) => Some(event),
			_ => None,
		})
		.collect()
}
