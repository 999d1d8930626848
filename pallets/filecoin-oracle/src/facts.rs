//! How each [`Query`]'s answer is laid out as attestation answer fields, and how each field is
//! compared: addresses, digests, the PeerId and the sealed commitment exactly; epochs, counts and
//! flags exactly (a numeric field with zero tolerance); power and token amounts within the
//! configured tolerances. A question fixed to one tipset has one true answer, so honest validators
//! agree exactly; the tolerances only absorb what an operator decides is noise.
//!
//! | query | fields |
//! |---|---|
//! | `MinerInfo` | owner, worker, control digest, PeerId, multiaddrs digest, beneficiary, quota, used quota, expiration, pending beneficiary (empty: none), its quota, its expiration, approvals (1: beneficiary, 2: nominee) |
//! | `MinerPower` | raw, quality-adjusted, network raw, network quality-adjusted, has minimum power |
//! | `SectorCounts` | live, active, faulty, faults bitfield size |
//! | `Sector(n)` | exists, CommR (empty: none), activation, expiration, initial pledge, expected day reward |
//! | `AvailableBalance` | attoFIL |
//! | `Marker(m)` | found, owner, worker |

use alloc::vec::Vec;
use frame_support::BoundedVec;
use hashmix_primitives::{
	attestation::{Answer, AnswerField, FieldRule},
	filecoin::{
		AddressBytes, BeneficiaryTerm, Fact, MarkerFound, MinerInfo, MinerPower,
		PendingBeneficiary, Query, SectorCounts, SectorInfo,
	},
};
use sp_runtime::Permill;

/// The tolerances of numeric fields.
#[derive(Clone, Copy, Debug)]
pub struct Tolerances {
	/// For power, bytes.
	pub power: Permill,
	/// For token amounts, attoFIL.
	pub balance: Permill,
}

const EXACT_NUMBER: FieldRule = FieldRule::Numeric { tolerance: Permill::zero() };

/// The rule of each field of `query`'s answer.
pub fn rules(query: &Query, tolerances: Tolerances) -> Vec<FieldRule> {
	let power = FieldRule::Numeric { tolerance: tolerances.power };
	let balance = FieldRule::Numeric { tolerance: tolerances.balance };
	let exact = FieldRule::Exact;
	match query {
		Query::MinerInfo => alloc::vec![
			exact,
			exact,
			exact,
			exact,
			exact,
			exact,
			balance,
			balance,
			EXACT_NUMBER,
			exact,
			balance,
			EXACT_NUMBER,
			EXACT_NUMBER,
		],
		Query::MinerPower => alloc::vec![power, power, power, power, EXACT_NUMBER],
		Query::SectorCounts => alloc::vec![EXACT_NUMBER; 4],
		Query::Sector(_) => {
			alloc::vec![EXACT_NUMBER, exact, EXACT_NUMBER, EXACT_NUMBER, balance, balance]
		}
		Query::AvailableBalance => alloc::vec![balance],
		Query::Marker(_) => alloc::vec![EXACT_NUMBER, exact, exact],
	}
}

fn bytes(value: &[u8]) -> AnswerField {
	AnswerField::Exact(BoundedVec::truncate_from(value.to_vec()))
}

fn number(value: impl Into<u128>) -> AnswerField {
	AnswerField::Numeric(value.into())
}

/// `fact` as answer fields, in the order of [`rules`].
pub fn to_answer(fact: &Fact) -> Answer {
	let fields = match fact {
		Fact::MinerInfo(info) => {
			let (pending, pending_term, approvals) = match &info.pending {
				Some(pending) => (
					pending.beneficiary.as_slice(),
					pending.term.clone(),
					u8::from(pending.approved_by_beneficiary)
						| (u8::from(pending.approved_by_nominee) << 1),
				),
				None => (&[][..], BeneficiaryTerm { quota: 0, used_quota: 0, expiration: 0 }, 0),
			};
			alloc::vec![
				bytes(&info.owner),
				bytes(&info.worker),
				bytes(&info.control_digest),
				bytes(&info.peer_id),
				bytes(&info.multiaddrs_digest),
				bytes(&info.beneficiary),
				number(info.term.quota),
				number(info.term.used_quota),
				number(info.term.expiration),
				bytes(pending),
				number(pending_term.quota),
				number(pending_term.expiration),
				number(approvals),
			]
		}
		Fact::MinerPower(power) => alloc::vec![
			number(power.raw),
			number(power.quality_adjusted),
			number(power.total_raw),
			number(power.total_quality_adjusted),
			number(power.has_min_power),
		],
		Fact::SectorCounts(counts) => alloc::vec![
			number(counts.live),
			number(counts.active),
			number(counts.faulty),
			number(counts.faults),
		],
		Fact::Sector(None) => {
			alloc::vec![
				number(false),
				bytes(&[]),
				number(0u8),
				number(0u8),
				number(0u8),
				number(0u8)
			]
		}
		Fact::Sector(Some(sector)) => alloc::vec![
			number(true),
			bytes(&sector.comm_r),
			number(sector.activation),
			number(sector.expiration),
			number(sector.initial_pledge),
			number(sector.expected_day_reward),
		],
		Fact::AvailableBalance(amount) => alloc::vec![number(*amount)],
		Fact::Marker(marker) => {
			alloc::vec![number(marker.found), bytes(&marker.owner), bytes(&marker.worker)]
		}
	};
	BoundedVec::truncate_from(fields)
}

