//! Benchmarks of every call, each in its worst case within the pallet's bounds.

use super::*;
use crate::Pallet as Validators;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;
use sp_runtime::traits::Saturating;

/// An account with plenty of free balance.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let plenty = T::MinBond::get().saturating_mul(1_000u32.into());
	CurrencyOf::<T>::set_balance(&who, plenty);
	who
}

/// Fills the candidates up to one below `MaxCandidates`.
fn fill_candidates<T: Config>() {
	let existing = Candidates::<T>::count();
	for index in existing..T::MaxCandidates::get().saturating_sub(1) {
		let who = funded::<T>("candidate", index);
		Validators::<T>::do_bond(&who, T::MinBond::get()).expect("room for one more candidate");
	}
}

/// A bonded candidate with `MaxUnlockingChunks - 1` unbonding chunks from earlier sessions.
fn bonded_with_chunks<T: Config>() -> T::AccountId {
	let who = funded::<T>("validator", 0);
	let bond = T::MinBond::get().saturating_mul(10u32.into());
	Validators::<T>::do_bond(&who, bond).expect("the account is funded");
	for session in 0..T::MaxUnlockingChunks::get().saturating_sub(1) {
		pallet_session::CurrentIndex::<T>::put(session);
		Validators::<T>::do_unbond(&who, 1u32.into()).expect("the bond covers it");
	}
	who
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn bond() {
		fill_candidates::<T>();
		let who = funded::<T>("bonder", 0);
		let value = T::MinBond::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), value);

		assert!(Candidates::<T>::contains_key(&who));
	}

	#[benchmark]
	fn bond_extra() {
		let who = bonded_with_chunks::<T>();
		let before = Ledgers::<T>::get(&who).map(|ledger| ledger.active);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), T::MinBond::get());

		assert_ne!(Ledgers::<T>::get(&who).map(|ledger| ledger.active), before);
	}

	#[benchmark]
	fn unbond() {
		// The worst case: the last free chunk is taken and the candidate leaves.
		let who = bonded_with_chunks::<T>();
		let active = Ledgers::<T>::get(&who).map(|ledger| ledger.active).unwrap_or_default();
		pallet_session::CurrentIndex::<T>::put(T::MaxUnlockingChunks::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), active);

		assert!(!Candidates::<T>::contains_key(&who));
	}

	#[benchmark]
	fn withdraw_unbonded() {
		// The worst case: every chunk is released and the ledger removed.
		let who = bonded_with_chunks::<T>();
		let active = Ledgers::<T>::get(&who).map(|ledger| ledger.active).unwrap_or_default();
		pallet_session::CurrentIndex::<T>::put(T::MaxUnlockingChunks::get());
		Validators::<T>::do_unbond(&who, active).expect("the whole bond can be unbonded");
		pallet_session::CurrentIndex::<T>::put(SessionIndex::MAX);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Ledgers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn chill() {
		let who = bonded_with_chunks::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Candidates::<T>::contains_key(&who));
	}

	#[benchmark]
	fn validate() {
		let who = bonded_with_chunks::<T>();
		Validators::<T>::do_chill(&who).expect("a candidate can chill");
		fill_candidates::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(Candidates::<T>::contains_key(&who));
	}

	impl_benchmark_test_suite!(
		Validators,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
