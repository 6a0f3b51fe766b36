// The business's wall clock. The grid shows the business's time whatever zone the browser is in:
// events go to the calendar component as wall-clock strings without an offset, its own dates carry
// that wall time in their local fields, and its zone is the business's current UTC offset (so that
// "today" and the now-line are right). These helpers turn either way.

import * as T from "../kit/time.js";
import { tz } from "./setup.js";

/** @typedef {{year: number, month: number, day: number, hour: number, minute: number, second: number}} WallParts */

/**
 * The business's wall-clock fields of an instant.
 * @param {Date} date
 * @returns {WallParts}
 */
export function wallParts(date) {
  return /** @type {WallParts} */ (T.zonedParts(date, tz));
}

/** "HH:MM" of an instant on the business's clock.
 * @param {Date} date */
export function wallTime(date) {
  const p = wallParts(date);
  return `${T.pad(p.hour)}:${T.pad(p.minute)}`;
}

/** The plain date ("YYYY-MM-DD") of an instant on the business's clock.
 * @param {Date} date
 * @returns {string} */
export function wallDate(date) {
  return T.zonedDate(date, tz);
}

/** Today on the business's clock.
 * @returns {string} */
export function today() {
  return T.todayIn(tz);
}

/**
 * The instant at which the business's clock shows `hour`:`minute` on the plain date `day`.
 * @param {string} day
 * @param {number} [hour]
 * @param {number} [minute]
 * @returns {Date}
 */
export function instantAt(day, hour = 0, minute = 0) {
  return T.wallToInstant({ ...T.parseDate(day), hour, minute }, tz);
}

/** The same for "HH:MM" on `day`.
 * @param {string} day
 * @param {string} hhmm */
export function instantAtTime(day, hhmm) {
  const [hour, minute] = hhmm.split(":").map(Number);
  return instantAt(day, hour, minute);
}

/** The calendar's wall-clock string ("2027-03-29T09:00:00") of an ISO instant.
 * @param {string | Date} iso
 * @returns {string} */
export function wallOf(iso) {
  return T.floatingIso(new Date(iso), tz);
}

/** The instant of one of the calendar's wall-clock strings ("2027-03-29" or "…T09:30:00").
 * @param {string} str */
export function fromWallString(str) {
  const [date, time = "00:00"] = str.split("T");
  return instantAtTime(date, time.slice(0, 5));
}

/** The instant of one of the calendar's own dates (the wall time in its local fields).
 * @param {Date} d */
export function fromCalendarDate(d) {
  return T.wallToInstant({
    year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(),
    hour: d.getHours(), minute: d.getMinutes(),
  }, tz);
}

/** ISO 8601 with the business's offset, as the API takes it.
 * @param {Date} date
 * @returns {string} */
export function isoOf(date) {
  return T.isoWithOffset(date, tz);
}

/** The business's UTC offset now ("+01:00"): the calendar component's zone.
 * @returns {string} */
export function currentOffset() {
  return T.offsetString(T.offsetMinutes(new Date(), tz));
}
