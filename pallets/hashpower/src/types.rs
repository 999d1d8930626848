//! What the pallet stores about hash power NFTs.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use hashmix_primitives::{
	attestation::RoundId,
	bitcoin::{RegistrationId, Script},
	filecoin::{AddressBytes, BeneficiaryTerm, MinerId},
	hashpower::{NftStatus, PowerKind},
};

pub use hashmix_primitives::hashpower::Locks;
use scale_info::TypeInfo;

/// Days of per-day records kept per NFT, for display and for the breach window (which is never
/// longer than the longest payout interval a request may declare, [`MAX_PAYOUT_INTERVAL_DAYS`]).
pub const RECENT_DAYS: u32 = 32;

/// The longest pool payout interval a request may declare, in days.
pub const MAX_PAYOUT_INTERVAL_DAYS: u32 = 30;

/// A payout destination the relay credits: the script and its live registration.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Destination {
	/// The output script payouts must pay.
	pub script: Script,
	/// The relay's registration crediting it.
	pub registration: RegistrationId,
}

/// The registration id of [`Destination::none`].
pub const NO_REGISTRATION: RegistrationId = RegistrationId::MAX;

impl Destination {
	/// No destination: NFTs the relay does not judge (development fixtures, Filecoin NFTs).
	pub fn none() -> Self {
		Self { script: Script::default(), registration: NO_REGISTRATION }
	}
}

/// The previous holder's destination while the miner repoints its pool: payouts to it still
/// count up to and including `until`.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Repointing {
	/// The destination being left.
	pub previous: Destination,
	/// The last Bitcoin day payouts to it count.
	pub until: u32,
}

/// Running counters of the breach rule.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct BreachWatch {
	/// Consecutive judged days without any counted payout.
	pub days_without_payout: u32,
	/// Consecutive judged days on which the running total over the payout interval was short.
	pub short_days: u32,
}

impl BreachWatch {
	/// Counts `days` judged days that delivered `delivered` and were (or were not) `short`.
	pub fn record(&mut self, delivered: u128, short: bool, days: u32) {
		self.days_without_payout = match delivered {
			0 => self.days_without_payout.saturating_add(days),
			_ => 0,
		};
		self.short_days = match short {
			true => self.short_days.saturating_add(days),
			false => 0,
		};
	}
}

/// A hash power NFT, from request to its end.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Token<AccountId, Balance> {
	/// The kind of hash power.
	pub kind: PowerKind,
	/// The claimed power: GH/s for Bitcoin.
	pub power: u128,
	/// The miner.
	pub miner: AccountId,
	/// The holder as last seen (the miner until minted and sold).
	pub holder: AccountId,
	/// First day of probation.
	pub probation_start: u32,
	/// First day of service (the day after probation, or later).
	pub start_day: u32,
	/// The day after the last day of service.
	pub end_day: u32,
	/// Declared pool payout interval, days.
	pub payout_interval_days: u32,
	/// HSM held on the miner's account under [`crate::HoldReason::Pledge`].
	pub pledge: Balance,
	/// Where the NFT is in its life.
	pub status: NftStatus,
	/// The destination that counts now.
	pub destination: Destination,
	/// The previous destination, while the miner repoints.
	pub repointing: Option<Repointing>,
	/// The next Bitcoin day to judge.
	pub next_day: u32,
	/// Satoshis delivered over probation.
	pub probation_delivered: u128,
	/// Satoshis expected over probation.
	pub probation_expected: u128,
	/// Satoshis delivered over the service days judged.
	pub delivered: u128,
	/// Satoshis expected over the service days judged.
	pub expected: u128,
	/// Service days judged.
	pub days_judged: u32,
	/// The breach rule's counters.
	pub watch: BreachWatch,
	/// The locks it carries.
	pub locks: Locks,
	/// The first day only the current holder's own destination counts (see
	/// [`NftSummary::holder_paid_from`](hashmix_primitives::hashpower::NftSummary)).
	pub holder_paid_from: Option<u32>,
}

