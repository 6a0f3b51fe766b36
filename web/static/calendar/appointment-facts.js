// What an appointment shows besides its customer and time: its service as the set-up knows it, or
// as the appointment keeps it once the service was deleted; and the mark of a no-show.

import { h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { serviceById } from "./setup.js";

/** @typedef {import("./setup.js").Appointment} Appointment */
/** @typedef {import("./setup.js").Service} Service */

/**
 * The appointment's service: from the set-up, else (a deleted service) its name and colour as the
 * appointment carries them.
 * @param {Appointment} a
 * @returns {Service | undefined}
 */
export function serviceOf(a) {
  const known = serviceById.get(String(a.service_id));
  if (known || !a.service_name) return known;
  return { id: a.service_id, name: a.service_name, color: a.service_color || null, duration_minutes: 0 };
}

/** Whether the customer did not come. @param {Appointment} a */
export function isNoShow(a) {
  return a.attendance === "no_show";
}

/** The mark of a no-show: seen at a glance, read out as words. */
export function noShowMark() {
  return h("span", { class: "no-show-mark", role: "img", "aria-label": t("Nicht erschienen"), title: t("Nicht erschienen") }, "✕");
}
