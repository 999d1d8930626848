//! Lotus JSON-RPC answers as Lotus writes them (`Filecoin.StateMinerInfo`, `StateMinerPower`,
//! `StateMinerSectorCount`, `StateSectorGetInfo`, `StateMinerAvailableBalance`, the run-length
//! bitfields of `StateMinerFaults`), read into checked types: addresses parsed strictly, big
//! integers as `u128` from their decimal strings, multiaddresses from base64, sealed CIDs through
//! [`crate::cid`]. Anything else is a [`LotusError`], never a guess.

use crate::address::{Address, AddressError};
use alloc::{string::String, vec::Vec};
use base64::{engine::general_purpose::STANDARD, Engine};
use serde::Deserialize;

/// Why an answer cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotusError {
	/// Not the JSON the method returns.
	Json,
	/// An address field is not a valid address.
	Address(AddressError),
	/// A token amount is not a decimal string that fits in `u128`.
	Amount,
	/// A multiaddress is not base64.
	Multiaddr,
	/// A bitfield's runs overflow.
	Bitfield,
	/// A sector's sealed CID is not a sealed-sector commitment.
	SealedCid(crate::cid::CidError),
	/// A tipset key CID is not a block header CID.
	BlockCid,
	/// The node answered with a JSON-RPC error, of this code.
	Rpc(i64),
}

/// A beneficiary's term: how much it may withdraw, has withdrawn, and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeneficiaryTerm {
	/// attoFIL the beneficiary may withdraw in total.
	pub quota: u128,
	/// attoFIL withdrawn so far.
	pub used_quota: u128,
	/// The epoch the term ends.
	pub expiration: i64,
}

/// A proposed beneficiary change (FIP-0029), with who approved it so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingBeneficiary {
	/// The proposed beneficiary.
	pub new_beneficiary: Address,
	/// Its proposed quota, attoFIL.
	pub new_quota: u128,
	/// Its proposed expiration epoch.
	pub new_expiration: i64,
	/// The current beneficiary approved.
	pub approved_by_beneficiary: bool,
	/// The nominee approved.
	pub approved_by_nominee: bool,
}

/// `Filecoin.StateMinerInfo`, the fields HashMix asks about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinerInfo {
	/// The owner address.
	pub owner: Address,
	/// The worker address.
	pub worker: Address,
	/// The control addresses (none when Lotus writes `null`).
	pub control: Vec<Address>,
	/// The libp2p peer id as Lotus shows it (base58), if set.
	pub peer_id: Option<String>,
	/// The multiaddresses, as bytes.
	pub multiaddrs: Vec<Vec<u8>>,
	/// The sector size in bytes.
	pub sector_size: u64,
	/// The beneficiary (the owner unless changed).
	pub beneficiary: Option<Address>,
	/// The beneficiary's term.
	pub beneficiary_term: Option<BeneficiaryTerm>,
	/// A pending beneficiary change.
	pub pending_beneficiary: Option<PendingBeneficiary>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawTerm {
	quota: String,
	used_quota: String,
	expiration: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawPending {
	new_beneficiary: String,
	new_quota: String,
	new_expiration: i64,
	approved_by_beneficiary: bool,
	approved_by_nominee: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawMinerInfo {
	owner: String,
	worker: String,
	#[serde(default)]
	control_addresses: Option<Vec<String>>,
	#[serde(default)]
	peer_id: Option<String>,
	#[serde(default)]
	multiaddrs: Option<Vec<String>>,
	sector_size: u64,
	#[serde(default)]
	beneficiary: Option<String>,
	#[serde(default)]
	beneficiary_term: Option<RawTerm>,
	#[serde(default)]
	pending_beneficiary_term: Option<RawPending>,
}

fn address(text: &str) -> Result<Address, LotusError> {
	Address::parse(text).map(|(_, address)| address).map_err(LotusError::Address)
}

/// A token amount (attoFIL) or power (bytes) as Lotus writes big integers: a decimal string.
pub fn big_int(text: &str) -> Result<u128, LotusError> {
	if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
		return Err(LotusError::Amount);
	}
	text.parse().map_err(|_| LotusError::Amount)
}

/// Reads a `Filecoin.StateMinerInfo` result.
pub fn miner_info(json: &[u8]) -> Result<MinerInfo, LotusError> {
	let raw: RawMinerInfo = serde_json::from_slice(json).map_err(|_| LotusError::Json)?;
	let control = raw
		.control_addresses
		.unwrap_or_default()
		.iter()
		.map(|text| address(text))
		.collect::<Result<Vec<_>, _>>()?;
	let multiaddrs = raw
		.multiaddrs
		.unwrap_or_default()
		.iter()
		.map(|text| STANDARD.decode(text).map_err(|_| LotusError::Multiaddr))
		.collect::<Result<Vec<_>, _>>()?;
	let beneficiary_term = raw
		.beneficiary_term
		.map(|term| -> Result<_, LotusError> {
			Ok(BeneficiaryTerm {
				quota: big_int(&term.quota)?,
				used_quota: big_int(&term.used_quota)?,
				expiration: term.expiration,
			})
		})
		.transpose()?;
	let pending_beneficiary = raw
		.pending_beneficiary_term
		.map(|pending| -> Result<_, LotusError> {
			Ok(PendingBeneficiary {
				new_beneficiary: address(&pending.new_beneficiary)?,
				new_quota: big_int(&pending.new_quota)?,
				new_expiration: pending.new_expiration,
				approved_by_beneficiary: pending.approved_by_beneficiary,
				approved_by_nominee: pending.approved_by_nominee,
			})
		})
		.transpose()?;
	Ok(MinerInfo {
		owner: address(&raw.owner)?,
		worker: address(&raw.worker)?,
		control,
		peer_id: raw.peer_id,
		multiaddrs,
		sector_size: raw.sector_size,
		beneficiary: raw.beneficiary.as_deref().map(address).transpose()?,
		beneficiary_term,
		pending_beneficiary,
	})
}

/// How many bits a bitfield in Lotus's JSON form sets: alternating run lengths, unset first
/// (`[5, 1]` is sector 5 alone).
pub fn bitfield_count(runs: &[u64]) -> Result<u64, LotusError> {
	runs.iter()
		.skip(1)
		.step_by(2)
		.try_fold(0u64, |sum, run| sum.checked_add(*run))
		.ok_or(LotusError::Bitfield)
}

/// Reads a bitfield answer (`Filecoin.StateMinerFaults`) and counts its set bits.
pub fn bitfield(json: &[u8]) -> Result<u64, LotusError> {
	let runs: Vec<u64> = serde_json::from_slice(json).map_err(|_| LotusError::Json)?;
	bitfield_count(&runs)
}

/// Raw-byte and quality-adjusted power, bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Power {
	/// Raw-byte power.
	pub raw: u128,
	/// Quality-adjusted power.
	pub quality_adjusted: u128,
}

