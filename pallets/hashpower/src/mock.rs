//! A runtime with the hash power pallet, pallet-nfts and balances; the Bitcoin relay, the
//! Filecoin evidence pallet and the market's claims are stand-ins the tests drive (the runtime-level story uses the real relay).
//! Accounts 1 to 9 hold 1,000,000 units.
#![allow(
	clippy::arithmetic_side_effects,
	reason = "the stand-in relay's arithmetic is on test data; a panic is a failed test"
)]

use crate as pallet_hashpower;
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, ConstU64},
	PalletId,
};
use hashmix_primitives::{
	attestation::RoundId,
	bitcoin::{PayoutDestinations, RegistrationId, Script},
	filecoin::{Fact, FilecoinEvidence, FilecoinQuestion, MinerId, Query},
	hashpower::{NftId, PledgeClaims},
};
use pallet_nfts::PalletFeatures;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	traits::{IdentifyAccount, IdentityLookup, Verify},
	BuildStorage, DispatchError, MultiSignature, Perbill,
};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;
type AccountPublic = <MultiSignature as Verify>::Signer;
/// Accounts as the runtime has them.
pub type AccountId = <AccountPublic as IdentifyAccount>::AccountId;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Nfts: pallet_nfts,
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

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub storage NftFeatures: PalletFeatures = PalletFeatures::all_enabled();
}

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

/// The stand-in relay's state.
#[derive(Default)]
pub struct RelayState {
	/// The relay's current Bitcoin day.
	pub today: Option<u32>,
	/// Days settle this many days after `today`.
	pub lag: u32,
	/// Live registrations by script: id, hashrate, miner scripts.
	pub live: BTreeMap<Vec<u8>, (RegistrationId, u128, Vec<Script>)>,
	/// The next registration id.
	pub next: RegistrationId,
	/// Credits by registration and day.
	pub credits: BTreeMap<(RegistrationId, u32), u64>,
	/// Days the relay never recorded.
	pub missing: Vec<u32>,
}

thread_local! {
	/// The stand-in relay.
	pub static RELAY: RefCell<RelayState> = RefCell::new(RelayState { lag: 2, ..Default::default() });
	/// What the market says each holder's claims could lose.
	pub static OWED: RefCell<u64> = const { RefCell::new(0) };
	/// Pledge payments reported to the market.
	pub static PAID: RefCell<Vec<(NftId, AccountId, u64)>> = const { RefCell::new(Vec::new()) };
}

/// Satoshis one GH/s earns a day in the stand-in relay: 100 TH/s earn 10,000 a day.
pub const SATS_PER_GH_DAY: u128 = 100;
/// A whole GH/s, in hashes per second.
const GH: u128 = 1_000_000_000;

/// The stand-in relay, as `PayoutDestinations`.
pub struct MockRelay;

impl PayoutDestinations for MockRelay {
	fn register(
		destination: Script,
		hashrate: u128,
		miner_scripts: Vec<Script>,
	) -> Result<RegistrationId, DispatchError> {
		RELAY.with(|relay| {
			let mut relay = relay.borrow_mut();
			relay.today.ok_or(DispatchError::Other("NotInitialized"))?;
			if relay.live.contains_key(destination.as_slice()) {
				return Err(DispatchError::Other("AlreadyRegistered"));
			}
			let id = relay.next;
			relay.next += 1;
			relay.live.insert(destination.to_vec(), (id, hashrate, miner_scripts));
			Ok(id)
		})
	}

	fn unregister(destination: &Script) -> Result<RegistrationId, DispatchError> {
		RELAY.with(|relay| {
			relay
				.borrow_mut()
				.live
				.remove(destination.as_slice())
				.map(|(id, ..)| id)
				.ok_or(DispatchError::Other("NotRegistered"))
		})
	}

	fn registration(destination: &Script) -> Option<RegistrationId> {
		RELAY.with(|relay| relay.borrow().live.get(destination.as_slice()).map(|(id, ..)| *id))
	}

	fn current_day() -> Option<u32> {
		RELAY.with(|relay| relay.borrow().today)
	}

	fn last_settled_day() -> Option<u32> {
		RELAY.with(|relay| {
			let relay = relay.borrow();
			relay.today?.checked_sub(relay.lag)
		})
	}

	fn settled_expectation(hashrate: u128, day: u32) -> Option<u128> {
		let settled = Self::last_settled_day().is_some_and(|last| day <= last);
		let missing = RELAY.with(|relay| relay.borrow().missing.contains(&day));
		(settled && !missing).then(|| (hashrate * SATS_PER_GH_DAY).div_ceil(GH))
	}

	fn credited(registration: RegistrationId, day: u32) -> u64 {
		RELAY.with(|relay| relay.borrow().credits.get(&(registration, day)).copied().unwrap_or(0))
	}
}

/// The stand-in Filecoin evidence pallet's state.
#[derive(Default)]
pub struct FilecoinState {
	/// The question epoch.
	pub epoch: Option<u64>,
	/// Bound miners.
	pub bound: BTreeMap<MinerId, AccountId>,
	/// Questions asked, by round, with their payer.
	pub asked: Vec<(RoundId, FilecoinQuestion, AccountId)>,
	/// Whether asking fails (the payer cannot pay).
	pub refuse: bool,
	/// Rounds that may still open in this block.
	pub available: u32,
}

thread_local! {
	/// The stand-in Filecoin evidence pallet.
	pub static FILECOIN: RefCell<FilecoinState> = RefCell::new(FilecoinState::default());
}

/// What the stand-in takes from the payer for each round asked.
pub const ROUND_FEE: u64 = 5;

