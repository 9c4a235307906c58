// The values the reads of every runtime API and view function take their arguments from.

import { Binary, compactNumber, decAnyMetadata, unifyMetadata, u64 } from "@polkadot-api/substrate-bindings";
import { toHex } from "polkadot-api/utils";
import { fromSuri } from "../src/index.js";

const ZERO32 = `0x${"00".repeat(32)}`;

/**
 * @param {import("../src/index.js").Chain} chain
 */
export async function readContext(chain) {
  const finalized = await chain.finalized();
  const at = finalized.hash;
  const [alice, bob, charlie, dave] = ["//Alice", "//Bob", "//Charlie", "//Dave"].map(fromSuri);
  const now = await chain.api.query.Timestamp.Now.getValue({ at });
  const meta = unifyMetadata(decAnyMetadata(await chain.client.getMetadata(at)));

  // A signed transaction from a known account (Bob), as a runtime API takes an extrinsic: its
  // SCALE encoding is the compact length and the body, and the API's codec adds the length.
  const remark = chain.api.tx.System.remark({ remark: Binary.fromText("caduceus-ts") });
  const signed = await remark.sign(bob.signer, { at, mortality: { mortal: false } });
  const prefix = compactNumber.dec(signed);
  const signedRemark = signed.slice(signed.length - prefix);

  const organisationView = meta.pallets
    .find((p) => p.name === "HealthIdentity")
    ?.viewFns.find((v) => v.name === "organisation");
  if (!organisationView) throw new Error("no view function HealthIdentity.organisation in the metadata");

  const preset = await chain.api.apis.GenesisBuilder.get_preset(undefined, { at });

  return {
    at,
    finalized,
    meta,
    now,
    alice: alice.address,
    bob: bob.address,
    charlie: charlie.address,
    dave: dave.address,
    signedRemark,
    remarkCall: remark.decodedCall,
    nextHeader: {
      parent_hash: finalized.hash,
      number: finalized.number + 1,
      state_root: ZERO32,
      extrinsics_root: ZERO32,
      digest: [],
    },
    inherentData: [[toHex(Binary.fromText("timstap0")), u64.enc(now + 6_000n)]],
    organisationViewId: {
      prefix: organisationView.id.slice(0, 34),
      suffix: `0x${organisationView.id.slice(34)}`,
    },
    organisationViewInput: new Uint8Array(4), // organisation 0 (u32)
    devPreset: preset ?? new Uint8Array(0),
  };
}
