//! Genesis presets: the starting state of the chains HashMix ships.
//!
//! - `development` (`--dev`): Alice alone validates; sessions of 10 blocks.
//! - `local_testnet` (`--chain local`): Alice, Bob, Charlie and Dave validate on one machine, so
//!   that one can fail and GRANDPA (which needs more than two thirds) still finalizes.
//! - `hashmix_testnet`: the named public test network whose specs are frozen in `chain-specs/`.
//!
//! Dev and local chains endow the well-known development accounts; their keys are public, so
//! these chains hold nothing of value.

use crate::{
	AccountId, Balance, BalancesConfig, BlockNumber, RuntimeGenesisConfig, SessionConfig,
	SessionKeys, SudoConfig, ValidatorsConfig, HOURS, HSM, MINUTES,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use hashmix_primitives::attestation::AttestationId;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{ed25519, sr25519};
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// The name of the public test network's preset.
pub const HASHMIX_TESTNET_PRESET: &str = "hashmix_testnet";

/// What each endowed development account starts with: one million HSM.
const DEV_ENDOWMENT: Balance = 1_000_000 * HSM;

/// What each genesis validator bonds: the minimum validator bond.
const GENESIS_BOND: Balance = crate::configs::consensus::MIN_VALIDATOR_BOND;

/// Session length of the development and local chains: one minute, so tests see rotations.
const DEV_SESSION_LENGTH: BlockNumber = MINUTES;

/// Session length of the public test network: one hour.
const TESTNET_SESSION_LENGTH: BlockNumber = HOURS;

/// A validator at genesis: its account and its three session keys.
struct GenesisValidator {
	account: AccountId,
	aura: AuraId,
	grandpa: GrandpaId,
	attestation: AttestationId,
}

impl GenesisValidator {
	/// A development validator whose keys all derive from the well-known seed `//<Name>`, as
	/// `hashmix-node --alice` (etc.) inserts them.
	fn development(sr: Sr25519Keyring, ed: Ed25519Keyring) -> Self {
		Self {
			account: sr.to_account_id(),
			aura: sr.public().into(),
			grandpa: ed.public().into(),
			attestation: sr.public().into(),
		}
	}

	/// A validator given by raw public keys: sr25519 account/stash, sr25519 Aura, ed25519
	/// GRANDPA and sr25519 attestation keys.
	fn from_raw(
		account: [u8; 32],
		aura: [u8; 32],
		grandpa: [u8; 32],
		attestation: [u8; 32],
	) -> Self {
		Self {
			account: sr25519::Public::from_raw(account).into(),
			aura: sr25519::Public::from_raw(aura).into(),
			grandpa: ed25519::Public::from_raw(grandpa).into(),
			attestation: sr25519::Public::from_raw(attestation).into(),
		}
	}

	fn session_keys(&self) -> SessionKeys {
		SessionKeys {
			aura: self.aura.clone(),
			grandpa: self.grandpa.clone(),
			attestation: self.attestation.clone(),
		}
	}
}

fn genesis(
	validators: Vec<GenesisValidator>,
	endowed: Vec<(AccountId, Balance)>,
	root: AccountId,
	session_length: BlockNumber,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed },
		validators: ValidatorsConfig {
			session_length,
			validators: validators
				.iter()
				.map(|v| (v.account.clone(), GENESIS_BOND))
				.collect::<Vec<_>>(),
		},
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|v| (v.account.clone(), v.account.clone(), v.session_keys()))
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
	})
}

fn dev_endowments() -> Vec<(AccountId, Balance)> {
	Sr25519Keyring::iter().map(|k| (k.to_account_id(), DEV_ENDOWMENT)).collect()
}

/// The development fixture: one Active Bitcoin hash power NFT held by Alice (100 TH/s, in GH/s,
/// for a year), so that clients can try the market on a fresh `--dev` node.
pub const DEV_NFT: (u128, u32) = (100_000, 365);

/// `--dev`: Alice alone, holding the development hash power NFT.
pub fn development_config_genesis() -> Value {
	let mut patch = genesis(
		vec![GenesisValidator::development(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_endowments(),
		Sr25519Keyring::Alice.to_account_id(),
		DEV_SESSION_LENGTH,
	);
	let fixture = build_struct_json_patch!(RuntimeGenesisConfig {
		hashpower: crate::HashpowerConfig {
			dev_nfts: vec![(Sr25519Keyring::Alice.to_account_id(), DEV_NFT.0, DEV_NFT.1)],
		},
	});
	if let (Value::Object(patch), Value::Object(fixture)) = (&mut patch, fixture) {
		patch.extend(fixture);
	}
	patch
}

/// `--chain local`: Alice, Bob, Charlie and Dave.
pub fn local_testnet_genesis() -> Value {
	genesis(
		vec![
			GenesisValidator::development(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			GenesisValidator::development(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			GenesisValidator::development(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			GenesisValidator::development(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		dev_endowments(),
		Sr25519Keyring::Alice.to_account_id(),
		DEV_SESSION_LENGTH,
	)
}

/// The public test network: four validators whose keys are listed in `chain-specs/README.md`.
pub fn hashmix_testnet_genesis() -> Value {
	let validators: Vec<GenesisValidator> = testnet::VALIDATORS
		.iter()
		.map(|[account, aura, grandpa, attestation]| {
			GenesisValidator::from_raw(*account, *aura, *grandpa, *attestation)
		})
		.collect();
	let mut endowed: Vec<(AccountId, Balance)> =
		validators.iter().map(|v| (v.account.clone(), testnet::VALIDATOR_ENDOWMENT)).collect();
	let root: AccountId = sr25519::Public::from_raw(testnet::ROOT).into();
	endowed.push((root.clone(), testnet::ROOT_ENDOWMENT));
	genesis(validators, endowed, root, TESTNET_SESSION_LENGTH)
}

mod testnet;

/// The preset with the given id, as JSON.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		HASHMIX_TESTNET_PRESET => hashmix_testnet_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The ids of every preset.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(HASHMIX_TESTNET_PRESET),
	]
}

#[cfg(test)]
mod tests;
