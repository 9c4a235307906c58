#!/usr/bin/env bash
# Sets up the machine, builds everything and runs every test of the workspace: the pallets' and
# the runtime's unit tests, and the end-to-end tests that start the real node binary.
#
#   scripts/test.sh                      # everything
#   scripts/test.sh -p caduceus-runtime  # one crate (arguments go to `cargo test`)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
caduceus_setup

# One profile (release) for everything: the node must be fast enough to author 6 s blocks
# in the end-to-end tests, and building dependencies once per profile is the largest cost.
if [ $# -gt 0 ]; then
	exec cargo test --release --locked "$@"
fi

# The static bar (docs/security.md, "Static bar"): licences of every locked dependency, then
# clippy with the lints that keep runtime code panic-free (`[workspace.lints.clippy]`) on the
# pallets' and the runtime's production code (tests, mocks and benchmarks may panic).
scripts/licences.sh
runtime_crates=(-p caduceus-runtime)
for manifest in pallets/*/Cargo.toml; do
	runtime_crates+=(-p "$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n 1)")
done
SKIP_WASM_BUILD=1 cargo clippy --release --locked "${runtime_crates[@]}" --lib -- -D warnings

cargo test --release --locked --workspace

# The upgrade check (docs/security.md, "Upgrades"): this runtime's migrations with try-runtime's
# checks on the state snapshots in runtime/tests/snapshots. Native code only: the WASM runtime
# is not rebuilt with the try-runtime feature.
SKIP_WASM_BUILD=1 cargo test --release --locked -p caduceus-runtime --features try-runtime --test upgrade

# Every pallet's benchmarks run once as tests against its mock, so that a benchmark that no longer
# sets up its worst case fails here, not when weights are next generated.
benchmarked=()
for manifest in pallets/*/Cargo.toml; do
	if [ -f "$(dirname "$manifest")/src/benchmarking.rs" ]; then
		benchmarked+=(-p "$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n 1)")
	fi
done
if [ ${#benchmarked[@]} -gt 0 ]; then
	cargo test --release --locked --features runtime-benchmarks "${benchmarked[@]}" -- benchmark
fi

# The TypeScript client (client/ts): its locked packages, descriptors generated from
# client/metadata/caduceus.scale, then its tests against a development node it starts.
client/ts/test.sh
