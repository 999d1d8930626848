//! Bitcoin signed messages (`signmessage` / `verifymessage`, and BIP-137 for segwit addresses):
//! the digest a wallet signs, the meaning of a signature's header byte, and the output script the
//! recovered key stands for. The key itself is recovered by the caller (the runtime's
//! secp256k1 host function: no signature code is compiled into this crate).
//!
//! A signature is 65 bytes, usually shown in base64: a header byte, then `r` and `s`. The header
//! says which recovery id to use and which script the key is claimed for:
//!
//! | header | script |
//! |---|---|
//! | 27-30 | P2PKH of the uncompressed key (refused: modern wallets use compressed keys) |
//! | 31-34 | P2PKH of the compressed key (Bitcoin Core, Electrum) |
//! | 35-38 | P2SH-P2WPKH (BIP-137) |
//! | 39-42 | P2WPKH (BIP-137) |
//!
//! The recovery id is `(header - 27) & 3`.

use crate::{encode::push_compact_size, sha256d};
use alloc::vec::Vec;
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};

/// What wallets put before the message they sign: its length, then the text.
const MAGIC: &[u8] = b"\x18Bitcoin Signed Message:\n";

/// The script a signed-message key is claimed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedScript {
	/// `OP_DUP OP_HASH160 <hash160(key)> OP_EQUALVERIFY OP_CHECKSIG`.
	P2pkh,
	/// `OP_HASH160 <hash160(OP_0 <hash160(key)>)> OP_EQUAL`: segwit v0 nested in P2SH.
	P2shP2wpkh,
	/// `OP_0 <hash160(key)>`.
	P2wpkh,
}

/// Why a message signature cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
	/// The header byte is outside 27..=42.
	BadHeader,
	/// The header claims an uncompressed key: only compressed keys are accepted.
	UncompressedKey,
}

/// A parsed 65-byte message signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageSignature {
	/// `r || s || recovery id`, as secp256k1 recovery host functions take it.
	pub recoverable: [u8; 65],
	/// The script the key is claimed for.
	pub script: SignedScript,
}

impl MessageSignature {
	/// Parses `header || r || s`.
	pub fn parse(signature: &[u8; 65]) -> Result<Self, SignatureError> {
		let (header, rs) = signature.split_first().ok_or(SignatureError::BadHeader)?;
		let script = match header {
			27..=30 => return Err(SignatureError::UncompressedKey),
			31..=34 => SignedScript::P2pkh,
			35..=38 => SignedScript::P2shP2wpkh,
			39..=42 => SignedScript::P2wpkh,
			_ => return Err(SignatureError::BadHeader),
		};
		let mut recoverable = [0u8; 65];
		let (body, id) = recoverable.split_at_mut(64);
		body.copy_from_slice(rs);
		// `header >= 27` here, so the subtraction cannot wrap.
		if let Some(slot) = id.first_mut() {
			*slot = header.wrapping_sub(27) & 3;
		}
		Ok(Self { recoverable, script })
	}
}

/// The digest a wallet signs for `message`: `sha256d(MAGIC || compact_size(len) || message)`.
pub fn message_digest(message: &[u8]) -> [u8; 32] {
	let mut bytes = Vec::with_capacity(MAGIC.len().saturating_add(message.len()).saturating_add(9));
	bytes.extend_from_slice(MAGIC);
	push_compact_size(&mut bytes, message.len() as u64);
	bytes.extend_from_slice(message);
	sha256d(&bytes).0
}

/// `ripemd160(sha256(data))`: the 20-byte hash in key-hash and script-hash outputs.
pub fn hash160(data: &[u8]) -> [u8; 20] {
	let mut out = [0u8; 20];
	out.copy_from_slice(&Ripemd160::digest(Sha256::digest(data)));
	out
}

/// The output script of `compressed_key` (33 bytes, SEC1) for `kind`.
pub fn script_of(kind: SignedScript, compressed_key: &[u8; 33]) -> Vec<u8> {
	let key_hash = hash160(compressed_key);
	let witness_program = [&[0x00, 0x14][..], &key_hash].concat();
	match kind {
		SignedScript::P2pkh => [&[0x76, 0xa9, 0x14][..], &key_hash, &[0x88, 0xac]].concat(),
		SignedScript::P2wpkh => witness_program,
		SignedScript::P2shP2wpkh => {
			[&[0xa9, 0x14][..], &hash160(&witness_program), &[0x87]].concat()
		}
	}
}
