//! The off-chain worker: on a validator's node with a Bitcoin Esplora endpoint
//! (`--bitcoin-esplora-url`, or the `hashmix::bitcoin-esplora-url` key of off-chain local
//! storage), each block it
//!
//! 1. relays the headers the relay lacks, up to [`BATCHES_PER_RUN`] batches, walking back from
//!    the endpoint's block at the target height to a header the relay (or a batch still in the
//!    pool) has: a fork on the endpoint's side is followed the same way;
//! 2. for a few registrations at a time ([`REGISTRATIONS_PER_RUN`], in turn), lists the newest
//!    confirmed transactions of the registered script's address, and for each one that pays it
//!    in a block the relay has with enough confirmations, and is not credited yet, fetches the
//!    transaction, its `CMerkleBlock`, the block's coinbase with its own, and the previous
//!    transactions of its inputs, assembles a payout proof and relays it.
//!
//! Submissions are authorized, fee-free transactions signed with the node's attestation key
//! (the relay accepts the current validators' keys). The worker is rate-limited: at most
//! [`REQUESTS_PER_RUN`] requests a run, one run at a time, a proof sent again only after
//! [`PROOF_RETRY_BLOCKS`] (or [`REFUSED_RETRY_BLOCKS`] when the pool refused it). HTTP errors,
//! timeouts and malformed answers are logged and retried in a later run; nothing panics.

use super::esplora::{Esplora, FetchError, ListedTx};
use crate::*;
use alloc::{string::String, vec::Vec};
use frame_system::offchain::SubmitTransaction;
use hashmix_bitcoin::{
	address::address_of,
	header::Header,
	parse_display_hex, parse_hex,
	tx::{strip_witness, Transaction},
};
use hashmix_primitives::attestation::BITCOIN_ENDPOINT_KEY;
use sp_runtime::{
	offchain::{
		storage::StorageValueRef,
		storage_lock::{StorageLock, Time},
		Duration,
	},
	traits::UniqueSaturatedInto,
	RuntimeAppPublic,
};

/// The most HTTP requests in one run.
pub const REQUESTS_PER_RUN: u32 = 600;
/// The most header batches relayed in one run.
pub const BATCHES_PER_RUN: u32 = 4;
/// Registrations looked at in one run.
pub const REGISTRATIONS_PER_RUN: u64 = 8;
/// Blocks before a payout proof sent to the pool is sent again if still not credited.
pub const PROOF_RETRY_BLOCKS: u32 = 100;
/// Blocks before a payout proof the pool refused (its dry run failed: not from a pool, over the
/// cap, before the registration...) is tried again: a day of blocks.
pub const REFUSED_RETRY_BLOCKS: u32 = 14_400;

const LOCK_KEY: &[u8] = b"hashmix::btc-relay::worker-lock";
/// How long a run may hold the lock (a run that dies leaves it to expire).
const LOCK_MS: u64 = 120_000;
/// The last header batch sent: (height, hash, block number sent at).
const HEADERS_SENT_KEY: &[u8] = b"hashmix::btc-relay::headers-sent";
/// The next registration to look at.
const CURSOR_KEY: &[u8] = b"hashmix::btc-relay::registration-cursor";
/// Prefix of the per-transaction record of proofs sent: (block number, refused).
const PROOF_SENT_PREFIX: &[u8] = b"hashmix::btc-relay::proof-sent";

/// Why a part of a run stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerError {
	/// The endpoint's answer could not be used.
	Fetch(FetchError),
	/// The endpoint's chain does not connect to the relay's within the walk.
	DoesNotConnect,
	/// The keystore could not sign with the attestation key.
	CannotSign,
	/// The transaction pool refused the submission (its dry run failed).
	Refused,
	/// The script has no address form.
	NoAddress,
	/// The transaction spends from more transactions than a proof may carry.
	TooManyInputs,
	/// The answers do not make a valid proof.
	Assemble(AssembleError),
}

impl From<FetchError> for WorkerError {
	fn from(error: FetchError) -> Self {
		Self::Fetch(error)
	}
}

impl<T: Config> Pallet<T> {
	/// One run of the worker at block `now`.
	pub(crate) fn run_offchain_worker(now: BlockNumberFor<T>) {
		if !sp_io::offchain::is_validator() {
			return;
		}
		let Some(base) = Self::endpoint() else { return };
		let Some(network) = RelayNetwork::<T>::get() else {
			log::debug!(target: LOG_TARGET, "the relay is not initialized: nothing to follow");
			return;
		};
		let Some(attester) = AttestationId::all().into_iter().find(T::Attesters::contains) else {
			log::debug!(target: LOG_TARGET, "no attestation key of the validator set here");
			return;
		};
		let mut lock = StorageLock::<Time>::with_deadline(LOCK_KEY, Duration::from_millis(LOCK_MS));
		let Ok(_guard) = lock.try_lock() else {
			log::debug!(target: LOG_TARGET, "a previous run is still going");
			return;
		};
		let now: u32 = now.unique_saturated_into();
		let mut esplora = Esplora::new(&base, REQUESTS_PER_RUN);
		if let Err(error) = Self::relay_new_headers(&mut esplora, &attester, now) {
			log::warn!(target: LOG_TARGET, "Bitcoin headers from {base}: {error:?}");
		}
		if let Err(error) = Self::prove_new_payouts(&mut esplora, &attester, network, now) {
			log::warn!(target: LOG_TARGET, "Bitcoin payouts from {base}: {error:?}");
		}
	}

