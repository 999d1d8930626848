//! Transactions in their witness-stripped serialization, the form whose double SHA-256 is the
//! txid and which the block's merkle tree commits to.

use crate::{
	encode::{push_compact_size, Reader},
	header::{Header, HEADER_LEN},
	sha256d, Error, H256,
};
use alloc::vec::Vec;

/// The most satoshis that can ever exist: 21 million BTC.
pub const MAX_MONEY: u64 = 21_000_000 * 100_000_000;

/// A reference to an output of an earlier transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutPoint {
	/// The earlier transaction's txid, wire order.
	pub txid: H256,
	/// The output's index in it.
	pub vout: u32,
}

impl OutPoint {
	/// Whether this is the null outpoint a coinbase input refers to.
	pub fn is_null(&self) -> bool {
		self.txid.is_zero() && self.vout == u32::MAX
	}
}

/// A transaction input. Its `script_sig` is kept only to read a coinbase's height: a spender's
/// scriptSig or witness never tells where money came from (anyone can make them look like a
/// pool's), only the previous transaction's output does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TxIn<'a> {
	/// The output it spends.
	pub previous_output: OutPoint,
	/// The unlocking script (for a coinbase: arbitrary data starting with the height).
	pub script_sig: &'a [u8],
	/// The sequence number.
	pub sequence: u32,
}

/// A transaction output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TxOut<'a> {
	/// Satoshis.
	pub value: u64,
	/// The locking script.
	pub script_pubkey: &'a [u8],
}

/// A parsed witness-stripped transaction, borrowing from its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction<'a> {
	/// Its inputs.
	pub inputs: Vec<TxIn<'a>>,
	/// Its outputs.
	pub outputs: Vec<TxOut<'a>>,
	/// Its txid: double SHA-256 of the stripped bytes.
	pub txid: H256,
}

/// Smallest serialized input: outpoint 36, script length 1, sequence 4.
const MIN_INPUT_LEN: usize = 41;
/// Smallest serialized output: value 8, script length 1.
const MIN_OUTPUT_LEN: usize = 9;

impl<'a> Transaction<'a> {
	/// Parses a witness-stripped transaction. The segwit serialization is refused
	/// ([`Error::WitnessSerialization`]; use [`strip_witness`] first), as is a 64-byte
	/// transaction, which could be an inner merkle node presented as a leaf.
	pub fn parse(bytes: &'a [u8]) -> Result<Self, Error> {
		if bytes.len() == 64 {
			return Err(Error::SixtyFourByteTransaction);
		}
		let mut r = Reader::new(bytes);
		let _version = r.u32()?;
		let (inputs, outputs) = read_body(&mut r, false)?;
		let _lock_time = r.u32()?;
		r.finish()?;
		Ok(Self { inputs, outputs, txid: sha256d(bytes) })
	}

	/// Whether this is a coinbase: a single input spending the null outpoint.
	pub fn is_coinbase(&self) -> bool {
		matches!(self.inputs.as_slice(), [only] if only.previous_output.is_null())
	}

	/// The sum of the outputs, in satoshis.
	pub fn total_output(&self) -> u64 {
		// Each value is at most MAX_MONEY and a transaction is bounded by its bytes: no overflow,
		// and saturating regardless.
		self.outputs.iter().fold(0u64, |sum, out| sum.saturating_add(out.value))
	}

	/// The height a coinbase commits to under BIP34 (the first push of its scriptSig), if it is
	/// a coinbase and the push is well formed.
	pub fn coinbase_height(&self) -> Option<u32> {
		if !self.is_coinbase() {
			return None;
		}
		let script = self.inputs.first()?.script_sig;
		match *script.first()? {
			0x00 => Some(0),
			// OP_1 .. OP_16
			op @ 0x51..=0x60 => Some(u32::from(op.saturating_sub(0x50))),
			len @ 1..=4 => {
				let bytes = script.get(1..=usize::from(len))?;
				let mut le = [0u8; 4];
				le.get_mut(..bytes.len())?.copy_from_slice(bytes);
				// A sign bit in the last byte would make the number negative.
				if bytes.last()? & 0x80 != 0 {
					return None;
				}
				Some(u32::from_le_bytes(le))
			}
			_ => None,
		}
	}
}

