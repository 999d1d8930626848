//! Payout proofs: block 830,000's real coinbase and transactions, every refusal, the running cap,
//! and regtest blocks paying our own scripts (self-payments, dust, reorganisations).

use super::helpers::*;
use crate::{mock::*, testing::*, *};
use frame_support::{assert_noop, assert_ok};
use hashmix_bitcoin::{
	merkle::{root_and_branch, MerkleBlock},
	tx::{parse_block, Transaction},
};

const BLOCK: u32 = 830_000;
/// 1 EH/s: AntPool-sized miners are far above this; the cap is generous at it.
const EXAHASH: u128 = 1_000_000_000_000_000_000;

struct Mainnet {
	headers: Vec<RawHeader>,
	transactions: Vec<Vec<u8>>,
}

impl Mainnet {
	fn load() -> Self {
		let (_, transactions) = parse_block(&data("block-830000.bin")).unwrap();
		Self { headers: mainnet(), transactions }
	}

	fn hash(&self) -> H256 {
		header(&mainnet_at(&self.headers, BLOCK)).hash()
	}

	/// The branch of transaction `index` from the shared txoutproof.
	fn proof_branch(&self, index: u32) -> Vec<H256> {
		MerkleBlock::parse(&data(&format!("txoutproof-830000/0830000-{index}.bin")))
			.unwrap()
			.branch(index)
			.unwrap()
	}

	/// The branch of any transaction, from the full block.
	fn block_branch(&self, index: usize) -> Vec<H256> {
		let txids: Vec<H256> = self.transactions.iter().map(|t| txid(t)).collect();
		root_and_branch(&txids, index).unwrap().1
	}

	fn coinbase_proof(&self) -> PayoutProofOf<Test> {
		proof_in_block(self.hash(), &self.transactions, 0, |i| self.proof_branch(i as u32), vec![])
	}

	/// A proof of transaction `index` with its given `branch` (the coinbase's from the shared
	/// txoutproof).
	fn proof(
		&self,
		index: usize,
		branch: Vec<H256>,
		previous: Vec<Vec<u8>>,
	) -> PayoutProofOf<Test> {
		let branch_of = |i: usize| if i == 0 { self.proof_branch(0) } else { branch.clone() };
		proof_in_block(self.hash(), &self.transactions, index, branch_of, previous)
	}

	/// AntPool's P2SH output of the coinbase.
	fn antpool(&self) -> Vec<u8> {
		let coinbase = Transaction::parse(&self.transactions[0]).unwrap();
		coinbase.outputs.iter().max_by_key(|o| o.value).unwrap().script_pubkey.to_vec()
	}

	/// Relays from 828,576 to `to`, registering `destination` on the way at the checkpoint's day.
	fn relay_to(&self, to: u32, destination: Vec<u8>, hashrate: u128) {
		initialize_mainnet(&self.headers, 828_576);
		assert_ok!(BtcRelay::register_script(RuntimeOrigin::root(), script(destination), hashrate));
		relay_mainnet(&self.headers, 828_577, to);
	}
}

fn submit_proof(proof: PayoutProofOf<Test>) -> DispatchResultWithPostInfo {
	BtcRelay::submit_payout_proof(RuntimeOrigin::signed(2), proof)
}

