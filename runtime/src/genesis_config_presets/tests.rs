//! Every preset builds a genesis with the validators, balances and session length it promises.

use super::*;
use crate::Runtime;
use frame_support::genesis_builder_helper::build_state;

/// Merges a preset (a JSON patch) onto `base`, as the node's chain spec builder does.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		}
		(base, patch) => *base = patch,
	}
}

/// Builds the genesis of preset `id` and runs `check` in it.
fn with_genesis_of(id: &str, check: impl FnOnce()) {
	let patch: Value =
		serde_json::from_slice(&get_preset(&PresetId::from(id)).expect("the preset exists"))
			.unwrap();
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, patch);
	sp_io::TestExternalities::default().execute_with(|| {
		build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).unwrap())
			.expect("the preset builds");
		check();
	});
}

fn authorities() -> (usize, usize, usize) {
	(
		pallet_session::Validators::<Runtime>::get().len(),
		pallet_aura::Authorities::<Runtime>::get().len(),
		pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(),
	)
}

#[test]
fn development_preset_should_make_alice_the_only_validator() {
	with_genesis_of(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
		assert_eq!(authorities(), (1, 1, 1));
		assert_eq!(
			pallet_session::Validators::<Runtime>::get(),
			vec![Sr25519Keyring::Alice.to_account_id()]
		);
		assert_eq!(pallet_validators::SessionLength::<Runtime>::get(), DEV_SESSION_LENGTH);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		assert_eq!(
			pallet_balances::Pallet::<Runtime>::free_balance(Sr25519Keyring::Bob.to_account_id()),
			DEV_ENDOWMENT
		);
		pallet_validators::Pallet::<Runtime>::do_try_state().unwrap();
	});
}

#[test]
fn local_testnet_preset_should_have_four_validators() {
	with_genesis_of(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET, || {
		assert_eq!(authorities(), (4, 4, 4));
		assert_eq!(pallet_validators::AttestationKeys::<Runtime>::get().len(), 4);
		// Four bonded validators meet MinValidators: they are elected, not just kept.
		let (planned, election) = pallet_validators::PlannedValidators::<Runtime>::get().unwrap();
		assert_eq!((planned.len(), election), (4, pallet_validators::Election::Elected));
		pallet_validators::Pallet::<Runtime>::do_try_state().unwrap();
	});
}

#[test]
fn testnet_preset_should_have_four_distinct_endowed_validators() {
	with_genesis_of(HASHMIX_TESTNET_PRESET, || {
		assert_eq!(authorities(), (4, 4, 4));
		assert_eq!(pallet_validators::SessionLength::<Runtime>::get(), TESTNET_SESSION_LENGTH);
		for validator in pallet_session::Validators::<Runtime>::get() {
			// Each bonds the minimum from its endowment.
			assert_eq!(
				pallet_balances::Pallet::<Runtime>::free_balance(&validator),
				testnet::VALIDATOR_ENDOWMENT - GENESIS_BOND
			);
			assert_eq!(
				pallet_validators::Ledgers::<Runtime>::get(&validator).unwrap().active,
				GENESIS_BOND
			);
		}
		// No development account has anything on the public test network.
		assert_eq!(
			pallet_balances::Pallet::<Runtime>::free_balance(Sr25519Keyring::Alice.to_account_id()),
			0
		);
		pallet_validators::Pallet::<Runtime>::do_try_state().unwrap();
	});
}

#[test]
fn unknown_preset_should_be_none() {
	assert!(get_preset(&PresetId::from("mainnet")).is_none());
	assert_eq!(preset_names().len(), 3);
}
