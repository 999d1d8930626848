//! Addresses of the standard output scripts, as Esplora's `/address/:address` paths take them:
//! base58check for P2PKH and P2SH, bech32 (BIP173) for segwit v0 and bech32m (BIP350) for
//! Taproot.

use crate::{network_prefixes, script::ScriptClass, Network};
use alloc::{string::String, vec::Vec};
use sha2::{Digest, Sha256};

const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BECH32: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const BECH32_CONST: u32 = 1;
const BECH32M_CONST: u32 = 0x2bc8_30a3;

/// The address of a standard output script on `network`, or `None` for a non-standard one.
pub fn address_of(network: Network, script: &[u8]) -> Option<String> {
	let prefixes = network_prefixes(network);
	match ScriptClass::of(script)? {
		ScriptClass::P2pkh => Some(base58check(prefixes.p2pkh, script.get(3..23)?)),
		ScriptClass::P2sh => Some(base58check(prefixes.p2sh, script.get(2..22)?)),
		ScriptClass::P2wpkh | ScriptClass::P2wsh => segwit(prefixes.hrp, 0, script.get(2..)?),
		ScriptClass::P2tr => segwit(prefixes.hrp, 1, script.get(2..)?),
	}
}

fn base58check(version: u8, payload: &[u8]) -> String {
	let mut data = Vec::with_capacity(payload.len().saturating_add(5));
	data.push(version);
	data.extend_from_slice(payload);
	let checksum = Sha256::digest(Sha256::digest(&data));
	data.extend_from_slice(checksum.get(..4).unwrap_or_default());

	// Base-58 digits, least significant first, by repeated division of the big-endian number.
	let mut digits: Vec<u8> = Vec::with_capacity(data.len().saturating_mul(2));
	for byte in &data {
		let mut carry = u32::from(*byte);
		for digit in digits.iter_mut() {
			carry = carry.saturating_add(u32::from(*digit) << 8);
			*digit = (carry % 58) as u8;
			carry /= 58;
		}
		while carry > 0 {
			digits.push((carry % 58) as u8);
			carry /= 58;
		}
	}
	let zeros = data.iter().take_while(|b| **b == 0).count();
	let mut out = String::with_capacity(zeros.saturating_add(digits.len()));
	out.extend(core::iter::repeat_n('1', zeros));
	out.extend(
		digits.iter().rev().map(|d| char::from(*BASE58.get(usize::from(*d)).unwrap_or(&b'1'))),
	);
	out
}

fn polymod(values: &[u8]) -> u32 {
	const GENERATORS: [u32; 5] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3];
	let mut checksum: u32 = 1;
	for value in values {
		let top = checksum >> 25;
		checksum = ((checksum & 0x01ff_ffff) << 5) ^ u32::from(*value);
		for (i, generator) in GENERATORS.iter().enumerate() {
			if (top >> i) & 1 == 1 {
				checksum ^= generator;
			}
		}
	}
	checksum
}

fn segwit(hrp: &str, version: u8, program: &[u8]) -> Option<String> {
	// The program regrouped from 8-bit bytes into 5-bit groups, padded with zero bits.
	let mut data = alloc::vec![version];
	let (mut acc, mut bits) = (0u32, 0u32);
	for byte in program {
		acc = (acc << 8) | u32::from(*byte);
		bits = bits.saturating_add(8);
		while bits >= 5 {
			bits = bits.saturating_sub(5);
			data.push(((acc >> bits) & 31) as u8);
		}
	}
	if bits > 0 {
		data.push(((acc << (5u32.saturating_sub(bits))) & 31) as u8);
	}
	let mut values: Vec<u8> = hrp.bytes().map(|c| c >> 5).collect();
	values.push(0);
	values.extend(hrp.bytes().map(|c| c & 31));
	values.extend_from_slice(&data);
	values.extend_from_slice(&[0; 6]);
	let constant = if version == 0 { BECH32_CONST } else { BECH32M_CONST };
	let checksum = polymod(&values) ^ constant;
	let mut out = String::from(hrp);
	out.push('1');
	let checksum_groups = [25u32, 20, 15, 10, 5, 0].map(|shift| ((checksum >> shift) & 31) as u8);
	for value in data.iter().copied().chain(checksum_groups) {
		out.push(char::from(*BECH32.get(usize::from(value))?));
	}
	Some(out)
}
