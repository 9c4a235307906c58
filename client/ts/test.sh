#!/usr/bin/env bash
# The TypeScript client's tests: installs the locked packages (`npm ci`, whose `prepare` step
# generates the polkadot-api descriptors from ../metadata/caduceus.scale and the package's type
# declarations), type-checks, then runs node's test runner: the offline tests and the end-to-end
# tests against a development node it starts (the caduceus-node binary: $CADUCEUS_NODE, else
# $CARGO_TARGET_DIR/release/caduceus-node, else /var/tmp/caduceus-target/release/caduceus-node).
#
#   client/ts/test.sh               # install, generate, type-check, test
#   client/ts/test.sh --no-install  # type-check and test an installed tree (npm test)
set -euo pipefail
cd "$(dirname "$0")"

install=1
for arg in "$@"; do
	case "$arg" in
	--no-install) install=0 ;;
	*)
		echo "usage: $0 [--no-install]" >&2
		exit 2
		;;
	esac
done

if ! ./node-version.sh; then
	echo "client/ts: needs Node.js 20.19 or later (polkadot-api's floor); this is $(node --version)" >&2
	exit 1
fi

started=$SECONDS
if [ "$install" = 1 ]; then
	# --prefer-offline: the npm cache answers when it can, so a second run needs no network.
	npm ci --prefer-offline --no-audit --no-fund
	echo "client/ts: installed and generated in $((SECONDS - started)) s"
fi
# A no-op when the descriptors match the metadata file; regenerates them when it changed.
npm run --silent generate

# Type-checks src/ and emits types/ afresh (what test/example.ts imports as @caduceus/client), so
# that --no-install checks the example against the sources as they are.
npx --no-install tsc -p tsconfig.types.json
npx --no-install tsc -p test/tsconfig.json

# Node 22+ has a global WebSocket; Node 20 has it behind a flag.
flags=()
if ! node -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)'; then
	flags+=(--experimental-websocket)
fi
tests_started=$SECONDS
node ${flags[@]+"${flags[@]}"} --test test/*.test.mjs
echo "client/ts: tests ran in $((SECONDS - tests_started)) s ($((SECONDS - started)) s in all)"
