//! Reading Bitcoin's wire format: little-endian integers and `CompactSize` lengths, every read
//! bounds-checked.

use crate::{Error, H256};

/// A cursor over bytes in Bitcoin's wire format. Every read checks the remaining length and
/// returns [`Error::UnexpectedEnd`] rather than panicking.
pub struct Reader<'a> {
	data: &'a [u8],
}

impl<'a> Reader<'a> {
	/// Starts reading `data` from its first byte.
	pub fn new(data: &'a [u8]) -> Self {
		Self { data }
	}

	/// The bytes not read yet.
	pub fn remaining(&self) -> usize {
		self.data.len()
	}

	/// The bytes not read yet, as a slice (to measure what a later read consumed).
	pub fn rest(&self) -> &'a [u8] {
		self.data
	}

	/// The next `n` bytes.
	pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], Error> {
		if n > self.data.len() {
			return Err(Error::UnexpectedEnd);
		}
		let (head, tail) = self.data.split_at(n);
		self.data = tail;
		Ok(head)
	}

	/// The next `N` bytes as an array.
	pub fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
		let mut out = [0u8; N];
		out.copy_from_slice(self.bytes(N)?);
		Ok(out)
	}

	/// The next byte.
	pub fn u8(&mut self) -> Result<u8, Error> {
		Ok(u8::from_le_bytes(self.array()?))
	}

	/// The next little-endian `u16`.
	pub fn u16(&mut self) -> Result<u16, Error> {
		Ok(u16::from_le_bytes(self.array()?))
	}

	/// The next little-endian `u32`.
	pub fn u32(&mut self) -> Result<u32, Error> {
		Ok(u32::from_le_bytes(self.array()?))
	}

	/// The next little-endian `u64`.
	pub fn u64(&mut self) -> Result<u64, Error> {
		Ok(u64::from_le_bytes(self.array()?))
	}

	/// The next 32-byte hash, in wire order.
	pub fn hash(&mut self) -> Result<H256, Error> {
		Ok(H256(self.array()?))
	}

	/// The next `CompactSize`, refusing non-shortest encodings as Bitcoin Core does.
	pub fn compact_size(&mut self) -> Result<u64, Error> {
		let value = match self.u8()? {
			0xfd => {
				let v = u64::from(self.u16()?);
				if v < 0xfd {
					return Err(Error::BadLength);
				}
				v
			}
			0xfe => {
				let v = u64::from(self.u32()?);
				if v <= 0xffff {
					return Err(Error::BadLength);
				}
				v
			}
			0xff => {
				let v = self.u64()?;
				if v <= 0xffff_ffff {
					return Err(Error::BadLength);
				}
				v
			}
			small => u64::from(small),
		};
		Ok(value)
	}

	/// A `CompactSize` count of items each at least `min_item_len` bytes long, refused when the
	/// remaining bytes could not hold that many: no allocation is ever sized by an unchecked count.
	pub fn count(&mut self, min_item_len: usize) -> Result<usize, Error> {
		let n = usize::try_from(self.compact_size()?).map_err(|_| Error::BadLength)?;
		let needed = n.checked_mul(min_item_len.max(1)).ok_or(Error::BadLength)?;
		if needed > self.remaining() {
			return Err(Error::BadLength);
		}
		Ok(n)
	}

	/// A `CompactSize`-prefixed byte string.
	pub fn var_bytes(&mut self) -> Result<&'a [u8], Error> {
		let n = self.count(1)?;
		self.bytes(n)
	}

	/// Fails with [`Error::TrailingBytes`] if anything is left.
	pub fn finish(self) -> Result<(), Error> {
		if self.data.is_empty() {
			Ok(())
		} else {
			Err(Error::TrailingBytes)
		}
	}
}

/// Appends `n` as a `CompactSize`.
pub fn push_compact_size(out: &mut alloc::vec::Vec<u8>, n: u64) {
	match n {
		0..=0xfc => out.push(n as u8),
		0xfd..=0xffff => {
			out.push(0xfd);
			out.extend_from_slice(&(n as u16).to_le_bytes());
		}
		0x1_0000..=0xffff_ffff => {
			out.push(0xfe);
			out.extend_from_slice(&(n as u32).to_le_bytes());
		}
		_ => {
			out.push(0xff);
			out.extend_from_slice(&n.to_le_bytes());
		}
	}
}
