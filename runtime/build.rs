//! Builds the runtime's wasm blob (skipped with `SKIP_WASM_BUILD=1`, e.g. for pallet tests).

fn main() {
	#[cfg(all(feature = "std", feature = "metadata-hash"))]
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash(hashmix_symbol(), 12)
		.build();

	#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn hashmix_symbol() -> &'static str {
	"HSM"
}
