//! Benchmarks of every call, each in its worst case within the pallet's bounds.

use super::*;
use crate::Pallet as Validators;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{fungible::Mutate, Authorize},
};
use frame_system::RawOrigin;
use hashmix_primitives::attestation::{
	AnswerField, FieldRule, Question, Source, MAX_ANSWER_FIELDS,
};
use sp_runtime::{traits::Saturating, Permill, RuntimeAppPublic};

/// `m` bonded validators declaring Filecoin in the current session (see
/// [`Pallet::benchmark_attesters`]).
fn attesters<T: Config>(m: u32) -> Vec<(T::AccountId, AttestationId)> {
	Validators::<T>::benchmark_attesters(m).expect("room for the attesters")
}

/// A question whose answer has the most fields, all numeric.
fn widest_question() -> Question {
	Question {
		source: Source::Filecoin,
		body: BoundedVec::truncate_from(vec![7u8; 32]),
		rules: BoundedVec::truncate_from(vec![
			FieldRule::Numeric {
				tolerance: Permill::from_percent(1)
			};
			MAX_ANSWER_FIELDS as usize
		]),
	}
}

fn answer_of(value: u128) -> Answer {
	BoundedVec::truncate_from(vec![AnswerField::Numeric(value); MAX_ANSWER_FIELDS as usize])
}

