//! A runtime with the market and balances; the hash power NFTs are a stand-in the tests drive
//! (the runtime-level story uses the real hash power pallet). Accounts 1 to 9 hold 1,000,000.

use crate as pallet_hashpower_market;
use core::cell::RefCell;
use frame_support::BoundedVec;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use hashmix_primitives::{
	attestation::{AttestationRounds, Question, RoundId, MAX_QUESTION_LEN},
	hashpower::{HashPowerNfts, LockReason, Locks, NftId, NftStatus, NftSummary, PowerKind},
};
use sp_runtime::{BuildStorage, DispatchError, DispatchResult};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Market: pallet_hashpower_market,
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
	type RuntimeHoldReason = RuntimeHoldReason;
}

thread_local! {
	/// The stand-in hash power NFTs.
	pub static NFTS: RefCell<BTreeMap<NftId, NftSummary<u64>>> = const { RefCell::new(BTreeMap::new()) };
}

/// The stand-in hash power pallet.
pub struct MockNfts;

fn with_nft<R>(nft: NftId, f: impl FnOnce(&mut NftSummary<u64>) -> R) -> Option<R> {
	NFTS.with(|nfts| nfts.borrow_mut().get_mut(&nft).map(f))
}

impl HashPowerNfts<u64> for MockNfts {
	fn summary(nft: NftId) -> Option<NftSummary<u64>> {
		NFTS.with(|nfts| nfts.borrow().get(&nft).cloned())
	}

	fn is_active(nft: NftId) -> bool {
		Self::summary(nft).is_some_and(|summary| summary.status == NftStatus::Active)
	}

	fn lock(nft: NftId, reason: LockReason) -> DispatchResult {
		with_nft(nft, |summary| {
			summary.locks =
				summary.locks.with(reason).ok_or(DispatchError::Other("AlreadyLocked"))?;
			Ok(())
		})
		.unwrap_or(Err(DispatchError::Other("UnknownNft")))
	}

	fn unlock(nft: NftId, reason: LockReason) -> DispatchResult {
		with_nft(nft, |summary| {
			summary.locks =
				summary.locks.without(reason).ok_or(DispatchError::Other("NotLocked"))?;
			Ok(())
		})
		.unwrap_or(Err(DispatchError::Other("UnknownNft")))
	}

	fn transfer(nft: NftId, to: &u64) -> DispatchResult {
		with_nft(nft, |summary| {
			summary.holder = *to;
			summary.holder_paid_from = None;
		})
		.ok_or(DispatchError::Other("UnknownNft"))
	}
}

/// An arbitration vote the market opened: payer, body, outcomes, parties.
pub type Vote = (u64, Vec<u8>, u8, Vec<u64>);

thread_local! {
	/// The votes opened, by round (round `n` is the `n`-th).
	pub static VOTES: RefCell<Vec<Vote>> = const { RefCell::new(Vec::new()) };
}

/// The stand-in validator pallet: votes are recorded; the tests give their outcomes through the
/// market's `OnRoundOutcome`, as the validator pallet does when a vote closes.
pub struct MockArbitration;

impl AttestationRounds<u64> for MockArbitration {
	fn open_round(_payer: &u64, _question: Question) -> Result<RoundId, DispatchError> {
		Err(DispatchError::Other("the market asks no questions"))
	}
	fn rounds_available() -> u32 {
		64
	}
	fn report_fault(_offender: &u64, _fraction: sp_runtime::Perbill) -> DispatchResult {
		Err(DispatchError::Other("the market reports no faults"))
	}
	fn open_arbitration(
		payer: &u64,
		body: BoundedVec<u8, ConstU32<MAX_QUESTION_LEN>>,
		outcomes: u8,
		parties: &[u64],
	) -> Result<RoundId, DispatchError> {
		VOTES.with(|votes| {
			let mut votes = votes.borrow_mut();
			votes.push((*payer, body.into_inner(), outcomes, parties.to_vec()));
			Ok(votes.len() as RoundId - 1)
		})
	}
}

