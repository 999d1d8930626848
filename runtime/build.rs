//! Builds the runtime's wasm blob (skipped with `SKIP_WASM_BUILD=1`, e.g. for pallet tests).

fn main() {
	#[cfg(feature = "std")]
	{
		// The shared target directory lies outside the work tree ($HOME/.cache/hashmix/target),
		// where substrate-wasm-builder cannot find this workspace's Cargo.lock by walking up from
		// its output directory. Point it at the workspace, so that the wasm runtime is built with
		// exactly the locked crate versions. Set here, for this runtime only: other wasm builds in
		// the graph (frame-benchmarking-cli's test runtime) must find their own package.
		if std::env::var_os("WASM_BUILD_WORKSPACE_HINT").is_none() {
			let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
				.parent()
				.expect("the runtime lives in the workspace; qed");
			std::env::set_var("WASM_BUILD_WORKSPACE_HINT", workspace);
		}

		#[cfg(feature = "metadata-hash")]
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_metadata_hash("HSM", 12)
			.build();

		#[cfg(not(feature = "metadata-hash"))]
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
