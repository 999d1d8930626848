//! Benchmarks of every call and of the sweep's parts, each in its worst case within the
//! pallet's bounds.

use super::*;
use crate::Pallet as Hashpower;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate as _, Hooks};
use frame_system::RawOrigin;
use hashmix_bitcoin::message::{message_digest, script_of, SignedScript};
use hashmix_primitives::filecoin::BeneficiaryTerm;
use sp_core::crypto::KeyTypeId;

/// The keystore slot the benchmarks' Bitcoin keys live in.
const BENCHMARK_KEY: KeyTypeId = KeyTypeId(*b"hmbk");

/// 100 TH/s.
const POWER: u128 = 100_000;

/// The relay's day when a benchmark's request is made.
const TODAY: u32 = 1_000;

/// A fresh Bitcoin key and its signature over `message` with the P2PKH header, made in the
/// keystore.
fn signed(message: &[u8]) -> Result<(BitcoinKey, MessageSignature), BenchmarkError> {
	let public = sp_io::crypto::ecdsa_generate(BENCHMARK_KEY, None);
	Ok((public.0, signature_by(&public, message)?))
}

fn signature_by(
	public: &sp_core::ecdsa::Public,
	message: &[u8],
) -> Result<MessageSignature, BenchmarkError> {
	let signature =
		sp_io::crypto::ecdsa_sign_prehashed(BENCHMARK_KEY, public, &message_digest(message))
			.ok_or(BenchmarkError::Stop("cannot sign"))?;
	// Bitcoin's layout: the header byte (31 + recovery id: P2PKH, compressed key), then r and s.
	let (rs, id) = signature.0.split_at(64);
	let header = 31u8.saturating_add(id.first().copied().unwrap_or_default());
	let mut bitcoin = [header; 65];
	bitcoin.get_mut(1..).unwrap_or_default().copy_from_slice(rs);
	Ok(bitcoin)
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

/// A miner with every key slot bound, funds for any pledge, `MaxTokensPerMiner - 1` other
/// requests on its list, and the relay at [`TODAY`]. Returns the miner and its destination.
fn miner<T: Config>() -> Result<(T::AccountId, Script), BenchmarkError> {
	let miner: T::AccountId = whitelisted_caller();
	nearly_full::<T>(&miner);
	let (key, signature) = signed(&Hashpower::<T>::binding_message(&miner))?;
	Hashpower::<T>::do_bind(miner.clone(), key, &signature)
		.map_err(|_| BenchmarkError::Stop("the key binds"))?;
	let pledge =
		Hashpower::<T>::required_pledge(PowerKind::BitcoinSha256, POWER, MAX_PAYOUT_INTERVAL_DAYS)
			.map_err(|_| BenchmarkError::Stop("pledge"))?;
	let plenty = sp_runtime::Saturating::saturating_mul(pledge, 100u32.into());
	<T as Config>::Currency::set_balance(&miner, plenty);
	let others: Vec<NftId> = (0..T::MaxTokensPerMiner::get().saturating_sub(1))
		.map(|i| u32::MAX.saturating_sub(i))
		.collect();
	MinerTokens::<T>::insert(&miner, BoundedVec::truncate_from(others));
	T::BenchmarkHelper::advance_to_day(TODAY);
	let destination = Script::try_from(script_of(SignedScript::P2wpkh, &key))
		.map_err(|_| BenchmarkError::Stop("script"))?;
	Ok((miner, destination))
}

/// A request by [`miner`], paid every 30 days (the longest window), starting as early as it may.
fn requested<T: Config>() -> Result<(T::AccountId, NftId), BenchmarkError> {
	let (miner, destination) = miner::<T>()?;
	let start = TODAY
		.saturating_add(1)
		.saturating_add(T::MinProbationDays::get().max(MAX_PAYOUT_INTERVAL_DAYS));
	let nft = NextNftId::<T>::get();
	Hashpower::<T>::do_request(
		miner.clone(),
		PowerKind::BitcoinSha256,
		POWER,
		start,
		T::MaxServiceDays::get(),
		MAX_PAYOUT_INTERVAL_DAYS,
		destination,
	)
	.map_err(|_| BenchmarkError::Stop("the request is accepted"))?;
	Ok((miner, nft))
}

/// Transfers `nft` to the account `name` and makes that account's key and destination proof.
fn sold_to<T: Config>(
	nft: NftId,
	name: &'static str,
) -> Result<(T::AccountId, BitcoinKey, MessageSignature), BenchmarkError> {
	let holder: T::AccountId = account(name, 0, 0);
	let collection = Collections::<T>::get(PowerKind::BitcoinSha256)
		.ok_or(BenchmarkError::Stop("collection"))?;
	pallet_nfts::Pallet::<T>::do_transfer(collection, nft, holder.clone(), |_, _| Ok(()))
		.map_err(|_| BenchmarkError::Stop("transfer"))?;
	let (key, signature) = signed(&Hashpower::<T>::destination_message(nft, &holder))?;
	Ok((holder, key, signature))
}

/// [`requested`], minted and in service, sold to another holder who set its destination: the
/// previous destination is in its grace.
fn repointing<T: Config>() -> Result<(T::AccountId, NftId), BenchmarkError> {
	let (_miner, nft) = requested::<T>()?;
	let mut token = Tokens::<T>::get(nft).ok_or(BenchmarkError::Stop("token"))?;
	Hashpower::<T>::mint(nft, &token, None).map_err(|_| BenchmarkError::Stop("mint"))?;
	token.status = NftStatus::Active;
	Tokens::<T>::insert(nft, token);
	let (holder, key, signature) = sold_to::<T>(nft, "holder")?;
	Hashpower::<T>::do_set_destination(holder.clone(), nft, key, &signature)
		.map_err(|_| BenchmarkError::Stop("destination"))?;
	Ok((holder, nft))
}

/// The Filecoin miner actor of the storage benchmarks.
const F_MINER: MinerId = 1_578_658;

/// A miner with Filecoin miner [`F_MINER`] bound, funds for any pledge and rounds, and
/// `MaxTokensPerMiner - 1` other requests on its list. Returns the miner and the power it claims.
fn storage_miner<T: Config>() -> Result<(T::AccountId, u128), BenchmarkError> {
	let miner: T::AccountId = whitelisted_caller();
	T::BenchmarkHelper::bind_filecoin_miner(&miner, F_MINER);
	let power = T::MinStoragePower::get().saturating_mul(100);
	let pledge = Hashpower::<T>::required_pledge(
		PowerKind::FilecoinStorage,
		power,
		MAX_PAYOUT_INTERVAL_DAYS,
	)
	.map_err(|_| BenchmarkError::Stop("pledge"))?;
	let plenty = sp_runtime::Saturating::saturating_mul(pledge, 1_000u32.into());
	<T as Config>::Currency::set_balance(&miner, plenty);
	let others: Vec<NftId> = (0..T::MaxTokensPerMiner::get().saturating_sub(1))
		.map(|i| u32::MAX.saturating_sub(i))
		.collect();
	MinerTokens::<T>::insert(&miner, BoundedVec::truncate_from(others));
	Ok((miner, power))
}

/// A storage NFT of [`storage_miner`], verified, in service, sold to `holder` who named a
/// beneficiary (the check rounds then include the miner's info).
fn storage_in_service<T: Config>() -> Result<(T::AccountId, NftId), BenchmarkError> {
	let (miner, power) = storage_miner::<T>()?;
	let today = Hashpower::<T>::filecoin_day().ok_or(BenchmarkError::Stop("Filecoin day"))?;
	let nft = NextNftId::<T>::get();
	Hashpower::<T>::do_request_storage(
		miner,
		F_MINER,
		power,
		today.saturating_add(1),
		T::MaxServiceDays::get(),
		MAX_PAYOUT_INTERVAL_DAYS,
	)
	.map_err(|_| BenchmarkError::Stop("the storage request is accepted"))?;
	let mut token = Tokens::<T>::get(nft).ok_or(BenchmarkError::Stop("token"))?;
	Hashpower::<T>::mint(nft, &token, None).map_err(|_| BenchmarkError::Stop("mint"))?;
	token.status = NftStatus::Active;
	Tokens::<T>::insert(nft, token);
	let mut slice = StorageSlices::<T>::get(nft).ok_or(BenchmarkError::Stop("slice"))?;
	for round in slice.check.take().map(|check| check.waiting).unwrap_or_default() {
		CheckRounds::<T>::remove(round);
	}
	slice.beneficiary = Some(beneficiary(1));
	slice.due = Some(today);
	ChecksDue::<T>::insert(today, nft, ());
	StorageSlices::<T>::insert(nft, slice);
	let holder: T::AccountId = account("holder", 0, 0);
	let collection = Collections::<T>::get(PowerKind::FilecoinStorage)
		.ok_or(BenchmarkError::Stop("collection"))?;
	pallet_nfts::Pallet::<T>::do_transfer(collection, nft, holder.clone(), |_, _| Ok(()))
		.map_err(|_| BenchmarkError::Stop("transfer"))?;
	Ok((holder, nft))
}

/// An id address `f0<n>` as bytes.
fn beneficiary(n: u8) -> AddressBytes {
	BoundedVec::truncate_from(alloc::vec![0, n])
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn bind_bitcoin_key() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		nearly_full::<T>(&caller);
		let (key, signature) = signed(&Hashpower::<T>::binding_message(&caller))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), key, signature);

		assert_eq!(KeyOwners::<T>::get(key), Some(caller));
		Ok(())
	}

	#[benchmark]
	fn unbind_bitcoin_key() -> Result<(), BenchmarkError> {
		let caller: T::AccountId = whitelisted_caller();
		nearly_full::<T>(&caller);
		let (key, signature) = signed(&Hashpower::<T>::binding_message(&caller))?;
		Hashpower::<T>::do_bind(caller.clone(), key, &signature)
			.map_err(|_| BenchmarkError::Stop("the key binds"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), key);

		assert!(!KeyOwners::<T>::contains_key(key));
		Ok(())
	}

	#[benchmark]
	fn request_tokenization() -> Result<(), BenchmarkError> {
		let (miner, destination) = miner::<T>()?;
		let start = TODAY
			.saturating_add(1)
			.saturating_add(T::MinProbationDays::get().max(MAX_PAYOUT_INTERVAL_DAYS));
		let nft = NextNftId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(miner),
			PowerKind::BitcoinSha256,
			POWER,
			start,
			T::MaxServiceDays::get(),
			MAX_PAYOUT_INTERVAL_DAYS,
			destination,
		);

		assert!(Live::<T>::contains_key(nft));
		Ok(())
	}

	#[benchmark]
	fn cancel_request() -> Result<(), BenchmarkError> {
		let (miner, nft) = requested::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(miner), nft);

		assert!(!Live::<T>::contains_key(nft));
		Ok(())
	}

	#[benchmark]
	fn set_destination() -> Result<(), BenchmarkError> {
		// The worst case: a destination in its grace gives way, and the holder is new.
		let (_holder, nft) = repointing::<T>()?;
		let (next, key, signature) = sold_to::<T>(nft, "next")?;

		#[extrinsic_call]
		_(RawOrigin::Signed(next.clone()), nft, key, signature);

		assert_eq!(Tokens::<T>::get(nft).map(|token| token.holder), Some(next));
		Ok(())
	}

	#[benchmark]
	fn set_committee_key() {
		let key = [2u8; 33];

		#[extrinsic_call]
		_(RawOrigin::Root, key);

		assert_eq!(CommitteeKey::<T>::get(), Some(key));
	}

	#[benchmark]
	fn set_multisig_destination() -> Result<(), BenchmarkError> {
		// As `set_destination`'s worst case, with the witness script's hash besides.
		let (_holder, nft) = repointing::<T>()?;
		CommitteeKey::<T>::put([3u8; 33]);
		let (next, key, signature) = sold_to::<T>(nft, "next")?;

		#[extrinsic_call]
		_(RawOrigin::Signed(next.clone()), nft, key, signature);

		assert_eq!(Tokens::<T>::get(nft).map(|token| token.holder), Some(next));
		Ok(())
	}

	#[benchmark]
	fn sweep_idle() {
		T::BenchmarkHelper::advance_to_day(TODAY);
		let settled = T::Relay::last_settled_day().unwrap_or_default();
		SweptTo::<T>::put((settled, false));

		#[block]
		{
			Hashpower::<T>::on_initialize(1u32.into());
		}

		assert!(CurrentSweep::<T>::get().is_none());
	}

	/// An NFT in service judged on `d` settled days, each credited to both its destination and
	/// the previous one in its grace, its records full.
	#[benchmark]
	fn visit(d: Linear<1, { T::DaysPerVisit::get() }>) -> Result<(), BenchmarkError> {
		let (_holder, nft) = repointing::<T>()?;
		let mut token = Tokens::<T>::get(nft).ok_or(BenchmarkError::Stop("token"))?;
		let previous = token.repointing.clone().ok_or(BenchmarkError::Stop("grace"))?;
		let first = token.start_day;
		let last = first.saturating_add(d).saturating_sub(1);
		token.next_day = first;
		Tokens::<T>::insert(nft, &token);
		let per_day = Hashpower::<T>::hashrate(POWER)
			.ok()
			.and_then(|rate| T::Relay::settled_expectation(rate, TODAY.saturating_sub(10)))
			.unwrap_or(1);
		let half = u64::try_from(per_day.div_ceil(2)).unwrap_or(u64::MAX);
		let mut records = RecentRecords::default();
		for day in (first.saturating_sub(RECENT_DAYS))..first {
			let _ = records.try_push(DayRecord { day, delivered: per_day, expected: per_day });
		}
		RecentDays::<T>::insert(nft, records);
		// The days settle; the grace lasts through them.
		T::BenchmarkHelper::advance_to_day(last.saturating_add(10));
		Tokens::<T>::mutate(nft, |token| {
			if let Some(Repointing { until, .. }) =
				token.as_mut().and_then(|t| t.repointing.as_mut())
			{
				*until = last;
			}
		});
		for day in first..=last {
			T::BenchmarkHelper::credit(token.destination.registration, day, half);
			T::BenchmarkHelper::credit(previous.previous.registration, day, half);
		}

		#[block]
		{
			Hashpower::<T>::visit(nft, last);
		}

		let token = Tokens::<T>::get(nft).ok_or(BenchmarkError::Stop("token"))?;
		assert_eq!(token.next_day, last.saturating_add(1));
		assert_eq!(token.status, NftStatus::Active);
		Ok(())
	}

	#[benchmark]
	fn mint() -> Result<(), BenchmarkError> {
		let (_miner, nft) = requested::<T>()?;
		let token = Tokens::<T>::get(nft).ok_or(BenchmarkError::Stop("token"))?;

		#[block]
		{
			Hashpower::<T>::mint(nft, &token, None).map_err(|_| BenchmarkError::Stop("mint"))?;
		}

		assert!(Hashpower::<T>::item_owner(PowerKind::BitcoinSha256, nft).is_some());
		Ok(())
	}

	#[benchmark]
	fn revoke() -> Result<(), BenchmarkError> {
		let (_holder, nft) = repointing::<T>()?;
		let mut token = Tokens::<T>::get(nft).ok_or(BenchmarkError::Stop("token"))?;

		#[block]
		{
			Hashpower::<T>::pay_out_pledge(nft, &token);
			Hashpower::<T>::end(nft, &mut token, NftStatus::Revoked);
		}

		assert!(!Live::<T>::contains_key(nft));
		Ok(())
	}

	#[benchmark]
	fn request_storage_tokenization() -> Result<(), BenchmarkError> {
		let (miner, power) = storage_miner::<T>()?;
		let today = Hashpower::<T>::filecoin_day().ok_or(BenchmarkError::Stop("Filecoin day"))?;
		let nft = NextNftId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(miner),
			F_MINER,
			power,
			today.saturating_add(1),
			T::MaxServiceDays::get(),
			MAX_PAYOUT_INTERVAL_DAYS,
		);

		assert!(StorageSlices::<T>::get(nft).and_then(|slice| slice.check).is_some());
		Ok(())
	}

	#[benchmark]
	fn set_beneficiary() -> Result<(), BenchmarkError> {
		let (holder, nft) = storage_in_service::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), nft, beneficiary(2));

		assert!(StorageSlices::<T>::get(nft).and_then(|slice| slice.grace).is_some());
		Ok(())
	}

	#[benchmark]
	fn check_due() -> Result<(), BenchmarkError> {
		let (_holder, nft) = storage_in_service::<T>()?;
		let today = Hashpower::<T>::filecoin_day().ok_or(BenchmarkError::Stop("Filecoin day"))?;

		#[block]
		{
			Hashpower::<T>::check_due(nft, today);
		}

		let check = StorageSlices::<T>::get(nft).and_then(|slice| slice.check);
		assert_eq!(check.map(|check| check.waiting.len()), Some(3));
		Ok(())
	}

	#[benchmark]
	fn hear() -> Result<(), BenchmarkError> {
		// The last answer of a check, judging a period that breaches: the heaviest way a round's
		// answer ends.
		let (_holder, nft) = storage_in_service::<T>()?;
		let today = Hashpower::<T>::filecoin_day().ok_or(BenchmarkError::Stop("Filecoin day"))?;
		Hashpower::<T>::check_due(nft, today);
		let mut slice = StorageSlices::<T>::get(nft).ok_or(BenchmarkError::Stop("slice"))?;
		let check = slice.check.as_mut().ok_or(BenchmarkError::Stop("check"))?;
		let last = check.waiting.last().copied().ok_or(BenchmarkError::Stop("round"))?;
		check.waiting = BoundedVec::truncate_from(alloc::vec![last]);
		check.readings = Readings {
			power: Some(0),
			sectors: Some((1, 1)),
			beneficiary: Some((
				beneficiary(1),
				BeneficiaryTerm { quota: 0, used_quota: 0, expiration: 0 },
			)),
		};
		StorageSlices::<T>::insert(nft, slice);
		let mut token = Tokens::<T>::get(nft).ok_or(BenchmarkError::Stop("token"))?;
		token.watch.days_without_payout = Hashpower::<T>::window(token.payout_interval_days);
		Tokens::<T>::insert(nft, token);

		#[block]
		{
			Hashpower::<T>::hear(last, None);
		}

		assert_eq!(Tokens::<T>::get(nft).map(|token| token.status), Some(NftStatus::Revoked));
		Ok(())
	}

	impl_benchmark_test_suite!(Hashpower, crate::mock::new_test_ext(), crate::mock::Test);
}
