//! Payout proofs: inclusion, the source of the money, and crediting under the running cap.

use crate::*;
use alloc::vec::Vec;
use hashmix_bitcoin::{
	merkle::root_from_branch, reward, script::ScriptClass, tx::Transaction, Error as BtcError, U512,
};

/// BIP34 (the coinbase commits to its height) is enforced on mainnet from this height.
const MAINNET_BIP34_HEIGHT: u32 = 227_931;

/// What happened to one output paying a registered script.
enum Outcome {
	Credited(u64),
	NotCredited(NotCredited),
}

impl<T: Config> Pallet<T> {
	/// Checks and credits a payout proof; returns how many outputs were looked up in the
	/// registry (each a storage read the weight adds by count).
	pub(crate) fn do_submit_payout_proof(proof: PayoutProofOf<T>) -> Result<u32, DispatchError> {
		ensure!(proof.byte_len() <= T::MaxProofBytes::get() as usize, Error::<T>::ProofTooLarge);
		let network = RelayNetwork::<T>::get().ok_or(Error::<T>::NotInitialized)?;
		let mut block = Headers::<T>::get(proof.block_hash).ok_or(Error::<T>::UnknownBlock)?;
		ensure!(
			BestChain::<T>::get(block.height) == Some(proof.block_hash),
			Error::<T>::NotInBestChain
		);
		ensure!(
			Self::confirmations(proof.block_hash) >= T::Confirmations::get(),
			Error::<T>::NotEnoughConfirmations
		);

		// Inclusion: the coinbase at position 0 and the transaction at its position reach the
		// header's root through branches of the same depth.
		let tx = Transaction::parse(&proof.transaction).map_err(Self::tx_error)?;
		let (coinbase, coinbase_branch) = if proof.tx_index == 0 {
			ensure!(
				proof.coinbase.is_empty() && proof.coinbase_branch.is_empty(),
				Error::<T>::InvalidCoinbase
			);
			(tx.clone(), &proof.tx_branch)
		} else {
			(Transaction::parse(&proof.coinbase).map_err(Self::tx_error)?, &proof.coinbase_branch)
		};
		let bip34 = match network {
			Network::Mainnet => block.height >= MAINNET_BIP34_HEIGHT,
			Network::Regtest => true,
		};
		ensure!(
			coinbase.is_coinbase() && (!bip34 || coinbase.coinbase_height() == Some(block.height)),
			Error::<T>::InvalidCoinbase
		);
		let root = block.header.merkle_root;
		ensure!(
			root_from_branch(coinbase.txid, 0, coinbase_branch) == Ok(root),
			Error::<T>::InvalidCoinbaseProof
		);
		ensure!(proof.tx_branch.len() == coinbase_branch.len(), Error::<T>::BranchDepthMismatch);
		ensure!(
			root_from_branch(tx.txid, proof.tx_index, &proof.tx_branch) == Ok(root),
			Error::<T>::InvalidMerkleProof
		);
		ensure!(proof.tx_index == 0 || !tx.is_coinbase(), Error::<T>::MalformedTransaction);

		// Where the money came from: the previous transactions' outputs, never the spender's
		// scriptSig or witness.
		let sources = Self::sources(&tx, &proof.previous)?;
		for source in &sources {
			ensure!(PoolScripts::<T>::contains_key(source), Error::<T>::NotFromPool);
		}

		if !block.fee_sampled {
			Self::sample_fees(&block, &coinbase);
			block.fee_sampled = true;
			Headers::<T>::insert(proof.block_hash, &block);
		}
		Self::credit_outputs(proof.block_hash, &block, &tx, &sources)?;
		Ok(Self::registry_lookups(&tx))
	}

	/// Outputs of `tx` that a proof looks up in the registry: those with a standard script.
	pub(crate) fn registry_lookups(tx: &Transaction) -> u32 {
		let standard =
			tx.outputs.iter().filter(|o| ScriptClass::of(o.script_pubkey).is_some()).count();
		u32::try_from(standard).unwrap_or(u32::MAX)
	}

	/// The source script of every input, read from the previous transactions, each of which must
	/// be spent by some input. Empty for a coinbase.
	fn sources(
		tx: &Transaction,
		previous: &[BoundedVec<u8, T::MaxProofBytes>],
	) -> Result<Vec<Script>, DispatchError> {
		if tx.is_coinbase() {
			ensure!(previous.is_empty(), Error::<T>::UnusedPreviousTransaction);
			return Ok(Vec::new());
		}
		let parsed = previous
			.iter()
			.map(|bytes| Transaction::parse(bytes).map_err(Self::tx_error))
			.collect::<Result<Vec<_>, _>>()?;
		let mut used = alloc::vec![false; parsed.len()];
		let mut sources = Vec::with_capacity(tx.inputs.len());
		for input in &tx.inputs {
			let outpoint = input.previous_output;
			let (index, prev) = parsed
				.iter()
				.enumerate()
				.find(|(_, prev)| prev.txid == outpoint.txid)
				.ok_or(Error::<T>::MissingPreviousTransaction)?;
			let output = prev.outputs.get(outpoint.vout as usize).ok_or(Error::<T>::BadOutpoint)?;
			if let Some(flag) = used.get_mut(index) {
				*flag = true;
			}
			// A script longer than any standard one cannot be a pool's: it fails the allowlist.
			let script = Script::try_from(output.script_pubkey.to_vec())
				.map_err(|_| Error::<T>::NotFromPool)?;
			sources.push(script);
		}
		ensure!(used.iter().all(|u| *u), Error::<T>::UnusedPreviousTransaction);
		Ok(sources)
	}

