//! A runtime with pallet-session driven by this pallet: validators 1, 2 and 3 bond 500 each at
//! genesis; accounts 1 to 9 hold 1,000.

use crate as pallet_validators;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use frame_support::{weights::Weight, PalletId};
use hashmix_primitives::attestation::{
	Answer, AnswerProvider, AttestationId, AttestationPair, OnRoundOutcome, Question, RoundId,
	RoundOutcome,
};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::Perbill;
use sp_runtime::{impl_opaque_keys, traits::ConvertInto, BuildStorage};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Validators: pallet_validators,
		Session: pallet_session,
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

impl_opaque_keys! {
	pub struct MockSessionKeys {
		pub attestation: Validators,
	}
}

parameter_types! {
	// Setting keys is free here: deposits are pallet-session's business, not this pallet's.
	pub const KeyDeposit: u64 = 0;
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
	type KeyDeposit = KeyDeposit;
}

/// The least bond.
pub const MIN_BOND: u64 = 100;
/// What each genesis validator bonds.
pub const GENESIS_BOND: u64 = 500;
/// What every test account holds at genesis.
pub const ENDOWMENT: u64 = 1_000;

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

/// The account of the reward pot.
pub const POT: PalletId = PalletId(*b"hm/valid");
/// What opening a round holds.
pub const ROUND_DEPOSIT: u64 = 50;
/// The part of it kept as a fee.
pub const ROUND_FEE: u64 = 10;
/// Blocks of the commit period, then of the reveal period.
pub const COMMIT_PERIOD: u64 = 3;
pub const REVEAL_PERIOD: u64 = 3;
/// The most rounds a session pays out.
pub const SESSION_REWARD: u64 = 100;

parameter_types! {
	pub const PotId: PalletId = POT;
	pub const WrongAnswerSlash: Perbill = Perbill::from_percent(10);
	pub const UnrevealedSlash: Perbill = Perbill::from_percent(10);
	pub const MissedRoundsSlash: Perbill = Perbill::from_percent(1);
}

/// Slashed funds go nowhere: they are burned and the total issuance falls.
pub struct Burn;
impl frame_support::traits::OnUnbalanced<crate::CreditOf<Test>> for Burn {}

thread_local! {
	/// The outcomes the asking "pallet" heard, in order.
	pub static OUTCOMES: core::cell::RefCell<Vec<(RoundId, RoundOutcome)>> = const { core::cell::RefCell::new(Vec::new()) };
	/// What the off-chain answer provider answers, if anything.
	pub static ANSWER: core::cell::RefCell<Option<Answer>> = const { core::cell::RefCell::new(None) };
}

/// Records every outcome in [`OUTCOMES`].
pub struct RecordOutcomes;
impl OnRoundOutcome for RecordOutcomes {
	fn on_round_outcome(round: RoundId, outcome: &RoundOutcome) -> Weight {
		OUTCOMES.with(|outcomes| outcomes.borrow_mut().push((round, outcome.clone())));
		Weight::zero()
	}
}

/// Answers with [`ANSWER`].
pub struct FixedAnswer;
impl AnswerProvider for FixedAnswer {
	fn answer(_question: &Question) -> Option<Answer> {
		ANSWER.with(|answer| answer.borrow().clone())
	}
}

impl pallet_validators::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = ConstU64<MIN_BOND>;
	type MaxValidators = ConstU32<4>;
	type MinValidators = ConstU32<2>;
	type MaxCandidates = ConstU32<6>;
	type MaxUnlockingChunks = ConstU32<3>;
	type UnbondingSessions = ConstU32<3>;
	type PalletId = PotId;
	type RoundDeposit = ConstU64<ROUND_DEPOSIT>;
	type RoundFee = ConstU64<ROUND_FEE>;
	type MaxOpenRounds = ConstU32<3>;
	type MaxOpeningsPerBlock = ConstU32<2>;
	type MinAttesters = ConstU32<2>;
	type CommitPeriod = ConstU64<COMMIT_PERIOD>;
	type RevealPeriod = ConstU64<REVEAL_PERIOD>;
	type WrongAnswerSlash = WrongAnswerSlash;
	type UnrevealedSlash = UnrevealedSlash;
	type MissedRoundsSlash = MissedRoundsSlash;
	type MaxMissedRounds = ConstU32<3>;
	type SlashDeferSessions = ConstU32<1>;
	type SlashCancelOrigin = frame_system::EnsureRoot<u64>;
	type OnSlash = Burn;
	type SessionReward = ConstU64<SESSION_REWARD>;
	type OnRoundOutcome = RecordOutcomes;
	type AnswerProvider = FixedAnswer;
	type AttestationPriority = ConstU64<{ u64::MAX / 2 }>;
	type WeightInfo = ();
}

/// The attestation key pair of test validator `who`, from the seed `//validator/<who>`.
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

pub fn session_keys(who: u64) -> MockSessionKeys {
	MockSessionKeys { attestation: attestation_key(who) }
}

pub struct ExtBuilder {
	session_length: u64,
	validators: Vec<u64>,
	bond: u64,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { session_length: 10, validators: vec![1, 2, 3], bond: GENESIS_BOND }
	}
}

impl ExtBuilder {
	pub fn session_length(mut self, blocks: u64) -> Self {
		self.session_length = blocks;
		self
	}

	pub fn bond(mut self, bond: u64) -> Self {
		self.bond = bond;
		self
	}

	pub fn validators(mut self, validators: Vec<u64>) -> Self {
		self.validators = validators;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: (1..=9)
				.chain(self.validators.iter().copied().filter(|v| *v > 9))
				.map(|who| (who, ENDOWMENT))
				.collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		pallet_validators::GenesisConfig::<Test> {
			session_length: self.session_length,
			validators: self.validators.iter().map(|v| (*v, self.bond)).collect(),
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		pallet_session::GenesisConfig::<Test> {
			keys: self.validators.iter().map(|v| (*v, *v, session_keys(*v))).collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		// Session keys are generated in a keystore, as on a validator's node.
		ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Builds, runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Validators::do_try_state().expect("invariants hold after the test");
		})
	}
}

/// Runs blocks up to and including `n`, as the executive would.
pub fn run_to_block(n: u64) {
	System::run_to_block::<AllPalletsWithSystem>(n);
}

/// The events this pallet emitted, oldest first.
pub fn validator_events() -> Vec<pallet_validators::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Validators(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Registers session keys for `who` the way an operator does: keys generated in the node's
/// keystore with a proof of possession for `who`, then `session.setKeys`.
pub fn set_session_keys(who: u64) {
	use codec::Encode;
	let generated = MockSessionKeys::generate(&who.encode(), None);
	frame_support::assert_ok!(Session::set_keys(
		RuntimeOrigin::signed(who),
		generated.keys,
		generated.proof.encode()
	));
}

/// Runs to the first block of session `index`.
pub fn run_to_session(index: u32) {
	let length = pallet_validators::SessionLength::<Test>::get();
	run_to_block(u64::from(index) * length);
	assert_eq!(Session::current_index(), index);
}

/// The validators of the current session.
pub fn session_validators() -> Vec<u64> {
	pallet_session::Validators::<Test>::get()
}
