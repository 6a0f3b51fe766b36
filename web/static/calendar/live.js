// The calendar's live connection (kit/live.js): appointments and holds as they change, closures
// entered and removed, and a changed set-up. The kit says a lost connection in the banner; once it
// is back, `onBack` loads afresh what the calendar missed meanwhile.

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
 * @property {() => void} onBack
 */

/** @param {CalendarLive} on */
export function connectCalendar({ appointment, closureCreated, closureDeleted, settingsChanged, onBack }) {
  /** @type {Record<string, (payload: any) => void>} */
  const events = {
    "closure.created": closureCreated,
    "closure.deleted": closureDeleted,
    "settings.changed": () => settingsChanged(),
  };
  /** @param {Appointment | undefined} a */
  const onAppointment = (a) => {
    if (a && a.id !== undefined) appointment(a);
  };
  for (const name of APPOINTMENT_EVENTS) events[name] = onAppointment;
  return connectLive({ events, onBack });
}
