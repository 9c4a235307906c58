#!/usr/bin/env bash
# Succeeds when the machine's Node.js is 20.19 or later, the floor of polkadot-api (package.json's
# "engines"), which the TypeScript client and its tests need.
exec node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)'
