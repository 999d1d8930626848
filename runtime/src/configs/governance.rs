//! Governance. Sudo is temporary: a council of the validators' and holders' representatives
//! replaces it, after which sudo is removed by a runtime upgrade.

use crate::{Runtime, RuntimeCall, RuntimeEvent};

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
