// The drug supply chain (DSCSA), as the Rust client's `supply_chain`: a scanned package
// verified, the shipments on their way to an organisation, the reach of a lot's recall; the
// trading partners' steps (a product registered, units commissioned, packed into cases and
// unpacked, shipped, received, dispensed) and a lot recalled.

import { codeBytes, expiryMs, gtinHex, parseElementString, ssccHex } from "./gs1.js";
import { CaduceusError } from "./errors.js";
import { contentBytes, fixedBytes } from "./salted.js";
import { toHex } from "polkadot-api/utils";

/** @typedef {import("./chain.js").Chain} Chain */
/** @typedef {import("./keys.js").KeyPair} KeyPair */
/** @typedef {import("./gs1.js").ElementString} ElementString */
/** @typedef {KeyPair | import("polkadot-api").PolkadotSigner} Signer */

/**
 * @typedef {{ type: "Unit", value: { gtin: string, serial: Uint8Array } } | { type: "Container", value: string }} Item
 *   What a pack or a shipment names (the chain's `Item`): a unit by GTIN and serial, or a
 *   container (a case, a pallet) by SSCC, which moves with everything in it. See `units` and
 *   `container`.
 */

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
    chain.api.view.SupplyChain.recall_reach(lotKey(gtin, lot), startAfter, limit),
  );
}

/**
 * The motion that gives trading partner `organisation` the GS1 company prefixes `prefixes` (4 to
 * 12 digits each, replacing its earlier ones; none takes them all away), for the council to pass
 * (`propose` in `governance.js`). It then registers products and names containers only under
 * them.
 *
 * @param {Chain} chain
 * @param {number} organisation
 * @param {string[]} prefixes
 */
export function setCompanyPrefixes(chain, organisation, prefixes) {
  for (const prefix of prefixes) {
    if (!/^[0-9]{4,12}$/.test(prefix)) {
      throw new CaduceusError("input", `company prefix ${JSON.stringify(prefix)}: GS1 company prefixes are 4 to 12 digits`);
    }
  }
  return chain.api.tx.SupplyChain.set_company_prefixes({ organisation, prefixes: prefixes.map(contentBytes) });
}

/**
 * Registers product `gtin` under one of the signer's organisation's company prefixes.
 *
 * @param {Chain} chain
 * @param {Signer} signer the manufacturer's admin
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
 * @param {Signer} signer
 * @param {{ gtin: string, lot: string, expiry: string, serials: string[] }} units
 * @param {(done: number) => void} [progress]
 */
export async function commission(chain, signer, { gtin, lot, expiry, serials }, progress = () => {}) {
  const product = gtinHex(gtin);
  const expires = expiryMs(expiry);
  const lotBytes = codeBytes(lot, "lot");
  const codes = serials.map((serial) => codeBytes(serial, "serial"));
  const batch = Math.max(1, await chain.api.constants.SupplyChain.MaxCommissionBatch());
  let done = 0;
  for (let i = 0; i < codes.length; i += batch) {
    const chunk = codes.slice(i, i + batch);
    const tx = chain.api.tx.SupplyChain.commission({
      gtin: product,
      lot: lotBytes,
      expiry: expires,
      serials: chunk,
    });
    await chain.submit(tx, signer);
    done += chunk.length;
    progress(done);
  }
}

/**
 * The units `serials` of `gtin` as items of a pack or a shipment (`Item`s), checked (the GTIN's
 * check digit, each serial's characters) before anything is submitted.
 *
 * @param {string} gtin 14 digits
 * @param {(string | Uint8Array)[]} serials
 * @returns {Item[]}
 */
export function units(gtin, serials) {
  const product = gtinHex(gtin);
  return serials.map((serial) => ({ type: "Unit", value: unitKey(product, serial) }));
}

/**
 * Container `sscc` (a case, a pallet) as an item of a pack or a shipment: it moves with
 * everything packed in it.
 *
 * @param {string} sscc 18 digits with a valid check digit
 * @returns {Item}
 */
export function container(sscc) {
  return { type: "Container", value: ssccHex(sscc) };
}

/**
 * A unit as the chain names it (`UnitKey`).
 *
 * @param {string} product the GTIN, as `gtinHex` gives it
 * @param {string | Uint8Array} serial
 */
function unitKey(product, serial) {
  return { gtin: product, serial: codeBytes(serial, "serial") };
}

/**
 * A lot as the chain names it (`LotKey`).
 *
 * @param {string} gtin 14 digits
 * @param {string | Uint8Array} lot
 */
function lotKey(gtin, lot) {
  return { gtin: gtinHex(gtin), lot: codeBytes(lot, "lot") };
}

/**
 * Ships `items` (units and containers: see `units` and `container`) and the units of `gtin` by
 * serial to organisation `to`, with the salted hash of the shipping documents (`documents`), in
 * as many shipments as the chain's limit on items (`MaxShipmentItems`) needs: the items first,
 * then the units. Resolves with the shipments' ids. A failed shipment rejects after the earlier
 * ones are final: `incomingShipments` lists them.
 *
 * Shipments go down the chain of custody (from a manufacturer, to a distributor or straight to a
 * pharmacy, hospital or clinic; between distributors) and returns back up it; any other is
 * refused (`SupplyChain.NotTradingPartners`). The recipient `receive`s them.
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {{ to: number, documents: Uint8Array | string, items?: Item[], gtin?: string, serials?: (string | Uint8Array)[] }} shipment
 * @returns {Promise<bigint[]>}
 */
