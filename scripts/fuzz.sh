#!/usr/bin/env bash
# Long campaigns of the runtime fuzzer (fuzz/, see fuzz/src/lib.rs for what it checks).
#
# The seeded-random driver (stable Rust, no engine to install), one worker thread per core:
#   scripts/fuzz.sh                         # 60 minutes, a random seed, growing fuzz/corpus
#   MINUTES=600 SEED=7 scripts/fuzz.sh      # longer, reproducible (with WORKERS=1)
#   SEED=58 RECORD=fuzz/campaigns/campaign-58.json scripts/fuzz.sh
#                                           # one sitting of a campaign longer than a session:
#                                           # resumes the record (and its seed) if it exists
#   scripts/fuzz.sh replay fuzz/findings/X.bin   # replay a finding (or `show` it)
#
# Coverage-guided, under AFL++ (installs cargo-afl and builds AFL++ on first use; the
# instrumented build goes to its own target folder, about 17 minutes the first time):
#   MINUTES=60 WORKERS=2 scripts/fuzz.sh afl     # seeded by fuzz/corpus; resumes $CADUCEUS_AFL_OUT
#   scripts/fuzz.sh afl-stats                    # executions, edges and findings so far
# Crashes land in $CADUCEUS_AFL_OUT/<worker>/crashes; `scripts/fuzz.sh replay` one to see its
# message. A campaign fails while any crash is there, earlier campaigns' included: triage them.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
caduceus_setup

CADUCEUS_AFL_OUT="${CADUCEUS_AFL_OUT:-/var/tmp/caduceus-afl}"
CARGO_AFL_VERSION=0.18.2

# cargo-afl at the version of the `afl` crate in Cargo.lock, and the AFL++ it builds.
install_afl() {
	if [[ "$(cargo afl --version 2>/dev/null)" != "cargo-afl $CARGO_AFL_VERSION "* ]]; then
		cargo install --locked cargo-afl --version "$CARGO_AFL_VERSION"
	fi
	if ! { cargo afl fuzz -h 2>&1 || true; } | grep -q 'afl-fuzz++'; then
		cargo afl config --build
	fi
}

# Every AFL++ worker's totals, from its fuzzer_stats.
afl_stats() {
	local stats
	for stats in "$CADUCEUS_AFL_OUT"/*/fuzzer_stats; do
		[ -f "$stats" ] || continue
		echo "== $(basename "$(dirname "$stats")")"
		grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|total_edges|bitmap_cvg|saved_crashes|saved_hangs|stability) ' "$stats"
	done
}

case "${1:-random}" in
afl)
	install_afl
	# Instrumentation changes every crate's flags: its own target folder keeps the normal
	# build intact. The fuzzer runs natively, so no WASM runtime is built.
	AFL_TARGET="${CARGO_TARGET_DIR%/}-afl"
	SKIP_WASM_BUILD=1 CARGO_TARGET_DIR="$AFL_TARGET" cargo afl build --release --locked \
		-p caduceus-fuzz --features afl --bin caduceus-fuzz-afl
	mkdir -p "$CADUCEUS_AFL_OUT"
	# A worker whose output folder exists resumes it; a new one is seeded by the corpus.
	export AFL_AUTORESUME=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
	seconds=$(( ${MINUTES:-60} * 60 ))
	declare -A workers=()
	# Each worker in its own process group, stopped whole (cargo afl and its afl-fuzz) if this
	# script is.
	trap 'for pid in "${workers[@]}"; do kill -- "-$pid" 2>/dev/null || true; done' EXIT
	for n in $(seq 1 "${WORKERS:-2}"); do
		if [ "$n" = 1 ]; then role=(-M main); else role=(-S "worker$n"); fi
		setsid cargo afl fuzz -i fuzz/corpus -o "$CADUCEUS_AFL_OUT" "${role[@]}" -V "$seconds" -t 20000 \
			-m none -- "$AFL_TARGET/release/caduceus-fuzz-afl" > "$CADUCEUS_AFL_OUT/${role[1]}.log" 2>&1 &
		workers[${role[1]}]=$!
	done
	# A session of its own is a scheduling group of its own, which `nice` on this script no
	# longer reaches: give the workers' groups the script's niceness (`nice scripts/fuzz.sh afl`
	# then leaves a build beside it its cores).
	sleep 1
	for pid in "${workers[@]}"; do nice > "/proc/$pid/autogroup" 2>/dev/null || true; done
	status=0
	for worker in "${!workers[@]}"; do
		if ! wait "${workers[$worker]}"; then
			echo "fuzz: AFL++ worker $worker failed; its log: $CADUCEUS_AFL_OUT/$worker.log" >&2
			status=1
		fi
	done
	afl_stats
	if ls "$CADUCEUS_AFL_OUT"/*/crashes/id:* 2>/dev/null; then
		echo "fuzz: AFL++ saved the crashes above"
		status=1
	fi
	exit "$status"
	;;
afl-stats)
	afl_stats
	exit 0
	;;
esac

cargo build --release --locked -p caduceus-fuzz
FUZZ="$CARGO_TARGET_DIR/release/caduceus-fuzz"
if [ $# -gt 0 ]; then
	exec "$FUZZ" "$@"
fi
# A recorded campaign keeps its seed: without SEED, a sitting resumes the record's.
seed="${SEED:-}"
if [ -z "$seed" ] && [ ! -f "${RECORD:-}" ]; then
	seed="$RANDOM$RANDOM"
fi
exec "$FUZZ" random --minutes "${MINUTES:-60}" ${seed:+--seed "$seed"} \
	--workers "${WORKERS:-2}" --corpus fuzz/corpus --findings fuzz/findings \
	${RECORD:+--record "$RECORD"}
