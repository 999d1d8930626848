//! The off-chain worker against sp-core's test off-chain externalities, which answer the
//! worker's HTTP requests in the order a test expects them: here with what the test Esplora
//! server (`tests/src/esplora.rs`) answers for a regtest chain mined in the test. The worker
//! relays the headers the relay lacks and then a payout proof to a registered script, as
//! authorized transactions applied the way a block would; bad answers make it log and send
//! nothing.

use super::{helpers::*, relayed::*};
use crate::{mock::*, testing::*, *};
use codec::Decode;
use frame_support::{
	assert_ok,
	pallet_prelude::TransactionSource,
	traits::{Authorize, Hooks},
};
use hashmix_bitcoin::{address::address_of, display_hex, to_hex, Network};
use hashmix_primitives::attestation::BITCOIN_ENDPOINT_KEY;
use hashmix_tests::esplora;
use parking_lot::RwLock;
use sp_core::offchain::{
	testing::{OffchainState, PendingRequest, PoolState, TestOffchainExt, TestTransactionPoolExt},
	OffchainDbExt, OffchainStorage, OffchainWorkerExt, TransactionPoolExt,
};
use std::sync::Arc;

const ESPLORA: &str = "http://127.0.0.1:3002";

struct Node {
	ext: sp_io::TestExternalities,
	pool: Arc<RwLock<PoolState>>,
	http: Arc<RwLock<OffchainState>>,
}

