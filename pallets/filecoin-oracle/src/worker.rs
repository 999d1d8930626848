//! The off-chain side: a validator's worker answers Filecoin questions from its own Lotus node.
//!
//! The validator pallet's worker asks [`AnswerProvider::answer`] for each open round it is a member
//! of; this reads the Lotus JSON-RPC endpoint from off-chain local storage (the node's
//! `--filecoin-lotus-url`, optional bearer token `--filecoin-lotus-token`), finds the round's
//! tipset with `Filecoin.ChainGetTipSetByHeight`, calls the state methods at that tipset, checks
//! every answer (addresses strictly, sealed CIDs with the `cid` crate, big integers as decimal
//! strings into `u128`) and lays the fact out as answer fields. Any failure (transport, timeout,
//! HTTP status, JSON-RPC error object, malformed or hostile JSON, invalid CID) means no answer and
//! a log line: the validator then does not commit, and is never slashed for a guess.
//!
//! A node that timed out or could not be reached is left alone for [`BACKOFF_MS`], so a stalled
//! Lotus costs one timeout per backoff, not one per round per block.

use crate::{facts, Config, Pallet, LOG_TARGET};
use alloc::{format, string::String, vec::Vec};
use codec::{Decode, DecodeAll, Encode};
use frame_support::BoundedVec;
use hashmix_filecoin::{
	address::Address,
	lotus::{self, LotusError},
};
use hashmix_primitives::offchain::{response_body, HttpFailure};
use hashmix_primitives::{
	attestation::{
		Answer, AnswerProvider, Question, Source, FILECOIN_ENDPOINT_KEY, FILECOIN_TOKEN_KEY,
		MAX_EXACT_FIELD_LEN,
	},
	filecoin::{
		AddressBytes, BeneficiaryTerm, Epoch, Fact, FilecoinQuestion, Marker, MarkerFound, MinerId,
		MinerInfo, MinerPower, PendingBeneficiary, Query, SectorCounts, SectorInfo,
	},
};
use serde_json::{json, Value};
use sp_core::offchain::StorageKind;
use sp_runtime::offchain::{http, Duration};

/// How long one request may take, answer included.
pub const TIMEOUT_MS: u64 = 5_000;
/// How long a Lotus endpoint that timed out or refused the connection is left alone.
pub const BACKOFF_MS: u64 = 30_000;
/// The largest answer read. `StateMinerInfo` of a miner with many multiaddresses is a few KiB.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// Where the worker remembers until when the endpoint is left alone (milliseconds).
const BACKOFF_KEY: &[u8] = b"hashmix::filecoin-oracle::backoff-until";

/// Why no answer was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
	/// No endpoint is configured.
	NoEndpoint,
	/// The endpoint timed out or was unreachable recently; it is left alone for now.
	BackingOff,
	/// The HTTP exchange failed: transport, timeout, status or size.
	Http(HttpFailure),
	/// The answer is not what the method returns, or a JSON-RPC error.
	Lotus(LotusError),
	/// The answer is well-formed but cannot be what was asked (a tipset above the epoch, another
	/// sector, a value too long for an answer field).
	Inconsistent(&'static str),
}

impl From<HttpFailure> for FetchError {
	fn from(failure: HttpFailure) -> Self {
		Self::Http(failure)
	}
}

impl From<LotusError> for FetchError {
	fn from(error: LotusError) -> Self {
		Self::Lotus(error)
	}
}

/// A Lotus JSON-RPC endpoint.
pub struct Lotus {
	url: String,
	token: Option<String>,
	next_id: u64,
}

fn local(key: &[u8]) -> Option<String> {
	let value = sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, key)?;
	let text = String::from_utf8(value).ok()?;
	(!text.is_empty()).then_some(text)
}

impl Lotus {
	/// The endpoint this node is configured with, if any.
	pub fn configured() -> Option<Self> {
		Some(Self {
			url: local(FILECOIN_ENDPOINT_KEY)?,
			token: local(FILECOIN_TOKEN_KEY),
			next_id: 1,
		})
	}

