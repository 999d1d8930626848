//! A runtime with the relay, a clock and nothing else. Bounds are small where tests exercise them
//! (`HeaderWindow`, `MaxReorgDepth` and `MaxHeadersPerHeight` can be changed per test).

use crate as pallet_btc_relay;
use frame_support::{derive_impl, parameter_types, traits::ConstU64};
use frame_system::EnsureRoot;
use hashmix_primitives::attestation::AttestationId;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		BtcRelay: pallet_btc_relay,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

/// Confirmations a payout's block needs (Bitcoin's custom six).
pub const CONFIRMATIONS: u32 = 6;
/// The most headers in one submission.
pub const MAX_BATCH: u32 = 200;
/// Outputs below this are dust (Bitcoin Core's P2PKH dust limit).
pub const DUST: u64 = 546;

parameter_types! {
	pub static HeaderWindow: u32 = 3_000;
	pub static MaxReorgDepth: u32 = 24;
	pub static MaxHeadersPerHeight: u32 = 3;
	pub static RegtestExpectationBits: Option<u32> = None;
	pub const Confirmations: u32 = CONFIRMATIONS;
	pub const MaxHeadersPerBatch: u32 = MAX_BATCH;
	// 100 kB, as the runtime: past 65,535 bytes a length takes five bytes, which benchmarks must meet.
	pub const MaxProofBytes: u32 = 100_000;
	pub const MaxBranchDepth: u32 = 16;
	pub const MaxPreviousTransactions: u32 = 8;
	pub const MaxCreditsPerBlock: u32 = 8;
	pub const MaxMinerScripts: u32 = 4;
	pub const DustThreshold: u64 = DUST;
	// means credited totals may reach 150% of the subsidy expectation
	pub const CreditCapPercent: u32 = 150;
	pub const SettlementLagDays: u32 = 2;
	pub const MinFeeSamples: u32 = 1;
}

impl pallet_btc_relay::Config for Test {
	type UnixTime = Timestamp;
	type GovernanceOrigin = EnsureRoot<u64>;
	type Confirmations = Confirmations;
	type MaxHeadersPerBatch = MaxHeadersPerBatch;
	type HeaderWindow = HeaderWindow;
	type MaxHeadersPerHeight = MaxHeadersPerHeight;
	type MaxReorgDepth = MaxReorgDepth;
	type MaxProofBytes = MaxProofBytes;
	type MaxBranchDepth = MaxBranchDepth;
	type MaxPreviousTransactions = MaxPreviousTransactions;
	type MaxCreditsPerBlock = MaxCreditsPerBlock;
	type MaxMinerScripts = MaxMinerScripts;
	type DustThreshold = DustThreshold;
	type CreditCapPercent = CreditCapPercent;
	type SettlementLagDays = SettlementLagDays;
	type MinFeeSamples = MinFeeSamples;
	type RegtestExpectationBits = RegtestExpectationBits;
	type Attesters = Attesters;
	type RelayPriority = ConstU64<{ u64::MAX / 2 }>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Attesters;
	type WeightInfo = ();
}

thread_local! {
	static ATTESTERS: core::cell::RefCell<Vec<AttestationId>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// The attestation keys of the mock's validator set: whatever a test makes an attester.
pub struct Attesters;

impl Attesters {
	/// Makes `key` an attester.
	pub fn add(key: AttestationId) {
		ATTESTERS.with(|keys| keys.borrow_mut().push(key));
	}
}

impl frame_support::traits::Contains<AttestationId> for Attesters {
	fn contains(key: &AttestationId) -> bool {
		ATTESTERS.with(|keys| keys.borrow().contains(key))
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for Attesters {
	fn make_attester(key: &AttestationId) {
		Self::add(key.clone());
	}
}

/// Authorized transactions carry only the extension that authorizes them.
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

/// The chain's clock in tests: late 2027, after every real header and every regtest block.
pub const NOW_SECS: u64 = 1_820_000_000;

/// Test externalities at block 1 with the clock set; `try_state` runs at the end.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	// Attestation keys are generated in a keystore, as on a validator's node.
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ATTESTERS.with(|keys| keys.borrow_mut().clear());
	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Test>::put(NOW_SECS * 1_000);
	});
	ext
}

/// Runs `test` in fresh externalities and checks the invariants after it.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		BtcRelay::do_try_state().expect("invariants hold");
	});
}
