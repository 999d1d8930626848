//! A storage power NFT's whole life with the real validator pallet and Filecoin evidence pallet:
//! four validators answer every round by commit and reveal, with answers read from Lotus's JSON
//! shapes (`StateMinerInfo`, `StateMinerPower`, `StateMinerSectorCount`, `StateMinerFaults`) by
//! the same parsers their off-chain workers use. A storage provider binds miner `f01578658` by
//! its marker and asks for 100 TiB of its quality-adjusted power; one validator lies about the
//! power and is outvoted; the NFT is minted, enters service and delivers; it is sold, the new
//! holder names its Filecoin address, the miner makes it the FIP-0029 beneficiary within the
//! grace, and a period counts only with it in place; then a third of the power goes faulty, the
//! period falls short, and the NFT is revoked with its pledge split between the holder's claims
//! and the insurance pot. The miner stays bound while the NFT lives.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

use core::cell::{Cell, RefCell};
use frame_support::{
	assert_noop, assert_ok, derive_impl, parameter_types,
	traits::{
		fungible::{Inspect, InspectHold},
		AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64,
	},
	PalletId,
};
use hashmix_filecoin::{address::Address, lotus};
use hashmix_primitives::{
	attestation::{Answer, AttestationId, AttestationPair, RoundId, Sources},
	bitcoin::{PayoutDestinations, RegistrationId, Script},
	filecoin::{AddressBytes, Fact, SectorCounts},
	hashpower::{NftId, NftStatus, PledgeClaims, PowerKind},
};
use pallet_filecoin_oracle::{facts::to_answer, worker};
use pallet_hashpower::{Event as HashpowerEvent, StorageSlices, Tokens};
use pallet_nfts::PalletFeatures;
use serde_json::json;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	impl_opaque_keys,
	traits::{ConvertInto, IdentifyAccount, IdentityLookup, Verify},
	BuildStorage, DispatchError, MultiSignature, Perbill, Permill,
};

type Block = frame_system::mocking::MockBlock<Test>;
type AccountPublic = <MultiSignature as Verify>::Signer;
type AccountId = <AccountPublic as IdentifyAccount>::AccountId;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Validators: pallet_validators,
		Session: pallet_session,
		FilecoinOracle: pallet_filecoin_oracle,
		Nfts: pallet_nfts,
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

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

thread_local! {
	/// This chain's clock, Unix milliseconds.
	static NOW: Cell<u64> = const { Cell::new(0) };
	/// What the market says the holder's order could lose.
	static OWED: RefCell<u64> = const { RefCell::new(0) };
}

/// This chain's clock, set by the story.
pub struct Clock;
impl frame_support::traits::UnixTime for Clock {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NOW.with(Cell::get))
	}
}

impl_opaque_keys! {
	pub struct SessionKeys {
		pub attestation: Validators,
	}
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Validators;
	type NextSessionRotation = Validators;
	type SessionManager = Validators;
	type SessionHandler = (Validators,);
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU64<0>;
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

parameter_types! {
	pub const ValidatorsPot: PalletId = PalletId(*b"hm/valid");
	pub const WrongAnswerSlash: Perbill = Perbill::from_percent(10);
	pub const UnrevealedSlash: Perbill = Perbill::from_percent(10);
	pub const MissedRoundsSlash: Perbill = Perbill::from_percent(1);
	pub storage NftFeatures: PalletFeatures = PalletFeatures::all_enabled();
	pub const HashpowerPalletId: PalletId = PalletId(*b"hm/hashp");
	pub Pot: AccountId = account(99);
	pub const Tolerance: Perbill = Perbill::from_percent(10);
	pub const ShortfallTolerance: Perbill = Perbill::from_percent(20);
	pub const MaxFaultyShare: Perbill = Perbill::from_percent(5);
}

/// Slashed funds are burned.
pub struct Burn;
impl frame_support::traits::OnUnbalanced<pallet_validators::CreditOf<Test>> for Burn {}

/// What opening a round holds from its payer, and the part kept as a fee.
const ROUND_DEPOSIT: u64 = 50;
const ROUND_FEE: u64 = 10;

impl pallet_validators::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MinBond = ConstU64<100>;
	type MaxValidators = ConstU32<4>;
	type MinValidators = ConstU32<2>;
	type MaxCandidates = ConstU32<6>;
	type MaxUnlockingChunks = ConstU32<3>;
	type UnbondingSessions = ConstU32<3>;
	type PalletId = ValidatorsPot;
	type RoundDeposit = ConstU64<ROUND_DEPOSIT>;
	type RoundFee = ConstU64<ROUND_FEE>;
	type MaxOpenRounds = ConstU32<8>;
	type MaxOpeningsPerBlock = ConstU32<4>;
	type MinAttesters = ConstU32<3>;
	type CommitPeriod = ConstU64<3>;
	type RevealPeriod = ConstU64<3>;
	type WrongAnswerSlash = WrongAnswerSlash;
	type UnrevealedSlash = UnrevealedSlash;
	type MissedRoundsSlash = MissedRoundsSlash;
	type MaxMissedRounds = ConstU32<3>;
	type SlashDeferSessions = ConstU32<1>;
	type SlashCancelOrigin = frame_system::EnsureRoot<AccountId>;
	type OnSlash = Burn;
	type SessionReward = ConstU64<0>;
	type OnRoundOutcome = (FilecoinOracle, Market);
	type AnswerProvider = FilecoinOracle;
	type AttestationPriority = ConstU64<{ u64::MAX / 2 }>;
	type WeightInfo = ();
}

