// The chain's vocabulary by name, and the bit sets (`FlagSet`) the chain keeps them in.
//
// Each list is in the order of the Rust enum (`caduceus_primitives::vocabulary`): a member's bit in
// a `FlagSet` is its index. The unit tests check Purpose, Action and Role against the enums of the
// metadata; DataCategory never reaches the chain (categories go there as slots, see `slots.js`)
// and is checked against the published slot vectors instead.

import { CaduceusError } from "./errors.js";

/** What data a consent or a record concerns. The last five are sensitive. */
export const DATA_CATEGORIES = Object.freeze([
  "Demographics",
  "Encounters",
  "Conditions",
  "Medications",
  "Allergies",
  "Immunizations",
  "LabResults",
  "Imaging",
  "Procedures",
  "ClinicalNotes",
  "Billing",
  "Genetic",
  "MentalHealth",
  "SubstanceUse",
  "SexualReproductiveHealth",
  "Hiv",
]);

/** The categories a broad grant never covers: they must be named one by one. */
export const SENSITIVE_CATEGORIES = Object.freeze([
  "Genetic",
  "MentalHealth",
  "SubstanceUse",
  "SexualReproductiveHealth",
  "Hiv",
]);

/** Why data is used (HL7 v3 PurposeOfUse). */
export const PURPOSES = Object.freeze([
  "Treatment",
  "EmergencyTreatment",
  "Payment",
  "Operations",
  "Research",
  "PublicHealth",
  "PatientRequest",
]);

/** What an accessor does with the data. */
export const ACTIONS = Object.freeze(["Read", "Write", "Disclose"]);

/** An organisation's kind (`OrgKind`): what it may do on the chain. */
export const ORG_KINDS = Object.freeze([
  "Hospital",
  "Clinic",
  "Laboratory",
  "Pharmacy",
  "Insurer",
  "Manufacturer",
  "Distributor",
  "Regulator",
  "PublicHealthAgency",
  "ResearchSponsor",
]);

/** What a guardian may do for a patient (`GuardianScope`). */
export const GUARDIAN_SCOPES = Object.freeze(["All", "Consent", "Records", "Emergency"]);

/** Practitioner roles. A grant to an organisation that names none covers the clinical ones. */
export const ROLES = Object.freeze([
  "Physician",
  "Nurse",
  "Pharmacist",
  "LabTechnician",
  "ClaimsOfficer",
  "PrivacyOfficer",
  "Researcher",
  "Administrator",
]);

/** @param {string} name */
const normalised = (name) => name.replace(/[^A-Za-z0-9]/g, "").toLowerCase();

/**
 * The member of `vocabulary` named `name`, in any case and spelling (`lab-results`,
 * `LabResults`, `lab_results`), as the chain spells it.
 *
 * @param {readonly string[]} vocabulary
 * @param {string} name
 * @returns {string}
 */
export function parseName(vocabulary, name) {
  const wanted = normalised(String(name));
  const found = vocabulary.find((member) => normalised(member) === wanted);
  if (found === undefined) {
    throw new CaduceusError("input", `unknown name \`${name}\`; one of: ${vocabulary.join(", ")}`);
  }
  return found;
}

/**
 * The index (the bit in a `FlagSet`, the variant index of the chain's enum) of `name`.
 *
 * @param {readonly string[]} vocabulary
 * @param {string} name
 */
export function indexOf(vocabulary, name) {
  return vocabulary.indexOf(parseName(vocabulary, name));
}

/**
 * A `FlagSet` (the chain's `{ bits: u32 }`, a plain number to polkadot-api) with the bits of
 * `indexes` set.
 *
 * @param {Iterable<number>} indexes
 * @returns {number}
 */
export function flagSet(indexes) {
  let bits = 0;
  for (const index of indexes) {
    if (!Number.isInteger(index) || index < 0 || index > 31) {
      throw new CaduceusError("input", `flag index ${index} is outside 0..31`);
    }
    bits = (bits | (1 << index)) >>> 0; // `>>> 0`: bit 31 stays a positive u32
  }
  return bits;
}

/**
 * The `FlagSet` of the named members of `vocabulary`.
 *
 * @param {readonly string[]} vocabulary
 * @param {Iterable<string>} names
 */
export function flagsOf(vocabulary, names) {
  return flagSet([...names].map((name) => indexOf(vocabulary, name)));
}

/**
 * The members of `vocabulary` whose bits are set in `bits`.
 *
 * @param {readonly string[]} vocabulary
 * @param {number} bits
 */
export function namesOf(vocabulary, bits) {
  return vocabulary.filter((_, index) => ((bits >>> index) & 1) === 1);
}

/**
 * A member of the chain's unit enums (`Purpose`, `Action`…) as polkadot-api takes it.
 *
 * @param {readonly string[]} vocabulary
 * @param {string} name
 * @returns {{ type: string, value: undefined }}
 */
export function variant(vocabulary, name) {
  return { type: parseName(vocabulary, name), value: undefined };
}
