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

# Every test binary is built first. The five slowest end-to-end suites, the node's four-node
# network, the CLI's flows, the demo chain's seeding (scripts/seed.sh), the node's end-to-end
# tests and the TypeScript client's tests, mostly wait for 6 s blocks: they run beside everything else, each in its own process group (so that an
# interrupted run stops their nodes too). With the network and CLI
# suites beside, a cold run saved 19 minutes (measured); the end-to-end suite and the overlap with
# the two feature builds below should save about 8 more (estimated). Their output follows the others'.
built=$(mktemp)
declare -A beside_pid=()
stop_beside() {
	local pid
	for pid in "${beside_pid[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
	rm -f "$built" "$built".*
}
trap stop_beside EXIT
cargo test --release --locked --workspace --no-run 2>&1 | tee "$built"
# Cargo names each integration test binary: "Executable tests/NAME.rs (PATH)".
mapfile -t suites < <(sed -n 's/^ *Executable tests\/\([^ ]*\)\.rs (\(.*\))$/\1 \2/p' "$built" | sort -u)
[ ${#suites[@]} -gt 0 ] || { echo "test.sh: cargo listed no integration test binary" >&2; exit 1; }
beside=(network cli demo e2e)
others=()
for suite in "${suites[@]}"; do
	name=${suite%% *} executable=${suite#* }
	if [[ " ${beside[*]} " == *" $name "* ]]; then
		(cd node && exec setsid "$executable") > "$built.$name" 2>&1 &
		beside_pid[$name]=$!
	elif [[ " ${others[*]} " != *" --test $name "* ]]; then
		others+=(--test "$name")
	fi
done
# The TypeScript client (client/ts) waits for blocks too: its locked packages, descriptors generated
# from client/metadata/caduceus.scale, then its tests against a development node it starts (the
# node binary is built by now).
(exec setsid client/ts/test.sh) > "$built.typescript" 2>&1 &
beside_pid[typescript]=$!
beside+=(typescript)
status=0
cargo test --release --locked --workspace --lib --bins "${others[@]}" || status=$?
cargo test --release --locked --workspace --doc || status=$?

# The upgrade check (docs/security.md, "Upgrades"): this runtime's migrations with try-runtime's
# checks on the state snapshots in runtime/tests/snapshots. Native code only: the WASM runtime
# is not rebuilt with the try-runtime feature.
SKIP_WASM_BUILD=1 cargo test --release --locked -p caduceus-runtime --features try-runtime --test upgrade \
	|| status=$?

# Every pallet's benchmarks run once as tests against its mock, so that a benchmark that no longer
# sets up its worst case fails here, not when weights are next generated.
benchmarked=()
for manifest in pallets/*/Cargo.toml; do
	if [ -f "$(dirname "$manifest")/src/benchmarking.rs" ]; then
		benchmarked+=(-p "$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n 1)")
	fi
done
if [ ${#benchmarked[@]} -gt 0 ]; then
	cargo test --release --locked --features runtime-benchmarks "${benchmarked[@]}" -- benchmark \
		|| status=$?
fi

# The suites that ran beside the others (and beside these two builds, while their nodes waited for
# blocks).
for name in "${beside[@]}"; do
	if [ -z "${beside_pid[$name]:-}" ]; then
		echo "test.sh: no test binary named $name" >&2
		status=1
		continue
	fi
	result=0
	wait "${beside_pid[$name]}" || result=$?
	if [ "$name" = typescript ]; then
		echo "     Ran client/ts/test.sh beside the others (exit $result):"
	else
		echo "     Ran tests/$name.rs beside the others (exit $result):"
	fi
	cat "$built.$name"
	[ "$result" = 0 ] || status=$result
done
exit "$status"
