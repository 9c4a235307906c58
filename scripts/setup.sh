#!/usr/bin/env bash
# Installs what building Caduceus needs on a fresh Debian/Ubuntu machine, and says what it did.
# Idempotent: a second run changes nothing and only reports.
#
# - protobuf-compiler (the networking crates generate code with protoc);
# - Node.js and npm, for the TypeScript client (client/ts) and its tests;
# - a Rust toolchain that can build the runtime to WASM (`wasm32v1-none`):
#   1. rustup: `rustup target add wasm32v1-none` and `rustup component add rust-src`;
#   2. where rustup is missing or cannot add the target: Debian's rustc-web, cargo-web,
#      rust-web-src and lld-22 (rustc 1.96 with its std sources), and a WASM `core`/`alloc`
#      built once from those sources into the sysroot, where substrate-wasm-builder looks.
#
# CADUCEUS_RUST=debian forces path 2 (to test it on a machine that has rustup).
set -euo pipefail

say() { printf 'setup: %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=""
apt_install() {
	local missing=()
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		say "already installed: $*"
		return 0
	fi
	if [ -z "$APT_UPDATED" ]; then
		as_root apt-get update -qq
		APT_UPDATED=1
	fi
	say "installing ${missing[*]}"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

wasm_target_installed() {
	local sysroot
	sysroot=$(rustc --print sysroot 2>/dev/null) || return 1
	ls "$sysroot"/lib/rustlib/wasm32v1-none/lib/libcore-*.rlib >/dev/null 2>&1
}

rustup_path() {
	command -v rustup >/dev/null 2>&1 || return 1
	if wasm_target_installed && rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
		say "rustup toolchain $(rustc --version | cut -d' ' -f2) already has wasm32v1-none and rust-src"
		return 0
	fi
	say "adding wasm32v1-none and rust-src with rustup"
	rustup target add wasm32v1-none >/dev/null 2>&1 && rustup component add rust-src >/dev/null 2>&1 &&
		wasm_target_installed
}

# Builds core, alloc and compiler_builtins for wasm32v1-none from the toolchain's own sources and
# installs them into the sysroot, so that the target reads as installed.
build_wasm_std() {
	local sysroot dest work
	sysroot=$(rustc --print sysroot)
	dest="$sysroot/lib/rustlib/wasm32v1-none/lib"
	work=$(mktemp -d)
	say "building core/alloc for wasm32v1-none from $(rustc --version) sources (once)"
	mkdir -p "$work/src"
	cat >"$work/Cargo.toml" <<'TOML'
[package]
name = "wasm-std-bootstrap"
version = "0.0.0"
edition = "2021"
[lib]
path = "src/lib.rs"
[profile.release]
panic = "abort"
TOML
	printf '#![no_std]\nextern crate alloc;\n' >"$work/src/lib.rs"
	(cd "$work" && env -u CARGO_TARGET_DIR RUSTC_BOOTSTRAP=1 RUSTFLAGS="-C embed-bitcode=yes" \
		cargo build --quiet --release --target wasm32v1-none -Zbuild-std=core,alloc)
	as_root mkdir -p "$dest"
	for rlib in "$work"/target/wasm32v1-none/release/deps/lib*.rlib; do
		case "$(basename "$rlib")" in libwasm_std_bootstrap-*) continue ;; esac
		as_root cp "$rlib" "$dest/"
	done
	rm -rf "$work"
	say "installed $(ls "$dest" | wc -l) rlibs into $dest"
}

debian_path() {
	apt_install rustc-web cargo-web rust-web-src lld-22
	export PATH="/usr/bin:$PATH"
	if wasm_target_installed; then
		say "Debian toolchain $(rustc --version | cut -d' ' -f2) already has a wasm32v1-none core"
	else
		build_wasm_std
	fi
	wasm_target_installed
}

apt_install protobuf-compiler curl

# The TypeScript client (client/ts) and its tests: Node.js 20.19 or later (polkadot-api's
# floor), with npm.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	say "already installed: node $(node --version), npm $(npm --version)"
else
	apt_install nodejs npm
fi
# Said here rather than as a failed `npm ci` later (Debian 12 and Ubuntu 24.04 ship Node 18);
# only a warning, as the chain and the Rust client do not need Node. client/ts/test.sh refuses.
if ! "$(dirname "$0")/../client/ts/node-version.sh"; then
	say "WARNING: the TypeScript client and its tests need Node.js 20.19 or later, and this machine has $(node --version): install a newer one (https://nodejs.org, or your distribution's backports)"
fi

if [ "${CADUCEUS_RUST:-}" != "debian" ] && rustup_path; then
	say "toolchain: rustup ($(rustc --version))"
else
	[ "${CADUCEUS_RUST:-}" = "debian" ] || say "rustup unavailable or cannot add wasm32v1-none: using Debian's rustc-web"
	debian_path
	say "toolchain: Debian ($(/usr/bin/rustc --version)); put /usr/bin first in PATH to use it"
fi
say "done"
