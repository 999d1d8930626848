//! The validators and root account of the public test network `hashmix_testnet`, by raw public
//! key, as `hashmix-node key inspect` prints them for the published seeds listed in
//! `chain-specs/README.md`. Each validator uses its one sr25519 key as account, Aura and
//! attestation key, and the ed25519 key of the same seed for GRANDPA.

use crate::{Balance, HSM};
use hex_literal::hex;

/// `[account, aura, grandpa, attestation]` of each of the four validators.
pub const VALIDATORS: [[[u8; 32]; 4]; 4] = [
	// validator-1: //hashmix-testnet//validator-1
	[
		hex!("eef4c8050daca8b33ebac107d426f649a96f6636531716f958a619d52971d353"),
		hex!("eef4c8050daca8b33ebac107d426f649a96f6636531716f958a619d52971d353"),
		hex!("b146aaf90613cdadc88b6989c02964bed7ac61a22c993aa072b4cb1cdf54705b"),
		hex!("eef4c8050daca8b33ebac107d426f649a96f6636531716f958a619d52971d353"),
	],
	// validator-2: //hashmix-testnet//validator-2
	[
		hex!("0cac1413ca1dcdf50f188f66d8bfb66913fb84e7b30c9883a841473c8f2f6a1f"),
		hex!("0cac1413ca1dcdf50f188f66d8bfb66913fb84e7b30c9883a841473c8f2f6a1f"),
		hex!("bbb6b482ca9a82bee374928f20445e10ebd2438f870e3867282033ca5fdbf249"),
		hex!("0cac1413ca1dcdf50f188f66d8bfb66913fb84e7b30c9883a841473c8f2f6a1f"),
	],
	// validator-3: //hashmix-testnet//validator-3
	[
		hex!("46a1cd23374c569490659b821351944349728548a7b81bb3e48beb3803942a6d"),
		hex!("46a1cd23374c569490659b821351944349728548a7b81bb3e48beb3803942a6d"),
		hex!("39e4de43c90f4e0bdcd16e5ac42f7c17143cd10ea395a721ce646a2eecab0b0c"),
		hex!("46a1cd23374c569490659b821351944349728548a7b81bb3e48beb3803942a6d"),
	],
	// validator-4: //hashmix-testnet//validator-4
	[
		hex!("8a8433694fd51b4e19dcdc4c0fb8602699b813d2bfd946242698c6c8d31e9e32"),
		hex!("8a8433694fd51b4e19dcdc4c0fb8602699b813d2bfd946242698c6c8d31e9e32"),
		hex!("a404e4a377252385cac5379b46191b9061cb69253121d9229a212a8c6745892a"),
		hex!("8a8433694fd51b4e19dcdc4c0fb8602699b813d2bfd946242698c6c8d31e9e32"),
	],
];

/// The sudo key of the test network: `//hashmix-testnet//root`.
pub const ROOT: [u8; 32] = hex!("50eba93b99ee5dd2cf4a5d8e21d42d1999d1bd8c887752a18d003fe360482a1c");

/// What each validator starts with: enough to bond and pay fees for years of testing.
pub const VALIDATOR_ENDOWMENT: Balance = 100_000 * HSM;

/// What the root account starts with, to hand out test HSM.
pub const ROOT_ENDOWMENT: Balance = 10_000_000 * HSM;
