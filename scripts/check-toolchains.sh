#!/usr/bin/env bash
# Exercises both toolchain paths of setup.sh and proves each can link a no_std WASM cdylib with
# LTO for wasm32v1-none (what substrate-wasm-builder checks before building the runtime).
# It installs Debian's rustc-web packages; run it by hand, not in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

probe() {
	local label=$1 work
	work=$(mktemp -d)
	mkdir -p "$work/src"
	cat >"$work/Cargo.toml" <<'TOML'
[package]
name = "wasm-probe"
version = "0.0.0"
edition = "2021"
[lib]
crate-type = ["cdylib"]
[profile.release]
panic = "abort"
lto = true
TOML
	cat >"$work/src/lib.rs" <<'RS'
#![no_std]
extern crate alloc;
struct NoAlloc;
unsafe impl core::alloc::GlobalAlloc for NoAlloc {
	unsafe fn alloc(&self, _: core::alloc::Layout) -> *mut u8 { core::ptr::null_mut() }
	unsafe fn dealloc(&self, _: *mut u8, _: core::alloc::Layout) {}
}
#[global_allocator]
static ALLOC: NoAlloc = NoAlloc;
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! { loop {} }
#[no_mangle]
pub extern "C" fn sum(n: u32) -> u32 { (0..n).collect::<alloc::vec::Vec<u32>>().iter().sum() }
RS
	(cd "$work" && env -u CARGO_TARGET_DIR \
		RUSTFLAGS="-C link-arg=--export-table -C link-arg=--export=__heap_base -C link-arg=--import-memory" \
		cargo build --quiet --release --target wasm32v1-none)
	echo "check-toolchains: $label: $(rustc --version) links $(stat -c %s "$work"/target/wasm32v1-none/release/wasm_probe.wasm)-byte WASM"
	rm -rf "$work"
}

scripts/setup.sh
probe "rustup path"
CADUCEUS_RUST=debian scripts/setup.sh
PATH="/usr/bin:$PATH" probe "Debian path"
