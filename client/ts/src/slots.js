// How a patient's data categories are named on chain without being revealed (docs/privacy.md,
// `caduceus_primitives::category_slots`): each patient has a secret 32-byte category key, and the
// chain sees only slots 16..31 under it.
//
//   stream  = BLAKE2b-256(domain ‖ key ‖ 0) ‖ BLAKE2b-256(domain ‖ key ‖ 1) ‖ …   (one-byte counter)
//   order   = [0..15] shuffled by Fisher–Yates from the last position down: for i = 15 … 1, take
//             the next stream byte b, skipping any b ≥ 256 − 256 mod (i+1), and swap order[i]
//             with order[b mod (i+1)]
//   slot(c) = 16 + order[index of c in DataCategory]

import { Blake2256 } from "@polkadot-api/substrate-bindings";
import { fromHex, mergeUint8 } from "polkadot-api/utils";
import { CaduceusError } from "./errors.js";
import { DATA_CATEGORIES, SENSITIVE_CATEGORIES, flagSet, parseName } from "./vocabulary.js";

/** The domain of the slot stream. */
export const CATEGORY_SLOTS_DOMAIN = new TextEncoder().encode("caduceus:category-slots:v1");

/** The first keyed slot; there is one keyed slot per category. */
const KEYED = 16;

/**
 * A category key as 32 bytes.
 *
 * @param {Uint8Array | string} key 32 bytes, or their `0x` hex
 * @returns {Uint8Array}
 */
export function categoryKey(key) {
  const bytes = typeof key === "string" ? fromHexChecked(key, "category key") : key;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new CaduceusError("input", "a category key is 32 bytes");
  }
  return bytes;
}

/**
 * @param {string} text
 * @param {string} what
 */
export function fromHexChecked(text, what) {
  const bare = text.trim().replace(/^0x/i, "");
  if (bare.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(bare)) {
    throw new CaduceusError("input", `${what}: not hex`);
  }
  return fromHex(`0x${bare}`);
}

/**
 * Where each category sits under `key`: category `i` in slot `16 + order[i]`.
 *
 * @param {Uint8Array | string} key
 * @returns {number[]}
 */
export function slotOrder(key) {
  const k = categoryKey(key);
  const order = Array.from({ length: KEYED }, (_, i) => i);
  let counter = 0;
  /** @type {Uint8Array} */
  let block = new Uint8Array(0);
  let used = 0;
  const nextByte = () => {
    if (used === block.length) {
      if (counter > 255) throw new Error("category slot stream exhausted"); // never: 16 picks
      block = Blake2256(mergeUint8([CATEGORY_SLOTS_DOMAIN, k, Uint8Array.of(counter)]));
      counter += 1;
      used = 0;
    }
    return block[used++];
  };
  for (let i = KEYED - 1; i >= 1; i--) {
    const range = i + 1;
    const limit = 256 - (256 % range);
    let byte = nextByte();
    while (byte >= limit) byte = nextByte();
    const pick = byte % range;
    [order[i], order[pick]] = [order[pick], order[i]];
  }
  return order;
}

/**
 * The slot number (16..31) of `category` under `key`.
 *
 * @param {Uint8Array | string} key
 * @param {string} category a DataCategory name (`LabResults`, `lab-results`)
 */
export function slotIndex(key, category) {
  const index = DATA_CATEGORIES.indexOf(parseName(DATA_CATEGORIES, category));
  return KEYED + slotOrder(key)[index];
}

/**
 * The slot of `category` under `key`, as the chain's `CategorySlot` enum (`{ type: "Slot18" }`):
 * what `ConsentApi.check_access` and a record's anchoring take.
 *
 * @param {Uint8Array | string} key
 * @param {string} category
 * @returns {{ type: string, value: undefined }}
 */
export function categorySlot(key, category) {
  return { type: `Slot${slotIndex(key, category)}`, value: undefined };
}

/**
 * The slots of `categories` under `key`, as the `FlagSet` (u32 bits) a grant's `categories` is.
 *
 * @param {Uint8Array | string} key
 * @param {Iterable<string>} categories
 * @returns {number}
 */
export function categorySlots(key, categories) {
  const order = slotOrder(key);
  return flagSet(
    [...categories].map((c) => KEYED + order[DATA_CATEGORIES.indexOf(parseName(DATA_CATEGORIES, c))]),
  );
}

/**
 * The category in `slot` under `key`, if any: how a patient's tools read their grants back.
 *
 * @param {Uint8Array | string} key
 * @param {number | { type: string }} slot a slot number or the chain's `CategorySlot`
 * @returns {string | undefined}
 */
export function categoryIn(key, slot) {
  const number = typeof slot === "number" ? slot : Number(slot.type.replace(/^Slot/, ""));
  const position = slotOrder(key).indexOf(number - KEYED);
  return position < 0 ? undefined : DATA_CATEGORIES[position];
}

/**
 * The categories of a `FlagSet` of slots under `key`.
 *
 * @param {Uint8Array | string} key
 * @param {number} bits
 */
export function categoriesIn(key, bits) {
  const order = slotOrder(key);
  return DATA_CATEGORIES.filter((_, i) => ((bits >>> (KEYED + order[i])) & 1) === 1);
}

/** Every non-sensitive category: what a "share my whole record" grant means. */
export function broadCategories() {
  return DATA_CATEGORIES.filter((c) => !SENSITIVE_CATEGORIES.includes(c));
}
