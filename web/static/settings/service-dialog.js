// The service dialog: a new service or one being edited, with its name, duration, buffers, colour,
// whether its customers get the business's reminders, and the calendars that offer it. It checks
// what the browser can, sends only what changed, and shows the server's message beside the field
// concerned.

import { ApiError, staffApi } from "../kit/api.js";
import { busy } from "../kit/busy.js";
import { closable } from "../kit/dialog.js";
import { byId, h } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { N_, t } from "../kit/i18n.js";
import { locale } from "../kit/lang.js";
import { parsePrice, priceFieldText } from "../kit/money.js";
import { toast } from "../kit/toast.js";
import { activeStaff, business, same, services, setupChanged, staff } from "./state.js";

/**
 * @typedef {import("./state.js").Service} Service
 * @typedef {"duration_minutes" | "buffer_before_minutes" | "buffer_after_minutes"} NumberField
 * @typedef {"name" | NumberField | "price_cents" | "series_online"} InputField
 * @typedef {InputField | "color" | "staff_ids"} Field  Where the server may say something is wrong.
 * @typedef {Omit<Service, "id">} ServiceFields  What the dialog sends.
 */

/**
 * The colours on offer and their names (worded when shown).
 * @type {[string, string][]}
 */
const COLORS = Object.entries({
  "#2563eb": N_("Blau"), "#0891b2": N_("Türkis"), "#059669": N_("Grün"), "#65a30d": N_("Hellgrün"),
  "#d97706": N_("Orange"), "#dc2626": N_("Rot"), "#db2777": N_("Pink"), "#7c3aed": N_("Violett"),
  "#475569": N_("Schiefergrau"),
});


const dialog = byId("service-dialog", HTMLDialogElement);
const form = byId("service-form", HTMLFormElement);
const alertBox = byId("sf-error");
const remindersBox = byId("sf-reminders", HTMLInputElement);
/** @type {Record<InputField, HTMLInputElement>} */
const fields = {
  name: byId("sf-name", HTMLInputElement),
  duration_minutes: byId("sf-duration", HTMLInputElement),
  buffer_before_minutes: byId("sf-before", HTMLInputElement),
  buffer_after_minutes: byId("sf-after", HTMLInputElement),
  price_cents: byId("sf-price", HTMLInputElement),
  series_online: byId("sf-series", HTMLInputElement),
};
const seriesBox = byId("sf-series-on", HTMLInputElement);
/** @type {InputField[]} */
const INPUT_FIELDS = ["name", "duration_minutes", "buffer_before_minutes", "buffer_after_minutes", "price_cents", "series_online"];
/** @type {Record<Field, HTMLElement>} */
const errors = {
  name: byId("sf-name-error"), duration_minutes: byId("sf-duration-error"),
  buffer_before_minutes: byId("sf-before-error"), buffer_after_minutes: byId("sf-after-error"),
  color: byId("sf-color-error"), staff_ids: byId("sf-staff-error"), price_cents: byId("sf-price-error"),
  series_online: byId("sf-series-error"),
};

/** @type {Service | null} the service being edited; null for a new one */
let editing = null;
/** @type {Element | null} what had the keyboard before the dialog opened */
let trigger = null;
/** @type {HTMLInputElement[]} */
let colorRadios = [];
/** @type {HTMLInputElement | null} */
let customColor = null;
/** @type {HTMLInputElement[]} */
let staffChecks = [];

/** @param {string} field @returns {field is InputField} */
const isInputField = (field) => field in fields;
/** @param {unknown} field @returns {field is Field} */
const isField = (field) => typeof field === "string" && field !== "" && field in errors;

/**
 * The colour swatches, with `current` chosen (a colour of its own when it is none of them).
 * @param {string | null | undefined} current
 */
function colorControls(current) {
  const box = byId("sf-colors");
  const chosen = (current || "").toLowerCase();
  const known = COLORS.some(([c]) => c === chosen);
  const custom = h("input", {
    type: "color", id: "sf-color-custom", value: !known && current ? current : "#0f766e",
    "aria-label": t("Eigene Farbe"), title: t("Eigene Farbe"),
  });
  const customBox = h("span", { class: `swatch-custom${known ? "" : " is-chosen"}` }, custom);
  colorRadios = COLORS.map(([color]) => h("input", { type: "radio", name: "color", value: color, checked: color === chosen }));
  customColor = custom;
  box.replaceChildren(
    ...COLORS.map(([color, name], i) => h("label", { class: "swatch-choice", title: t(name) },
      colorRadios[i],
      h("span", { class: "swatch-dot", style: { background: color } }),
      h("span", { class: "visually-hidden" }, t(name)))),
    customBox);
  custom.addEventListener("input", () => {
    for (const radio of colorRadios) radio.checked = false;
    customBox.classList.add("is-chosen");
  });
  for (const radio of colorRadios) {
    radio.addEventListener("change", () => customBox.classList.remove("is-chosen"));
  }
}

