#!/usr/bin/env bash
# The curious-operator privacy audit (docs/privacy.md, "The curious-operator test").
#
# Starts a development node (archive), runs the demo flows of every pallet with realistic
# sensitive data (a patient's HIV and mental-health records and consents, a dispensed drug unit,
# claims with real CPT and NDC codes), then reads everything a node operator holds: every
# storage key and value at the head, and every block's extrinsics and events, all decoded with
# the runtime's metadata. It fails for each row of the disclosure budget that the chain does
# not meet, listing every offending item:
#
#   1. no_data_category_next_to_a_patient     a data category (sensitive or not) next to a patient id
#   2. no_billing_code_in_clear_or_unsalted   a billing code in clear or under an unsalted hash
#   3. no_patient_next_to_a_drug_unit         a drug unit's identifier next to a patient id
#   4. no_unsalted_hash_of_a_demo_document    an unsalted hash of a demo document
#   5. no_fhir_resource_type_of_a_patients_record
#                                             the FHIR resource type of a patient's record
#
# and the_operator_reads_and_decodes_everything checks the reader covered the whole chain.
#
# Every row runs here, those the chain does not meet yet included (row 3: a pharmacy claim line
# names its drug unit next to the patient), so this script fails until they are met.
# `scripts/test.sh` runs the rows that are met, as part of the node's tests.
#
#   scripts/privacy-audit.sh                                     # every row
#   scripts/privacy-audit.sh no_billing_code_in_clear_or_unsalted  # one row (a test name filter)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
caduceus_setup

exec cargo test --release --locked -p caduceus-node --test privacy -- --nocapture --test-threads=1 --include-ignored "$@"
