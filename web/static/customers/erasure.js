// Erasing a customer's record on request: after a confirmation that says what goes and what stays,
// or, while appointments are still ahead, a list of them with the way to the first in the calendar.

import { staffApi } from "../kit/api.js";
import { confirmAction } from "../kit/confirm.js";
import { byId, h } from "../kit/dom.js";
import { pick } from "../kit/lang.js";
import { fullName } from "./names.js";

/**
 * @typedef {import("./types.js").CustomerDetail} CustomerDetail
 * @typedef {import("./types.js").Appointment} Appointment
 */

const DE = {
  /** @param {string} name */
  deleteTitle: (name) => `${name} löschen?`,
  deleteText: [
    "Name, E-Mail, Telefon, Adresse, Geburtsdatum, Notizen und Gruppen werden gelöscht, ebenso ein offener Vorschlag und die Verbindung zum Online-Konto. Newsletter gehen keine mehr an diese Adresse.",
    "Vergangene Termine bleiben im Kalender, ohne Notiz und als „Gelöschter Kunde“.",
    "Das lässt sich nicht rückgängig machen.",
  ],
  deleteOk: "Endgültig löschen",
  /** @param {string} name */
  blockedTitle: (name) => `${name} hat noch anstehende Termine`,
  blockedText: "Sagen Sie diese Termine zuerst im Kalender ab (mit einer Nachricht an den Kunden). Danach lässt sich der Kunde löschen:",
  blockedOk: "Zum ersten Termin",
  /** @param {string} name */
  deleted: (name) => `${name} gelöscht`,
};

/** @type {typeof DE} */
const EN = {
  deleteTitle: (name) => `Delete ${name}?`,
  deleteText: [
    "Name, email, phone, address, date of birth, notes and groups are deleted, as are an open proposal and the link to the online account. No more newsletters go to this address.",
    "Past appointments stay in the calendar, without notes and as “Deleted customer”.",
    "This can't be undone.",
  ],
  deleteOk: "Delete for good",
  blockedTitle: (name) => `${name} still has upcoming appointments`,
  blockedText: "Please cancel these appointments in the calendar first (with a message to the customer). Then the customer can be deleted:",
  blockedOk: "Go to the first one",
  deleted: (name) => `${name} deleted`,
};

const TEXT = pick({ de: DE, en: EN });
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
        title: TEXT.blockedTitle(name),
        text: h("div", {}, h("p", {}, TEXT.blockedText), h("ul", { class: "blocked-list" }, ahead.map((a) => h("li", {}, whenText(a))))),
        ok: TEXT.blockedOk,
        act: async () => {
          window.location.href = calendarHref(ahead[0]);
        },
      });
      return;
    }
    confirmAction({
      title: TEXT.deleteTitle(name),
      text: TEXT.deleteText,
      ok: TEXT.deleteOk,
      danger: true,
      act: async () => {
        await staffApi("DELETE", `/api/v1/customers/${encodeURIComponent(customerId)}`);
        sessionStorage.setItem("customers.flash", TEXT.deleted(name));
        window.location.href = listUrl;
      },
    });
  });
}