/// `Filecoin.StateMinerPower`: the miner's power and the network's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinerPower {
	/// The miner's power.
	pub miner: Power,
	/// The network's total.
	pub total: Power,
	/// Whether the miner has the minimum power to win blocks (absent in older Lotus: false).
	pub has_min_power: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawPower {
	raw_byte_power: String,
	quality_adj_power: String,
}

impl RawPower {
	fn read(&self) -> Result<Power, LotusError> {
		Ok(Power {
			raw: big_int(&self.raw_byte_power)?,
			quality_adjusted: big_int(&self.quality_adj_power)?,
		})
	}
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawMinerPower {
	miner_power: RawPower,
	total_power: RawPower,
	#[serde(default)]
	has_min_power: bool,
}

/// Reads a `Filecoin.StateMinerPower` result.
pub fn miner_power(json: &[u8]) -> Result<MinerPower, LotusError> {
	let raw: RawMinerPower = serde_json::from_slice(json).map_err(|_| LotusError::Json)?;
	Ok(MinerPower {
		miner: raw.miner_power.read()?,
		total: raw.total_power.read()?,
		has_min_power: raw.has_min_power,
	})
}

/// `Filecoin.StateMinerSectorCount`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SectorCount {
	/// Sectors not yet expired or terminated.
	pub live: u64,
	/// Live sectors proven and not faulty.
	pub active: u64,
	/// Faulty sectors.
	pub faulty: u64,
}

/// Reads a `Filecoin.StateMinerSectorCount` result.
pub fn sector_count(json: &[u8]) -> Result<SectorCount, LotusError> {
	serde_json::from_slice(json).map_err(|_| LotusError::Json)
}

/// `Filecoin.StateSectorGetInfo`, the fields HashMix asks about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectorInfo {
	/// The sector's number.
	pub number: u64,
	/// Its replica commitment, from the sealed CID.
	pub comm_r: [u8; 32],
	/// The epoch it was activated.
	pub activation: i64,
	/// The epoch it expires.
	pub expiration: i64,
	/// Its initial pledge, attoFIL.
	pub initial_pledge: u128,
	/// Its expected block reward a day, attoFIL.
	pub expected_day_reward: u128,
}

