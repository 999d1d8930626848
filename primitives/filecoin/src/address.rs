//! Filecoin addresses in their five protocols:
//!
//! | string | protocol | payload |
//! |---|---|---|
//! | `f0<id>` | 0, ID | the actor id as an unsigned LEB128 varint (at most `i64::MAX`) |
//! | `f1<base32>` | 1, secp256k1 | blake2b-160 of the uncompressed public key |
//! | `f2<base32>` | 2, actor | blake2b-160 of the actor's creation data |
//! | `f3<base32>` | 3, BLS | the 48-byte BLS public key |
//! | `f4<namespace>f<base32>` | 4, delegated | varint namespace (an actor id), then a sub-address of at most 54 bytes (`f410f...`: an Ethereum address) |
//!
//! The byte form is the protocol byte followed by the payload. The base32 part of a string is
//! the payload (the sub-address for protocol 4) followed by a 4-byte blake2b checksum of the byte
//! form. Testnet strings start with `t` instead of `f`. Parsing is strict: a string is accepted
//! only in its canonical form (no leading zeros, lower case, zero padding bits), so two different
//! strings never stand for the same address and answers can be compared byte for byte.

use crate::base32;
use alloc::{format, string::String, vec::Vec};

/// Bytes of a secp256k1 or actor address payload (blake2b-160).
pub const PAYLOAD_HASH_LEN: usize = 20;
/// Bytes of a BLS public key.
pub const BLS_PUBLIC_KEY_LEN: usize = 48;
/// Bytes of the checksum in a string.
pub const CHECKSUM_LEN: usize = 4;
/// The longest sub-address of a delegated address.
pub const MAX_SUBADDRESS_LEN: usize = 54;
/// The largest actor id (and delegated namespace).
pub const MAX_ID: u64 = i64::MAX as u64;
/// The longest string accepted: a delegated address with the longest namespace and sub-address.
pub const MAX_STRING_LEN: usize = 2 + 19 + 1 + 94;

/// The network a string is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Network {
	/// `f` addresses.
	Mainnet,
	/// `t` addresses (calibration and other test networks).
	Testnet,
}

/// An address's protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
	/// An actor id.
	Id,
	/// A secp256k1 key's address.
	Secp256k1,
	/// An actor's robust address.
	Actor,
	/// A BLS key's address.
	Bls,
	/// An address delegated to an address manager (Ethereum addresses under namespace 10).
	Delegated,
}

/// Why an address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressError {
	/// The string does not start with `f` or `t`.
	UnknownNetwork,
	/// The protocol is not 0 to 4.
	UnknownProtocol,
	/// Too short or too long for its protocol.
	InvalidLength,
	/// The payload is not what the protocol holds (a non-minimal or too large id, a namespace
	/// that is not a number, a BLS key of the wrong size).
	InvalidPayload,
	/// Not base32 in canonical lower-case form, or a number with leading zeros.
	InvalidEncoding,
	/// The checksum does not match.
	InvalidChecksum,
}

/// A checked Filecoin address, in its byte form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Address {
	bytes: Vec<u8>,
}

fn blake2b(data: &[u8], len: usize) -> Vec<u8> {
	blake2b_simd::Params::new().hash_length(len).hash(data).as_bytes().to_vec()
}

fn checksum(bytes: &[u8]) -> Vec<u8> {
	blake2b(bytes, CHECKSUM_LEN)
}

fn push_uvarint(out: &mut Vec<u8>, mut value: u64) {
	loop {
		let low = u8::try_from(value & 0x7f).unwrap_or_default();
		value >>= 7;
		if value == 0 {
			out.push(low);
			return;
		}
		out.push(low | 0x80);
	}
}

