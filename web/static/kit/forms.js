// Form helpers of the customer's pages (booking and account): fields with their hint and error
// slots, errors beside the field or above the form, and a busy submit button.

import { find, h } from "./dom.js";
import { t } from "./i18n.js";

export { busy } from "./busy.js";

/**
 * @typedef {object} FieldOptions
 * @property {string} [type]  The input's type; text by default.
 * @property {string} [autocomplete]
 * @property {boolean} [optional]  Not required, and labelled so.
 * @property {string} [hint]  A line under the input that describes it.
 * @property {string | null} [value]
 * @property {Record<string, string>} [attrs]  More attributes of the input.
 */

/**
 * The id of the error slot under the field `name`.
 * @param {string} name
 */
export function fieldErrorId(name) {
  return `err-${name}`;
}

/**
 * A labelled input with a slot for its hint and one for its error, described by both.
 * @param {string} name
 * @param {string} label
 * @param {FieldOptions} [options]
 */
export function field(name, label, { type = "text", autocomplete, optional = false, hint, value = "", attrs = {} } = {}) {
  const id = `f-${name}`;
  const input = h("input", {
    id, name, type, autocomplete, required: !optional,
    "aria-describedby": [hint ? `${id}-hint` : null, fieldErrorId(name)].filter(Boolean).join(" "),
    ...attrs,
  });
  if (value) input.value = value;
  return h("div", { class: "field" },
    h("label", { for: id }, label, optional ? h("span", { class: "optional" }, " " + t("(optional)")) : null),
    input,
    hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null,
    h("p", { class: "field-error", id: fieldErrorId(name) }));
}

/**
 * The form's control named `name`, of the kind given (an input by default); a missing one is a
 * mistake in the form.
 * @template {Element} [E=HTMLInputElement]
 * @param {HTMLFormElement} form
 * @param {string} name
 * @param {{new (): E, prototype: E}} [kind]
 * @returns {E}
 */
export function control(form, name, kind) {
  const el = form.elements.namedItem(name);
  const expected = kind || HTMLInputElement;
  if (!(el instanceof expected)) throw new Error(`the form has no ${expected.name} named ${name}`);
  return /** @type {E} */ (el);
}

/**
 * Says `message` under the field `name` and focuses it; false when the form has no such field.
 * @param {HTMLFormElement} form
 * @param {string} name
 * @param {string} message
 */
export function showFieldError(form, name, message) {
  const input = form.querySelector(`[name="${name}"]`);
  const slot = form.querySelector(`#${fieldErrorId(name)}`);
  if (!(input instanceof HTMLElement) || !slot) return false;
  slot.textContent = message;
  slot.setAttribute("role", "alert");
  input.setAttribute("aria-invalid", "true");
  input.focus();
  return true;
}

/**
 * Says `message` in the form's alert box above its fields.
 * @param {HTMLFormElement} form
 * @param {string} message
 * @param {"error" | "warning" | "info" | "success"} [kind]
 */
export function showFormNote(form, message, kind = "error") {
  const box = find(form, ".form-alert");
  box.className = `form-alert alert alert-${kind}`;
  box.textContent = message;
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  box.hidden = false;
}

/**
 * Shows an API error next to its field where it names one, else above the form.
 * @param {HTMLFormElement} form
 * @param {import("./api.js").ApiError} err
 */
export function showApiError(form, err) {
  const named = err.details.field;
  if (!(named && showFieldError(form, named, err.message))) showFormNote(form, err.message);
}

/**
 * Takes back what the form said about its last submission.
 * @param {HTMLFormElement} form
 */
export function clearErrors(form) {
  for (const el of form.querySelectorAll(".field-error")) {
    el.textContent = "";
    el.removeAttribute("role");
  }
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const box = form.querySelector(".form-alert");
  if (box instanceof HTMLElement) box.hidden = true;
}
