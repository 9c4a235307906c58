//! Builds the runtime to WASM (`wasm32v1-none`) so the node can embed it as the genesis code.

fn main() {
	#[cfg(feature = "std")]
	{
		// substrate-wasm-builder looks for Cargo.lock upwards from the target folder. When that
		// folder lives outside the checkout (CI, a shared build folder) it would not find ours and
		// would build the WASM runtime against freshly resolved, unpinned versions: point it at
		// this workspace. Set here, not in `.cargo/config.toml`, so that it does not apply to the
		// WASM runtimes of dependencies (frame-benchmarking-cli builds one of its own). The
		// folder is read when the script runs, not when it is compiled: cargo reuses a compiled
		// build script across checkouts of the workspace in other folders, and a path baked in
		// at compile time would name a checkout that may be gone (the WASM builder then warns
		// that it cannot find Cargo.lock, and resolves versions afresh).
		let manifest = std::env::var("CARGO_MANIFEST_DIR")
			.unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
		let workspace = std::path::Path::new(&manifest).join("..");
		std::env::set_var("WASM_BUILD_WORKSPACE_HINT", workspace);
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