	/// The configured Esplora URL, if any.
	fn endpoint() -> Option<String> {
		let url = sp_io::offchain::local_storage_get(
			sp_core::offchain::StorageKind::PERSISTENT,
			BITCOIN_ENDPOINT_KEY,
		)?;
		String::from_utf8(url).ok().filter(|url| !url.is_empty())
	}

	fn submit(call: Call<T>) -> Result<(), WorkerError> {
		let xt = T::create_authorized_transaction(call.into());
		SubmitTransaction::<T, Call<T>>::submit_transaction(xt).map_err(|()| WorkerError::Refused)
	}

	/// Relays the headers between the relay's tip (or the last batch sent, while it may still
	/// be in the pool) and the endpoint's tip, at most [`BATCHES_PER_RUN`] batches.
	pub(crate) fn relay_new_headers(
		esplora: &mut Esplora,
		attester: &AttestationId,
		now: u32,
	) -> Result<(), WorkerError> {
		let Some(tip) = Tip::<T>::get() else { return Ok(()) };
		let sent_ref = StorageValueRef::persistent(HEADERS_SENT_KEY);
		let pending = match sent_ref.get::<(u32, H256, u32)>() {
			Ok(Some((height, hash, at)))
				if height > tip.height
					&& now < at.saturating_add(RELAY_LONGEVITY as u32)
					&& !Headers::<T>::contains_key(hash) =>
			{
				Some((height, hash))
			}
			_ => None,
		};
		let (from_height, from_hash) = pending.unwrap_or((tip.height, tip.hash));

		let remote = esplora.tip_height()?;
		if remote <= from_height {
			return Ok(());
		}
		let most = T::MaxHeadersPerBatch::get().saturating_mul(BATCHES_PER_RUN);
		let target = remote.min(from_height.saturating_add(most));
		let target_hash = esplora.block_hash(target)?;
		let walk_limit = most.saturating_add(T::MaxReorgDepth::get()) as usize;
		let mut headers = Vec::new();
		let mut hash = target_hash;
		loop {
			let raw = esplora.header(&hash)?;
			let parent = Header::parse(&raw).prev_block;
			headers.push(raw);
			if parent == from_hash || Headers::<T>::contains_key(parent) {
				break;
			}
			if headers.len() >= walk_limit {
				return Err(WorkerError::DoesNotConnect);
			}
			hash = parent;
		}
		headers.reverse();
		for batch in headers.chunks(T::MaxHeadersPerBatch::get() as usize) {
			let headers = BoundedVec::truncate_from(batch.to_vec());
			let signature =
				attester.sign(&Self::headers_payload(&headers)).ok_or(WorkerError::CannotSign)?;
			Self::submit(Call::relay_headers { headers, attester: attester.clone(), signature })?;
		}
		sent_ref.set(&(target, target_hash, now));
		log::info!(
			target: LOG_TARGET,
			"relayed {} Bitcoin headers up to {target} ({})",
			headers.len(),
			hashmix_bitcoin::display_hex(&target_hash),
		);
		Ok(())
	}

	/// Looks for new payouts to [`REGISTRATIONS_PER_RUN`] registrations, from where the last run
	/// stopped.
	pub(crate) fn prove_new_payouts(
		esplora: &mut Esplora,
		attester: &AttestationId,
		network: Network,
		now: u32,
	) -> Result<(), WorkerError> {
		let next_id = NextRegistrationId::<T>::get();
		if next_id == 0 {
			return Ok(());
		}
		let cursor_ref = StorageValueRef::persistent(CURSOR_KEY);
		let mut id = cursor_ref.get::<RegistrationId>().ok().flatten().unwrap_or(0);
		if id >= next_id {
			id = 0;
		}
		for _ in 0..REGISTRATIONS_PER_RUN.min(next_id) {
			if let Some(registration) = Registrations::<T>::get(id) {
				match Self::prove_registration(esplora, attester, network, &registration, now) {
					// Out of requests: this registration is first in the next run.
					Err(WorkerError::Fetch(FetchError::Budget)) => break,
					Err(error) => log::warn!(
						target: LOG_TARGET,
						"payouts to registration {id}: {error:?}"
					),
					Ok(()) => {}
				}
			}
			id = id.saturating_add(1).checked_rem(next_id).unwrap_or(0);
		}
		cursor_ref.set(&id);
		Ok(())
	}

