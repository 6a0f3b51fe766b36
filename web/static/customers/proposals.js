// A proposal's fields as both customer pages show them (the field's name, a value or a quiet
// "leer"), and the business's decision: the fields taken onto the record, the rest ignored.

import { staffApi } from "../kit/api.js";
import { h } from "../kit/dom.js";
import { N_, t } from "../kit/i18n.js";

/** @typedef {import("./types.js").Customer} Customer */

/**
 * The fields a customer can propose, by the names the record gives them.
 * @type {Record<string, string>}
 */
const FIELDS = { first_name: N_("Vorname"), last_name: N_("Nachname"), phone: N_("Telefon") };

/**
 * A proposable field's name: "Nachname" for last_name.
 * @param {string} field
 * @returns {string}
 */
export function fieldLabel(field) {
  return FIELDS[field] ? t(FIELDS[field]) : field;
}

/**
 * The shown value of a field: its text, or a quiet "leer" for an empty one.
 * @param {string | null | undefined} value
 * @returns {HTMLSpanElement}
 */
export function shownValue(value) {
  return value ? h("span", {}, value) : h("span", { class: "value-empty" }, t("leer"));
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
