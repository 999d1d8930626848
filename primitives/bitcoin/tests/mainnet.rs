//! The verification library against real Bitcoin mainnet data (tests/data/bitcoin-mainnet).
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

mod common;

use common::*;
use hashmix_bitcoin::{
	display_hex,
	header::Header,
	merkle::{root_from_branch, MerkleBlock},
	pow::{self, check_header, RETARGET_INTERVAL},
	reward,
	script::ScriptClass,
	tx::{parse_block, Transaction},
	Error, Network, H256,
};

/// Far enough after 2024 that no real header is "too new".
const NOW: u64 = 1_800_000_000;

#[test]
fn real_headers_should_be_accepted_across_four_retargets() {
	let headers: Vec<Header> = mainnet_headers().iter().map(Header::parse).collect();
	assert_eq!(headers.len(), 8_065);
	let mut tip = Tip::checkpoint(&headers[0], FIRST_HEIGHT, &[]);
	let mut total_work = pow::work(pow::decode_compact(headers[0].bits).unwrap());
	let mut retargets = Vec::new();
	for header in &headers[1..] {
		let verified = check_header(Network::Mainnet, &tip.parent(), header, NOW)
			.unwrap_or_else(|e| panic!("height {}: {e:?}", tip.height + 1));
		if header.bits != tip.bits {
			retargets.push((verified.height, tip.bits, header.bits));
		}
		total_work += verified.work;
		tip.advance(header, &verified);
	}
	assert_eq!(tip.height, 830_592);
	let boundaries: Vec<u32> = retargets.iter().map(|r| r.0).collect();
	assert_eq!(boundaries, vec![824_544, 826_560, 828_576, 830_592]);
	assert!(retargets.iter().all(|r| r.0 % RETARGET_INTERVAL == 0));
	// 8,065 blocks at ~8.3e22 expected hashes each.
	assert!(
		total_work
			> hashmix_bitcoin::U256::from(8_000u64)
				* hashmix_bitcoin::U256::from(10u64).pow(22.into())
	);
	// The tip is the well-known block 830,592.
	assert_eq!(display_hex(&tip.hash).len(), 64);
}

#[test]
fn every_retarget_since_genesis_should_reproduce() {
	let text = String::from_utf8(read("period-boundaries.txt")).unwrap();
	let mut by_height = std::collections::BTreeMap::new();
	for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
		let (height, hex) = line.split_once(' ').unwrap();
		let bytes = hex_decode(hex.trim());
		by_height.insert(height.parse::<u32>().unwrap(), Header::parse_slice(&bytes).unwrap());
	}
	let mut reproduced = 0;
	for (&height, last) in by_height.iter() {
		if (height + 1) % RETARGET_INTERVAL != 0 {
			continue;
		}
		let (Some(first), Some(next)) =
			(by_height.get(&(height + 1 - RETARGET_INTERVAL)), by_height.get(&(height + 1)))
		else {
			continue;
		};
		assert_eq!(next.prev_block, last.hash(), "link at {}", height + 1);
		pow::meets_own_target(Network::Mainnet, next).unwrap();
		let bits = pow::retarget(Network::Mainnet, last.bits, first.time, last.time).unwrap();
		assert_eq!(bits, next.bits, "retarget at {}", height + 1);
		reproduced += 1;
	}
	assert_eq!(reproduced, 413);
}

#[test]
fn changed_nonce_should_fail_proof_of_work_and_broken_link_should_fail_linkage() {
	let raw = mainnet_headers();
	let first = Header::parse(&raw[0]);
	let second = Header::parse(&raw[1]);
	let tip = Tip::checkpoint(&first, FIRST_HEIGHT, &[]);
	check_header(Network::Mainnet, &tip.parent(), &second, NOW).unwrap();

	let mut forged = second;
	forged.nonce ^= 1;
	assert_eq!(
		check_header(Network::Mainnet, &tip.parent(), &forged, NOW),
		Err(Error::InsufficientWork)
	);

	let mut unlinked = second;
	unlinked.prev_block = H256::repeat_byte(1);
	assert_eq!(
		check_header(Network::Mainnet, &tip.parent(), &unlinked, NOW),
		Err(Error::BrokenLink)
	);

	// A real header's own bits cannot be lowered: the expected target is fixed mid-period.
	let mut easier = second;
	easier.bits = first.bits + 1;
	assert_eq!(check_header(Network::Mainnet, &tip.parent(), &easier, NOW), Err(Error::WrongBits));

	// The chain's clock decides "too far ahead": two hours, not a second more.
	let now = u64::from(second.time) - pow::MAX_FUTURE_DRIFT - 1;
	assert_eq!(check_header(Network::Mainnet, &tip.parent(), &second, now), Err(Error::TimeTooNew));
}

