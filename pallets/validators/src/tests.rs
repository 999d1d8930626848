use crate::{mock::*, AttestationKeys, SessionLength};
use frame_support::traits::EstimateNextSessionRotation;
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
		assert_eq!(Validators::estimate_current_session_progress(4).0, Some(Permill::from_percent(50)));
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
		let new_keys = MockSessionKeys { attestation: attestation_key(42) };
		// pallet-session checks a proof of possession; keys set by the runtime itself skip it.
		<Session as pallet_session::SessionInterface>::set_keys(&2, new_keys).unwrap();

		// Keys set in session 0 are queued at the end of session 0 and active from session 2.
		run_to_block(5);
		assert_eq!(AttestationKeys::<Test>::get()[1], attestation_key(2));
		run_to_block(10);
		assert_eq!(Session::current_index(), 2);
		assert_eq!(
			AttestationKeys::<Test>::get().into_inner(),
			vec![attestation_key(1), attestation_key(42), attestation_key(3)]
		);
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
