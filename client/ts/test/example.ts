// The README's examples, type-checked (`npm run typecheck`) against the package's published types
// as a TypeScript web page and a submitting server would import them. Not run: the page half
// needs a browser with the polkadot.js extension; the end-to-end test runs the same steps.

import {
  anchor,
  auditTrail,
  codeToken,
  connect,
  consentTerms,
  fromSuri,
  openPointer,
  requestAccess,
  sealPointer,
  signWithExtension,
  signedConsentNonce,
  signedConsentPayload,
  submitSignedConsent,
  verifyDocument,
  verifyPackage,
} from "@caduceus/client";

declare const window: { injectedWeb3: Record<string, { enable(dapp: string): Promise<any> }> };

// --- The patient's page: the wallet signs, nothing is submitted from here. ---
export async function page(address: string, patient: bigint, categoryKey: Uint8Array) {
  const chain = await connect("wss://node.example.org");
  const injected = await window.injectedWeb3["polkadot-js"].enable("Caduceus patient portal");
  const now = await chain.now();
  const terms = consentTerms({ grantee: { organisation: 0 }, categories: ["LabResults"], categoryKey,
    purposes: ["Treatment"], actions: ["Read"], validUntil: now + 30n * 86_400_000n });
  const payload = await signedConsentPayload({ genesisHash: chain.genesisHash, patient, signer: address,
    nonce: await signedConsentNonce(chain, patient), expiresAt: now + 86_400_000n, terms });
  const signature = await signWithExtension(injected.signer, address, payload); // signs <Bytes>payload</Bytes>
  return { payload, signature }; // hand both to the submitter (e.g. POST them as hex)
}

// --- The submitter (the grantee's server), with a key the chain knows; it pays. ---
export async function submitter(payload: Uint8Array, signature: Uint8Array, suri: string) {
  const chain = await connect("wss://node.example.org");
  const { consent } = await submitSignedConsent(chain, fromSuri(suri), payload, signature);
  chain.destroy();
  const id: bigint = consent;
  return id;
}

// --- An EHR system anchors a document and asks for it; a pharmacy scans a package. ---
declare function serve(ground: { type: string; value: bigint }): void;
declare function explain(reason: { type: string }): void;

export async function ehr(authorSuri: string, fhirJson: string, fhirUrl: string, categoryKey: Uint8Array,
  pointerKey: Uint8Array, scannedText: string) {
  const chain = await connect("wss://node.example.org");
  const author = fromSuri(authorSuri);
  const { record, salt } = await anchor(chain, author, { patient: 0n, content: fhirJson,
    category: "LabResults", categoryKey, pointer: fhirUrl, pointerKey });
  const { anchors } = await verifyDocument(chain, fhirJson, salt);
  const answer = await requestAccess(chain, author, record, "Treatment");
  if (answer.granted) serve(answer.ground); else explain(answer.reason);
  const trail = await auditTrail(chain, 0n, { from: 0n, limit: 20 });
  const unit = await verifyPackage(chain, scannedText);
  const authentic: boolean | undefined = unit?.authentic;
  const opened: Uint8Array | undefined = openPointer(pointerKey, sealPointer(pointerKey, fhirUrl));
  chain.destroy();
  return { anchors, trail, authentic, opened, token: codeToken(pointerKey, "99213") };
}
