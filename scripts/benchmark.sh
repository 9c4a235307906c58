#!/usr/bin/env bash
# Builds the node with the `benchmark` subcommand and regenerates the runtime's weights on this
# machine (docs/performance.md, "Weights"). Nothing in runtime/src/weights/ is edited by hand.
#
#   scripts/benchmark.sh                  # storage, overhead, then every pallet
#   scripts/benchmark.sh storage          # ParityDB read/write weights on a state of 1M accounts
#   scripts/benchmark.sh overhead         # the block's and the signed extrinsic's base weights
#   scripts/benchmark.sh pallets          # every pallet: upstream ones the runtime uses, and ours
#   scripts/benchmark.sh pallet_consent   # one pallet
#   scripts/benchmark.sh accuracy         # charged weight against import time of real full
#                                         # blocks (`benchmark block`), see docs/performance.md
#   scripts/benchmark.sh scaling          # import time per call with 10^3 to 3×10^5 patients in
#                                         # state (SCALING_PATIENTS="1000 10000 100000 300000";
#                                         # 10^6 needs more than 24 GiB, docs/performance.md)
#   STEPS=20 REPEAT=5 scripts/benchmark.sh pallet_consent
#                                         # fewer runs (50 steps × 20 repeats by default, 20 × 5
#                                         # for the supply chain)
#   OVERHEAD_REPEAT=50 scripts/benchmark.sh overhead   # fewer runs of the base weights (100)
#
# Run it on the reference machine (2 cores, 24 GiB, as CI; the slower of the two kinds CI has
# run on, an AMD EPYC: docs/performance.md, "Two machine kinds"), with nothing else running, and
# check the result with `accuracy` on the same machine. Margins come from these options, never
# from editing a file: pallets are fitted with `--output-analysis max` (the larger of the
# least-squares and median-slopes fits for each term), the base weights take the 99th
# percentile (`--metric p99`).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
caduceus_setup

cargo build --release --locked -p caduceus-node --features runtime-benchmarks
NODE="$CARGO_TARGET_DIR/release/caduceus-node"

# A long benchmark runs in the background while the script waits for it, so that stopping the
# script (Ctrl-C, kill) stops the benchmark too: bash runs no trap while a command in the
# foreground runs, and a stopped script left `benchmark pallet` writing its weight file.
CHILD=
trap '[ -z "$CHILD" ] || kill "$CHILD" 2>/dev/null; exit 130' INT TERM
run() {
	local status=0
	"$@" &
	CHILD=$!
	wait "$CHILD" || status=$?
	CHILD=
	return "$status"
}
WEIGHTS=runtime/src/weights
# Upstream pallets whose weights the runtime takes from this machine instead of Substrate's
# reference hardware.
UPSTREAM=(frame_system pallet_balances pallet_timestamp pallet_utility pallet_sudo pallet_recovery)
# The size of the state `storage` measures on: a busy consortium chain's accounts.
STATE_ACCOUNTS="${STATE_ACCOUNTS:-1000000}"

