// Erasing a customer's record on request: after a confirmation that says what goes and what stays,
// or, while appointments are still ahead, a list of them with the way to the first in the calendar.

import { staffApi } from "../kit/api.js";
import { confirmAction } from "../kit/confirm.js";
import { byId, h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { fullName } from "./names.js";

/**
 * @typedef {import("./types.js").CustomerDetail} CustomerDetail
 * @typedef {import("./types.js").Appointment} Appointment
 */

/** The statuses that keep an appointment in the calendar, and so keep the record. */
const ACTIVE = new Set(["booked", "requested", "held"]);

/**
 * @typedef {object} ErasureOptions
 * @property {string} customerId
 * @property {() => CustomerDetail} current  The record and its appointments as shown.
 * @property {(a: Appointment) => string} whenText  An appointment's day and times.
 * @property {(a: Appointment) => string} calendarHref  The calendar on an appointment's day.
 * @property {string} listUrl  Where the page goes after the erasure.
 */

/**
 * The record's delete button asks, then erases and returns to the list with a note of it.
 * @param {ErasureOptions} options
 */
export function offerErasure({ customerId, current, whenText, calendarHref, listUrl }) {
  byId("delete-customer").addEventListener("click", () => {
    const { customer, upcoming } = current();
    const name = fullName(customer);
    const ahead = upcoming.filter((a) => ACTIVE.has(a.status));
    if (ahead.length) {
      confirmAction({
        title: t("{name} hat noch anstehende Termine", { name }),
        text: h("div", {},
          h("p", {}, t("Sagen Sie diese Termine zuerst im Kalender ab (mit einer Nachricht an den Kunden). Danach lässt sich der Kunde löschen:")),
          h("ul", { class: "blocked-list" }, ahead.map((a) => h("li", {}, whenText(a))))),
        ok: t("Zum ersten Termin"),
        act: async () => {
          window.location.href = calendarHref(ahead[0]);
        },
      });
      return;
    }
    confirmAction({
      title: t("{name} löschen?", { name }),
      text: [
        t("Name, E-Mail, Telefon, Adresse, Geburtsdatum, Notizen und Gruppen werden gelöscht, ebenso ein offener Vorschlag und die Verbindung zum Online-Konto. Newsletter gehen keine mehr an diese Adresse."),
        t("Vergangene Termine bleiben im Kalender, ohne Notiz und als „Gelöschter Kunde“."),
        t("Das lässt sich nicht rückgängig machen."),
      ],
      ok: t("Endgültig löschen"),
      danger: true,
      act: async () => {
        await staffApi("DELETE", `/api/v1/customers/${encodeURIComponent(customerId)}`);
        sessionStorage.setItem("customers.flash", t("{name} gelöscht", { name }));
        window.location.href = listUrl;
      },
    });
  });
}