	/// Calls `Filecoin.<method>` with `params`; the JSON of its result.
	fn call(&mut self, method: &str, params: Value) -> Result<Vec<u8>, FetchError> {
		let id = self.next_id;
		self.next_id = self.next_id.saturating_add(1);
		let body = lotus::rpc_request(method, params, id);
		let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(TIMEOUT_MS));
		let mut request = http::Request::post(&self.url, alloc::vec![body])
			.add_header("Content-Type", "application/json")
			.deadline(deadline);
		let bearer;
		if let Some(token) = &self.token {
			bearer = format!("Bearer {token}");
			request = request.add_header("Authorization", &bearer);
		}
		let pending = request.send().map_err(|_| FetchError::Http(HttpFailure::Transport))?;
		let body = response_body(pending, deadline, MAX_BODY_BYTES)?;
		Ok(lotus::rpc_result(&body)?)
	}

	/// The key of the tipset at `epoch` (or the one below it, at a null round).
	fn tipset_at(&mut self, epoch: Epoch) -> Result<Value, FetchError> {
		let tipset = lotus::tipset(&self.call("ChainGetTipSetByHeight", json!([epoch, null]))?)?;
		if tipset.height > epoch {
			return Err(FetchError::Inconsistent("the tipset is above the epoch asked for"));
		}
		Ok(lotus::tipset_key(&tipset.cids))
	}

	/// Fetches the fact `question` asks for.
	pub fn fetch(&mut self, question: &FilecoinQuestion) -> Result<Fact, FetchError> {
		let key = self.tipset_at(question.epoch)?;
		let miner = miner_address(question.miner);
		let fact = match question.query {
			Query::MinerInfo => {
				let info = lotus::miner_info(&self.call("StateMinerInfo", json!([miner, key]))?)?;
				Fact::MinerInfo(miner_info_fact(&info)?)
			}
			Query::MinerPower => {
				let power =
					lotus::miner_power(&self.call("StateMinerPower", json!([miner, key]))?)?;
				Fact::MinerPower(miner_power_fact(&power))
			}
			Query::SectorCounts => {
				let counts = lotus::sector_count(
					&self.call("StateMinerSectorCount", json!([miner, key.clone()]))?,
				)?;
				let faults = lotus::bitfield(&self.call("StateMinerFaults", json!([miner, key]))?)?;
				Fact::SectorCounts(SectorCounts {
					live: counts.live,
					active: counts.active,
					faulty: counts.faulty,
					faults,
				})
			}
			Query::Sector(number) => {
				let found = lotus::sector_info(
					&self.call("StateSectorGetInfo", json!([miner, number, key]))?,
				)?;
				let sector = found
					.map(|sector| -> Result<SectorInfo, FetchError> {
						if sector.number != number {
							return Err(FetchError::Inconsistent("another sector"));
						}
						Ok(SectorInfo {
							comm_r: sector.comm_r,
							activation: epoch(sector.activation)?,
							expiration: epoch(sector.expiration)?,
							initial_pledge: sector.initial_pledge,
							expected_day_reward: sector.expected_day_reward,
						})
					})
					.transpose()?;
				Fact::Sector(sector)
			}
			Query::AvailableBalance => Fact::AvailableBalance(lotus::amount(
				&self.call("StateMinerAvailableBalance", json!([miner, key]))?,
			)?),
			Query::Marker(marker) => {
				let info = lotus::miner_info(&self.call("StateMinerInfo", json!([miner, key]))?)?;
				Fact::Marker(MarkerFound {
					found: marker_in(&marker, &info),
					owner: address_bytes(&info.owner)?,
					worker: address_bytes(&info.worker)?,
				})
			}
		};
		Ok(fact)
	}
}

/// The miner's address as Lotus takes it.
pub fn miner_address(miner: MinerId) -> String {
	format!("f0{miner}")
}

/// The text a miner publishes to prove a binding: `hashmix-` and the marker in lower-case hex.
pub fn marker_text(marker: &Marker) -> String {
	let mut text = String::from("hashmix-");
	for byte in marker {
		text.push_str(&format!("{byte:02x}"));
	}
	text
}

/// Whether `marker`'s text is in the PeerId or in one of the multiaddresses (as bytes: a
/// `/dns4/hashmix-…/tcp/1` multiaddress carries the name verbatim).
pub fn marker_in(marker: &Marker, info: &lotus::MinerInfo) -> bool {
	let text = marker_text(marker);
	let needle = text.as_bytes();
	let contains = |haystack: &[u8]| haystack.windows(needle.len()).any(|window| window == needle);
	info.peer_id.as_deref().is_some_and(|peer| contains(peer.as_bytes()))
		|| info.multiaddrs.iter().any(|multiaddr| contains(multiaddr))
}

fn epoch(value: i64) -> Result<Epoch, FetchError> {
	Epoch::try_from(value).map_err(|_| FetchError::Inconsistent("a negative epoch"))
}

fn address_bytes(address: &Address) -> Result<AddressBytes, FetchError> {
	BoundedVec::try_from(address.as_bytes().to_vec())
		.map_err(|_| FetchError::Inconsistent("an address too long for an answer field"))
}

