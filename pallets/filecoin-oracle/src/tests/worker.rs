//! The off-chain worker with sp-core's test off-chain externalities answering as the test Lotus
//! node (`hashmix_tests::lotus`): the JSON-RPC requests made for each query, the facts read from
//! Lotus's shapes, no answer on errors, and a whole round answered through the validator pallet's
//! worker (commit, then reveal).

use super::*;
use crate::worker::{marker_text, BACKOFF_MS};
use codec::{Decode, Encode};
use frame_support::{pallet_prelude::TransactionSource, traits::Authorize, traits::Hooks};
use hashmix_primitives::{
	attestation::{AnswerProvider, Question, Source, FILECOIN_ENDPOINT_KEY, FILECOIN_TOKEN_KEY},
	filecoin::{
		BeneficiaryTerm, FilecoinQuestion, MinerInfo, MinerPower, SectorCounts, SectorInfo,
	},
};
use hashmix_tests::lotus::{self, Behaviour, State};
use parking_lot::RwLock;
use sp_core::offchain::{
	testing::{OffchainState, PendingRequest, PoolState, TestOffchainExt, TestTransactionPoolExt},
	OffchainDbExt, OffchainStorage, OffchainWorkerExt, TransactionPoolExt,
};
use sp_runtime::traits::Dispatchable;
use std::sync::Arc;

const LOTUS: &str = "http://127.0.0.1:1234/rpc/v1";
const MINER: u64 = lotus::MINER;

struct Node {
	ext: sp_io::TestExternalities,
	pool: Arc<RwLock<PoolState>>,
	http: Http,
}

/// Validator `who`'s node, with the test Lotus endpoint configured (and a token if given).
fn node(who: u64, token: Option<&str>) -> Node {
	let mut ext = new_test_ext();
	let (offchain, http) = TestOffchainExt::new();
	let (pool_ext, pool) = TestTransactionPoolExt::new();
	let keystore = sp_keystore::testing::MemoryKeystore::new();
	insert_key_into_keystore(&keystore, who);
	http.write().persistent_storage.set(b"", FILECOIN_ENDPOINT_KEY, LOTUS.as_bytes());
	if let Some(token) = token {
		http.write().persistent_storage.set(b"", FILECOIN_TOKEN_KEY, token.as_bytes());
	}
	ext.register_extension(OffchainDbExt::new(offchain.clone()));
	ext.register_extension(OffchainWorkerExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool_ext));
	ext.register_extension(sp_keystore::KeystoreExt::new(keystore));
	Node { ext, pool, http }
}

fn lotus_state(behaviour: Behaviour) -> State {
	State { behaviour, head: Some(EPOCH_NOW), ..State::default() }
}

type Http = Arc<RwLock<OffchainState>>;

/// The worker's next request is the JSON-RPC call `body` (exactly), answered `response`.
fn expect(http: &Http, body: &str, response: String, token: Option<&str>) {
	let mut headers = vec![("Content-Type".to_string(), "application/json".to_string())];
	if let Some(token) = token {
		headers.push(("Authorization".to_string(), format!("Bearer {token}")));
	}
	http.write().expect_request(PendingRequest {
		method: "POST".into(),
		uri: LOTUS.into(),
		headers,
		body: body.as_bytes().to_vec(),
		response: Some(response.into_bytes()),
		sent: true,
		..Default::default()
	});
}

/// Expects the calls `bodies`, answered as the test Lotus node in `state` answers them.
fn expect_served(http: &Http, state: &mut State, bodies: &[String]) {
	for body in bodies {
		let (status, response) = state.answer(body.as_bytes());
		assert_eq!(status, 200);
		expect(http, body, response, None);
	}
}

fn tipset_call(id: u64) -> String {
	format!(
		r#"{{"id":{id},"jsonrpc":"2.0","method":"Filecoin.ChainGetTipSetByHeight","params":[{QUESTION_EPOCH},null]}}"#
	)
}

fn state_call(id: u64, method: &str, extra: &str) -> String {
	let key = lotus::block_cid(QUESTION_EPOCH);
	format!(
		r#"{{"id":{id},"jsonrpc":"2.0","method":"Filecoin.{method}","params":["f0{MINER}",{extra}[{{"/":"{key}"}}]]}}"#
	)
}

fn filecoin_question(query: Query) -> Question {
	FilecoinOracle::question(&FilecoinQuestion { miner: MINER, epoch: QUESTION_EPOCH, query })
		.unwrap()
}

fn answer_of(query: Query) -> Option<Fact> {
	let answer = FilecoinOracle::answer(&filecoin_question(query))?;
	Some(crate::facts::from_answer(&query, &answer).expect("the worker's answer has the layout"))
}

fn digest(items: &[Vec<u8>]) -> [u8; 32] {
	sp_io::hashing::blake2_256(&items.encode())
}

