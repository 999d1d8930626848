//! A test Lotus node: Filecoin state over Lotus's JSON-RPC 2.0 (HTTP POST, `Filecoin.` methods,
//! Lotus's JSON shapes), on 127.0.0.1, for the off-chain workers of nodes under test.
//!
//! It serves one miner with real mainnet identifiers: miner `f01578658` and its sector 17661,
//! whose sealed CID, seal randomness epoch and expiration are those of its `PreCommitSector`
//! message on mainnet; a second sector with a sealed CID from a mainnet miner's sector list. The
//! power, balances and beneficiary term are plausible values of that period in Lotus's shapes
//! (decimal strings for big integers, `{"/": cid}` for CIDs, run-length arrays for bitfields,
//! base64 for multiaddresses), not that miner's recorded ones. Tipsets exist for every height up
//! to the head (the current epoch by the clock, from mainnet's genesis time), keyed by dag-cbor
//! CIDs derived from the height.
//!
//! Methods: `ChainHead`, `ChainGetTipSetByHeight`, `StateMinerInfo`, `StateMinerPower`,
//! `StateMinerSectorCount`, `StateMinerFaults`, `StateSectorGetInfo`,
//! `StateMinerAvailableBalance`; and, for tests, `HashMix.SetMultiaddrs(miner, [multiaddr text],
//! epoch)`: the miner's `ChangeMultiaddrs` landed at `epoch` (state at tipsets below it keeps the
//! old list); `HashMix.SetBehaviour("honest" | "lie" | "stall" | "garbage")`.
//!
//! Switches make it a bad node: [`Behaviour::Lie`] answers with another beneficiary and twice
//! the power; [`Behaviour::Stall`] never answers; [`Behaviour::Garbage`] answers truncated JSON.

use hashmix_filecoin::address::Address;
use serde_json::{json, Value};
use std::{
	sync::{Arc, Mutex},
	time::{SystemTime, UNIX_EPOCH},
};

/// Filecoin mainnet's genesis, Unix seconds.
pub const MAINNET_GENESIS: u64 = 1_598_306_400;
/// The miner the server knows.
pub const MINER: u64 = 1_578_658;
/// Its sector with its real sealed CID.
pub const SECTOR: u64 = 17_661;
/// That sector's sealed CID on mainnet.
pub const SECTOR_SEALED_CID: &str =
	"bagboea4b5abcbejuhtmxfu4onwodjoexmm2nklwdbgh4kd55vatxfgbundz2ddia";
/// Another mainnet sealed CID, of a second sector.
pub const SECOND_SEALED_CID: &str =
	"bagboea4b5abcbolhsztv5teds4bldr6wg2mhspprajwd3jnajwcwiyjq77kidqi5";
/// The miner's owner (an id address).
pub const OWNER: &str = "f01578650";
/// The miner's worker: a secp256k1 address (go-address's test vector).
pub const WORKER: &str = "f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq";
/// The beneficiary a lying node reports.
pub const LIE_BENEFICIARY: &str = "f0666";

/// How the node behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
	/// Answers truthfully.
	Honest,
	/// Reports [`LIE_BENEFICIARY`] as the beneficiary and twice the miner's power.
	Lie,
	/// Accepts the connection and never answers.
	Stall,
	/// Answers with truncated JSON.
	Garbage,
}

/// The Filecoin state the node serves.
#[derive(Clone, Debug)]
pub struct State {
	/// The behaviour.
	pub behaviour: Behaviour,
	/// The head epoch, if fixed; else the current epoch by the clock.
	pub head: Option<u64>,
	/// The multiaddresses (as text) before the last change, the list after it, and the epoch of
	/// the change.
	pub multiaddrs: (Vec<String>, Vec<String>, u64),
}

impl Default for State {
	fn default() -> Self {
		Self {
			behaviour: Behaviour::Honest,
			head: None,
			multiaddrs: (Vec::new(), vec!["/ip4/203.0.113.7/tcp/24001".into()], 0),
		}
	}
}

