//! Benchmarks of every call and of hearing a round's outcome, each in its worst case within the
//! pallet's bounds. Calls that open a round include the validator pallet's snapshot of the
//! declared attesters (`BenchmarkHelper::prepare_rounds`).

use super::*;
use crate::Pallet as FilecoinOracle;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use hashmix_primitives::filecoin::MarkerFound;
use sp_runtime::traits::Saturating;

const MINER: MinerId = 1_578_658;

/// An account with plenty of free balance.
fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let plenty = T::BindingDeposit::get().saturating_mul(1_000_000u32.into());
	T::Currency::set_balance(&who, plenty);
	who
}

/// Binds `count` miners other than [`MINER`] to `who`.
fn bind_others<T: Config>(who: &T::AccountId, count: u32) {
	for miner in 0..count {
		let miner = MinerId::from(miner);
		Bindings::<T>::insert(miner, who);
		MinersOf::<T>::mutate(who, |miners| miners.try_push(miner).expect("room"));
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn ask() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::prepare_rounds()?;
		let caller = funded::<T>("asker");

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), MINER, Query::MinerInfo);

		assert_eq!(Pending::<T>::iter().count(), 1);
		Ok(())
	}

	#[benchmark]
	fn request_binding() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("miner");
		bind_others::<T>(&caller, T::MaxMinersPerAccount::get().saturating_sub(1));

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), MINER);

		assert!(BindingRequests::<T>::contains_key(MINER, &caller));
		Ok(())
	}

	#[benchmark]
	fn confirm_binding() -> Result<(), BenchmarkError> {
		T::BenchmarkHelper::prepare_rounds()?;
		let caller = funded::<T>("miner");
		FilecoinOracle::<T>::request_binding(RawOrigin::Signed(caller.clone()).into(), MINER)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), MINER);

		assert!(BindingRequests::<T>::get(MINER, &caller).is_some_and(|r| r.round.is_some()));
		Ok(())
	}

	#[benchmark]
	fn cancel_binding() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("miner");
		FilecoinOracle::<T>::request_binding(RawOrigin::Signed(caller.clone()).into(), MINER)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), MINER);

		assert!(!BindingRequests::<T>::contains_key(MINER, &caller));
		Ok(())
	}

	#[benchmark]
	fn unbind_miner() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("miner");
		bind_others::<T>(&caller, T::MaxMinersPerAccount::get().saturating_sub(1));
		Bindings::<T>::insert(MINER, &caller);
		MinersOf::<T>::mutate(&caller, |miners| miners.try_push(MINER).expect("room"));

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), MINER);

		assert!(!Bindings::<T>::contains_key(MINER));
		Ok(())
	}

	/// A binding round agreeing that the marker is published: the fact evicts the oldest one
	/// from a full ring, the binding is recorded and its deposit released.
	#[benchmark]
	fn on_round_outcome() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("miner");
		bind_others::<T>(&caller, T::MaxMinersPerAccount::get().saturating_sub(1));
		FilecoinOracle::<T>::request_binding(RawOrigin::Signed(caller.clone()).into(), MINER)?;
		let marker = BindingRequests::<T>::get(MINER, &caller).ok_or("requested")?.marker;
		let round: RoundId = 7;
		BindingRequests::<T>::mutate(MINER, &caller, |request| {
			if let Some(request) = request {
				request.round = Some(round);
			}
		});
		let question =
			FilecoinQuestion { miner: MINER, epoch: 5_000_000, query: Query::Marker(marker) };
		Pending::<T>::insert(round, PendingQuestion { question, binding: Some(caller.clone()) });
		// The slot the fact takes holds an older fact, which is dropped.
		let older = FilecoinQuestion { miner: MINER, epoch: 1, query: Query::AvailableBalance };
		Facts::<T>::insert(
			older,
			StoredFact { fact: Fact::AvailableBalance(1), round: 1, at: Zero::zero(), slot: 0 },
		);
		FactSlots::<T>::insert(0, older);
		let owner: hashmix_primitives::filecoin::AddressBytes =
			BoundedVec::truncate_from(alloc::vec![0u8, 0x9a, 0x2d, 0x60]);
		let fact = Fact::Marker(MarkerFound { found: true, owner: owner.clone(), worker: owner });
		let outcome = RoundOutcome::Agreed(facts::to_answer(&fact));

		#[block]
		{
			FilecoinOracle::<T>::on_round_outcome(round, &outcome);
		}

		assert_eq!(Bindings::<T>::get(MINER), Some(caller));
		assert!(!Facts::<T>::contains_key(older));
		Ok(())
	}

	impl_benchmark_test_suite!(FilecoinOracle, crate::mock::new_test_ext(), crate::mock::Test);
}