#[test]
fn coinbase_of_830000_should_credit_antpool_after_six_confirmations() {
	run(|| {
		let m = Mainnet::load();
		m.relay_to(BLOCK + 4, m.antpool(), 100 * EXAHASH);
		assert_noop!(submit_proof(m.coinbase_proof()), Error::<Test>::NotEnoughConfirmations);
		relay_mainnet(&m.headers, BLOCK + 5, BLOCK + 5);
		assert_eq!(BtcRelay::confirmations(m.hash()), 6);
		assert_ok!(submit_proof(m.coinbase_proof()));
		let day = Headers::<Test>::get(m.hash()).unwrap().day();
		let txid = txid(&m.transactions[0]);
		assert_eq!(
			events().last(),
			Some(&Event::PayoutCredited {
				registration: 0,
				day,
				txid,
				vout: 1,
				amount: 648_267_494
			})
		);
		assert_eq!(Credits::<Test>::get(0, day), 648_267_494);
		// The replay is refused and changes nothing.
		assert_noop!(submit_proof(m.coinbase_proof()), Error::<Test>::AlreadyCredited);
		// The coinbase counted once in its day's fee sample: its outputs (6.48267494 BTC and 546
		// sat) less the 6.25 BTC subsidy are fees.
		let sample = Days::<Test>::get(day).unwrap().sample;
		assert_eq!(sample, FeeSample { blocks: 1, fees: 23_268_040, subsidies: 625_000_000 });
	});
}

#[test]
fn credits_beyond_the_running_cap_should_not_count() {
	run(|| {
		let m = Mainnet::load();
		// 1 PH/s earned about 0.0017 BTC a day in February 2024: over the ~10 days since
		// registration the cap (150%) is far below AntPool's 6.48 BTC.
		m.relay_to(BLOCK + 5, m.antpool(), 1_000_000_000_000_000);
		let day = Headers::<Test>::get(m.hash()).unwrap().day();
		let registration = Registrations::<Test>::get(0).unwrap();
		let cap = BtcRelay::cap(&registration, day);
		assert!(cap > 0 && cap < 10_000_000, "cap {cap}");
		assert_ok!(submit_proof(m.coinbase_proof()));
		let txid = txid(&m.transactions[0]);
		let tail: Vec<_> = events().into_iter().rev().take(2).collect();
		assert_eq!(
			tail,
			vec![
				Event::PayoutNotCredited {
					registration: 0,
					txid,
					vout: 1,
					reason: NotCredited::OverCap
				},
				Event::PayoutCredited { registration: 0, day, txid, vout: 1, amount: cap },
			]
		);
		assert_eq!(Registrations::<Test>::get(0).unwrap().credited_total, cap);
	});
}

#[test]
fn inclusion_checks_should_refuse_tampering_position_depth_and_64_byte_leaves() {
	run(|| {
		let m = Mainnet::load();
		m.relay_to(BLOCK + 5, m.antpool(), 100 * EXAHASH);
		let branch = m.proof_branch(1);

		let mut tampered = branch.clone();
		tampered[4].0[7] ^= 1;
		assert_noop!(submit_proof(m.proof(1, tampered, vec![])), Error::<Test>::InvalidMerkleProof);
		let mut wrong_position = m.proof(1, branch.clone(), vec![]);
		wrong_position.tx_index = 3;
		assert_noop!(submit_proof(wrong_position), Error::<Test>::InvalidMerkleProof);
		assert_noop!(
			submit_proof(m.proof(1, branch[..10].to_vec(), vec![])),
			Error::<Test>::BranchDepthMismatch
		);
		let mut bad_coinbase = m.proof(1, branch.clone(), vec![]);
		bad_coinbase.coinbase_branch[0].0[0] ^= 1;
		assert_noop!(submit_proof(bad_coinbase), Error::<Test>::InvalidCoinbaseProof);
		let mut not_coinbase = m.proof(1, branch.clone(), vec![]);
		not_coinbase.coinbase = m.transactions[2].clone().try_into().unwrap();
		assert_noop!(submit_proof(not_coinbase), Error::<Test>::InvalidCoinbase);

		// The 64-byte trick: an inner node (the hashes of transactions 0 and 1) posing as a
		// transaction at level 1 with the rest of the branch. Refused as a 64-byte transaction;
		// and were it not, its branch is one level shorter than the coinbase's.
		let mut inner = txid(&m.transactions[0]).0.to_vec();
		inner.extend_from_slice(&txid(&m.transactions[1]).0);
		let mut fake = m.proof(1, branch[1..].to_vec(), vec![]);
		fake.transaction = inner.try_into().unwrap();
		fake.tx_index = 0;
		assert_noop!(submit_proof(fake), Error::<Test>::SixtyFourByteTransaction);

		// The real transaction 1 passes inclusion; it then needs the transactions it spends.
		assert_noop!(
			submit_proof(m.proof(1, branch, vec![])),
			Error::<Test>::MissingPreviousTransaction
		);
	});
}