/// The current mainnet epoch by this machine's clock.
pub fn current_epoch() -> u64 {
	let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
	(now - MAINNET_GENESIS) / 30
}

/// The dag-cbor CID of the block at `height` (one block per tipset here).
pub fn block_cid(height: u64) -> String {
	let digest =
		blake2b_simd::Params::new().hash_length(32).hash(format!("block {height}").as_bytes());
	let hash = cid::multihash::Multihash::<64>::wrap(0xb220, digest.as_bytes()).expect("32 bytes");
	cid::Cid::new_v1(0x71, hash).to_string()
}

/// A multiaddress's bytes from its text form, for the protocols tests use (`ip4`, `dns4`, `tcp`).
pub fn multiaddr_bytes(text: &str) -> Option<Vec<u8>> {
	let mut bytes = Vec::new();
	let mut parts = text.split('/').skip(1);
	while let Some(protocol) = parts.next() {
		let value = parts.next()?;
		match protocol {
			"ip4" => {
				bytes.push(0x04);
				let ip: std::net::Ipv4Addr = value.parse().ok()?;
				bytes.extend_from_slice(&ip.octets());
			}
			"tcp" => {
				bytes.push(0x06);
				bytes.extend_from_slice(&value.parse::<u16>().ok()?.to_be_bytes());
			}
			"dns4" => {
				bytes.push(0x36);
				bytes.push(u8::try_from(value.len()).ok()?);
				bytes.extend_from_slice(value.as_bytes());
			}
			_ => return None,
		}
	}
	Some(bytes)
}

