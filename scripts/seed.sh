#!/usr/bin/env bash
# Brings a running development chain to life through the `caduceus` command line, as its users
# would. On the demo chain (`caduceus-node --dev --chain demo`, which `scripts/dev.sh` runs), whose
# genesis holds only its founding member St. Luke's Hospital (organisation 0, admin Bob), the
# consortium first registers the laboratory, the manufacturer and the distributor through council
# motions and gives the two trading partners their GS1 company prefixes; the admins attest their
# practitioners; Dave and Charlie//stash register as patients, and Dave consents to the hospital
# and the laboratory: the participants docs/development.md ("Demo data") lists. (On `--dev`,
# whose genesis already holds them, that step is skipped.)
#
# Then patients grant consents (one naming a sensitive category, one signed in a wallet and
# submitted by the laboratory), a physician anchors lab results, reads one under consent and a
# nurse is refused for research (both on the patient's audit trail), the manufacturer commissions
# two lots, ships to the hospital, which receives and dispenses, and one lot is recalled.
#
#   scripts/seed.sh [ws://127.0.0.1:9944]
#
# The three flows use different signers, so they run side by side (each transaction waits for
# finality). Then the consortium registers an insurer
# through a council motion, which defines a plan, enrols Dave and funds its pool; Charlie bills
# a visit and a panel (paid) and an uncovered test (denied), and appeals, which the insurer
# upholds; an MRI authorised in advance is paid; two same-day visits are pended, then approved on
# review. Last, a clinic and a
# pharmacy join the same way; drugs go from Acme through Keystone Wholesale to the pharmacy,
# which dispenses.
set -euo pipefail
# A failure inside `$(…)` (an organisation's motion) stops the script too.
shopt -s inherit_errexit
URL=${1:-ws://127.0.0.1:9944}
CLI="${CARGO_TARGET_DIR:-$(cd "$(dirname "$0")/.." && pwd)/target}/release/caduceus"
WORK=$(mktemp -d -t caduceus-seed.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
DAVE_KEY=0x$(printf 'da%.0s' {1..32})
CHARLIE_STASH_KEY=0x$(printf 'c5%.0s' {1..32})
GTIN=00300123456785
# The demo plan's billing key, which the insurer would give the hospital off chain.
BILLING_KEY=0x$(printf 'b1%.0s' {1..32})

cli() { "$CLI" --url "$URL" "$@"; }

consents() {
	local patient=(--suri //Charlie//stash)
	cli "${patient[@]}" consent grant --patient 1 --org 0 --categories lab-results,medications \
		--category-key "$CHARLIE_STASH_KEY" --purposes treatment --actions read,write --days 365
	# A sensitive category is covered only when the patient names it.
	cli "${patient[@]}" consent grant --patient 1 --practitioner 5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y \
		--categories mental-health --category-key "$CHARLIE_STASH_KEY" --days 90
	# Signed in the patient's wallet, submitted (and paid for) by the laboratory's admin.
	cli "${patient[@]}" consent sign --patient 1 --org 1 --categories lab-results \
		--category-key "$CHARLIE_STASH_KEY" --out "$WORK/signed.json"
	cli --suri //Eve consent submit-signed "$WORK/signed.json"
}

records() {
	for name in glucose hba1c; do
		printf '{"resourceType":"Observation","code":"%s","subject":"Patient/0"}' "$name" > "$WORK/$name.json"
	done
	cli --suri //Charlie --json records anchor --patient 0 \
		--category lab-results --category-key "$DAVE_KEY" \
		--pointer "https://ehr.stlukes.example/fhir/Observation/{file}" \
		--pointer-key 0x$(printf '11%.0s' {1..32}) "$WORK/glucose.json" "$WORK/hba1c.json" > "$WORK/anchored.json"
	cat "$WORK/anchored.json"
	local record
	record=$(sed -n 's/^\[{[^}]*"record":\([0-9]*\).*/\1/p' "$WORK/anchored.json")
	cli --suri //Charlie records request-access "$record" --purpose treatment
	cli --suri //Alice//stash records request-access "$record" --purpose research
}

supply() {
	local maker=(--suri //Dave//stash)
	(echo serial; for n in $(seq 1 100); do echo "A$n"; done) > "$WORK/lot-a.csv"
	(echo serial; for n in $(seq 1 40); do echo "B$n"; done) > "$WORK/lot-b.csv"
	echo "advance ship notice" > "$WORK/asn.txt"
	echo "recall notice: lot B2612, label misprint" > "$WORK/notice.txt"
	cli "${maker[@]}" supply register-product --gtin "$GTIN"
	cli "${maker[@]}" supply commission --gtin "$GTIN" --lot A2611 --expiry 271231 --serials "$WORK/lot-a.csv"
	cli "${maker[@]}" supply commission --gtin "$GTIN" --lot B2612 --expiry 280630 --serials "$WORK/lot-b.csv"
	cli "${maker[@]}" --json supply ship --to 0 --gtin "$GTIN" --serial A1 --serial A2 --serial A3 \
		--serial B1 --documents "$WORK/asn.txt" > "$WORK/shipped.json"
	local shipment
	shipment=$(sed -n 's/.*"shipments":\[\([0-9]*\).*/\1/p' "$WORK/shipped.json")
	cli --suri //Bob supply receive "$shipment"
	cli --suri //Bob supply dispense --gtin "$GTIN" --serial A1
	cli "${maker[@]}" supply recall --gtin "$GTIN" --lot B2612 --notice "$WORK/notice.txt"
}

# Block times are read from the last finalized block: wait for the first.
for _ in $(seq 1 60); do
	"$CLI" --url "$URL" --json chain 2>/dev/null | grep -q '"finalized":[1-9]' && break
	sleep 2
done
"$CLI" --url "$URL" --json chain | grep -q '"finalized":[1-9]' || { echo "no finalized block at $URL" >&2; exit 1; }

# The account of secret URI $1.
account() { cli --suri "$1" --json account | sed 's/.*"account":"\([^"]*\)".*/\1/'; }

# A council motion moved by Bob (the CLI arguments "$@"), voted and closed by Eve.
motion() {
	local moved hash index
	moved=$(cli --suri //Bob --json "$@")
	hash=$(echo "$moved" | sed 's/.*"motion":"\([^"]*\)".*/\1/')
	index=$(echo "$moved" | sed 's/.*"index":\([0-9]*\).*/\1/')
	cli --suri //Eve council vote --motion "$hash" --index "$index" >&2
	cli --suri //Eve council close --motion "$hash" --index "$index" >&2
}

# The consortium registers organisation $1 of kind $2, run by $3, licence $4. Prints the new
# organisation's id.
register_org() {
	motion org register --name "$1" --kind "$2" --admin "$3" --licence "$4"
	cli --json org list --newest-first --limit 1 | sed 's/^\[{.*"id":\([0-9]*\).*/\1/'
}

# The participants of docs/development.md's "Demo data", with the ids it gives them, made
# through the client on a chain whose genesis holds St. Luke's Hospital alone: the council's
# motions and the admins' attestations (Bob and Eve sign one after the other) beside the patients
# registering and Dave consenting to the hospital (consent 0); once both are done, Dave consents
# to the laboratory (consent 1).
founding() {
	echo "licence" > "$WORK/licence.txt"
	local dave=(--suri //Dave consent grant --patient 0 --category-key "$DAVE_KEY" --purposes treatment
		--actions read,write --days 1825)
	# Each part runs in its own process, so that `set -e` stops it at its first failure, and both
	# are waited for before anything is said.
	members > "$WORK/members.log" 2>&1 &
	local members_pid=$! failed=0
	patients > "$WORK/patients.log" 2>&1 &
	wait "$!" || failed=1
	wait "$members_pid" || failed=1
	cat "$WORK/members.log" "$WORK/patients.log"
	[ "$failed" = 0 ]
	cli "${dave[@]}" --org 1 --categories lab-results
}

# The organisations the council registers (their ids checked) and their staff.
members() {
	[ "$(register_org "Northside Laboratory" laboratory "$(account //Eve)" CLIA-05D2093717)" = 1 ]
	[ "$(register_org "Acme Pharmaceuticals" manufacturer "$(account //Dave//stash)" DEA-RA0312345)" = 2 ]
	[ "$(register_org "Keystone Wholesale" distributor "$(account //Eve//stash)" WDD-PA-1187)" = 3 ]
	motion supply prefixes --org 2 --prefix 0300123 --prefix 0614141
	motion supply prefixes --org 3 --prefix 0614142
	attest //Eve //Bob//stash lab-technician
	attest //Bob //Charlie physician
	attest //Bob //Ferdie privacy-officer
	attest //Bob //Alice//stash nurse
}

# Admin $1 attests account $2 in role $3 at its organisation.
attest() {
	cli --suri "$1" org attest --practitioner "$(account "$2")" --role "$3" --credential "$WORK/licence.txt"
}

# Dave (patient 0) and Charlie//stash (patient 1) register; Dave consents to the hospital.
patients() {
	cli --suri //Dave patient register
	cli --suri //Charlie//stash patient register
	cli "${dave[@]}" --org 0 --categories \
		demographics,encounters,conditions,medications,allergies,immunizations,lab-results,imaging,procedures,clinical-notes,billing
}

claims() {
	local officer insurer plan
	officer=$(account //Harbor//ClaimsOfficer)
	insurer=$(register_org "Harbor Mutual Health" insurer "$(account //Ferdie//stash)" NAIC-60219)
	echo "claims officer licence" > "$WORK/credential.txt"
	local admin=(--suri //Ferdie//stash)
	cli "${admin[@]}" org attest --practitioner "$officer" --role claims-officer --credential "$WORK/credential.txt"
	cat > "$WORK/plan.json" <<'PLAN'
{"services": [{"code": "99213", "unit_price_cap": 150, "units_per_year": 6},
              {"code": "80053", "unit_price_cap": 40, "units_per_year": 2},
              {"code": "70553", "unit_price_cap": 1200, "units_per_year": 2,
               "needs_prior_authorisation": true}],
 "deductible": 0, "coinsurance_percent": 20, "copay": "10.50",
 "out_of_pocket_max": 3000, "benefit_max": 1000000, "filing_window_days": 90}
PLAN
	plan=$(cli "${admin[@]}" --json claims define-plan --file "$WORK/plan.json" --billing-key "$BILLING_KEY" \
		--adjudicator "$officer" | sed 's/.*"plan":\([0-9]*\).*/\1/')
	cli --suri //Dave consent grant --patient 0 --org "$insurer" --categories billing \
		--category-key "$DAVE_KEY" --purposes payment --roles claims-officer --days 365
	cli "${admin[@]}" claims enrol --plan "$plan" --patient 0
	cli "${admin[@]}" claims fund --amount 20000
	local bill=(--suri //Charlie claims submit --patient 0 --plan "$plan" --billing-key "$BILLING_KEY")
	cli "${bill[@]}" --line 99213:1:120 --line 80053:1:35
	# A service the plan does not cover is denied; the physician appeals.
	local denied
	denied=$(cli --json "${bill[@]}" --line 87389:1:65 | sed 's/.*"claim":\([0-9]*\).*/\1/')
	echo "the test is medically necessary" > "$WORK/appeal.txt"
	cli --suri //Charlie claims appeal "$denied" --evidence "$WORK/appeal.txt"
	# The insurer upholds the denial (the plan does not cover that test): the appeal is decided.
	cli "${admin[@]}" claims decide-appeal "$denied" --uphold
	# An MRI needs the insurer's authorisation in advance: asked, approved for one unit, billed.
	local authorisation
	authorisation=$(cli --suri //Charlie --json claims request-authorisation --patient 0 --plan "$plan" \
		--billing-key "$BILLING_KEY" --code 70553 --units 1 | sed 's/.*"authorisation":\([0-9]*\).*/\1/')
	cli "${admin[@]}" claims decide-authorisation "$authorisation" --units 1 --days 30
	cli "${bill[@]}" --line "70553:1:900::$authorisation"
	# Two more visits the same day at other charges look like duplicates: pended, then approved.
	local pended
	pended=$(cli --json "${bill[@]}" --line 99213:1:110 --line 99213:1:115 | sed 's/.*"claim":\([0-9]*\).*/\1/')
	cli "${admin[@]}" claims review "$pended" --approve
}

# A clinic and a pharmacy join through the council, their new admins funded by St. Luke's; each
# attests a practitioner. Acme ships to Keystone Wholesale, which ships on to the pharmacy, which
# receives and dispenses.
clinic_and_pharmacy() {
	local clinic_admin pharmacy_admin clinic pharmacy shipment
	clinic_admin=$(account //Riverside//Admin)
	pharmacy_admin=$(account //Corner//Admin)
	cli --suri //Bob transfer --to "$clinic_admin" --amount 1000
	cli --suri //Bob transfer --to "$pharmacy_admin" --amount 1000
	clinic=$(register_org "Riverside Family Clinic" clinic "$clinic_admin" CLIN-2291)
	pharmacy=$(register_org "Corner Pharmacy" pharmacy "$pharmacy_admin" PHARM-5521)
	echo "licence" > "$WORK/licence.txt"
	cli --suri //Riverside//Admin org attest --practitioner "$(account //Riverside//Physician)" \
		--role physician --credential "$WORK/licence.txt"
	cli --suri //Corner//Admin org attest --practitioner "$(account //Corner//Pharmacist)" \
		--role pharmacist --credential "$WORK/licence.txt"
	echo "clinic $clinic, pharmacy $pharmacy"
	echo "advance ship notice: Keystone" > "$WORK/asn-keystone.txt"
	shipment=$(cli --suri //Dave//stash --json supply ship --to 3 --gtin "$GTIN" --serial A10 --serial A11 \
		--serial A12 --documents "$WORK/asn-keystone.txt" | sed 's/.*"shipments":\[\([0-9]*\).*/\1/')
	cli --suri //Eve//stash supply receive "$shipment"
	shipment=$(cli --suri //Eve//stash --json supply ship --to "$pharmacy" --gtin "$GTIN" --serial A10 \
		--serial A11 --documents "$WORK/asn-keystone.txt" | sed 's/.*"shipments":\[\([0-9]*\).*/\1/')
	cli --suri //Corner//Admin supply receive "$shipment"
	cli --suri //Corner//Admin supply dispense --gtin "$GTIN" --serial A10
}

failed=0
# Waits for flow $1 (process $2) and says how it went; its log if it failed.
report() {
	if wait "$2"; then
		echo "seeded: $1"
	else
		echo "seeding $1 failed:" >&2
		sed 's/^/  /' "$WORK/$1.log" >&2
		failed=1
	fi
}
# The founding participants first, unless the chain's genesis holds them (`--dev`): its
# organisation 3, the distributor. (A demo chain whose founding stopped halfway is not resumed:
# start a new one.)
if ! cli --json org show 3 > /dev/null 2>&1; then
	founding > "$WORK/founding.log" 2>&1 &
	report founding "$!"
	[ "$failed" = 0 ] || exit 1
fi
for flow in consents records supply; do
	"$flow" > "$WORK/$flow.log" 2>&1 &
	eval "pid_$flow=$!"
done
for flow in consents records supply; do
	pid_var="pid_$flow"
	report "$flow" "${!pid_var}"
done
# Claims, then the clinic and the pharmacy, act as some of the same accounts (Bob, Eve, Charlie,
# Dave), so they follow, one after the other. In the background and waited for, like the others,
# so that `set -e` stops each at its first failure.
for flow in claims clinic_and_pharmacy; do
	"$flow" > "$WORK/$flow.log" 2>&1 &
	report "$flow" "$!"
done
exit "$failed"
