//! Fee-free relaying by validators: `relay_headers` and `relay_payout_proof` are authorized only
//! for attestation keys of the validator set with a valid signature, and only if the submission
//! passes a dry run that leaves no trace; then they dispatch as their signed counterparts.

use super::helpers::*;
use crate::{mock::*, testing::*, *};
use frame_support::{
	assert_noop, assert_ok,
	pallet_prelude::TransactionSource,
	traits::{Authorize, Contains},
};
use hashmix_primitives::attestation::AttestationId;
use sp_runtime::{
	traits::Dispatchable,
	transaction_validity::{InvalidTransaction, TransactionValidityError, ValidTransaction},
	DispatchError, RuntimeAppPublic,
};

/// A fresh attestation key in the keystore, made an attester unless `attester` is false.
pub fn attestation_key(attester: bool) -> AttestationId {
	let key = AttestationId::generate_pair(None);
	if attester {
		Attesters::add(key.clone());
	}
	key
}

fn headers_call(key: &AttestationId, headers: Vec<RawHeader>) -> Call<Test> {
	let headers: BoundedVec<RawHeader, MaxHeadersPerBatch> = headers.try_into().unwrap();
	let signature = key.sign(&BtcRelay::headers_payload(&headers)).unwrap();
	Call::relay_headers { headers, attester: key.clone(), signature }
}

fn proof_call(key: &AttestationId, proof: PayoutProofOf<Test>) -> Call<Test> {
	let signature = key.sign(&BtcRelay::payout_proof_payload(&proof)).unwrap();
	Call::relay_payout_proof { proof, attester: key.clone(), signature }
}

/// What the pool hears from `authorize`.
fn authorize(call: &Call<Test>) -> Result<ValidTransaction, TransactionValidityError> {
	call.authorize(TransactionSource::External).expect("the call is authorized").map(|(v, _)| v)
}

/// Dispatches `call` as a block does after `authorize`.
pub fn dispatch_authorized(call: Call<Test>) -> DispatchResultWithPostInfo {
	RuntimeCall::BtcRelay(call).dispatch(frame_system::RawOrigin::Authorized.into())
}

/// The `Custom` code the pool gives for `error`: its index in [`Error`].
fn custom(error: Error<Test>) -> TransactionValidityError {
	let DispatchError::Module(module) = DispatchError::from(error) else { unreachable!() };
	InvalidTransaction::Custom(module.error[0]).into()
}

#[test]
fn relay_headers_should_be_authorized_for_attesters_with_a_valid_batch() {
	run(|| {
		let mut chain = Chain::new(0);
		chain.mine_empty(10);
		initialize_regtest(&chain);
		let key = attestation_key(true);

		// Not a validator's key; a signature over other headers.
		let outsider = attestation_key(false);
		assert!(!Attesters::contains(&outsider));
		assert_eq!(
			authorize(&headers_call(&outsider, chain.headers(1, 5))),
			Err(InvalidTransaction::BadSigner.into())
		);
		let Call::relay_headers { attester, signature, .. } =
			headers_call(&key, chain.headers(1, 4))
		else {
			unreachable!()
		};
		let forged = Call::<Test>::relay_headers {
			headers: chain.headers(1, 5).try_into().unwrap(),
			attester,
			signature,
		};
		assert_eq!(authorize(&forged), Err(InvalidTransaction::BadProof.into()));

		// A batch that would fail is refused with the pallet's reason, and the dry run left
		// nothing behind.
		let mut bad = chain.at(1).header;
		bad.nonce = bad.nonce.wrapping_add(1);
		while hashmix_bitcoin::pow::meets_own_target(hashmix_bitcoin::Network::Regtest, &bad)
			.is_ok()
		{
			bad.nonce = bad.nonce.wrapping_add(1);
		}
		let before = state();
		assert_eq!(
			authorize(&headers_call(&key, vec![bad.serialize()])),
			Err(custom(Error::<Test>::InsufficientWork))
		);

		// A good batch: valid, provides its last header, and authorizing it changes nothing.
		let call = headers_call(&key, chain.headers(1, 5));
		let validity = authorize(&call).unwrap();
		assert_eq!(state(), before);
		assert!(validity.requires.is_empty());
		assert_eq!(validity.provides.len(), 1);
		assert_eq!(validity.longevity, RELAY_LONGEVITY);

		// The next batch while the first is still in the pool: it waits for it.
		let next = authorize(&headers_call(&key, chain.headers(6, 10))).unwrap();
		assert_eq!(next.requires, validity.provides);

		assert_ok!(dispatch_authorized(call.clone()));
		assert_eq!(BtcRelay::best_block().map(|(h, _)| h), Some(5));
		assert!(events().contains(&Event::HeadersStored {
			count: 5,
			best: chain.at(5).hash(),
			height: 5
		}));
		// Replays are stale, and a signed origin cannot use the fee-free call.
		assert_eq!(authorize(&call), Err(InvalidTransaction::Stale.into()));
		assert_noop!(
			RuntimeCall::BtcRelay(call).dispatch(RuntimeOrigin::signed(1)),
			DispatchError::BadOrigin
		);
		// Now the second batch's parent is stored: it is checked in full, needs nothing.
		let call = headers_call(&key, chain.headers(6, 10));
		assert!(authorize(&call).unwrap().requires.is_empty());
		assert_ok!(dispatch_authorized(call));
		assert_eq!(BtcRelay::best_block().map(|(h, _)| h), Some(10));
	});
}

#[test]
fn relay_payout_proof_should_be_authorized_only_if_it_would_credit() {
	run(|| {
		let destination = p2tr(0xd4);
		let mut chain = Chain::new(0);
		chain.mine(600, &[(5_000_000_000, destination.clone())], vec![]);
		chain.mine_empty(6);
		initialize_regtest(&chain);
		assert_ok!(relay(&chain, 1, 7));
		let key = attestation_key(true);
		let proof = regtest_proof(&chain, 1, 0, vec![]);

		// Pays no registered script yet.
		assert_eq!(
			authorize(&proof_call(&key, proof.clone())),
			Err(custom(Error::<Test>::NothingCredited))
		);
		assert_ok!(BtcRelay::register_script(RuntimeOrigin::root(), script(destination), 1));
		assert_eq!(
			authorize(&proof_call(&attestation_key(false), proof.clone())),
			Err(InvalidTransaction::BadSigner.into())
		);

		let call = proof_call(&key, proof.clone());
		let before = state();
		let validity = authorize(&call).unwrap();
		assert_eq!(state(), before, "the dry run credits nothing");
		assert_eq!(validity.provides.len(), 1);
		assert!(validity.requires.is_empty());

		assert_ok!(dispatch_authorized(call.clone()));
		assert_eq!(Registrations::<Test>::get(0).unwrap().credited_total, 5_000_000_000);
		assert!(events().iter().any(|e| matches!(
			e,
			Event::PayoutCredited { registration: 0, amount: 5_000_000_000, .. }
		)));
		// Credited once: the same proof is stale, from any validator.
		assert_eq!(authorize(&call), Err(InvalidTransaction::Stale.into()));
		assert_eq!(
			authorize(&proof_call(&attestation_key(true), proof)),
			Err(InvalidTransaction::Stale.into())
		);
	});
}