#[test]
fn block_830000_should_parse_and_commit_to_its_transactions() {
	let (header, txs) = parse_block(&read("block-830000.bin")).unwrap();
	assert_eq!(
		display_hex(&header.hash()),
		"000000000000000000011d55599ed27d7efca05f5849b755319c89eb2cffbc1f"
	);
	assert_eq!(txs.len(), 1_851);
	let txids: Vec<H256> = txs.iter().map(|t| Transaction::parse(t).unwrap().txid).collect();
	assert_eq!(hashmix_bitcoin::merkle::root_and_branch(&txids, 0).unwrap().0, header.merkle_root);

	let coinbase = Transaction::parse(&txs[0]).unwrap();
	assert!(coinbase.is_coinbase());
	assert_eq!(coinbase.coinbase_height(), Some(830_000));
	let paid = coinbase.outputs.iter().max_by_key(|o| o.value).unwrap();
	assert_eq!(paid.value, 648_267_494);
	assert_eq!(ScriptClass::of(paid.script_pubkey), Some(ScriptClass::P2sh));
	assert_eq!(reward::subsidy(830_000), 625_000_000);
	assert_eq!(reward::subsidy(840_000), 312_500_000);
	assert!(coinbase.total_output() > reward::subsidy(830_000));
	assert!(!Transaction::parse(&txs[1]).unwrap().is_coinbase());
}

#[test]
fn txoutproofs_should_yield_branches_to_the_header_root() {
	let (header, txs) = parse_block(&read("block-830000.bin")).unwrap();
	let mut checked = 0;
	for index in [0u32, 1, 10, 100, 1000, 1850] {
		let proof =
			MerkleBlock::parse(&read(&format!("txoutproof-830000/0830000-{index}.bin"))).unwrap();
		assert_eq!(proof.header, header);
		assert_eq!(proof.total_transactions, 1_851);
		assert_eq!(proof.matches.len(), 1);
		let (at, txid) = proof.matches[0];
		assert_eq!(at, index);
		assert_eq!(txid, Transaction::parse(&txs[index as usize]).unwrap().txid);
		let branch = proof.branch(index).unwrap();
		assert_eq!(branch.len(), 11);
		assert_eq!(root_from_branch(txid, index, &branch), Ok(header.merkle_root));
		// The same branch at another position, or tampered, reaches another root (except for the
		// last, unpaired transaction, whose sibling is itself).
		if index != 1850 {
			assert_ne!(root_from_branch(txid, index ^ 1, &branch), Ok(header.merkle_root));
		}
		let mut tampered = branch.clone();
		tampered[3].0[0] ^= 1;
		assert_ne!(root_from_branch(txid, index, &tampered), Ok(header.merkle_root));
		// A position beyond the branch's depth is refused outright.
		assert_eq!(root_from_branch(txid, index + (1 << 11), &branch), Err(Error::BadPosition));
		checked += 1;
	}
	assert_eq!(checked, 6);

	let mut bad = read("txoutproof-830000/0830000-1.bin");
	let last = bad.len() - 1;
	bad[last - 40] ^= 1; // a hash inside the proof
	assert_eq!(MerkleBlock::parse(&bad).map(|_| ()), Err(Error::BadMerkleProof));
}

