//! Lotus JSON answers in the shapes Lotus's API documentation gives (`api-v1-unstable-methods.md`,
//! with mainnet-form addresses), and the malformed ones a bad or lying node sends.
#![allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	reason = "test arithmetic on known data; a panic is a failed test"
)]

use hashmix_filecoin::{
	address::{Address, AddressError},
	cid::{sealed_cid, CidError},
	lotus::{
		amount, big_int, bitfield, miner_info, miner_power, sector_count, sector_info, LotusError,
	},
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

#[test]
fn power_counts_sectors_and_balances_should_read_exactly() {
	// A miner with 10 PiB raw and 30 PiB quality-adjusted power, of a 25 EiB network.
	let json = r#"{"MinerPower":{"RawBytePower":"11258999068426240","QualityAdjPower":"33776997205278720"},
		"TotalPower":{"RawBytePower":"28823037615171174400","QualityAdjPower":"28823037615171174400"},"HasMinPower":true}"#;
	let power = miner_power(json.as_bytes()).unwrap();
	assert_eq!(power.miner.raw, 10 << 50);
	assert_eq!(power.miner.quality_adjusted, 30 << 50);
	assert_eq!(power.total.raw, 25 << 60);
	assert!(power.has_min_power);
	assert_eq!(
		miner_power(json.replace("\"11258999068426240\"", "11258999068426240").as_bytes()),
		Err(LotusError::Json)
	);

	let count = sector_count(br#"{"Live": 42, "Active": 40, "Faulty": 2}"#).unwrap();
	assert_eq!((count.live, count.active, count.faulty), (42, 40, 2));
	assert_eq!(sector_count(br#"{"Live": -1, "Active": 0, "Faulty": 0}"#), Err(LotusError::Json));

	assert_eq!(amount(br#""1500000000000000000""#), Ok(1_500_000_000_000_000_000));
	assert_eq!(amount(b"1500"), Err(LotusError::Json));
	assert_eq!(amount(br#""-5""#), Err(LotusError::Amount));
}

#[test]
fn sector_info_should_need_a_sealed_cid() {
	let comm_r = [0x3c; 32];
	let sector = |cid: &str| {
		format!(
			r#"{{"SectorNumber":9,"SealProof":8,"SealedCID":{{"/":"{cid}"}},"DealIDs":[5432],"Activation":10101,
			"Expiration":1550000,"DealWeight":"0","VerifiedDealWeight":"0","InitialPledge":"157000000000000000",
			"ExpectedDayReward":"310000000000000","ExpectedStoragePledge":"5900000000000000","PowerBaseEpoch":10101,
			"ReplacedDayReward":"0","SectorKeyCID":null,"Flags":0}}"#
		)
	};
	let info = sector_info(sector(&sealed_cid(&comm_r)).as_bytes()).unwrap().unwrap();
	assert_eq!(info.number, 9);
	assert_eq!(info.comm_r, comm_r);
	assert_eq!((info.activation, info.expiration), (10101, 1_550_000));
	assert_eq!(info.initial_pledge, 157_000_000_000_000_000);
	assert_eq!(info.expected_day_reward, 310_000_000_000_000);
	// The API documentation's placeholder is a dag-cbor CID, not a sealed commitment.
	assert_eq!(
		sector_info(
			sector("bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4").as_bytes()
		),
		Err(LotusError::SealedCid(CidError::NotSealed))
	);
	assert_eq!(sector_info(b"null"), Ok(None));
}

#[test]
fn tipsets_should_need_block_cids_and_a_height() {
	// `ChainGetTipSetByHeight` as Lotus's documentation shows its key, at a mainnet height.
	let json = br#"{"Cids":[{"/":"bafy2bzacea2bq6apooij7pqoxuef43vwcy4ins5m3homyq7fgons3g223yi6e"},
		{"/":"bafy2bzacea7pncy27vyk55lujkbukoro2ls22xvhblbbo4gc4uvikp42xdbsc"}],"Blocks":[],"Height":1437643}"#;
	let tipset = hashmix_filecoin::lotus::tipset(json).unwrap();
	assert_eq!(tipset.height, 1_437_643);
	assert_eq!(tipset.cids.len(), 2);
	assert_eq!(
		hashmix_filecoin::lotus::tipset_key(&tipset.cids)[1]["/"],
		"bafy2bzacea7pncy27vyk55lujkbukoro2ls22xvhblbbo4gc4uvikp42xdbsc"
	);
	for (bad, error) in [
		// A sealed-sector CID is not a block.
		(
			r#"{"Cids":[{"/":"bagboea4b5abcbejuhtmxfu4onwodjoexmm2nklwdbgh4kd55vatxfgbundz2ddia"}],"Height":1}"#,
			LotusError::BlockCid,
		),
		(r#"{"Cids":[{"/":"not a cid"}],"Height":1}"#, LotusError::BlockCid),
		(r#"{"Cids":[],"Height":1}"#, LotusError::Json),
		(
			r#"{"Cids":[{"/":"bafy2bzacea2bq6apooij7pqoxuef43vwcy4ins5m3homyq7fgons3g223yi6e"}],"Height":-1}"#,
			LotusError::Json,
		),
		(r#"{"Cids":[{"/":"bafy2bzacea2bq6apooij7pqoxuef43vwc"#, LotusError::Json),
	] {
		assert_eq!(hashmix_filecoin::lotus::tipset(bad.as_bytes()), Err(error), "{bad}");
	}
}

#[test]
fn json_rpc_envelopes_should_give_the_result_or_the_error_code() {
	use hashmix_filecoin::lotus::{rpc_request, rpc_result};
	assert_eq!(
		rpc_result(br#"{"jsonrpc":"2.0","id":1,"result":"1275204857120386574402"}"#).unwrap(),
		br#""1275204857120386574402""#.to_vec()
	);
	assert_eq!(rpc_result(br#"{"jsonrpc":"2.0","id":1,"result":null}"#).unwrap(), b"null".to_vec());
	assert_eq!(
		rpc_result(br#"{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"actor not found"}}"#),
		Err(LotusError::Rpc(1))
	);
	assert_eq!(rpc_result(b"<html>502 Bad Gateway</html>"), Err(LotusError::Json));
	assert_eq!(rpc_result(br#"{"jsonrpc":"2.0","id":1,"res"#), Err(LotusError::Json));
	assert_eq!(
		rpc_request("StateMinerPower", serde_json::json!(["f01578658", null]), 7),
		br#"{"id":7,"jsonrpc":"2.0","method":"Filecoin.StateMinerPower","params":["f01578658",null]}"#
			.to_vec()
	);
}
