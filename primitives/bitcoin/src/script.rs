//! Output script classes: the standard forms a payout destination may take.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The longest standard output script this chain accepts as a destination or a pool source
/// (P2WSH and P2TR are 34 bytes).
pub const MAX_STANDARD_SCRIPT_LEN: usize = 34;

/// The standard output forms a mining pool pays to.
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
pub enum ScriptClass {
	/// Pay to public key hash: `OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG`.
	P2pkh,
	/// Pay to script hash: `OP_HASH160 <20> OP_EQUAL`.
	P2sh,
	/// Segwit v0 key hash: `OP_0 <20>`.
	P2wpkh,
	/// Segwit v0 script hash: `OP_0 <32>`.
	P2wsh,
	/// Taproot, segwit v1: `OP_1 <32>`.
	P2tr,
}

impl ScriptClass {
	/// The class of `script`, or `None` for anything else (bare multisig, `OP_RETURN`, future
	/// witness versions).
	pub fn of(script: &[u8]) -> Option<Self> {
		match script {
			[0x76, 0xa9, 0x14, hash @ .., 0x88, 0xac] if hash.len() == 20 => Some(Self::P2pkh),
			[0xa9, 0x14, hash @ .., 0x87] if hash.len() == 20 => Some(Self::P2sh),
			[0x00, 0x14, hash @ ..] if hash.len() == 20 => Some(Self::P2wpkh),
			[0x00, 0x20, hash @ ..] if hash.len() == 32 => Some(Self::P2wsh),
			[0x51, 0x20, key @ ..] if key.len() == 32 => Some(Self::P2tr),
			_ => None,
		}
	}
}

/// The witness script of a 2-of-3 multisig over compressed keys in BIP67 order (sorted by their
/// bytes), as the descriptor `sortedmulti(2, a, b, c)` makes it:
/// `OP_2 <33> k1 <33> k2 <33> k3 OP_3 OP_CHECKMULTISIG`.
pub fn sorted_multisig_2_of_3(keys: [[u8; 33]; 3]) -> alloc::vec::Vec<u8> {
	let mut sorted = keys;
	sorted.sort_unstable();
	let mut script = alloc::vec![0x52];
	for key in &sorted {
		script.push(0x21);
		script.extend_from_slice(key);
	}
	script.extend_from_slice(&[0x53, 0xae]);
	script
}

/// The P2WSH output paying to `witness_script`: `OP_0 <32> sha256(witness_script)`.
pub fn p2wsh(witness_script: &[u8]) -> alloc::vec::Vec<u8> {
	use sha2::{Digest, Sha256};
	let mut script = alloc::vec![0x00, 0x20];
	script.extend_from_slice(&Sha256::digest(witness_script));
	script
}