/// Transaction 15 of block 830,000 spends an output of another transaction of the same block, so
/// the shared block holds both the payment and its source.
fn chained(m: &Mainnet) -> (usize, usize) {
	let txids: Vec<H256> = m.transactions.iter().map(|t| txid(t)).collect();
	let spender = 15;
	let tx = Transaction::parse(&m.transactions[spender]).unwrap();
	assert_eq!(tx.inputs.len(), 1);
	let parent = txids.iter().position(|id| *id == tx.inputs[0].previous_output.txid).unwrap();
	(spender, parent)
}

#[test]
fn non_coinbase_payment_should_count_only_from_an_allowlisted_source() {
	run(|| {
		let m = Mainnet::load();
		let (spender, parent) = chained(&m);
		let tx = Transaction::parse(&m.transactions[spender]).unwrap();
		let destination = tx.outputs[0].script_pubkey.to_vec();
		let vout = tx.inputs[0].previous_output.vout as usize;
		let source = Transaction::parse(&m.transactions[parent]).unwrap().outputs[vout]
			.script_pubkey
			.to_vec();
		m.relay_to(BLOCK + 5, destination.clone(), 100 * EXAHASH);
		let proof =
			|| m.proof(spender, m.block_branch(spender), vec![m.transactions[parent].clone()]);

		// Not from a pool until governance says the source is one.
		assert_noop!(submit_proof(proof()), Error::<Test>::NotFromPool);
		// A previous transaction altered to look like it pays from elsewhere no longer hashes to
		// the outpoint.
		let mut forged_parent = m.transactions[parent].clone();
		let last = forged_parent.len() - 5;
		forged_parent[last] ^= 1;
		assert_noop!(
			submit_proof(m.proof(spender, m.block_branch(spender), vec![forged_parent])),
			Error::<Test>::MissingPreviousTransaction
		);
		// Extra previous transactions are refused.
		assert_noop!(
			submit_proof(m.proof(
				spender,
				m.block_branch(spender),
				vec![m.transactions[parent].clone(), m.transactions[1].clone()]
			)),
			Error::<Test>::UnusedPreviousTransaction
		);

		assert_ok!(BtcRelay::add_pool_script(RuntimeOrigin::root(), script(source)));
		assert_ok!(submit_proof(proof()));
		let day = Headers::<Test>::get(m.hash()).unwrap().day();
		assert!(
			matches!(events().last(), Some(Event::PayoutCredited { registration: 0, vout: 0, day: d, .. }) if *d == day)
		);
		assert_eq!(Credits::<Test>::get(0, day), tx.outputs[0].value);
	});
}

/// A regtest relay whose block at height 2 pays `destination` from a pool: block 1's coinbase
/// pays the pool script, and block 2 carries the pool's payout. Blocks to 8 follow.
fn regtest_payout(outputs: Vec<(u64, Vec<u8>)>) -> (Chain, Vec<u8>, Vec<u8>) {
	let pool = p2wpkh(0xaa);
	let mut chain = Chain::new(0);
	chain.mine(600, &[(5_000_000_000, pool.clone())], vec![]);
	let funding = chain.at(1).transactions[0].clone();
	let payout = spend(&[(txid(&funding), 0)], &outputs);
	chain.mine(600, &[(5_000_000_000, p2wpkh(0))], vec![payout.clone()]);
	chain.mine_empty(6);
	initialize_regtest(&chain);
	assert_ok!(relay(&chain, 1, 8));
	assert_ok!(BtcRelay::add_pool_script(RuntimeOrigin::root(), script(pool)));
	(chain, payout, funding)
}

