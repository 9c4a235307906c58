// @caduceus/client: the TypeScript/JavaScript client of a Caduceus chain, on polkadot-api with
// descriptors generated offline from `client/metadata/caduceus.scale`.

export {
  BILLING_CODES_DOMAIN,
  DRUG_UNITS_DOMAIN,
  UNIT,
  appeal,
  claimLines,
  claimParty,
  claimsOf,
  codeToken,
  decideAppeal,
  decidePriorAuthorisation,
  definePlan,
  enrol,
  estimate,
  fund,
  parseAmount,
  paymentQueue,
  planTerms,
  requestPriorAuthorisation,
  review,
  sgtinElementString,
  showAmount,
  submitClaim,
  unitToken,
} from "./claims.js";
export { Chain, caduceus, connect, descriptorsMetadata, dispatchError, errorDoc, typedCodecs } from "./chain.js";
export {
  SIGNED_CONSENT_DOMAIN,
  checkAccess,
  consentHistory,
  consentTerms,
  consentsOf,
  decodeSignedConsent,
  encodeSignedConsent,
  grant,
  party,
  revoke,
  signedConsent,
  signedConsentNonce,
  signedConsentPayload,
  submitSignedConsent,
} from "./consent.js";
export { CaduceusError, NOT_A_PARTICIPANT, refusalReason, show } from "./errors.js";
export {
  GROUP_SEPARATOR,
  expiryMs,
  gs1CheckDigit,
  gs1CheckDigitValid,
  gtinHex,
  parseElementString,
} from "./gs1.js";
export { close, propose, threshold, vote } from "./governance.js";
export {
  acceptMove,
  administeredBy,
  appointGuardian,
  attest,
  cancelMove,
  organisation,
  organisations,
  participant,
  patient,
  registerOrganisation,
  registerPatient,
  removeGuardian,
  resignGuardianship,
  startMove,
  suspendOrganisation,
  text,
  transfer,
} from "./identity.js";
export { accountAddress, accountBytes, addressOf, fromSuri, keyPair, verifySr25519 } from "./keys.js";
export { anchor, auditTrail, openPointer, requestAccess, sealPointer, verifyDocument } from "./records.js";
export {
  DEMOGRAPHICS_DOMAIN,
  DOCUMENT_DOMAIN,
  commitment,
  demographicCommitment,
  documentHash,
  randomBytes,
} from "./salted.js";
export {
  CATEGORY_SLOTS_DOMAIN,
  broadCategories,
  categoriesIn,
  categoryIn,
  categoryKey,
  categorySlot,
  categorySlots,
  slotIndex,
  slotOrder,
} from "./slots.js";
export {
  commission,
  incomingShipments,
  productIdentifier,
  recallReach,
  registerProduct,
  ship,
  verifyPackage,
} from "./supply.js";
export {
  ACTIONS,
  DATA_CATEGORIES,
  GUARDIAN_SCOPES,
  ORG_KINDS,
  PURPOSES,
  ROLES,
  SENSITIVE_CATEGORIES,
  flagSet,
  flagsOf,
  namesOf,
  parseName,
} from "./vocabulary.js";
export {
  WALLET_PREFIX,
  WALLET_SUFFIX,
  signRawRequest,
  signWithExtension,
  signatureBytes,
  walletSign,
  walletWrapped,
} from "./wallet.js";