parameter_types! {
	pub const ListingDeposit: u64 = 10;
	pub const MinPrice: u64 = 100;
}

impl pallet_hashpower_market::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Nfts = MockNfts;
	type ListingDeposit = ListingDeposit;
	type MinPrice = MinPrice;
	type MaxOrdersPerNft = ConstU32<3>;
	type MaxAuctionBlocks = ConstU64<100>;
	type Arbitration = MockArbitration;
	type DisputeBond = ConstU64<DISPUTE_BOND>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockNfts;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockNfts {
	fn active_nft(holder: &u64) -> NftId {
		let nft = NFTS.with(|nfts| nfts.borrow().len() as NftId);
		mint(nft, *holder, 365);
		nft
	}
	fn progress(nft: NftId, delivered: u128, expected: u128, days: u32) {
		with_nft(nft, |summary| {
			summary.delivered = delivered;
			summary.expected = expected;
			summary.days_judged = days;
			summary.holder_paid_from = Some(summary.start_day);
		});
	}
	fn revoke(nft: NftId) {
		with_nft(nft, |summary| summary.status = NftStatus::Revoked);
	}
	fn prepare_arbitration() {}
}

/// What a dispute holds from its opener.
pub const DISPUTE_BOND: u64 = 500;

/// Each test NFT's service starts on this day.
pub const START: u32 = 100;
/// Value expected of an NFT each day.
pub const DAILY: u128 = 1_000;

/// Mints stand-in NFT `nft`, Active, held by `holder`, `days` days of service from [`START`],
/// nothing judged, its holder's own destination counting from the start.
pub fn mint(nft: NftId, holder: u64, days: u32) {
	NFTS.with(|nfts| {
		nfts.borrow_mut().insert(
			nft,
			NftSummary {
				kind: PowerKind::BitcoinSha256,
				power: 100_000,
				miner: 9,
				holder,
				start_day: START,
				end_day: START + days,
				payout_interval_days: 1,
				status: NftStatus::Active,
				delivered: 0,
				expected: 0,
				days_judged: 0,
				repoint_grace_until: None,
				holder_paid_from: Some(START),
				locks: Locks::default(),
			},
		)
	});
}

/// `days` more days of `nft` judged, each delivering `percent`% of [`DAILY`].
pub fn deliver(nft: NftId, days: u32, percent: u128) {
	with_nft(nft, |summary| {
		summary.days_judged += days;
		summary.expected += DAILY * u128::from(days);
		summary.delivered += DAILY * percent / 100 * u128::from(days);
	});
}

/// A late payout: `amount` more delivered on `nft`, no day judged.
pub fn pay_late(nft: NftId, amount: u128) {
	with_nft(nft, |summary| summary.delivered += amount);
}

/// Sets `nft`'s status.
pub fn set_status(nft: NftId, status: NftStatus) {
	with_nft(nft, |summary| summary.status = status);
}

/// The current holder's own destination counts from `day`.
pub fn paid_from(nft: NftId, day: Option<u32>) {
	with_nft(nft, |summary| summary.holder_paid_from = day);
}

/// `nft`'s locks.
pub fn locks(nft: NftId) -> Locks {
	MockNfts::summary(nft).map(|summary| summary.locks).unwrap_or_default()
}

/// Test externalities at block 1: accounts 1 to 9 hold 1,000,000; NFT 0 is Alice's (account 1),
/// 30 days of service.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).map(|who| (who, 1_000_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		NFTS.with(|nfts| nfts.borrow_mut().clear());
		VOTES.with(|votes| votes.borrow_mut().clear());
		mint(0, 1, 30);
	});
	ext
}

/// Runs `test` in fresh externalities and checks the invariants after it.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Market::do_try_state().expect("market invariants hold");
	});
}

/// The market's events so far.
pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Market(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// What `who` holds for `reason`.
pub fn held(reason: crate::HoldReason, who: u64) -> u64 {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&reason.into(), &who)
}

/// `who`'s free balance.
pub fn free(who: u64) -> u64 {
	pallet_balances::Pallet::<Test>::free_balance(who)
}
