//! Builds the runtime's wasm blob (skipped with `SKIP_WASM_BUILD=1`, e.g. for pallet tests).

fn main() {
	#[cfg(feature = "std")]
	{
		// The shared target directory lies outside the work tree ($HOME/.cache/hashmix/target),
		// where substrate-wasm-builder cannot find this workspace's Cargo.lock by walking up from
		// its output directory. Point it at the workspace, so that the wasm runtime is built with
		// exactly the locked crate versions. Set here, for this runtime only: other wasm builds in
		// the graph (frame-benchmarking-cli's test runtime) must find their own package.
		// Read CARGO_MANIFEST_DIR when the script runs, not when it was compiled: a build script
		// compiled for one clone of the repository is reused for another clone with the same
		// target directory (CI), and the first clone may be gone.
		if std::env::var_os("WASM_BUILD_WORKSPACE_HINT").is_none() {
			if let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
				let manifest_dir = std::path::PathBuf::from(manifest_dir);
				if let Some(workspace) = manifest_dir.parent() {
					std::env::set_var("WASM_BUILD_WORKSPACE_HINT", workspace);
				}
			}
		}

		#[cfg(feature = "metadata-hash")]
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_metadata_hash("HSM", 12)
			.build();

		#[cfg(not(feature = "metadata-hash"))]
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
