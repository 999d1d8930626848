//! The runtime and the regtest Bitcoin harness the runtime-level stories share: the real relay
//! (with mainnet's difficulty of block 830,000 injected into its expectation), the hash power
//! pallet, pallet-nfts and the market; a regtest chain mined on the spot and relayed as it grows.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	dead_code,
	reason = "test code shared by several stories, each using part of it; a panic is a failed test"
)]

pub use core::cell::RefCell;
pub use frame_support::{
	assert_noop, assert_ok, derive_impl, parameter_types,
	traits::{
		fungible::{Inspect, InspectHold},
		AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64, Hooks, Nothing,
	},
	PalletId,
};
pub use hashmix_bitcoin::{
	message::{message_digest, script_of, SignedScript},
	pow, reward, Network, H256,
};
pub use hashmix_primitives::{
	bitcoin::{PayoutDestinations, Script},
	hashpower::{NftId, NftStatus, PledgeClaims, PowerKind},
};
pub use pallet_btc_relay::{
	testing::{p2wpkh, spend, txid, Chain},
	BitcoinNetwork, PayoutProof,
};
pub use pallet_hashpower::{CurrentSweep, Event as HashpowerEvent, SweptTo};
pub use pallet_nfts::PalletFeatures;
pub use sp_core::{ecdsa, Pair};
pub use sp_runtime::{
	traits::{IdentifyAccount, IdentityLookup, Verify},
	BuildStorage, MultiSignature, Perbill,
};

pub type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountPublic = <MultiSignature as Verify>::Signer;
pub type AccountId = <AccountPublic as IdentifyAccount>::AccountId;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Nfts: pallet_nfts,
		BtcRelay: pallet_btc_relay,
		Hashpower: pallet_hashpower,
		Market: pallet_hashpower_market,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub storage NftFeatures: PalletFeatures = PalletFeatures::all_enabled();
	/// Mainnet's bits at block 830,000 (difficulty 75.5 T), from the repository's header file.
	pub const MainnetBits: Option<u32> = Some(MAINNET_BITS);
	pub const HashpowerPalletId: PalletId = PalletId(*b"hm/hashp");
	pub Pot: AccountId = account(99);
	pub const VerificationTolerance: Perbill = Perbill::from_percent(10);
	pub const ShortfallTolerance: Perbill = Perbill::from_percent(20);
}

pub const MAINNET_BITS: u32 = 0x1703_ba5d;

impl pallet_nfts::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type CollectionId = u32;
	type ItemId = u32;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<frame_system::EnsureSigned<AccountId>>;
	type ForceOrigin = frame_system::EnsureRoot<AccountId>;
	type Locker = Hashpower;
	type CollectionDeposit = ConstU64<2>;
	type ItemDeposit = ConstU64<1>;
	type MetadataDepositBase = ConstU64<1>;
	type AttributeDepositBase = ConstU64<1>;
	type DepositPerByte = ConstU64<1>;
	type StringLimit = ConstU32<64>;
	type KeyLimit = ConstU32<64>;
	type ValueLimit = ConstU32<128>;
	type ApprovalsLimit = ConstU32<10>;
	type ItemAttributesApprovalsLimit = ConstU32<2>;
	type MaxTips = ConstU32<10>;
	type MaxDeadlineDuration = ConstU64<10000>;
	type MaxAttributesPerCall = ConstU32<2>;
	type Features = NftFeatures;
	type OffchainSignature = MultiSignature;
	type OffchainPublic = AccountPublic;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type Helper = ();
	type BlockNumberProvider = System;
}

impl pallet_btc_relay::Config for Test {
	type UnixTime = Timestamp;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type Confirmations = ConstU32<6>;
	type MaxHeadersPerBatch = ConstU32<64>;
	type HeaderWindow = ConstU32<3_000>;
	type MaxHeadersPerHeight = ConstU32<4>;
	type MaxReorgDepth = ConstU32<36>;
	type MaxProofBytes = ConstU32<100_000>;
	type MaxBranchDepth = ConstU32<16>;
	type MaxPreviousTransactions = ConstU32<16>;
	type MaxCreditsPerBlock = ConstU32<64>;
	type MaxMinerScripts = ConstU32<8>;
	type DustThreshold = ConstU64<546>;
	type CreditCapPercent = ConstU32<150>;
	type SettlementLagDays = ConstU32<2>;
	type MinFeeSamples = ConstU32<1>;
	type RegtestExpectationBits = MainnetBits;
	type Attesters = Nothing;
	type RelayPriority = ConstU64<{ u64::MAX / 2 }>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Attesters;
	type WeightInfo = ();
}

