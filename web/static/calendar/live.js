// The calendar's live connection (kit/live.js): appointments and holds as they change, closures
// entered and removed, and a changed set-up. The kit says a lost connection in the banner; once it
// is back, `onBack` loads afresh what the calendar missed meanwhile.

import { t } from "../kit/i18n.js";
import { connectLive } from "../kit/live.js";

/** @typedef {import("./setup.js").Appointment} Appointment */
/** @typedef {import("./setup.js").Closure} Closure */

/** Every event that carries a whole appointment (a hold is one, in status `held`). */
const APPOINTMENT_EVENTS = [
  "appointment.created", "appointment.updated", "appointment.cancelled",
  "hold.created", "hold.confirmed", "hold.released",
];

/**
 * @typedef {object} CalendarLive
 * @property {(a: Appointment) => void} appointment
 * @property {(c: Closure | undefined) => void} closureCreated
 * @property {(payload: {id?: string | number} | undefined) => void} closureDeleted
 * @property {() => void} settingsChanged
 * @property {() => void} [holidaysChanged]  A holiday was opened or closed, or the country changed.
 * @property {() => void} onBack
 */

/** @param {CalendarLive} on */
export function connectCalendar({ appointment, closureCreated, closureDeleted, settingsChanged, holidaysChanged, onBack }) {
  /** @type {Record<string, (payload: any) => void>} */
  const events = {
    "closure.created": closureCreated,
    "closure.deleted": closureDeleted,
    "settings.changed": () => settingsChanged(),
  };
  if (holidaysChanged) events["holidays.changed"] = () => holidaysChanged();
  /** @param {Appointment | undefined} a */
  const onAppointment = (a) => {
    if (a && a.id !== undefined) appointment(a);
  };
  for (const name of APPOINTMENT_EVENTS) events[name] = onAppointment;
  events["hold.confirmed"] = (a) => {
    onAppointment(a);
    if (a) tellBrowser(a);
  };
  return connectLive({ events, onBack });
}

/**
 * A new online booking or request, as a notification of the browser where the person allowed it
 * (settings, "Benachrichtigungen"); clicking it brings the calendar forward.
 * @param {Appointment} a
 */
function tellBrowser(a) {
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  if (a.status !== "booked" && a.status !== "requested") return;
  const title = a.status === "requested" ? t("Neue Terminanfrage") : t("Neue Online-Buchung");
  // The start as the business reads it: "08.12. 10:00".
  const when = `${a.start.slice(8, 10)}.${a.start.slice(5, 7)}. ${a.start.slice(11, 16)}`;
  const shown = new Notification(title, {
    body: a.customer_name ? `${a.customer_name}, ${when}` : when,
    tag: `appointment-${a.id}`,
  });
  shown.onclick = () => window.focus();
}
