//! Builds the runtime to WASM (`wasm32v1-none`) so the node can embed it as the genesis code.

fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
