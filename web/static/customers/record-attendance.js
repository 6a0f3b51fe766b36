// How often the customer came and did not come, on their record: the two counts and the
// appointments they missed, each linking to its day in the calendar. Hidden until the desk has
// noted attendance for one of their appointments.

import { byId, h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";

/**
 * @typedef {import("./types.js").CustomerDetail} CustomerDetail
 * @typedef {import("./types.js").Appointment} Appointment
 */

/**
 * @param {CustomerDetail} detail
 * @param {{whenText: (a: Appointment) => string, calendarHref: (a: Appointment) => string}} dates
 */
export function renderAttendance(detail, { whenText, calendarHref }) {
  const section = byId("record-attendance");
  const summary = detail.attendance;
  section.hidden = !summary || summary.attended + summary.no_show === 0;
  if (!summary || section.hidden) return;
  const missed = summary.no_shows.map((a) => h("li", {},
    h("a", { href: calendarHref(a) }, whenText(a)),
    a.service_name ? ` · ${a.service_name}` : ""));
  byId("record-attendance-body").replaceChildren(
    h("dl", { class: "attendance-counts" },
      h("div", {}, h("dt", {}, t("Erschienen")), h("dd", { id: "attended-count" }, String(summary.attended))),
      h("div", {}, h("dt", {}, t("Nicht erschienen")), h("dd", { id: "no-show-count" }, String(summary.no_show)))),
    missed.length ? h("ul", { class: "no-show-list", id: "no-show-list", "aria-label": t("Nicht erschienen") }, missed) : "");
}
