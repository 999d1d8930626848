//! The layout of each fact as answer fields: every fact survives the round trip, every layout fits
//! its question's rules, and answers of another shape are refused.

use super::*;
use crate::facts::{from_answer, rules, to_answer, Tolerances};
use hashmix_primitives::{
	attestation::{AnswerField, FieldRule, Question, Source},
	filecoin::{
		BeneficiaryTerm, MinerInfo, MinerPower, PendingBeneficiary, SectorCounts, SectorInfo,
	},
};
use sp_runtime::Permill;

const TOLERANCES: Tolerances =
	Tolerances { power: Permill::from_percent(1), balance: Permill::from_parts(100) };

fn miner_info(pending: Option<PendingBeneficiary>) -> Fact {
	Fact::MinerInfo(MinerInfo {
		owner: address("f01578650"),
		worker: address("f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq"),
		control_digest: [1; 32],
		peer_id: b"12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf"
			.to_vec()
			.try_into()
			.unwrap(),
		multiaddrs_digest: [2; 32],
		beneficiary: address("f01578650"),
		term: BeneficiaryTerm { quota: 0, used_quota: 0, expiration: 0 },
		pending,
	})
}

fn facts() -> Vec<(Query, Fact)> {
	let sector = SectorInfo {
		comm_r: hashmix_filecoin::cid::parse_sealed(hashmix_tests::lotus::SECTOR_SEALED_CID)
			.unwrap(),
		activation: 1_437_943,
		expiration: 2_992_929,
		initial_pledge: 5_982_417_264_563_748,
		expected_day_reward: 19_384_051_729_331,
	};
	vec![
		(Query::MinerInfo, miner_info(None)),
		(
			Query::MinerInfo,
			miner_info(Some(PendingBeneficiary {
				beneficiary: address("f24vg6ut43yw2h2jqydgbg2xq7x6f4kub3bg6as6i"),
				term: BeneficiaryTerm {
					quota: 1_000_000_000_000_000_000_000,
					used_quota: 0,
					expiration: 20_202,
				},
				approved_by_beneficiary: true,
				approved_by_nominee: false,
			})),
		),
		(
			Query::MinerPower,
			Fact::MinerPower(MinerPower {
				raw: 1_204 << 40,
				quality_adjusted: 12_040 << 40,
				total_raw: 22_680_524_432_218_226_688,
				total_quality_adjusted: 29_401_749_372_826_206_208,
				has_min_power: true,
			}),
		),
		(
			Query::SectorCounts,
			Fact::SectorCounts(SectorCounts { live: 38_531, active: 38_529, faulty: 2, faults: 2 }),
		),
		(Query::Sector(17_661), Fact::Sector(Some(sector))),
		(Query::Sector(99), Fact::Sector(None)),
		(Query::AvailableBalance, Fact::AvailableBalance(u128::MAX)),
		(
			Query::Marker([7; 10]),
			Fact::Marker(MarkerFound {
				found: true,
				owner: address("f01578650"),
				worker: address("f01578651"),
			}),
		),
	]
}

#[test]
fn every_fact_should_survive_its_answer_layout() {
	for (query, fact) in facts() {
		let answer = to_answer(&fact);
		assert_eq!(from_answer(&query, &answer), Some(fact.clone()), "{query:?}");
		let question = Question {
			source: Source::Filecoin,
			body: Default::default(),
			rules: rules(&query, TOLERANCES).try_into().unwrap(),
		};
		assert!(question.fits(&answer), "{query:?}: the answer fits the rules");
	}
}

#[test]
fn identifiers_should_be_exact_and_amounts_within_tolerance() {
	let info = rules(&Query::MinerInfo, TOLERANCES);
	assert_eq!(info[0], FieldRule::Exact, "owner");
	assert_eq!(info[5], FieldRule::Exact, "beneficiary");
	assert_eq!(info[6], FieldRule::Numeric { tolerance: TOLERANCES.balance }, "quota");
	assert_eq!(info[8], FieldRule::Numeric { tolerance: Permill::zero() }, "expiration epoch");
	let power = rules(&Query::MinerPower, TOLERANCES);
	assert_eq!(power[1], FieldRule::Numeric { tolerance: TOLERANCES.power });
	assert_eq!(power[4], FieldRule::Numeric { tolerance: Permill::zero() }, "a flag");
	assert_eq!(rules(&Query::Sector(1), TOLERANCES)[1], FieldRule::Exact, "CommR");
	assert!(rules(&Query::SectorCounts, TOLERANCES)
		.iter()
		.all(|rule| *rule == FieldRule::Numeric { tolerance: Permill::zero() }));
}

#[test]
fn answers_of_another_shape_should_state_no_fact() {
	let power = to_answer(&facts()[2].1);
	// Another query's layout.
	assert_eq!(from_answer(&Query::SectorCounts, &power), None);
	assert_eq!(from_answer(&Query::MinerInfo, &power), None);
	// A flag that is not 0 or 1.
	let mut bad_flag = power.clone();
	bad_flag[4] = AnswerField::Numeric(2);
	assert_eq!(from_answer(&Query::MinerPower, &bad_flag), None);
	// A count beyond u64.
	let mut counts = to_answer(&facts()[3].1);
	counts[0] = AnswerField::Numeric(u128::from(u64::MAX) + 1);
	assert_eq!(from_answer(&Query::SectorCounts, &counts), None);
	// A CommR of the wrong length, an empty owner, a field too many.
	let mut sector = to_answer(&facts()[4].1);
	sector[1] = AnswerField::Exact(vec![1; 31].try_into().unwrap());
	assert_eq!(from_answer(&Query::Sector(17_661), &sector), None);
	let mut marker = marker_answer(true);
	marker[1] = AnswerField::Exact(Default::default());
	assert_eq!(from_answer(&Query::Marker([7; 10]), &marker), None);
	let mut longer = marker_answer(true);
	longer.try_push(AnswerField::Numeric(0)).unwrap();
	assert_eq!(from_answer(&Query::Marker([7; 10]), &longer), None);
	// Pending-beneficiary fields without a nominee.
	let mut info = to_answer(&facts()[0].1);
	info[12] = AnswerField::Numeric(1);
	assert_eq!(from_answer(&Query::MinerInfo, &info), None);
}

#[test]
fn every_query_should_fit_an_attestation_question() {
	run(|| {
		for query in every_query() {
			let question = hashmix_primitives::filecoin::FilecoinQuestion {
				miner: u64::MAX,
				epoch: u64::MAX,
				query,
			};
			let asked = FilecoinOracle::question(&question).unwrap();
			assert_eq!(asked.source, Source::Filecoin);
			assert_eq!(asked.rules.len(), rules(&query, FilecoinOracle::tolerances()).len());
		}
	});
}
