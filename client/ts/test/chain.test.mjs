// Against a real development node: the claims reads on a chain without plans; then side by side
// a patient's wallet-signed consent end to end, a record anchored, verified, asked for and traced,
// drug units commissioned, shipped and scanned, an insurer registered by the council whose plan
// pays, denies, hears appeals, authorises and reviews claims, and a newcomer registering,
// appointing guardians and moving to a new wallet; then side by side a case of drug units packed,
// shipped to a hospital, received, opened, a unit dispensed and the lot recalled, and a patient
// blocking and unblocking a physician; then the pool's refusal of a stranger and a read of every
// runtime API and view function of the chain, each answer decoded with the types generated from
// client/metadata/caduceus.scale.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual, promisify } from "node:util";
import { Binary, Blake2256, compactNumber } from "@polkadot-api/substrate-bindings";
import { fromHex, mergeUint8, toHex } from "polkadot-api/utils";
import {
  CaduceusError,
  GROUP_SEPARATOR,
  acceptMove,
  administeredBy,
  anchor,
  appeal,
  appointGuardian,
  attest,
  block,
  cancelMove,
  close,
  decideAppeal,
  decidePriorAuthorisation,
  definePlan,
  demographicCommitment,
  enrol,
  fund,
  grant,
  propose,
  registerOrganisation,
  setCompanyPrefixes,
  registerPatient,
  removeGuardian,
  requestPriorAuthorisation,
  resignGuardianship,
  review,
  startMove,
  submitClaim,
  transfer,
  vote,
  auditTrail,
  categorySlots,
  checkAccess,
  claimsOf,
  commission,
  connect,
  consentHistory,
  consentTerms,
  consentsOf,
  container,
  descriptorsMetadata,
  dispense,
  documentHash,
  estimate,
  expiryMs,
  fromSuri,
  incomingShipments,
  recallReach,
  openPointer,
  organisation,
  organisations,
  parseAmount,
  patient,
  pack,
  paymentQueue,
  randomBytes,
  recallLot,
  receive,
  registerProduct,
  requestAccess,
  ship,
  ssccHex,
  signWithExtension,
  signedConsentNonce,
  signedConsentPayload,
  submitSignedConsent,
  text,
  typedCodecs,
  unblock,
  units,
  unpack,
  walletSign,
  walletWrapped,
  verifyDocument,
  verifyPackage,
  verifySr25519,
} from "../src/index.js";
import { readContext } from "./context.mjs";
import { startDevNode } from "./devnode.mjs";
import { fakeExtension } from "./extension.mjs";
import { RUNTIME_API_ARGS, SKIPPED_RUNTIME_APIS, VIEW_ARGS } from "./reads.mjs";
import { runRustCli, rustCli } from "./rustcli.mjs";

const run = promisify(execFile);
const KEY_CHARLIE_STASH = `0x${"c5".repeat(32)}`; // patient 1's demo category key
const KEY_DAVE = new Uint8Array(32).fill(0xda); // patient 0's
const HOUR = 3_600_000n;
const DAY = 24n * HOUR;
// Acme's product (GTIN under its company prefix 0300123), and a case (SSCC under its prefix for
// containers, 0614141) of three units of another lot, packed and shipped to St. Luke's in the
// first supply test, and received, opened and dispensed from once St. Luke's staff are free.
const GTIN = "00300123456785";
const CASE = { sscc: "006141410000000012", lot: "B2812", expiry: "281231", packed: ["CS1", "CS2", "CS3"], loose: "CS4" };

