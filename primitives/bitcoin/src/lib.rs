//! # HashMix Bitcoin verification
//!
//! Everything the runtime needs to believe a Bitcoin fact without trusting whoever reports it,
//! written for `no_std` and for the wasm runtime: block [`header`]s and their [`pow`] checks
//! (linkage, median time past, the 2016-block retarget, proof of work, chain work), [`merkle`]
//! branches and bitcoind's `CMerkleBlock` proofs, witness-stripped [`tx`] parsing, the output
//! [`script`] classes a payout can go to, and the [`reward`] side: the subsidy schedule and the
//! full-pay-per-share expectation of a declared hashrate.
//!
//! Nothing here allocates more than its input justifies, loops more than its input is long, or
//! panics: every read is bounds-checked and every arithmetic step is checked or saturating, with
//! the rounding chosen against whoever would profit from it. The crate has no signature code: the
//! relay never verifies a Bitcoin signature, only proof of work and hash commitments, so it needs
//! no secp256k1 (see `docs/adr/0007-bitcoin-verification.md`). For Bitcoin signed messages
//! ([`message`]) it computes the digest and the script a recovered key stands for; the key is
//! recovered by the runtime's secp256k1 host function.
//!
//! Hashes are kept in wire (little-endian) byte order, as they are hashed; explorers show them
//! reversed ([`display_hex`]).

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod address;
pub mod encode;
pub mod header;
pub mod merkle;
pub mod message;
pub mod pow;
pub mod reward;
pub mod script;
pub mod tx;

pub use primitive_types::{H256, U256, U512};

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sha2::{Digest, Sha256};

/// Why a piece of Bitcoin data was refused. Each variant names one check, so a caller can tell an
/// honest mistake (a header submitted out of order) from a forgery (a changed nonce).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
	/// The data ended before the structure did.
	UnexpectedEnd,
	/// Bytes were left after the structure ended.
	TrailingBytes,
	/// A variable-length integer was not in its shortest form, or a count exceeds what the
	/// remaining bytes could hold.
	BadLength,
	/// The header does not point at the block it is said to follow.
	BrokenLink,
	/// The header's timestamp is not above the median of the previous eleven blocks.
	TimeTooOld,
	/// The header's timestamp is more than two hours ahead of the chain's clock.
	TimeTooNew,
	/// The header's `bits` are not the target the difficulty rules require at its height.
	WrongBits,
	/// The `bits` field does not encode a valid target (negative, zero, overflowing or above the
	/// network's limit).
	InvalidBits,
	/// The header's hash is above its target: no proof of work.
	InsufficientWork,
	/// A merkle branch is deeper than a block can be, or the position does not fit its depth.
	BadPosition,
	/// A `CMerkleBlock` proof is malformed (bad counts, unused hashes or flag bits, a duplicate
	/// pair) or proves no transaction.
	BadMerkleProof,
	/// The transaction is in the segwit serialization; the stripped form is required.
	WitnessSerialization,
	/// The transaction has no inputs or no outputs.
	EmptyTransaction,
	/// An output value exceeds 21 million BTC.
	ValueOutOfRange,
	/// The transaction is exactly 64 bytes long and could be an inner merkle node in disguise.
	SixtyFourByteTransaction,
}

/// The Bitcoin networks the relay verifies. Testnet3/4 and signet are deliberately absent: their
/// difficulty rules (minimum-difficulty blocks after 20 minutes; signet's block signatures) let
/// anyone produce headers that pass these checks at no cost.
#[derive(
	Debug,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Network {
	/// Bitcoin mainnet: 2016-block retargeting with the four-times clamp.
	Mainnet,
	/// Regtest: the easiest target and no retargeting. For tests only: anyone can mine it.
	Regtest,
}

/// Address prefixes of a network.
pub(crate) struct Prefixes {
	pub p2pkh: u8,
	pub p2sh: u8,
	pub hrp: &'static str,
}

pub(crate) fn network_prefixes(network: Network) -> Prefixes {
	match network {
		Network::Mainnet => Prefixes { p2pkh: 0x00, p2sh: 0x05, hrp: "bc" },
		Network::Regtest => Prefixes { p2pkh: 0x6f, p2sh: 0xc4, hrp: "bcrt" },
	}
}

/// Double SHA-256, Bitcoin's hash for headers, transactions and merkle nodes.
pub fn sha256d(data: &[u8]) -> H256 {
	let once = Sha256::digest(data);
	H256(Sha256::digest(once).into())
}

/// Double SHA-256 of two hashes side by side: a merkle tree's inner node.
pub fn hash_pair(left: &H256, right: &H256) -> H256 {
	let mut both = [0u8; 64];
	let (l, r) = both.split_at_mut(32);
	l.copy_from_slice(left.as_bytes());
	r.copy_from_slice(right.as_bytes());
	sha256d(&both)
}

/// `bytes` as lower-case hex digits.
pub fn to_hex(bytes: &[u8]) -> alloc::string::String {
	const DIGITS: &[u8; 16] = b"0123456789abcdef";
	let mut out = alloc::string::String::with_capacity(bytes.len().saturating_mul(2));
	for byte in bytes {
		for nibble in [byte >> 4, byte & 0x0f] {
			out.push(char::from(DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0')));
		}
	}
	out
}

/// A hash as explorers show it: reversed wire order, lower-case hex.
pub fn display_hex(hash: &H256) -> alloc::string::String {
	let mut bytes = hash.0;
	bytes.reverse();
	to_hex(&bytes)
}

/// Parses hex digits (either case, no prefix, even length) into bytes, as Esplora serves raw
/// headers, transactions and proofs.
pub fn parse_hex(text: &str) -> Option<alloc::vec::Vec<u8>> {
	let digits = text.as_bytes();
	if !digits.len().is_multiple_of(2) {
		return None;
	}
	digits
		.chunks_exact(2)
		.map(|pair| {
			let hi = (*pair.first()? as char).to_digit(16)?;
			let lo = (*pair.get(1)? as char).to_digit(16)?;
			u8::try_from(hi.checked_mul(16)?.checked_add(lo)?).ok()
		})
		.collect()
}

/// Parses a hash shown as explorers show it (64 hex digits, reversed wire order).
pub fn parse_display_hex(text: &str) -> Option<H256> {
	if text.len() != 64 {
		return None;
	}
	let mut bytes = parse_hex(text)?;
	bytes.reverse();
	<[u8; 32]>::try_from(bytes.as_slice()).ok().map(H256)
}
