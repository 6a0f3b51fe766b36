// The services list: each service with its duration, buffers and the calendars that offer it, and
// its buttons to edit it (in the service dialog) or delete it (after asking).

import { ApiError, staffApi } from "../kit/api.js";
import { confirmAction } from "../kit/confirm.js";
import { byId, h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { locale } from "../kit/lang.js";
import { formatPrice } from "../kit/money.js";
import { toast } from "../kit/toast.js";
import { openServiceDialog } from "./service-dialog.js";
import { business, onSetupChange, same, services, setupChanged, staff } from "./state.js";

/** @typedef {import("./state.js").Service} Service */

/**
 * A duration: whole hours as hours, else minutes.
 * @param {number} n  minutes
 */
function minutesText(n) {
  return n % 60 === 0 && n >= 60 ? t("{hours} Std.", { hours: n / 60 }) : t("{n} Min.", { n });
}

/**
 * The buffers before and after a service; "" when it has none.
 * @param {number} before
 * @param {number} after
 */
function buffersText(before, after) {
  const parts = [];
  if (before) parts.push(t("{n} Min. vorher", { n: before }));
  if (after) parts.push(t("{n} Min. nachher", { n: after }));
  return parts.length ? t("Puffer {parts}", { parts: parts.join(", ") }) : "";
}

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
  const offered = !names.length ? t("von keinem Kalender angeboten – online nicht buchbar")
    : staff.length > 1 && names.length === staff.length ? t("alle Kalender") : names.join(", ");
  const buffers = buffersText(s.buffer_before_minutes, s.buffer_after_minutes);
  const remove = h("button", {
    class: "btn btn-ghost btn-danger delete-service", type: "button", "aria-label": t("{name} löschen", { name: s.name }),
  }, t("Löschen"));
  remove.addEventListener("click", () => confirmDelete(s, remove));
  return h("li", { class: "service-row", dataset: { serviceId: String(s.id) } },
    h("span", { class: "service-swatch", style: { background: s.color || "#64748b" }, "aria-hidden": "true" }),
    h("div", { class: "service-main" },
      h("span", { class: "service-name" }, s.name),
      h("span", { class: "service-meta" },
        h("span", { class: "service-duration" }, minutesText(s.duration_minutes)),
        s.price_cents != null ? h("span", { class: "service-price" }, formatPrice(s.price_cents, business.currency || "EUR", locale())) : null,
        buffers ? h("span", { class: "service-buffers" }, buffers) : null,
        s.series_online ? h("span", { class: "service-series" }, t("Serie online bis {n} Termine", { n: s.series_online })) : null,
        staff.length > 1 || !names.length
          ? h("span", { class: `service-staff${names.length ? "" : " is-warning"}` }, offered) : null)),
    h("div", { class: "service-actions" },
      h("button", {
        class: "btn btn-ghost edit-service", type: "button", "aria-label": t("{name} bearbeiten", { name: s.name }),
        onclick: () => openServiceDialog(s),
      }, t("Bearbeiten")),
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
    title: t("„{name}“ löschen?", { name: service.name }),
    text: [
      t("Das lässt sich nicht rückgängig machen: Die Leistung kann danach nicht mehr gebucht werden."),
      t("Vergangene und bereits gebuchte Termine bleiben erhalten und lassen sich weiterhin einzeln absagen."),
    ],
    ok: t("Endgültig löschen"),
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
      toast(t("„{name}“ gelöscht", { name: service.name }));
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
