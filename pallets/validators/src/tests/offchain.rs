//! The off-chain worker, with sp-core's test off-chain externalities: it declares the sources
//! whose endpoints are configured, commits the answer of its node and reveals it later, all as
//! authorized transactions signed with the node's attestation key; without an answer it sends
//! nothing.

use crate::{mock::*, offchain::FILECOIN_ENDPOINT_KEY, Call, Rounds};
use codec::Decode;
use frame_support::{
	assert_ok,
	pallet_prelude::TransactionSource,
	traits::{Authorize, Hooks},
};
use hashmix_primitives::attestation::{
	Answer, AnswerField, AttestationRounds, FieldRule, Question, Source, Sources,
};
use parking_lot::RwLock;
use sp_core::offchain::{
	testing::{OffchainState, PoolState, TestOffchainExt, TestTransactionPoolExt},
	OffchainDbExt, OffchainStorage, OffchainWorkerExt, TransactionPoolExt,
};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{traits::Dispatchable, Permill};
use std::sync::Arc;

type Node = (sp_io::TestExternalities, Arc<RwLock<PoolState>>, Arc<RwLock<OffchainState>>);

/// A node of validator `who`: its attestation key in the keystore, optionally a Lotus endpoint.
fn validator_node(who: u64, lotus: bool) -> (sp_io::TestExternalities, Arc<RwLock<PoolState>>) {
	let (ext, pool, _) = validator_node_with_storage(who, lotus);
	(ext, pool)
}