/// Reads a minimal unsigned LEB128 varint of at most `MAX_ID`; returns it and the bytes left.
fn read_uvarint(bytes: &[u8]) -> Result<(u64, &[u8]), AddressError> {
	let mut value = 0u64;
	for (index, byte) in bytes.iter().enumerate().take(9) {
		let shift =
			u32::try_from(index).map_err(|_| AddressError::InvalidPayload)?.saturating_mul(7);
		value |= u64::from(byte & 0x7f) << shift;
		if byte & 0x80 == 0 {
			// Minimal: no trailing zero group after the first.
			if index > 0 && *byte == 0 {
				return Err(AddressError::InvalidPayload);
			}
			if value > MAX_ID {
				return Err(AddressError::InvalidPayload);
			}
			let rest = bytes.get(index.saturating_add(1)..).unwrap_or_default();
			return Ok((value, rest));
		}
	}
	Err(AddressError::InvalidPayload)
}

/// A canonical decimal number (no sign, no leading zeros) of at most `MAX_ID`.
fn parse_decimal(text: &str) -> Result<u64, AddressError> {
	if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
		return Err(AddressError::InvalidPayload);
	}
	if text.len() > 1 && text.starts_with('0') {
		return Err(AddressError::InvalidEncoding);
	}
	let value: u64 = text.parse().map_err(|_| AddressError::InvalidPayload)?;
	if value > MAX_ID {
		return Err(AddressError::InvalidPayload);
	}
	Ok(value)
}

impl Address {
	/// The ID address of actor `id`.
	pub fn id(id: u64) -> Result<Self, AddressError> {
		if id > MAX_ID {
			return Err(AddressError::InvalidPayload);
		}
		let mut bytes = alloc::vec![0u8];
		push_uvarint(&mut bytes, id);
		Ok(Self { bytes })
	}

	/// The address of secp256k1 key `public_key` (65 bytes, uncompressed, as Lotus hashes it).
	pub fn secp256k1(public_key: &[u8]) -> Self {
		Self { bytes: [&[1u8][..], &blake2b(public_key, PAYLOAD_HASH_LEN)].concat() }
	}

	/// The robust address of an actor created with `data`.
	pub fn actor(data: &[u8]) -> Self {
		Self { bytes: [&[2u8][..], &blake2b(data, PAYLOAD_HASH_LEN)].concat() }
	}

	/// The address of BLS key `public_key`.
	pub fn bls(public_key: &[u8; BLS_PUBLIC_KEY_LEN]) -> Self {
		Self { bytes: [&[3u8][..], &public_key[..]].concat() }
	}

	/// The delegated address of `subaddress` under address manager `namespace`.
	pub fn delegated(namespace: u64, subaddress: &[u8]) -> Result<Self, AddressError> {
		if namespace > MAX_ID {
			return Err(AddressError::InvalidPayload);
		}
		if subaddress.len() > MAX_SUBADDRESS_LEN {
			return Err(AddressError::InvalidLength);
		}
		let mut bytes = alloc::vec![4u8];
		push_uvarint(&mut bytes, namespace);
		bytes.extend_from_slice(subaddress);
		Ok(Self { bytes })
	}

	/// An address from its byte form, checked for its protocol.
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, AddressError> {
		let (protocol, payload) = bytes.split_first().ok_or(AddressError::InvalidLength)?;
		match protocol {
			0 => {
				if payload.is_empty() {
					return Err(AddressError::InvalidLength);
				}
				let (_, rest) = read_uvarint(payload)?;
				if !rest.is_empty() {
					return Err(AddressError::InvalidPayload);
				}
			}
			1 | 2 if payload.len() != PAYLOAD_HASH_LEN => return Err(AddressError::InvalidPayload),
			3 if payload.len() != BLS_PUBLIC_KEY_LEN => return Err(AddressError::InvalidPayload),
			1..=3 => {}
			4 => {
				let (_, subaddress) = read_uvarint(payload)?;
				if subaddress.len() > MAX_SUBADDRESS_LEN {
					return Err(AddressError::InvalidLength);
				}
			}
			_ => return Err(AddressError::UnknownProtocol),
		}
		Ok(Self { bytes: bytes.to_vec() })
	}

