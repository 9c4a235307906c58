#!/usr/bin/env bash
# Starts the four-validator `consortium` chain on 127.0.0.1: Alice (St. Luke's Hospital), Bob
# (CareFirst Insurance), Charlie (Corner Pharmacy), Dave (Northside Laboratory), each with its
# development node key (the preset's node allow-list) and session keys, bootnodes pointing at one
# another. Prints the endpoints and returns; the nodes keep running in the background.
#
#   scripts/local-network.sh                 # start, state under $CADUCEUS_NETWORK_DIR
#   scripts/local-network.sh --stop          # stop the nodes (the state stays)
#   scripts/local-network.sh --purge         # stop the nodes and delete the state
#
# CADUCEUS_NETWORK_DIR defaults to /var/tmp/caduceus-network. Logs: <dir>/<name>.log.
# Development keys only (they are public): never for a network holding real data.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DATA="${CADUCEUS_NETWORK_DIR:-/var/tmp/caduceus-network}"
NAMES=(alice bob charlie dave)
P2P_BASE=30410   # alice 30411, bob 30412, ...
RPC_BASE=9950    # alice 9951, bob 9952, ...

stop_nodes() {
	local pids=()
	for name in "${NAMES[@]}"; do
		local pidfile="$DATA/$name.pid"
		[ -f "$pidfile" ] || continue
		local pid
		pid=$(cat "$pidfile")
		if kill -0 "$pid" 2>/dev/null; then
			kill -INT "$pid" && pids+=("$pid")
		fi
		rm -f "$pidfile"
	done
	for pid in "${pids[@]+"${pids[@]}"}"; do
		for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		kill -KILL "$pid" 2>/dev/null || true
	done
	echo "local-network: ${#pids[@]} node(s) stopped; state kept in $DATA"
}

case "${1:-}" in
	--stop) stop_nodes; exit 0 ;;
	--purge) stop_nodes; rm -rf "$DATA"; echo "local-network: $DATA deleted"; exit 0 ;;
	"") ;;
	*) echo "usage: $0 [--stop | --purge]" >&2; exit 2 ;;
esac

for name in "${NAMES[@]}"; do
	if [ -f "$DATA/$name.pid" ] && kill -0 "$(cat "$DATA/$name.pid")" 2>/dev/null; then
		echo "local-network: already running (see $DATA); stop it with $0 --stop" >&2
		exit 1
	fi
done

caduceus_setup
# Built as scripts/test.sh builds it, so that one reuses the other's build.
cargo test --release --locked --workspace --no-run
NODE="$CARGO_TARGET_DIR/release/caduceus-node"
mkdir -p "$DATA"

# Node key n (1-based) is 32 bytes of value n: the keys whose PeerIds the preset allow-lists.
node_key_file() {
	local file="$DATA/$1.node-key"
	printf '%064x' "$2" > "$file"
	echo "$file"
}

bootnodes=()
for i in "${!NAMES[@]}"; do
	name=${NAMES[$i]}
	peer=$("$NODE" key inspect-node-key --file "$(node_key_file "$name" $((i + 1)))")
	bootnodes+=(--bootnodes "/ip4/127.0.0.1/tcp/$((P2P_BASE + i + 1))/p2p/$peer")
done

for i in "${!NAMES[@]}"; do
	name=${NAMES[$i]}
	"$NODE" --chain consortium --"$name" \
		--base-path "$DATA/$name" \
		--node-key-file "$DATA/$name.node-key" \
		--listen-addr "/ip4/127.0.0.1/tcp/$((P2P_BASE + i + 1))" \
		--rpc-port $((RPC_BASE + i + 1)) \
		"${bootnodes[@]}" \
		--no-telemetry --no-mdns --no-prometheus \
		>>"$DATA/$name.log" 2>&1 &
	echo $! > "$DATA/$name.pid"
done

rpc() {
	curl -s -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":[]}" "http://127.0.0.1:$1"
}

for i in "${!NAMES[@]}"; do
	port=$((RPC_BASE + i + 1))
	for _ in $(seq 1 120); do
		rpc "$port" system_health >/dev/null 2>&1 && break
		if ! kill -0 "$(cat "$DATA/${NAMES[$i]}.pid")" 2>/dev/null; then
			echo "local-network: ${NAMES[$i]} exited; its log:" >&2
			tail -n 20 "$DATA/${NAMES[$i]}.log" >&2
			stop_nodes
			exit 1
		fi
		sleep 0.5
	done
done

echo
echo "  Caduceus consortium network (4 validators) is running; state and logs in $DATA"
echo
printf '  %-8s %-28s %-26s %s\n' node RPC p2p PeerId
for i in "${!NAMES[@]}"; do
	peer=$("$NODE" key inspect-node-key --file "$DATA/${NAMES[$i]}.node-key")
	printf '  %-8s %-28s %-26s %s\n' "${NAMES[$i]}" "ws://127.0.0.1:$((RPC_BASE + i + 1))" \
		"/ip4/127.0.0.1/tcp/$((P2P_BASE + i + 1))" "$peer"
done
echo
echo "  Finalized head: curl -s -H 'Content-Type: application/json' -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_getFinalizedHead\",\"params\":[]}' http://127.0.0.1:$((RPC_BASE + 1))"
echo "  Stop: $0 --stop     Delete the state: $0 --purge"
echo