#[test]
fn self_payments_should_never_count() {
	run(|| {
		let destination = p2tr(0xd1);
		let miner = p2wpkh(0x33);
		let mut chain = Chain::new(0);
		// Block 1 pays the destination and the miner's own script; block 2 spends each back to
		// the destination.
		chain.mine(600, &[(1_000_000, destination.clone()), (1_000_000, miner.clone())], vec![]);
		let funding = chain.at(1).transactions[0].clone();
		let from_destination = spend(&[(txid(&funding), 0)], &[(900_000, destination.clone())]);
		let from_miner = spend(&[(txid(&funding), 1)], &[(900_000, destination.clone())]);
		chain.mine(600, &[(1, p2wpkh(0))], vec![from_destination.clone(), from_miner.clone()]);
		chain.mine_empty(6);
		initialize_regtest(&chain);
		assert_ok!(relay(&chain, 1, 8));
		assert_ok!(<BtcRelay as hashmix_primitives::bitcoin::PayoutDestinations>::register(
			script(destination.clone()),
			1,
			vec![script(miner.clone())]
		));
		// Even if governance wrongly listed them as pool scripts, they are the miner's.
		assert_noop!(
			BtcRelay::add_pool_script(RuntimeOrigin::root(), script(destination)),
			Error::<Test>::DestinationScript
		);
		assert_ok!(BtcRelay::add_pool_script(RuntimeOrigin::root(), script(miner)));
		assert_noop!(
			submit_proof(regtest_proof(&chain, 2, 1, vec![funding.clone()])),
			Error::<Test>::NotFromPool
		);
		assert_noop!(
			submit_proof(regtest_proof(&chain, 2, 2, vec![funding])),
			Error::<Test>::SelfPayment
		);
	});
}

#[test]
fn dust_and_unregistered_outputs_should_not_count() {
	run(|| {
		let destination = p2tr(0xd2);
		let (chain, _, funding) =
			regtest_payout(vec![(DUST - 1, destination.clone()), (100_000, p2wpkh(0x77))]);
		assert_noop!(
			submit_proof(regtest_proof(&chain, 2, 1, vec![funding.clone()])),
			Error::<Test>::NothingCredited
		);
		assert_ok!(BtcRelay::register_script(RuntimeOrigin::root(), script(destination), 1));
		// Registered from the day of block 8: block 2 is the same day, so only dust stands in the way.
		assert_noop!(
			submit_proof(regtest_proof(&chain, 2, 1, vec![funding])),
			Error::<Test>::DustPayout
		);
	});
}

#[test]
fn reorganisation_should_revoke_credits_of_abandoned_blocks() {
	run(|| {
		let destination = p2tr(0xd3);
		let (chain, payout, funding) = regtest_payout(vec![(250_000, destination.clone())]);
		assert_ok!(BtcRelay::register_script(RuntimeOrigin::root(), script(destination), 1));
		assert_ok!(submit_proof(regtest_proof(&chain, 2, 1, vec![funding.clone()])));
		let day = Headers::<Test>::get(chain.at(2).hash()).unwrap().day();
		assert_eq!(Credits::<Test>::get(0, day), 250_000);

		// A heavier branch from height 1 without the payout.
		let mut fork = chain.fork_at(1);
		for _ in 0..8 {
			fork.mine(601, &[(1, p2wpkh(0x55))], vec![]);
		}
		assert_ok!(relay(&fork, 2, 9));
		assert_eq!(BtcRelay::best_block().unwrap().1, fork.at(9).hash());
		let payout_txid = txid(&payout);
		assert!(events().contains(&Event::CreditRevoked {
			registration: 0,
			day,
			txid: payout_txid,
			vout: 0,
			amount: 250_000
		}));
		assert_eq!(Credits::<Test>::get(0, day), 0);
		assert_eq!(Registrations::<Test>::get(0).unwrap().credited_total, 0);
		assert!(CreditedOutputs::<Test>::get((payout_txid, 0)).is_none());
		assert_noop!(
			submit_proof(regtest_proof(&chain, 2, 1, vec![funding])),
			Error::<Test>::NotInBestChain
		);
	});
}