parameter_types! {
	pub const PowerTolerance: Permill = Permill::zero();
}

impl pallet_filecoin_oracle::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Rounds = Validators;
	type UnixTime = Clock;
	type FilecoinGenesisTime = ConstU64<FILECOIN_GENESIS>;
	type FinalityMargin = ConstU64<900>;
	type PowerTolerance = PowerTolerance;
	type BalanceTolerance = PowerTolerance;
	type BindingDeposit = ConstU64<20>;
	type MaxStoredFacts = ConstU32<64>;
	type MaxMinersPerAccount = ConstU32<2>;
	type MinersInUse = Hashpower;
	type OnFact = Hashpower;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NoBenchmarks;
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

/// No Bitcoin in this story: nothing registers, no day settles.
pub struct NoBitcoin;
impl PayoutDestinations for NoBitcoin {
	fn register(_: Script, _: u128, _: Vec<Script>) -> Result<RegistrationId, DispatchError> {
		Err(DispatchError::Other("no Bitcoin relay"))
	}
	fn unregister(_: &Script) -> Result<RegistrationId, DispatchError> {
		Err(DispatchError::Other("no Bitcoin relay"))
	}
	fn registration(_: &Script) -> Option<RegistrationId> {
		None
	}
	fn current_day() -> Option<u32> {
		None
	}
	fn last_settled_day() -> Option<u32> {
		None
	}
	fn settled_expectation(_: u128, _: u32) -> Option<u128> {
		None
	}
	fn credited(_: RegistrationId, _: u32) -> u64 {
		0
	}
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
	type Relay = NoBitcoin;
	type Claims = Claims;
	type InsurancePot = Pot;
	type PalletId = HashpowerPalletId;
	type MaxBitcoinKeys = ConstU32<2>;
	type MaxTokensPerMiner = ConstU32<8>;
	type MaxLiveTokens = ConstU32<100>;
	type MinPower = ConstU128<1_000>;
	type MaxServiceDays = ConstU32<365>;
	type MinProbationDays = ConstU32<7>;
	type VerificationTolerance = Tolerance;
	type BreachWindowDays = ConstU32<7>;
	type ShortfallTolerance = ShortfallTolerance;
	type ShortfallDays = ConstU32<7>;
	type DetectionLagDays = ConstU32<3>;
	type RepointGraceDays = ConstU32<3>;
	type PledgePerThDay = ConstU64<100>;
	type Filecoin = FilecoinOracle;
	type MinStoragePower = ConstU128<{ 1 << 40 }>;
	type MaxFaultyShare = MaxFaultyShare;
	type PledgePerTibDay = ConstU64<100>;
	type VisitsPerBlock = ConstU32<10>;
	type DaysPerVisit = ConstU32<4>;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NoBenchmarks;
}

