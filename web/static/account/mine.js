// The account page's "Meine Termine": the customer's upcoming and past appointments with every
// business, each upcoming one to cancel before the business's cut-off or to move on its booking page.

import { ApiError, request } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { customerToken } from "../kit/customer-session.js";
import { h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import * as T from "../kit/time.js";

/**
 * One of the customer's appointments as the API lists it.
 * @typedef {{id: string, business: string, slug: string, timezone: string, service: string,
 *   location: string, staff: string, start: string, end: string, status: string,
 *   cancellable: boolean, reschedulable: boolean}} MyAppointment
 */

/**
 * When the appointment is, in its business's zone.
 * @param {MyAppointment} appointment
 */
function whenText(appointment) {
  const f = T.formatters(appointment.timezone);
  const start = new Date(appointment.start);
  const time = t("{time} Uhr", { time: f.range(start, new Date(appointment.end)) });
  return `${f.day(start)}, ${time}`;
}

/** @param {string} status */
function statusText(status) {
  if (status === "cancelled") return t("Abgesagt");
  if (status === "requested") return t("Anfrage – noch nicht bestätigt");
  return null;
}

/**
 * The section, which loads its list itself.
 * @param {{expire: () => void}} options  `expire` ends a log-in the server no longer takes.
 */
export function appointmentsSection({ expire }) {
  const section = h("section", { class: "account-form mine", id: "my-appointments", "aria-labelledby": "mine-title" },
    h("h2", { class: "section-title", id: "mine-title" }, t("Meine Termine")));
  const content = h("div", { class: "mine-content" }, h("p", { class: "hint" }, t("Ihre Termine werden geladen …")));
  section.append(content);
  /** @type {string | null} */
  let asking = null;
  /** @type {string | null} */
  let problem = null;
  /** @type {{upcoming: MyAppointment[], past: MyAppointment[]} | null} */
  let listed = null;

  const load = async () => {
    try {
      ({ data: listed } = await request("GET", "/api/v1/customer/appointments", { token: customerToken() }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 401) return expire();
      problem = err.message;
    }
    show();
  };

  /**
   * @param {MyAppointment} appointment
   * @param {HTMLButtonElement} button
   */
  const cancel = async (appointment, button) => {
    await whileBusy(button, async () => {
      try {
        await request("POST", `/api/v1/customer/appointments/${encodeURIComponent(appointment.id)}/cancel`, {
          token: customerToken(),
        });
        asking = null;
        problem = null;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.status === 401) return expire();
        problem = err.message;
      }
    });
    await load();
  };

  /**
   * @param {MyAppointment} appointment
   * @param {boolean} ahead
   */
  const item = (appointment, ahead) => {
    /** @type {Node[]} */
    const actions = [];
    if (ahead && asking === appointment.id) {
      const yes = h("button", { class: "btn btn-danger", type: "button" }, t("Ja, absagen"));
      yes.addEventListener("click", () => cancel(appointment, yes));
      actions.push(h("span", {}, t("Diesen Termin wirklich absagen?")), yes,
        h("button", { class: "btn", type: "button", onclick: () => { asking = null; show(); } }, t("Nein")));
      queueMicrotask(() => yes.focus());
    } else if (ahead) {
      if (appointment.reschedulable) {
        actions.push(h("a", { class: "btn", href: `/book/${encodeURIComponent(appointment.slug)}?mine=1` }, t("Verschieben")));
      }
      if (appointment.cancellable) {
        actions.push(h("button", { class: "btn", type: "button", onclick: () => { asking = appointment.id; show(); } }, t("Absagen")));
      } else {
        actions.push(h("span", { class: "mine-note" }, t("Online nicht mehr änderbar – bitte rufen Sie den Betrieb an.")));
      }
    }
    const status = statusText(appointment.status);
    return h("li", { class: "mine-item", dataset: { id: appointment.id } },
      h("p", { class: "mine-when" }, whenText(appointment)),
      h("p", { class: "mine-what" }, [appointment.business, appointment.service, appointment.location].filter(Boolean).join(" · ")),
      status ? h("p", { class: "mine-note" }, status) : null,
      actions.length ? h("div", { class: "mine-actions" }, actions) : null);
  };

  const show = () => {
    /** @type {Node[]} */
    const nodes = [];
    if (problem) nodes.push(h("p", { class: "alert alert-warning", role: "alert" }, problem));
    if (listed) {
      nodes.push(h("h3", { class: "mine-heading" }, t("Bevorstehend")));
      nodes.push(listed.upcoming.length
        ? h("ul", { class: "mine-list", id: "mine-upcoming" }, listed.upcoming.map((a) => item(a, true)))
        : h("p", { class: "hint" }, t("Keine bevorstehenden Termine.")));
      if (listed.past.length) {
        nodes.push(h("h3", { class: "mine-heading" }, t("Vergangen und abgesagt")),
          h("ul", { class: "mine-list", id: "mine-past" }, listed.past.map((a) => item(a, false))));
      }
    }
    content.replaceChildren(...nodes);
  };

  load();
  return section;
}