#[test]
fn oversized_and_unknown_proofs_should_be_refused() {
	run(|| {
		let destination = p2tr(0xd4);
		let (chain, _, funding) = regtest_payout(vec![(250_000, destination.clone())]);
		let mut unknown = regtest_proof(&chain, 2, 1, vec![funding.clone()]);
		unknown.block_hash = H256::repeat_byte(3);
		assert_noop!(submit_proof(unknown), Error::<Test>::UnknownBlock);
		let big = vec![0u8; 40_000];
		let oversized = regtest_proof(&chain, 2, 1, vec![funding, big.clone(), big.clone(), big]);
		assert_noop!(submit_proof(oversized), Error::<Test>::ProofTooLarge);
		let mut malformed = regtest_proof(&chain, 2, 1, vec![]);
		malformed.transaction = vec![1u8; 100].try_into().unwrap();
		assert_noop!(submit_proof(malformed), Error::<Test>::MalformedTransaction);
	});
}

#[test]
fn proofs_assembled_from_esplora_answers_should_be_credited() {
	run(|| {
		use hashmix_bitcoin::{merkle::encode_merkle_block, tx::parse_block_raw};
		let m = Mainnet::load();
		let (header, raw) = parse_block_raw(&data("block-830000.bin")).unwrap();
		let raws: Vec<Vec<u8>> = raw.into_iter().map(|(with_witness, _)| with_witness).collect();
		let txids: Vec<H256> = m.transactions.iter().map(|t| txid(t)).collect();
		let merkleblock = |index: usize| encode_merkle_block(&header, &txids, index).unwrap();
		let (spender, parent) = chained(&m);
		let tx = Transaction::parse(&m.transactions[spender]).unwrap();
		let source = Transaction::parse(&m.transactions[parent]).unwrap().outputs
			[tx.inputs[0].previous_output.vout as usize]
			.script_pubkey
			.to_vec();
		m.relay_to(BLOCK + 5, tx.outputs[0].script_pubkey.to_vec(), 100 * EXAHASH);
		assert_ok!(BtcRelay::add_pool_script(RuntimeOrigin::root(), script(source)));

		// The coinbase, as `/tx/:txid/hex` (with its witness) and the shared gettxoutproof.
		let coinbase_proof = data("txoutproof-830000/0830000-0.bin");
		let proof =
			assemble_payout_proof::<Test>(&raws[0], &coinbase_proof, &[], &[], &[]).unwrap();
		assert_eq!(proof, m.coinbase_proof());

		// Transaction 15 with its source, from the raw (witness) forms and merkleblock proofs.
		let proof = assemble_payout_proof::<Test>(
			&raws[spender],
			&merkleblock(spender),
			&raws[0],
			&coinbase_proof,
			&[raws[parent].clone()],
		)
		.unwrap();
		assert_eq!(proof.tx_index, spender as u32);
		assert_ok!(BtcRelay::submit_payout_proof(RuntimeOrigin::signed(2), proof));
		let day = Headers::<Test>::get(m.hash()).unwrap().day();
		assert_eq!(Credits::<Test>::get(0, day), tx.outputs[0].value);

		// A merkleblock proof of another transaction proves nothing about this one.
		assert_eq!(
			assemble_payout_proof::<Test>(
				&raws[spender],
				&merkleblock(1),
				&raws[0],
				&coinbase_proof,
				&[]
			),
			Err(AssembleError::NotProven)
		);
		assert_eq!(
			assemble_payout_proof::<Test>(&[1, 2, 3], &coinbase_proof, &[], &[], &[]),
			Err(AssembleError::Malformed)
		);
	});
}