impl pallet_hashpower_market::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Nfts = Hashpower;
	type ListingDeposit = ConstU64<100>;
	type MinPrice = ConstU64<1_000>;
	type MaxOrdersPerNft = ConstU32<4>;
	type MaxAuctionBlocks = ConstU64<1_000>;
	type Arbitration = Validators;
	type DisputeBond = ConstU64<DISPUTE_BOND>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NoBenchmarks;
}

/// What a dispute holds from its opener.
const DISPUTE_BOND: u64 = 5_000;

/// Benchmarks are not run here.
#[cfg(feature = "runtime-benchmarks")]
pub struct NoBenchmarks;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_filecoin_oracle::BenchmarkHelper for NoBenchmarks {
	fn prepare_rounds() -> Result<(), DispatchError> {
		Ok(())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_hashpower_market::BenchmarkHelper<AccountId> for NoBenchmarks {
	fn active_nft(_holder: &AccountId) -> NftId {
		0
	}
	fn progress(_nft: NftId, _delivered: u128, _expected: u128, _days: u32) {}
	fn revoke(_nft: NftId) {}
	fn prepare_arbitration() {}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_hashpower::BenchmarkHelper<AccountId> for NoBenchmarks {
	fn advance_to_day(_day: u32) {}
	fn credit(_registration: u64, _day: u32, _amount: u64) {}
	fn bind_filecoin_miner(_who: &AccountId, _miner: u64) {}
}

fn account(n: u8) -> AccountId {
	AccountId::new([n; 32])
}

/// Filecoin mainnet's genesis, Unix seconds.
const FILECOIN_GENESIS: u64 = 1_598_306_400;
/// The miner: the test Lotus node's mainnet miner actor.
const F_MINER: u64 = hashmix_tests::lotus::MINER;
const TIB: u128 = 1 << 40;
/// The miner's quality-adjusted power: 1,204 TiB raw, ten times for verified deals.
const MINER_POWER: u128 = 12_040 * TIB;
/// What the NFT claims: 100 TiB.
const CLAIM: u128 = 100 * TIB;
/// The validators.
const VALIDATORS: [u8; 4] = [1, 2, 3, 4];
/// The storage provider's account and the buyer's.
const MINER: u8 = 10;
const BUYER: u8 = 20;
/// The buyer's Filecoin address (go-address's secp256k1 test vector).
const BUYER_ADDRESS: &str = "f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq";

/// The Filecoin day the story's clock starts on (2026-11-01 with the finality margin).
const DAY0: u32 = 2_260;

/// Sets the clock so that questions are about Filecoin day `day`, a little after it begins.
fn set_day(day: u32) {
	let epoch = u64::from(day) * 2_880 + 900 + 10;
	NOW.with(|now| now.set((FILECOIN_GENESIS + epoch * 30) * 1_000));
}

fn attestation_pair(who: u8) -> AttestationPair {
	use sp_core::Pair;
	AttestationPair::from_string(&format!("//validator/{who}"), None).expect("a valid seed")
}

fn attestation_key(who: u8) -> AttestationId {
	use sp_core::Pair;
	attestation_pair(who).public()
}

/// What the miner's state is on Filecoin, in Lotus's JSON shapes.
#[derive(Clone)]
struct Filecoin {
	/// The multiaddresses the miner published (the binding marker goes here).
	multiaddrs: Vec<String>,
	/// The beneficiary and its term (quota, used quota, expiration).
	beneficiary: (&'static str, u128, u128, u64),
	/// Quality-adjusted power.
	power: u128,
	/// Live and faulty sectors.
	sectors: (u64, u64),
}

impl Filecoin {
	fn miner_info(&self) -> serde_json::Value {
		use base64::Engine as _;
		let multiaddrs: Vec<String> = self
			.multiaddrs
			.iter()
			.map(|text| {
				let bytes = hashmix_tests::lotus::multiaddr_bytes(text).expect("a multiaddress");
				base64::engine::general_purpose::STANDARD.encode(bytes)
			})
			.collect();
		let (beneficiary, quota, used, expiration) = self.beneficiary;
		json!({
			"Owner": "f01578650",
			"Worker": BUYER_ADDRESS,
			"NewWorker": "<empty>",
			"ControlAddresses": ["f01578651"],
			"WorkerChangeEpoch": -1,
			"PeerId": "12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf",
			"Multiaddrs": multiaddrs,
			"WindowPoStProofType": 8,
			"SectorSize": 34_359_738_368u64,
			"WindowPoStPartitionSectors": 2349,
			"ConsensusFaultElapsed": -1,
			"PendingOwnerAddress": null,
			"Beneficiary": beneficiary,
			"BeneficiaryTerm": {
				"Quota": quota.to_string(),
				"UsedQuota": used.to_string(),
				"Expiration": expiration,
			},
			"PendingBeneficiaryTerm": null,
		})
	}

	/// The fact an honest validator's worker reads for `question`, from Lotus's JSON.
	fn fact(&self, question: &hashmix_primitives::filecoin::FilecoinQuestion) -> Fact {
		use hashmix_primitives::filecoin::{MarkerFound, Query};
		let bytes = |value: serde_json::Value| serde_json::to_vec(&value).unwrap();
		match question.query {
			Query::Marker(marker) => {
				let info = lotus::miner_info(&bytes(self.miner_info())).unwrap();
				let fact = worker::miner_info_fact(&info).unwrap();
				Fact::Marker(MarkerFound {
					found: worker::marker_in(&marker, &info),
					owner: fact.owner,
					worker: fact.worker,
				})
			}
			Query::MinerInfo => {
				let info = lotus::miner_info(&bytes(self.miner_info())).unwrap();
				Fact::MinerInfo(worker::miner_info_fact(&info).unwrap())
			}
			Query::MinerPower => {
				let power = lotus::miner_power(&bytes(json!({
					"MinerPower": {
						"RawBytePower": (self.power / 10).to_string(),
						"QualityAdjPower": self.power.to_string(),
					},
					"TotalPower": {
						"RawBytePower": "22680524432218226688",
						"QualityAdjPower": "29401749372826206208",
					},
					"HasMinPower": true,
				})))
				.unwrap();
				Fact::MinerPower(worker::miner_power_fact(&power))
			}
			Query::SectorCounts => {
				let (live, faulty) = self.sectors;
				let counts = lotus::sector_count(&bytes(
					json!({ "Live": live, "Active": live - faulty, "Faulty": faulty }),
				))
				.unwrap();
				// The fault bitfield: run-length pairs, the faulty sectors from sector 0.
				let faults = lotus::bitfield(&bytes(json!([0, faulty]))).unwrap();
				Fact::SectorCounts(SectorCounts {
					live: counts.live,
					active: counts.active,
					faulty: counts.faulty,
					faults,
				})
			}
			other => panic!("the story does not ask {other:?}"),
		}
	}
}

/// Validators answer every open round from `state` (`liar`, if any, doubles the power it reports)
/// by commit, then reveal, as their workers would; the rounds close.
fn answer_open_rounds(state: &Filecoin, liar: Option<u8>) -> Vec<RoundId> {
	answer_rounds(|_round, question, who| {
		let question = question.expect("a Filecoin question");
		let mut seen = state.clone();
		if Some(who) == liar {
			seen.power *= 2;
		}
		to_answer(&seen.fact(&question))
	})
}

/// The validators commit, then reveal, the answer `answer(round, its Filecoin question if it is
/// one, validator)` in every open round, as their workers would; the rounds close.
fn answer_rounds(
	answer: impl Fn(RoundId, Option<hashmix_primitives::filecoin::FilecoinQuestion>, u8) -> Answer,
) -> Vec<RoundId> {
	use sp_core::Pair;
	let open: Vec<(RoundId, pallet_validators::RoundOf<Test>)> =
		pallet_validators::Rounds::<Test>::iter().collect();
	assert!(!open.is_empty(), "a round is open");
	let answers: Vec<(RoundId, Vec<(u8, u32, Answer)>)> = open
		.iter()
		.map(|(round, opened)| {
			let question =
				pallet_filecoin_oracle::Pending::<Test>::get(round).map(|pending| pending.question);
			let per_validator = VALIDATORS
				.iter()
				.map(|who| {
					let member =
						opened.members.iter().position(|m| m.who == account(*who)).unwrap() as u32;
					(*who, member, answer(*round, question, *who))
				})
				.collect();
			(*round, per_validator)
		})
		.collect();
	for (round, per_validator) in &answers {
		for (who, member, answer) in per_validator {
			let salt = [*who; 32];
			let commitment = Validators::commitment_of(*round, &account(*who), answer, &salt);
			let signature = attestation_pair(*who).sign(&Validators::commit_payload(
				*round,
				*member,
				&commitment,
			));
			assert_ok!(Validators::commit(
				frame_system::RawOrigin::Authorized.into(),
				*round,
				*member,
				commitment,
				signature
			));
		}
	}
	let commit_end = open.iter().map(|(_, round)| round.commit_end).max().unwrap();
	let reveal_end = open.iter().map(|(_, round)| round.reveal_end).max().unwrap();
	run_to_block(commit_end + 1);
	for (round, per_validator) in &answers {
		for (who, member, answer) in per_validator {
			let salt = [*who; 32];
			let signature = attestation_pair(*who)
				.sign(&Validators::reveal_payload(*round, *member, answer, &salt));
			assert_ok!(Validators::reveal(
				frame_system::RawOrigin::Authorized.into(),
				*round,
				*member,
				answer.clone(),
				salt,
				signature
			));
		}
	}
	run_to_block(reveal_end + 1);
	let rounds: Vec<RoundId> = answers.iter().map(|(round, _)| *round).collect();
	for round in &rounds {
		assert!(pallet_validators::Rounds::<Test>::get(round).is_none(), "the round closed");
	}
	rounds
}

fn run_to_block(n: u64) {
	System::run_to_block::<AllPalletsWithSystem>(n);
}

/// Moves the clock to Filecoin day `day` and runs a few blocks: the hash power pallet's checks
/// due by then open their rounds.
fn to_day(day: u32) {
	set_day(day);
	run_to_block(System::block_number() + 3);
}

fn events() -> Vec<HashpowerEvent<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Hashpower(e) = r.event { Some(e) } else { None })
		.collect()
}

fn address(text: &str) -> AddressBytes {
	let (_, parsed) = Address::parse(text).unwrap();
	parsed.as_bytes().to_vec().try_into().unwrap()
}

fn new_test_ext() -> sp_io::TestExternalities {
	new_test_ext_with(Vec::new())
}

/// [`new_test_ext`] with development hash power NFTs `(holder, GH/s, days)` minted at genesis.
fn new_test_ext_with(dev_nfts: Vec<(AccountId, u128, u32)>) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: VALIDATORS
			.iter()
			.chain(&[MINER, BUYER, 99])
			.map(|n| (account(*n), 1_000_000_000))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_validators::GenesisConfig::<Test> {
		session_length: 10_000,
		validators: VALIDATORS.iter().map(|v| (account(*v), 500)).collect(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_session::GenesisConfig::<Test> {
		keys: VALIDATORS
			.iter()
			.map(|v| (account(*v), account(*v), SessionKeys { attestation: attestation_key(*v) }))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_hashpower::GenesisConfig::<Test> { dev_nfts }.assimilate_storage(&mut storage).unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		System::set_block_number(1);
		set_day(DAY0);
		let session = pallet_session::CurrentIndex::<Test>::get();
		for who in VALIDATORS {
			pallet_validators::Records::<Test>::insert(
				account(who),
				pallet_validators::ValidatorRecord {
					declared: Some((session, Sources { bitcoin: false, filecoin: true })),
					..Default::default()
				},
			);
		}
	});
	ext
}

fn check_invariants() {
	Hashpower::do_try_state().expect("hash power invariants hold");
	FilecoinOracle::do_try_state().expect("oracle invariants hold");
	Validators::do_try_state().expect("validator invariants hold");
}

#[test]
fn a_filecoin_storage_power_nft_from_binding_to_breach() {
	new_test_ext().execute_with(|| {
		let mut filecoin = Filecoin {
			multiaddrs: vec!["/ip4/203.0.113.7/tcp/24001".into()],
			beneficiary: ("f01578650", 0, 0, 0),
			power: MINER_POWER,
			sectors: (3_200, 40),
		};

		// The storage provider binds its miner: it publishes the marker in its multiaddresses
		// (`lotus-miner actor set-addrs`) and the validators find it.
		assert_ok!(FilecoinOracle::request_binding(RuntimeOrigin::signed(account(MINER)), F_MINER));
		let marker = pallet_filecoin_oracle::BindingRequests::<Test>::get(F_MINER, account(MINER))
			.unwrap()
			.marker;
		filecoin.multiaddrs.push(format!("/dns4/{}/tcp/1", worker::marker_text(&marker)));
		assert_ok!(FilecoinOracle::confirm_binding(RuntimeOrigin::signed(account(MINER)), F_MINER));
		answer_open_rounds(&filecoin, None);
		assert_eq!(pallet_filecoin_oracle::Bindings::<Test>::get(F_MINER), Some(account(MINER)));

		// It asks for 100 TiB over 28 days from tomorrow, checked weekly. Validator 4 lies
		// about the power; the others agree and it is outvoted (and slashed).
		let free = Balances::balance(&account(MINER));
		assert_ok!(Hashpower::request_storage_tokenization(
			RuntimeOrigin::signed(account(MINER)),
			F_MINER,
			CLAIM,
			DAY0 + 1,
			28,
			7,
		));
		// 100 TiB x 100 per TiB-day x (7 + 3) days.
		let pledge = 100_000;
		assert_eq!(
			Balances::balance_on_hold(
				&pallet_hashpower::HoldReason::Pledge.into(),
				&account(MINER)
			),
			pledge
		);
		check_invariants();
		answer_open_rounds(&filecoin, Some(4));
		assert_eq!(
			pallet_validators::Records::<Test>::get(account(4)).map(|record| record.wrong),
			Some(1)
		);
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.status, NftStatus::Verified);
		assert!(events().contains(&HashpowerEvent::Verified {
			nft: 0,
			delivered: MINER_POWER,
			expected: CLAIM
		}));
		// The rounds cost the miner their fees; their deposits came back.
		assert_eq!(Balances::balance(&account(MINER)), free - pledge - 2 * ROUND_FEE);
		// It cannot unbind the miner while the NFT lives.
		assert_noop!(
			FilecoinOracle::unbind_miner(RuntimeOrigin::signed(account(MINER)), F_MINER),
			pallet_filecoin_oracle::Error::<Test>::MinerInUse
		);
		check_invariants();

		// Service begins; the first week delivers in full.
		to_day(DAY0 + 1);
		assert_eq!(Tokens::<Test>::get(0).unwrap().status, NftStatus::Active);
		to_day(DAY0 + 8);
		assert!(events().contains(&HashpowerEvent::CheckAsked { nft: 0, period_end: DAY0 + 8 }));
		answer_open_rounds(&filecoin, None);
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!((token.delivered, token.expected), (7 * CLAIM, 7 * CLAIM));
		check_invariants();

		// Sold; the buyer names its address; the miner proposes it as beneficiary on Filecoin,
		// which the buyer approves; meanwhile the week's check finds the owner still beneficiary,
		// which counts while the grace covers the period.
		let collection =
			pallet_hashpower::Collections::<Test>::get(PowerKind::FilecoinStorage).unwrap();
		assert_ok!(Nfts::transfer(
			RuntimeOrigin::signed(account(MINER)),
			collection,
			0,
			account(BUYER)
		));
		set_day(DAY0 + 9);
		assert_ok!(Hashpower::set_beneficiary(
			RuntimeOrigin::signed(account(BUYER)),
			0,
			address(BUYER_ADDRESS)
		));
		to_day(DAY0 + 15);
		let rounds = answer_open_rounds(&filecoin, None);
		assert_eq!(rounds.len(), 3, "power, sectors and the miner's info");
		assert_eq!(Tokens::<Test>::get(0).unwrap().delivered, 14 * CLAIM);

		// After the grace only the buyer's beneficiary counts: in place, with a term past the
		// service and quota left, the week counts, and the withdrawals are recorded.
		let expiration = u64::from(DAY0 + 60) * 2_880;
		filecoin.beneficiary = (BUYER_ADDRESS, 10u128.pow(21), 3 * 10u128.pow(18), expiration);
		to_day(DAY0 + 22);
		answer_open_rounds(&filecoin, None);
		assert_eq!(Tokens::<Test>::get(0).unwrap().delivered, 21 * CLAIM);
		assert_eq!(StorageSlices::<Test>::get(0).unwrap().withdrawn, 3 * 10u128.pow(18));
		assert_eq!(Hashpower::summary(0).unwrap().holder, account(BUYER));
		check_invariants();

		// Sectors go faulty: Filecoin takes their power out of the miner's claim, leaving less
		// than the NFT's 100 TiB. The week is short by more than 20%: a breach.
		OWED.with(|owed| *owed.borrow_mut() = 30_000);
		filecoin.power = 60 * TIB;
		filecoin.sectors = (3_200, 1_300);
		to_day(DAY0 + 29);
		answer_open_rounds(&filecoin, None);
		let token = Tokens::<Test>::get(0).unwrap();
		assert_eq!(token.status, NftStatus::Revoked);
		assert!(events().contains(&HashpowerEvent::PeriodJudged {
			nft: 0,
			from_day: DAY0 + 22,
			to_day: DAY0 + 29,
			power: 60 * TIB,
			delivered: 7 * 60 * TIB,
			expected: 7 * CLAIM,
		}));
		assert!(events().contains(&HashpowerEvent::Revoked {
			nft: 0,
			holder: account(BUYER),
			to_holder: 30_000,
			to_pot: 70_000
		}));
		assert_eq!(
			Balances::balance_on_hold(
				&pallet_hashpower::HoldReason::Pledge.into(),
				&account(MINER)
			),
			0
		);
		// The miner is free to unbind now.
		assert_ok!(FilecoinOracle::unbind_miner(RuntimeOrigin::signed(account(MINER)), F_MINER));
		check_invariants();
	});
}

/// A buyer disputes its order; the four validators, none of them a party, vote by commit and
/// reveal; the majority's ruling (a refund) settles and closes the order and the bond goes back to
/// the buyer, whom the ruling favours.
#[test]
fn a_dispute_decided_by_the_validators() {
	new_test_ext_with(vec![(account(MINER), 100_000, 365)]).execute_with(|| {
		assert_ok!(Market::list_fixed_price(
			RuntimeOrigin::signed(account(MINER)),
			0,
			90_000,
			None
		));
		assert_ok!(Market::buy(RuntimeOrigin::signed(account(BUYER)), 0, 90_000));
		let (seller_free, buyer_free) =
			(Balances::balance(&account(MINER)), Balances::balance(&account(BUYER)));
		assert_ok!(Market::open_dispute(
			RuntimeOrigin::signed(account(BUYER)),
			0,
			b"the pool pays the miner's other address".to_vec().try_into().unwrap()
		));
		let round = pallet_hashpower_market::Disputes::<Test>::get(0).unwrap().round;
		let members: Vec<AccountId> = pallet_validators::Rounds::<Test>::get(round)
			.unwrap()
			.members
			.iter()
			.map(|member| member.who.clone())
			.collect();
		assert_eq!(members, VALIDATORS.map(account).to_vec());
		// Three of four vote refund (outcome 1), one release (outcome 0): the bond's majority.
		let vote = |outcome: u128| -> Answer {
			vec![hashmix_primitives::attestation::AnswerField::Numeric(outcome)].try_into().unwrap()
		};
		answer_rounds(|_, _, who| if who == 4 { vote(0) } else { vote(1) });
		let events: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| if let RuntimeEvent::Market(e) = r.event { Some(e) } else { None })
			.collect();
		assert!(events.contains(&pallet_hashpower_market::Event::DisputeDecided {
			order: 0,
			ruling: pallet_hashpower_market::Ruling::Refund
		}));
		assert!(events.contains(&pallet_hashpower_market::Event::OrderClosed {
			order: 0,
			released: 0,
			refunded: 90_000,
			pledge: 0
		}));
		// The buyer has its price and its bond back, less the vote's fee it paid the voters.
		assert_eq!(Balances::balance(&account(BUYER)), buyer_free + 90_000 - ROUND_FEE);
		assert_eq!(Balances::balance(&account(MINER)), seller_free);
		assert_eq!(Hashpower::summary(0).unwrap().locks, Default::default());
		check_invariants();
		Market::do_try_state().expect("market invariants hold");
	});
}
