#!/usr/bin/env bash
# Checks the licence of every crate in Cargo.lock that the build uses, offline (docs/security.md,
# "Static bar"):
#
# - the runtime (what every member executes, and ships as on-chain code) and its dependencies
#   may use permissive licences only;
# - the rest of the workspace (node, tests, tools) may also use the Substrate client's
#   GPL-3.0-or-later WITH Classpath-exception-2.0 and the file-level copyleft MPL-2.0;
# - every crate declares a licence, except the ones named below with the reason.
#
# An SPDX expression passes when each of its AND parts has an allowed alternative among its OR
# (or "/") alternatives. Prints the count per licence; fails naming each crate that does not pass.
# Advisories (RustSec) need a database this offline check does not have: see docs/security.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PERMISSIVE="MIT|Apache-2.0|Apache-2.0 WITH LLVM-exception|BSD-1-Clause|BSD-2-Clause|BSD-3-Clause|0BSD|ISC|Zlib|Unicode-3.0|CC0-1.0|MIT-0|Unlicense|BSL-1.0|CDLA-Permissive-2.0"
CLIENT="$PERMISSIVE|GPL-3.0-or-later WITH Classpath-exception-2.0|MPL-2.0"
# Crates without a `license` field, checked by hand: name, and why they pass.
UNDECLARED="ring v0.16.20"   # ISC-style licence in its LICENSE file (BoringSSL parts: OpenSSL/ISC)

# `name version|licence` of every crate reached from the given packages (`cargo tree` arguments).
crates() {
	cargo tree --locked --offline "$@" --prefix none -f '{p}|{l}' 2>/dev/null \
		| sed 's/ (\*)$//; s/ (proc-macro)//' | sort -u
}

# Fails for each crate of stdin whose licence is not allowed by the alternation `$1`.
check() {
	awk -F'|' -v allowed="$1" -v undeclared="$UNDECLARED" -v what="$2" '
		function passes(expression,    conjuncts, n, i, alternatives, m, j, ok) {
			gsub(/[()]/, "", expression)
			n = split(expression, conjuncts, / AND /)
			for (i = 1; i <= n; i++) {
				m = split(conjuncts[i], alternatives, / OR |\//)
				ok = 0
				for (j = 1; j <= m; j++) {
					gsub(/^ +| +$/, "", alternatives[j])
					if (alternatives[j] ~ ("^(" allowed ")$")) ok = 1
				}
				if (!ok) return 0
			}
			return 1
		}
		{
			crate = $1; sub(/ \(.*$/, "", crate); licence = $2
			if (licence == "") {
				if (index(undeclared, crate) == 0) { print "no licence declared: " crate; bad++ }
			} else if (!passes(licence)) { print what ": " crate " (" licence ")"; bad++ }
			count[licence == "" ? "(undeclared, checked by hand)" : licence]++
		}
		END {
			for (licence in count) printf "  %4d  %s\n", count[licence], licence
			exit bad > 0
		}'
}

# The crates' manifests must be on this machine: on a fresh one, download what Cargo.lock names.
cargo fetch --locked --quiet
echo "licences: the runtime and its dependencies (permissive only)"
crates -p caduceus-runtime -e normal | check "$PERMISSIVE" "not permissive, in the runtime" | sort -rn
echo "licences: the whole workspace"
crates --workspace -e normal,build,dev | check "$CLIENT" "not allowed in the workspace" | sort -rn
echo "licences: ok"
