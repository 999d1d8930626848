//! The pallets whose weights `hashmix-node benchmark pallet` measures for this runtime.

pub use frame_system_benchmarking::extensions::Pallet as SystemExtensionsBench;
pub use frame_system_benchmarking::Pallet as SystemBench;

#[allow(unused_imports)]
use crate::*;

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_utility, Utility]
	[pallet_multisig, Multisig]
	[pallet_assets, Assets]
	[pallet_nfts, Nfts]
	[pallet_sudo, Sudo]
	[pallet_validators, Validators]
	[pallet_btc_relay, BtcRelay]
	[pallet_hashpower, Hashpower]
	[pallet_hashpower_market, Market]
	[pallet_filecoin_oracle, FilecoinOracle]
);

impl frame_system_benchmarking::Config for Runtime {}
