#!/usr/bin/env bash
# A long campaign of the runtime fuzzer (fuzz/, see fuzz/src/lib.rs for what it checks).
#
#   scripts/fuzz.sh                         # 60 minutes, a random seed, growing fuzz/corpus
#   MINUTES=600 SEED=7 scripts/fuzz.sh      # longer, reproducible
#   scripts/fuzz.sh replay fuzz/findings/X.bin   # replay a finding (or `show` it)
#
# Two cores: run two campaigns with different seeds side by side for both.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
caduceus_setup

cargo build --release --locked -p caduceus-fuzz
FUZZ="$CARGO_TARGET_DIR/release/caduceus-fuzz"
if [ $# -gt 0 ]; then
	exec "$FUZZ" "$@"
fi
exec "$FUZZ" random --minutes "${MINUTES:-60}" --seed "${SEED:-$RANDOM$RANDOM}" \
	--corpus fuzz/corpus --findings fuzz/findings
