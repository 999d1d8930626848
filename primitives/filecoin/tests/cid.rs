//! Sealed-sector CIDs: the commitment round-trips through the `cid` crate's canonical string,
//! which starts as every `SealedCID` Lotus reports does; other codecs, hashes and forms are
//! refused.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

use hashmix_filecoin::cid::{parse_sealed, sealed_cid, CidError};
use proptest::prelude::*;

#[test]
fn sealed_cids_should_carry_a_poseidon_replica_commitment() {
	let comm_r = [0x5a; 32];
	let text = sealed_cid(&comm_r);
	// CIDv1, fil-commitment-sealed, poseidon-bls12_381-a2-fc1, 32 bytes: the prefix of every
	// sealed CID on Filecoin.
	assert!(text.starts_with("bagboea4b5abc"), "{text}");
	// "b" and 40 bytes in base32: version, codec and hash varints, the length, 32 bytes.
	assert_eq!(text.len(), 65);
	assert_eq!(parse_sealed(&text), Ok(comm_r));
}

#[test]
fn other_cids_and_forms_should_be_refused() {
	let text = sealed_cid(&[7; 32]);
	for (input, error) in [
		// A dag-cbor block CID (blake2b-256), as Lotus shows tipset keys and messages.
		("bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4", CidError::NotSealed),
		// An unsealed-sector CID (fil-commitment-unsealed, sha2-256-trunc254-padded): CommD.
		("baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq", CidError::NotSealed),
		("", CidError::Malformed),
		("not a cid", CidError::Malformed),
	] {
		assert_eq!(parse_sealed(input), Err(error), "{input}");
	}
	// Upper-case base32 (multibase `B`) names the same bytes but is not Lotus's string.
	let upper = format!("B{}", text[1..].to_uppercase());
	assert_eq!(parse_sealed(&upper), Err(CidError::Malformed));
	// A truncated digest.
	assert!(parse_sealed(&text[..text.len() - 4]).is_err());
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_000))]

	#[test]
	fn commitments_should_round_trip(comm_r in any::<[u8; 32]>()) {
		prop_assert_eq!(parse_sealed(&sealed_cid(&comm_r)), Ok(comm_r));
	}

	#[test]
	fn parsing_should_never_panic(text in "[a-zA-Z0-9]{0,80}") {
		let _ = parse_sealed(&text);
	}
}
