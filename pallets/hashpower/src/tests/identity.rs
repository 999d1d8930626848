//! Bitcoin key binding: signed-message signatures by the key over this account's and this
//! chain's binding message, in every compressed-key header form; every refusal changes nothing.

use super::*;
use hashmix_bitcoin::{address::address_of, message::script_of, script::ScriptClass, Network};

#[test]
fn the_binding_message_should_name_the_account_and_the_chain() {
	run(|| {
		let message = String::from_utf8(Hashpower::binding_message(&account(7))).unwrap();
		let genesis = hashmix_bitcoin::to_hex(System::block_hash(0).as_ref());
		assert_eq!(
			message,
			format!(
				"HashMix Chain: bind this Bitcoin key to account 0x{} on chain 0x{genesis}",
				"07".repeat(32)
			)
		);
	});
}

#[test]
fn a_signed_message_by_the_key_should_bind_it_in_every_header_form() {
	run(|| {
		let (first, second) = (wallet(1), wallet(2));
		assert_ok!(bind(1, &first, SignedScript::P2pkh));
		assert_ok!(bind(1, &second, SignedScript::P2wpkh));
		assert_eq!(
			BitcoinKeys::<Test>::get(account(1)).into_inner(),
			vec![key(&first), key(&second)]
		);
		assert_eq!(KeyOwners::<Test>::get(key(&first)), Some(account(1)));
		assert_eq!(
			events(),
			vec![
				Event::BitcoinKeyBound { who: account(1), key: key(&first) },
				Event::BitcoinKeyBound { who: account(1), key: key(&second) },
			]
		);
		// Each key's three script forms are the miner's own.
		let scripts = Hashpower::miner_scripts(&account(1));
		assert_eq!(scripts.len(), 6);
		let classes: Vec<_> = scripts.iter().map(|s| ScriptClass::of(s).unwrap()).collect();
		assert_eq!(
			classes[..3],
			[ScriptClass::P2pkh, ScriptClass::P2wpkh, ScriptClass::P2sh],
			"P2PKH, P2WPKH and P2SH-P2WPKH"
		);
		assert_eq!(
			address_of(Network::Mainnet, &scripts[1]),
			address_of(Network::Mainnet, &script_of(SignedScript::P2wpkh, &key(&first)))
		);
		// A nested-segwit (P2SH-P2WPKH) header binds too, for another account.
		let third = wallet(3);
		assert_ok!(bind(2, &third, SignedScript::P2shP2wpkh));
	});
}

#[test]
fn signatures_for_another_account_chain_or_key_should_bind_nothing() {
	run(|| {
		let miner = wallet(1);
		// Signed for account 2, submitted by account 1.
		assert_noop!(
			Hashpower::bind_bitcoin_key(
				RuntimeOrigin::signed(account(1)),
				key(&miner),
				binding(&miner, 2, SignedScript::P2pkh)
			),
			Error::<Test>::BadSignature
		);
		// Signed for account 1 on another chain.
		let elsewhere = format!(
			"HashMix Chain: bind this Bitcoin key to account 0x{} on chain 0x{}",
			"01".repeat(32),
			"11".repeat(32)
		);
		assert_noop!(
			Hashpower::bind_bitcoin_key(
				RuntimeOrigin::signed(account(1)),
				key(&miner),
				sign(&miner, elsewhere.as_bytes(), SignedScript::P2pkh)
			),
			Error::<Test>::BadSignature
		);
		// A valid signature by another key than the one claimed.
		assert_noop!(
			Hashpower::bind_bitcoin_key(
				RuntimeOrigin::signed(account(1)),
				key(&wallet(9)),
				binding(&miner, 1, SignedScript::P2pkh)
			),
			Error::<Test>::BadSignature
		);
		// Uncompressed-key and out-of-range headers; a signature that recovers no key.
		let mut uncompressed = binding(&miner, 1, SignedScript::P2pkh);
		uncompressed[0] -= 4;
		let mut out_of_range = uncompressed;
		out_of_range[0] = 43;
		for signature in [uncompressed, out_of_range] {
			assert_noop!(
				Hashpower::bind_bitcoin_key(
					RuntimeOrigin::signed(account(1)),
					key(&miner),
					signature
				),
				Error::<Test>::MalformedSignature
			);
		}
		let mut zero = [0u8; 65];
		zero[0] = 31;
		assert_noop!(
			Hashpower::bind_bitcoin_key(RuntimeOrigin::signed(account(1)), key(&miner), zero),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Hashpower::bind_bitcoin_key(
				RuntimeOrigin::none(),
				key(&miner),
				binding(&miner, 1, SignedScript::P2pkh)
			),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_key_should_belong_to_one_account_and_an_account_to_few_keys() {
	run(|| {
		let miner = wallet(1);
		assert_ok!(bind(1, &miner, SignedScript::P2pkh));
		for who in [1, 2] {
			assert_noop!(bind(who, &miner, SignedScript::P2wpkh), Error::<Test>::AlreadyBound);
		}
		let second = wallet(2);
		assert_ok!(bind(1, &second, SignedScript::P2pkh));
		let third = wallet(3);
		assert_noop!(bind(1, &third, SignedScript::P2pkh), Error::<Test>::TooManyKeys);
	});
}

#[test]
fn unbinding_should_release_the_key_to_its_owner_only() {
	run(|| {
		let miner = wallet(1);
		assert_ok!(bind(1, &miner, SignedScript::P2pkh));
		assert_noop!(
			Hashpower::unbind_bitcoin_key(RuntimeOrigin::signed(account(2)), key(&miner)),
			Error::<Test>::NotBound
		);
		assert_noop!(
			Hashpower::unbind_bitcoin_key(RuntimeOrigin::signed(account(1)), key(&wallet(5))),
			Error::<Test>::NotBound
		);
		assert_ok!(Hashpower::unbind_bitcoin_key(RuntimeOrigin::signed(account(1)), key(&miner)));
		assert_eq!(
			events().last(),
			Some(&Event::BitcoinKeyUnbound { who: account(1), key: key(&miner) })
		);
		assert!(!BitcoinKeys::<Test>::contains_key(account(1)));
		assert!(Hashpower::miner_scripts(&account(1)).is_empty());
		// Released, the key can be bound by whoever proves it again.
		assert_ok!(bind(2, &miner, SignedScript::P2pkh));
		assert_eq!(KeyOwners::<Test>::get(key(&miner)), Some(account(2)));
	});
}
