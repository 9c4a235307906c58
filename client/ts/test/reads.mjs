// What "a read of every runtime API and view function decodes" calls: the arguments for each
// method (the demo chain's identifiers), and the few methods left out, each with why.

import { Binary } from "@polkadot-api/substrate-bindings";

/** @typedef {{ [k: string]: any }} Context */

const ZERO32 = `0x${"00".repeat(32)}`;
const gtin = `0x${"00".repeat(14)}`;

/**
 * Arguments for each runtime API method, `Api.method` → (context) → argument list.
 *
 * @type {Record<string, (c: Context) => any[]>}
 */
export const RUNTIME_API_ARGS = {
  "Core.version": () => [],
  "Core.initialize_block": (c) => [c.nextHeader],
  "Metadata.metadata": () => [],
  "Metadata.metadata_at_version": () => [16],
  "Metadata.metadata_versions": () => [],
  "RuntimeViewFunction.execute_view_function": (c) => [c.organisationViewId, c.organisationViewInput],
  "BlockBuilder.apply_extrinsic": (c) => [c.signedRemark],
  "BlockBuilder.inherent_extrinsics": (c) => [c.inherentData],
  "BlockBuilder.check_inherents": (c) => [{ header: c.nextHeader, extrinsics: [] }, c.inherentData],
  "TaggedTransactionQueue.validate_transaction": (c) => [
    { type: "External", value: undefined },
    c.signedRemark,
    c.finalized.hash,
  ],
  "AuraApi.slot_duration": () => [],
  "AuraApi.authorities": () => [],
  "ValidatorSetApi.allowed_nodes": () => [],
  "ValidatorSetApi.validators": () => [],
  "SessionKeys.decode_session_keys": () => [new Uint8Array(64)],
  "GrandpaApi.grandpa_authorities": () => [],
  "GrandpaApi.submit_report_equivocation_unsigned_extrinsic": () => [
    {
      set_id: 0n,
      equivocation: {
        type: "Prevote",
        value: {
          round_number: 1n,
          identity: ZERO32,
          first: [{ target_hash: ZERO32, target_number: 1 }, `0x${"00".repeat(64)}`],
          second: [{ target_hash: ZERO32, target_number: 2 }, `0x${"00".repeat(64)}`],
        },
      },
    },
    new Uint8Array(0),
  ],
  "GrandpaApi.generate_key_ownership_proof": () => [0n, ZERO32],
  "GrandpaApi.current_set_id": () => [],
  "AccountNonceApi.account_nonce": (c) => [c.alice],
  "TransactionPaymentApi.query_info": (c) => [c.signedRemark, c.signedRemark.length],
  "TransactionPaymentApi.query_fee_details": (c) => [c.signedRemark, c.signedRemark.length],
  "TransactionPaymentApi.query_weight_to_fee": () => [{ ref_time: 1_000_000n, proof_size: 1_000n }],
  "TransactionPaymentApi.query_length_to_fee": () => [100],
  "TransactionPaymentCallApi.query_call_info": (c) => [c.remarkCall, 100],
  "TransactionPaymentCallApi.query_call_fee_details": (c) => [c.remarkCall, 100],
  "TransactionPaymentCallApi.query_weight_to_fee": () => [{ ref_time: 1_000_000n, proof_size: 1_000n }],
  "TransactionPaymentCallApi.query_length_to_fee": () => [100],
  "ConsentApi.check_access": (c) => [
    0n,
    c.charlie,
    { type: "Slot18", value: undefined },
    { type: "Treatment", value: undefined },
    { type: "Read", value: undefined },
  ],
  "ConsentApi.consents_of": () => [0n, undefined, 10],
  "ConsentApi.consent_history": () => [0n, 0n, 10],
  "ConsentApi.emergency_access": () => [0n],
  "RecordsApi.verify_document": () => [ZERO32, undefined],
  "RecordsApi.record": () => [0n],
  "RecordsApi.versions": () => [0n],
  "RecordsApi.audit_trail": () => [0n, 0n, 10],
  "RecordsApi.audit_trail_ends": () => [0n],
  "RecordsApi.audit_by_actor": (c) => [c.charlie, 0n, 10],
  "RecordsApi.audit_by_organisation": () => [0, 0n, 10],
  "RecordsApi.erasure_request_nonce": () => [0n],
  "RecordsApi.trial": () => [0],
  "RecordsApi.enrolment": () => [0, 0n],
  "SupplyChainApi.verify": () => [{ gtin, serial: Binary.fromText("SN1"), lot: Binary.fromText("LOT1"), expiry: 0n }],
  "SupplyChainApi.verify_return": () => [
    { gtin, serial: Binary.fromText("SN1"), lot: Binary.fromText("LOT1"), expiry: 0n },
    3,
  ],
  "SupplyChainApi.unit_history": () => [gtin, Binary.fromText("SN1")],
  "SupplyChainApi.lot_history": () => [{ gtin, lot: Binary.fromText("LOT1") }],
  "SupplyChainApi.container_history": () => [`0x${"00".repeat(18)}`],
  "SupplyChainApi.product": () => [gtin],
  "SupplyChainApi.lot": () => [{ gtin, lot: Binary.fromText("LOT1") }],
  "SupplyChainApi.container": () => [`0x${"00".repeat(18)}`],
  "SupplyChainApi.shipment": () => [0n],
  "ClaimsApi.estimate": (c) => [
    c.bob,
    0n,
    0,
    c.now,
    [{ code: Binary.fromText("99213"), units: 1, charged: 10_000n, prior_authorisation: undefined, drug_unit: undefined, evidence: undefined }],
  ],
  "ClaimsApi.claim": () => [0n],
  "ClaimsApi.plan": () => [0, undefined],
  "ClaimsApi.coverage": () => [0n, 0],
  "ClaimsApi.accumulator": () => [0n, 0, 2026],
  "ClaimsApi.prior_authorisation": () => [0n],
  "ClaimsApi.pool": () => [0],
  "GenesisBuilder.build_state": (c) => [c.devPreset],
  "GenesisBuilder.get_preset": () => [undefined],
  "GenesisBuilder.preset_names": () => [],
};