	/// Proves the new payouts to one registration's script.
	fn prove_registration(
		esplora: &mut Esplora,
		attester: &AttestationId,
		network: Network,
		registration: &RegistrationOf<T>,
		now: u32,
	) -> Result<(), WorkerError> {
		// Blocks at or below this height have their confirmations; none while the relay is
		// shorter than that.
		let confirmed = Tip::<T>::get()
			.and_then(|tip| tip.height.saturating_add(1).checked_sub(T::Confirmations::get()));
		let address = address_of(network, &registration.script).ok_or(WorkerError::NoAddress)?;
		for listed in esplora.address_transactions(&address)? {
			let Some((txid, block)) =
				Self::unproven_payout(&listed, &registration.script, confirmed)
			else {
				continue;
			};
			let key = (PROOF_SENT_PREFIX, txid).encode();
			let sent_ref = StorageValueRef::persistent(&key);
			if let Ok(Some((at, refused))) = sent_ref.get::<(u32, bool)>() {
				let wait = if refused { REFUSED_RETRY_BLOCKS } else { PROOF_RETRY_BLOCKS };
				if now < at.saturating_add(wait) {
					continue;
				}
			}
			let outcome = Self::fetch_payout_proof(esplora, txid, block).and_then(|proof| {
				let signature = attester
					.sign(&Self::payout_proof_payload(&proof))
					.ok_or(WorkerError::CannotSign)?;
				Self::submit(Call::relay_payout_proof {
					proof,
					attester: attester.clone(),
					signature,
				})
			});
			match outcome {
				Ok(()) => {
					sent_ref.set(&(now, false));
					log::info!(
						target: LOG_TARGET,
						"relayed the payout proof of {} to registration {}",
						listed.txid,
						registration.id,
					);
				}
				// A proof that cannot be made or is refused waits a day; the endpoint's answers
				// may be fixed by then, or the state changed.
				Err(
					error @ (WorkerError::Refused
					| WorkerError::TooManyInputs
					| WorkerError::Assemble(_)),
				) => {
					sent_ref.set(&(now, true));
					log::warn!(target: LOG_TARGET, "payout proof of {}: {error:?}", listed.txid);
				}
				Err(error) => return Err(error),
			}
		}
		Ok(())
	}

	/// The txid and block of a listed transaction worth proving: it pays `script` at least the
	/// dust threshold in an output not credited yet, in a best-chain block of the relay at or
	/// below height `confirmed` (so with enough confirmations).
	fn unproven_payout(
		listed: &ListedTx,
		script: &Script,
		confirmed: Option<u32>,
	) -> Option<(H256, H256)> {
		if !listed.status.confirmed {
			return None;
		}
		let height = listed.status.block_height?;
		let block = parse_display_hex(listed.status.block_hash.as_deref()?)?;
		if height > confirmed? || BestChain::<T>::get(height) != Some(block) {
			return None;
		}
		let txid = parse_display_hex(&listed.txid)?;
		let pays = listed.vout.iter().zip(0u32..).any(|(output, vout)| {
			output.value >= T::DustThreshold::get()
				&& parse_hex(&output.scriptpubkey).as_deref() == Some(script.as_slice())
				&& !CreditedOutputs::<T>::contains_key((txid, vout))
		});
		pays.then_some((txid, block))
	}

	/// Fetches what a payout proof of `txid` in `block` needs and assembles it.
	fn fetch_payout_proof(
		esplora: &mut Esplora,
		txid: H256,
		block: H256,
	) -> Result<PayoutProofOf<T>, WorkerError> {
		let raw = esplora.transaction(&txid)?;
		let proof = esplora.merkleblock_proof(&txid)?;
		let stripped =
			strip_witness(&raw).map_err(|_| WorkerError::Assemble(AssembleError::Malformed))?;
		let tx = Transaction::parse(&stripped)
			.map_err(|_| WorkerError::Assemble(AssembleError::Malformed))?;
		let (coinbase, coinbase_proof, previous) = if tx.is_coinbase() {
			(Vec::new(), Vec::new(), Vec::new())
		} else {
			let mut sources: Vec<H256> =
				tx.inputs.iter().map(|input| input.previous_output.txid).collect();
			sources.sort_unstable();
			sources.dedup();
			if sources.len() > T::MaxPreviousTransactions::get() as usize {
				return Err(WorkerError::TooManyInputs);
			}
			let coinbase_txid = esplora.txid_at(&block, 0)?;
			let coinbase = esplora.transaction(&coinbase_txid)?;
			let coinbase_proof = esplora.merkleblock_proof(&coinbase_txid)?;
			let previous = sources
				.iter()
				.map(|source| esplora.transaction(source))
				.collect::<Result<Vec<_>, _>>()?;
			(coinbase, coinbase_proof, previous)
		};
		assemble_payout_proof::<T>(&raw, &proof, &coinbase, &coinbase_proof, &previous)
			.map_err(WorkerError::Assemble)
	}
}
