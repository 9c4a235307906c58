// GS1 element strings as a scanner reads them off a package (the DSCSA product identifier), as
// the Rust client's `gs1`: `(01)00300123456785(21)SN1(10)A2611(17)271231` in the human-readable
// form, or the same without parentheses as a barcode scanner sends it, fixed-length fields (01)
// and (17) as they are, variable-length fields (10) and (21) ended by the group separator
// (ASCII 29), optionally after a symbology identifier (`]d2` DataMatrix, `]C1` GS1-128).

import { toHex } from "polkadot-api/utils";
import { CaduceusError } from "./errors.js";
import { contentBytes } from "./salted.js";

/** The group separator that ends a variable-length field in a scanned string. */
export const GROUP_SEPARATOR = "\u001d";

const GS = 0x1d;
const DAY_MS = 86_400_000n;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * @typedef {object} ElementString The four elements of a package's identifier, as text.
 * @property {string} gtin AI (01): the GTIN-14, 14 digits with a valid check digit
 * @property {string} serial AI (21)
 * @property {string} lot AI (10)
 * @property {string} expiry AI (17): `YYMMDD`
 */

/** @param {string} message */
const bad = (message) => new CaduceusError("input", message);

// What Rust's `str::trim` removes (the Unicode White_Space property), which is not quite what
// JavaScript's `String.prototype.trim` removes (U+FEFF, but not U+0085).
const EDGE_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/**
 * Reads `text`, in either form, with the four AIs in any order: the GTIN's check digit and the
 * expiry's date are checked. Throws a `CaduceusError` of kind `input` that says what is wrong.
 *
 * @param {string} text
 * @returns {ElementString}
 */
export function parseElementString(text) {
  let rest = String(text).replace(EDGE_SPACE, "");
  while (rest.startsWith("]d2")) rest = rest.slice(3);
  while (rest.startsWith("]C1")) rest = rest.slice(3);
  const fields = rest.startsWith("(") ? bracketed(rest) : scanned(rest);
  /** @param {string} ai */
  const find = (ai) => {
    const field = fields.find(([a]) => a === ai);
    if (!field) throw bad(`the element string has no (${ai})`);
    return field[1];
  };
  const gtin = find("01");
  if (encoder.encode(gtin).length !== 14) throw bad("(01) must be 14 digits");
  if (!gs1CheckDigitValid(gtin)) throw bad("(01) is not a GTIN-14 with a valid check digit");
  const expiry = find("17");
  if (encoder.encode(expiry).length !== 6) throw bad("(17) must be YYMMDD");
  expiryMs(expiry);
  return { gtin, serial: find("21"), lot: find("10"), expiry };
}

/**
 * The human-readable form: `(AI)value` pairs.
 *
 * @param {string} text
 * @returns {[string, string][]}
 */
function bracketed(text) {
  return text
    .split("(")
    .slice(1)
    .map((part) => {
      const close = part.indexOf(")");
      if (close < 0) throw bad(`unclosed AI in \`${part}\``);
      return /** @type {[string, string]} */ ([part.slice(0, close), part.slice(close + 1)]);
    });
}

/**
 * The scanner's form, read as UTF-8 bytes as the Rust client reads it.
 *
 * @param {string} text
 * @returns {[string, string][]}
 */
function scanned(text) {
  const bytes = encoder.encode(text);
  // Whether byte `i` starts a character (or is the end), where Rust may slice a `str`.
  const boundary = (/** @type {number} */ i) => i <= bytes.length && (i === bytes.length || (bytes[i] & 0xc0) !== 0x80);
  const str = (/** @type {number} */ from, /** @type {number} */ to) => decoder.decode(bytes.subarray(from, to));
  /** @type {[string, string][]} */
  const fields = [];
  let at = 0;
  while (at < bytes.length) {
    if (!boundary(at + 2)) throw bad("a truncated AI");
    const ai = str(at, at + 2);
    const body = at + 2;
    /** @type {number | undefined} */
    let length;
    if (ai === "01") length = 14;
    else if (ai === "17") length = 6;
    else if (ai !== "10" && ai !== "21") throw bad(`AI (${ai}) is not read here`);
    let end;
    let next;
    if (length !== undefined) {
      if (!boundary(body + length)) throw bad(`(${ai}) is short`);
      end = next = body + length;
    } else {
      const separator = bytes.indexOf(GS, body);
      end = separator < 0 ? bytes.length : separator;
      next = separator < 0 ? bytes.length : separator + 1;
    }
    fields.push([ai, str(body, end)]);
    while (next < bytes.length && bytes[next] === GS) next++;
    at = next;
  }
  return fields;
}