/** Runtime API methods not called, and why. */
export const SKIPPED_RUNTIME_APIS = {
  "Core.execute_block": "needs a whole valid block (sealed header and extrinsics) to execute",
  "BlockBuilder.finalize_block": "only answers inside a block being built (after initialize_block and the inherents)",
  "OffchainWorkerApi.offchain_worker": "runs offchain workers, which need the node's offchain extensions",
  "SessionKeys.generate_session_keys": "writes new keys to the node's keystore, which a runtime call has not",
};

/**
 * Arguments for each view function, `Pallet.function` → (context) → argument list.
 *
 * @type {Record<string, (c: Context) => any[]>}
 */
export const VIEW_ARGS = {
  "Recovery.provided_block_number": () => [],
  "Recovery.friend_groups": (c) => [c.dave],
  "Recovery.attempts": (c) => [c.dave],
  "Recovery.inheritor": (c) => [c.dave],
  "Recovery.inheritance": (c) => [c.dave],
  "HealthIdentity.participant": (c) => [c.charlie],
  "HealthIdentity.practitioners_of": () => [0, undefined, 10],
  "HealthIdentity.organisation": () => [0],
  "HealthIdentity.organisations": () => [undefined, 10, { type: "OldestFirst", value: undefined }],
  "HealthIdentity.patient": () => [0n],
  "HealthIdentity.wards_of": (c) => [c.dave],
  "HealthIdentity.guardians_of": () => [0n],
  "Consent.signed_consent_nonce": () => [1n],
  "Consent.grantors_of": () => [{ type: "Organisation", value: 0 }, undefined, 10],
  "Consent.consent_history_ends": () => [0n],
  "Records.records_of": () => [{ type: "Patient", value: 0n }, undefined, 10],
  "SupplyChain.shipments_to": () => [3, undefined, 10],
  "SupplyChain.recall_reach": () => [{ gtin, lot: Binary.fromText("LOT1") }, undefined, 10],
  "Claims.payment_queue": () => [0, undefined, 10],
  "Claims.claims_of": () => [{ type: "Patient", value: 0n }, undefined, 10],
};
