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
cargo test --release --locked --workspace

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