function chosenColor() {
  const radio = colorRadios.find((r) => r.checked);
  return (radio ? radio.value : customColor?.value || "").toLowerCase();
}

/**
 * A checkbox per calendar, those with `chosen` ids ticked; a hint when none is.
 * @param {string[]} chosen
 */
function staffControls(chosen) {
  const box = byId("sf-staff");
  const shown = activeStaff();
  staffChecks = shown.map((s) => h("input", {
    type: "checkbox", name: "staff_ids", value: String(s.id), checked: chosen.some((id) => same(id, s.id)),
  }));
  box.replaceChildren(...shown.map((s, i) => h("label", { class: "check" }, staffChecks[i], h("span", {}, s.name))));
  const hint = () => {
    byId("sf-staff-hint").textContent = staffChecks.some((check) => check.checked) ? "" : t("Ohne Kalender ist die Leistung online nicht buchbar.");
  };
  box.onchange = hint;
  hint();
}

function clearErrors() {
  for (const [key, el] of Object.entries(errors)) showError(el, "", isInputField(key) ? fields[key] : null);
  alertBox.hidden = true;
}

/**
 * The service as typed, or the first field the browser can tell is wrong.
 * @returns {{body: ServiceFields} | {error: [Field, string]}}
 */
function read() {
  const name = fields.name.value.trim();
  if (!name) return { error: ["name", t("Bitte geben Sie einen Namen an.")] };
  /**
   * A whole number from `low` to `high` (empty is 0 for a buffer); null when it is none.
   * @param {NumberField} key @param {number} low @param {number} high
   */
  const number = (key, low, high) => {
    const text = fields[key].value.trim();
    const value = text === "" && key !== "duration_minutes" ? 0 : Number(text);
    return Number.isInteger(value) && value >= low && value <= high ? value : null;
  };
  const duration = number("duration_minutes", 5, 1440);
  if (duration === null) return { error: ["duration_minutes", t("Bitte eine Dauer von 5 bis 1440 Minuten angeben.")] };
  const before = number("buffer_before_minutes", 0, 240);
  if (before === null) return { error: ["buffer_before_minutes", t("Bitte 0 bis 240 Minuten angeben.")] };
  const after = number("buffer_after_minutes", 0, 240);
  if (after === null) return { error: ["buffer_after_minutes", t("Bitte 0 bis 240 Minuten angeben.")] };
  const price = parsePrice(fields.price_cents.value);
  if (price !== null && (Number.isNaN(price) || price > 100_000_000)) {
    return { error: ["price_cents", t("Bitte einen Preis wie 45,00 angeben, oder nichts für keinen Preis.")] };
  }
  const most = Number(fields.series_online.value.trim());
  if (seriesBox.checked && !(Number.isInteger(most) && most >= 2 && most <= 12)) {
    return { error: ["series_online", t("Bitte 2 bis 12 Termine angeben.")] };
  }
  const ids = staffChecks.filter((check) => check.checked).map((input) => input.value);
  return {
    body: {
      name,
      duration_minutes: duration,
      buffer_before_minutes: before,
      buffer_after_minutes: after,
      color: chosenColor(),
      reminders: remindersBox.checked,
      price_cents: price,
      series_online: seriesBox.checked ? most : 0,
      staff_ids: ids.map((id) => staff.find((s) => same(s.id, id))?.id ?? id),
    },
  };
}

/**
 * The field a server's refusal concerns; null for the dialog as a whole.
 * @param {ApiError} err
 * @returns {Field | null}
 */
function fieldOf(err) {
  const field = err.details?.field;
  if (isField(field)) return field;
  if (/duration/.test(err.code)) return "duration_minutes";
  if (/price/.test(err.code)) return "price_cents";
  if (/series/.test(err.code)) return "series_online";
  if (/buffer/.test(err.code)) return "buffer_before_minutes";
  if (/color/.test(err.code)) return "color";
  if (/name/.test(err.code)) return "name";
  if (/staff/.test(err.code) || /staff_ids/.test(err.message)) return "staff_ids";
  return null;
}

/**
 * Shows `message` beside `field` and takes the keyboard there, or in the dialog's alert.
 * @param {Field | null} field
 * @param {string} message
 */