/// No relayed transactions in this story: nobody is an attester.
#[cfg(feature = "runtime-benchmarks")]
pub struct Attesters;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_btc_relay::BenchmarkHelper for Attesters {
	fn make_attester(_key: &hashmix_primitives::attestation::AttestationId) {}
}

pub type Extension = frame_system::AuthorizeCall<Test>;
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

thread_local! {
	/// What a story without market orders says the holder's claims could lose; `None`: ask the
	/// market.
	pub static OWED: RefCell<Option<u64>> = const { RefCell::new(None) };
}

/// The holder's claims a breach's pledge pays: the market's, unless a story sets [`OWED`].
pub struct Claims;

impl PledgeClaims<AccountId, u64> for Claims {
	fn owed_to_holder(nft: NftId, holder: &AccountId) -> u64 {
		OWED.with(|owed| *owed.borrow()).unwrap_or_else(|| {
			<Market as PledgeClaims<AccountId, u64>>::owed_to_holder(nft, holder)
		})
	}
	fn pledge_paid(nft: NftId, holder: &AccountId, amount: u64) {
		if OWED.with(|owed| owed.borrow().is_none()) {
			<Market as PledgeClaims<AccountId, u64>>::pledge_paid(nft, holder, amount);
		}
	}
}

parameter_types! {
	pub const ListingDeposit: u64 = 100;
	pub const MinPrice: u64 = 1_000;
}

impl pallet_hashpower_market::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Nfts = Hashpower;
	type ListingDeposit = ListingDeposit;
	type MinPrice = MinPrice;
	type MaxOrdersPerNft = ConstU32<4>;
	type MaxAuctionBlocks = ConstU64<1_000>;
	type Arbitration = NoArbitration;
	type DisputeBond = ConstU64<500>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MarketBenchmarks;
}

/// No validators in these stories: disputes cannot open (the Filecoin story has them).
pub struct NoArbitration;

impl hashmix_primitives::attestation::AttestationRounds<AccountId> for NoArbitration {
	fn open_round(
		_payer: &AccountId,
		_question: hashmix_primitives::attestation::Question,
	) -> Result<u64, sp_runtime::DispatchError> {
		Err(sp_runtime::DispatchError::Other("no validators"))
	}
	fn rounds_available() -> u32 {
		0
	}
	fn report_fault(_offender: &AccountId, _fraction: Perbill) -> sp_runtime::DispatchResult {
		Err(sp_runtime::DispatchError::Other("no validators"))
	}
	fn open_arbitration(
		_payer: &AccountId,
		_body: frame_support::BoundedVec<
			u8,
			ConstU32<{ hashmix_primitives::attestation::MAX_QUESTION_LEN }>,
		>,
		_outcomes: u8,
		_parties: &[AccountId],
	) -> Result<u64, sp_runtime::DispatchError> {
		Err(sp_runtime::DispatchError::Other("no validators"))
	}
}

/// Benchmarks are not run here.
#[cfg(feature = "runtime-benchmarks")]
pub struct MarketBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_hashpower_market::BenchmarkHelper<AccountId> for MarketBenchmarks {
	fn active_nft(_holder: &AccountId) -> NftId {
		0
	}
	fn progress(_nft: NftId, _delivered: u128, _expected: u128, _days: u32) {}
	fn revoke(_nft: NftId) {}
	fn prepare_arbitration() {}
}

impl pallet_hashpower::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Relay = BtcRelay;
	type Claims = Claims;
	type InsurancePot = Pot;
	type PalletId = HashpowerPalletId;
	type MaxBitcoinKeys = ConstU32<2>;
	type MaxTokensPerMiner = ConstU32<8>;
	type MaxLiveTokens = ConstU32<100>;
	type MinPower = ConstU128<1_000>;
	type MaxServiceDays = ConstU32<365>;
	type MinProbationDays = ConstU32<7>;
	type VerificationTolerance = VerificationTolerance;
	type BreachWindowDays = ConstU32<7>;
	type ShortfallTolerance = ShortfallTolerance;
	type ShortfallDays = ConstU32<7>;
	type DetectionLagDays = ConstU32<3>;
	type RepointGraceDays = ConstU32<3>;
	type PledgePerThDay = ConstU64<100>;
	type Filecoin = ();
	type MinStoragePower = ConstU128<{ 1 << 40 }>;
	type MaxFaultyShare = VerificationTolerance;
	type PledgePerTibDay = ConstU64<1>;
	type VisitsPerBlock = ConstU32<10>;
	type DaysPerVisit = ConstU32<4>;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RelayDays;
}

