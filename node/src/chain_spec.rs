//! Chain specifications: the built-in chains come from the runtime's genesis presets; named
//! networks from the JSON files in `chain-specs/`.

use hashmix_runtime::{genesis_config_presets::HASHMIX_TESTNET_PRESET, WASM_BINARY};
use sc_service::{ChainType, Properties};

/// A chain specification of HashMix Chain.
pub type ChainSpec = sc_service::GenericChainSpec;

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The runtime's wasm binary is not available: this node was built with SKIP_WASM_BUILD. \
		 Rebuild it without."
			.to_string()
	})
}

/// HSM in wallets: symbol, decimals and the SS58 prefix.
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), hashmix_primitives::units::SYMBOL.into());
	properties.insert("tokenDecimals".into(), hashmix_primitives::units::DECIMALS.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `--dev`: Alice alone.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"HashMix Development",
		"hashmix_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `--chain local`: Alice, Bob, Charlie and Dave.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"HashMix Local Testnet",
		"hashmix_local_testnet",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// The public test network, built from its preset. Nodes join it from the frozen raw spec in
/// `chain-specs/hashmix-testnet-raw.json`; this is how that file is made.
pub fn testnet_chain_spec() -> Result<ChainSpec, String> {
	from_preset("HashMix Testnet", "hashmix_testnet", ChainType::Live, HASHMIX_TESTNET_PRESET)
}
