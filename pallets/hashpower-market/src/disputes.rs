//! Disputes: cases the rules do not capture, decided by an arbitration vote of the validators.
//!
//! Either side of an order opens one with a bond ([`Config::DisputeBond`]) and a short statement;
//! the validator pallet opens an arbitration vote among the declared validators that are not a
//! party (the opener pays the vote's deposit and its fee, the voters' pay). While it is open the
//! order is frozen: no claim, no close, no settlement. The vote decides among [`Ruling`]s: release
//! what the order still holds to the seller, refund it to the buyer, or split it in half. The bond
//! goes to the side the ruling favours (back to the opener if that is its side or on a split); a
//! vote without a majority drops the dispute and returns the bond.

use crate::*;
use frame_support::traits::{
	fungible::MutateHold as _,
	tokens::{Fortitude, Precision, Restriction},
};
use hashmix_primitives::attestation::{AttestationRounds, OnRoundOutcome, RoundId, RoundOutcome};
use sp_runtime::traits::{CheckedDiv, Saturating, Zero};

/// What an arbitration vote can decide, by outcome number.
#[derive(
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Ruling {
	/// Outcome 0: what the order holds goes to the seller.
	Release,
	/// Outcome 1: what the order holds goes back to the buyer.
	Refund,
	/// Outcome 2: half to the seller (rounded down), the rest to the buyer.
	Split,
}

impl Ruling {
	/// The number of outcomes a dispute's vote has.
	pub const OUTCOMES: u8 = 3;

	/// The ruling of outcome `outcome`.
	pub fn from_outcome(outcome: u8) -> Option<Self> {
		match outcome {
			0 => Some(Self::Release),
			1 => Some(Self::Refund),
			2 => Some(Self::Split),
			_ => None,
		}
	}
}

/// An open dispute on an order.
#[derive(
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Dispute<AccountId, Balance> {
	/// The arbitration vote.
	pub round: RoundId,
	/// Who opened it.
	pub by: AccountId,
	/// The bond held on the opener's account.
	pub bond: Balance,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_open_dispute(
		who: T::AccountId,
		id: OrderId,
		statement: BoundedVec<u8, ConstU32<MAX_STATEMENT_LEN>>,
	) -> DispatchResult {
		let order = Orders::<T>::get(id).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(who == order.buyer || who == order.seller, Error::<T>::NotParty);
		ensure!(!Disputes::<T>::contains_key(id), Error::<T>::Disputed);
		let bond = T::DisputeBond::get();
		T::Currency::hold(&HoldReason::DisputeBond.into(), &who, bond)?;
		let mut body = alloc::format!("hashmix market order {id}: ").into_bytes();
		body.extend_from_slice(&statement);
		let body = BoundedVec::try_from(body).map_err(|_| Error::<T>::StatementTooLong)?;
		let round = T::Arbitration::open_arbitration(
			&who,
			body,
			Ruling::OUTCOMES,
			&[order.buyer.clone(), order.seller.clone()],
		)?;
		Disputes::<T>::insert(id, Dispute { round, by: who.clone(), bond });
		DisputeRounds::<T>::insert(round, id);
		Self::deposit_event(Event::DisputeOpened { order: id, by: who, round });
		Ok(())
	}

	/// The vote on a dispute ended.
	pub(crate) fn decide(round: RoundId, outcome: &RoundOutcome) -> Weight {
		let Some(id) = DisputeRounds::<T>::take(round) else {
			return T::DbWeight::get().reads(1);
		};
		let weight = <T as Config>::WeightInfo::decide_dispute();
		let (Some(dispute), Some(mut order)) = (Disputes::<T>::take(id), Orders::<T>::get(id))
		else {
			return weight;
		};
		let ruling = match outcome {
			RoundOutcome::Decided(number) => Ruling::from_outcome(*number),
			_ => None,
		};
		let Some(ruling) = ruling else {
			Self::return_bond(&dispute);
			Self::deposit_event(Event::DisputeDropped { order: id });
			return weight;
		};
		let locked = order.price.saturating_sub(order.released);
		let to_seller = match ruling {
			Ruling::Release => locked,
			Ruling::Refund => Zero::zero(),
			Ruling::Split => locked.checked_div(&2u32.into()).unwrap_or_else(Zero::zero),
		};
		if let Err(error) = Self::release(id, &mut order, to_seller) {
			log::error!(target: LOG_TARGET, "ruling on order {id} not paid: {error:?}");
		}
		let favoured = match ruling {
			Ruling::Release => Some(order.seller.clone()),
			Ruling::Refund => Some(order.buyer.clone()),
			Ruling::Split => None,
		};
		match favoured {
			Some(winner) if winner != dispute.by => {
				let paid = T::Currency::transfer_on_hold(
					&HoldReason::DisputeBond.into(),
					&dispute.by,
					&winner,
					dispute.bond,
					Precision::BestEffort,
					Restriction::Free,
					Fortitude::Force,
				);
				if let Err(error) = paid {
					log::error!(target: LOG_TARGET, "bond of order {id} not paid: {error:?}");
				}
			}
			_ => Self::return_bond(&dispute),
		}
		Self::deposit_event(Event::DisputeDecided { order: id, ruling });
		Self::close(id, order);
		weight
	}

	fn return_bond(dispute: &DisputeOf<T>) {
		let released = T::Currency::release(
			&HoldReason::DisputeBond.into(),
			&dispute.by,
			dispute.bond,
			Precision::BestEffort,
		);
		if let Err(error) = released {
			log::error!(target: LOG_TARGET, "dispute bond not returned: {error:?}");
		}
	}
}

impl<T: Config> OnRoundOutcome for Pallet<T> {
	fn on_round_outcome(round: RoundId, outcome: &RoundOutcome) -> Weight {
		Self::decide(round, outcome)
	}
}