function show(field, message) {
  if (!field) {
    alertBox.textContent = message;
    alertBox.hidden = false;
    return;
  }
  if (isInputField(field)) {
    showError(errors[field], message, fields[field]);
    fields[field].focus();
    return;
  }
  showError(errors[field], message);
  const first = field === "color" ? colorRadios[0] || customColor : staffChecks[0];
  first?.focus();
}

/**
 * What differs between the service as it was and as typed (the calendars in any order).
 * @param {Record<string, unknown>} before
 * @param {Record<string, unknown>} after
 * @returns {Record<string, unknown>}
 */
function changesOf(before, after) {
  /** @type {Record<string, unknown>} */
  const changes = {};
  for (const [key, value] of Object.entries(after)) {
    const was = before[key];
    const differs = Array.isArray(value)
      ? JSON.stringify([...value].map(String).sort()) !== JSON.stringify([...(Array.isArray(was) ? was : [])].map(String).sort())
      : value !== was;
    if (differs) changes[key] = value;
  }
  return changes;
}

/**
 * The keyboard goes to `selector` in the service's row.
 * @param {string} id
 * @param {string} selector
 */
function focusService(id, selector) {
  const row = document.querySelector(`.service-row[data-service-id="${CSS.escape(String(id))}"]`);
  const target = row?.querySelector(selector);
  if (target instanceof HTMLElement) target.focus();
}

async function submit() {
  clearErrors();
  const typed = read();
  if ("error" in typed) {
    show(...typed.error);
    return;
  }
  const { body } = typed;
  const button = byId("service-save", HTMLButtonElement);
  busy(button, true);
  try {
    if (editing) {
      const changes = changesOf(editing, body);
      if (Object.keys(changes).length) {
        const answer = await staffApi("PATCH", `/api/v1/services/${encodeURIComponent(editing.id)}`, changes);
        Object.assign(editing, changes, answer && answer.id !== undefined ? answer : {});
      }
      dialog.close();
      setupChanged();
      focusService(editing.id, ".edit-service");
      toast(t("Gespeichert"));
    } else {
      /** @type {{id: string}} */
      const answer = await staffApi("POST", "/api/v1/services", body);
      /** @type {Service} */
      const created = { id: answer.id, ...body };
      services.push(created);
      dialog.close();
      setupChanged();
      focusService(created.id, ".edit-service");
      toast(t("Gespeichert – „{name}“ angelegt", { name: created.name }));
    }
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    show(fieldOf(err), err.message);
  } finally {
    busy(button, false);
  }
}

/**
 * Opens the dialog for `service`, or empty for a new one (a colour no other service has yet, every
 * calendar offering it).
 * @param {Service | null} [service]
 */
export function openServiceDialog(service = null) {
  editing = service;
  trigger = document.activeElement;
  form.reset();
  clearErrors();
  byId("service-dialog-title").textContent = service ? t("Leistung bearbeiten") : t("Leistung hinzufügen");
  fields.name.value = service?.name || "";
  fields.duration_minutes.value = String(service?.duration_minutes ?? 30);
  fields.buffer_before_minutes.value = String(service?.buffer_before_minutes ?? 0);
  fields.buffer_after_minutes.value = String(service?.buffer_after_minutes ?? 0);
  const used = new Set(services.map((s) => (s.color || "").toLowerCase()));
  const fresh = COLORS.find(([c]) => !used.has(c))?.[0] || COLORS[services.length % COLORS.length][0];
  colorControls(service ? service.color : fresh);
  remindersBox.checked = service?.reminders ?? true;
  fields.price_cents.value = priceFieldText(service?.price_cents, locale());
  seriesBox.checked = (service?.series_online ?? 0) > 0;
  fields.series_online.value = String(service?.series_online || 6);
  fields.series_online.disabled = !seriesBox.checked;
  byId("sf-currency").textContent = business.currency === "CHF" ? "CHF" : "€";
  staffControls(service ? service.staff_ids || [] : activeStaff().map((s) => s.id));
  dialog.showModal();
  fields.name.focus();
}

export function startServiceDialog() {
  seriesBox.addEventListener("change", () => {
    fields.series_online.disabled = !seriesBox.checked;
    if (seriesBox.checked) fields.series_online.focus();
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submit();
  });
  closable(dialog, {
    backdrop: false,
    onClose: () => {
      if (trigger instanceof HTMLElement && document.contains(trigger)) trigger.focus();
    },
  });
  for (const key of INPUT_FIELDS) {
    fields[key].addEventListener("input", () => showError(errors[key], "", fields[key]));
  }
}
