#!/usr/bin/env bash
# The long run of the claims life-cycle property test: random sequences of plan changes,
# enrolments, submissions, reviews, appeals, prior authorisations, fundings, withdrawals and
# payments, checked after every step (see pallets/claims/src/property_tests.rs). CI runs 2,000
# cases; this runs 100,000 by default.
#
#   scripts/property.sh            # 100,000 cases
#   scripts/property.sh 1000000    # more
set -euo pipefail
source "$(dirname "$0")/lib.sh"
caduceus_setup

export CADUCEUS_PROPERTY_CASES="${1:-100000}"
echo "property: $CADUCEUS_PROPERTY_CASES cases of 40 steps"
cargo test --release --locked -p pallet-claims property_tests -- --nocapture
