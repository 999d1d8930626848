//! Miner identities: Bitcoin keys proven by signed messages.

use crate::*;
use alloc::{format, vec::Vec};
use codec::Encode;
use hashmix_bitcoin::{
	message::{message_digest, script_of, MessageSignature as Parsed, SignedScript},
	to_hex,
};
use hashmix_primitives::bitcoin::Script;

impl<T: Config> Pallet<T> {
	/// The message a miner signs with its Bitcoin wallet to bind a key to `who`:
	///
	/// `HashMix Chain: bind this Bitcoin key to account 0x<account> on chain 0x<genesis hash>`
	///
	/// with the account's SCALE encoding and the genesis hash in lower-case hex.
	pub fn binding_message(who: &T::AccountId) -> Vec<u8> {
		let genesis = Self::genesis_hash();
		format!(
			"HashMix Chain: bind this Bitcoin key to account 0x{} on chain 0x{}",
			to_hex(&who.encode()),
			to_hex(genesis.as_ref()),
		)
		.into_bytes()
	}

	pub(crate) fn do_bind(
		who: T::AccountId,
		key: BitcoinKey,
		signature: &MessageSignature,
	) -> DispatchResult {
		Parsed::parse(signature).map_err(|_| Error::<T>::MalformedSignature)?;
		// One read before the key recovery: a bound key is refused cheaply.
		ensure!(!KeyOwners::<T>::contains_key(key), Error::<T>::AlreadyBound);
		Self::prove_key(&Self::binding_message(&who), &key, signature)?;
		BitcoinKeys::<T>::try_mutate(&who, |keys| keys.try_push(key))
			.map_err(|_| Error::<T>::TooManyKeys)?;
		KeyOwners::<T>::insert(key, &who);
		Self::deposit_event(Event::BitcoinKeyBound { who, key });
		Ok(())
	}

	/// Checks that `signature` is `key`'s Bitcoin signed-message signature over `message`;
	/// returns the script form its header names.
	pub(crate) fn prove_key(
		message: &[u8],
		key: &BitcoinKey,
		signature: &MessageSignature,
	) -> Result<SignedScript, DispatchError> {
		let parsed = Parsed::parse(signature).map_err(|_| Error::<T>::MalformedSignature)?;
		let recovered = sp_io::crypto::secp256k1_ecdsa_recover_compressed(
			&parsed.recoverable,
			&message_digest(message),
		)
		.map_err(|_| Error::<T>::BadSignature)?;
		ensure!(&recovered == key, Error::<T>::BadSignature);
		Ok(parsed.script)
	}

	/// Sets the committee's key of 2-of-3 destinations.
	pub(crate) fn do_set_committee_key(key: BitcoinKey) -> DispatchResult {
		ensure!(matches!(key.first(), Some(0x02 | 0x03)), Error::<T>::InvalidKey);
		CommitteeKey::<T>::put(key);
		Self::deposit_event(Event::CommitteeKeySet { key });
		Ok(())
	}

	pub(crate) fn do_unbind(who: T::AccountId, key: BitcoinKey) -> DispatchResult {
		ensure!(KeyOwners::<T>::get(key).as_ref() == Some(&who), Error::<T>::NotBound);
		ensure!(MinerTokens::<T>::get(&who).is_empty(), Error::<T>::Outstanding);
		KeyOwners::<T>::remove(key);
		BitcoinKeys::<T>::mutate_exists(&who, |keys| {
			if let Some(list) = keys {
				list.retain(|bound| *bound != key);
				if list.is_empty() {
					*keys = None;
				}
			}
		});
		Self::deposit_event(Event::BitcoinKeyUnbound { who, key });
		Ok(())
	}

	/// Every script of `who`'s bound keys: each key's P2PKH, P2WPKH and P2SH-P2WPKH output.
	/// Money from these is the miner's own, never a pool payout.
	pub fn miner_scripts(who: &T::AccountId) -> Vec<Script> {
		BitcoinKeys::<T>::get(who)
			.iter()
			.flat_map(|key| {
				[SignedScript::P2pkh, SignedScript::P2wpkh, SignedScript::P2shP2wpkh]
					.into_iter()
					.filter_map(move |kind| Script::try_from(script_of(kind, key)).ok())
			})
			.collect()
	}
}
