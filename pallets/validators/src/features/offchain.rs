//! The off-chain worker: on a validator's node, each block, it declares the evidence sources the
//! node serves (once a session) and answers the open rounds it is a member of (commit, then
//! reveal). Everything it sends is an authorized, fee-free transaction signed with the node's
//! attestation key; nothing it does can panic or guess an answer.

use crate::*;
use alloc::vec::Vec;
use frame_system::offchain::SubmitTransaction;
use hashmix_primitives::attestation::AnswerProvider;
use sp_runtime::{
	offchain::storage::{MutateStorageError, StorageValueRef},
	RuntimeAppPublic,
};

pub use hashmix_primitives::attestation::{BITCOIN_ENDPOINT_KEY, FILECOIN_ENDPOINT_KEY};
/// Where the worker remembers the session of the last heartbeat it sent.
const HEARTBEAT_SENT_KEY: &[u8] = b"hashmix::validators::heartbeat-sent";
/// A heartbeat not included after this many blocks is sent again.
const HEARTBEAT_RETRY_BLOCKS: u32 = 5;

impl<T: Config> Pallet<T> {
	pub(crate) fn run_offchain_worker(now: BlockNumberFor<T>) {
		if !sp_io::offchain::is_validator() {
			return;
		}
		let local: Vec<AttestationId> = AttestationId::all();
		if local.is_empty() {
			return;
		}
		if let Err(reason) = Self::send_heartbeat(now, &local) {
			log::debug!(target: LOG_TARGET, "no heartbeat: {reason}");
		}
		Self::answer_rounds(now, &local);
	}

	/// The sources this node serves: those whose endpoint is configured.
	pub fn local_sources() -> Sources {
		let configured = |key: &[u8]| {
			sp_io::offchain::local_storage_get(sp_core::offchain::StorageKind::PERSISTENT, key)
				.is_some_and(|url| !url.is_empty())
		};
		Sources {
			bitcoin: configured(BITCOIN_ENDPOINT_KEY),
			filecoin: configured(FILECOIN_ENDPOINT_KEY),
		}
	}

