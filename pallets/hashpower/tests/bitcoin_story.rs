//! A hash power NFT's whole life on the real Bitcoin relay, with regtest blocks mined here and
//! mainnet's difficulty of block 830,000 injected into the relay's expectation: a miner binds its
//! key and asks for 100 TH/s; its pool pays it over probation (its self-payment and a payment
//! from outside the pool are refused); the NFT is minted, delivers, is sold; the new holder
//! proves its own destination and the miner repoints its pool within the grace; then the pool
//! pays half for seven days, and the NFT is revoked with its pledge split between the holder's
//! claims and the insurance pot.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

use core::cell::RefCell;
use frame_support::{
	assert_noop, assert_ok, derive_impl, parameter_types,
	traits::{
		fungible::{Inspect, InspectHold},
		AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64, Hooks, Nothing,
	},
	PalletId,
};
use hashmix_bitcoin::{
	message::{message_digest, script_of, SignedScript},
	pow, reward, Network, H256,
};
use hashmix_primitives::{
	bitcoin::{PayoutDestinations, Script},
	hashpower::{NftId, NftStatus, PledgeClaims, PowerKind},
};
use pallet_btc_relay::{
	testing::{p2wpkh, spend, txid, Chain},
	BitcoinNetwork, PayoutProof,
};
use pallet_hashpower::{CurrentSweep, Event as HashpowerEvent, SweptTo, Tokens};
use pallet_nfts::PalletFeatures;
use sp_core::{ecdsa, Pair};
use sp_runtime::{
	traits::{IdentifyAccount, IdentityLookup, Verify},
	BuildStorage, MultiSignature, Perbill,
};

type Block = frame_system::mocking::MockBlock<Test>;
type AccountPublic = <MultiSignature as Verify>::Signer;
type AccountId = <AccountPublic as IdentifyAccount>::AccountId;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Nfts: pallet_nfts,
		BtcRelay: pallet_btc_relay,
		Hashpower: pallet_hashpower,
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

const MAINNET_BITS: u32 = 0x1703_ba5d;

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

type Extension = frame_system::AuthorizeCall<Test>;
type Extrinsic = sp_runtime::testing::TestXt<RuntimeCall, Extension>;

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
	/// What the market says the holder's order could lose.
	static OWED: RefCell<u64> = const { RefCell::new(0) };
}

/// The market's side of a breach, as the escrow market will answer it.
pub struct Claims;

