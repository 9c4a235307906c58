#!/usr/bin/env bash
# Sets up the machine, builds the node and runs a one-validator development chain: the demo
# chain (`--chain demo`), brought to life through the `caduceus` command line (scripts/seed.sh),
# or with SEED=0 the development chain (`--dev`) with the demo participants in its genesis.
#
#   scripts/dev.sh                       # state in a temporary folder, removed on exit
#   scripts/dev.sh --base-path ./chain   # keep the state (other node flags pass through)
#   SEED=0 scripts/dev.sh                # the development chain, no seeding
#   scripts/dev.sh --chain local         # another chain, as given (no seeding)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
caduceus_setup

# Built exactly as scripts/test.sh builds it (same command, same features), so that running one
# after the other reuses the build instead of compiling the node twice.
cargo test --release --locked --workspace --no-run
NODE="$CARGO_TARGET_DIR/release/caduceus-node"

args=("$@")
BASE=""
if ! printf '%s\n' "${args[@]+"${args[@]}"}" | grep -q -- '^--base-path'; then
	BASE=$(mktemp -d -t caduceus-dev.XXXXXX)
	args+=(--base-path "$BASE")
fi
RPC_PORT=9944
# Seeding fills the demo chain, whose genesis holds only its founding member, through the client;
# with SEED=0 the development chain's genesis holds the demo participants instead. A chain the
# user names is run as given, unseeded.
SEED=${SEED:-1}
CHAIN=(--chain demo)
if printf '%s\n' "${args[@]+"${args[@]}"}" | grep -q -- '^--chain'; then
	CHAIN=()
	SEED=own
elif [ "$SEED" = 0 ]; then
	CHAIN=(--chain dev)
fi
# SCALE encoding of (patient 0, Charlie's account, LabResults, Treatment, Read), LabResults being
# slot 18 (0x12) under Dave's published demo category key (docs/development.md, "Demo data").
CHECK_CHARLIE=0x000000000000000090b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22120000

# JSON-RPC method $1 with parameters $2 (a JSON array) on the node; its answer.
rpc() {
	curl -s -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" \
		"http://127.0.0.1:$RPC_PORT" 2>/dev/null
}

# Whether the node has finalized a block after genesis: transactions wait for finality, and the
# CLI refuses to sign before (it reads the chain's time from the last finalized block).
finalized() {
	local head
	head=$(rpc chain_getFinalizedHead '[]' | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')
	[ -n "$head" ] && ! rpc chain_getHeader "[\"$head\"]" | grep -q '"number":"0x0"'
}

# Once the node has finalized its first block (about 30 s after it starts): seeds demo activity
# through the CLI (unless SEED=0), then tells the user where the node is and what is on it.
announce_when_ready() {
	for _ in $(seq 1 120); do
		if finalized; then
			if [ "$SEED" != 0 ] && [ "$SEED" != own ]; then
				echo "  Seeding demo activity through the caduceus CLI (scripts/seed.sh, about 20 minutes)..."
				scripts/seed.sh "ws://127.0.0.1:$RPC_PORT" || {
					echo "  Seeding failed (above); the chain runs on, without all of its demo data."
					SEED=failed
				}
			fi
			banner
			return
		fi
		sleep 1
	done
}

# Where the node is; the demo data and questions to ask it, on the chains that hold them.
banner() {
	cat <<MSG

  Caduceus dev chain is running.
  RPC endpoint:     ws://127.0.0.1:$RPC_PORT  (HTTP JSON-RPC on the same port)
  polkadot.js Apps: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$RPC_PORT#/explorer
MSG
	if [ "$SEED" = 0 ] || [ "$SEED" = 1 ]; then
		cat <<MSG

  Demo data (docs/development.md): St. Luke's Hospital (organisation 0, admin Bob) with
  physician Charlie; patient 0 (Dave) consented to the hospital for treatment. May Charlie read
  Dave's lab results for treatment? Ask the chain:
    curl -s -H 'Content-Type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"state_call","params":["ConsentApi_check_access","$CHECK_CHARLIE"]}' http://127.0.0.1:$RPC_PORT
  "result":"0x00000000000000000000" is Ok(Consent(0)).
  Or with the CLI ($CARGO_TARGET_DIR/release/caduceus, docs/dapp-guide.md):
    caduceus org list
MSG
	fi
	if [ "$SEED" = 1 ]; then
		cat <<MSG
    caduceus records trail --patient 0
    caduceus supply verify "(01)00300123456785(21)A2(10)A2611(17)271231"
MSG
	fi
	printf '  Stop with Ctrl-C.\n\n'
}
announce_when_ready &
ANNOUNCER=$!
# On exit, seeding stops too (it runs under the announcer).
trap 'kill "$ANNOUNCER" 2>/dev/null || true; pkill -f "scripts/seed.sh ws://127.0.0.1:$RPC_PORT" 2>/dev/null || true; [ -z "$BASE" ] || rm -rf "$BASE"' EXIT

# In the foreground, so that Ctrl-C reaches the node, which then shuts down cleanly.
"$NODE" --dev ${CHAIN[@]+"${CHAIN[@]}"} --rpc-port "$RPC_PORT" "${args[@]+"${args[@]}"}"
