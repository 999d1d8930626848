//! Hash power tokenization (pallet-hashpower): miners bound by proof of their Bitcoin keys.

use crate::Runtime;
use frame_support::parameter_types;

parameter_types! {
	/// Bitcoin keys one miner binds: a pool account key and a spare for rotation. Each stands for
	/// three scripts the relay treats as the miner's own.
	pub const MaxBitcoinKeys: u32 = 2;
}

// Every script of every bound key must fit the relay's list of a miner's scripts.
const _: () = assert!(3 * MaxBitcoinKeys::get() <= super::bitcoin::MaxMinerScripts::get());

impl pallet_hashpower::Config for Runtime {
	type MaxBitcoinKeys = MaxBitcoinKeys;
	type WeightInfo = crate::weights::pallet_hashpower::WeightInfo<Runtime>;
}