/// When a token's days run: probation (or the request day), first day of service, the day after
/// the last.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Days {
	/// First day of probation (Bitcoin), the day of the request (Filecoin).
	pub probation_start: u32,
	/// First day of service.
	pub start_day: u32,
	/// The day after the last day of service.
	pub end_day: u32,
}

impl<AccountId: Clone, Balance> Token<AccountId, Balance> {
	/// A token nothing has been judged on yet, held by its miner, without locks.
	pub fn new(
		kind: PowerKind,
		power: u128,
		miner: AccountId,
		days: Days,
		payout_interval_days: u32,
		pledge: Balance,
		status: NftStatus,
		destination: Destination,
		next_day: u32,
	) -> Self {
		Self {
			kind,
			power,
			holder: miner.clone(),
			miner,
			probation_start: days.probation_start,
			start_day: days.start_day,
			end_day: days.end_day,
			payout_interval_days,
			pledge,
			status,
			destination,
			repointing: None,
			next_day,
			probation_delivered: 0,
			probation_expected: 0,
			delivered: 0,
			expected: 0,
			days_judged: 0,
			watch: BreachWatch::default(),
			locks: Locks::default(),
			holder_paid_from: None,
		}
	}
}

/// One judged day, kept in [`crate::RecentDays`].
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct DayRecord {
	/// The Bitcoin day.
	pub day: u32,
	/// Satoshis counted as delivered.
	pub delivered: u128,
	/// Satoshis expected.
	pub expected: u128,
}

/// The last [`RECENT_DAYS`] judged days of an NFT, oldest first.
pub type RecentRecords = BoundedVec<DayRecord, ConstU32<RECENT_DAYS>>;

/// Progress of the sweep judging the live NFTs up to a settled day.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Sweep {
	/// The settled day this sweep judges up to.
	pub settled: u32,
	/// The last NFT visited; the next block resumes after it.
	pub after: Option<u32>,
	/// Whether some NFT still had days left beyond this visit's bound.
	pub behind: bool,
}

/// The beneficiary an NFT's holder named while the miner changes it on Filecoin: until `until`
/// (a Filecoin day) the previous arrangement still counts.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct BeneficiaryGrace {
	/// The previous holder's address; `None` when none was named (then any beneficiary counted).
	pub previous: Option<AddressBytes>,
	/// The last Filecoin day the previous arrangement counts.
	pub until: u32,
}

/// What a Filecoin check's rounds agreed on, as they close.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct Readings {
	/// The miner's quality-adjusted power, bytes (`StateMinerPower`; faulty sectors' power is
	/// already out of it).
	pub power: Option<u128>,
	/// Live and faulty sectors (`StateMinerSectorCount`).
	pub sectors: Option<(u64, u64)>,
	/// The beneficiary and its term (`StateMinerInfo`).
	pub beneficiary: Option<(AddressBytes, BeneficiaryTerm)>,
}

/// A check in progress: the rounds asked about the miner and what has come back.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Check {
	/// The Filecoin day the checked period ends (exclusive); for verification, the day asked.
	pub period_end: u32,
	/// Rounds still open: power, sector counts and (when a beneficiary is named) miner info.
	pub waiting: BoundedVec<RoundId, ConstU32<3>>,
	/// What the closed rounds agreed.
	pub readings: Readings,
}

/// The Filecoin side of a storage power NFT.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct StorageSlice {
	/// The miner actor (`f0<id>`) whose power the NFT stands for.
	pub miner: MinerId,
	/// The Filecoin address the holder named, which must be the miner's FIP-0029 beneficiary;
	/// `None` until a holder names one (the miner's own arrangement counts until then).
	pub beneficiary: Option<AddressBytes>,
	/// The previous arrangement, while the miner changes the beneficiary.
	pub grace: Option<BeneficiaryGrace>,
	/// The Filecoin day the next check is due (in [`crate::ChecksDue`]), when none is open.
	pub due: Option<u32>,
	/// The check whose rounds are open.
	pub check: Option<Check>,
	/// The Filecoin day up to which periods were judged (the start of service before any).
	pub judged_to: u32,
	/// attoFIL the named beneficiary had withdrawn under its term at the last check.
	pub withdrawn: u128,
}
