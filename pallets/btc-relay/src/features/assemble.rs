//! Turning what an Esplora server returns into a payout proof: the off-chain worker's last step
//! before submitting, kept pure so that it is tested on real data without HTTP.

use crate::*;
use alloc::vec::Vec;
use hashmix_bitcoin::{merkle::MerkleBlock, tx::strip_witness};

/// Why Esplora's answers do not make a proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssembleError {
	/// A transaction or a `CMerkleBlock` does not parse.
	Malformed,
	/// The `CMerkleBlock` does not prove the transaction, or the two proofs are of different
	/// blocks.
	NotProven,
	/// The proof exceeds the runtime's bounds (bytes, depth or previous transactions).
	TooLarge,
}

/// Builds a payout proof from Esplora's answers: the paying transaction's `/tx/:txid/hex` and
/// `/tx/:txid/merkleblock-proof`, the same two for the block's coinbase (ignored when the paying
/// transaction is the coinbase), and `/tx/:txid/hex` of each transaction it spends from. All are
/// raw bytes (hex already decoded); transactions may carry witnesses.
pub fn assemble_payout_proof<T: Config>(
	transaction: &[u8],
	transaction_proof: &[u8],
	coinbase: &[u8],
	coinbase_proof: &[u8],
	previous: &[Vec<u8>],
) -> Result<PayoutProofOf<T>, AssembleError> {
	let stripped = strip_witness(transaction).map_err(|_| AssembleError::Malformed)?;
	let txid = hashmix_bitcoin::sha256d(&stripped);
	let (block_hash, tx_index, tx_branch) = proven_position(transaction_proof, txid)?;
	let (coinbase, coinbase_branch) = if tx_index == 0 {
		(Vec::new(), Vec::new())
	} else {
		let stripped_coinbase = strip_witness(coinbase).map_err(|_| AssembleError::Malformed)?;
		let coinbase_txid = hashmix_bitcoin::sha256d(&stripped_coinbase);
		let (coinbase_block, index, branch) = proven_position(coinbase_proof, coinbase_txid)?;
		if coinbase_block != block_hash || index != 0 {
			return Err(AssembleError::NotProven);
		}
		(stripped_coinbase, branch)
	};
	let previous = previous
		.iter()
		.map(|raw| {
			let stripped = strip_witness(raw).map_err(|_| AssembleError::Malformed)?;
			BoundedVec::try_from(stripped).map_err(|_| AssembleError::TooLarge)
		})
		.collect::<Result<Vec<_>, _>>()?;
	let proof = PayoutProof {
		block_hash,
		transaction: BoundedVec::try_from(stripped).map_err(|_| AssembleError::TooLarge)?,
		tx_index,
		tx_branch: BoundedVec::try_from(tx_branch).map_err(|_| AssembleError::TooLarge)?,
		coinbase: BoundedVec::try_from(coinbase).map_err(|_| AssembleError::TooLarge)?,
		coinbase_branch: BoundedVec::try_from(coinbase_branch)
			.map_err(|_| AssembleError::TooLarge)?,
		previous: BoundedVec::try_from(previous).map_err(|_| AssembleError::TooLarge)?,
	};
	if proof.byte_len() > T::MaxProofBytes::get() as usize {
		return Err(AssembleError::TooLarge);
	}
	Ok(proof)
}

/// The block, position and branch a `CMerkleBlock` proves for `txid`.
fn proven_position(proof: &[u8], txid: H256) -> Result<(H256, u32, Vec<H256>), AssembleError> {
	let merkle_block = MerkleBlock::parse(proof).map_err(|_| AssembleError::Malformed)?;
	let (index, _) = merkle_block
		.matches
		.iter()
		.find(|(_, matched)| *matched == txid)
		.copied()
		.ok_or(AssembleError::NotProven)?;
	let branch = merkle_block.branch(index).ok_or(AssembleError::NotProven)?;
	Ok((merkle_block.header.hash(), index, branch))
}