	/// Parses a string in its canonical form; returns the network it is written for.
	pub fn parse(text: &str) -> Result<(Network, Self), AddressError> {
		if text.len() > MAX_STRING_LEN {
			return Err(AddressError::InvalidLength);
		}
		let network = match text.as_bytes().first() {
			Some(b'f') => Network::Mainnet,
			Some(b't') => Network::Testnet,
			_ => return Err(AddressError::UnknownNetwork),
		};
		let protocol = text.get(1..2).ok_or(AddressError::InvalidLength)?;
		let rest = text.get(2..).unwrap_or_default();
		let address = match protocol {
			"0" => Self::id(parse_decimal(rest)?)?,
			"1" | "2" | "3" => {
				let protocol_byte = protocol.as_bytes().first().map_or(0, |b| b.wrapping_sub(b'0'));
				let expected =
					if protocol_byte == 3 { BLS_PUBLIC_KEY_LEN } else { PAYLOAD_HASH_LEN };
				if rest.is_empty() {
					return Err(AddressError::InvalidLength);
				}
				let decoded = base32::decode(rest).ok_or(AddressError::InvalidEncoding)?;
				if decoded.len() != expected.saturating_add(CHECKSUM_LEN) {
					return Err(AddressError::InvalidLength);
				}
				let (payload, sum) = decoded.split_at(expected);
				let bytes = [&[protocol_byte][..], payload].concat();
				if checksum(&bytes) != sum {
					return Err(AddressError::InvalidChecksum);
				}
				Self::from_bytes(&bytes)?
			}
			"4" => {
				let (namespace, encoded) =
					rest.split_once('f').ok_or(AddressError::InvalidPayload)?;
				let namespace = parse_decimal(namespace)?;
				let decoded = base32::decode(encoded).ok_or(AddressError::InvalidEncoding)?;
				let split =
					decoded.len().checked_sub(CHECKSUM_LEN).ok_or(AddressError::InvalidLength)?;
				let (subaddress, sum) = decoded.split_at(split);
				let address = Self::delegated(namespace, subaddress)?;
				if checksum(&address.bytes) != sum {
					return Err(AddressError::InvalidChecksum);
				}
				address
			}
			_ => return Err(AddressError::UnknownProtocol),
		};
		Ok((network, address))
	}

	/// The address's string on `network`.
	pub fn to_string(&self, network: Network) -> String {
		let prefix = match network {
			Network::Mainnet => 'f',
			Network::Testnet => 't',
		};
		let (protocol, payload) =
			self.bytes.split_first().map_or((0, &[][..]), |(p, rest)| (*p, rest));
		match protocol {
			0 => {
				let id = read_uvarint(payload).map(|(id, _)| id).unwrap_or_default();
				format!("{prefix}0{id}")
			}
			4 => {
				let (namespace, subaddress) = read_uvarint(payload).unwrap_or((0, &[]));
				let body = [subaddress, &checksum(&self.bytes)].concat();
				format!("{prefix}4{namespace}f{}", base32::encode(&body))
			}
			_ => {
				let body = [payload, &checksum(&self.bytes)].concat();
				format!("{prefix}{protocol}{}", base32::encode(&body))
			}
		}
	}

	/// The protocol.
	pub fn protocol(&self) -> Protocol {
		match self.bytes.first() {
			Some(1) => Protocol::Secp256k1,
			Some(2) => Protocol::Actor,
			Some(3) => Protocol::Bls,
			Some(4) => Protocol::Delegated,
			_ => Protocol::Id,
		}
	}

	/// The byte form: protocol, then payload.
	pub fn as_bytes(&self) -> &[u8] {
		&self.bytes
	}

	/// The payload (without the protocol byte).
	pub fn payload(&self) -> &[u8] {
		self.bytes.get(1..).unwrap_or_default()
	}

	/// The actor id of an ID address.
	pub fn id_value(&self) -> Option<u64> {
		match self.bytes.split_first() {
			Some((0, payload)) => read_uvarint(payload).ok().map(|(id, _)| id),
			_ => None,
		}
	}
}
