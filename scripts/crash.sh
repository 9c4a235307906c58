#!/usr/bin/env bash
# The long crash-safety run (docs/security.md, "Crash safety"): a validator of the four-node
# consortium network is killed with SIGKILL 20 times while transfers keep coming; after each
# restart its database must open, it must catch up, and every block it had finalized must keep
# its hash and state root. Also the disk-full test (needs root to mount a tmpfs).
# scripts/test.sh runs the same tests with 2 kill cycles.
#
#   scripts/crash.sh                           # 20 cycles
#   CADUCEUS_KILL_CYCLES=50 scripts/crash.sh   # more
#   CADUCEUS_KILL_SEED=42 scripts/crash.sh     # the same kill times again
set -euo pipefail
source "$(dirname "$0")/lib.sh"
caduceus_setup

export CADUCEUS_KILL_CYCLES="${CADUCEUS_KILL_CYCLES:-20}"
exec cargo test --release --locked -p caduceus-node --test crash -- --nocapture --test-threads=1
