//! 2-of-3 multisig destinations: BIP67 key order, checked against BIP67's published vectors
//! (their P2SH addresses), and the P2WSH output of the same witness script.

use hashmix_bitcoin::{
	address::address_of,
	message::hash160,
	script::{p2wsh, sorted_multisig_2_of_3, ScriptClass},
	Network,
};
use hex_literal::hex;
use sha2::{Digest, Sha256};

fn p2sh(script: &[u8]) -> Vec<u8> {
	[&[0xa9, 0x14][..], &hash160(script), &[0x87]].concat()
}

#[test]
fn keys_should_be_sorted_as_bip67_publishes() {
	// BIP67 test vector 2: already in order.
	let keys = [
		hex!("02632b12f4ac5b1d1b72b2a3b508c19172de44f6f46bcee50ba33f3f9291e47ed0"),
		hex!("027735a29bae7780a9755fae7a1c4374c656ac6a69ea9f3697fda61bb99a4f3e77"),
		hex!("02e2cc6bd5f45edd43bebe7cb9b675f0ce9ed3efe613b177588290ad188d11b404"),
	];
	let script = sorted_multisig_2_of_3(keys);
	assert_eq!(
		script,
		hex!("522102632b12f4ac5b1d1b72b2a3b508c19172de44f6f46bcee50ba33f3f9291e47ed021027735a29bae7780a9755fae7a1c4374c656ac6a69ea9f3697fda61bb99a4f3e772102e2cc6bd5f45edd43bebe7cb9b675f0ce9ed3efe613b177588290ad188d11b40453ae")
	);
	assert_eq!(
		address_of(Network::Mainnet, &p2sh(&script)).unwrap(),
		"3CKHTjBKxCARLzwABMu9yD85kvtm7WnMfH"
	);
	// Any order of the same keys gives the same script.
	let [a, b, c] = keys;
	for order in [[c, b, a], [b, a, c], [a, c, b]] {
		assert_eq!(sorted_multisig_2_of_3(order), script);
	}
	// BIP67 test vector 4: the input order is not the sorted one.
	let script = sorted_multisig_2_of_3([
		hex!("022df8750480ad5b26950b25c7ba79d3e37d75f640f8e5d9bcd5b150a0f85014da"),
		hex!("03e3818b65bcc73a7d64064106a859cc1a5a728c4345ff0b641209fba0d90de6e9"),
		hex!("021f2f6e1e50cb6a953935c3601284925decd3fd21bc445712576873fb8c6ebc18"),
	]);
	assert_eq!(
		address_of(Network::Mainnet, &p2sh(&script)).unwrap(),
		"3Q4sF6tv9wsdqu2NtARzNCpQgwifm2rAba"
	);
	assert_eq!(
		&script[1..35],
		&hex!("21021f2f6e1e50cb6a953935c3601284925decd3fd21bc445712576873fb8c6ebc18")[..]
	);
}

#[test]
fn the_p2wsh_output_should_commit_to_the_witness_script() {
	let script = sorted_multisig_2_of_3([[2; 33], [3; 33], [2; 33]]);
	let output = p2wsh(&script);
	assert_eq!(output.len(), 34);
	assert_eq!(&output[..2], &[0x00, 0x20]);
	assert_eq!(&output[2..], Sha256::digest(&script).as_slice());
	assert_eq!(ScriptClass::of(&output), Some(ScriptClass::P2wsh));
	assert!(address_of(Network::Mainnet, &output).unwrap().starts_with("bc1q"));
}