/// Reads the input and output lists. `after_marker` says the segwit marker was consumed, so a zero
/// input count is just an empty transaction.
fn read_body<'a>(
	r: &mut Reader<'a>,
	after_marker: bool,
) -> Result<(Vec<TxIn<'a>>, Vec<TxOut<'a>>), Error> {
	let input_count = r.count(MIN_INPUT_LEN)?;
	if input_count == 0 {
		// Stripped form: zero inputs is either invalid or the segwit marker.
		return Err(if !after_marker && r.remaining() > 0 {
			Error::WitnessSerialization
		} else {
			Error::EmptyTransaction
		});
	}
	let mut inputs = Vec::with_capacity(input_count);
	for _ in 0..input_count {
		let txid = r.hash()?;
		let vout = r.u32()?;
		let script_sig = r.var_bytes()?;
		let sequence = r.u32()?;
		inputs.push(TxIn { previous_output: OutPoint { txid, vout }, script_sig, sequence });
	}
	let output_count = r.count(MIN_OUTPUT_LEN)?;
	if output_count == 0 {
		return Err(Error::EmptyTransaction);
	}
	let mut outputs = Vec::with_capacity(output_count);
	for _ in 0..output_count {
		let value = r.u64()?;
		if value > MAX_MONEY {
			return Err(Error::ValueOutOfRange);
		}
		let script_pubkey = r.var_bytes()?;
		outputs.push(TxOut { value, script_pubkey });
	}
	Ok((inputs, outputs))
}

/// The witness-stripped serialization of a transaction given in either form (Esplora's
/// `/tx/:txid/hex` returns the segwit form for segwit transactions). The result parses with
/// [`Transaction::parse`] and hashes to the txid.
pub fn strip_witness(bytes: &[u8]) -> Result<Vec<u8>, Error> {
	let mut r = Reader::new(bytes);
	let stripped = read_stripped(&mut r)?;
	r.finish()?;
	Ok(stripped)
}

/// Reads one transaction in either serialization from `r` and returns its stripped form.
pub fn read_stripped(r: &mut Reader) -> Result<Vec<u8>, Error> {
	let start = r.rest();
	let segwit = start.get(4..6) == Some(&[0x00, 0x01][..]);
	let version = r.u32()?;
	if segwit {
		let _marker_and_flag = r.u16()?;
	}
	let (inputs, outputs) = read_body(r, segwit)?;
	if segwit {
		for _ in 0..inputs.len() {
			let items = r.count(1)?;
			for _ in 0..items {
				let _ = r.var_bytes()?;
			}
		}
	}
	let lock_time = r.u32()?;
	if !segwit {
		let used = start.len().saturating_sub(r.remaining());
		return Ok(start.get(..used).unwrap_or_default().to_vec());
	}

	Ok(serialize(version, &inputs, &outputs, lock_time))
}

/// Splits a serialized block into its header and its transactions, each witness-stripped.
pub fn parse_block(bytes: &[u8]) -> Result<(Header, Vec<Vec<u8>>), Error> {
	let (header, transactions) = parse_block_raw(bytes)?;
	Ok((header, transactions.into_iter().map(|(_, stripped)| stripped).collect()))
}

/// Splits a serialized block into its header and its transactions, each as serialized in the
/// block (with witnesses) and witness-stripped.
pub fn parse_block_raw(bytes: &[u8]) -> Result<(Header, Vec<(Vec<u8>, Vec<u8>)>), Error> {
	let mut r = Reader::new(bytes);
	let header = Header::parse_slice(r.bytes(HEADER_LEN)?)?;
	let count = r.count(60)?;
	let mut transactions = Vec::with_capacity(count);
	for _ in 0..count {
		let start = r.rest();
		let stripped = read_stripped(&mut r)?;
		let used = start.len().saturating_sub(r.remaining());
		transactions.push((start.get(..used).unwrap_or_default().to_vec(), stripped));
	}
	r.finish()?;
	Ok((header, transactions))
}

/// Serializes a transaction in the stripped form from its parts (tests and benchmarks build
/// their own transactions with it).
pub fn serialize(version: u32, inputs: &[TxIn], outputs: &[TxOut], lock_time: u32) -> Vec<u8> {
	let mut out = Vec::new();
	out.extend_from_slice(&version.to_le_bytes());
	push_compact_size(&mut out, inputs.len() as u64);
	for input in inputs {
		out.extend_from_slice(input.previous_output.txid.as_bytes());
		out.extend_from_slice(&input.previous_output.vout.to_le_bytes());
		push_compact_size(&mut out, input.script_sig.len() as u64);
		out.extend_from_slice(input.script_sig);
		out.extend_from_slice(&input.sequence.to_le_bytes());
	}
	push_compact_size(&mut out, outputs.len() as u64);
	for output in outputs {
		out.extend_from_slice(&output.value.to_le_bytes());
		push_compact_size(&mut out, output.script_pubkey.len() as u64);
		out.extend_from_slice(output.script_pubkey);
	}
	out.extend_from_slice(&lock_time.to_le_bytes());
	out
}
