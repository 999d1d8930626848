//! Benchmarks of every call, each in its worst case within the pallet's bounds. Chains are regtest
//! chains mined in the setup; their headers are dated from the epoch on, one second apart, because
//! benchmarks run with the chain's clock at zero.

use super::*;
use crate::{testing::*, Pallet as BtcRelay};
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{pallet_prelude::TransactionSource, traits::Authorize};
use frame_system::RawOrigin;
use hashmix_bitcoin::merkle::root_from_branch;
use sp_runtime::RuntimeAppPublic;

/// Starts the relay at `chain`'s checkpoint and relays the chain up to `to`.
fn start<T: Config>(chain: &Chain, to: u32) {
	BtcRelay::<T>::do_initialize(
		BitcoinNetwork::Regtest,
		chain.at(chain.base_height).raw(),
		chain.base_height,
		Vec::new(),
	)
	.expect("a fresh relay starts");
	relay_range::<T>(chain, chain.base_height.saturating_add(1), to);
}

fn relay_range<T: Config>(chain: &Chain, from: u32, to: u32) {
	if from > to {
		return;
	}
	for batch in chain.headers(from, to).chunks(T::MaxHeadersPerBatch::get() as usize) {
		BtcRelay::<T>::do_submit_headers(batch).expect("a mined chain relays");
	}
}

fn hash_of(tag: u8, height: u32, index: u32) -> H256 {
	let mut bytes = [tag; 32];
	for (slot, byte) in
		bytes.iter_mut().zip(height.to_le_bytes().into_iter().chain(index.to_le_bytes()))
	{
		*slot = byte;
	}
	H256(bytes)
}

/// Fills `height` as pruning finds it at worst: `MaxHeadersPerHeight` headers, the first on the
/// best chain with `MaxCreditsPerBlock` credits and their replay guards.
fn fill_height<T: Config>(height: u32, template: &StoredHeader) {
	let hashes: Vec<H256> =
		(0..T::MaxHeadersPerHeight::get()).map(|i| hash_of(0xaa, height, i)).collect();
	for hash in &hashes {
		Headers::<T>::insert(hash, StoredHeader { height, ..template.clone() });
	}
	HeightHashes::<T>::insert(height, BoundedVec::truncate_from(hashes.clone()));
	let best = hash_of(0xaa, height, 0);
	BestChain::<T>::insert(height, best);
	fill_credits::<T>(best, height);
}

/// `MaxCreditsPerBlock` credits of registration 0 in `block`.
fn fill_credits<T: Config>(block: H256, height: u32) {
	let credits: Vec<CreditRecord> = (0..T::MaxCreditsPerBlock::get())
		.map(|i| CreditRecord {
			registration: 0,
			day: 0,
			txid: hash_of(0xcc, height, i),
			vout: i,
			amount: 1,
		})
		.collect();
	for credit in &credits {
		CreditedOutputs::<T>::insert((credit.txid, credit.vout), block);
		Credits::<T>::mutate(0, 0, |total| *total = total.saturating_add(1));
		Registrations::<T>::mutate(0, |r| {
			if let Some(r) = r {
				r.credited_total = r.credited_total.saturating_add(1)
			}
		});
	}
	BlockCredits::<T>::insert(block, BoundedVec::truncate_from(credits));
}

fn register<T: Config>(index: u8) {
	BtcRelay::<T>::do_register(p2tr(index).try_into().expect("34 bytes"), 1, Vec::new())
		.expect("fresh script");
}

/// A fresh attestation key in the keystore, made an attester.
fn attester<T: Config>() -> AttestationId {
	let key = AttestationId::generate_pair(None);
	T::BenchmarkHelper::make_attester(&key);
	key
}

/// The height the `submit_headers` setups start from.
fn headers_base<T: Config>() -> u32 {
	T::HeaderWindow::get().saturating_add(T::MaxHeadersPerBatch::get())
}

/// The tip after `h` headers of the `submit_headers` setup.
fn headers_tip<T: Config>(h: u32) -> u32 {
	headers_base::<T>().saturating_add(h)
}

/// `h` headers extending the best chain, each pruning a full height (forks and credits) out of
/// the window; returns them and the lowest height kept after them.
fn headers_setup<T: Config>(h: u32) -> (BoundedVec<RawHeader, T::MaxHeadersPerBatch>, u32) {
	let window = T::HeaderWindow::get();
	let base = headers_base::<T>();
	let mut chain = Chain::starting_at(base, 1);
	chain.mine_spaced(h, 1);
	start::<T>(&chain, base);
	register::<T>(1);
	let template = Headers::<T>::get(chain.at(base).hash()).expect("checkpoint stored");
	let keep_from = base.saturating_add(h).saturating_sub(window.saturating_sub(1));
	let lowest = keep_from.saturating_sub(h);
	LowestHeight::<T>::put(lowest);
	for height in lowest..keep_from {
		fill_height::<T>(height, &template);
	}
	let headers =
		BoundedVec::truncate_from(chain.headers(base.saturating_add(1), headers_tip::<T>(h)));
	(headers, keep_from)
}