#[test]
fn the_worker_should_read_each_query_at_the_rounds_tipset() {
	let node = node(1, None);
	let mut state = lotus_state(Behaviour::Honest);
	let mut ext = node.ext;
	ext.execute_with(|| {
		let served = |state: &mut State, calls: &[String]| expect_served(&node.http, state, calls);
		// Power.
		served(&mut state, &[tipset_call(1), state_call(2, "StateMinerPower", "")]);
		assert_eq!(
			answer_of(Query::MinerPower),
			Some(Fact::MinerPower(MinerPower {
				raw: 1_204 << 40,
				quality_adjusted: 12_040 << 40,
				total_raw: 22_680_524_432_218_226_688,
				total_quality_adjusted: 29_401_749_372_826_206_208,
				has_min_power: true,
			}))
		);
		// Sector counts and the fault bitfield.
		served(
			&mut state,
			&[
				tipset_call(1),
				state_call(2, "StateMinerSectorCount", ""),
				state_call(3, "StateMinerFaults", ""),
			],
		);
		assert_eq!(
			answer_of(Query::SectorCounts),
			Some(Fact::SectorCounts(SectorCounts {
				live: 38_531,
				active: 38_529,
				faulty: 2,
				faults: 2
			}))
		);
		// The sector with its real sealed CID, and a sector that does not exist.
		served(&mut state, &[tipset_call(1), state_call(2, "StateSectorGetInfo", "17661,")]);
		assert_eq!(
			answer_of(Query::Sector(17_661)),
			Some(Fact::Sector(Some(SectorInfo {
				comm_r: hashmix_filecoin::cid::parse_sealed(lotus::SECTOR_SEALED_CID).unwrap(),
				activation: 1_437_943,
				expiration: 2_992_929,
				initial_pledge: 5_982_417_264_563_748,
				expected_day_reward: 19_384_051_729_331,
			})))
		);
		served(&mut state, &[tipset_call(1), state_call(2, "StateSectorGetInfo", "5,")]);
		assert_eq!(answer_of(Query::Sector(5)), Some(Fact::Sector(None)));
		// The available balance.
		served(&mut state, &[tipset_call(1), state_call(2, "StateMinerAvailableBalance", "")]);
		assert_eq!(
			answer_of(Query::AvailableBalance),
			Some(Fact::AvailableBalance(1_275_204_857_120_386_574_402))
		);
		// Miner info: addresses as bytes, lists as digests.
		served(&mut state, &[tipset_call(1), state_call(2, "StateMinerInfo", "")]);
		let owner = address(lotus::OWNER);
		assert_eq!(
			answer_of(Query::MinerInfo),
			Some(Fact::MinerInfo(MinerInfo {
				owner: owner.clone(),
				worker: address(lotus::WORKER),
				control_digest: digest(&[
					address("f01578651").into_inner(),
					address("f12fiakbhe2gwd5cnmrenekasyn6v5tnaxaqizq6a").into_inner(),
				]),
				peer_id: b"12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf"
					.to_vec()
					.try_into()
					.unwrap(),
				multiaddrs_digest: digest(&[
					lotus::multiaddr_bytes("/ip4/203.0.113.7/tcp/24001").unwrap()
				]),
				beneficiary: owner,
				term: BeneficiaryTerm { quota: 0, used_quota: 0, expiration: 0 },
				pending: None,
			}))
		);
		assert!(node.http.read().requests.values().all(|request| request.response.is_some()));
	});
}

#[test]
fn the_marker_should_be_found_only_once_published_before_the_epoch() {
	let node = node(1, None);
	let mut state = lotus_state(Behaviour::Honest);
	let marker = [0xab; 10];
	let published = format!("/dns4/{}/tcp/1", marker_text(&marker));
	let view = node.http.clone();
	let mut ext = node.ext;
	ext.execute_with(|| {
		let marker_call = [tipset_call(1), state_call(2, "StateMinerInfo", "")];
		expect_served(&view, &mut state, &marker_call);
		let found = |fact: Option<Fact>| match fact {
			Some(Fact::Marker(marker)) => {
				assert_eq!(marker.owner, address(lotus::OWNER));
				assert_eq!(marker.worker, address(lotus::WORKER));
				marker.found
			}
			other => panic!("not a marker fact: {other:?}"),
		};
		assert!(!found(answer_of(Query::Marker(marker))));
		// Published after the question epoch: not yet in the state asked about.
		state.multiaddrs = (vec![], vec![published.clone()], QUESTION_EPOCH + 1);
		expect_served(&view, &mut state, &marker_call);
		assert!(!found(answer_of(Query::Marker(marker))));
		// Published at the epoch.
		state.multiaddrs = (vec![], vec![published], QUESTION_EPOCH);
		expect_served(&view, &mut state, &marker_call);
		assert!(found(answer_of(Query::Marker(marker))));
		// Another account's marker is not this one.
		expect_served(&view, &mut state, &marker_call);
		assert!(!found(answer_of(Query::Marker([0xac; 10]))));
	});
}