describe("a development node", { timeout: 900_000 }, () => {
  /** @type {import("./devnode.mjs").DevNode} */
  let node;
  /** @type {import("../src/index.js").Chain} */
  let chain;

  before(async () => {
    node = await startDevNode();
    chain = await connect(node.url);
  }, { timeout: 180_000 });

  after(async () => {
    chain?.destroy();
    await node?.stop();
  });

  /** A unit of the case's lot as a scan shows it: its status, custodian and container. */
  const scanCase = async (/** @type {string} */ serial) => {
    const report = await verifyPackage(chain, `(01)${GTIN}(21)${serial}(10)${CASE.lot}(17)${CASE.expiry}`);
    return [report?.status.type, report?.custodian, report?.container];
  };

  test("claims: the reads answer on a chain without plans (before the claims flow), and an estimate names its refusal", async () => {
    const charlie = fromSuri("//Charlie");
    assert.deepEqual(await claimsOf(chain, { patient: 0 }), []);
    assert.deepEqual(await claimsOf(chain, { provider: 0 }, { limit: 5 }), []);
    assert.deepEqual(await paymentQueue(chain, 0), []);
    await assert.rejects(claimsOf(chain, { insurer: 0 }, { limit: 0 }), /Claims\.claims_of: BadPageSize/);
    // The lines reach the runtime (codes as 16-byte tokens) and are refused for the plan.
    const lines = [{ code: "99213", units: 1, charged: parseAmount("150") }];
    await assert.rejects(estimate(chain, charlie.address, 0, 0, lines, new Uint8Array(32).fill(1)), (/** @type {any} */ e) => {
      assert.ok(e instanceof CaduceusError, String(e));
      assert.equal(e.kind, "query");
      assert.equal(e.message, "ClaimsApi.estimate: UnknownPlan");
      assert.deepEqual(e.details, { type: "UnknownPlan", value: undefined });
      return true;
    });
  });

  // Transactions wait for finality (12 to 18 s each): the flows of independent signers run side
  // by side, each test with its own accounts.
  describe("transactions, side by side", { concurrency: true }, () => {
    test("a patient's wallet-signed consent goes through end to end", { timeout: 240_000 }, async () => {
      const patientAccount = fromSuri("//Charlie//stash"); // patient 1
      // Any account the chain knows may submit a wallet-signed grant and pay for it: here St. Luke's
      // privacy officer, and the sudo key for the forgery (the council's Bob and Eve are busy with
      // the claims flow beside).
      const submitter = fromSuri("//Ferdie");
      const forger = fromSuri("//Alice");
      const charlie = fromSuri("//Charlie"); // a physician at St. Luke's (organisation 0)
      const labResults = (/** @type {string} */ category) =>
        checkAccess(chain, {
          patient: 1,
          accessor: charlie.address,
          category,
          categoryKey: KEY_CHARLIE_STASH,
          purpose: "Treatment",
          action: "Read",
        });

      assert.deepEqual(await labResults("LabResults"), { success: false, value: { type: "NoConsent", value: undefined } });

      // The page (or the Rust client) builds the payload from what the chain says...
      const nonce = await signedConsentNonce(chain, 1);
      assert.equal(typeof nonce, "number");
      const now = await chain.now();
      const lifetime = await chain.api.constants.Consent.MaxSignedConsentLifetime();
      const expiresAt = now + (DAY < lifetime ? DAY : lifetime);
      const terms = consentTerms({
        grantee: { organisation: 0 },
        categories: ["LabResults"],
        categoryKey: KEY_CHARLIE_STASH,
        purposes: ["Treatment"],
        actions: ["Read"],
        validUntil: now + 30n * DAY,
      });
      const payload = await signedConsentPayload({
        genesisHash: chain.genesisHash,
        patient: 1,
        signer: patientAccount.address,
        nonce,
        expiresAt,
        terms,
      });

      // ...and asks the patient's wallet to sign it, as the polkadot.js extension's signRaw does.
      const extension = fakeExtension([patientAccount]);
      const signature = await signWithExtension(extension.signer, patientAccount.address, payload);
      assert.deepEqual(extension.requests, [{ address: patientAccount.address, data: toHex(payload), type: "bytes" }]);
      assert.ok(verifySr25519(signature, walletWrapped(payload), patientAccount.publicKey));

      // A forgery (the same payload signed by another key) fails on chain, by name; the real one
      // goes through. Submitted together, by two submitters.
      const forged = await walletSign(payload, charlie.sign);
      const [forgery, granted] = await Promise.allSettled([
        submitSignedConsent(chain, forger, payload, forged),
        submitSignedConsent(chain, submitter, toHex(payload), toHex(signature)),
      ]);
      assert.equal(forgery.status, "rejected");
      assert.ok(forgery.reason instanceof CaduceusError, String(forgery.reason));
      assert.equal(forgery.reason.kind, "dispatch");
      assert.equal(forgery.reason.qualifiedName, "Consent.BadSignature");
      assert.match(forgery.reason.message, /^Consent\.BadSignature: The signature does not match/);
      assert.equal(granted.status, "fulfilled", granted.status === "rejected" ? String(granted.reason) : "");
      const { consent, event } = granted.value;
      assert.equal(event.patient, 1n);
      assert.deepEqual(event.grantee, { type: "Organisation", value: 0 });
      assert.equal(event.granted_by, patientAccount.address);
      assert.equal(event.signed_in_wallet, true);
      assert.equal(event.categories, categorySlots(KEY_CHARLIE_STASH, ["LabResults"]));

      // The gateway's question now has a yes, because of this grant, for lab results only.
      assert.deepEqual(await labResults("LabResults"), { success: true, value: { type: "Consent", value: consent } });
      assert.deepEqual(await labResults("Imaging"), {
        success: false,
        value: { type: "CategoryNotCovered", value: undefined },
      });
      const grants = await consentsOf(chain, 1);
      assert.ok(grants.some((/** @type {any} */ g) => g.grant.id === consent && g.grant.signed_in_wallet));
      assert.equal(await signedConsentNonce(chain, 1), nonce + 1);

      // Replaying the same signed payload fails: its nonce is used.
      await assert.rejects(submitSignedConsent(chain, submitter, payload, signature), (/** @type {any} */ e) => {
        assert.ok(e instanceof CaduceusError, String(e));
        assert.equal(e.kind, "dispatch");
        assert.equal(e.qualifiedName, "Consent.BadNonce");
        assert.match(e.doc, /nonce/);
        return true;
      });
      assert.equal(await signedConsentNonce(chain, 1), nonce + 1);
    });

    test("records: Charlie anchors Dave's lab result, finds it by its salt only, is granted access; the trail shows it", { timeout: 240_000 }, async () => {
      const charlie = fromSuri("//Charlie"); // physician at St. Luke's (organisation 0)
      const nurse = fromSuri("//Alice//stash"); // nurse at St. Luke's
      const keystone = fromSuri("//Eve//stash"); // Keystone Wholesale's admin: no practitioner
      const content = JSON.stringify({
        resourceType: "Observation",
        status: "final",
        code: { text: "Hemoglobin A1c" },
        valueQuantity: { value: 5.4, unit: "%" },
      });
      const pointer = "https://ehr.st-lukes.example/fhir/Observation/hba1c-1";
      const pointerKey = randomBytes(32);

      // Anchored under consent 0 (St. Luke's may write Dave's non-sensitive categories).
      const anchored = await anchor(chain, charlie, {
        patient: 0,
        content,
        category: "lab-results",
        categoryKey: KEY_DAVE,
        pointer,
        pointerKey,
      });
      assert.equal(typeof anchored.record, "bigint");
      assert.equal(anchored.salt.length, 32);
      assert.equal(anchored.contentHash, documentHash(anchored.salt, content));
      assert.equal(anchored.event.content_hash, anchored.contentHash);
      assert.equal(anchored.event.author, charlie.address);
      assert.equal(anchored.event.author_organisation, 0);
      assert.deepEqual(anchored.event.subject, {
        type: "Patient",
        value: { patient: 0n, category: { type: "Slot18", value: undefined } },
      });
      // Nothing tells another member which kind of document it is (docs/privacy.md).
      assert.equal("resource_type" in anchored.event, false);
      assert.equal(JSON.stringify(anchored.event, (_, v) => (typeof v === "bigint" ? `${v}` : v)).includes("Observation"), false);

      // Found with its salt; not with another salt, not unsalted, not once changed.
      const found = await verifyDocument(chain, content, toHex(anchored.salt));
      assert.deepEqual(
        found.anchors.map((/** @type {any} */ a) => [a.record, a.status.type, a.anchor.author, a.copy]),
        [[anchored.record, "Current", charlie.address, false]],
      );
      assert.deepEqual((await verifyDocument(chain, content, new Uint8Array(32))).anchors, []);
      const unsalted = toHex(Blake2256(new TextEncoder().encode(content)));
      assert.deepEqual((await chain.api.apis.RecordsApi.verify_document(unsalted, undefined)).anchors, []);
      assert.deepEqual((await verifyDocument(chain, `${content} `, anchored.salt)).anchors, []);

      // The chain keeps the pointer sealed: it opens with the pointer key only.
      const kept = await chain.api.apis.RecordsApi.record(anchored.record);
      assert.ok(kept?.pointer, "the record keeps its pointer");
      assert.ok(!Buffer.from(kept.pointer).includes("st-lukes"), "the pointer is not in clear");
      assert.equal(text(/** @type {Uint8Array} */ (openPointer(pointerKey, kept.pointer))), pointer);
      assert.equal(openPointer(randomBytes(32), kept.pointer), undefined);

      // The Rust command line finds the document with the salt anchored here.
      if (rustCli()) {
        const dir = mkdtempSync(join(tmpdir(), "caduceus-ts-doc-"));
        try {
          const file = join(dir, "observation.json");
          writeFileSync(file, content);
          const rust = await runRustCli(["--url", node.url, "--json", "records", "verify", file, "--salt", toHex(anchored.salt)]);
          assert.equal(rust.status, 0, rust.stderr);
          assert.deepEqual(
            JSON.parse(rust.stdout).map((/** @type {any} */ r) => [r.record, r.status, r.author]),
            [[Number(anchored.record), "Current", charlie.address]],
          );
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }

      // Three asks, side by side: Charlie for treatment (granted on consent 0), the nurse for
      // research (denied by consent, on the trail), Keystone's admin (refused: no practitioner).
      const [granted, denied, refused] = await Promise.all([
        requestAccess(chain, charlie, anchored.record, "Treatment"),
        requestAccess(chain, nurse, anchored.record, "research"),
        requestAccess(chain, keystone, anchored.record, "Treatment"),
      ]);
      assert.equal(granted.granted, true);
      assert.deepEqual(granted.granted && granted.ground, { type: "Consent", value: 0n });
      assert.equal(granted.event.accessor, charlie.address);
      assert.deepEqual(granted.event.purpose, { type: "Treatment", value: undefined });
      assert.ok(!denied.granted && !denied.refused, JSON.stringify(denied, (_, v) => (typeof v === "bigint" ? `${v}` : v)));
      assert.deepEqual(!denied.granted && denied.reason, { type: "PurposeNotServedByRole", value: undefined });
      assert.ok(!refused.granted && refused.refused);
      assert.deepEqual(!refused.granted && refused.reason, { type: "NotAPractitioner", value: undefined });

      // Dave's trail: the anchoring, then the grant and the denial (a refusal leaves no entry).
      const trail = await auditTrail(chain, 0);
      const entries = trail.filter((/** @type {any} */ e) => e.event.value?.record === anchored.record);
      const [first, ...asks] = entries;
      assert.deepEqual([first.event.type, first.actor, first.organisation], ["Anchored", charlie.address, 0]);
      assert.deepEqual(first.event.value.category, { type: "Slot18", value: undefined });
      assert.deepEqual(asks.map((/** @type {any} */ e) => [e.event.type, e.actor]).sort(), [
        ["AccessDenied", nurse.address],
        ["AccessGranted", charlie.address],
      ]);
      const grantEntry = entries.find((/** @type {any} */ e) => e.event.type === "AccessGranted");
      assert.deepEqual(grantEntry.event.value.ground, { type: "Consent", value: 0n });
      assert.ok(!trail.some((/** @type {any} */ e) => e.actor === keystone.address));
      // Paging from a sequence number.
      assert.deepEqual(await auditTrail(chain, 0, { from: first.sequence, limit: 1 }), [first]);
    });

    test("supply chain: a scan of an uncommissioned unit answers none; Acme's units verify once commissioned, and the shipment shows at Keystone; a case packed for St. Luke's moves as one item", { timeout: 300_000 }, async () => {
      const acme = fromSuri("//Dave//stash"); // Acme Pharmaceuticals' admin (company prefix 0300123)
      const scan = (/** @type {string} */ serial, expiry = "271231") => `(01)${GTIN}(21)${serial}(10)A2611(17)${expiry}`;

      assert.equal(await verifyPackage(chain, scan("SN1")), undefined);

      await registerProduct(chain, acme, GTIN);
      /** @type {number[]} */
      const progress = [];
      await commission(chain, acme, { gtin: GTIN, lot: "A2611", expiry: "271231", serials: ["SN1", "SN2", "SN3"] }, (n) =>
        progress.push(n),
      );
      assert.equal(progress.at(-1), 3);
      const documents = documentHash(randomBytes(32), "packing list: SN1");
      const shipments = await ship(chain, acme, { to: 3, gtin: GTIN, serials: ["SN1"], documents });
      assert.equal(shipments.length, 1);
      const [shipment] = shipments;

      // The scanner's form of SN1: authentic, in transit in that shipment.
      const scanned = `]d201${GTIN}17271231` + `10A2611${GROUP_SEPARATOR}21SN1`;
      const inTransit = await verifyPackage(chain, scanned);
      assert.deepEqual(inTransit, {
        authentic: true,
        status: { type: "InTransit", value: undefined },
        custodian: 2,
        shipment,
        container: undefined,
        commissioned_by: 2,
        lot: new TextEncoder().encode("A2611"),
        expiry: expiryMs("271231"),
      });
      const atAcme = await verifyPackage(chain, scan("SN2"));
      assert.equal(atAcme?.authentic, true);
      assert.deepEqual(atAcme?.status, { type: "Active", value: undefined });
      assert.equal(atAcme?.shipment, undefined);
      // Another expiry is not the one commissioned: the unit exists, the package is no genuine one.
      assert.equal((await verifyPackage(chain, scan("SN2", "271130")))?.authentic, false);
      assert.equal(await verifyPackage(chain, scan("SN9")), undefined);

      // Keystone sees the shipment coming.
      const incoming = await incomingShipments(chain, 3);
      assert.deepEqual(
        incoming.map((/** @type {[bigint, any]} */ [id, s]) => [id, s.from, s.to, s.documents, s.is_return]),
        [[shipment, 2, 3, documents, false]],
      );
      assert.deepEqual(incoming[0][1].items, [
        { type: "Unit", value: { gtin: toHex(new TextEncoder().encode(GTIN)), serial: new TextEncoder().encode("SN1") } },
      ]);
      assert.deepEqual(await incomingShipments(chain, 3, { startAfter: shipment }), []);

      // The reach of a recall of the lot: Acme holds two units, one is on its way to Keystone.
      const reach = await recallReach(chain, GTIN, "A2611");
      assert.deepEqual(
        reach.sort((/** @type {[number, any]} */ a, /** @type {[number, any]} */ b) => a[0] - b[0]),
        [
          [2, { held: 2, on_the_way: 0, dispensed: 0 }],
          [3, { held: 0, on_the_way: 1, dispensed: 0 }],
        ],
      );
      await assert.rejects(recallReach(chain, GTIN, "Z9"), /UnknownLot/);

      // The Rust command line reads the same scan the same way.
      if (rustCli()) {
        const rust = await runRustCli(["--url", node.url, "--json", "supply", "verify", scanned]);
        assert.equal(rust.status, 0, rust.stderr);
        const report = JSON.parse(rust.stdout);
        assert.deepEqual([report.authentic, report.status, report.shipment], [true, "InTransit", Number(shipment)]);
      }

      // Units of another lot: three packed into a case, which then moves as one item, to St.
      // Luke's (which receives it below, once its staff are free); the fourth stays loose.
      const sscc = ssccHex(CASE.sscc);
      await commission(chain, acme, { gtin: GTIN, lot: CASE.lot, expiry: CASE.expiry, serials: [...CASE.packed, CASE.loose] });
      const packed = await pack(chain, acme, CASE.sscc, units(GTIN, CASE.packed));
      assert.deepEqual(packed, { container: sscc, items: 3, by: 2 });
      assert.deepEqual(await scanCase("CS1"), ["Active", 2, sscc]);
      const asn = documentHash(randomBytes(32), "advance ship notice: case 1");
      const [toStLukes] = await ship(chain, acme, { to: 0, items: [container(CASE.sscc)], documents: asn });
      assert.deepEqual(await scanCase("CS2"), ["InTransit", 2, sscc]);
      assert.deepEqual(await scanCase(CASE.loose), ["Active", 2, undefined]);
      assert.deepEqual(
        (await incomingShipments(chain, 0)).map((/** @type {[bigint, any]} */ [id, s]) => [id, s.from, s.items, s.documents]),
        [[toStLukes, 2, [{ type: "Container", value: sscc }], asn]],
      );
    });

    test("claims: the council registers an insurer; its plan pays a lab test, an appeal overturns a denial, a prior authorisation and a review let claims through", { timeout: 480_000 }, async () => {
      const [bob, eve] = [fromSuri("//Bob"), fromSuri("//Eve")]; // the dev chain's council
      const insurerAdmin = fromSuri("//Ferdie//stash");
      const officer = fromSuri("//Harbor//ts-claims-officer");
      const technician = fromSuri("//Bob//stash"); // lab technician at Northside Laboratory (1)
      const dave = fromSuri("//Dave"); // patient 0: consent 1 lets the laboratory treat him
      const billingKey = randomBytes(32);

      // A motion of two thirds of a council of two: Bob moves it (and votes), Eve votes and closes.
      const motion = registerOrganisation(chain, {
        kind: "insurer",
        name: "Harbor Mutual Health",
        admin: insurerAdmin.address,
        licence: "NAIC-60219",
      });
      const proposed = await propose(chain, bob, motion);
      assert.equal(proposed.executed, false);
      assert.equal(!proposed.executed && proposed.motion.threshold, 2);
      const open = /** @type {{ executed: false, motion: { hash: string, index: number } }} */ (proposed).motion;
      await vote(chain, eve, open, true);
      assert.deepEqual(await close(chain, eve, open), { executed: true });
      await assert.rejects(close(chain, eve, open), /no open motion/);
      const insurer = await administeredBy(chain, insurerAdmin.address);
      assert.equal(typeof insurer, "number");
      // An insurer trades no drugs: the council's motion to give it a company prefix passes, and
      // its call fails with the pallet's error.
      const prefixes = await propose(chain, bob, setCompanyPrefixes(chain, /** @type {number} */ (insurer), ["0712345"]));
      const prefixesMotion = /** @type {{ executed: false, motion: { hash: string, index: number } }} */ (prefixes).motion;
      await vote(chain, eve, prefixesMotion, true);
      await assert.rejects(close(chain, eve, prefixesMotion), /SupplyChain\.NotATradingPartner/);
      assert.equal(text((await organisation(chain, /** @type {number} */ (insurer)))?.name ?? new Uint8Array()), "Harbor Mutual Health");

      // The insurer attests its claims officer while Dave lets the insurer's claims officers read
      // his billing data for payment (what adjudication checks).
      const now = await chain.now();
      const credentialHash = documentHash(randomBytes(32), "claims officer licence");
      const [attestedAt] = await Promise.all([
        attest(chain, insurerAdmin, { practitioner: officer.address, role: "claims-officer", credentialHash }),
        grant(
          chain,
          dave,
          0,
          consentTerms({
            grantee: { organisation: /** @type {number} */ (insurer) },
            categories: ["Billing"],
            categoryKey: KEY_DAVE,
            purposes: ["Payment"],
            actions: ["Read"],
            roles: ["ClaimsOfficer"],
            validUntil: now + 365n * DAY,
          }),
        ),
      ]);
      assert.equal(attestedAt, insurer);
      const plan = await definePlan(
        chain,
        insurerAdmin,
        {
          services: [
            { code: "80053", unit_price_cap: 50, units_per_year: 4 },
            { code: "81479", unit_price_cap: "600", units_per_year: 2, needs_prior_authorisation: true },
            { code: "81408", unit_price_cap: "600", units_per_year: 2, needs_prior_authorisation: true },
          ],
          deductible: 0,
          coinsurance_percent: 20,
          copay: 0,
          out_of_pocket_max: 3000,
          benefit_max: 1_000_000,
          filing_window_days: 90,
        },
        billingKey,
        officer.address,
      );
      await enrol(chain, insurerAdmin, plan, 0);
      await fund(chain, insurerAdmin, parseAmount("20000"));

      // Every service the same day (duplicates are told apart per day of service), since enrolment.
      const dateOfService = await chain.now();
      const claim = (/** @type {import("../src/index.js").Line[]} */ lines) =>
        submitClaim(chain, technician, { patient: 0, plan, lines, dateOfService }, billingKey);
      // A metabolic panel: 40 charged, 20 % coinsurance: the plan pays 32, Dave owes 8, paid at once.
      const paid = await claim([{ code: "80053", units: 1, charged: parseAmount("40") }]);
      assert.deepEqual([paid.outcome, paid.benefit, paid.patientResponsibility], ["Approved", parseAmount("32"), parseAmount("8")]);

      // A genetic test billed without its prior authorisation is denied; the laboratory appeals
      // (twice: the second is refused by name) and the insurer overturns the denial.
      const denied = await claim([{ code: "81479", units: 1, charged: parseAmount("500") }]);
      assert.deepEqual([denied.outcome, denied.benefit], ["Denied", 0n]);
      const letter = documentHash(randomBytes(32), "medically necessary");
      await appeal(chain, technician, denied.claim, letter);
      await assert.rejects(appeal(chain, technician, denied.claim, letter), (/** @type {any} */ e) => {
        assert.equal(e.qualifiedName, "Claims.AlreadyAppealed");
        return true;
      });
      const overturned = await decideAppeal(chain, insurerAdmin, denied.claim, true);
      assert.equal(overturned.overturned, true);
      assert.notEqual(overturned.remittance?.outcome, "Denied");
      assert.equal(overturned.remittance?.benefit, parseAmount("400"));

      // The way it should go: asked in advance, approved for one unit, the claim citing it is paid.
      const authorisation = await requestPriorAuthorisation(
        chain,
        technician,
        { patient: 0, plan, code: "81408", units: 1 },
        billingKey,
      );
      assert.equal(await decidePriorAuthorisation(chain, insurerAdmin, authorisation, { units: 1, days: 30 }), "Approved");
      const authorised = await claim([{ code: "81408", units: 1, charged: parseAmount("500"), priorAuthorisation: authorisation }]);
      assert.deepEqual([authorised.outcome, authorised.benefit], ["Approved", parseAmount("400")]);

      // Two more panels the same day at other charges look like duplicates: pended, then approved.
      const pended = await claim([
        { code: "80053", units: 1, charged: parseAmount("41") },
        { code: "80053", units: 1, charged: parseAmount("45") },
      ]);
      assert.equal(pended.outcome, "Pended");
      const reviewed = await review(chain, insurerAdmin, pended.claim, true);
      assert.equal(reviewed.claim, pended.claim);
      assert.notEqual(reviewed.outcome, "Pended");
      assert.ok(reviewed.benefit > 0n, `reviewed: ${reviewed.outcome}`);

      // Dave's claims, newest first, as the reads tell them; the funded pool owes nothing.
      const listed = await claimsOf(chain, { patient: 0 });
      assert.deepEqual(
        listed.map((/** @type {[bigint, any]} */ [id]) => id),
        [pended.claim, authorised.claim, denied.claim, paid.claim],
      );
      assert.deepEqual(await paymentQueue(chain, /** @type {number} */ (insurer)), []);
    });

    test("patients: a newcomer registers with demographics, appoints guardians who resign or are removed, and moves to a new wallet", { timeout: 480_000 }, async () => {
      const relative = fromSuri("//Charlie//stash"); // patient 1 funds the newcomer's accounts
      const tag = toHex(randomBytes(4));
      const newcomer = fromSuri(`//caduceus-ts-newcomer-${tag}`);
      const guardian = fromSuri(`//caduceus-ts-guardian-${tag}`);
      const newWallet = fromSuri(`//caduceus-ts-new-wallet-${tag}`);
      const elsewhere = fromSuri(`//caduceus-ts-elsewhere-${tag}`);
      const demographics = JSON.stringify({ name: "Ada Newcomer", birthDate: "1990-04-01" });

      await transfer(chain, relative, newcomer.address, parseAmount("10"));
      const [registered] = await Promise.all([
        registerPatient(chain, newcomer, { demographics }),
        transfer(chain, relative, newWallet.publicKey, parseAmount("5")),
      ]);
      const id = registered.patient;
      assert.equal(registered.salt?.length, 32);
      const shown = async () => /** @type {any} */ (await patient(chain, id));
      const profile = (await shown()).profile;
      assert.equal(profile.account, newcomer.address);
      // The chain keeps only the salted commitment: the wallet's salt and data reproduce it.
      assert.equal(profile.demographic_commitment, demographicCommitment(/** @type {Uint8Array} */ (registered.salt), demographics));

      // A guardian for consent, who resigns (paying from funds the relative sends meanwhile)...
      await Promise.all([
        appointGuardian(chain, newcomer, guardian.address, "consent"),
        transfer(chain, relative, guardian.address, parseAmount("5")),
      ]);
      const guardians = async () => (await shown()).profile.guardians.map((/** @type {any} */ g) => [g.guardian, g.scope.type]);
      assert.deepEqual(await guardians(), [[guardian.address, "Consent"]]);
      await resignGuardianship(chain, guardian, id);
      assert.deepEqual(await guardians(), []);
      // ...then for everything, removed by the patient.
      await appointGuardian(chain, newcomer, guardian.publicKey, "All", (await chain.now()) + 30n * DAY);
      assert.deepEqual(await guardians(), [[guardian.address, "All"]]);
      await removeGuardian(chain, newcomer, id, guardian.address);
      assert.deepEqual(await guardians(), []);

      // A move started and cancelled, then started again and accepted by the new wallet.
      await startMove(chain, newcomer, elsewhere.address);
      assert.equal((await shown()).moving_to, elsewhere.address);
      await cancelMove(chain, newcomer);
      assert.equal((await shown()).moving_to, undefined);
      await startMove(chain, newcomer, newWallet.address);
      await acceptMove(chain, newWallet, id);
      const moved = await shown();
      assert.deepEqual([moved.profile.account, moved.moving_to], [newWallet.address, undefined]);
      // The old wallet no longer speaks for the patient.
      await assert.rejects(cancelMove(chain, newcomer), (/** @type {any} */ e) => {
        assert.equal(e.kind, "refused");
        assert.match(e.message, /not a participant/);
        return true;
      });
    });
  });

  // The flows whose signers the tests above keep busy (St. Luke's admin and staff, Dave), side by
  // side once those are done: a signer's transactions must not overlap, or they share a nonce.
  describe("transactions, side by side, once the first are done", { concurrency: true }, () => {
    test("supply chain: St. Luke's receives Acme's case, opens it and dispenses a unit; Acme recalls the lot, and the scans and the recall's reach show where each unit is", { timeout: 240_000 }, async () => {
      const acme = fromSuri("//Dave//stash"); // Acme Pharmaceuticals' admin (organisation 2)
      const stLukes = fromSuri("//Bob"); // St. Luke's Hospital's admin (organisation 0)
      const encoder = new TextEncoder();
      const sscc = ssccHex(CASE.sscc);

      // The case the first supply test shipped is on its way to St. Luke's, which receives it
      // while Acme tries to ship the loose unit to the laboratory, which trades no medicines:
      // refused by name.
      const incoming = await incomingShipments(chain, 0);
      assert.deepEqual(
        incoming.map((/** @type {[bigint, any]} */ [, s]) => [s.from, s.items]),
        [[2, [{ type: "Container", value: sscc }]]],
      );
      const [[shipment]] = incoming;
      const [received, toLaboratory] = await Promise.allSettled([
        receive(chain, stLukes, shipment),
        ship(chain, acme, { to: 1, gtin: GTIN, serials: [CASE.loose], documents: documentHash(randomBytes(32), "packing list") }),
      ]);
      assert.equal(received.status, "fulfilled", received.status === "rejected" ? String(received.reason) : "");
      assert.deepEqual(received.value, { shipment, from: 2, to: 0 });
      assert.equal(toLaboratory.status, "rejected");
      assert.ok(toLaboratory.reason instanceof CaduceusError, String(toLaboratory.reason));
      assert.equal(toLaboratory.reason.kind, "dispatch");
      assert.equal(toLaboratory.reason.qualifiedName, "SupplyChain.NotTradingPartners");
      assert.deepEqual(await incomingShipments(chain, 0), []);
      assert.deepEqual(await scanCase("CS1"), ["Active", 0, sscc]);

      // The hospital opens the case and dispenses a unit from it.
      assert.deepEqual(await unpack(chain, stLukes, CASE.sscc), { container: sscc, items: 3, by: 0 });
      assert.deepEqual(await scanCase("CS2"), ["Active", 0, undefined]);
      const dispensed = await dispense(chain, stLukes, GTIN, "CS1");
      assert.deepEqual(dispensed, { unit: { gtin: toHex(encoder.encode(GTIN)), serial: encoder.encode("CS1") }, by: 0 });
      assert.deepEqual(await scanCase("CS1"), ["Dispensed", 0, undefined]);

      // Acme recalls the lot: every unit of it scans as recalled, the dispensed one too, and the
      // reach tells whom to call: St. Luke's (two units on its shelf, one dispensed) and Acme.
      const notice = documentHash(randomBytes(32), `recall notice: lot ${CASE.lot}`);
      const recalled = await recallLot(chain, acme, { gtin: GTIN, lot: CASE.lot, notice });
      assert.deepEqual(recalled, { gtin: toHex(encoder.encode(GTIN)), lot: encoder.encode(CASE.lot), by: 2, notice, units: 4 });
      for (const serial of [...CASE.packed, CASE.loose]) {
        assert.deepEqual(await scanCase(serial), ["Recalled", serial === CASE.loose ? 2 : 0, undefined], serial);
      }
      const reach = await recallReach(chain, GTIN, CASE.lot);
      assert.deepEqual(
        reach.sort((/** @type {[number, any]} */ a, /** @type {[number, any]} */ b) => a[0] - b[0]),
        [
          [0, { held: 2, on_the_way: 0, dispensed: 1 }],
          [2, { held: 1, on_the_way: 0, dispensed: 0 }],
        ],
      );
    });

    test("consent: Dave blocks the physician his grant lets in: the check answers Blocked (the nurse is still let in); unblocked, the grant applies again; his history shows both", { timeout: 240_000 }, async () => {
      const dave = fromSuri("//Dave"); // patient 0
      const charlie = fromSuri("//Charlie"); // physician at St. Luke's, let in by consent 0
      const nurse = fromSuri("//Alice//stash"); // nurse at St. Luke's
      const labResults = (/** @type {string} */ accessor) =>
        checkAccess(chain, { patient: 0, accessor, category: "LabResults", categoryKey: KEY_DAVE, purpose: "Treatment", action: "Read" });
      const allowed = { success: true, value: { type: "Consent", value: 0n } };
      const physician = { type: "Practitioner", value: charlie.address };
      assert.deepEqual(await labResults(charlie.address), allowed);

      assert.deepEqual(await block(chain, dave, 0, { practitioner: charlie.address }), { patient: 0n, party: physician, by: dave.address });
      assert.deepEqual(await labResults(charlie.address), { success: false, value: { type: "Blocked", value: undefined } });
      assert.deepEqual(await labResults(nurse.address), allowed);
      // Once is enough: a second block is refused by name (the physician given as a public key).
      await assert.rejects(block(chain, dave, 0n, { practitioner: charlie.publicKey }), (/** @type {any} */ e) => {
        assert.ok(e instanceof CaduceusError, String(e));
        assert.equal(e.kind, "dispatch");
        assert.equal(e.qualifiedName, "Consent.AlreadyBlocked");
        return true;
      });

      assert.deepEqual(await unblock(chain, dave, 0, physician), { patient: 0n, party: physician, by: dave.address });
      assert.deepEqual(await labResults(charlie.address), allowed);
      const history = await consentHistory(chain, 0);
      assert.deepEqual(
        history
          .filter((/** @type {any} */ e) => e.activity.type === "Blocked" || e.activity.type === "Unblocked")
          .map((/** @type {any} */ e) => [e.activity.type, e.actor, e.activity.value.party]),
        [
          ["Blocked", dave.address, physician],
          ["Unblocked", dave.address, physician],
        ],
      );
    });
  });

  test("slots computed here are those of the chain's demo grants (Dave's key 0xda…)", async () => {
    const question = (/** @type {string} */ category) =>
      checkAccess(chain, {
        patient: 0,
        accessor: fromSuri("//Charlie").address,
        category,
        categoryKey: KEY_DAVE,
        purpose: "treatment",
        action: "read",
      });
    // Consent 0: St. Luke's may read every non-sensitive category of Dave's for treatment.
    for (const category of ["LabResults", "Medications", "Demographics", "Imaging"]) {
      assert.deepEqual(await question(category), { success: true, value: { type: "Consent", value: 0n } }, category);
    }
    for (const category of ["Hiv", "MentalHealth", "Genetic"]) {
      assert.deepEqual(
        await question(category),
        { success: false, value: { type: "CategoryNotCovered", value: undefined } },
        category,
      );
    }
  });

  test("the pool refuses a transaction from an account the chain does not know", async () => {
    const stranger = fromSuri("//caduceus-ts-stranger");
    const remark = chain.api.tx.System.remark({ remark: Binary.fromText("hello") });
    await assert.rejects(chain.submit(remark, stranger), (/** @type {any} */ e) => {
      assert.ok(e instanceof CaduceusError, String(e));
      assert.equal(e.kind, "refused");
      assert.match(e.message, /^refused by the transaction pool: not a participant/);
      assert.deepEqual(e.details, { type: "Invalid", value: { type: "Custom", value: 100 } });
      return true;
    });
  });

  test("a read of every runtime API decodes", { timeout: 120_000 }, async () => {
    const c = await readContext(chain);
    const codecs = await typedCodecs();
    const live = c.meta.apis.flatMap((api) => api.methods.map((m) => `${api.name}.${m.name}`));
    const generated = (await descriptorsMetadata()).apis.flatMap((api) =>
      api.methods.map((m) => `${api.name}.${m.name}`),
    );
    assert.deepEqual(live, generated, "the node's runtime APIs are not those of client/metadata/caduceus.scale");
    const listed = [...Object.keys(RUNTIME_API_ARGS), ...Object.keys(SKIPPED_RUNTIME_APIS)].sort();
    assert.deepEqual(listed, [...live].sort(), "every runtime API method is called or skipped with a reason");

    /** @type {Record<string, any>} */
    const answers = {};
    for (const name of live) {
      if (name in SKIPPED_RUNTIME_APIS) continue;
      const [api, method] = name.split(".");
      const args = RUNTIME_API_ARGS[name](c);
      // The raw answer of `state_call`, decoded with the generated codec and encoded back: every
      // byte is read, and read right.
      const codec = codecs.apis[api][method];
      const raw = await chain.client._request("state_call", [`${api}_${method}`, toHex(codec.args.enc(args)), c.at]);
      const decoded = codec.value.dec(raw);
      assert.equal(toHex(codec.value.enc(decoded)), raw, `${name}: the answer does not decode exactly`);
      // The typed API (with polkadot-api's compatibility checks) answers the same.
      const typed = await /** @type {any} */ (chain.api.apis)[api][method](...args, { at: c.at });
      assert.ok(isDeepStrictEqual(typed, decoded), `${name}: the typed API answers differently`);
      answers[name] = typed;
    }

    // Some answers, checked against the demo chain.
    assert.equal(answers["Core.version"].spec_name, "caduceus");
    assert.deepEqual(new TextDecoder().decode(answers["Metadata.metadata_at_version"].slice(0, 4)), "meta");
    assert.ok(answers["Metadata.metadata_versions"].includes(16));
    assert.ok(answers["TaggedTransactionQueue.validate_transaction"].success, "Bob's remark is valid");
    assert.ok(answers["BlockBuilder.apply_extrinsic"].success, "Bob's remark applies");
    assert.deepEqual(answers["ConsentApi.check_access"], { success: true, value: { type: "Consent", value: 0n } });
    assert.ok(answers["ConsentApi.consents_of"].value.some((/** @type {any} */ g) => g.grant.id === 0n));
    assert.ok(answers["ValidatorSetApi.validators"].some((/** @type {any} */ v) => v.validator === c.alice));
    assert.ok(answers["GenesisBuilder.preset_names"].includes("development"));
    const view = answers["RuntimeViewFunction.execute_view_function"];
    assert.equal(view.success, true);
    const org0 = codecs.view.HealthIdentity.organisation.value.dec(view.value);
    assert.equal(text(org0.name), "St. Luke's Hospital");
  });

  test("a read of every view function decodes; the directory lists St. Luke's first", { timeout: 120_000 }, async () => {
    const c = await readContext(chain);
    const codecs = await typedCodecs();
    const execute = codecs.apis.RuntimeViewFunction.execute_view_function;
    const live = c.meta.pallets.flatMap((p) => (p.viewFns ?? []).map((v) => ({ name: `${p.name}.${v.name}`, id: v.id })));
    const generated = (await descriptorsMetadata()).pallets.flatMap((p) =>
      (p.viewFns ?? []).map((v) => ({ name: `${p.name}.${v.name}`, id: v.id })),
    );
    assert.deepEqual(live, generated, "the node's view functions are not those of client/metadata/caduceus.scale");
    assert.deepEqual(Object.keys(VIEW_ARGS).sort(), live.map((v) => v.name).sort(), "every view function is called");

    /** @type {Record<string, any>} */
    const answers = {};
    for (const { name, id } of live) {
      const [pallet, fn] = name.split(".");
      const args = VIEW_ARGS[name](c);
      // Framed by hand as the runtime takes it (the view's id, then its arguments as one SCALE
      // Vec<u8>), the answer's Ok bytes decoded with the generated codec and encoded back.
      const codec = codecs.view[pallet][fn];
      const input = codec.args.enc(args);
      const query = mergeUint8([fromHex(id), compactNumber.enc(input.length), input]);
      const raw = await chain.client._request("state_call", [
        "RuntimeViewFunction_execute_view_function",
        toHex(query),
        c.at,
      ]);
      const answer = execute.value.dec(raw);
      assert.equal(answer.success, true, `${name}: ${JSON.stringify(answer.value)}`);
      const decoded = codec.value.dec(answer.value);
      assert.equal(toHex(codec.value.enc(decoded)), toHex(answer.value), `${name}: the answer does not decode exactly`);
      // polkadot-api's own view-function call answers the same.
      const typed = await /** @type {any} */ (chain.api.view)[pallet][fn](...args, { at: c.at });
      assert.ok(isDeepStrictEqual(typed, decoded), `${name}: the typed API answers differently`);
      answers[name] = typed;
    }

    const page = answers["HealthIdentity.organisations"];
    assert.equal(page.success, true);
    const [firstId, first] = page.value[0];
    assert.equal(firstId, 0);
    assert.equal(text(first.name), "St. Luke's Hospital");
    assert.deepEqual(first.status, { type: "Active", value: undefined });
    assert.deepEqual(first.kind, { type: "Hospital", value: undefined });
    assert.equal(first.admin, fromSuri("//Bob").address);
    assert.deepEqual(
      page.value.map((/** @type {[number, any]} */ [, o]) => text(o.name)),
      // ...and the insurer the council registered in the claims flow.
      ["St. Luke's Hospital", "Northside Laboratory", "Acme Pharmaceuticals", "Keystone Wholesale", "Harbor Mutual Health"],
    );
    assert.equal(answers["HealthIdentity.patient"].profile.account, c.dave);
    assert.equal(answers["HealthIdentity.participant"].practitioner[0].organisation, 0);
    assert.ok(answers["Consent.grantors_of"].value.includes(0n), "Dave granted St. Luke's");
    assert.equal(answers["Consent.signed_consent_nonce"].success, true);

    // The helpers answer the same as the raw reads.
    const directory = await organisations(chain, { limit: 10 });
    assert.deepEqual(directory, page.value);
    const newestFirst = await organisations(chain, { limit: 10, newestFirst: true });
    assert.deepEqual(newestFirst.map((/** @type {[number, any]} */ [id]) => id), [4, 3, 2, 1, 0]);
    assert.equal(text((await organisation(chain, 0)).name), "St. Luke's Hospital");
    assert.equal(await organisation(chain, 999), undefined);
    assert.equal((await patient(chain, 0)).profile.account, c.dave);
    assert.equal((await patient(chain, 1)).profile.account, fromSuri("//Charlie//stash").address);
    await assert.rejects(organisations(chain, { limit: 0 }), /HealthIdentity\.organisations: BadPageSize/);
  });

  // Last: it grants as patient 1, whom the tests above expect without this grant.
  test("the dApp guide's first steps run as written (examples/first-steps.mjs)", { timeout: 120_000 }, async () => {
    const script = fileURLToPath(new URL("../examples/first-steps.mjs", import.meta.url));
    // As a person runs it: Node 20 with the flag that gives it WebSocket, later Nodes without.
    const flags = Number(process.versions.node.split(".")[0]) < 22 ? ["--experimental-websocket"] : [];
    const { stdout } = await run(process.execPath, [...flags, script, node.url], { encoding: "utf8", timeout: 100_000 });
    const lines = stdout.trim().split("\n");
    assert.equal(lines[0], "organisation 0: St. Luke's Hospital, Hospital, Active");
    assert.match(lines[1], /^granted: consent \d+ of patient 1, in block #\d+$/);
    assert.match(lines[2], /^ConsentApi\.check_access: allowed by consent \d+$/);
  });
});
