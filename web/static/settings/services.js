// The services list: each service with its duration, buffers and the calendars that offer it, and
// its buttons to edit it (in the service dialog) or delete it (after asking).

import { ApiError, staffApi } from "../kit/api.js";
import { confirmAction } from "../kit/confirm.js";
import { byId, h } from "../kit/dom.js";
import { pick } from "../kit/lang.js";
import { toast } from "../kit/toast.js";
import { openServiceDialog } from "./service-dialog.js";
import { onSetupChange, same, services, setupChanged, staff } from "./state.js";

/** @typedef {import("./state.js").Service} Service */

const DE = {
  /** @param {number} n */
  minutes: (n) => (n % 60 === 0 && n >= 60 ? `${n / 60} Std.` : `${n} Min.`),
  /** @param {number} before @param {number} after */
  buffers: (before, after) => {
    const parts = [];
    if (before) parts.push(`${before} Min. vorher`);
    if (after) parts.push(`${after} Min. nachher`);
    return parts.length ? `Puffer ${parts.join(", ")}` : "";
  },
  noStaff: "von keinem Kalender angeboten – online nicht buchbar",
  allStaff: "alle Kalender",
  edit: "Bearbeiten",
  /** @param {string} name */
  editLabel: (name) => `${name} bearbeiten`,
  remove: "Löschen",
  /** @param {string} name */
  removeLabel: (name) => `${name} löschen`,
  /** @param {string} name */
  serviceDeleted: (name) => `„${name}“ gelöscht`,
  /** @param {string} name */
  deleteTitle: (name) => `„${name}“ löschen?`,
  deleteText: [
    "Das lässt sich nicht rückgängig machen: Die Leistung kann danach nicht mehr gebucht werden.",
    "Vergangene und bereits gebuchte Termine bleiben erhalten und lassen sich weiterhin einzeln absagen.",
  ],
  deleteOk: "Endgültig löschen",
};

/** @type {typeof DE} */
const EN = {
  minutes: (n) => (n % 60 === 0 && n >= 60 ? `${n / 60} hr` : `${n} min`),
  buffers: (before, after) => {
    const parts = [];
    if (before) parts.push(`${before} min before`);
    if (after) parts.push(`${after} min after`);
    return parts.length ? `Buffer ${parts.join(", ")}` : "";
  },
  noStaff: "not offered by any calendar – not bookable online",
  allStaff: "all calendars",
  edit: "Edit",
  editLabel: (name) => `Edit ${name}`,
  remove: "Delete",
  removeLabel: (name) => `Delete ${name}`,
  serviceDeleted: (name) => `“${name}” deleted`,
  deleteTitle: (name) => `Delete “${name}”?`,
  deleteText: [
    "This can't be undone: the service can no longer be booked afterwards.",
    "Past and already booked appointments stay and can still be cancelled one by one.",
  ],
  deleteOk: "Delete for good",
};

/** @type {typeof DE} */
const TEXT = pick({ de: DE, en: EN });

/**
 * The names of the calendars with these ids, in their order there.
 * @param {string[] | null | undefined} ids
 * @returns {string[]}
 */
function staffNames(ids) {
  return (ids || []).flatMap((id) => {
    const name = staff.find((s) => same(s.id, id))?.name;
    return name ? [name] : [];
  });
}

/** @param {Service} s */
function serviceRow(s) {
  const names = staffNames(s.staff_ids);
  const offered = !names.length ? TEXT.noStaff
    : staff.length > 1 && names.length === staff.length ? TEXT.allStaff : names.join(", ");
  const buffers = TEXT.buffers(s.buffer_before_minutes, s.buffer_after_minutes);
  const remove = h("button", {
    class: "btn btn-ghost btn-danger delete-service", type: "button", "aria-label": TEXT.removeLabel(s.name),
  }, TEXT.remove);
  remove.addEventListener("click", () => confirmDelete(s, remove));
  return h("li", { class: "service-row", dataset: { serviceId: String(s.id) } },
    h("span", { class: "service-swatch", style: { background: s.color || "#64748b" }, "aria-hidden": "true" }),
    h("div", { class: "service-main" },
      h("span", { class: "service-name" }, s.name),
      h("span", { class: "service-meta" },
        h("span", { class: "service-duration" }, TEXT.minutes(s.duration_minutes)),
        buffers ? h("span", { class: "service-buffers" }, buffers) : null,
        staff.length > 1 || !names.length
          ? h("span", { class: `service-staff${names.length ? "" : " is-warning"}` }, offered) : null)),
    h("div", { class: "service-actions" },
      h("button", {
        class: "btn btn-ghost edit-service", type: "button", "aria-label": TEXT.editLabel(s.name),
        onclick: () => openServiceDialog(s),
      }, TEXT.edit),
      remove));
}

export function renderServices() {
  byId("service-empty").hidden = services.length > 0;
  byId("service-list").replaceChildren(...services.map(serviceRow));
}

/**
 * Asks, then deletes the service; the keyboard goes on at "Leistung hinzufügen", or back to the
 * delete button when the person changes their mind.
 * @param {Service} service
 * @param {HTMLButtonElement} button
 */
function confirmDelete(service, button) {
  confirmAction({
    title: TEXT.deleteTitle(service.name),
    text: TEXT.deleteText,
    ok: TEXT.deleteOk,
    danger: true,
    act: async () => {
      try {
        await staffApi("DELETE", `/api/v1/services/${encodeURIComponent(service.id)}`);
      } catch (err) {
        if (!(err instanceof ApiError) || err.status !== 404) throw err; // gone already: fine
      }
      const index = services.findIndex((s) => same(s.id, service.id));
      if (index >= 0) services.splice(index, 1);
      setupChanged();
      toast(TEXT.serviceDeleted(service.name));
      const addService = byId("add-service");
      byId("confirm-dialog").addEventListener("close", () => addService.focus(), { once: true });
    },
    onCancel: () => {
      if (document.contains(button)) button.focus();
    },
  });
}

export function startServices() {
  byId("add-service").addEventListener("click", () => openServiceDialog());
  onSetupChange(renderServices);
}
