//! Block headers: the 80 bytes a relay stores, and their hash.

use crate::{encode::Reader, sha256d, Error, H256};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The serialized size of a block header.
pub const HEADER_LEN: usize = 80;

/// A header as it travels on the wire: exactly 80 bytes.
pub type RawHeader = [u8; HEADER_LEN];

/// A parsed block header.
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
pub struct Header {
	/// Block version (BIP9 version bits).
	pub version: i32,
	/// Hash of the previous block, wire order.
	pub prev_block: H256,
	/// Root of the block's transaction merkle tree, wire order.
	pub merkle_root: H256,
	/// The miner's timestamp, seconds since the Unix epoch.
	pub time: u32,
	/// The target in compact form.
	pub bits: u32,
	/// The nonce that makes the hash meet the target.
	pub nonce: u32,
}

impl Header {
	/// Parses the 80-byte wire form.
	pub fn parse(raw: &RawHeader) -> Self {
		let mut r = Reader::new(raw);
		// Every read below fits in 80 bytes, so none can fail; fall back to zeroes regardless
		// rather than panic.
		let version = r.u32().unwrap_or_default();
		let prev_block = r.hash().unwrap_or_default();
		let merkle_root = r.hash().unwrap_or_default();
		let time = r.u32().unwrap_or_default();
		let bits = r.u32().unwrap_or_default();
		let nonce = r.u32().unwrap_or_default();
		Self {
			version: i32::from_le_bytes(version.to_le_bytes()),
			prev_block,
			merkle_root,
			time,
			bits,
			nonce,
		}
	}

	/// Parses a header from a slice that must be exactly 80 bytes.
	pub fn parse_slice(raw: &[u8]) -> Result<Self, Error> {
		let raw: &RawHeader = raw.try_into().map_err(|_| {
			if raw.len() < HEADER_LEN {
				Error::UnexpectedEnd
			} else {
				Error::TrailingBytes
			}
		})?;
		Ok(Self::parse(raw))
	}

	/// The 80-byte wire form.
	pub fn serialize(&self) -> RawHeader {
		let mut out = [0u8; HEADER_LEN];
		let fields: [&[u8]; 6] = [
			&self.version.to_le_bytes(),
			self.prev_block.as_bytes(),
			self.merkle_root.as_bytes(),
			&self.time.to_le_bytes(),
			&self.bits.to_le_bytes(),
			&self.nonce.to_le_bytes(),
		];
		let mut at = 0usize;
		for field in fields {
			if let Some(slot) = out.get_mut(at..at.saturating_add(field.len())) {
				slot.copy_from_slice(field);
			}
			at = at.saturating_add(field.len());
		}
		out
	}

	/// The block hash (double SHA-256 of the wire form), wire order.
	pub fn hash(&self) -> H256 {
		sha256d(&self.serialize())
	}
}
