//! RFC 4648 base32, lower-case, without padding: the alphabet of Filecoin address strings.
//! Decoding is strict: only the lower-case alphabet, and only canonical strings (unused trailing
//! bits must be zero, and no impossible length), so every value has exactly one string.

use alloc::{string::String, vec::Vec};

const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// Encodes `bytes`.
pub fn encode(bytes: &[u8]) -> String {
	let mut out = String::with_capacity(bytes.len().saturating_mul(8).div_ceil(5));
	let (mut buffer, mut bits) = (0u16, 0u32);
	for byte in bytes {
		buffer = (buffer << 8) | u16::from(*byte);
		bits = bits.saturating_add(8);
		while bits >= 5 {
			bits = bits.saturating_sub(5);
			out.push(symbol(buffer >> bits));
			buffer &= (1u16 << bits).saturating_sub(1);
		}
	}
	if bits > 0 {
		out.push(symbol(buffer << 5u32.saturating_sub(bits)));
	}
	out
}

fn symbol(value: u16) -> char {
	char::from(ALPHABET.get(usize::from(value & 31)).copied().unwrap_or(b'a'))
}

/// Decodes a canonical lower-case string; `None` for anything else.
pub fn decode(text: &str) -> Option<Vec<u8>> {
	let mut out = Vec::with_capacity(text.len().saturating_mul(5) / 8);
	let (mut buffer, mut bits) = (0u16, 0u32);
	for c in text.bytes() {
		let value = ALPHABET.iter().position(|a| *a == c)?;
		buffer = (buffer << 5) | u16::try_from(value).ok()?;
		bits = bits.saturating_add(5);
		if bits >= 8 {
			bits = bits.saturating_sub(8);
			out.push(u8::try_from(buffer >> bits).ok()?);
			buffer &= (1u16 << bits).saturating_sub(1);
		}
	}
	// Leftover bits are padding: fewer than five of them, all zero.
	(bits < 5 && buffer == 0).then_some(out)
}
