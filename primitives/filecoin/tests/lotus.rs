//! Lotus JSON answers in the shapes Lotus's API documentation gives (`api-v1-unstable-methods.md`,
//! with mainnet-form addresses), and the malformed ones a bad or lying node sends.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

use hashmix_filecoin::{
	address::{Address, AddressError},
	lotus::{big_int, bitfield, miner_info, LotusError},
};

/// `StateMinerInfo` as Lotus documents it, with a secp256k1 worker and control address from
/// go-address's vectors and a pending beneficiary change.
const MINER_INFO: &str = r#"{
  "Owner": "f01234",
  "Worker": "f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq",
  "NewWorker": "f01234",
  "ControlAddresses": ["f12fiakbhe2gwd5cnmrenekasyn6v5tnaxaqizq6a"],
  "WorkerChangeEpoch": 10101,
  "PeerId": "12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf",
  "Multiaddrs": ["Ynl0ZSBhcnJheQ=="],
  "WindowPoStProofType": 8,
  "SectorSize": 34359738368,
  "WindowPoStPartitionSectors": 42,
  "ConsensusFaultElapsed": 10101,
  "PendingOwnerAddress": "f01234",
  "Beneficiary": "f01234",
  "BeneficiaryTerm": {"Quota": "0", "UsedQuota": "0", "Expiration": 10101},
  "PendingBeneficiaryTerm": {
    "NewBeneficiary": "f24vg6ut43yw2h2jqydgbg2xq7x6f4kub3bg6as6i",
    "NewQuota": "1000000000000000000000",
    "NewExpiration": 20202,
    "ApprovedByBeneficiary": true,
    "ApprovedByNominee": false
  }
}"#;

#[test]
fn miner_info_should_read_every_field_hashmix_asks_about() {
	let info = miner_info(MINER_INFO.as_bytes()).unwrap();
	assert_eq!(info.owner, Address::id(1234).unwrap());
	assert_eq!(info.worker, Address::parse("f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq").unwrap().1);
	assert_eq!(info.control.len(), 1);
	assert_eq!(
		info.peer_id.as_deref(),
		Some("12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf")
	);
	assert_eq!(info.multiaddrs, vec![b"byte array".to_vec()]);
	assert_eq!(info.sector_size, 32 << 30);
	assert_eq!(info.beneficiary, Some(Address::id(1234).unwrap()));
	assert_eq!(info.beneficiary_term.unwrap().expiration, 10101);
	let pending = info.pending_beneficiary.unwrap();
	assert_eq!(pending.new_quota, 1_000_000_000_000_000_000_000);
	assert!(pending.approved_by_beneficiary && !pending.approved_by_nominee);
}

#[test]
fn null_fields_should_read_as_absent() {
	let json = r#"{"Owner":"f01234","Worker":"f01234","NewWorker":"\u003cempty\u003e","ControlAddresses":null,
		"WorkerChangeEpoch":0,"PeerId":null,"Multiaddrs":null,"WindowPoStProofType":0,"SectorSize":0,
		"WindowPoStPartitionSectors":0,"ConsensusFaultElapsed":0,"Beneficiary":"f01234",
		"BeneficiaryTerm":null,"PendingBeneficiaryTerm":null}"#;
	let info = miner_info(json.as_bytes()).unwrap();
	assert!(info.control.is_empty() && info.multiaddrs.is_empty());
	assert_eq!(info.peer_id, None);
	assert_eq!(info.beneficiary_term, None);
	assert_eq!(info.pending_beneficiary, None);
}

#[test]
fn malformed_answers_should_be_refused_with_their_reason() {
	let with = |from: &str, to: &str| MINER_INFO.replace(from, to);
	for (json, error) in [
		(
			String::from(
				"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"actor not found\"}}",
			),
			LotusError::Json,
		),
		(String::from("<html>"), LotusError::Json),
		(
			with("\"f01234\",\n  \"Worker\"", "\"f0x1234\",\n  \"Worker\""),
			LotusError::Address(AddressError::InvalidPayload),
		),
		(with("f15ihq5ib", "f15ihq5ic"), LotusError::Address(AddressError::InvalidChecksum)),
		(
			with("\"NewQuota\": \"1000000000000000000000\"", "\"NewQuota\": \"1e21\""),
			LotusError::Amount,
		),
		(with("Ynl0ZSBhcnJheQ==", "not*base64"), LotusError::Multiaddr),
		(with("34359738368", "\"34359738368\""), LotusError::Json),
	] {
		assert_eq!(miner_info(json.as_bytes()), Err(error), "{json}");
	}
}

#[test]
fn amounts_and_bitfields_should_be_exact() {
	assert_eq!(big_int("0"), Ok(0));
	assert_eq!(big_int("340282366920938463463374607431768211455"), Ok(u128::MAX));
	for bad in ["", "-1", "1.5", " 1", "340282366920938463463374607431768211456"] {
		assert_eq!(big_int(bad), Err(LotusError::Amount), "{bad}");
	}
	// Lotus's documented fault bitfield: five unset, one set.
	assert_eq!(bitfield(b"[5, 1]"), Ok(1));
	assert_eq!(bitfield(b"[0, 3, 2, 4]"), Ok(7));
	assert_eq!(bitfield(b"[]"), Ok(0));
	assert_eq!(bitfield(b"[0, 18446744073709551615, 1, 1]"), Err(LotusError::Bitfield));
	assert_eq!(bitfield(b"\"sAI=\""), Err(LotusError::Json));
}
