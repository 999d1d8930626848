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
		// The development hash power NFT, Active and Alice's.
		let nft = pallet_hashpower::Pallet::<Runtime>::summary(0).expect("the fixture exists");
		assert_eq!(nft.status, hashmix_primitives::hashpower::NftStatus::Active);
		assert_eq!(nft.holder, Sr25519Keyring::Alice.to_account_id());
		assert_eq!((nft.power, nft.end_day), DEV_NFT);
		assert_eq!(
			pallet_hashpower::Pallet::<Runtime>::item_owner(
				hashmix_primitives::hashpower::PowerKind::BitcoinSha256,
				0
			),
			Some(Sr25519Keyring::Alice.to_account_id())
		);
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

#[test]
fn hash_power_items_should_be_sold_only_through_the_market() {
	use frame_support::{dispatch::GetDispatchInfo, traits::UnfilteredDispatchable};
	use frame_system::Call as SystemCall;
	use hashmix_primitives::hashpower::PowerKind;
	use sp_runtime::traits::Dispatchable;

	with_genesis_of(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let collection = pallet_hashpower::Collections::<Runtime>::get(PowerKind::BitcoinSha256)
			.expect("the Bitcoin hash power collection is created at genesis");
		assert_eq!(
			pallet_nfts::Collection::<Runtime>::get(collection).map(|details| details.owner),
			Some(pallet_hashpower::Pallet::<Runtime>::account())
		);
		let alice = Sr25519Keyring::Alice.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		// The development fixture: item 0 of the collection, held by Alice.
		let signed = |who: &AccountId| crate::RuntimeOrigin::signed(who.clone());
		let nfts = |call: pallet_nfts::Call<Runtime>| crate::RuntimeCall::Nfts(call);
		let refused = frame_system::Error::<Runtime>::CallFiltered.into();
		let set_price = nfts(pallet_nfts::Call::set_price {
			collection,
			item: 0,
			price: Some(HSM),
			whitelisted_buyer: None,
		});
		assert_eq!(set_price.clone().dispatch(signed(&alice)).map_err(|e| e.error), Err(refused));
		let buy = nfts(pallet_nfts::Call::buy_item { collection, item: 0, bid_price: HSM });
		assert_eq!(buy.dispatch(signed(&bob)).map_err(|e| e.error), Err(refused));
		let swap = nfts(pallet_nfts::Call::create_swap {
			offered_collection: collection,
			offered_item: 0,
			desired_collection: collection,
			maybe_desired_item: None,
			maybe_price: None,
			duration: 10,
		});
		assert_eq!(swap.dispatch(signed(&alice)).map_err(|e| e.error), Err(refused));
		// Inside a batch too.
		let batch =
			crate::RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![set_price] });
		assert!(batch.dispatch(signed(&alice)).is_err());
		assert!(pallet_nfts::ItemPriceOf::<Runtime>::get(collection, 0).is_none());
		// A plain transfer is the holder's right while nothing locks the item.
		let transfer =
			nfts(pallet_nfts::Call::transfer { collection, item: 0, dest: bob.clone().into() });
		assert!(transfer.get_dispatch_info().call_weight.ref_time() > 0);
		assert!(transfer.dispatch(signed(&alice)).is_ok());
		// Root is not filtered: governance keeps every tool.
		let remark = crate::RuntimeCall::System(SystemCall::remark { remark: vec![] });
		assert!(remark.dispatch_bypass_filter(crate::RuntimeOrigin::root()).is_ok());
	});
}
