//! Requests, the NFT items, holders and their destinations, and the ends of an NFT's life.

use crate::*;
use alloc::{format, vec::Vec};
use codec::Encode;
use frame_support::traits::{
	fungible::MutateHold as _,
	tokens::{Fortitude, Precision, Restriction},
	Get,
};
use hashmix_bitcoin::{
	message::script_of,
	script::{p2wsh, sorted_multisig_2_of_3},
	to_hex,
};
use hashmix_primitives::hashpower::PowerKind;
use pallet_nfts::{
	CollectionConfig, CollectionSetting, CollectionSettings, ItemConfig, MintSettings,
};
use sp_runtime::{
	traits::{AccountIdConversion, Saturating, StaticLookup, Zero},
	ArithmeticError, SaturatedConversion,
};

/// Hashes per second in one GH/s, the unit of Bitcoin power.
const HASHES_PER_GH: u128 = 1_000_000_000;

/// GH/s in one TH/s, the unit of the pledge rate.
const GH_PER_TH: u128 = 1_000;

/// The attribute keys of a hash power item, in the pallet namespace. The prefix keeps them apart
/// from pallet-nfts' own flags in the same namespace.
pub mod attribute {
	/// `bitcoin-sha256`.
	pub const KIND: &[u8] = b"hashmix.kind";
	/// The power, decimal (GH/s for Bitcoin).
	pub const POWER: &[u8] = b"hashmix.power";
	/// The miner's account, `0x` and its SCALE encoding in hex.
	pub const MINER: &[u8] = b"hashmix.miner";
	/// First Bitcoin day of service, decimal.
	pub const START_DAY: &[u8] = b"hashmix.start_day";
	/// The Bitcoin day after the last day of service, decimal.
	pub const END_DAY: &[u8] = b"hashmix.end_day";
	/// The pool payout interval (Bitcoin) or check interval (Filecoin), days, decimal.
	pub const PAYOUT_INTERVAL: &[u8] = b"hashmix.payout_interval_days";
	/// The Filecoin miner actor of a storage power NFT, `f0<id>`.
	pub const FILECOIN_MINER: &[u8] = b"hashmix.filecoin_miner";
}

/// Bytes in one TiB, the unit of the storage pledge rate.
const BYTES_PER_TIB: u128 = 1 << 40;

impl<T: Config> Pallet<T> {
	/// The account that owns the hash power collections.
	pub fn account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Creates the collection of each kind that does not exist yet, owned by [`Self::account`]:
	/// transferable items, no deposits (the pallet mints), only the owner issues.
	pub fn ensure_collections() -> DispatchResult {
		for kind in KINDS {
			if Collections::<T>::contains_key(kind) {
				continue;
			}
			let id = pallet_nfts::NextCollectionId::<T>::get().unwrap_or_default();
			let config = CollectionConfig {
				settings: CollectionSettings::from_disabled(
					CollectionSetting::DepositRequired.into(),
				),
				max_supply: None,
				mint_settings: MintSettings::default(),
			};
			pallet_nfts::Pallet::<T>::force_create(
				frame_system::RawOrigin::Root.into(),
				T::Lookup::unlookup(Self::account()),
				config,
			)?;
			Collections::<T>::insert(kind, id);
		}
		Ok(())
	}

	/// The pledge a request of `power` (GH/s, or bytes of Filecoin power) with a payout or
	/// check interval of `interval` days holds: `PledgePerThDay` for each TH/s (or
	/// `PledgePerTibDay` for each TiB) over the days a cheat could run before its breach is
	/// declared, `max(BreachWindowDays, interval) + DetectionLagDays`, rounded up to whole
	/// units of the currency (ADR 0011).
	pub fn required_pledge(
		kind: PowerKind,
		power: u128,
		interval: u32,
	) -> Result<BalanceOf<T>, DispatchError> {
		let days = Self::window(interval).saturating_add(T::DetectionLagDays::get());
		let (rate, unit): (u128, u128) = match kind {
			PowerKind::BitcoinSha256 => (T::PledgePerThDay::get().saturated_into(), GH_PER_TH),
			PowerKind::FilecoinStorage => {
				(T::PledgePerTibDay::get().saturated_into(), BYTES_PER_TIB)
			}
		};
		let product = power
			.checked_mul(rate)
			.and_then(|value| value.checked_mul(u128::from(days)))
			.ok_or(ArithmeticError::Overflow)?;
		let pledge = product.div_ceil(unit);
		BalanceOf::<T>::try_from(pledge).map_err(|_| ArithmeticError::Overflow.into())
	}

