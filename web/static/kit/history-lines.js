// Who did what, as lines to read: "gebucht von Anna Berger · 03.12. 10:12", "verschoben von
// Tom Huber von 04.12. 09:00 auf 05.12. 10:00", "online gebucht vom Kunden", "Reservierung
// abgelaufen (System)". Shared by the calendar's appointment card and the customer's record.

import { h } from "./dom.js";
import { N_, t } from "./i18n.js";

/**
 * @typedef {{start: string, end: string, staff_id: string, calendar: string}} Placement
 * @typedef {object} HistoryEntry
 * @property {string} action
 * @property {"staff" | "customer" | "system"} actor
 * @property {string | null} actor_name
 * @property {string} at
 * @property {Placement | null} [before]
 * @property {Placement | null} [after]
 * @property {string[]} [fields]
 * @typedef {{time: (d: Date) => string, dayShort: (d: Date) => string}} Formatters
 */

/** What happened, worded when it is shown.
 * @type {Record<string, string>} */
const ACTIONS = {
  booked: N_("gebucht"),
  held: N_("online reserviert"),
  confirmed: N_("online gebucht"),
  requested: N_("online angefragt"),
  moved: N_("verschoben"),
  changed: N_("geändert"),
  cancelled: N_("abgesagt"),
  accepted: N_("Anfrage angenommen"),
  declined: N_("Anfrage abgelehnt"),
  released: N_("Reservierung freigegeben"),
  expired: N_("Reservierung abgelaufen"),
  created: N_("angelegt"),
  erased: N_("gelöscht"),
  proposal_taken: N_("Änderungen des Kunden übernommen"),
  attended: N_("als erschienen vermerkt"),
  no_show: N_("als nicht erschienen vermerkt"),
  unmarked: N_("Anwesenheit zurückgesetzt"),
};

/** The fields a change touched, by name.
 * @type {Record<string, string>} */
const FIELDS = {
  note: N_("Notiz"),
  first_name: N_("Vorname"),
  last_name: N_("Nachname"),
  email: N_("E-Mail"),
  phone: N_("Telefon"),
  street: N_("Straße"),
  postal_code: N_("PLZ"),
  city: N_("Ort"),
  birth_date: N_("Geburtsdatum"),
  newsletter: N_("Newsletter"),
  groups: N_("Gruppen"),
  account: N_("Kundenkonto"),
  service: N_("Leistung"),
  duration: N_("Dauer"),
  customer: N_("Kunde"),
};

/** @param {HistoryEntry} entry */
function who(entry) {
  if (entry.actor === "staff") return t("von {name}", { name: entry.actor_name || "" });
  if (entry.actor === "customer") return t("vom Kunden");
  return t("(System)");
}

/**
 * "04.12. 09:00", with the calendar where a move changed it.
 * @param {Placement} placed
 * @param {Formatters} fmt
 * @param {boolean} withCalendar
 */
function where(placed, fmt, withCalendar) {
  const start = new Date(placed.start);
  const when = `${fmt.dayShort(start)} ${fmt.time(start)}`;
  return withCalendar && placed.calendar ? `${when} (${placed.calendar})` : when;
}

/**
 * One line of history in the page's language, without its time.
 * @param {HistoryEntry} entry
 * @param {Formatters} fmt
 */
export function historyText(entry, fmt) {
  const what = ACTIONS[entry.action] ? t(ACTIONS[entry.action]) : entry.action;
  const fields = (entry.fields || []).map((f) => (FIELDS[f] ? t(FIELDS[f]) : f));
  let text = fields.length && entry.action !== "proposal_taken" ? `${what} (${fields.join(", ")})` : what;
  text += ` ${who(entry)}`;
  if (entry.action === "moved" && entry.before && entry.after) {
    const otherCalendar = entry.before.staff_id !== entry.after.staff_id;
    const from = where(entry.before, fmt, otherCalendar);
    const to = where(entry.after, fmt, otherCalendar);
    text += " " + t("von {from} auf {to}", { from, to });
  }
  return text;
}

/**
 * The lines as a list, oldest first, each with when it happened.
 * @param {HistoryEntry[]} entries
 * @param {Formatters} fmt
 */
export function historyList(entries, fmt) {
  return h("ol", { class: "history-lines" }, entries.map((entry) => {
    const at = new Date(entry.at);
    return h("li", {}, historyText(entry, fmt), " · ",
      h("time", { datetime: entry.at }, `${fmt.dayShort(at)} ${fmt.time(at)}`));
  }));
}