/// The stand-in Filecoin evidence pallet: asks are recorded (the payer pays [`ROUND_FEE`]);
/// tests answer them through [`Hashpower`]'s `OnFilecoinFact`.
pub struct MockFilecoin;

impl FilecoinEvidence<AccountId> for MockFilecoin {
	fn ask(
		payer: &AccountId,
		miner: MinerId,
		query: Query,
	) -> Result<(RoundId, FilecoinQuestion), DispatchError> {
		use frame_support::traits::{
			fungible::Mutate,
			tokens::{Fortitude, Precision, Preservation},
		};
		let (refuse, epoch, round) = FILECOIN.with(|state| {
			let state = state.borrow();
			(state.refuse, state.epoch, state.asked.len() as RoundId + 1)
		});
		if refuse {
			return Err(DispatchError::Other("TooManyOpenRounds"));
		}
		let epoch = epoch.ok_or(DispatchError::Other("NotReady"))?;
		Balances::burn_from(
			payer,
			ROUND_FEE,
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Polite,
		)?;
		let question = FilecoinQuestion { miner, epoch, query };
		FILECOIN.with(|state| state.borrow_mut().asked.push((round, question, payer.clone())));
		Ok((round, question))
	}

	fn fact(_question: &FilecoinQuestion) -> Option<Fact> {
		None
	}

	fn bound_account(miner: MinerId) -> Option<AccountId> {
		FILECOIN.with(|state| state.borrow().bound.get(&miner).cloned())
	}

	fn question_epoch() -> Option<u64> {
		FILECOIN.with(|state| state.borrow().epoch)
	}

	fn rounds_available() -> u32 {
		FILECOIN.with(|state| state.borrow().available)
	}
}

/// The stand-in market.
pub struct MockClaims;

impl PledgeClaims<AccountId, u64> for MockClaims {
	fn owed_to_holder(_nft: NftId, _holder: &AccountId) -> u64 {
		OWED.with(|owed| *owed.borrow())
	}
	fn pledge_paid(nft: NftId, holder: &AccountId, amount: u64) {
		PAID.with(|paid| paid.borrow_mut().push((nft, holder.clone(), amount)));
	}
}

parameter_types! {
	pub const HashpowerPalletId: PalletId = PalletId(*b"hm/hashp");
	pub Pot: AccountId = account(99);
	pub const VerificationTolerance: Perbill = Perbill::from_percent(10);
	pub const ShortfallTolerance: Perbill = Perbill::from_percent(20);
	pub const MaxFaultyShare: Perbill = Perbill::from_percent(5);
}

impl pallet_hashpower::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Relay = MockRelay;
	type Claims = MockClaims;
	type InsurancePot = Pot;
	type PalletId = HashpowerPalletId;
	type MaxBitcoinKeys = ConstU32<2>;
	type MaxTokensPerMiner = ConstU32<4>;
	type MaxLiveTokens = ConstU32<6>;
	type MinPower = ConstU128<1_000>;
	type MaxServiceDays = ConstU32<365>;
	type MinProbationDays = ConstU32<7>;
	type VerificationTolerance = VerificationTolerance;
	type BreachWindowDays = ConstU32<7>;
	type ShortfallTolerance = ShortfallTolerance;
	type ShortfallDays = ConstU32<7>;
	type DetectionLagDays = ConstU32<3>;
	type RepointGraceDays = ConstU32<3>;
	type PledgePerThDay = ConstU64<10>;
	type Filecoin = MockFilecoin;
	type MinStoragePower = ConstU128<{ 1 << 40 }>;
	type MaxFaultyShare = MaxFaultyShare;
	type PledgePerTibDay = ConstU64<2>;
	type VisitsPerBlock = ConstU32<2>;
	type DaysPerVisit = ConstU32<4>;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRelay;
}

use frame_support::traits::ConstU128;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockRelay {
	fn advance_to_day(day: u32) {
		RELAY.with(|relay| relay.borrow_mut().today = Some(day));
	}
	fn credit(registration: RegistrationId, day: u32, amount: u64) {
		RELAY.with(|relay| {
			relay.borrow_mut().credits.insert((registration, day), amount);
		});
	}
	fn bind_filecoin_miner(who: &AccountId, miner: MinerId) {
		FILECOIN.with(|state| {
			let mut state = state.borrow_mut();
			state.bound.insert(miner, who.clone());
			state.epoch.get_or_insert(FILECOIN_EPOCH);
		});
	}
}

/// The stand-in's question epoch at the start of each test: Filecoin day 2,000.
pub const FILECOIN_EPOCH: u64 = 2_000 * 2_880;

/// Account `n`.
pub fn account(n: u8) -> AccountId {
	AccountId::new([n; 32])
}

/// Test externalities at block 1, with the collections created, accounts 1 to 9 and the pot
/// funded, the relay at day 100, and a keystore (the tests and benchmarks sign in it).
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).chain([99]).map(|n| (account(n), 1_000_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_hashpower::GenesisConfig::<Test>::default().assimilate_storage(&mut storage).unwrap();
	RELAY.with(|relay| {
		*relay.borrow_mut() = RelayState { lag: 2, today: Some(100), ..Default::default() }
	});
	OWED.with(|owed| *owed.borrow_mut() = 0);
	FILECOIN.with(|state| {
		*state.borrow_mut() =
			FilecoinState { epoch: Some(FILECOIN_EPOCH), available: 64, ..Default::default() }
	});
	PAID.with(|paid| paid.borrow_mut().clear());
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in fresh externalities and checks the invariants after it.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Hashpower::do_try_state().expect("invariants hold");
	});
}
