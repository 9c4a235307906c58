// The drug supply chain (DSCSA), as the Rust client's `supply_chain`: a scanned package
// verified, the shipments on their way to an organisation, the reach of a lot's recall, and the
// manufacturer's first steps
// (a product registered, units commissioned, shipped).

import { expiryMs, gtinHex, parseElementString } from "./gs1.js";
import { contentBytes, fixedBytes } from "./salted.js";
import { toHex } from "polkadot-api/utils";

/** @typedef {import("./chain.js").Chain} Chain */
/** @typedef {import("./keys.js").KeyPair} KeyPair */
/** @typedef {import("./gs1.js").ElementString} ElementString */

/**
 * A package's identifier as the chain takes it (`ProductIdentifier`): the GTIN's ASCII digits,
 * the serial and lot as bytes, the expiry as the last millisecond of its day.
 *
 * @param {ElementString | string} scanned an element string, or its text
 * @returns {{ gtin: string, serial: Uint8Array, lot: Uint8Array, expiry: bigint }}
 */
export function productIdentifier(scanned) {
  const element = typeof scanned === "string" ? parseElementString(scanned) : scanned;
  return {
    gtin: gtinHex(element.gtin),
    serial: contentBytes(element.serial),
    lot: contentBytes(element.lot),
    expiry: expiryMs(element.expiry),
  };
}

/**
 * What the chain says of a scanned package (`SupplyChainApi.verify`): whether it is authentic
 * (commissioned by the GTIN's owner with this lot and expiry), its status, its custodian, its
 * shipment; undefined if no unit with this GTIN and serial was ever commissioned (do not
 * dispense). Never to whom it was dispensed.
 *
 * @param {Chain} chain
 * @param {ElementString | string} scanned an element string, or its text in either form
 */
export async function verifyPackage(chain, scanned) {
  return chain.api.apis.SupplyChainApi.verify(productIdentifier(scanned));
}

/**
 * The shipments on their way to organisation `to`, newest first: `[id, shipment]` pairs, a page
 * of up to `limit` older than `startAfter`.
 *
 * @param {Chain} chain
 * @param {number} to
 * @param {{ startAfter?: bigint | number, limit?: number }} [page]
 */
export async function incomingShipments(chain, to, { startAfter, limit = 100 } = {}) {
  return chain.ok(
    "SupplyChain.shipments_to",
    chain.api.view.SupplyChain.shipments_to(to, startAfter === undefined ? undefined : BigInt(startAfter), limit),
  );
}

/**
 * The reach of a recall of `lot` of `gtin` (`SupplyChain.recall_reach`): `[organisation, { held,
 * on_the_way, dispensed }]` for each organisation holding units of the lot (packed or not), with
 * units of it on their way to it, or that dispensed some; a page of up to `limit` after
 * organisation `startAfter`, in the chain's order of hashed organisation ids.
 *
 * @param {Chain} chain
 * @param {string} gtin 14 digits
 * @param {string} lot
 * @param {{ startAfter?: number, limit?: number }} [page]
 */
export async function recallReach(chain, gtin, lot, { startAfter, limit = 100 } = {}) {
  return chain.ok(
    "SupplyChain.recall_reach",
    chain.api.view.SupplyChain.recall_reach({ gtin: gtinHex(gtin), lot: contentBytes(lot) }, startAfter, limit),
  );
}

/**
 * Registers product `gtin` under one of the signer's organisation's company prefixes.
 *
 * @param {Chain} chain
 * @param {KeyPair | import("polkadot-api").PolkadotSigner} signer the manufacturer's admin
 * @param {string} gtin 14 digits
 */
export async function registerProduct(chain, signer, gtin) {
  await chain.submit(chain.api.tx.SupplyChain.register_product({ gtin: gtinHex(gtin) }), signer);
}

/**
 * Commissions `serials` of lot `lot` of `gtin`, expiring at the AI (17) date `expiry`, in as many
 * transactions as the chain's batch limit (`MaxCommissionBatch`) needs; `progress` hears how many
 * are done.
 *
 * @param {Chain} chain
 * @param {KeyPair | import("polkadot-api").PolkadotSigner} signer
 * @param {{ gtin: string, lot: string, expiry: string, serials: string[] }} units
 * @param {(done: number) => void} [progress]
 */
export async function commission(chain, signer, { gtin, lot, expiry, serials }, progress = () => {}) {
  const product = gtinHex(gtin);
  const expires = expiryMs(expiry);
  const batch = Math.max(1, await chain.api.constants.SupplyChain.MaxCommissionBatch());
  let done = 0;
  for (let i = 0; i < serials.length; i += batch) {
    const chunk = serials.slice(i, i + batch);
    const tx = chain.api.tx.SupplyChain.commission({
      gtin: product,
      lot: contentBytes(lot),
      expiry: expires,
      serials: chunk.map(contentBytes),
    });
    await chain.submit(tx, signer);
    done += chunk.length;
    progress(done);
  }
}

/**
 * Ships units of `gtin` by serial to organisation `to`, with the salted hash of the shipping
 * documents (`documentHash`), in as many shipments as the chain's limit on items
 * (`MaxShipmentItems`) needs. Resolves with the shipments' ids.
 *
 * @param {Chain} chain
 * @param {KeyPair | import("polkadot-api").PolkadotSigner} signer
 * @param {{ to: number, gtin: string, serials: string[], documents: Uint8Array | string }} shipment
 * @returns {Promise<bigint[]>}
 */
export async function ship(chain, signer, { to, gtin, serials, documents }) {
  const product = gtinHex(gtin);
  const hash = toHex(fixedBytes(documents, 32, "documents hash"));
  const most = Math.max(1, await chain.api.constants.SupplyChain.MaxShipmentItems());
  const shipments = [];
  for (let i = 0; i < serials.length; i += most) {
    const items = serials.slice(i, i + most).map((serial) => ({
      type: /** @type {const} */ ("Unit"),
      value: { gtin: product, serial: contentBytes(serial) },
    }));
    const done = await chain.submit(chain.api.tx.SupplyChain.ship({ to, items, documents: hash }), signer);
    shipments.push(chain.emitted(done, chain.api.event.SupplyChain.Shipped, "SupplyChain.Shipped").shipment);
  }
  return shipments;
}