fn base64(bytes: &[u8]) -> String {
	use base64::Engine;
	base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn error(code: i64, message: &str) -> Value {
	json!({ "code": code, "message": message })
}

impl State {
	fn head(&self) -> u64 {
		self.head.unwrap_or_else(current_epoch)
	}

	fn tipset(&self, height: u64) -> Value {
		json!({
			"Cids": [{ "/": block_cid(height) }],
			"Blocks": [],
			"Height": height,
		})
	}

	/// The height of tipset key `key`, if the node issued it.
	fn height_of(&self, key: &Value) -> Result<u64, Value> {
		let cid = key
			.as_array()
			.and_then(|cids| cids.first())
			.and_then(|cid| cid.get("/"))
			.and_then(Value::as_str)
			.ok_or_else(|| error(1, "invalid tipset key"))?;
		let head = self.head();
		// Recent keys are looked up from the head down, like a node walking its chain.
		(0..=head.min(100_000))
			.map(|back| head - back)
			.find(|height| block_cid(*height) == cid)
			.ok_or_else(|| error(1, "loading tipset: blockstore: block not found"))
	}

	fn miner_info(&self, height: u64) -> Value {
		let (before, after, since) = &self.multiaddrs;
		let listed = if height >= *since { after } else { before };
		let multiaddrs: Vec<String> =
			listed.iter().filter_map(|text| multiaddr_bytes(text)).map(|b| base64(&b)).collect();
		let beneficiary = if self.behaviour == Behaviour::Lie { LIE_BENEFICIARY } else { OWNER };
		json!({
			"Owner": OWNER,
			"Worker": WORKER,
			"NewWorker": "<empty>",
			"ControlAddresses": ["f01578651", "f12fiakbhe2gwd5cnmrenekasyn6v5tnaxaqizq6a"],
			"WorkerChangeEpoch": -1,
			"PeerId": "12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf",
			"Multiaddrs": if multiaddrs.is_empty() { Value::Null } else { json!(multiaddrs) },
			"WindowPoStProofType": 8,
			"SectorSize": 34_359_738_368u64,
			"WindowPoStPartitionSectors": 2349,
			"ConsensusFaultElapsed": -1,
			"PendingOwnerAddress": null,
			"Beneficiary": beneficiary,
			"BeneficiaryTerm": { "Quota": "0", "UsedQuota": "0", "Expiration": 0 },
			"PendingBeneficiaryTerm": null,
		})
	}

	fn miner_power(&self) -> Value {
		// 1,204 TiB raw; quality-adjusted ten times for verified deals.
		let raw: u128 = 1_204 << 40;
		let factor = if self.behaviour == Behaviour::Lie { 2 } else { 1 };
		json!({
			"MinerPower": {
				"RawBytePower": (raw * factor).to_string(),
				"QualityAdjPower": (raw * 10 * factor).to_string(),
			},
			"TotalPower": {
				"RawBytePower": "22680524432218226688",
				"QualityAdjPower": "29401749372826206208",
			},
			"HasMinPower": true,
		})
	}

	fn sector(&self, number: u64) -> Value {
		match number {
			SECTOR => json!({
				"SectorNumber": SECTOR,
				"SealProof": 8,
				"SealedCID": { "/": SECTOR_SEALED_CID },
				"DealIDs": [3_218_825],
				"Activation": 1_437_943,
				"Expiration": 2_992_929,
				"DealWeight": "0",
				"VerifiedDealWeight": "53660442165944320",
				"InitialPledge": "5982417264563748",
				"ExpectedDayReward": "19384051729331",
				"ExpectedStoragePledge": "387681034586620",
				"PowerBaseEpoch": 1_437_943,
				"ReplacedDayReward": "0",
				"SectorKeyCID": null,
				"Flags": 0,
			}),
			1 => json!({
				"SectorNumber": 1,
				"SealProof": 8,
				"SealedCID": { "/": SECOND_SEALED_CID },
				"DealIDs": [13_350],
				"Activation": 108_026,
				"Expiration": 1_649_315,
				"DealWeight": "50504957952",
				"VerifiedDealWeight": "0",
				"InitialPledge": "999999984306749440",
				"ExpectedDayReward": "1704121085334740224",
				"ExpectedStoragePledge": "28599316212248820506",
				"PowerBaseEpoch": 108_026,
				"ReplacedDayReward": "0",
				"SectorKeyCID": null,
				"Flags": 0,
			}),
			_ => Value::Null,
		}
	}

	/// The result (or error object) of `method` with `params`.
	pub fn call(&mut self, method: &str, params: &Value) -> Result<Value, Value> {
		let param = |index: usize| params.get(index).cloned().unwrap_or(Value::Null);
		let miner_ok = |value: Value| -> Result<(), Value> {
			match value.as_str().and_then(|text| Address::parse(text).ok()) {
				Some((_, address)) if address.id_value() == Some(MINER) => Ok(()),
				Some(_) => Err(error(1, "actor not found")),
				None => Err(error(1, "invalid address")),
			}
		};
		match method {
			"Filecoin.ChainHead" => Ok(self.tipset(self.head())),
			"Filecoin.ChainGetTipSetByHeight" => {
				let height = param(0).as_u64().ok_or_else(|| error(1, "invalid height"))?;
				if height > self.head() {
					return Err(error(
						1,
						"looking for tipset with height greater than start point",
					));
				}
				Ok(self.tipset(height))
			}
			"Filecoin.StateMinerInfo" => {
				miner_ok(param(0))?;
				let height = self.height_of(&param(1))?;
				Ok(self.miner_info(height))
			}
			"Filecoin.StateMinerPower" => {
				miner_ok(param(0))?;
				self.height_of(&param(1))?;
				Ok(self.miner_power())
			}
			"Filecoin.StateMinerSectorCount" => {
				miner_ok(param(0))?;
				self.height_of(&param(1))?;
				Ok(json!({ "Live": 38_531, "Active": 38_529, "Faulty": 2 }))
			}
			"Filecoin.StateMinerFaults" => {
				miner_ok(param(0))?;
				self.height_of(&param(1))?;
				// Sectors 17,660 and 17,661.
				Ok(json!([17_660, 2]))
			}
			"Filecoin.StateSectorGetInfo" => {
				miner_ok(param(0))?;
				let number = param(1).as_u64().ok_or_else(|| error(1, "invalid sector number"))?;
				self.height_of(&param(2))?;
				Ok(self.sector(number))
			}
			"Filecoin.StateMinerAvailableBalance" => {
				miner_ok(param(0))?;
				self.height_of(&param(1))?;
				Ok(json!("1275204857120386574402"))
			}
			"HashMix.SetMultiaddrs" => {
				miner_ok(param(0))?;
				let listed: Vec<String> = serde_json::from_value(param(1))
					.map_err(|_| error(1, "multiaddresses: a list of strings"))?;
				if listed.iter().any(|text| multiaddr_bytes(text).is_none()) {
					return Err(error(1, "unsupported multiaddress"));
				}
				let epoch = param(2).as_u64().ok_or_else(|| error(1, "invalid epoch"))?;
				let current = self.multiaddrs.1.clone();
				self.multiaddrs = (current, listed, epoch);
				Ok(Value::Null)
			}
			"HashMix.SetBehaviour" => {
				self.behaviour = match param(0).as_str() {
					Some("honest") => Behaviour::Honest,
					Some("lie") => Behaviour::Lie,
					Some("stall") => Behaviour::Stall,
					Some("garbage") => Behaviour::Garbage,
					_ => return Err(error(1, "behaviour: honest, lie, stall or garbage")),
				};
				Ok(Value::Null)
			}
			_ => Err(error(-32601, &format!("method '{method}' not found"))),
		}
	}

	/// The HTTP status and body answering JSON-RPC request `body`.
	pub fn answer(&mut self, body: &[u8]) -> (u16, String) {
		let Ok(request) = serde_json::from_slice::<Value>(body) else {
			return (
				200,
				json!({"jsonrpc": "2.0", "id": null, "error": error(-32700, "parse error")})
					.to_string(),
			);
		};
		let id = request.get("id").cloned().unwrap_or(Value::Null);
		let method = request.get("method").and_then(Value::as_str).unwrap_or_default().to_string();
		let params = request.get("params").cloned().unwrap_or(json!([]));
		let response = match self.call(&method, &params) {
			Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
			Err(error) => json!({ "jsonrpc": "2.0", "id": id, "error": error }),
		};
		let text = response.to_string();
		if self.behaviour == Behaviour::Garbage && !method.starts_with("HashMix.") {
			return (200, text[..text.len() / 2].to_string());
		}
		(200, text)
	}
}

/// A running test Lotus node; stops serving when dropped (its thread ends with the test).
pub struct LotusServer {
	/// `http://127.0.0.1:<port>/rpc/v1`
	pub url: String,
	/// The state it serves; tests change it while it runs.
	pub state: Arc<Mutex<State>>,
	/// Every method called, in order.
	pub calls: crate::http::Log,
}

impl LotusServer {
	/// Starts serving `state` on a free port of 127.0.0.1.
	pub fn start(state: State) -> Self {
		let state = Arc::new(Mutex::new(state));
		let calls = crate::http::Log::default();
		let (served, log) = (state.clone(), calls.clone());
		let url = crate::http::serve(move |request| {
			let method = serde_json::from_slice::<Value>(request.body)
				.ok()
				.and_then(|call| call.get("method").and_then(Value::as_str).map(String::from))
				.unwrap_or_default();
			log.lock().expect("log lock").push(method.clone());
			let mut state = served.lock().expect("state lock");
			if request.method != "POST" {
				return Some((405, "text/plain", String::from("method not allowed")));
			}
			if state.behaviour == Behaviour::Stall && !method.starts_with("HashMix.") {
				return None;
			}
			let (status, body) = state.answer(request.body);
			Some((status, "application/json", body))
		});
		Self { url: format!("{url}/rpc/v1"), state, calls }
	}
}
