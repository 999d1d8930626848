//! Registering destinations and pool scripts.

use super::helpers::*;
use crate::{mock::*, testing::*, *};
use frame_support::{assert_noop, assert_ok};
use hashmix_primitives::bitcoin::PayoutDestinations;

fn relay_started() -> Chain {
	let mut chain = Chain::new(0);
	chain.mine_empty(2);
	initialize_regtest(&chain);
	assert_ok!(relay(&chain, 1, 2));
	chain
}

#[test]
fn register_should_need_a_started_relay_and_a_standard_unused_script() {
	run(|| {
		let destination = script(p2tr(1));
		assert_noop!(
			BtcRelay::register_script(RuntimeOrigin::root(), destination.clone(), 1),
			Error::<Test>::NotInitialized
		);
		relay_started();
		assert_noop!(
			BtcRelay::register_script(RuntimeOrigin::signed(1), destination.clone(), 1),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			BtcRelay::register_script(RuntimeOrigin::root(), destination.clone(), 0),
			Error::<Test>::ZeroHashrate
		);
		// OP_RETURN is not a destination.
		assert_noop!(
			BtcRelay::register_script(RuntimeOrigin::root(), script(vec![0x6a, 0x01, 0x00]), 1),
			Error::<Test>::UnsupportedScript
		);
		let start_day = LastDay::<Test>::get().unwrap();
		assert_ok!(BtcRelay::register_script(RuntimeOrigin::root(), destination.clone(), 1_000));
		assert_eq!(
			events().last(),
			Some(&Event::ScriptRegistered {
				registration: 0,
				script: destination.clone(),
				hashrate: 1_000,
				start_day
			})
		);
		assert_noop!(
			BtcRelay::register_script(RuntimeOrigin::root(), destination.clone(), 1),
			Error::<Test>::AlreadyRegistered
		);
		assert_eq!(BtcRelay::registration_info(destination.to_vec()).map(|r| r.id), Some(0));

		let pool = script(p2wpkh(2));
		assert_ok!(BtcRelay::add_pool_script(RuntimeOrigin::root(), pool.clone()));
		assert_noop!(
			BtcRelay::register_script(RuntimeOrigin::root(), pool, 1),
			Error::<Test>::PoolScript
		);
		let too_many = (0..5).map(|i| script(p2wpkh(10 + i))).collect();
		assert_noop!(
			<BtcRelay as PayoutDestinations>::register(script(p2tr(3)), 1, too_many),
			Error::<Test>::TooManyMinerScripts
		);
	});
}

#[test]
fn unregister_should_free_the_script_for_a_new_registration() {
	run(|| {
		relay_started();
		let destination = script(p2tr(4));
		assert_noop!(
			BtcRelay::unregister_script(RuntimeOrigin::root(), destination.clone()),
			Error::<Test>::NotRegistered
		);
		assert_eq!(
			<BtcRelay as PayoutDestinations>::register(destination.clone(), 5, vec![]),
			Ok(0)
		);
		assert_ok!(BtcRelay::unregister_script(RuntimeOrigin::root(), destination.clone()));
		assert_eq!(
			events().last(),
			Some(&Event::ScriptUnregistered { registration: 0, script: destination.clone() })
		);
		assert_eq!(BtcRelay::registration_info(destination.to_vec()), None);
		// Registered again, it is a new registration with its own credits.
		assert_eq!(
			<BtcRelay as PayoutDestinations>::register(destination.clone(), 5, vec![]),
			Ok(1)
		);
		assert_eq!(<BtcRelay as PayoutDestinations>::unregister(&destination), Ok(1));
	});
}

#[test]
fn pool_allowlist_should_be_governed() {
	run(|| {
		let pool = script(p2wpkh(7));
		assert_noop!(
			BtcRelay::add_pool_script(RuntimeOrigin::signed(1), pool.clone()),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			BtcRelay::add_pool_script(RuntimeOrigin::root(), script(vec![0x51])),
			Error::<Test>::UnsupportedScript
		);
		assert_ok!(BtcRelay::add_pool_script(RuntimeOrigin::root(), pool.clone()));
		assert_eq!(events().last(), Some(&Event::PoolScriptAdded { script: pool.clone() }));
		assert_noop!(
			BtcRelay::add_pool_script(RuntimeOrigin::root(), pool.clone()),
			Error::<Test>::AlreadyPoolScript
		);
		assert_ok!(BtcRelay::remove_pool_script(RuntimeOrigin::root(), pool.clone()));
		assert_eq!(events().last(), Some(&Event::PoolScriptRemoved { script: pool.clone() }));
		assert_noop!(
			BtcRelay::remove_pool_script(RuntimeOrigin::root(), pool),
			Error::<Test>::NotPoolScript
		);
	});
}