#[derive(Deserialize)]
struct RawCid {
	#[serde(rename = "/")]
	cid: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawSectorInfo {
	sector_number: u64,
	#[serde(rename = "SealedCID")]
	sealed_cid: RawCid,
	activation: i64,
	expiration: i64,
	initial_pledge: String,
	expected_day_reward: String,
}

/// Reads a `Filecoin.StateSectorGetInfo` result; `Ok(None)` for Lotus's `null` (no such sector).
pub fn sector_info(json: &[u8]) -> Result<Option<SectorInfo>, LotusError> {
	let raw: Option<RawSectorInfo> = serde_json::from_slice(json).map_err(|_| LotusError::Json)?;
	raw.map(|raw| {
		Ok(SectorInfo {
			number: raw.sector_number,
			comm_r: crate::cid::parse_sealed(&raw.sealed_cid.cid).map_err(LotusError::SealedCid)?,
			activation: raw.activation,
			expiration: raw.expiration,
			initial_pledge: big_int(&raw.initial_pledge)?,
			expected_day_reward: big_int(&raw.expected_day_reward)?,
		})
	})
	.transpose()
}

/// Reads a token amount answer (`Filecoin.StateMinerAvailableBalance`): a JSON string of digits.
pub fn amount(json: &[u8]) -> Result<u128, LotusError> {
	let text: String = serde_json::from_slice(json).map_err(|_| LotusError::Json)?;
	big_int(&text)
}

/// A tipset as `Filecoin.ChainGetTipSetByHeight` returns it: its key (the block CIDs, in order)
/// and its height.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TipSet {
	/// The CIDs of its blocks: the tipset key state methods take.
	pub cids: Vec<String>,
	/// Its epoch. At a null round Lotus returns the tipset below, so this may be lower than the
	/// height asked for.
	pub height: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawTipSet {
	cids: Vec<RawCid>,
	height: i64,
}

/// The codec of a block header CID (dag-cbor).
const DAG_CBOR: u64 = 0x71;
/// The most blocks a tipset has (Filecoin's expected leaders are 5; the protocol allows more, but
/// never as many).
const MAX_TIPSET_BLOCKS: usize = 16;

/// Reads a `Filecoin.ChainGetTipSetByHeight` result. Every key CID must be a dag-cbor CID, the key
/// must not be empty, and the height must not be negative.
pub fn tipset(json: &[u8]) -> Result<TipSet, LotusError> {
	let raw: RawTipSet = serde_json::from_slice(json).map_err(|_| LotusError::Json)?;
	if raw.cids.is_empty() || raw.cids.len() > MAX_TIPSET_BLOCKS {
		return Err(LotusError::Json);
	}
	for raw_cid in &raw.cids {
		let parsed =
			::cid::Cid::try_from(raw_cid.cid.as_str()).map_err(|_| LotusError::BlockCid)?;
		if parsed.codec() != DAG_CBOR {
			return Err(LotusError::BlockCid);
		}
	}
	Ok(TipSet {
		cids: raw.cids.into_iter().map(|raw_cid| raw_cid.cid).collect(),
		height: u64::try_from(raw.height).map_err(|_| LotusError::Json)?,
	})
}

/// The `result` of a JSON-RPC 2.0 response as JSON text, for the readers above. A response with
/// an `error` member (Lotus's "actor not found", a bad token) is [`LotusError::Rpc`] with its code.
pub fn rpc_result(json: &[u8]) -> Result<Vec<u8>, LotusError> {
	#[derive(Deserialize)]
	struct Envelope {
		#[serde(default)]
		result: Option<serde_json::Value>,
		#[serde(default)]
		error: Option<RpcError>,
	}
	#[derive(Deserialize)]
	struct RpcError {
		code: i64,
	}
	let envelope: Envelope = serde_json::from_slice(json).map_err(|_| LotusError::Json)?;
	if let Some(error) = envelope.error {
		return Err(LotusError::Rpc(error.code));
	}
	// `"result": null` is an answer (no such sector); a missing result is not.
	let result = envelope.result.unwrap_or(serde_json::Value::Null);
	serde_json::to_vec(&result).map_err(|_| LotusError::Json)
}

/// A JSON-RPC 2.0 request calling Lotus method `method` (without its `Filecoin.` prefix) with
/// `params`.
pub fn rpc_request(method: &str, params: serde_json::Value, id: u64) -> Vec<u8> {
	let request = serde_json::json!({
		"jsonrpc": "2.0",
		"method": alloc::format!("Filecoin.{method}"),
		"params": params,
		"id": id,
	});
	serde_json::to_vec(&request).unwrap_or_default()
}

/// The tipset key `cids` as state methods take it: `[{"/": cid}, ...]`.
pub fn tipset_key(cids: &[String]) -> serde_json::Value {
	serde_json::Value::Array(cids.iter().map(|cid| serde_json::json!({ "/": cid })).collect())
}
