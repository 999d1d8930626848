//! Tests: one file per area, sharing the wallet and event helpers here.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

mod identity;
mod locks;
mod storage;
mod sweep;
mod tokens;

pub(crate) use crate::{mock::*, *};
pub(crate) use frame_support::{assert_noop, assert_ok};
pub(crate) use hashmix_bitcoin::message::{message_digest, SignedScript};
pub(crate) use sp_core::{ecdsa, Pair};

/// A Bitcoin wallet's key.
pub(crate) fn wallet(seed: u8) -> ecdsa::Pair {
	ecdsa::Pair::from_seed(&[seed; 32])
}

/// The wallet's signed-message signature of `message` with the header of `kind` (BIP-137).
pub(crate) fn sign(wallet: &ecdsa::Pair, message: &[u8], kind: SignedScript) -> MessageSignature {
	let signature = wallet.sign_prehashed(&message_digest(message)).0;
	let base = match kind {
		SignedScript::P2pkh => 31,
		SignedScript::P2shP2wpkh => 35,
		SignedScript::P2wpkh => 39,
	};
	let mut out = [0u8; 65];
	out[0] = base + signature[64];
	out[1..].copy_from_slice(&signature[..64]);
	out
}

pub(crate) fn key(wallet: &ecdsa::Pair) -> BitcoinKey {
	wallet.public().0
}

/// Account `who`'s binding signature by `wallet`.
pub(crate) fn binding(wallet: &ecdsa::Pair, who: u8, kind: SignedScript) -> MessageSignature {
	sign(wallet, &Hashpower::binding_message(&account(who)), kind)
}

/// Account `who` binds `wallet`'s key with its own binding signature.
pub(crate) fn bind(
	who: u8,
	wallet: &ecdsa::Pair,
	kind: SignedScript,
) -> sp_runtime::DispatchResult {
	Hashpower::bind_bitcoin_key(
		RuntimeOrigin::signed(account(who)),
		key(wallet),
		binding(wallet, who, kind),
	)
}

/// This pallet's events so far.
pub(crate) fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Hashpower(e) = r.event { Some(e) } else { None })
		.collect()
}
