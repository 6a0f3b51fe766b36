// A proposal's fields as both customer pages show them (the field's name, a value or a quiet
// "leer"), and the business's decision: the fields taken onto the record, the rest ignored.

import { staffApi } from "../kit/api.js";
import { h } from "../kit/dom.js";
import { pick } from "../kit/lang.js";

/** @typedef {import("./types.js").Customer} Customer */

const DE = {
  /** @type {Record<string, string>} */
  fields: { first_name: "Vorname", last_name: "Nachname", phone: "Telefon" },
  empty: "leer",
};

/** @type {typeof DE} */
const EN = {
  fields: { first_name: "First name", last_name: "Last name", phone: "Phone" },
  empty: "empty",
};

const TEXT = pick({ de: DE, en: EN });

/**
 * A proposable field's name: "Nachname" for last_name.
 * @param {string} field
 * @returns {string}
 */
export function fieldLabel(field) {
  return TEXT.fields[field] || field;
}

/**
 * The shown value of a field: its text, or a quiet "leer" for an empty one.
 * @param {string | null | undefined} value
 * @returns {HTMLSpanElement}
 */
export function shownValue(value) {
  return value ? h("span", {}, value) : h("span", { class: "value-empty" }, TEXT.empty);
}

/**
 * Takes the `take` fields of the proposal for the record and ignores the rest.
 * @param {string} customerId
 * @param {string[]} take
 * @returns {Promise<Customer>}  The record as it is afterwards.
 */
export function decide(customerId, take) {
  return staffApi("POST", `/api/v1/customers/${encodeURIComponent(customerId)}/proposal`, { take });
}