/// A validator's node with an Esplora endpoint configured.
fn node() -> Node {
	let mut ext = new_test_ext();
	let (offchain, http) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	http.write().persistent_storage.set(b"", BITCOIN_ENDPOINT_KEY, ESPLORA.as_bytes());
	ext.register_extension(OffchainDbExt::new(offchain.clone()));
	ext.register_extension(OffchainWorkerExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	Node { ext, pool: pool_state, http }
}

/// The test Esplora server's data (`tests/src/esplora.rs`, the one the node-level test serves)
/// holding `chain`'s blocks.
fn served(chain: &Chain) -> esplora::Chain {
	let mut served = esplora::Chain::regtest();
	for height in chain.base_height..=chain.tip_height() {
		let block = chain.at(height);
		served.add_block(height, block.raw(), &block.transactions);
	}
	served
}

/// The worker's next request is `path`, answered with `body`.
fn expect(node: &Node, path: &str, body: impl Into<Vec<u8>>) {
	node.http.write().expect_request(PendingRequest {
		method: "GET".into(),
		uri: format!("{ESPLORA}{path}"),
		response: Some(body.into()),
		sent: true,
		..Default::default()
	});
}

/// The worker's next requests are `paths`, answered as the test Esplora server holding `chain`
/// answers them.
fn expect_served(node: &Node, chain: &Chain, paths: &[String]) {
	let served = served(chain);
	for path in paths {
		let (status, _, body) = served.answer(path);
		assert_eq!(status, 200, "the worker asked for {path}, which the server does not have");
		expect(node, path, body);
	}
}

/// The requests of a header walk from `from` (exclusive) up to `to`: the endpoint's tip height,
/// the hash at `to`, then each header from `to` down.
fn header_walk(chain: &Chain, to: u32, from: u32) -> Vec<String> {
	let mut paths = vec!["/blocks/tip/height".to_string(), format!("/block-height/{to}")];
	for height in (from + 1..=to).rev() {
		paths.push(format!("/block/{}/header", display_hex(&chain.at(height).hash())));
	}
	paths
}

/// Runs the worker at block `now`.
fn run_worker(now: u64) {
	System::set_block_number(now);
	BtcRelay::offchain_worker(now);
}

/// The calls the worker submitted since the last time, each authorized as the pool would, then
/// dispatched as a block would.
fn take_and_apply(pool: &Arc<RwLock<PoolState>>) -> Vec<Call<Test>> {
	let transactions = std::mem::take(&mut pool.write().transactions);
	transactions
		.into_iter()
		.map(|bytes| {
			let xt = Extrinsic::decode(&mut &bytes[..]).expect("the worker submits extrinsics");
			let RuntimeCall::BtcRelay(call) = xt.function else {
				panic!("not a relay call: {:?}", xt.function)
			};
			call.authorize(TransactionSource::Local)
				.expect("an authorized call")
				.expect("the pool accepts it");
			assert_ok!(dispatch_authorized(call.clone()));
			call
		})
		.collect()
}

/// The destination every worker test registers.
fn destination() -> Vec<u8> {
	p2tr(0xd5)
}

/// A validator's node whose relay starts at a regtest chain's block 0, with the destination
/// registered; the chain (whose block 1's coinbase pays the destination, seven blocks follow) and
/// the path listing the destination's transactions.
fn paid_node() -> (Node, Chain, String) {
	let mut node = node();
	let mut chain = Chain::new(0);
	chain.mine(600, &[(5_000_000_000, destination())], vec![]);
	chain.mine_empty(7);
	let address = address_of(Network::Regtest, &destination()).unwrap();
	node.ext.execute_with(|| {
		initialize_regtest(&chain);
		attestation_key(true);
		assert_ok!(BtcRelay::register_script(RuntimeOrigin::root(), script(destination()), 1));
	});
	(node, chain, format!("/address/{address}/txs/chain"))
}

#[test]
fn worker_should_relay_headers_then_prove_a_payout_to_a_registered_script() {
	let (mut node, mut chain, listing) = paid_node();
	let pool = node.pool.clone();

	// Run 1: the relay is at 0, the endpoint at 8: eight headers in one batch. The payout's
	// block is not relayed yet, so nothing is fetched for it.
	let mut paths = header_walk(&chain, 8, 0);
	paths.push(listing.clone());
	expect_served(&node, &chain, &paths);
	node.ext.execute_with(|| {
		run_worker(2);
		let calls = take_and_apply(&pool);
		assert!(matches!(&calls[..], [Call::relay_headers { headers, .. }] if headers.len() == 8));
		assert_eq!(BtcRelay::best_block(), Some((8, chain.at(8).hash())));
	});

	// Run 2: nothing new above the tip; block 1 has 8 confirmations: its coinbase is proven.
	let coinbase = display_hex(&txid(&chain.at(1).transactions[0]));
	let paths = [
		"/blocks/tip/height".to_string(),
		listing.clone(),
		format!("/tx/{coinbase}/hex"),
		format!("/tx/{coinbase}/merkleblock-proof"),
	];
	expect_served(&node, &chain, &paths);
	node.ext.execute_with(|| {
		run_worker(3);
		let calls = take_and_apply(&pool);
		assert!(
			matches!(&calls[..], [Call::relay_payout_proof { proof, .. }] if proof.tx_index == 0)
		);
		assert_eq!(Registrations::<Test>::get(0).unwrap().credited_total, 5_000_000_000);
	});

	// Run 3: the endpoint grew by two blocks, one spending a pool's money to the destination;
	// the credited coinbase is not fetched again, the new payout is not confirmed enough yet.
	let pool_script = p2wpkh(0xaa);
	chain.mine(600, &[(5_000_000_000, pool_script.clone())], vec![]);
	let funding = chain.at(9).transactions[0].clone();
	let payout = spend(&[(txid(&funding), 0)], &[(40_000_000, destination())]);
	chain.mine(600, &[(5_000_000_000, p2wpkh(0))], vec![payout.clone()]);
	let mut paths = header_walk(&chain, 10, 8);
	paths.push(listing.clone());
	expect_served(&node, &chain, &paths);
	node.ext.execute_with(|| {
		assert_ok!(BtcRelay::add_pool_script(RuntimeOrigin::root(), script(pool_script)));
		run_worker(4);
		assert_eq!(take_and_apply(&pool).len(), 1);
		assert_eq!(BtcRelay::best_block().map(|(h, _)| h), Some(10));
	});

	// Run 4: five more blocks; the relay learns them, but when the listing is read they are
	// still in the pool, so the payout (block 10) has one confirmation: nothing to prove yet.
	chain.mine_empty(5);
	let mut paths = header_walk(&chain, 15, 10);
	paths.push(listing.clone());
	expect_served(&node, &chain, &paths);
	node.ext.execute_with(|| {
		run_worker(5);
		assert_eq!(take_and_apply(&pool).len(), 1);
		assert_eq!(BtcRelay::confirmations(chain.at(10).hash()), 6);
	});

	// Run 5: six confirmations. The worker fetches the payout, its proof, the block's coinbase
	// with its proof, and the transaction it spends.
	let paying = display_hex(&txid(&payout));
	let block_10 = display_hex(&chain.at(10).hash());
	let coinbase_10 = display_hex(&txid(&chain.at(10).transactions[0]));
	let paths = [
		"/blocks/tip/height".to_string(),
		listing.clone(),
		format!("/tx/{paying}/hex"),
		format!("/tx/{paying}/merkleblock-proof"),
		format!("/block/{block_10}/txid/0"),
		format!("/tx/{coinbase_10}/hex"),
		format!("/tx/{coinbase_10}/merkleblock-proof"),
		format!("/tx/{}/hex", display_hex(&txid(&funding))),
	];
	expect_served(&node, &chain, &paths);
	node.ext.execute_with(|| {
		run_worker(6);
		let calls = take_and_apply(&pool);
		assert!(
			matches!(&calls[..], [Call::relay_payout_proof { proof, .. }] if proof.tx_index == 1)
		);
		assert_eq!(
			Registrations::<Test>::get(0).unwrap().credited_total,
			5_000_000_000 + 40_000_000
		);
	});

	// Run 6: everything is credited; only the tip and the listing are read.
	expect_served(&node, &chain, &["/blocks/tip/height".to_string(), listing]);
	node.ext.execute_with(|| {
		run_worker(7);
		assert!(take_and_apply(&pool).is_empty());
	});
}

#[test]
fn worker_should_send_nothing_on_bad_answers() {
	let (mut node, chain, listing) = paid_node();
	let pool = node.pool.clone();
	let h8 = display_hex(&chain.at(8).hash());
	let h7 = display_hex(&chain.at(7).hash());

	// Not a height; not JSON.
	expect(&node, "/blocks/tip/height", "<html>502 Bad Gateway</html>");
	expect(&node, &listing, "{\"error\":");
	// A hash that is not hex; then a header that does not hash to the block asked for.
	expect(&node, "/blocks/tip/height", "8");
	expect(&node, "/block-height/8", "zz");
	expect(&node, &listing, "[]");
	expect(&node, "/blocks/tip/height", "8");
	expect(&node, "/block-height/8", h8.clone());
	expect(&node, &format!("/block/{h8}/header"), to_hex(&chain.at(7).raw()));
	expect(&node, &listing, "[]");
	// A chain that never connects within the walk: the endpoint answers our own checkpoint's
	// child at every height but links it to nothing we know.
	expect(&node, "/blocks/tip/height", "8");
	expect(&node, "/block-height/8", h8.clone());
	expect(&node, &format!("/block/{h8}/header"), to_hex(&chain.at(8).raw()));
	expect(&node, &format!("/block/{h7}/header"), "00");
	expect(&node, &listing, "[{\"txid\": 7}]");
	node.ext.execute_with(|| {
		for now in 2..6 {
			run_worker(now);
			assert!(take_and_apply(&pool).is_empty());
		}
		assert_eq!(BtcRelay::best_block().map(|(h, _)| h), Some(0));
	});
	// Every expected request was made: the test state panics when dropped otherwise.
}

#[test]
fn worker_should_do_nothing_without_an_endpoint_or_a_validator_key() {
	let mut node = node();
	let pool = node.pool.clone();
	let mut chain = Chain::new(0);
	chain.mine_empty(3);
	node.ext.execute_with(|| {
		initialize_regtest(&chain);
		// No attester key in this node's keystore: no request at all.
		attestation_key(false);
		run_worker(2);
		assert!(pool.read().transactions.is_empty());
	});
	node.http.write().persistent_storage.set(b"", BITCOIN_ENDPOINT_KEY, b"");
	node.ext.execute_with(|| {
		attestation_key(true);
		// An empty endpoint is no endpoint.
		run_worker(3);
		assert!(pool.read().transactions.is_empty());
	});
	// No request was made: an unexpected one would find no answer and panic.
}
