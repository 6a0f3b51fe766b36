// Form helpers of the customer's pages (booking and account): fields with their hint and error
// slots, errors beside the field or above the form, and a busy submit button.

import { h } from "./dom.js";
import { pick } from "./lang.js";

const DE = {
  optional: "(optional)",
};

const EN = {
  optional: "(optional)",
};

const TEXTS = { de: DE, en: EN };

export function fieldErrorId(name) {
  return `err-${name}`;
}

/** A labelled input with a slot for its hint and one for its error, described by both. */
export function field(name, label, { type = "text", autocomplete, optional = false, hint, value = "", attrs = {} } = {}) {
  const id = `f-${name}`;
  const input = h("input", {
    id, name, type, autocomplete, required: !optional,
    "aria-describedby": [hint ? `${id}-hint` : null, fieldErrorId(name)].filter(Boolean).join(" "),
    ...attrs,
  });
  if (value) input.value = value;
  return h("div", { class: "field" },
    h("label", { for: id }, label, optional ? h("span", { class: "optional" }, ` ${pick(TEXTS).optional}`) : null),
    input,
    hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null,
    h("p", { class: "field-error", id: fieldErrorId(name) }));
}

/** Says `message` under the field `name` and focuses it; false when the form has no such field. */
export function showFieldError(form, name, message) {
  const input = form.querySelector(`[name="${name}"]`);
  const slot = form.querySelector(`#${fieldErrorId(name)}`);
  if (!input || !slot) return false;
  slot.textContent = message;
  slot.setAttribute("role", "alert");
  input.setAttribute("aria-invalid", "true");
  input.focus();
  return true;
}

/** Says `message` in the form's alert box above its fields; `kind` is error, warning, info or success. */
export function showFormNote(form, message, kind = "error") {
  const box = form.querySelector(".form-alert");
  box.className = `form-alert alert alert-${kind}`;
  box.textContent = message;
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  box.hidden = false;
}

/** Shows an API error next to its field where it names one, else above the form. */
export function showApiError(form, err) {
  const named = err.details.field;
  if (!(named && showFieldError(form, named, err.message))) showFormNote(form, err.message);
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll(".field-error")) {
    el.textContent = "";
    el.removeAttribute("role");
  }
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const box = form.querySelector(".form-alert");
  if (box) box.hidden = true;
}

export function busy(button, on) {
  button.classList.toggle("is-busy", on);
  button.disabled = on;
}