/// Benchmarks are not run here; the helper writes the relay's days as the runtime's does.
#[cfg(feature = "runtime-benchmarks")]
pub struct RelayDays;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_hashpower::BenchmarkHelper<AccountId> for RelayDays {
	fn advance_to_day(day: u32) {
		pallet_btc_relay::testing::record_days::<Test>(day.saturating_sub(40), day);
	}
	fn credit(registration: u64, day: u32, amount: u64) {
		pallet_btc_relay::testing::credit::<Test>(registration, day, amount);
	}
	fn bind_filecoin_miner(_who: &AccountId, _miner: u64) {}
}

pub fn account(n: u8) -> AccountId {
	AccountId::new([n; 32])
}

/// 100 TH/s, in GH/s.
pub const POWER: u128 = 100_000;
/// The same, in hashes per second.
pub const HASHRATE: u128 = 100_000_000_000_000;
/// The regtest checkpoint: height 0 at 2023-11-14 00:00 UTC, the start of Bitcoin day 19,674.
pub const T0: u32 = 1_699_833_600;
pub const DAY0: u32 = 19_674;
/// Blocks come every six hours: four a day, so that the median time past (the time of the
/// block five below) moves one day every four blocks.
pub const SPACING: u32 = 6 * 3600;

/// A regtest chain and its mining pool, relayed as it grows.
pub struct Bitcoin {
	pub chain: Chain,
	/// The pool's payout script, on the relay's allowlist.
	pool: Vec<u8>,
	/// The pool's spendable output: txid, index, value, and the transaction that made it.
	utxo: (H256, u32, u64, Vec<u8>),
	/// Transactions waiting for six confirmations: height, index in block, the transactions
	/// they spend from, and whether the relay should credit them.
	pending: Vec<(u32, usize, Vec<Vec<u8>>, bool)>,
}

impl Bitcoin {
	/// The checkpoint and 100 blocks whose coinbases pay the pool: the first has matured.
	pub fn start() -> Self {
		let pool = p2wpkh(0xb0);
		let mut chain = Chain::starting_at(0, T0);
		for _ in 1..=100 {
			let height = chain.tip_height() + 1;
			chain.mine(
				SPACING,
				&[(reward::subsidy_on(Network::Regtest, height), pool.clone())],
				vec![],
			);
		}
		assert_ok!(BtcRelay::initialize(
			RuntimeOrigin::root(),
			BitcoinNetwork::Regtest,
			chain.at(0).raw(),
			0,
			Default::default()
		));
		assert_ok!(BtcRelay::add_pool_script(RuntimeOrigin::root(), script(&pool)));
		for from in (1..=100).step_by(50) {
			let headers = chain.headers(from, (from + 49).min(100));
			assert_ok!(BtcRelay::submit_headers(
				RuntimeOrigin::signed(account(7)),
				headers.try_into().unwrap()
			));
		}
		let first = chain.at(1).transactions[0].clone();
		let utxo = (txid(&first), 0, reward::subsidy_on(Network::Regtest, 1), first);
		Self { chain, pool, utxo, pending: Vec::new() }
	}

	/// A pool transaction paying `outputs` from its spendable output, change back to the pool.
	pub fn pool_pays(&mut self, outputs: &[(u64, Vec<u8>)]) -> (Vec<u8>, Vec<Vec<u8>>) {
		let (id, vout, value, previous) = self.utxo.clone();
		let paid: u64 = outputs.iter().map(|(v, _)| v).sum();
		let mut all = outputs.to_vec();
		all.push((value - paid - 1_000, self.pool.clone()));
		let tx = spend(&[(id, vout)], &all);
		self.utxo = (txid(&tx), outputs.len() as u32, value - paid - 1_000, tx.clone());
		(tx, vec![previous])
	}