export async function ship(chain, signer, { to, documents, items = [], gtin, serials }) {
  const named = gtin === undefined && serials === undefined ? [] : unitsNamed(gtin, serials);
  const moved = [...items, ...named];
  if (moved.length === 0) throw new CaduceusError("input", "a shipment names items, or units (gtin and serials)");
  const hash = toHex(fixedBytes(documents, 32, "documents hash"));
  const most = Math.max(1, await chain.api.constants.SupplyChain.MaxShipmentItems());
  const shipments = [];
  for (let i = 0; i < moved.length; i += most) {
    const chunk = moved.slice(i, i + most);
    const done = await chain.submit(chain.api.tx.SupplyChain.ship({ to, items: chunk, documents: hash }), signer);
    shipments.push(chain.emitted(done, chain.api.event.SupplyChain.Shipped, "SupplyChain.Shipped").shipment);
  }
  return shipments;
}

/**
 * `units(gtin, serials)`, where both must be given.
 *
 * @param {string | undefined} gtin
 * @param {(string | Uint8Array)[] | undefined} serials
 */
function unitsNamed(gtin, serials) {
  if (gtin === undefined || !serials?.length) {
    throw new CaduceusError("input", "units are named by a gtin and at least one serial");
  }
  return units(gtin, serials);
}

/**
 * Packs `items` the signer's organisation holds (units and containers: see `units` and
 * `container`) into container `sscc`: created if new (its SSCC under one of the organisation's
 * company prefixes), else one it holds and that is not itself packed. They move with it, in one
 * item of a shipment, until unpacked. Resolves with the `Packed` event (`{ container, items, by
 * }`, `items` how many).
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {string} sscc 18 digits
 * @param {Item[]} items
 */
export async function pack(chain, signer, sscc, items) {
  const args = { container: ssccHex(sscc), items };
  const done = await chain.submit(chain.api.tx.SupplyChain.pack(args), signer);
  return chain.emitted(done, chain.api.event.SupplyChain.Packed, "SupplyChain.Packed");
}

/**
 * Empties container `sscc`, which the signer's organisation holds (as a pharmacy opens a case):
 * its items are held loose again, each to be shipped or dispensed on its own. Resolves with the
 * `Unpacked` event (`{ container, items, by }`).
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {string} sscc 18 digits
 */
export async function unpack(chain, signer, sscc) {
  const args = { container: ssccHex(sscc) };
  const done = await chain.submit(chain.api.tx.SupplyChain.unpack(args), signer);
  return chain.emitted(done, chain.api.event.SupplyChain.Unpacked, "SupplyChain.Unpacked");
}

/**
 * Receives shipment `shipment` (an id from `ship` or `incomingShipments`) at the signer's
 * organisation, its recipient: it becomes the custodian of everything in it. Resolves with the
 * `Received` event (`{ shipment, from, to }`).
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {bigint | number} shipment
 */
export async function receive(chain, signer, shipment) {
  const done = await chain.submit(chain.api.tx.SupplyChain.receive({ shipment: BigInt(shipment) }), signer);
  return chain.emitted(done, chain.api.event.SupplyChain.Received, "SupplyChain.Received");
}

/**
 * Dispenses unit `serial` of `gtin`, which the signer's pharmacy, hospital or clinic holds (not
 * packed): its commercial life ends. The patient is not named: which drug a patient received is
 * health data, kept off chain (a claim line links the unit and its patient for the insurer).
 * Resolves with the `Dispensed` event (`{ unit, by }`). A recalled, suspect or expired unit is
 * refused (`SupplyChain.NotMovable`).
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {string} gtin 14 digits
 * @param {string | Uint8Array} serial
 */
export async function dispense(chain, signer, gtin, serial) {
  const args = { unit: unitKey(gtinHex(gtin), serial) };
  const done = await chain.submit(chain.api.tx.SupplyChain.dispense(args), signer);
  return chain.emitted(done, chain.api.event.SupplyChain.Dispensed, "SupplyChain.Dispensed");
}

/**
 * Recalls lot `lot` of `gtin`, by the product's owner or a regulator, with the salted hash of the
 * recall notice (`notice`, as `documentHash` makes it: keep the salt with the notice). Every
 * unit of the lot, wherever it is, reads as recalled at once (`verifyPackage`) and can no longer
 * be shipped or dispensed; `recallReach` lists whom to call. Resolves with the `LotRecalled` event
 * (`{ gtin, lot, by, notice, units }`, `units` how many the lot has).
 *
 * @param {Chain} chain
 * @param {Signer} signer
 * @param {{ gtin: string, lot: string | Uint8Array, notice: Uint8Array | string }} recall
 */
export async function recallLot(chain, signer, { gtin, lot, notice }) {
  const args = { lot: lotKey(gtin, lot), notice: toHex(fixedBytes(notice, 32, "notice hash")) };
  const done = await chain.submit(chain.api.tx.SupplyChain.recall_lot(args), signer);
  return chain.emitted(done, chain.api.event.SupplyChain.LotRecalled, "SupplyChain.LotRecalled");
}