/// Opens a round on the widest question with the current session's attesters.
fn open_widest<T: Config>() -> RoundId {
	let payer = funded::<T>("payer", 0);
	Validators::<T>::do_open_round(&payer, widest_question(), None, &[]).expect("enough attesters")
}

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

	#[benchmark]
	fn heartbeat() -> Result<(), BenchmarkError> {
		let validators = attesters::<T>(T::MaxValidators::get());
		let index = validators.len().saturating_sub(1);
		let (who, key) = validators[index].clone();
		let beat = Heartbeat {
			session: Validators::<T>::current_session(),
			validator_index: index as u32,
			sources: Sources { bitcoin: true, filecoin: true },
		};
		let signature = key
			.sign(&Validators::<T>::heartbeat_payload(&beat))
			.ok_or(BenchmarkError::Stop("cannot sign"))?;

		#[extrinsic_call]
		_(RawOrigin::Authorized, beat, signature);

		assert_eq!(
			Records::<T>::get(&who).and_then(|r| r.declared).map(|d| d.1.bitcoin),
			Some(true)
		);
		Ok(())
	}

	#[benchmark]
	fn authorize_heartbeat() -> Result<(), BenchmarkError> {
		let validators = attesters::<T>(T::MaxValidators::get());
		let index = validators.len().saturating_sub(1);
		let beat = Heartbeat {
			session: Validators::<T>::current_session(),
			validator_index: index as u32,
			sources: Sources { bitcoin: true, filecoin: true },
		};
		let signature = validators[index]
			.1
			.sign(&Validators::<T>::heartbeat_payload(&beat))
			.ok_or(BenchmarkError::Stop("cannot sign"))?;
		let call = Call::<T>::heartbeat { heartbeat: beat, signature };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("the call authorizes itself")?
				.map_err(|_| "the heartbeat is valid")?;
		}
		Ok(())
	}

	#[benchmark]
	fn commit() -> Result<(), BenchmarkError> {
		let validators = attesters::<T>(T::MaxValidators::get());
		let round = open_widest::<T>();
		let member = (validators.len() as u32).saturating_sub(1);
		let (who, key) = validators[member as usize].clone();
		let commitment = Validators::<T>::commitment_of(round, &who, &answer_of(1), &[1; 32]);
		let signature = key
			.sign(&Validators::<T>::commit_payload(round, member, &commitment))
			.ok_or(BenchmarkError::Stop("cannot sign"))?;

		#[extrinsic_call]
		_(RawOrigin::Authorized, round, member, commitment, signature);

		assert!(Commitments::<T>::contains_key(round, member));
		Ok(())
	}

	#[benchmark]
	fn authorize_commit() -> Result<(), BenchmarkError> {
		let validators = attesters::<T>(T::MaxValidators::get());
		let round = open_widest::<T>();
		let member = (validators.len() as u32).saturating_sub(1);
		let (who, key) = validators[member as usize].clone();
		let commitment = Validators::<T>::commitment_of(round, &who, &answer_of(1), &[1; 32]);
		let signature = key
			.sign(&Validators::<T>::commit_payload(round, member, &commitment))
			.ok_or(BenchmarkError::Stop("cannot sign"))?;
		let call = Call::<T>::commit { round, member, commitment, signature };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("the call authorizes itself")?
				.map_err(|_| "the commitment is valid")?;
		}
		Ok(())
	}

	#[benchmark]
	fn reveal() -> Result<(), BenchmarkError> {
		let validators = attesters::<T>(T::MaxValidators::get());
		let round = open_widest::<T>();
		let member = (validators.len() as u32).saturating_sub(1);
		let (who, key) = validators[member as usize].clone();
		let answer = answer_of(1);
		let salt = [1; 32];
		let commitment = Validators::<T>::commitment_of(round, &who, &answer, &salt);
		Validators::<T>::do_commit(round, member, who, commitment);
		let opened = Rounds::<T>::get(round).ok_or(BenchmarkError::Stop("open"))?;
		frame_system::Pallet::<T>::set_block_number(opened.commit_end.saturating_add(1u32.into()));
		let signature = key
			.sign(&Validators::<T>::reveal_payload(round, member, &answer, &salt))
			.ok_or(BenchmarkError::Stop("cannot sign"))?;

		#[extrinsic_call]
		_(RawOrigin::Authorized, round, member, answer, salt, signature);

		assert!(Reveals::<T>::contains_key(round, member));
		Ok(())
	}

	#[benchmark]
	fn authorize_reveal() -> Result<(), BenchmarkError> {
		let validators = attesters::<T>(T::MaxValidators::get());
		let round = open_widest::<T>();
		let member = (validators.len() as u32).saturating_sub(1);
		let (who, key) = validators[member as usize].clone();
		let answer = answer_of(1);
		let salt = [1; 32];
		let commitment = Validators::<T>::commitment_of(round, &who, &answer, &salt);
		Validators::<T>::do_commit(round, member, who, commitment);
		let opened = Rounds::<T>::get(round).ok_or(BenchmarkError::Stop("open"))?;
		frame_system::Pallet::<T>::set_block_number(opened.commit_end.saturating_add(1u32.into()));
		let signature = key
			.sign(&Validators::<T>::reveal_payload(round, member, &answer, &salt))
			.ok_or(BenchmarkError::Stop("cannot sign"))?;
		let call = Call::<T>::reveal { round, member, answer, salt, signature };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("the call authorizes itself")?
				.map_err(|_| "the reveal is valid")?;
		}
		Ok(())
	}

	#[benchmark]
	fn cancel_deferred_slash() -> Result<(), BenchmarkError> {
		let who = bonded_with_chunks::<T>();
		PendingSlashes::<T>::insert(1, &who, T::MinBond::get());
		let origin = T::SlashCancelOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, who.clone());

		assert!(!PendingSlashes::<T>::contains_key(1, &who));
		Ok(())
	}

	/// Opening a round (called by asking pallets): snapshot of `m` attesters.
	#[benchmark]
	fn open_round(m: Linear<1, { T::MaxValidators::get() }>) -> Result<(), BenchmarkError> {
		let m = m.max(T::MinAttesters::get());
		attesters::<T>(m);
		let payer = funded::<T>("payer", 0);

		#[block]
		{
			Validators::<T>::do_open_round(&payer, widest_question(), None, &[])
				.map_err(|_| BenchmarkError::Stop("the round opens"))?;
		}

		assert_eq!(OpenRoundCount::<T>::get(), 1);
		Ok(())
	}

	/// Closing a round of `m` members that all committed and revealed the widest answer, a
	/// third of them outside tolerance (slashed).
	#[benchmark]
	fn close_round(m: Linear<1, { T::MaxValidators::get() }>) -> Result<(), BenchmarkError> {
		let m = m.max(T::MinAttesters::get());
		let validators = attesters::<T>(m);
		let round = open_widest::<T>();
		for (index, (who, _)) in validators.into_iter().enumerate() {
			let answer = if index % 3 == 2 { answer_of(1_000) } else { answer_of(1) };
			let salt = [index as u8; 32];
			let commitment = Validators::<T>::commitment_of(round, &who, &answer, &salt);
			Validators::<T>::do_commit(round, index as u32, who.clone(), commitment);
			Validators::<T>::do_reveal(round, index as u32, who, answer);
		}

		#[block]
		{
			Validators::<T>::close_round(round);
		}

		assert!(Rounds::<T>::get(round).is_none());
		Ok(())
	}

	impl_benchmark_test_suite!(
		Validators,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