	/// Mines one block six hours after the tip with `transactions` (each with what it spends
	/// from and whether it should be credited), relays it, and proves what has six
	/// confirmations now.
	pub fn mine(&mut self, transactions: Vec<(Vec<u8>, Vec<Vec<u8>>, bool)>) {
		let height = self.chain.tip_height() + 1;
		let txs: Vec<Vec<u8>> = transactions.iter().map(|(tx, ..)| tx.clone()).collect();
		self.chain.mine(
			SPACING,
			&[(reward::subsidy_on(Network::Regtest, height), self.pool.clone())],
			txs,
		);
		for (index, (_, previous, credited)) in transactions.into_iter().enumerate() {
			self.pending.push((height, index + 1, previous, credited));
		}
		assert_ok!(BtcRelay::submit_headers(
			RuntimeOrigin::signed(account(7)),
			vec![self.chain.at(height).raw()].try_into().unwrap()
		));
		let (due, waiting): (Vec<_>, Vec<_>) =
			self.pending.drain(..).partition(|(at, ..)| at + 5 <= height);
		self.pending = waiting;
		for (at, index, previous, credited) in due {
			let result = BtcRelay::submit_payout_proof(
				RuntimeOrigin::signed(account(7)),
				self.proof(at, index, previous),
			);
			if credited {
				assert_ok!(result);
			} else {
				assert_noop!(result, pallet_btc_relay::Error::<Test>::NotFromPool);
			}
		}
	}

	/// One Bitcoin day: four blocks, the first holding `transactions`. Returns the day.
	pub fn day(&mut self, transactions: Vec<(Vec<u8>, Vec<Vec<u8>>, bool)>) -> u32 {
		let first = self.chain.tip_height() + 1;
		self.mine(transactions);
		for _ in 0..3 {
			self.mine(vec![]);
		}
		// Block k's median time past is block k - 5's time: day (k - 5) / 4 after the checkpoint.
		DAY0 + (first - 5) / 4
	}

	pub fn proof(
		&self,
		height: u32,
		index: usize,
		previous: Vec<Vec<u8>>,
	) -> pallet_btc_relay::PayoutProofOf<Test> {
		let block = self.chain.at(height);
		PayoutProof {
			block_hash: block.hash(),
			transaction: block.transactions[index].clone().try_into().unwrap(),
			tx_index: index as u32,
			tx_branch: block.branch(index).try_into().unwrap(),
			coinbase: block.transactions[0].clone().try_into().unwrap(),
			coinbase_branch: block.branch(0).try_into().unwrap(),
			previous: previous
				.into_iter()
				.map(|p| p.try_into().unwrap())
				.collect::<Vec<_>>()
				.try_into()
				.unwrap(),
		}
	}
}

pub fn script(bytes: &[u8]) -> Script {
	Script::try_from(bytes.to_vec()).unwrap()
}

/// What 100 TH/s should earn on a day whose first block is at `height`: the injected mainnet
/// difficulty and regtest's subsidy (150-block halvings); the pool's coinbases carry no fees.
pub fn expected(height: u32) -> u64 {
	let target = pow::decode_compact(MAINNET_BITS).unwrap();
	reward::expected_payout(HASHRATE, target, reward::subsidy_on(Network::Regtest, height)) as u64
}

/// A wallet's signed-message signature with the header of `kind`.
pub fn sign(wallet: &ecdsa::Pair, message: &[u8], kind: SignedScript) -> [u8; 65] {
	let signature = wallet.sign_prehashed(&message_digest(message)).0;
	let base = match kind {
		SignedScript::P2pkh => 31,
		SignedScript::P2shP2wpkh => 35,
		SignedScript::P2wpkh => 39,
	};
	let mut out = [0u8; 65];
	out[0] = base + signature[64];
	out[1..].copy_from_slice(&signature[..64]);
	out
}

/// Runs blocks until the sweep has judged every settled day.
pub fn sweep() {
	let settled = <BtcRelay as PayoutDestinations>::last_settled_day().unwrap();
	for _ in 0..20 {
		let block = System::block_number() + 1;
		System::set_block_number(block);
		Hashpower::on_initialize(block);
		if CurrentSweep::<Test>::get().is_none() && SweptTo::<Test>::get() == Some((settled, false))
		{
			return;
		}
	}
	panic!("the sweep did not finish");
}

pub fn events() -> Vec<HashpowerEvent<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Hashpower(e) = r.event { Some(e) } else { None })
		.collect()
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [1, 2, 3, 4, 99].into_iter().map(|n| (account(n), 100_000_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_hashpower::GenesisConfig::<Test>::default().assimilate_storage(&mut storage).unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		// The chain's clock is past every regtest header.
		pallet_timestamp::Now::<Test>::put(2_000_000_000_000);
	});
	ext
}
