//! The relay's invariants, checked by `try_state` after every test.

use crate::*;
use alloc::collections::BTreeMap;

pub(crate) fn check<T: Config>() -> Result<(), sp_runtime::TryRuntimeError> {
	let Some(tip) = Tip::<T>::get() else {
		ensure!(Headers::<T>::iter().next().is_none(), "headers stored before initialization");
		return Ok(());
	};
	ensure!(BestChain::<T>::get(tip.height) == Some(tip.hash), "tip not on the best chain");
	let tip_header = Headers::<T>::get(tip.hash).ok_or("tip header missing")?;
	ensure!(tip_header.chain_work == tip.chain_work, "tip work differs from its header's");
	let lowest = LowestHeight::<T>::get();
	ensure!(lowest <= tip.height, "lowest height above the tip");

	// Every stored header is indexed at its height, within the window, and no header has more
	// work than the tip.
	let mut stored = 0usize;
	for (hash, header) in Headers::<T>::iter() {
		stored = stored.saturating_add(1);
		ensure!(header.height >= lowest, "header below the window");
		ensure!(
			HeightHashes::<T>::get(header.height).contains(&hash),
			"header not indexed at its height"
		);
		ensure!(header.chain_work <= tip.chain_work, "a header has more work than the tip");
	}
	let indexed: usize = HeightHashes::<T>::iter_values().map(|hashes| hashes.len()).sum();
	ensure!(indexed == stored, "height index and headers disagree");

	// The best chain is linked and stored.
	for (height, hash) in BestChain::<T>::iter() {
		let header = Headers::<T>::get(hash).ok_or("best-chain block missing")?;
		ensure!(header.height == height && height <= tip.height, "best chain height mismatch");
		if height > lowest {
			let parent =
				BestChain::<T>::get(height.saturating_sub(1)).ok_or("gap in the best chain")?;
			ensure!(header.header.prev_block == parent, "best chain not linked");
		}
	}

	// Credits: per-block records are the replay guard, and add up to the per-day and total sums.
	let mut guarded = 0usize;
	let mut per_day: BTreeMap<(u64, u32), u64> = BTreeMap::new();
	for (block, credits) in BlockCredits::<T>::iter() {
		let header = Headers::<T>::get(block).ok_or("credits of an unknown block")?;
		ensure!(BestChain::<T>::get(header.height) == Some(block), "credits of an abandoned block");
		for credit in credits {
			ensure!(
				CreditedOutputs::<T>::get((credit.txid, credit.vout)) == Some(block),
				"unguarded credit"
			);
			guarded = guarded.saturating_add(1);
			let sum = per_day.entry((credit.registration, credit.day)).or_default();
			*sum = sum.saturating_add(credit.amount);
		}
	}
	ensure!(CreditedOutputs::<T>::iter().count() == guarded, "replay guard without a credit");
	for ((registration, day), sum) in per_day {
		ensure!(
			Credits::<T>::get(registration, day) >= sum,
			"per-day credits below the block records"
		);
	}
	for (id, registration) in Registrations::<T>::iter() {
		let total: u64 = Credits::<T>::iter_prefix(id).map(|(_, amount)| amount).sum();
		ensure!(
			registration.credited_total == total,
			"credited total differs from the per-day sums"
		);
		ensure!(
			registration.credited_total
				<= Pallet::<T>::cap(&registration, LastDay::<T>::get().unwrap_or(0)),
			"credited above the cap"
		);
	}
	for (script, id) in Destinations::<T>::iter() {
		let registration = Registrations::<T>::get(id).ok_or("destination without registration")?;
		ensure!(registration.script == script, "destination of another script");
		ensure!(!PoolScripts::<T>::contains_key(&script), "a destination is a pool script");
	}
	Ok(())
}
