#!/usr/bin/env bash
# Builds the node with the `benchmark` subcommand and regenerates the runtime's weights for every
# Caduceus pallet that has benchmarks (runtime/src/weights/<pallet>.rs).
#
#   scripts/benchmark.sh                          # every pallet
#   scripts/benchmark.sh pallet_health_identity   # one pallet
#   STEPS=20 REPEAT=5 scripts/benchmark.sh pallet_supply_chain
#                                                 # fewer runs (50 steps × 20 repeats by default):
#                                                 # the supply chain's ship/receive/cancel set up
#                                                 # 64 full cases of 200 units for each run
#
# Run it on the reference machine (2 cores, 24 GiB, as CI), with nothing else running.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
caduceus_setup

cargo build --release --locked -p caduceus-node --features runtime-benchmarks
NODE="$CARGO_TARGET_DIR/release/caduceus-node"

pallets=("$@")
if [ ${#pallets[@]} -eq 0 ]; then
	for manifest in pallets/*/Cargo.toml; do
		[ -f "$(dirname "$manifest")/src/benchmarking.rs" ] || continue
		pallets+=("$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n 1 | tr - _)")
	done
fi

for pallet in "${pallets[@]}"; do
	echo "benchmark: $pallet"
	"$NODE" benchmark pallet --chain dev --pallet "$pallet" --extrinsic '*' \
		--steps "${STEPS:-50}" --repeat "${REPEAT:-20}" --output "runtime/src/weights/$pallet.rs"
	grep -q "^pub mod $pallet;" runtime/src/weights/mod.rs ||
		echo "benchmark: add \`pub mod $pallet;\` to runtime/src/weights/mod.rs"
done