/// A proof of `b` transaction bytes and branches `d` deep crediting `MaxCreditsPerBlock`
/// registered scripts, the rest of its bytes outputs to unregistered scripts (see
/// `submit_payout_proof`).
fn payout_setup<T: Config>(b: u32, d: u32) -> PayoutProofOf<T> {
	let base: u32 = 100;
	let pool = p2wpkh(0xaa);
	let credits = T::MaxCreditsPerBlock::get();
	let mut outputs: Vec<(u64, Vec<u8>)> = (0..credits).map(|i| (100_000, p2tr(i as u8))).collect();
	let previous = spend(&[(H256::repeat_byte(1), 0)], &[(1_000_000_000, pool.clone())]);
	let height = base.saturating_add(1);
	let coinbase_tx = coinbase(height, &[(5_000_000_000, p2wpkh(0))]);
	let used = previous
		.len()
		.saturating_add(spend(&[(txid(&previous), 0)], &outputs).len())
		.saturating_add(coinbase_tx.len());
	// A P2WPKH output is 31 bytes; three more cover the output count's growth.
	let fill = (b as usize).saturating_sub(used).saturating_sub(4) / 31;
	for i in 0..fill {
		let mut script = vec![0x00, 0x14];
		script
			.extend_from_slice(hash_of(0xdd, i as u32, 0).as_bytes().get(..20).unwrap_or_default());
		outputs.push((1_000, script));
	}
	let payout = spend(&[(txid(&previous), 0)], &outputs);
	// Branches of depth `d`: the coinbase and the payout are siblings under `d - 1` more levels.
	let upper: Vec<H256> = (1..d).map(|i| hash_of(0xbb, i, 0)).collect();
	let tx_branch: Vec<H256> = [vec![txid(&coinbase_tx)], upper.clone()].concat();
	let coinbase_branch: Vec<H256> = [vec![txid(&payout)], upper].concat();
	let root = root_from_branch(txid(&coinbase_tx), 0, &coinbase_branch).expect("depth within 16");
	let mut chain = Chain::starting_at(base, 1);
	chain.mine_with_root(1, root, vec![coinbase_tx.clone(), payout.clone()]);
	chain.mine_spaced(T::Confirmations::get().saturating_sub(1), 1);
	start::<T>(&chain, chain.tip_height());
	for i in 0..credits {
		register::<T>(i as u8);
	}
	BtcRelay::<T>::do_add_pool_script(pool.try_into().expect("22 bytes"))
		.expect("fresh pool script");
	let proof = PayoutProofOf::<T> {
		block_hash: chain.at(height).hash(),
		transaction: BoundedVec::truncate_from(payout),
		tx_index: 1,
		tx_branch: BoundedVec::truncate_from(tx_branch),
		coinbase: BoundedVec::truncate_from(coinbase_tx),
		coinbase_branch: BoundedVec::truncate_from(coinbase_branch),
		previous: BoundedVec::truncate_from(vec![BoundedVec::truncate_from(previous)]),
	};
	assert!(proof.byte_len() <= b as usize);
	proof
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn initialize() {
		let chain = Chain::starting_at(0, 1);
		let raw = chain.at(0).raw();
		let times: BoundedVec<u32, ConstU32<10>> = BoundedVec::truncate_from(vec![0; 10]);

		#[extrinsic_call]
		_(RawOrigin::Root, BitcoinNetwork::Regtest, raw, 0, times);

		assert_eq!(BtcRelay::<T>::best_block().map(|(h, _)| h), Some(0));
	}

	/// `h` headers extending the best chain, each pruning a full height (forks and credits) out of
	/// the window.
	#[benchmark]
	fn submit_headers(h: Linear<1, { T::MaxHeadersPerBatch::get() }>) {
		let (headers, keep_from) = headers_setup::<T>(h);
		let tip = headers_tip::<T>(h);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), headers);

		assert_eq!(BtcRelay::<T>::best_block().map(|(height, _)| height), Some(tip));
		assert_eq!(LowestHeight::<T>::get(), keep_from);
	}

	/// `authorize` of `relay_headers`: the signer, the signature over the batch and the dry run
	/// of `submit_headers` in its worst case.
	#[benchmark]
	fn authorize_relay_headers(
		h: Linear<1, { T::MaxHeadersPerBatch::get() }>,
	) -> Result<(), BenchmarkError> {
		let (headers, _) = headers_setup::<T>(h);
		let attester = attester::<T>();
		let signature = attester
			.sign(&BtcRelay::<T>::headers_payload(&headers))
			.ok_or(BenchmarkError::Stop("cannot sign"))?;
		let call = Call::<T>::relay_headers { headers, attester, signature };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("the call authorizes itself")?
				.map_err(|_| "the batch is valid")?;
		}

		assert_eq!(
			BtcRelay::<T>::best_block().map(|(height, _)| height),
			Some(headers_base::<T>())
		);
		Ok(())
	}

	/// One header that makes a fork the best chain, abandoning `d` blocks full of credits.
	#[benchmark]
	fn reorganize(d: Linear<1, { T::MaxReorgDepth::get() }>) {
		let base: u32 = 1_000;
		let mut chain = Chain::starting_at(base, 1);
		chain.mine_spaced(d, 1);
		let mut fork = chain.fork_at(base);
		for _ in 0..=d {
			fork.mine(2, &[(1, p2wpkh(9))], Vec::new());
		}
		start::<T>(&chain, base.saturating_add(d));
		register::<T>(1);
		for height in base.saturating_add(1)..=base.saturating_add(d) {
			fill_credits::<T>(chain.at(height).hash(), height);
		}
		relay_range::<T>(&fork, base.saturating_add(1), base.saturating_add(d));
		let tip = base.saturating_add(d).saturating_add(1);
		let headers: BoundedVec<RawHeader, T::MaxHeadersPerBatch> =
			BoundedVec::truncate_from(fork.headers(tip, tip));
		let caller: T::AccountId = whitelisted_caller();

		#[block]
		{
			BtcRelay::<T>::submit_headers(RawOrigin::Signed(caller).into(), headers)
				.expect("the fork wins");
		}

		assert_eq!(BtcRelay::<T>::best_block(), Some((tip, fork.at(tip).hash())));
		assert_eq!(Credits::<T>::get(0, 0), 0);
	}

	/// A proof of `b` transaction bytes and branches `d` deep whose payout credits
	/// `MaxCreditsPerBlock` registered scripts and fills the rest of its bytes with outputs to
	/// distinct unregistered scripts, each of which costs a lookup; the coinbase's fees are sampled.
	/// The least size, 4 kB, holds the credited outputs (43 bytes each for 64 Taproot scripts).
	#[benchmark]
	fn submit_payout_proof(
		b: Linear<4_000, { T::MaxProofBytes::get() }>,
		d: Linear<1, { T::MaxBranchDepth::get() }>,
	) {
		let proof = payout_setup::<T>(b, d);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), proof);

		assert_eq!(Registrations::<T>::get(0).map(|r| r.credited_total), Some(100_000));
	}

	/// `authorize` of `relay_payout_proof`: the signer, the signature over the proof's hash and
	/// the dry run of `submit_payout_proof` in its worst case.
	#[benchmark]
	fn authorize_relay_payout_proof(
		b: Linear<4_000, { T::MaxProofBytes::get() }>,
		d: Linear<1, { T::MaxBranchDepth::get() }>,
	) -> Result<(), BenchmarkError> {
		let proof = payout_setup::<T>(b, d);
		let attester = attester::<T>();
		let signature = attester
			.sign(&BtcRelay::<T>::payout_proof_payload(&proof))
			.ok_or(BenchmarkError::Stop("cannot sign"))?;
		let call = Call::<T>::relay_payout_proof { proof, attester, signature };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("the call authorizes itself")?
				.map_err(|_| "the proof is valid")?;
		}

		assert_eq!(Registrations::<T>::get(0).map(|r| r.credited_total), Some(0));
		Ok(())
	}

	#[benchmark]
	fn register_script() {
		start::<T>(&Chain::starting_at(0, 1), 0);
		for i in 0..T::MaxMinerScripts::get() {
			BtcRelay::<T>::do_add_pool_script(p2wpkh(i as u8).try_into().expect("22 bytes"))
				.expect("fresh");
		}
		let script: hashmix_primitives::bitcoin::Script = p2tr(7).try_into().expect("34 bytes");

		#[extrinsic_call]
		_(RawOrigin::Root, script.clone(), 1_000_000);

		assert!(Destinations::<T>::contains_key(script));
	}

	#[benchmark]
	fn unregister_script() {
		start::<T>(&Chain::starting_at(0, 1), 0);
		register::<T>(7);
		let script: hashmix_primitives::bitcoin::Script = p2tr(7).try_into().expect("34 bytes");

		#[extrinsic_call]
		_(RawOrigin::Root, script.clone());

		assert!(!Destinations::<T>::contains_key(script));
	}

	#[benchmark]
	fn add_pool_script() {
		let script: hashmix_primitives::bitcoin::Script = p2tr(7).try_into().expect("34 bytes");

		#[extrinsic_call]
		_(RawOrigin::Root, script.clone());

		assert!(PoolScripts::<T>::contains_key(script));
	}

	#[benchmark]
	fn remove_pool_script() {
		let script: hashmix_primitives::bitcoin::Script = p2tr(7).try_into().expect("34 bytes");
		BtcRelay::<T>::do_add_pool_script(script.clone()).expect("fresh");

		#[extrinsic_call]
		_(RawOrigin::Root, script.clone());

		assert!(!PoolScripts::<T>::contains_key(script));
	}

	#[benchmark]
	fn set_default_fee_ratio() {
		#[extrinsic_call]
		_(RawOrigin::Root, 50_000);

		assert_eq!(DefaultFeeRatio::<T>::get(), 50_000);
	}

	impl_benchmark_test_suite!(BtcRelay, crate::mock::new_test_ext(), crate::mock::Test);
}
