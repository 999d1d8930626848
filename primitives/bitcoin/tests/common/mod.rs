//! Shared helpers of the verification tests: the repository's real mainnet data and a regtest
//! chain mined on the spot.
#![allow(dead_code, reason = "each test file uses a different part of the helpers")]

use hashmix_bitcoin::{
	header::{Header, RawHeader, HEADER_LEN},
	pow::{self, Parent},
	H256,
};
use std::path::PathBuf;

/// `tests/data/bitcoin-mainnet` of the repository (read at run time: the target dir is shared
/// between clones).
pub fn data_dir() -> PathBuf {
	let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
	PathBuf::from(manifest).join("../../tests/data/bitcoin-mainnet")
}

pub fn read(name: &str) -> Vec<u8> {
	std::fs::read(data_dir().join(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
}

pub const FIRST_HEIGHT: u32 = 822_528;

/// The 8,065 mainnet headers from 822,528.
pub fn mainnet_headers() -> Vec<RawHeader> {
	let bytes = read("headers-822528-830592.bin");
	assert_eq!(bytes.len() % HEADER_LEN, 0);
	bytes.chunks_exact(HEADER_LEN).map(|c| c.try_into().unwrap()).collect()
}

/// A chain tip as the relay tracks it: enough to check the next header.
#[derive(Clone, Debug)]
pub struct Tip {
	pub hash: H256,
	pub height: u32,
	pub bits: u32,
	pub recent_times: Vec<u32>,
	pub period_start_time: u32,
}

impl Tip {
	pub fn checkpoint(header: &Header, height: u32, ancestor_times: &[u32]) -> Self {
		let mut recent_times = ancestor_times.to_vec();
		recent_times.push(header.time);
		Self {
			hash: header.hash(),
			height,
			bits: header.bits,
			recent_times,
			period_start_time: header.time,
		}
	}

	pub fn parent(&self) -> Parent<'_> {
		Parent {
			hash: self.hash,
			height: self.height,
			bits: self.bits,
			recent_times: &self.recent_times,
			period_start_time: self.period_start_time,
		}
	}

	pub fn advance(&mut self, header: &Header, verified: &pow::Verified) {
		self.hash = verified.hash;
		self.height = verified.height;
		self.bits = header.bits;
		self.recent_times.push(header.time);
		if self.recent_times.len() > pow::MEDIAN_TIME_SPAN {
			self.recent_times.remove(0);
		}
		if verified.height.is_multiple_of(pow::RETARGET_INTERVAL) {
			self.period_start_time = header.time;
		}
	}
}

pub const REGTEST_BITS: u32 = 0x207f_ffff;
pub const REGTEST_START: u32 = 1_700_000_000;

/// A mined regtest header on top of `tip`, `seconds` after the tip's time.
pub fn regtest_child(tip: &Tip, seconds: u32, merkle_root: H256) -> Header {
	let mut header = Header {
		version: 0x2000_0000,
		prev_block: tip.hash,
		merkle_root,
		time: tip.recent_times.last().unwrap() + seconds,
		bits: tip.bits,
		nonce: 0,
	};
	pow::mine(&mut header, 1_000_000).expect("regtest mines in a few tries");
	header
}

/// A regtest genesis-like checkpoint.
pub fn regtest_checkpoint() -> (Header, Tip) {
	let mut header = Header {
		version: 1,
		prev_block: H256::zero(),
		merkle_root: H256::repeat_byte(7),
		time: REGTEST_START,
		bits: REGTEST_BITS,
		nonce: 0,
	};
	pow::mine(&mut header, 1_000_000).unwrap();
	let tip = Tip::checkpoint(&header, 0, &[]);
	(header, tip)
}