	/// The breach window of an NFT paid every `interval` days.
	pub fn window(interval: u32) -> u32 {
		T::BreachWindowDays::get().max(interval)
	}

	/// The hashrate the relay expects of `power` GH/s, in hashes per second.
	pub fn hashrate(power: u128) -> Result<u128, DispatchError> {
		power.checked_mul(HASHES_PER_GH).ok_or(Error::<T>::Overflow.into())
	}

	/// The message a holder signs with its Bitcoin wallet to have `nft` paid to its key:
	///
	/// `HashMix Chain: pay hash power NFT <nft> to this Bitcoin key for account 0x<account> on
	/// chain 0x<genesis hash>`
	pub fn destination_message(nft: NftId, who: &T::AccountId) -> Vec<u8> {
		format!(
			"HashMix Chain: pay hash power NFT {nft} to this Bitcoin key for account 0x{} on chain 0x{}",
			to_hex(&who.encode()),
			to_hex(Self::genesis_hash().as_ref()),
		)
		.into_bytes()
	}

	pub(crate) fn do_request(
		who: T::AccountId,
		kind: PowerKind,
		power: u128,
		start_day: u32,
		duration_days: u32,
		interval: u32,
		destination: Script,
	) -> DispatchResult {
		ensure!(kind == PowerKind::BitcoinSha256, Error::<T>::WrongKind);
		ensure!(Self::miner_scripts(&who).contains(&destination), Error::<T>::NotMinerScript);
		ensure!(power >= T::MinPower::get(), Error::<T>::PowerTooSmall);
		ensure!((1..=T::MaxServiceDays::get()).contains(&duration_days), Error::<T>::BadDuration);
		ensure!((1..=MAX_PAYOUT_INTERVAL_DAYS).contains(&interval), Error::<T>::BadPayoutInterval);
		let today = T::Relay::current_day().ok_or(Error::<T>::RelayNotReady)?;
		// Probation starts with the first whole day after the request.
		let probation_start = today.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let earliest = probation_start
			.checked_add(T::MinProbationDays::get().max(interval))
			.ok_or(Error::<T>::Overflow)?;
		ensure!(
			start_day >= earliest && start_day.saturating_sub(earliest) <= T::MaxServiceDays::get(),
			Error::<T>::BadStart
		);
		let end_day = start_day.checked_add(duration_days).ok_or(Error::<T>::Overflow)?;
		ensure!(Live::<T>::count() < T::MaxLiveTokens::get(), Error::<T>::TooManyLive);
		let nft = NextNftId::<T>::get();
		MinerTokens::<T>::try_mutate(&who, |list| list.try_push(nft))
			.map_err(|_| Error::<T>::TooManyTokens)?;
		let pledge = Self::required_pledge(kind, power, interval)?;
		<T as Config>::Currency::hold(&HoldReason::Pledge.into(), &who, pledge)?;
		let registration = T::Relay::register(
			destination.clone(),
			Self::hashrate(power)?,
			Self::miner_scripts(&who),
		)?;
		NextNftId::<T>::put(nft.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Tokens::<T>::insert(
			nft,
			Token::new(
				kind,
				power,
				who.clone(),
				Days { probation_start, start_day, end_day },
				interval,
				pledge,
				NftStatus::Requested,
				Destination { script: destination.clone(), registration },
				probation_start,
			),
		);
		Live::<T>::insert(nft, ());
		Self::deposit_event(Event::TokenizationRequested {
			nft,
			miner: who,
			power,
			probation_start,
			start_day,
			end_day,
			destination,
			pledge,
		});
		Ok(())
	}

	pub(crate) fn do_cancel(who: T::AccountId, nft: NftId) -> DispatchResult {
		let mut token = Tokens::<T>::get(nft).ok_or(Error::<T>::UnknownNft)?;
		ensure!(token.miner == who, Error::<T>::NotMiner);
		ensure!(token.status == NftStatus::Requested, Error::<T>::NotCancellable);
		Self::end(nft, &mut token, NftStatus::Cancelled);
		Self::deposit_event(Event::RequestCancelled { nft });
		Ok(())
	}

	pub(crate) fn do_set_destination(
		who: T::AccountId,
		nft: NftId,
		key: BitcoinKey,
		signature: &MessageSignature,
	) -> DispatchResult {
		let token = Self::holders_nft(&who, nft)?;
		ensure!(token.kind == PowerKind::BitcoinSha256, Error::<T>::WrongKind);
		let kind = Self::prove_key(&Self::destination_message(nft, &who), &key, signature)?;
		let script = Script::try_from(script_of(kind, &key)).map_err(|_| Error::<T>::Overflow)?;
		Self::repoint(nft, token, who, script)
	}

	pub(crate) fn do_set_multisig_destination(
		who: T::AccountId,
		nft: NftId,
		key: BitcoinKey,
		signature: &MessageSignature,
	) -> DispatchResult {
		let token = Self::holders_nft(&who, nft)?;
		ensure!(token.kind == PowerKind::BitcoinSha256, Error::<T>::WrongKind);
		Self::prove_key(&Self::destination_message(nft, &who), &key, signature)?;
		let miner_key =
			BitcoinKeys::<T>::get(&token.miner).first().copied().ok_or(Error::<T>::NoMinerKey)?;
		let committee = CommitteeKey::<T>::get().ok_or(Error::<T>::NoCommitteeKey)?;
		let witness_script = sorted_multisig_2_of_3([miner_key, key, committee]);
		let script = Script::try_from(p2wsh(&witness_script)).map_err(|_| Error::<T>::Overflow)?;
		Self::repoint(nft, token, who, script)
	}

	/// `nft`, minted and live, after bringing its holder up to date; `who` must hold it.
	pub(crate) fn holders_nft(who: &T::AccountId, nft: NftId) -> Result<TokenOf<T>, DispatchError> {
		let mut token = Tokens::<T>::get(nft).ok_or(Error::<T>::UnknownNft)?;
		ensure!(
			matches!(token.status, NftStatus::Verified | NftStatus::Active),
			Error::<T>::NotLive
		);
		// A burned item ends the NFT; the sweep records that, this call only refuses.
		ensure!(Self::sync_holder(nft, &mut token), Error::<T>::NotLive);
		ensure!(&token.holder == who, Error::<T>::NotHolder);
		Ok(token)
	}

	/// Makes `script` the destination of `nft`, registered with the relay; payouts to the one it
	/// replaces count for `RepointGraceDays` more days.
	fn repoint(
		nft: NftId,
		mut token: TokenOf<T>,
		who: T::AccountId,
		script: Script,
	) -> DispatchResult {
		ensure!(script != token.destination.script, Error::<T>::SameDestination);
		let registration = T::Relay::register(
			script.clone(),
			Self::hashrate(token.power)?,
			Self::miner_scripts(&token.miner),
		)?;
		// A destination still in its grace gives way to the one being left now.
		if let Some(old) = token.repointing.take() {
			Self::unregister(&old.previous);
		}
		let today = T::Relay::current_day().ok_or(Error::<T>::RelayNotReady)?;
		let grace_until = today.saturating_add(T::RepointGraceDays::get());
		let previous = core::mem::replace(
			&mut token.destination,
			Destination { script: script.clone(), registration },
		);
		token.repointing = Some(Repointing { previous, until: grace_until });
		token.holder_paid_from = Some(grace_until.saturating_add(1));
		Tokens::<T>::insert(nft, token);
		Self::deposit_event(Event::DestinationSet { nft, holder: who, script, grace_until });
		Ok(())
	}

	/// Mints a development fixture: an Active Bitcoin NFT held by `holder`, without probation,
	/// pledge or destination, never judged. Its miner is this pallet's account: no real miner
	/// answers for it, and no miner's keys are held by it.
	pub(crate) fn mint_fixture(holder: &T::AccountId, power: u128, days: u32) -> DispatchResult {
		let nft = NextNftId::<T>::get();
		let miner = Self::account();
		let token = Token {
			holder: holder.clone(),
			..Token::new(
				PowerKind::BitcoinSha256,
				power,
				miner.clone(),
				Days { probation_start: 0, start_day: 0, end_day: days },
				1,
				Zero::zero(),
				NftStatus::Active,
				Destination::none(),
				NOT_ON_RELAY,
			)
		};
		Self::mint(nft, &token, None)?;
		MinerTokens::<T>::try_mutate(&miner, |list| list.try_push(nft))
			.map_err(|_| Error::<T>::TooManyTokens)?;
		NextNftId::<T>::put(nft.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Tokens::<T>::insert(nft, token);
		Live::<T>::insert(nft, ());
		Ok(())
	}

	/// The owner of `nft`'s item, if it exists.
	pub fn item_owner(kind: PowerKind, nft: NftId) -> Option<T::AccountId> {
		let collection = Collections::<T>::get(kind)?;
		<pallet_nfts::Pallet<T> as nonfungibles_v2::Inspect<T::AccountId>>::owner(&collection, &nft)
	}

	/// Brings a minted NFT's holder up to date with its item's owner, and stores the change.
	/// Returns `false` if the item is gone: the NFT is then ended as burned.
	pub(crate) fn sync_holder(nft: NftId, token: &mut TokenOf<T>) -> bool {
		if !matches!(token.status, NftStatus::Verified | NftStatus::Active) {
			return true;
		}
		match Self::item_owner(token.kind, nft) {
			None => {
				let pledge = token.pledge;
				Self::end(nft, token, NftStatus::Burned);
				Self::deposit_event(Event::Burned { nft, pledge });
				false
			}
			Some(owner) if owner != token.holder => {
				token.holder = owner.clone();
				token.holder_paid_from = None;
				Tokens::<T>::insert(nft, &*token);
				Self::deposit_event(Event::HolderChanged { nft, holder: owner });
				true
			}
			Some(_) => true,
		}
	}

	/// Mints `nft`'s item to its holder (the miner, at verification) with its terms as attributes,
	/// and `extra` if given.
	pub(crate) fn mint(
		nft: NftId,
		token: &TokenOf<T>,
		extra: Option<(&[u8], Vec<u8>)>,
	) -> DispatchResult {
		let collection = Collections::<T>::get(token.kind).ok_or(Error::<T>::NoCollection)?;
		<pallet_nfts::Pallet<T> as nonfungibles_v2::Mutate<T::AccountId, ItemConfig>>::mint_into(
			&collection,
			&nft,
			&token.holder,
			&ItemConfig::default(),
			true,
		)?;
		let kind: &[u8] = match token.kind {
			PowerKind::BitcoinSha256 => b"bitcoin-sha256",
			PowerKind::FilecoinStorage => b"filecoin-storage",
		};
		let attributes: [(&[u8], Vec<u8>); 6] = [
			(attribute::KIND, kind.to_vec()),
			(attribute::POWER, format!("{}", token.power).into_bytes()),
			(attribute::MINER, format!("0x{}", to_hex(&token.miner.encode())).into_bytes()),
			(attribute::START_DAY, format!("{}", token.start_day).into_bytes()),
			(attribute::END_DAY, format!("{}", token.end_day).into_bytes()),
			(attribute::PAYOUT_INTERVAL, format!("{}", token.payout_interval_days).into_bytes()),
		];
		for (key, value) in attributes.into_iter().chain(extra) {
			<pallet_nfts::Pallet<T> as nonfungibles_v2::Mutate<T::AccountId, ItemConfig>>::set_attribute(
				&collection,
				&nft,
				key,
				&value,
			)?;
		}
		Ok(())
	}

	/// Ends `nft` with `status`: the pledge goes back to the miner unless the NFT is revoked
	/// (the caller has paid it out), its destinations stop being credited, and the sweep and the
	/// miner's list forget it.
	pub(crate) fn end(nft: NftId, token: &mut TokenOf<T>, status: NftStatus) {
		if status != NftStatus::Revoked {
			let released = <T as Config>::Currency::release(
				&HoldReason::Pledge.into(),
				&token.miner,
				token.pledge,
				Precision::BestEffort,
			);
			if let Err(error) = released {
				log::error!(target: LOG_TARGET, "pledge of {nft} not released: {error:?}");
			}
		}
		Self::unregister(&token.destination);
		if let Some(old) = token.repointing.take() {
			Self::unregister(&old.previous);
		}
		if token.kind == PowerKind::FilecoinStorage {
			Self::end_slice(nft);
		}
		token.status = status;
		// A request that never minted has no history worth keeping.
		if matches!(status, NftStatus::Cancelled | NftStatus::Failed) {
			RecentDays::<T>::remove(nft);
		}
		Live::<T>::remove(nft);
		MinerTokens::<T>::mutate_exists(&token.miner, |list| {
			if let Some(nfts) = list {
				nfts.retain(|listed| *listed != nft);
				if nfts.is_empty() {
					*list = None;
				}
			}
		});
		Tokens::<T>::insert(nft, token.clone());
	}

	/// Whether the breach rule's counters put `token` in breach: no payout for the window, or
	/// `ShortfallDays` short days in a row.
	pub(crate) fn in_breach(token: &TokenOf<T>) -> bool {
		token.watch.days_without_payout >= Self::window(token.payout_interval_days)
			|| token.watch.short_days >= T::ShortfallDays::get()
	}

	/// Revokes a breached NFT: its pledge pays the holder's claims and the pot, and it ends.
	pub(crate) fn revoke(nft: NftId, token: &mut TokenOf<T>) {
		let (to_holder, to_pot) = Self::pay_out_pledge(nft, token);
		Self::end(nft, token, NftStatus::Revoked);
		Self::deposit_event(Event::Revoked {
			nft,
			holder: token.holder.clone(),
			to_holder,
			to_pot,
		});
	}

	/// Ends an NFT whose service is over; its pledge goes back to the miner.
	pub(crate) fn expire(nft: NftId, token: &mut TokenOf<T>) {
		let pledge = token.pledge;
		Self::end(nft, token, NftStatus::Expired);
		Self::deposit_event(Event::Expired { nft, pledge });
	}

	/// Pays a breached NFT's pledge: the holder's claims first, then the insurance pot. What
	/// cannot be paid (an account that cannot receive it) is burned, never left to the miner.
	pub(crate) fn pay_out_pledge(nft: NftId, token: &TokenOf<T>) -> (BalanceOf<T>, BalanceOf<T>) {
		let reason = HoldReason::Pledge.into();
		let owed = T::Claims::owed_to_holder(nft, &token.holder);
		let mut to_holder = owed.min(token.pledge);
		if !to_holder.is_zero() {
			match <T as Config>::Currency::transfer_on_hold(
				&reason,
				&token.miner,
				&token.holder,
				to_holder,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			) {
				Ok(_) => T::Claims::pledge_paid(nft, &token.holder, to_holder),
				Err(error) => {
					log::warn!(target: LOG_TARGET, "pledge share of {nft} not paid: {error:?}");
					to_holder = Zero::zero();
				}
			}
		}
		let rest = token.pledge.saturating_sub(to_holder);
		let mut to_pot = rest;
		if !rest.is_zero()
			&& <T as Config>::Currency::transfer_on_hold(
				&reason,
				&token.miner,
				&T::InsurancePot::get(),
				rest,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)
			.is_err()
		{
			to_pot = Zero::zero();
			let burned = <T as Config>::Currency::burn_held(
				&reason,
				&token.miner,
				rest,
				Precision::BestEffort,
				Fortitude::Force,
			);
			log::warn!(target: LOG_TARGET, "pledge rest of {nft} burned: {burned:?}");
		}
		(to_holder, to_pot)
	}

	pub(crate) fn unregister(destination: &Destination) {
		if destination.registration == NO_REGISTRATION {
			return;
		}
		// A destination is registered for as long as its NFT counts it; one already gone (an
		// earlier end) is no error worth stopping for.
		if let Err(error) = T::Relay::unregister(&destination.script) {
			log::debug!(target: LOG_TARGET, "destination not unregistered: {error:?}");
		}
	}

	pub(crate) fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}
}
