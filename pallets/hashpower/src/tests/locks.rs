//! Locks: a locked hash power NFT can be neither transferred nor burned through pallet-nfts.

use super::{tokens::*, *};
use hashmix_primitives::hashpower::{HashPowerNfts, LockReason, NftStatus, PowerKind};
use sp_runtime::BuildStorage;

fn collection() -> u32 {
	Collections::<Test>::get(PowerKind::BitcoinSha256).unwrap()
}

/// NFT 0, minted to miner 1 (its state set directly: the sweep's tests cover minting).
fn minted() {
	let destination = miner(1);
	assert_ok!(request(1, &destination, 108, 30, 1));
	let token = Tokens::<Test>::get(0).unwrap();
	assert_ok!(Hashpower::mint(0, &token, None));
	Tokens::<Test>::mutate(0, |token| token.as_mut().unwrap().status = NftStatus::Active);
}

#[test]
fn a_locked_nft_should_be_neither_transferred_nor_burned() {
	run(|| {
		minted();
		for reason in [LockReason::Listing, LockReason::Loan, LockReason::Pool, LockReason::Order] {
			assert_ok!(Hashpower::lock(0, reason));
			assert_noop!(
				Nfts::transfer(RuntimeOrigin::signed(account(1)), collection(), 0, account(2)),
				pallet_nfts::Error::<Test>::ItemLocked
			);
			assert_noop!(
				Nfts::burn(RuntimeOrigin::signed(account(1)), collection(), 0),
				pallet_nfts::Error::<Test>::ItemLocked
			);
			assert_ok!(Hashpower::unlock(0, reason));
		}
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(account(1)), collection(), 0, account(2)));
	});
}

#[test]
fn orders_should_count_and_other_reasons_should_not_stack() {
	run(|| {
		minted();
		assert_ok!(Hashpower::lock(0, LockReason::Order));
		assert_ok!(Hashpower::lock(0, LockReason::Order));
		assert_ok!(Hashpower::lock(0, LockReason::Listing));
		assert_noop!(Hashpower::lock(0, LockReason::Listing), Error::<Test>::AlreadyLocked);
		assert_ok!(Hashpower::unlock(0, LockReason::Order));
		assert_ok!(Hashpower::unlock(0, LockReason::Listing));
		// One order still holds money.
		assert!(<Hashpower as frame_support::traits::Locker<u32, u32>>::is_locked(collection(), 0));
		assert_ok!(Hashpower::unlock(0, LockReason::Order));
		assert!(!<Hashpower as frame_support::traits::Locker<u32, u32>>::is_locked(
			collection(),
			0
		));
		assert_noop!(Hashpower::unlock(0, LockReason::Order), Error::<Test>::NotLocked);
		assert_noop!(Hashpower::unlock(0, LockReason::Loan), Error::<Test>::NotLocked);
		assert_noop!(Hashpower::lock(9, LockReason::Loan), Error::<Test>::UnknownNft);
	});
}

#[test]
fn a_request_should_not_be_lockable_and_other_collections_never_locked() {
	run(|| {
		let destination = miner(1);
		assert_ok!(request(1, &destination, 108, 30, 1));
		assert_noop!(Hashpower::lock(0, LockReason::Listing), Error::<Test>::NotLive);
		// Item 0 of an ordinary collection is not a hash power NFT, whatever NFT 0's locks.
		let other = minted_elsewhere();
		Tokens::<Test>::mutate(0, |token| token.as_mut().unwrap().locks.listed = true);
		assert!(!<Hashpower as frame_support::traits::Locker<u32, u32>>::is_locked(other, 0));
		Tokens::<Test>::mutate(0, |token| token.as_mut().unwrap().locks.listed = false);
		assert!(Hashpower::is_hashpower_collection(collection()));
		assert!(!Hashpower::is_hashpower_collection(other));
	});
}

/// Account 5 creates an ordinary collection and mints its item 0; returns the collection.
fn minted_elsewhere() -> u32 {
	let other = pallet_nfts::NextCollectionId::<Test>::get().unwrap();
	assert_ok!(Nfts::create(
		RuntimeOrigin::signed(account(5)),
		account(5),
		pallet_nfts::CollectionConfig {
			settings: pallet_nfts::CollectionSettings::all_enabled(),
			max_supply: None,
			mint_settings: pallet_nfts::MintSettings::default(),
		}
	));
	assert_ok!(Nfts::mint(RuntimeOrigin::signed(account(5)), other, 0, account(5), None));
	other
}