	/// Adds a proven coinbase's fees to its day's sample, unless the day has settled.
	fn sample_fees(block: &StoredHeader, coinbase: &Transaction) {
		let subsidy = reward::subsidy_on(Self::network(), block.height);
		let fees = coinbase.total_output().saturating_sub(subsidy);
		Days::<T>::mutate(block.day(), |info| {
			if let Some(info) = info.as_mut().filter(|info| info.fee_ppm.is_none()) {
				info.sample.blocks = info.sample.blocks.saturating_add(1);
				info.sample.fees = info.sample.fees.saturating_add(fees);
				info.sample.subsidies = info.sample.subsidies.saturating_add(subsidy);
			}
		});
	}

	fn credit_outputs(
		block_hash: H256,
		block: &StoredHeader,
		tx: &Transaction,
		sources: &[Script],
	) -> DispatchResult {
		let day = block.day();
		let mut first_refusal = None;
		let mut any_credited = false;
		for (vout, output) in tx.outputs.iter().enumerate() {
			// Only standard scripts can be registered: others are not looked up.
			if ScriptClass::of(output.script_pubkey).is_none() {
				continue;
			}
			let Ok(script) = Script::try_from(output.script_pubkey.to_vec()) else { continue };
			let Some(id) = Destinations::<T>::get(&script) else { continue };
			let Some(mut registration) = Registrations::<T>::get(id) else { continue };
			let vout = vout as u32;
			let outcome = if CreditedOutputs::<T>::contains_key((tx.txid, vout)) {
				Outcome::NotCredited(NotCredited::AlreadyCredited)
			} else if output.value < T::DustThreshold::get() {
				Outcome::NotCredited(NotCredited::Dust)
			} else if sources.iter().any(|s| *s == script || registration.miner_scripts.contains(s))
			{
				Outcome::NotCredited(NotCredited::SelfPayment)
			} else if day < registration.start_day {
				Outcome::NotCredited(NotCredited::BeforeRegistration)
			} else {
				let room =
					Self::cap(&registration, day).saturating_sub(registration.credited_total);
				match output.value.min(room) {
					0 => Outcome::NotCredited(NotCredited::OverCap),
					amount => Outcome::Credited(amount),
				}
			};
			match outcome {
				Outcome::Credited(amount) => {
					let record =
						CreditRecord { registration: id, day, txid: tx.txid, vout, amount };
					BlockCredits::<T>::try_mutate(block_hash, |credits| credits.try_push(record))
						.map_err(|_| Error::<T>::TooManyCredits)?;
					CreditedOutputs::<T>::insert((tx.txid, vout), block_hash);
					Credits::<T>::mutate(id, day, |credited| {
						*credited = credited.saturating_add(amount)
					});
					registration.credited_total =
						registration.credited_total.saturating_add(amount);
					Registrations::<T>::insert(id, &registration);
					any_credited = true;
					Self::deposit_event(Event::PayoutCredited {
						registration: id,
						day,
						txid: tx.txid,
						vout,
						amount,
					});
					if amount < output.value {
						Self::deposit_event(Event::PayoutNotCredited {
							registration: id,
							txid: tx.txid,
							vout,
							reason: NotCredited::OverCap,
						});
					}
				}
				Outcome::NotCredited(reason) => {
					first_refusal.get_or_insert(reason);
					Self::deposit_event(Event::PayoutNotCredited {
						registration: id,
						txid: tx.txid,
						vout,
						reason,
					});
				}
			}
		}
		if any_credited {
			return Ok(());
		}
		Err(match first_refusal {
			None => Error::<T>::NothingCredited,
			Some(NotCredited::AlreadyCredited) => Error::<T>::AlreadyCredited,
			Some(NotCredited::Dust) => Error::<T>::DustPayout,
			Some(NotCredited::SelfPayment) => Error::<T>::SelfPayment,
			Some(NotCredited::BeforeRegistration) => Error::<T>::BeforeRegistration,
			Some(NotCredited::OverCap) => Error::<T>::OverCap,
		}
		.into())
	}

	/// The running cap of a registration through `day`: `CreditCapPercent` of the subsidy
	/// expectation of its declared hashrate from its start day through `day`, rounded down.
	pub fn cap(registration: &RegistrationOf<T>, day: u32) -> u64 {
		let (Some(start), Some(end)) =
			(Days::<T>::get(registration.start_day), Days::<T>::get(day))
		else {
			return 0;
		};
		let numerator = U512::from(end.cumulative_before)
			.saturating_add(end.numerator.into())
			.saturating_sub(start.cumulative_before.into());
		let expected = reward::expected_from_numerator(registration.hashrate, numerator);
		let capped = expected.saturating_mul(u128::from(T::CreditCapPercent::get())) / 100;
		u64::try_from(capped).unwrap_or(u64::MAX)
	}

	/// Takes back the credits of a block the best chain abandoned.
	pub(crate) fn revoke_credits(block_hash: H256) {
		for credit in BlockCredits::<T>::take(block_hash) {
			CreditedOutputs::<T>::remove((credit.txid, credit.vout));
			Credits::<T>::mutate(credit.registration, credit.day, |credited| {
				*credited = credited.saturating_sub(credit.amount)
			});
			Registrations::<T>::mutate(credit.registration, |registration| {
				if let Some(registration) = registration {
					registration.credited_total =
						registration.credited_total.saturating_sub(credit.amount);
				}
			});
			Self::deposit_event(Event::CreditRevoked {
				registration: credit.registration,
				day: credit.day,
				txid: credit.txid,
				vout: credit.vout,
				amount: credit.amount,
			});
		}
	}

	fn tx_error(error: BtcError) -> DispatchError {
		match error {
			BtcError::SixtyFourByteTransaction => Error::<T>::SixtyFourByteTransaction,
			_ => Error::<T>::MalformedTransaction,
		}
		.into()
	}
}