/**
 * The GS1 mod-10 check digit of `body` (ASCII digits): weights 3 and 1 alternate from the right.
 *
 * @param {string} body
 * @returns {string} one digit
 */
export function gs1CheckDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * Whether `digits` are ASCII digits whose last is the GS1 check digit of the others (GLN-13,
 * GTIN-8/12/13/14, SSCC-18).
 *
 * @param {string} digits
 */
export function gs1CheckDigitValid(digits) {
  return /^[0-9]+$/.test(digits) && gs1CheckDigit(digits.slice(0, -1)) === digits.slice(-1);
}

/**
 * A GTIN-14 as the chain takes it (`[u8; 14]`: its ASCII digits, as `0x` hex), checked.
 *
 * @param {string} gtin 14 digits with a valid check digit
 * @returns {string}
 */
export function gtinHex(gtin) {
  return keyHex(gtin, 14, "a GTIN-14");
}

/**
 * An SSCC (the serial shipping container code of a case or pallet) as the chain takes it
 * (`[u8; 18]`: its ASCII digits, as `0x` hex), checked.
 *
 * @param {string} sscc 18 digits with a valid check digit
 * @returns {string}
 */
export function ssccHex(sscc) {
  return keyHex(sscc, 18, "an SSCC");
}

/**
 * A GS1 key of `length` digits whose last is the check digit, as `0x` hex of its ASCII digits:
 * the chain refuses any other, so a typo is caught before a transaction is paid for.
 *
 * @param {string} key
 * @param {number} length
 * @param {string} name what it is, for the error (`a GTIN-14`)
 * @returns {string}
 */
function keyHex(key, length, name) {
  if (typeof key !== "string" || key.length !== length || !gs1CheckDigitValid(key)) {
    throw bad(`\`${key}\` is not ${name} with a valid check digit`);
  }
  return toHex(encoder.encode(key));
}

/** The most characters of a serial, AI (21), or a lot, AI (10). */
export const MAX_CODE_LENGTH = 20;

/**
 * A serial or lot as the chain takes it (bytes), if it is one: 1 to `MAX_CODE_LENGTH` printable
 * ASCII characters (GS1's set 82, which the chain checks in full). Checked before anything is
 * submitted, so that a batch does not fail halfway, after some of its transactions are final.
 *
 * @param {Uint8Array | string} code text (its UTF-8 bytes) or bytes
 * @param {string} what `serial`, `lot`, for the error
 * @returns {Uint8Array}
 */
export function codeBytes(code, what) {
  const bytes = contentBytes(code);
  if (bytes.length === 0 || bytes.length > MAX_CODE_LENGTH || !bytes.every((b) => b > 0x20 && b < 0x7f)) {
    const shown = typeof code === "string" ? code : decoder.decode(bytes);
    throw bad(`${what} \`${shown}\`: 1 to ${MAX_CODE_LENGTH} printable ASCII characters`);
  }
  return bytes;
}

/**
 * An AI (17) date as the chain keeps expiries: the last millisecond of that day, UTC. A day of
 * `00` is the month's last day (GS1 General Specifications, 7.12). Years are 2000 to 2099.
 *
 * @param {string | Uint8Array} yymmdd six ASCII digits
 * @returns {bigint} milliseconds since the epoch
 */
export function expiryMs(yymmdd) {
  const text = typeof yymmdd === "string" ? yymmdd : decoder.decode(yymmdd);
  if (!/^[0-9]{6}$/.test(text)) throw bad("(17) must be YYMMDD");
  const [year, month, day] = [2000 + Number(text.slice(0, 2)), Number(text.slice(2, 4)), Number(text.slice(4, 6))];
  if (month < 1 || month > 12) throw bad(`(17) month ${month} does not exist`);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate(); // day 0 of the next month
  const date = day === 0 ? last : day;
  if (date > last) throw bad(`(17) day ${date} does not exist in month ${month}`);
  const days = BigInt(Date.UTC(year, month - 1, date) / 86_400_000);
  return (days + 1n) * DAY_MS - 1n;
}
