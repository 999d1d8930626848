//! Benchmarks of every call, each in its worst case within the pallet's bounds.

use super::*;
use crate::Pallet as Hashpower;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use hashmix_bitcoin::message::message_digest;
use sp_core::crypto::KeyTypeId;

/// The keystore slot the benchmarks' Bitcoin key lives in.
const BENCHMARK_KEY: KeyTypeId = KeyTypeId(*b"hmbk");

/// A fresh Bitcoin key and its binding signature for `who` (P2PKH header), made in the keystore.
fn signed_key<T: Config>(
	who: &T::AccountId,
) -> Result<(BitcoinKey, MessageSignature), BenchmarkError> {
	let public = sp_io::crypto::ecdsa_generate(BENCHMARK_KEY, None);
	let digest = message_digest(&Hashpower::<T>::binding_message(who));
	let signature = sp_io::crypto::ecdsa_sign_prehashed(BENCHMARK_KEY, &public, &digest)
		.ok_or(BenchmarkError::Stop("cannot sign"))?;
	// Bitcoin's layout: the header byte (31 + recovery id: P2PKH, compressed key), then r and s.
	let (rs, id) = signature.0.split_at(64);
	let header = 31u8.saturating_add(id.first().copied().unwrap_or_default());
	let mut bitcoin = [header; 65];
	bitcoin.get_mut(1..).unwrap_or_default().copy_from_slice(rs);
	Ok((public.0, bitcoin))
}

/// `who` binds `MaxBitcoinKeys - 1` keys: the list the next binding extends is as long as it gets.
fn nearly_full<T: Config>(who: &T::AccountId) {
	let filler: Vec<BitcoinKey> = (1..T::MaxBitcoinKeys::get())
		.map(|i| {
			let mut key = [2u8; 33];
			key[1..5].copy_from_slice(&i.to_le_bytes());
			key
		})
		.collect();
	for key in &filler {
		KeyOwners::<T>::insert(key, who);
	}
	BitcoinKeys::<T>::insert(who, BoundedVec::truncate_from(filler));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn bind_bitcoin_key() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		nearly_full::<T>(&caller);
		let (key, signature) = signed_key::<T>(&caller)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), key, signature);

		assert_eq!(KeyOwners::<T>::get(key), Some(caller));
		Ok(())
	}

	#[benchmark]
	fn unbind_bitcoin_key() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		nearly_full::<T>(&caller);
		let (key, signature) = signed_key::<T>(&caller)?;
		Hashpower::<T>::do_bind(caller.clone(), key, &signature)
			.map_err(|_| BenchmarkError::Stop("the key binds"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), key);

		assert!(!KeyOwners::<T>::contains_key(key));
		Ok(())
	}

	impl_benchmark_test_suite!(Hashpower, crate::mock::new_test_ext(), crate::mock::Test);
}
