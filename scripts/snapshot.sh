#!/usr/bin/env bash
# Takes the state snapshot the runtime's upgrade check runs on (runtime/tests/upgrade.rs).
#
# Runs the demo flows of every pallet on a development node (those of the privacy audit: records,
# consents, a drug unit's custody, plans and claims), stops the node, and has the node's own
# `export-state` write the state at the head to runtime/tests/snapshots/demo-spec-<N>.json, N
# being the spec version of the runtime that wrote it (the runtime's code is left out).
#
# Take one with the released runtime before changing storage: the upgrade check then runs the
# new runtime's migrations on state the old runtime wrote. docs/security.md, "Upgrades".
#
#   scripts/snapshot.sh            # into runtime/tests/snapshots
#   scripts/snapshot.sh <folder>   # elsewhere
set -euo pipefail
folder=$(realpath -m "${1:-$(dirname "$0")/../runtime/tests/snapshots}")
source "$(dirname "$0")/lib.sh"
caduceus_setup

mkdir -p "$folder"
CADUCEUS_SNAPSHOT_DIR="$folder" cargo test --release --locked -p caduceus-node --test privacy -- \
	--nocapture --test-threads=1 the_operator_reads_and_decodes_everything
