//! Fee-free submissions by validators' off-chain workers: the header batches and payout proofs
//! anyone may send signed, here signed with a validator's attestation key and authorized with
//! `#[pallet::authorize]`, so that a worker needs no funded account.
//!
//! `authorize` checks the signer (an attestation key of the current validator set) and the
//! signature over (domain, genesis hash, payload), then dry-runs the submission in a storage
//! transaction it rolls back: only submissions that would succeed enter the pool or a block,
//! and a fee-free transaction never fails in a block for a reason known beforehand. Batches
//! extending a batch still in the pool `require` its last header, so a worker can queue several.

use crate::*;
use alloc::{vec, vec::Vec};
use frame_support::{
	storage::{with_transaction, TransactionOutcome},
	traits::Contains,
};
use hashmix_bitcoin::header::Header;
use hashmix_primitives::attestation::{signing_payload, AttestationId, AttestationSignature};
use sp_runtime::{
	traits::Zero,
	transaction_validity::{
		InvalidTransaction, TransactionLongevity, TransactionValidityError, ValidTransaction,
	},
	DispatchError, ModuleError, RuntimeAppPublic,
};

const HEADERS_DOMAIN: &[u8] = b"hashmix/btc-headers";
const PAYOUT_PROOF_DOMAIN: &[u8] = b"hashmix/btc-payout-proof";
/// The pool tag of a relayed header: provided by the batch that ends with it, required by the
/// batch that extends it.
const HEADER_TAG: &[u8] = b"hashmix/btc-header";
/// The pool tag of a relayed payout proof, per paying transaction.
const PAYOUT_TAG: &[u8] = b"hashmix/btc-payout";

/// Blocks a relayed submission may wait in the pool before it is dropped; the worker sends it
/// again later if it is still needed.
pub const RELAY_LONGEVITY: TransactionLongevity = 16;

impl<T: Config> Pallet<T> {
	fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// What an attestation key signs to relay `headers`.
	pub fn headers_payload(headers: &[RawHeader]) -> Vec<u8> {
		signing_payload(HEADERS_DOMAIN, Self::genesis_hash(), headers)
	}

	/// What an attestation key signs to relay `proof`: the proof's blake2-256 hash, so that the
	/// signed message stays small whatever the proof's size.
	pub fn payout_proof_payload(proof: &PayoutProofOf<T>) -> Vec<u8> {
		let digest = sp_io::hashing::blake2_256(&proof.encode());
		signing_payload(PAYOUT_PROOF_DOMAIN, Self::genesis_hash(), digest)
	}

	fn check_attester(
		attester: &AttestationId,
		payload: &[u8],
		signature: &AttestationSignature,
	) -> Result<(), TransactionValidityError> {
		if !T::Attesters::contains(attester) {
			return Err(InvalidTransaction::BadSigner.into());
		}
		if !attester.verify(&payload, signature) {
			return Err(InvalidTransaction::BadProof.into());
		}
		Ok(())
	}

	/// Runs `f` and rolls back whatever it wrote: the submission as it would go now.
	fn dry_run<R>(f: impl FnOnce() -> Result<R, DispatchError>) -> Result<R, DispatchError> {
		with_transaction(|| TransactionOutcome::Rollback(f()))
	}

	/// Why the pool refuses a relayed submission: replays are stale; the pallet's other errors
	/// are `Custom` with the error's index in [`Error`], so the reason stays observable.
	fn invalid(error: DispatchError) -> TransactionValidityError {
		let stale = [Error::<T>::DuplicateHeader.into(), Error::<T>::AlreadyCredited.into()];
		if stale.contains(&error) {
			return InvalidTransaction::Stale.into();
		}
		match error {
			DispatchError::Module(ModuleError { error, .. }) => {
				InvalidTransaction::Custom(error.first().copied().unwrap_or_default()).into()
			}
			_ => InvalidTransaction::Call.into(),
		}
	}

	fn relay_validity(requires: Vec<Vec<u8>>, provides: Vec<u8>) -> ValidTransaction {
		ValidTransaction {
			priority: T::RelayPriority::get(),
			requires,
			provides: vec![provides],
			longevity: RELAY_LONGEVITY,
			propagate: true,
		}
	}

	/// `authorize` of [`relay_headers`](Pallet::relay_headers).
	pub(crate) fn authorize_headers(
		headers: &[RawHeader],
		attester: &AttestationId,
		signature: &AttestationSignature,
	) -> Result<(ValidTransaction, Weight), TransactionValidityError> {
		Self::check_attester(attester, &Self::headers_payload(headers), signature)?;
		let (Some(first), Some(last)) = (headers.first(), headers.last()) else {
			return Err(Self::invalid(Error::<T>::NoHeaders.into()));
		};
		let first = Header::parse(first);
		let parent = first.prev_block;
		let provides = (HEADER_TAG, Header::parse(last).hash()).encode();
		if Headers::<T>::contains_key(parent) {
			Self::dry_run(|| Self::do_submit_headers(headers)).map_err(Self::invalid)?;
			Ok((Self::relay_validity(Vec::new(), provides), Weight::zero()))
		} else {
			// The parent is in a batch still in the pool: this one waits for it, and is checked
			// in full when a block includes it (`authorize` runs again then).
			ensure!(
				RelayNetwork::<T>::get().is_some(),
				Self::invalid(Error::<T>::NotInitialized.into())
			);
			ensure!(
				!Headers::<T>::contains_key(first.hash()),
				Self::invalid(Error::<T>::DuplicateHeader.into())
			);
			let requires = vec![(HEADER_TAG, parent).encode()];
			Ok((Self::relay_validity(requires, provides), Weight::zero()))
		}
	}

	/// `authorize` of [`relay_payout_proof`](Pallet::relay_payout_proof).
	pub(crate) fn authorize_payout_proof(
		proof: &PayoutProofOf<T>,
		attester: &AttestationId,
		signature: &AttestationSignature,
	) -> Result<(ValidTransaction, Weight), TransactionValidityError> {
		Self::check_attester(attester, &Self::payout_proof_payload(proof), signature)?;
		Self::dry_run(|| Self::do_submit_payout_proof(proof.clone())).map_err(Self::invalid)?;
		let provides = (PAYOUT_TAG, sp_io::hashing::blake2_256(&proof.transaction)).encode();
		Ok((Self::relay_validity(Vec::new(), provides), Weight::zero()))
	}

	/// The weight of `authorize` for a payout proof: the dry run, registry reads by the bound
	/// of the proof's size (the outputs are not parsed yet when the weight is asked).
	pub fn authorize_payout_proof_weight(proof: &PayoutProofOf<T>) -> Weight {
		let bytes = proof.bytes();
		T::WeightInfo::authorize_relay_payout_proof(bytes, proof.depth())
			.saturating_add(T::DbWeight::get().reads(u64::from(bytes / MIN_STANDARD_OUTPUT_LEN)))
	}

	/// The weight of `authorize` for `headers` headers: the dry run, and the deepest
	/// reorganisation it may walk.
	pub fn authorize_headers_weight(headers: u32) -> Weight {
		T::WeightInfo::authorize_relay_headers(headers)
			.saturating_add(T::WeightInfo::reorganize(T::MaxReorgDepth::get()))
	}
}