impl PledgeClaims<AccountId, u64> for Claims {
	fn owed_to_holder(_nft: NftId, _holder: &AccountId) -> u64 {
		OWED.with(|owed| *owed.borrow())
	}
	fn pledge_paid(_nft: NftId, _holder: &AccountId, _amount: u64) {}
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

fn account(n: u8) -> AccountId {
	AccountId::new([n; 32])
}

/// 100 TH/s, in GH/s.
const POWER: u128 = 100_000;
/// The same, in hashes per second.
const HASHRATE: u128 = 100_000_000_000_000;
/// The regtest checkpoint: height 0 at 2023-11-14 00:00 UTC, the start of Bitcoin day 19,674.
const T0: u32 = 1_699_833_600;
const DAY0: u32 = 19_674;
/// Blocks come every six hours: four a day, so that the median time past (the time of the
/// block five below) moves one day every four blocks.
const SPACING: u32 = 6 * 3600;

/// A regtest chain and its mining pool, relayed as it grows.
struct Bitcoin {
	chain: Chain,
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
	fn start() -> Self {
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
	fn pool_pays(&mut self, outputs: &[(u64, Vec<u8>)]) -> (Vec<u8>, Vec<Vec<u8>>) {
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
	fn mine(&mut self, transactions: Vec<(Vec<u8>, Vec<Vec<u8>>, bool)>) {
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
	fn day(&mut self, transactions: Vec<(Vec<u8>, Vec<Vec<u8>>, bool)>) -> u32 {
		let first = self.chain.tip_height() + 1;
		self.mine(transactions);
		for _ in 0..3 {
			self.mine(vec![]);
		}
		// Block k's median time past is block k - 5's time: day (k - 5) / 4 after the checkpoint.
		DAY0 + (first - 5) / 4
	}

	fn proof(
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

fn script(bytes: &[u8]) -> Script {
	Script::try_from(bytes.to_vec()).unwrap()
}

/// What 100 TH/s should earn on a day whose first block is at `height`: the injected mainnet
/// difficulty and regtest's subsidy (150-block halvings); the pool's coinbases carry no fees.
fn expected(height: u32) -> u64 {
	let target = pow::decode_compact(MAINNET_BITS).unwrap();
	reward::expected_payout(HASHRATE, target, reward::subsidy_on(Network::Regtest, height)) as u64
}

/// A wallet's signed-message signature with the header of `kind`.
fn sign(wallet: &ecdsa::Pair, message: &[u8], kind: SignedScript) -> [u8; 65] {
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
fn sweep() {
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

fn events() -> Vec<HashpowerEvent<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Hashpower(e) = r.event { Some(e) } else { None })
		.collect()
}

fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [1, 2, 99].into_iter().map(|n| (account(n), 100_000_000)).collect(),
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

#[test]
fn a_bitcoin_hash_power_nft_from_binding_to_breach() {
	new_test_ext().execute_with(|| {
		let mut bitcoin = Bitcoin::start();
		let (miner, holder) = (account(1), account(2));

		// The miner proves its pool account's key with a P2WPKH signed message.
		let miner_wallet = ecdsa::Pair::from_seed(&[1; 32]);
		let miner_key = miner_wallet.public().0;
		assert_ok!(Hashpower::bind_bitcoin_key(
			RuntimeOrigin::signed(miner.clone()),
			miner_key,
			sign(&miner_wallet, &Hashpower::binding_message(&miner), SignedScript::P2wpkh)
		));
		let destination = script(&script_of(SignedScript::P2wpkh, &miner_key));
		let miner_p2pkh = script_of(SignedScript::P2pkh, &miner_key);

		// 100 TH/s for 30 days after a week of probation, paid daily.
		let today = <BtcRelay as PayoutDestinations>::current_day().unwrap();
		assert_eq!(today, DAY0 + 23);
		let start = today + 8;
		assert_ok!(Hashpower::request_tokenization(
			RuntimeOrigin::signed(miner.clone()),
			PowerKind::BitcoinSha256,
			POWER,
			start,
			30,
			1,
			destination.clone()
		));
		let pledge = 100 * 10 * 100; // 100 TH/s × 10 days at risk × 100 a TH/s-day
		assert_eq!(
			Balances::balance_on_hold(&pallet_hashpower::HoldReason::Pledge.into(), &miner),
			pledge
		);

		// Probation: the pool pays the day's worth every day. On the first day it also pays the
		// miner's own P2PKH and an outsider; on the second both pay the destination, and the
		// relay refuses to count either.
		let outsider = p2wpkh(0x0d);
		let mut funding = None;
		for day in 0..7 {
			let first = bitcoin.chain.tip_height() + 1;
			let mut transactions = Vec::new();
			let mut outputs = vec![(expected(first), destination.to_vec())];
			if day == 0 {
				outputs.push((100_000_000, miner_p2pkh.clone()));
				outputs.push((100_000_000, outsider.clone()));
			}
			let (payout, previous) = bitcoin.pool_pays(&outputs);
			if day == 0 {
				funding = Some(payout.clone());
			}
			transactions.push((payout, previous, true));
			if day == 1 {
				let funding = funding.clone().unwrap();
				let own = spend(&[(txid(&funding), 1)], &[(99_000_000, destination.to_vec())]);
				let outside = spend(&[(txid(&funding), 2)], &[(99_000_000, destination.to_vec())]);
				transactions.push((own, vec![funding.clone()], false));
				transactions.push((outside, vec![funding], false));
			}
			assert_eq!(bitcoin.day(transactions), today + 1 + day);
		}
		// Two more days settle the last day of probation.
		let first = bitcoin.chain.tip_height() + 1;
		let (payout, previous) = bitcoin.pool_pays(&[(expected(first), destination.to_vec())]);
		bitcoin.day(vec![(payout, previous, true)]);
		let first = bitcoin.chain.tip_height() + 1;
		let (payout, previous) = bitcoin.pool_pays(&[(expected(first), destination.to_vec())]);
		bitcoin.day(vec![(payout, previous, true)]);
		sweep();
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.status, NftStatus::Verified);
		// Only the pool's payouts counted: exactly the claim.
		assert_eq!(token.probation_delivered, token.probation_expected);
		assert!(token.probation_expected > 7 * 100_000);
		let collection =
			pallet_hashpower::Collections::<Test>::get(PowerKind::BitcoinSha256).unwrap();
		assert_eq!(pallet_nfts::Pallet::<Test>::owner(collection, 0), Some(miner.clone()));

		// Service: full payouts. Days are judged two days after they end.
		let pay_day = |bitcoin: &mut Bitcoin, to: &[(Vec<u8>, u64)]| {
			let first = bitcoin.chain.tip_height() + 1;
			let outputs: Vec<(u64, Vec<u8>)> = to
				.iter()
				.map(|(script, percent)| (expected(first) * percent / 100, script.clone()))
				.collect();
			let (payout, previous) = bitcoin.pool_pays(&outputs);
			bitcoin.day(vec![(payout, previous, true)])
		};
		for _ in 0..3 {
			pay_day(&mut bitcoin, &[(destination.to_vec(), 100)]);
		}
		sweep();
		let summary = Hashpower::summary(0).unwrap();
		assert_eq!(summary.status, NftStatus::Active);
		assert_eq!(summary.delivered, summary.expected);
		assert_eq!(summary.days_judged, 3);

		// The miner sells the NFT; the new holder proves its own key and names its destination.
		assert_ok!(Nfts::transfer(
			RuntimeOrigin::signed(miner.clone()),
			collection,
			0,
			holder.clone()
		));
		let holder_wallet = ecdsa::Pair::from_seed(&[2; 32]);
		let holder_key = holder_wallet.public().0;
		assert_ok!(Hashpower::set_destination(
			RuntimeOrigin::signed(holder.clone()),
			0,
			holder_key,
			sign(&holder_wallet, &Hashpower::destination_message(0, &holder), SignedScript::P2pkh)
		));
		let grace_until = <BtcRelay as PayoutDestinations>::current_day().unwrap() + 3;
		assert!(
			events().contains(&HashpowerEvent::HolderChanged { nft: 0, holder: holder.clone() })
		);
		let new_destination = script_of(SignedScript::P2pkh, &holder_key);
		// The pool still pays the old destination on the first day of the grace; the miner has
		// repointed it from the second.
		let day = pay_day(&mut bitcoin, &[(destination.to_vec(), 100)]);
		assert!(day <= grace_until);
		while pay_day(&mut bitcoin, &[(new_destination.clone(), 100)]) < grace_until {}
		// After the grace, money to the old destination does not count.
		for _ in 0..2 {
			pay_day(&mut bitcoin, &[(new_destination.clone(), 100), (destination.to_vec(), 100)]);
		}
		sweep();
		let summary = Hashpower::summary(0).unwrap();
		assert_eq!(summary.status, NftStatus::Active);
		assert_eq!(summary.holder, holder);
		assert_eq!(summary.delivered, summary.expected);

		// Then the pool pays half: the seventh short day is a breach.
		OWED.with(|owed| *owed.borrow_mut() = 40_000);
		let pot = Balances::balance(&account(99));
		let holder_free = Balances::balance(&holder);
		for _ in 0..9 {
			pay_day(&mut bitcoin, &[(new_destination.clone(), 50)]);
			sweep();
			if Tokens::<Test>::get(0).unwrap().status == NftStatus::Revoked {
				break;
			}
		}
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.status, NftStatus::Revoked);
		assert_eq!(token.watch.short_days, 7);
		assert!(events().contains(&HashpowerEvent::Revoked {
			nft: 0,
			holder: holder.clone(),
			to_holder: 40_000,
			to_pot: pledge - 40_000,
		}));
		assert_eq!(Balances::balance(&holder), holder_free + 40_000);
		assert_eq!(Balances::balance(&account(99)), pot + pledge - 40_000);
		assert_eq!(
			Balances::balance_on_hold(&pallet_hashpower::HoldReason::Pledge.into(), &miner),
			0
		);
		// The relay no longer credits the NFT's destinations.
		assert!(pallet_btc_relay::Destinations::<Test>::get(script(&new_destination)).is_none());
		assert!(pallet_btc_relay::Destinations::<Test>::get(&destination).is_none());
	});
}
