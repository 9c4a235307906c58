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
if [ $# -eq 0 ]; then set -- --workspace; fi
cargo test --release --locked "$@"