#[test]
fn a_development_fixture_should_be_active_and_never_judged() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> { dev_nfts: vec![(account(5), POWER, 365)] }
		.assimilate_storage(&mut storage)
		.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		System::set_block_number(1);
		let summary = Hashpower::summary(0).unwrap();
		assert_eq!(summary.status, NftStatus::Active);
		assert_eq!((summary.holder, summary.power, summary.end_day), (account(5), POWER, 365));
		// No miner answers for it: its miner is the pallet's account.
		assert_eq!(summary.miner, Hashpower::account());
		assert_eq!(Nfts::owner(collection(), 0), Some(account(5)));
		assert!(<Hashpower as HashPowerNfts<_>>::is_active(0));
		// Days settle; the fixture has no destination and is never judged.
		RELAY.with(|relay| relay.borrow_mut().today = Some(400));
		for block in 2..6 {
			<Hashpower as frame_support::traits::Hooks<u64>>::on_initialize(block);
		}
		assert_eq!(Hashpower::summary(0).unwrap().days_judged, 0);
		assert_eq!(Hashpower::summary(0).unwrap().status, NftStatus::Active);
		// The market can lock it like any other.
		assert_ok!(Hashpower::lock(0, LockReason::Listing));
		Hashpower::do_try_state().unwrap();
	});
}

#[test]
fn the_market_should_move_a_locked_nft_and_keep_its_locks() {
	run(|| {
		minted();
		assert_ok!(Hashpower::lock(0, LockReason::Listing));
		assert_ok!(Hashpower::lock(0, LockReason::Order));
		assert_ok!(<Hashpower as HashPowerNfts<AccountId>>::transfer(0, &account(2)));
		assert_eq!(Hashpower::item_owner(PowerKind::BitcoinSha256, 0), Some(account(2)));
		let summary = Hashpower::summary(0).unwrap();
		assert_eq!(summary.holder, account(2));
		assert_eq!((summary.locks.listed, summary.locks.orders), (true, 1));
		assert!(events().contains(&Event::HolderChanged { nft: 0, holder: account(2) }));
		// Still locked against plain transfers.
		assert_noop!(
			Nfts::transfer(RuntimeOrigin::signed(account(2)), collection(), 0, account(3)),
			pallet_nfts::Error::<Test>::ItemLocked
		);
		assert_noop!(
			<Hashpower as HashPowerNfts<AccountId>>::transfer(9, &account(3)),
			Error::<Test>::UnknownNft
		);
		Tokens::<Test>::mutate(0, |token| token.as_mut().unwrap().status = NftStatus::Revoked);
		assert_noop!(
			<Hashpower as HashPowerNfts<AccountId>>::transfer(0, &account(3)),
			Error::<Test>::NotLive
		);
		Tokens::<Test>::mutate(0, |token| token.as_mut().unwrap().status = NftStatus::Active);
	});
}

#[test]
fn the_holders_own_destination_should_be_known_from_the_end_of_its_grace() {
	run(|| {
		minted();
		// The miner's own destination counts from the start.
		assert_eq!(Hashpower::summary(0).unwrap().holder_paid_from, None);
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(account(1)), collection(), 0, account(2)));
		let wallet = wallet(7);
		let signature =
			sign(&wallet, &Hashpower::destination_message(0, &account(2)), SignedScript::P2wpkh);
		assert_ok!(Hashpower::set_destination(
			RuntimeOrigin::signed(account(2)),
			0,
			key(&wallet),
			signature
		));
		// The relay's day is 100: grace to day 103, the holder's own from day 104.
		assert_eq!(Hashpower::summary(0).unwrap().holder_paid_from, Some(104));
		// A new holder starts without one.
		assert_ok!(Nfts::transfer(RuntimeOrigin::signed(account(2)), collection(), 0, account(3)));
		assert_eq!(Hashpower::summary(0).unwrap().holder_paid_from, None);
	});
}