#[test]
fn a_bearer_token_should_be_sent_when_configured() {
	let node = node(1, Some("eyJhbGciOiJIUzI1NiJ9.read"));
	let mut state = lotus_state(Behaviour::Honest);
	let mut ext = node.ext;
	ext.execute_with(|| {
		for body in [tipset_call(1), state_call(2, "StateMinerAvailableBalance", "")] {
			let (_, response) = state.answer(body.as_bytes());
			expect(&node.http, &body, response, Some("eyJhbGciOiJIUzI1NiJ9.read"));
		}
		assert!(answer_of(Query::AvailableBalance).is_some());
	});
}

#[test]
fn errors_and_hostile_answers_should_give_no_answer() {
	let node = node(1, None);
	let view = node.http.clone();
	let mut ext = node.ext;
	ext.execute_with(|| {
		let tipset = lotus_state(Behaviour::Honest).answer(tipset_call(1).as_bytes()).1;
		let ok = |result: &str| format!(r#"{{"jsonrpc":"2.0","id":2,"result":{result}}}"#);
		let cases: Vec<(Query, String, String)> = vec![
			// Lotus's error object (an unknown actor).
			(
				Query::MinerPower,
				state_call(2, "StateMinerPower", ""),
				r#"{"jsonrpc":"2.0","id":2,"error":{"code":1,"message":"actor not found"}}"#.into(),
			),
			// Truncated JSON.
			(
				Query::MinerPower,
				state_call(2, "StateMinerPower", ""),
				r#"{"jsonrpc":"2.0","id":2,"result":{"MinerPower":{"RawByteP"#.into(),
			),
			// A number beyond u128, and a negative one.
			(
				Query::AvailableBalance,
				state_call(2, "StateMinerAvailableBalance", ""),
				ok(r#""340282366920938463463374607431768211456""#),
			),
			(
				Query::AvailableBalance,
				state_call(2, "StateMinerAvailableBalance", ""),
				ok(r#""-1""#),
			),
			// A sector whose "sealed" CID is a dag-cbor CID (wrong codec).
			(
				Query::Sector(17_661),
				state_call(2, "StateSectorGetInfo", "17661,"),
				lotus_state(Behaviour::Honest)
					.answer(state_call(2, "StateSectorGetInfo", "17661,").as_bytes())
					.1
					.replace(lotus::SECTOR_SEALED_CID, &lotus::block_cid(1)),
			),
			// Another sector than the one asked for.
			(
				Query::Sector(1),
				state_call(2, "StateSectorGetInfo", "1,"),
				lotus_state(Behaviour::Honest)
					.answer(state_call(2, "StateSectorGetInfo", "17661,").as_bytes())
					.1,
			),
			// A worker address with a bad checksum.
			(
				Query::MinerInfo,
				state_call(2, "StateMinerInfo", ""),
				lotus_state(Behaviour::Honest)
					.answer(state_call(2, "StateMinerInfo", "").as_bytes())
					.1
					.replace("f15ihq5ib", "f15ihq5ic"),
			),
		];
		for (query, call, response) in cases {
			expect(&view, &tipset_call(1), tipset.clone(), None);
			expect(&view, &call, response.clone(), None);
			assert_eq!(answer_of(query), None, "{query:?} answered from {response}");
		}
		// A tipset above the epoch asked for.
		let above = tipset.replace(
			&format!(r#""Height":{QUESTION_EPOCH}"#),
			&format!(r#""Height":{}"#, QUESTION_EPOCH + 1),
		);
		expect(&view, &tipset_call(1), above, None);
		assert_eq!(answer_of(Query::MinerPower), None);
		// A tipset key that is not a block CID.
		let bad_key = tipset.replace(&lotus::block_cid(QUESTION_EPOCH), lotus::SECTOR_SEALED_CID);
		expect(&view, &tipset_call(1), bad_key, None);
		assert_eq!(answer_of(Query::MinerPower), None);
		// A garbage node answers the tipset with half a JSON document.
		let garbage = lotus_state(Behaviour::Garbage).answer(tipset_call(1).as_bytes()).1;
		expect(&view, &tipset_call(1), garbage, None);
		assert_eq!(answer_of(Query::MinerPower), None);
	});
}

#[test]
fn no_endpoint_another_source_or_a_foreign_body_should_make_no_request() {
	let node = node(1, None);
	let mut ext = node.ext;
	ext.execute_with(|| {
		let mut bitcoin = filecoin_question(Query::MinerPower);
		bitcoin.source = Source::Bitcoin;
		assert_eq!(FilecoinOracle::answer(&bitcoin), None);
		let mut foreign = filecoin_question(Query::MinerPower);
		foreign.body = b"power f01234 at 5000000".to_vec().try_into().unwrap();
		assert_eq!(FilecoinOracle::answer(&foreign), None);
		// Trailing bytes after a question are not that question.
		let mut trailing = filecoin_question(Query::MinerPower);
		trailing.body.try_push(0).unwrap();
		assert_eq!(FilecoinOracle::answer(&trailing), None);
		sp_io::offchain::local_storage_clear(
			sp_core::offchain::StorageKind::PERSISTENT,
			FILECOIN_ENDPOINT_KEY,
		);
		assert_eq!(FilecoinOracle::answer(&filecoin_question(Query::MinerPower)), None);
		assert!(node.http.read().requests.is_empty());
	});
}

#[test]
fn a_node_backing_off_should_make_no_request() {
	let node = node(1, None);
	let mut ext = node.ext;
	ext.execute_with(|| {
		let until = sp_io::offchain::timestamp().unix_millis() + BACKOFF_MS;
		sp_io::offchain::local_storage_set(
			sp_core::offchain::StorageKind::PERSISTENT,
			b"hashmix::filecoin-oracle::backoff-until",
			&until.encode(),
		);
		assert_eq!(
			FilecoinOracle::fetch_fact(&FilecoinQuestion {
				miner: MINER,
				epoch: QUESTION_EPOCH,
				query: Query::MinerPower
			}),
			Err(crate::worker::FetchError::BackingOff)
		);
		assert!(node.http.read().requests.is_empty());
	});
}

/// The calls the worker submitted, each checked by `authorize` as the pool would, then
/// dispatched as a block would.
fn take_and_apply(pool: &Arc<RwLock<PoolState>>) -> Vec<pallet_validators::Call<Test>> {
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

#[test]
fn a_round_should_be_answered_from_lotus_committed_then_revealed() {
	let node = node(2, None);
	let mut state = lotus_state(Behaviour::Honest);
	let view = node.http.clone();
	let pool = node.pool.clone();
	let mut ext = node.ext;
	ext.execute_with(|| {
		assert_ok!(FilecoinOracle::ask(RuntimeOrigin::signed(5), MINER, Query::MinerPower));
		let round = last_round();
		expect_served(&view, &mut state, &[tipset_call(1), state_call(2, "StateMinerPower", "")]);
		Validators::offchain_worker(1);
		let calls = take_and_apply(&pool);
		assert!(
			matches!(calls.as_slice(), [pallet_validators::Call::commit { round: r, member: 1, .. }] if *r == round),
			"{calls:?}"
		);
		// Committed: nothing fetched or sent again.
		Validators::offchain_worker(2);
		assert!(pool.read().transactions.is_empty());

		// The other validators answer the same through their own nodes.
		let truth = crate::facts::to_answer(&Fact::MinerPower(MinerPower {
			raw: 1_204 << 40,
			quality_adjusted: 12_040 << 40,
			total_raw: 22_680_524_432_218_226_688,
			total_quality_adjusted: 29_401_749_372_826_206_208,
			has_min_power: true,
		}));
		let open = pallet_validators::Rounds::<Test>::get(round).unwrap();
		for who in [1u64, 3] {
			let member = open.members.iter().position(|m| m.who == who).unwrap() as u32;
			let salt = [who as u8; 32];
			let commitment = Validators::commitment_of(round, &who, &truth, &salt);
			assert_ok!(Validators::commit(
				frame_system::RawOrigin::Authorized.into(),
				round,
				member,
				commitment,
				sp_core::Pair::sign(
					&attestation_pair(who),
					&Validators::commit_payload(round, member, &commitment)
				),
			));
		}
		run_to_block(open.commit_end + 1);
		Validators::offchain_worker(open.commit_end + 1);
		let calls = take_and_apply(&pool);
		assert!(matches!(
			calls.as_slice(),
			[pallet_validators::Call::reveal { answer, .. }] if *answer == truth
		));
		for who in [1u64, 3] {
			let member = open.members.iter().position(|m| m.who == who).unwrap() as u32;
			let salt = [who as u8; 32];
			assert_ok!(Validators::reveal(
				frame_system::RawOrigin::Authorized.into(),
				round,
				member,
				truth.clone(),
				salt,
				sp_core::Pair::sign(
					&attestation_pair(who),
					&Validators::reveal_payload(round, member, &truth, &salt)
				),
			));
		}
		run_to_block(open.reveal_end + 1);
		let question =
			FilecoinQuestion { miner: MINER, epoch: QUESTION_EPOCH, query: Query::MinerPower };
		assert_eq!(
			crate::Facts::<Test>::get(question).map(|stored| stored.fact),
			crate::facts::from_answer(&Query::MinerPower, &truth)
		);
		FilecoinOracle::do_try_state().unwrap();
	});
}
