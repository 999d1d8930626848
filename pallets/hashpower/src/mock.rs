//! A runtime with the hash power pallet and nothing else it does not need.

use crate as pallet_hashpower;
use frame_support::{derive_impl, parameter_types};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Hashpower: pallet_hashpower,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

parameter_types! {
	pub const MaxBitcoinKeys: u32 = 2;
}

impl pallet_hashpower::Config for Test {
	type MaxBitcoinKeys = MaxBitcoinKeys;
	type WeightInfo = ();
}

/// Test externalities at block 1, with a keystore (the benchmarks sign in it).
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in fresh externalities and checks the invariants after it.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Hashpower::do_try_state().expect("invariants hold");
	});
}