# Our pallets with benchmarks (the primitives crate's `benchmarking.rs` holds only helpers).
ours() {
	for manifest in pallets/*/Cargo.toml; do
		grep -qs '#\[benchmarks' "$(dirname "$manifest")/src/benchmarking.rs" || continue
		sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n 1 | tr - _
	done
}

pallet() {
	local steps=50 repeat=20
	# The supply chain's case benchmarks move up to 64 cases of 200 units each: 50 × 20 would take
	# about 50 minutes there, 20 × 5 takes about 15.
	if [ "$1" = pallet_supply_chain ]; then steps=20 repeat=5; fi
	echo "benchmark: $1"
	run "$NODE" benchmark pallet --chain dev --pallet "$1" --extrinsic '*' \
		--steps "${STEPS:-$steps}" --repeat "${REPEAT:-$repeat}" --output-analysis max \
		--output "$WEIGHTS/$1.rs"
	grep -q "^pub mod $1;" "$WEIGHTS/mod.rs" || echo "benchmark: add \`pub mod $1;\` to $WEIGHTS/mod.rs"
}

# ParityDB's read and write weights, on a dev chain whose genesis holds STATE_ACCOUNTS extra
# accounts (client/state-gen), measured over every key of that state.
storage() {
	local dir
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' RETURN
	cargo build --release --locked -p caduceus-state-gen
	"$NODE" export-chain-spec --chain dev --raw 2>/dev/null |
		"$CARGO_TARGET_DIR/release/caduceus-state-gen" accounts "$STATE_ACCOUNTS" >"$dir/spec.json"
	run "$NODE" benchmark storage --chain "$dir/spec.json" --base-path "$dir/db" --database paritydb \
		--state-version 1 --include-child-trees --warmups 1 --weight-path "$WEIGHTS/paritydb_weights.rs"
}

# The base weights: an empty block, and an empty signed remark with every transaction extension.
overhead() {
	run "$NODE" benchmark overhead --chain dev --weight-path "$WEIGHTS" --metric p99 \
		--warmup "${WARMUP:-10}" --repeat "${OVERHEAD_REPEAT:-100}"
}

# Charged weight against measured import time (docs/performance.md, "Accuracy"): a normal node
# fills blocks with each kind of `caduceus-bench`, then `benchmark block` re-imports every block
# of that chain 5 times and prints, per block, its charged weight and its import time.
accuracy() {
	local dir best
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' RETURN
	cp "$NODE" "$dir/benchmark-node"
	cargo build --release --locked -p caduceus-node -p caduceus-bench
	run "$CARGO_TARGET_DIR/release/caduceus-bench" --node "$CARGO_TARGET_DIR/release/caduceus-node" \
		--base-path "$dir/db" --count "${COUNT:-12000}"
	best=$("$dir/benchmark-node" chain-info --chain dev --base-path "$dir/db" 2>/dev/null |
		sed -n 's/.*"best_number": *\([0-9]*\).*/\1/p')
	run "$dir/benchmark-node" benchmark block --chain dev --base-path "$dir/db" --from 1 \
		--to "$best" --repeat 5
}

# Per-call cost as the state grows (docs/performance.md, "Scaling"). For each size in
# SCALING_PATIENTS: the development genesis grown by that many patients, each with two
# consents, a record and its trail, an enrolment and a paid claim (client/state-gen, through
# the runtime's own calls); a normal node loaded by caduceus-bench with the kinds that read and
# write such data; then `benchmark block` re-imports the load's blocks and the import time per
# extrinsic of each kind is summed from it (scripts/scaling-summary.awk).
scaling() {
	local dir n out
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' RETURN
	cp "$NODE" "$dir/benchmark-node"
	cargo build --release --locked -p caduceus-node -p caduceus-bench -p caduceus-state-gen
	"$CARGO_TARGET_DIR/release/caduceus-node" export-chain-spec --chain dev --raw 2>/dev/null \
		>"$dir/dev.json"
	for n in ${SCALING_PATIENTS:-1000 10000 100000 300000}; do
		echo "scaling: $n patients"
		out="$dir/$n"
		mkdir -p "$out"
		SECONDS=0
		"$CARGO_TARGET_DIR/release/caduceus-state-gen" patients "$n" <"$dir/dev.json" \
			>"$dir/spec.json"
		echo "scaling: state-gen took $SECONDS s"
		ls -l "$dir/spec.json" | awk '{ print "scaling: spec " $5 " bytes" }'
		"$CARGO_TARGET_DIR/release/caduceus-bench" --node "$CARGO_TARGET_DIR/release/caduceus-node" \
			--chain "$dir/spec.json" --base-path "$out/db" --count "${COUNT:-6000}" \
			--kinds "${SCALING_KINDS:-consent-grant,record-anchor,access-request,claim}" 2>&1 |
			tee "$out/bench.log"
		du -sk "$out/db" | awk '{ print "scaling: database " $1 " KiB after the load" }'
		"$dir/benchmark-node" benchmark block --chain "$dir/spec.json" --base-path "$out/db" \
			--from 1 --to "$(sed -n 's/.* in blocks [0-9]*-\([0-9]*\)$/\1/p' "$out/bench.log" | tail -n 1)" \
			--repeat 5 2>&1 | tee "$out/block.log"
		awk -v patients="$n" -f scripts/scaling-summary.awk "$out/bench.log" "$out/block.log"
		rm -rf "$out/db"
	done
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(storage overhead pallets)
for target in "${targets[@]}"; do
	# `accuracy` and `scaling` leave the normal node in the target folder: a later target needs
	# the benchmark node again.
	[ -x "$NODE" ] && "$NODE" benchmark --help >/dev/null 2>&1 ||
		cargo build --release --locked -p caduceus-node --features runtime-benchmarks
	case "$target" in
	storage) storage ;;
	overhead) overhead ;;
	accuracy) accuracy ;;
	scaling) scaling ;;
	pallets)
		for p in "${UPSTREAM[@]}" $(ours); do pallet "$p"; done
		;;
	*) pallet "$target" ;;
	esac
done