#[test]
fn sixty_four_byte_transactions_and_segwit_form_should_be_refused() {
	assert_eq!(Transaction::parse(&[0u8; 64]), Err(Error::SixtyFourByteTransaction));
	let (_, txs) = parse_block(&read("block-830000.bin")).unwrap();
	let coinbase = &txs[0];
	// The witness form of the coinbase (marker, flag, one 32-byte witness item) is refused as is and
	// stripped back to the same txid.
	let mut witness = coinbase[..4].to_vec();
	witness.extend_from_slice(&[0x00, 0x01]);
	witness.extend_from_slice(&coinbase[4..coinbase.len() - 4]);
	witness.extend_from_slice(&[0x01, 0x20]);
	witness.extend_from_slice(&[0u8; 32]);
	witness.extend_from_slice(&coinbase[coinbase.len() - 4..]);
	assert_eq!(Transaction::parse(&witness), Err(Error::WitnessSerialization));
	let stripped = hashmix_bitcoin::tx::strip_witness(&witness).unwrap();
	assert_eq!(&stripped, coinbase);
}

#[test]
fn foundry_fpps_example_should_reproduce() {
	// Foundry USA's published FPPS example: 1 PH/s at difficulty 21,448,277,761,059 with a 6.25
	// BTC subsidy earns 0.0058619 BTC a day before fees.
	let sats = reward::expected_payout_at_difficulty(
		1_000_000_000_000_000,
		21_448_277_761_059,
		625_000_000,
	);
	// Exactly 586,194.14 sat, rounded up; published truncated to seven decimals.
	assert_eq!(sats, 586_195);
	assert_eq!(sats / 10, 58_619);
	// The same from a target of that difficulty.
	let target = (hashmix_bitcoin::U256::from(0xffffu64) << 208)
		/ hashmix_bitcoin::U256::from(21_448_277_761_059u64);
	let from_target = reward::expected_payout(1_000_000_000_000_000, target, 625_000_000);
	assert!(from_target.abs_diff(sats) <= 1, "{from_target} vs {sats}");
}

fn hex_decode(hex: &str) -> Vec<u8> {
	(0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
}

#[test]
fn addresses_should_match_published_vectors() {
	use hashmix_bitcoin::address::address_of;
	let hex = |s: &str| hex_decode(s);
	// BIP173 (segwit v0), BIP350 (Taproot), the genesis coinbase's P2PKH address.
	let vectors = [
		(
			"0014751e76e8199196d454941c45d1b3a323f1433bd6",
			"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
		),
		(
			"00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
			"bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
		),
		(
			"512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
			"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
		),
		(
			"76a91462e907b15cbf27d5425399ebf6f0fb50ebb88f1888ac",
			"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
		),
	];
	for (script, address) in vectors {
		assert_eq!(address_of(Network::Mainnet, &hex(script)).as_deref(), Some(address));
	}
	// AntPool's coinbase output in block 830,000.
	let (_, txs) = parse_block(&read("block-830000.bin")).unwrap();
	let coinbase = Transaction::parse(&txs[0]).unwrap();
	let antpool = coinbase.outputs.iter().max_by_key(|o| o.value).unwrap().script_pubkey;
	assert_eq!(
		address_of(Network::Mainnet, antpool).as_deref(),
		Some("38XnPvu9PmonFU9WouPXUjYbW91wa5MerL")
	);
	// Regtest uses its own prefixes; non-standard scripts have no address.
	assert!(address_of(Network::Regtest, &hex("0014751e76e8199196d454941c45d1b3a323f1433bd6"))
		.unwrap()
		.starts_with("bcrt1q"));
	assert_eq!(address_of(Network::Mainnet, &[0x6a, 0x00]), None);
}

#[test]
fn encoded_merkle_blocks_should_equal_bitcoind_proofs() {
	let (header, txs) = parse_block(&read("block-830000.bin")).unwrap();
	let txids: Vec<H256> = txs.iter().map(|t| Transaction::parse(t).unwrap().txid).collect();
	for index in [0usize, 1, 10, 100, 1000, 1850] {
		let ours = hashmix_bitcoin::merkle::encode_merkle_block(&header, &txids, index).unwrap();
		assert_eq!(
			ours,
			read(&format!("txoutproof-830000/0830000-{index}.bin")),
			"proof of {index}"
		);
	}
}
