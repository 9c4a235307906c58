#!/usr/bin/env bash
# RustSec advisories against every crate in Cargo.lock (docs/security.md, "Static bar").
#
#   ADVISORY_DB=/path/to/advisory-db scripts/advisories.sh
#
# The database is a checkout of https://github.com/rustsec/advisory-db: cargo-audit would clone it
# from GitHub, which this machine cannot reach, so it is given and never fetched. Installs
# cargo-audit (from crates.io) on first use. Fails on a vulnerability; lists unmaintained,
# unsound and yanked crates as warnings. The date of the database is printed with the result.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_AUDIT_VERSION=0.22.2
db="${ADVISORY_DB:?set ADVISORY_DB to a checkout of https://github.com/rustsec/advisory-db}"
if [ "$(cargo audit --version 2>/dev/null)" != "cargo-audit-audit $CARGO_AUDIT_VERSION" ]; then
	cargo install --locked cargo-audit --version "$CARGO_AUDIT_VERSION"
fi
# Crates with advisories ignored in .cargo/audit.toml because nothing builds them: checked here,
# for every package, target and feature, so that the reason cannot go stale unnoticed.
NOT_BUILT="h2@0.3.27 ring@0.16.20 rustls-webpki@0.101.7"
for crate in $NOT_BUILT; do
	if [ -n "$(cargo tree --locked --offline --workspace --all-features --target all \
		-e normal,build,dev -i "$crate" 2>/dev/null)" ]; then
		echo "advisories: $crate is built now; its advisories in .cargo/audit.toml need a new reason" >&2
		exit 1
	fi
done
echo "advisory database: $(git -C "$db" log -1 --format='%H of %cd' 2>/dev/null || echo "$db")"
exec cargo audit --db "$db" --no-fetch --stale --file Cargo.lock "$@"
