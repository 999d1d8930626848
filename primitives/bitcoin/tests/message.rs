//! Signed messages: Bitcoin Core's published `signmessagewithprivkey` vector, BIP-137 headers for
//! segwit keys, and refusals. Recovery is done here with `k256`, as the runtime does it with its
//! secp256k1 host function.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

use base64::{engine::general_purpose::STANDARD, Engine};
use hashmix_bitcoin::{
	address::address_of,
	message::{message_digest, script_of, MessageSignature, SignatureError, SignedScript},
	Network,
};
use k256::ecdsa::{RecoveryId, Signature, SigningKey, VerifyingKey};
use proptest::prelude::*;

/// The compressed key that signed `digest`, as a secp256k1 recovery host function returns it.
fn recover(signature: &MessageSignature, digest: &[u8; 32]) -> Option<[u8; 33]> {
	let (rs, id) = signature.recoverable.split_at(64);
	let key = VerifyingKey::recover_from_prehash(
		digest,
		&Signature::from_slice(rs).ok()?,
		RecoveryId::from_byte(id[0])?,
	)
	.ok()?;
	key.to_encoded_point(true).as_bytes().try_into().ok()
}

fn decode(base64: &str) -> [u8; 65] {
	STANDARD.decode(base64).unwrap().try_into().unwrap()
}

/// A wallet's signature of `message` for `kind` (the header offset BIP-137 gives each script).
fn sign(key: &SigningKey, message: &[u8], kind: SignedScript) -> [u8; 65] {
	let (signature, id) = key.sign_prehash_recoverable(&message_digest(message)).unwrap();
	let base = match kind {
		SignedScript::P2pkh => 31,
		SignedScript::P2shP2wpkh => 35,
		SignedScript::P2wpkh => 39,
	};
	let mut out = [0u8; 65];
	out[0] = base + id.to_byte();
	out[1..].copy_from_slice(&signature.to_bytes());
	out
}

// Bitcoin Core, test/functional/rpc_signmessagewithprivkey.py.
const CORE_MESSAGE: &[u8] = b"This is just a test message";
const CORE_SIGNATURE: &str =
	"INbVnW4e6PeRmsv2Qgu8NuopvrVjkcxob+sX8OcZG0SALhWybUjzMLPdAsXI46YZGb0KQTRii+wWIQzRpG/U+S0=";
// Its P2PKH address (testnet; regtest shares the prefixes).
const CORE_ADDRESS: &str = "mpLQjfK79b7CCV4VMJWEWAj5Mpx8Up5zxB";

#[test]
fn bitcoin_core_vector_should_recover_the_signing_address() {
	let signature = MessageSignature::parse(&decode(CORE_SIGNATURE)).unwrap();
	assert_eq!(signature.script, SignedScript::P2pkh);
	let key = recover(&signature, &message_digest(CORE_MESSAGE)).unwrap();
	let script = script_of(SignedScript::P2pkh, &key);
	assert_eq!(address_of(Network::Regtest, &script).as_deref(), Some(CORE_ADDRESS));

	// The same signature over another message stands for another key.
	let other = recover(&signature, &message_digest(b"This is just a test message!"));
	assert_ne!(other.map(|key| script_of(SignedScript::P2pkh, &key)), Some(script));
}

#[test]
fn the_generator_key_should_have_its_well_known_addresses() {
	// Secret key 1: the public key is the curve's generator point.
	let key: [u8; 33] = SigningKey::from_slice(&[&[0u8; 31][..], &[1]].concat())
		.unwrap()
		.verifying_key()
		.to_encoded_point(true)
		.as_bytes()
		.try_into()
		.unwrap();
	let address = |kind| address_of(Network::Mainnet, &script_of(kind, &key)).unwrap();
	assert_eq!(address(SignedScript::P2pkh), "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH");
	// BIP-173's P2WPKH example is this key's.
	assert_eq!(address(SignedScript::P2wpkh), "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
	assert!(address(SignedScript::P2shP2wpkh).starts_with('3'));
}

#[test]
fn bip137_headers_should_name_the_segwit_scripts() {
	let key = SigningKey::from_slice(&[7u8; 32]).unwrap();
	let compressed: [u8; 33] =
		key.verifying_key().to_encoded_point(true).as_bytes().try_into().unwrap();
	let message =
		b"HashMix: bind 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY on genesis 0x1234";
	for kind in [SignedScript::P2pkh, SignedScript::P2shP2wpkh, SignedScript::P2wpkh] {
		let signature = MessageSignature::parse(&sign(&key, message, kind)).unwrap();
		assert_eq!(signature.script, kind);
		assert_eq!(recover(&signature, &message_digest(message)), Some(compressed));
		// A message naming another account recovers another key.
		let other =
			b"HashMix: bind 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty on genesis 0x1234";
		assert_ne!(recover(&signature, &message_digest(other)), Some(compressed));
	}
}

#[test]
fn headers_outside_the_compressed_ranges_should_be_refused() {
	let mut bytes = decode(CORE_SIGNATURE);
	for (header, expected) in [
		(26, SignatureError::BadHeader),
		(27, SignatureError::UncompressedKey),
		(30, SignatureError::UncompressedKey),
		(43, SignatureError::BadHeader),
		(0xff, SignatureError::BadHeader),
	] {
		bytes[0] = header;
		assert_eq!(MessageSignature::parse(&bytes), Err(expected));
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_000))]

	#[test]
	fn parsing_should_never_panic_and_keep_r_s(bytes in proptest::collection::vec(any::<u8>(), 65)) {
		let bytes: [u8; 65] = bytes.try_into().unwrap();
		if let Ok(signature) = MessageSignature::parse(&bytes) {
			prop_assert_eq!(&signature.recoverable[..64], &bytes[1..]);
			prop_assert!(signature.recoverable[64] < 4);
			prop_assert_eq!(signature.recoverable[64], (bytes[0] - 27) % 4);
		}
	}

	#[test]
	fn digests_should_commit_to_the_whole_message(a in proptest::collection::vec(any::<u8>(), 0..300), b in proptest::collection::vec(any::<u8>(), 0..300)) {
		prop_assert_eq!(message_digest(&a) == message_digest(&b), a == b);
	}
}
