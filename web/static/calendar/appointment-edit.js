// Changing an appointment on its card ("Ändern"): another service (the length follows it unless
// one is typed), another length, customer or calendar, with an optional message to the customer
// and whether to tell them at all, as the move prompt has. Where the service's buffers meet
// something else, the server says so and the button offers to save anyway.

import { ApiError, staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { CustomerCombobox, customerName } from "../kit/customer-combobox.js";
import { h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { serviceById, services, staffList } from "./setup.js";
import { wrote } from "./store.js";

/** @typedef {import("./setup.js").Appointment} Appointment */
/** @typedef {import("./setup.js").Service} Service */

/**
 * @typedef {object} EditOptions
 * @property {HTMLElement} box  Where the form goes (the card's actions).
 * @property {HTMLElement} error  Where a refusal is said.
 * @property {() => void} onClose  Back to the card's buttons, changed or not.
 * @property {() => void} onResize  The form grew: keep the card inside the window.
 */

/** The appointment's length in minutes.
 * @param {Appointment} a */
function lengthOf(a) {
  return Math.round((new Date(a.end).getTime() - new Date(a.start).getTime()) / 60000);
}

/** The services `staffId`'s calendar offers, and the appointment's own (deleted or not).
 * @param {string} staffId
 * @param {Appointment} a
 * @returns {{id: string, name: string}[]} */
function offeredIn(staffId, a) {
  const offered = services
    .filter((s) => !s.staff_ids || s.staff_ids.map(String).includes(staffId))
    .map((s) => ({ id: String(s.id), name: s.name }));
  if (!offered.some((s) => s.id === String(a.service_id))) {
    const own = serviceById.get(String(a.service_id));
    offered.unshift({ id: String(a.service_id), name: own?.name || a.service_name || "" });
  }
  return offered;
}

/**
 * Shows the form for `a` in `box`.
 * @param {Appointment} a
 * @param {EditOptions} options
 */
export function editAppointment(a, { box, error, onClose, onResize }) {
  const staffSelect = h("select", { id: "ae-staff" },
    staffList.map((s) => h("option", { value: String(s.id) }, s.name)));
  staffSelect.value = String(a.staff_id);
  const serviceSelect = h("select", { id: "ae-service" });
  const length = h("input", {
    id: "ae-length", type: "number", min: "5", max: "1440", step: "5", required: true,
    inputmode: "numeric",
  });
  length.value = String(lengthOf(a));
  let lengthTyped = false;
  const fillServices = () => {
    const chosen = serviceSelect.value || String(a.service_id);
    const offered = offeredIn(staffSelect.value, a);
    serviceSelect.replaceChildren(...offered.map((s) => h("option", { value: s.id }, s.name)));
    serviceSelect.value = offered.some((s) => s.id === chosen) ? chosen : offered[0]?.id || "";
  };
  fillServices();
  staffSelect.addEventListener("change", fillServices);
  serviceSelect.addEventListener("change", () => {
    const minutes = serviceById.get(serviceSelect.value)?.duration_minutes;
    if (!lengthTyped && minutes) length.value = String(minutes);
  });
  length.addEventListener("input", () => { lengthTyped = true; });

  const customerInput = h("input", {
    id: "ae-customer", type: "text", role: "combobox", "aria-autocomplete": "list",
    "aria-expanded": "false", "aria-controls": "ae-customer-list", autocomplete: "off",
  });
  customerInput.value = a.customer_name || "";
  const customerList = h("ul", { id: "ae-customer-list", class: "combo-list", role: "listbox", "aria-label": t("Gefundene Kunden"), hidden: true });
  const combo = new CustomerCombobox(customerInput, customerList);
  const notify = h("input", { type: "checkbox", id: "ae-notify", checked: true });
  const message = h("textarea", { id: "ae-message", rows: "2" });
  const save = h("button", { class: "btn btn-primary", type: "submit", id: "ae-save" }, t("Speichern"));
  let anyway = false;

  /** What changed, as the PATCH takes it; null when nothing did. */
  const changes = () => {
    /** @type {Record<string, unknown>} */
    const body = {};
    if (staffSelect.value !== String(a.staff_id)) body.staff_id = staffSelect.value;
    if (serviceSelect.value && serviceSelect.value !== String(a.service_id)) body.service_id = serviceSelect.value;
    const minutes = Number(length.value);
    const serviceMinutes = serviceById.get(serviceSelect.value)?.duration_minutes;
    if (minutes !== lengthOf(a) || (body.service_id && minutes !== serviceMinutes)) body.duration_minutes = minutes;
    if (combo.customer && String(combo.customer.id) !== String(a.customer_id)) body.customer_id = combo.customer.id;
    return Object.keys(body).length ? body : null;
  };

  /** @param {SubmitEvent} e */
  const submit = async (e) => {
    e.preventDefault();
    if (combo.picking()) return;
    const minutes = Number(length.value);
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 1440 || minutes % 5) {
      showError(error, t("Ein Termin dauert 5 Minuten bis 24 Stunden, in Schritten von 5 Minuten."));
      length.focus();
      return;
    }
    if (customerInput.value.trim() && !combo.customer && customerInput.value.trim() !== (a.customer_name || "")) {
      showError(error, t("Bitte einen Kunden aus der Liste wählen."));
      customerInput.focus();
      return;
    }
    const body = changes();
    if (!body) {
      onClose();
      return;
    }
    const text = message.value.trim();
    await whileBusy(save, async () => {
      try {
        /** @type {Appointment} */
        const updated = await staffApi("PATCH", `/api/v1/appointments/${encodeURIComponent(a.id)}`, {
          ...body,
          ...(text ? { message: text } : {}),
          ...(notify.checked ? {} : { notify: false }),
          ...(anyway ? { ignore_buffers: true } : {}),
        });
        combo.stop();
        wrote(updated);
        toast(t("Termin geändert."));
        onClose();
      } catch (err) {
        if (err instanceof ApiError && err.code === "buffer_conflict") {
          anyway = true;
          save.textContent = t("Trotzdem speichern");
        }
        showError(error, apiMessage(err));
      }
    });
  };
  const field = (/** @type {HTMLElement} */ input, /** @type {string} */ label, /** @type {Node[]} */ ...more) =>
    h("div", { class: "field" }, h("label", { for: input.id }, label), input, ...more);
  box.replaceChildren(h("form", { class: "move-form edit-form", id: "ae-form", onsubmit: submit },
    h("div", { class: "move-fields" },
      field(serviceSelect, t("Leistung")),
      field(length, t("Dauer (Minuten)")),
      staffList.length > 1 ? field(staffSelect, t("Kalender")) : null),
    h("div", { class: "field combo" }, h("label", { for: "ae-customer" }, t("Kunde")), customerInput, customerList),
    h("div", { class: "field" },
      h("label", { for: "ae-message" }, t("Nachricht an den Kunden (optional)")), message),
    h("label", { class: "check" }, notify, " ", t("Kunden per E-Mail informieren")),
    h("div", { class: "popup-buttons" },
      h("button", { class: "btn", type: "button", onclick: () => { combo.stop(); onClose(); } }, t("Abbrechen")),
      save)));
  // Another customer is taken from the search; the name shown is theirs.
  customerInput.addEventListener("change", () => {
    if (combo.customer) customerInput.value = customerName(combo.customer);
  });
  onResize();
  serviceSelect.focus();
}