fn validator_node_with_storage(who: u64, lotus: bool) -> Node {
	let mut ext = ExtBuilder::default().validators(vec![1, 2, 3, 4]).build();
	let (offchain, offchain_state) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	let keystore = MemoryKeystore::new();
	insert_key_into_keystore(&keystore, who);
	if lotus {
		offchain_state.write().persistent_storage.set(
			b"",
			FILECOIN_ENDPOINT_KEY,
			b"http://127.0.0.1:1234/rpc/v1",
		);
	}
	ext.register_extension(OffchainDbExt::new(offchain.clone()));
	ext.register_extension(OffchainWorkerExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.register_extension(KeystoreExt::new(keystore));
	(ext, pool_state, offchain_state)
}

/// The calls the worker submitted since the last time, each checked by `authorize` as the pool
/// would, then dispatched as a block would.
fn take_and_apply(pool: &Arc<RwLock<PoolState>>) -> Vec<Call<Test>> {
	let transactions = std::mem::take(&mut pool.write().transactions);
	transactions
		.into_iter()
		.map(|bytes| {
			let xt = Extrinsic::decode(&mut &bytes[..]).expect("the worker submits extrinsics");
			let RuntimeCall::Validators(call) = xt.function.clone() else {
				panic!("not a validators call: {:?}", xt.function)
			};
			call.authorize(TransactionSource::Local)
				.expect("authorized call")
				.expect("the pool accepts it");
			let origin: RuntimeOrigin = frame_system::RawOrigin::Authorized.into();
			assert_ok!(xt.function.dispatch(origin));
			call
		})
		.collect()
}

/// Validators `who` declare Filecoin, as their own nodes' workers would.
fn declare_filecoin(who: &[u64]) {
	for who in who {
		let index = session_validators().iter().position(|v| v == who).unwrap() as u32;
		let heartbeat = crate::Heartbeat {
			session: 0,
			validator_index: index,
			sources: Sources { bitcoin: false, filecoin: true },
		};
		let signature = sp_core::Pair::sign(
			&attestation_pair(*who),
			&Validators::heartbeat_payload(&heartbeat),
		);
		assert_ok!(Validators::do_heartbeat_for_tests(heartbeat, signature));
	}
}

fn question() -> Question {
	Question {
		source: Source::Filecoin,
		body: b"power f01234 at 5000000".to_vec().try_into().unwrap(),
		rules: vec![FieldRule::Numeric { tolerance: Permill::zero() }].try_into().unwrap(),
	}
}

#[test]
fn worker_should_declare_the_sources_whose_endpoints_are_configured() {
	let (mut ext, pool) = validator_node(2, true);
	ext.execute_with(|| {
		Validators::offchain_worker(1);
		let calls = take_and_apply(&pool);
		assert!(matches!(
			calls.as_slice(),
			[Call::heartbeat { heartbeat, .. }]
				if heartbeat.sources == Sources { bitcoin: false, filecoin: true }
		));
		assert_eq!(
			crate::Records::<Test>::get(2).unwrap().declared,
			Some((0, Sources { bitcoin: false, filecoin: true }))
		);
		// Declared: nothing more to send this session.
		Validators::offchain_worker(2);
		assert!(pool.read().transactions.is_empty());
	});
}

#[test]
fn worker_without_endpoints_should_declare_no_source() {
	let (mut ext, pool) = validator_node(3, false);
	ext.execute_with(|| {
		Validators::offchain_worker(1);
		take_and_apply(&pool);
		assert_eq!(crate::Records::<Test>::get(3).unwrap().declared, Some((0, Sources::default())));
	});
}

#[test]
fn worker_should_commit_then_reveal_its_nodes_answer() {
	let (mut ext, pool) = validator_node(2, true);
	ext.execute_with(|| {
		// Everyone declares (validator 2 through its worker).
		Validators::offchain_worker(1);
		take_and_apply(&pool);
		declare_filecoin(&[1, 3, 4]);
		let round = <Validators as AttestationRounds<u64>>::open_round(&9, question()).unwrap();
		let answer: Answer = vec![AnswerField::Numeric(42)].try_into().unwrap();
		ANSWER.with(|a| *a.borrow_mut() = Some(answer.clone()));

		Validators::offchain_worker(1);
		let calls = take_and_apply(&pool);
		assert!(matches!(calls.as_slice(), [Call::commit { round: r, .. }] if *r == round));
		// Already committed: not again.
		Validators::offchain_worker(2);
		assert!(pool.read().transactions.is_empty());

		// In the reveal period, the same answer and salt, even if the node's answer changed.
		ANSWER.with(|a| *a.borrow_mut() = Some(vec![AnswerField::Numeric(43)].try_into().unwrap()));
		let commit_end = Rounds::<Test>::get(round).unwrap().commit_end;
		System::set_block_number(commit_end + 1);
		Validators::offchain_worker(commit_end + 1);
		let calls = take_and_apply(&pool);
		assert!(matches!(
			calls.as_slice(),
			[Call::reveal { answer: revealed, .. }] if *revealed == answer
		));
	});
}

#[test]
fn worker_without_an_answer_should_send_nothing() {
	let (mut ext, pool) = validator_node(2, true);
	ext.execute_with(|| {
		Validators::offchain_worker(1);
		take_and_apply(&pool);
		declare_filecoin(&[1, 3]);
		<Validators as AttestationRounds<u64>>::open_round(&9, question()).unwrap();
		ANSWER.with(|a| *a.borrow_mut() = None);
		Validators::offchain_worker(2);
		assert!(pool.read().transactions.is_empty());
	});
}

#[test]
fn worker_should_commit_and_reveal_the_operators_arbitration_vote() {
	let (mut ext, pool, storage) = validator_node_with_storage(2, false);
	ext.execute_with(|| {
		Validators::offchain_worker(1);
		take_and_apply(&pool);
		declare_filecoin(&[1, 3, 4]);
		let round = <Validators as AttestationRounds<u64>>::open_arbitration(
			&9,
			b"dispute".to_vec().try_into().unwrap(),
			3,
			&[4],
		)
		.unwrap();
		// No vote set: nothing is sent, nothing is guessed.
		Validators::offchain_worker(1);
		assert!(pool.read().transactions.is_empty());

		// The operator votes 2 through the node's off-chain storage.
		storage.write().persistent_storage.set(
			b"",
			&hashmix_primitives::attestation::arbitration_vote_key(round),
			&codec::Encode::encode(&2u8),
		);
		Validators::offchain_worker(1);
		assert!(matches!(take_and_apply(&pool).as_slice(), [Call::commit { .. }]));
		let commit_end = Rounds::<Test>::get(round).unwrap().commit_end;
		System::set_block_number(commit_end + 1);
		Validators::offchain_worker(commit_end + 1);
		let calls = take_and_apply(&pool);
		assert!(matches!(
			calls.as_slice(),
			[Call::reveal { answer, .. }] if answer.first() == Some(&AnswerField::Numeric(2))
		));
	});
}
