// What is wrong with the new-entry dialog's fields, said where it belongs: under the field it is
// about (marked invalid and focused), or above the fields when there is none to say it at.

import { find } from "../kit/dom.js";
import { locations } from "./setup.js";

/** @typedef {import("./entry-payload.js").Field} Field */

/** @type {Field[]} */
const FIELDS = ["when", "days", "customer", "email", "service", "location", "note"];

export class EntryErrors {
  /**
   * @param {HTMLDialogElement} dialog  #new-appointment, with an #na-…-error per field and #na-error.
   * @param {Record<Field, HTMLElement>} inputs  The input each field's error is about.
   */
  constructor(dialog, inputs) {
    this.dialog = dialog;
    this.inputs = inputs;
  }

  /** @param {string} id */
  $(id) {
    return find(this.dialog, `#${id}`);
  }

  /** @param {Field} name */
  inputOf(name) {
    return this.inputs[name];
  }

  /**
   * Says `message` under its field and focuses it; above the fields when there is none to say it
   * at (`name` null, or a field not shown).
   * @param {Field | null} name
   * @param {string} message
   */
  show(name, message) {
    const el = name && this.$(`na-${name}-error`);
    if (!name || !el || (name === "location" && locations.length < 2)
        || (name === "email" && this.$("na-email-field").hidden)) {
      const box = this.$("na-error");
      box.textContent = message;
      box.hidden = false;
      return;
    }
    el.textContent = message;
    el.setAttribute("role", "alert");
    const input = this.inputOf(name);
    input.setAttribute("aria-invalid", "true");
    input.focus();
    if (name === "when") this.$("na-when-row").classList.add("is-invalid");
    if (name === "days") this.$("na-days-row").classList.add("is-invalid");
  }

  /** @param {Field} name */
  clear(name) {
    const el = this.$(`na-${name}-error`);
    el.textContent = "";
    el.removeAttribute("role");
    this.inputOf(name).removeAttribute("aria-invalid");
    if (name === "when") this.$("na-when-row").classList.remove("is-invalid");
    if (name === "days") this.$("na-days-row").classList.remove("is-invalid");
    this.$("na-error").hidden = true;
  }

  /** Every field's error, and the one above the fields. */
  clearAll() {
    for (const name of FIELDS) this.clear(name);
  }
}
