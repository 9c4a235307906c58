#!/usr/bin/env bash
# The load generator (client/bench): builds the node and caduceus-bench, starts a development
# node (`--dev`, a temporary base path, a large transaction pool) on free loopback ports, makes
# fresh funded patients and hospital physicians through real transactions, then submits
# pre-signed extrinsics of each kind as fast as the node takes them and prints a Markdown table:
# succeeded, failed, refused and lost extrinsics, the sustained rate by the blocks' timestamps
# (and its ratio to transfers'), block fullness by count and by weight, and p50/p99 latency
# from submission to inclusion and to finality.
#
#   scripts/bench.sh                                    # 12,000 of each kind, 1,500 accounts
#   scripts/bench.sh --kinds transfer --count 3000      # one kind, a smaller load
#   scripts/bench.sh --rate 400                         # capped (latency below the maximum)
#   scripts/bench.sh --accounts 3000 --connections 8 --json
#   scripts/bench.sh --url ws://127.0.0.1:9944          # a running --dev node instead
#
# Every flag goes to caduceus-bench (`--help` lists them). Run it on the reference machine
# (2 cores) with nothing else running: the bench shares the cores with the node.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
caduceus_setup

cargo build --release --locked -p caduceus-node -p caduceus-bench
exec "$CARGO_TARGET_DIR/release/caduceus-bench" --node "$CARGO_TARGET_DIR/release/caduceus-node" "$@"
