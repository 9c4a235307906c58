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

# Every test binary is built first. The two slowest end-to-end suites, the four-node network
# and the CLI's flows, mostly wait for 6 s blocks: they run beside the others, straight from
# their binaries (from their package's folder, as cargo runs them), which saves a quarter of an
# hour. Their output follows the others'.
artifacts=$(mktemp)
cargo test --release --locked --workspace --no-run --message-format=json-render-diagnostics > "$artifacts"
beside=(network cli)
declare -A beside_pid
others=()
while read -r name executable manifest; do
	if [[ " ${beside[*]} " == *" $name "* ]]; then
		(cd "$(dirname "$manifest")" && exec "$executable") > "$artifacts.$name" 2>&1 &
		beside_pid[$name]=$!
	elif [[ " ${others[*]} " != *" --test $name "* ]]; then
		others+=(--test "$name")
	fi
done < <(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["kind"] == ["test"] and m["executable"]:
        print(m["target"]["name"], m["executable"], m["manifest_path"])
' "$artifacts" | sort -u -k1,2)
status=0
cargo test --release --locked --workspace --lib --bins "${others[@]}" || status=$?
cargo test --release --locked --workspace --doc || status=$?
for name in "${beside[@]}"; do
	[ -n "${beside_pid[$name]:-}" ] || { echo "no test target named $name" >&2; exit 1; }
	result=0
	wait "${beside_pid[$name]}" || result=$?
	echo "     Ran tests/$name.rs beside the others (exit $result):"
	cat "$artifacts.$name"
	[ "$result" = 0 ] || status=$result
done
[ "$status" = 0 ] || exit "$status"

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