fn digest_of(items: &[Vec<u8>]) -> [u8; 32] {
	sp_io::hashing::blake2_256(&items.encode())
}

fn term(term: &lotus::BeneficiaryTerm) -> Result<BeneficiaryTerm, FetchError> {
	Ok(BeneficiaryTerm {
		quota: term.quota,
		used_quota: term.used_quota,
		expiration: epoch(term.expiration)?,
	})
}

/// `StateMinerPower` as the agreed fact lays it out.
pub fn miner_power_fact(power: &lotus::MinerPower) -> MinerPower {
	MinerPower {
		raw: power.miner.raw,
		quality_adjusted: power.miner.quality_adjusted,
		total_raw: power.total.raw,
		total_quality_adjusted: power.total.quality_adjusted,
		has_min_power: power.has_min_power,
	}
}

/// `StateMinerInfo` as the agreed fact lays it out.
pub fn miner_info_fact(info: &lotus::MinerInfo) -> Result<MinerInfo, FetchError> {
	let control: Vec<Vec<u8>> = info.control.iter().map(|a| a.as_bytes().to_vec()).collect();
	let peer_id = info.peer_id.as_deref().unwrap_or_default().as_bytes().to_vec();
	if peer_id.len() > MAX_EXACT_FIELD_LEN as usize {
		return Err(FetchError::Inconsistent("a PeerId too long for an answer field"));
	}
	let owner = address_bytes(&info.owner)?;
	let pending = info
		.pending_beneficiary
		.as_ref()
		.map(|pending| -> Result<PendingBeneficiary, FetchError> {
			Ok(PendingBeneficiary {
				beneficiary: address_bytes(&pending.new_beneficiary)?,
				term: BeneficiaryTerm {
					quota: pending.new_quota,
					used_quota: 0,
					expiration: epoch(pending.new_expiration)?,
				},
				approved_by_beneficiary: pending.approved_by_beneficiary,
				approved_by_nominee: pending.approved_by_nominee,
			})
		})
		.transpose()?;
	Ok(MinerInfo {
		beneficiary: match &info.beneficiary {
			Some(beneficiary) => address_bytes(beneficiary)?,
			None => owner.clone(),
		},
		owner,
		worker: address_bytes(&info.worker)?,
		control_digest: digest_of(&control),
		peer_id: BoundedVec::truncate_from(peer_id),
		multiaddrs_digest: digest_of(&info.multiaddrs),
		term: match &info.beneficiary_term {
			Some(found) => term(found)?,
			None => BeneficiaryTerm { quota: 0, used_quota: 0, expiration: 0 },
		},
		pending,
	})
}

/// Whether the endpoint is being left alone after a timeout or a transport failure.
fn backing_off() -> bool {
	let until = sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, BACKOFF_KEY)
		.and_then(|bytes| u64::decode(&mut &bytes[..]).ok())
		.unwrap_or(0);
	sp_io::offchain::timestamp().unix_millis() < until
}

/// Leaves the endpoint alone for [`BACKOFF_MS`].
fn back_off() {
	let until = sp_io::offchain::timestamp().unix_millis().saturating_add(BACKOFF_MS);
	sp_io::offchain::local_storage_set(StorageKind::PERSISTENT, BACKOFF_KEY, &until.encode());
}

impl<T: Config> Pallet<T> {
	/// The answer this node's Lotus endpoint gives to `question`.
	pub fn fetch_fact(question: &FilecoinQuestion) -> Result<Fact, FetchError> {
		if backing_off() {
			return Err(FetchError::BackingOff);
		}
		let mut lotus = Lotus::configured().ok_or(FetchError::NoEndpoint)?;
		let result = lotus.fetch(question);
		if matches!(result, Err(FetchError::Http(HttpFailure::Timeout | HttpFailure::Transport))) {
			back_off();
		}
		result
	}
}

impl<T: Config> AnswerProvider for Pallet<T> {
	fn answer(question: &Question) -> Option<Answer> {
		if question.source != Source::Filecoin {
			return None;
		}
		let Ok(asked) = FilecoinQuestion::decode_all(&mut question.body.as_slice()) else {
			return None;
		};
		match Self::fetch_fact(&asked) {
			Ok(fact) => Some(facts::to_answer(&fact)),
			Err(error) => {
				log::warn!(
					target: LOG_TARGET,
					"no answer to {asked:?} from the Lotus endpoint: {error:?}"
				);
				None
			}
		}
	}
}