	fn submit(call: Call<T>) -> Result<(), &'static str> {
		let xt = T::create_authorized_transaction(call.into());
		SubmitTransaction::<T, Call<T>>::submit_transaction(xt)
			.map_err(|_| "the pool refused the transaction")
	}

	fn send_heartbeat(now: BlockNumberFor<T>, local: &[AttestationId]) -> Result<(), &'static str> {
		let keys = AttestationKeys::<T>::get();
		let Some((index, key)) = keys.iter().enumerate().find(|(_, key)| local.contains(key))
		else {
			return Err("this node's attestation key is not in the validator set");
		};
		let session = Self::current_session();
		let heartbeat = Heartbeat {
			session,
			validator_index: u32::try_from(index).map_err(|_| "index overflow")?,
			sources: Self::local_sources(),
		};
		// Already declared on chain: nothing to do.
		let who = Self::check_heartbeat(&heartbeat, None)
			.map_err(|_| "already declared for this session")?;

		// At most one heartbeat in flight: retried after HEARTBEAT_RETRY_BLOCKS.
		let now_number: u32 = sp_runtime::traits::UniqueSaturatedInto::unique_saturated_into(now);
		let sent = StorageValueRef::persistent(HEARTBEAT_SENT_KEY);
		let claim = sent.mutate(|last: Result<Option<(SessionIndex, u32)>, _>| match last {
			Ok(Some((last_session, at)))
				if last_session == session
					&& now_number < at.saturating_add(HEARTBEAT_RETRY_BLOCKS) =>
			{
				Err("sent recently")
			}
			_ => Ok((session, now_number)),
		});
		match claim {
			Ok(_) => {}
			Err(MutateStorageError::ValueFunctionFailed(reason)) => return Err(reason),
			Err(MutateStorageError::ConcurrentModification(_)) => {
				return Err("another worker is sending")
			}
		}

		let signature = key
			.sign(&Self::heartbeat_payload(&heartbeat))
			.ok_or("the keystore cannot sign with the attestation key")?;
		log::info!(target: LOG_TARGET, "heartbeat for session {session} as {who:?}: {:?}", heartbeat.sources);
		Self::submit(Call::heartbeat { heartbeat, signature })
	}

	/// The operator's vote in arbitration round `round`, from off-chain local storage.
	fn local_vote(round: RoundId) -> Option<Answer> {
		let key = hashmix_primitives::attestation::arbitration_vote_key(round);
		let vote = StorageValueRef::persistent(&key).get::<u8>().ok().flatten()?;
		Some(BoundedVec::truncate_from(alloc::vec![
			hashmix_primitives::attestation::AnswerField::Numeric(u128::from(vote))
		]))
	}

	/// The local storage key of this node's answer and salt in a round.
	fn answer_key(round: RoundId, member: u32) -> Vec<u8> {
		(b"hashmix::validators::answer", round, member).encode()
	}

	/// Commits to an answer in every open round in its commit period where this node is a member
	/// and has not committed, and reveals in every round in its reveal period.
	fn answer_rounds(now: BlockNumberFor<T>, local: &[AttestationId]) {
		for (round, open) in Rounds::<T>::iter() {
			let Some((index, member)) =
				open.members.iter().enumerate().find(|(_, member)| local.contains(&member.key))
			else {
				continue;
			};
			let Ok(member_index) = u32::try_from(index) else { continue };
			let result = if now <= open.commit_end {
				Self::send_commit(round, member_index, member, &open)
			} else if now <= open.reveal_end {
				Self::send_reveal(round, member_index, member)
			} else {
				Ok(())
			};
			if let Err(reason) = result {
				log::debug!(target: LOG_TARGET, "round {round}: {reason}");
			}
		}
	}

	fn send_commit(
		round: RoundId,
		member_index: u32,
		member: &RoundMember<T::AccountId, BalanceOf<T>>,
		open: &RoundOf<T>,
	) -> Result<(), &'static str> {
		if Commitments::<T>::contains_key(round, member_index) {
			return Ok(());
		}
		let key = Self::answer_key(round, member_index);
		let stored = StorageValueRef::persistent(&key);
		// An answer fetched before and not yet included is committed again, never re-fetched:
		// the commitment must stay the same.
		let (answer, salt) = match stored.get::<(Answer, [u8; 32])>() {
			Ok(Some(found)) => found,
			_ => {
				let answer = match open.outcomes {
					Some(_) => Self::local_vote(round).ok_or("no vote set for this arbitration")?,
					None => T::AnswerProvider::answer(&open.question)
						.ok_or("no answer to this question from this node")?,
				};
				if !open.question.fits(&answer) {
					return Err("the answer does not fit the question's rules");
				}
				let salt = sp_io::offchain::random_seed();
				stored.set(&(answer.clone(), salt));
				(answer, salt)
			}
		};
		let commitment = Self::commitment_of(round, &member.who, &answer, &salt);
		let signature = member
			.key
			.sign(&Self::commit_payload(round, member_index, &commitment))
			.ok_or("the keystore cannot sign with the attestation key")?;
		Self::submit(Call::commit { round, member: member_index, commitment, signature })
	}

	fn send_reveal(
		round: RoundId,
		member_index: u32,
		member: &RoundMember<T::AccountId, BalanceOf<T>>,
	) -> Result<(), &'static str> {
		if !Commitments::<T>::contains_key(round, member_index)
			|| Reveals::<T>::contains_key(round, member_index)
		{
			return Ok(());
		}
		let key = Self::answer_key(round, member_index);
		let stored = StorageValueRef::persistent(&key);
		let Ok(Some((answer, salt))) = stored.get::<(Answer, [u8; 32])>() else {
			return Err("the committed answer is not in local storage");
		};
		let signature = member
			.key
			.sign(&Self::reveal_payload(round, member_index, &answer, &salt))
			.ok_or("the keystore cannot sign with the attestation key")?;
		Self::submit(Call::reveal { round, member: member_index, answer, salt, signature })
	}
}