/// Reads answer fields in the order of [`rules`]; `None` when a field is missing or of the wrong
/// kind or size.
struct Fields<'a>(core::slice::Iter<'a, AnswerField>);

impl Fields<'_> {
	fn bytes(&mut self) -> Option<&[u8]> {
		match self.0.next()? {
			AnswerField::Exact(value) => Some(value.as_slice()),
			AnswerField::Numeric(_) => None,
		}
	}

	fn address(&mut self) -> Option<AddressBytes> {
		let value = self.bytes()?;
		(!value.is_empty()).then(|| BoundedVec::truncate_from(value.to_vec()))
	}

	fn digest(&mut self) -> Option<[u8; 32]> {
		self.bytes()?.try_into().ok()
	}

	fn number(&mut self) -> Option<u128> {
		match self.0.next()? {
			AnswerField::Numeric(value) => Some(*value),
			AnswerField::Exact(_) => None,
		}
	}

	fn u64(&mut self) -> Option<u64> {
		u64::try_from(self.number()?).ok()
	}

	fn flag(&mut self) -> Option<bool> {
		match self.number()? {
			0 => Some(false),
			1 => Some(true),
			_ => None,
		}
	}

	fn end(mut self) -> Option<()> {
		self.0.next().is_none().then_some(())
	}
}

/// The fact an agreed answer to `query` states; `None` if it does not have `query`'s layout.
pub fn from_answer(query: &Query, answer: &Answer) -> Option<Fact> {
	let mut fields = Fields(answer.iter());
	let fact = match query {
		Query::MinerInfo => {
			let owner = fields.address()?;
			let worker = fields.address()?;
			let control_digest = fields.digest()?;
			let peer_id = BoundedVec::truncate_from(fields.bytes()?.to_vec());
			let multiaddrs_digest = fields.digest()?;
			let beneficiary = fields.address()?;
			let term = BeneficiaryTerm {
				quota: fields.number()?,
				used_quota: fields.number()?,
				expiration: fields.u64()?,
			};
			let pending_beneficiary = fields.bytes()?.to_vec();
			let pending_quota = fields.number()?;
			let pending_expiration = fields.u64()?;
			let approvals = fields.number()?;
			let pending = match (pending_beneficiary.is_empty(), approvals) {
				(true, 0) if pending_quota == 0 && pending_expiration == 0 => None,
				(false, 0..=3) => Some(PendingBeneficiary {
					beneficiary: BoundedVec::truncate_from(pending_beneficiary),
					term: BeneficiaryTerm {
						quota: pending_quota,
						used_quota: 0,
						expiration: pending_expiration,
					},
					approved_by_beneficiary: approvals & 1 == 1,
					approved_by_nominee: approvals & 2 == 2,
				}),
				_ => return None,
			};
			Fact::MinerInfo(MinerInfo {
				owner,
				worker,
				control_digest,
				peer_id,
				multiaddrs_digest,
				beneficiary,
				term,
				pending,
			})
		}
		Query::MinerPower => Fact::MinerPower(MinerPower {
			raw: fields.number()?,
			quality_adjusted: fields.number()?,
			total_raw: fields.number()?,
			total_quality_adjusted: fields.number()?,
			has_min_power: fields.flag()?,
		}),
		Query::SectorCounts => Fact::SectorCounts(SectorCounts {
			live: fields.u64()?,
			active: fields.u64()?,
			faulty: fields.u64()?,
			faults: fields.u64()?,
		}),
		Query::Sector(_) => {
			let exists = fields.flag()?;
			let comm_r = fields.bytes()?.to_vec();
			let sector = SectorInfo {
				comm_r: if exists { comm_r.try_into().ok()? } else { [0; 32] },
				activation: fields.u64()?,
				expiration: fields.u64()?,
				initial_pledge: fields.number()?,
				expected_day_reward: fields.number()?,
			};
			Fact::Sector(exists.then_some(sector))
		}
		Query::AvailableBalance => Fact::AvailableBalance(fields.number()?),
		Query::Marker(_) => Fact::Marker(MarkerFound {
			found: fields.flag()?,
			owner: fields.address()?,
			worker: fields.address()?,
		}),
	};
	fields.end()?;
	Some(fact)
}
