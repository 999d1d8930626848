use crate::{mock::*, AttestationKeys, SessionLength};
use codec::Encode;
use frame_support::traits::EstimateNextSessionRotation;
use frame_support::{assert_noop, assert_ok};
use pallet_session::ShouldEndSession;
use sp_runtime::Permill;

#[test]
fn genesis_should_record_session_length_and_validators_attestation_keys() {
	ExtBuilder::default().session_length(7).build_and_execute(|| {
		assert_eq!(SessionLength::<Test>::get(), 7);
		assert_eq!(
			AttestationKeys::<Test>::get().into_inner(),
			vec![attestation_key(1), attestation_key(2), attestation_key(3)]
		);
	});
}

#[test]
#[should_panic(expected = "session_length must be above zero")]
fn genesis_should_panic_when_session_length_is_zero() {
	ExtBuilder::default().session_length(0).build();
}

#[test]
fn session_should_end_every_session_length_blocks() {
	ExtBuilder::default().session_length(5).build_and_execute(|| {
		let ends: Vec<u64> = (1..=16).filter(|n| Validators::should_end_session(*n)).collect();
		assert_eq!(ends, vec![5, 10, 15]);

		run_to_block(16);
		assert_eq!(Session::current_index(), 3);
	});
}

#[test]
fn estimates_should_follow_the_session_length() {
	ExtBuilder::default().session_length(10).build_and_execute(|| {
		assert_eq!(Validators::average_session_length(), 10);
		assert_eq!(Validators::estimate_next_session_rotation(3).0, Some(10));
		assert_eq!(Validators::estimate_next_session_rotation(10).0, Some(10));
		assert_eq!(Validators::estimate_next_session_rotation(11).0, Some(20));
		assert_eq!(
			Validators::estimate_current_session_progress(4).0,
			Some(Permill::from_percent(50))
		);
		assert_eq!(Validators::estimate_current_session_progress(9).0, Some(Permill::one()));
		assert_eq!(
			Validators::estimate_current_session_progress(10).0,
			Some(Permill::from_percent(10))
		);
	});
}

#[test]
fn estimates_should_be_unknown_when_no_length_is_set() {
	ExtBuilder::default().build().execute_with(|| {
		SessionLength::<Test>::kill();
		assert!(!Validators::should_end_session(10));
		assert_eq!(Validators::estimate_next_session_rotation(3).0, None);
		assert_eq!(Validators::estimate_current_session_progress(3).0, None);
		assert!(Validators::do_try_state().is_err());
	});
}

#[test]
fn new_attestation_key_should_be_recorded_when_its_session_starts() {
	ExtBuilder::default().session_length(5).build_and_execute(|| {
		// What `author_rotateKeysWithOwner` does on validator 2's node: new keys in its keystore,
		// and a proof that they sign for validator 2's account; then `session.setKeys`.
		let generated = MockSessionKeys::generate(&2u64.encode(), None);
		let new_key = generated.keys.attestation.clone();
		assert_ok!(Session::set_keys(
			RuntimeOrigin::signed(2),
			generated.keys,
			generated.proof.encode()
		));

		// Keys set in session 0 are queued at the end of session 0 and active from session 2.
		run_to_block(5);
		assert_eq!(AttestationKeys::<Test>::get()[1], attestation_key(2));
		run_to_block(10);
		assert_eq!(Session::current_index(), 2);
		assert_eq!(
			AttestationKeys::<Test>::get().into_inner(),
			vec![attestation_key(1), new_key, attestation_key(3)]
		);
	});
}

#[test]
fn keys_with_a_proof_for_another_account_should_be_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let generated = MockSessionKeys::generate(&3u64.encode(), None);
		assert_noop!(
			Session::set_keys(RuntimeOrigin::signed(2), generated.keys, generated.proof.encode()),
			pallet_session::Error::<Test>::InvalidProof
		);
		assert_eq!(AttestationKeys::<Test>::get()[1], attestation_key(2));
	});
}

#[test]
fn try_state_should_fail_when_keys_and_validators_disagree() {
	ExtBuilder::default().build().execute_with(|| {
		AttestationKeys::<Test>::mutate(|keys| {
			keys.pop();
		});
		assert!(Validators::do_try_state().is_err());
	});
}

#[test]
fn a_single_validator_should_keep_its_keys_across_sessions() {
	ExtBuilder::default().validators(vec![7]).session_length(3).build_and_execute(|| {
		run_to_block(10);
		assert_eq!(Session::current_index(), 3);
		assert_eq!(pallet_session::Validators::<Test>::get(), vec![7]);
		assert_eq!(AttestationKeys::<Test>::get().into_inner(), vec![attestation_key(7)]);
	});
}

#[test]
fn default_genesis_should_have_hour_long_sessions() {
	assert_eq!(
		crate::GenesisConfig::<Test>::default().session_length,
		u64::from(hashmix_primitives::time::HOURS)
	);
}
