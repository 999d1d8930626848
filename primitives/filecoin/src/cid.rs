//! Sealed-sector CIDs (`SealedCID` in Lotus's sector info): a CIDv1 with the multicodec
//! `fil-commitment-sealed` (0xf102) whose multihash is `poseidon-bls12_381-a2-fc1` (0xb401) over
//! the 32-byte replica commitment `CommR`. Lotus writes them in base32 (`bagboea4b5abc...`).
//! Parsing goes through the `cid` crate and accepts only that codec, that hash, 32 bytes, and the
//! canonical string, so that two answers naming the same commitment are the same string.

use alloc::string::{String, ToString};
use cid::{multihash::Multihash, Cid};

/// The multicodec of a sealed-sector commitment.
pub const FIL_COMMITMENT_SEALED: u64 = 0xf102;
/// The multihash code of the Poseidon hash (BLS12-381, arity 2) a replica commitment is.
pub const POSEIDON_BLS12_381_A2_FC1: u64 = 0xb401;

/// Why a sealed CID was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CidError {
	/// Not a CID at all (bad multibase, varints or lengths), or not in canonical CIDv1 base32.
	Malformed,
	/// A CID, but not of a sealed-sector commitment.
	NotSealed,
	/// A sealed-commitment CID whose hash is not Poseidon or not 32 bytes long.
	WrongHash,
}

/// The replica commitment `CommR` a sealed CID names.
pub fn parse_sealed(text: &str) -> Result<[u8; 32], CidError> {
	let cid = Cid::try_from(text).map_err(|_| CidError::Malformed)?;
	if cid.codec() != FIL_COMMITMENT_SEALED {
		return Err(CidError::NotSealed);
	}
	if cid.hash().code() != POSEIDON_BLS12_381_A2_FC1 {
		return Err(CidError::WrongHash);
	}
	let comm_r: [u8; 32] = cid.hash().digest().try_into().map_err(|_| CidError::WrongHash)?;
	if cid.to_string() != text {
		return Err(CidError::Malformed);
	}
	Ok(comm_r)
}

/// The sealed CID of replica commitment `comm_r`, as Lotus writes it.
pub fn sealed_cid(comm_r: &[u8; 32]) -> String {
	Multihash::<64>::wrap(POSEIDON_BLS12_381_A2_FC1, comm_r)
		.map(|hash| Cid::new_v1(FIL_COMMITMENT_SEALED, hash).to_string())
		.unwrap_or_default()
}
