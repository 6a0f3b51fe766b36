// What the desk's calendar keeps in the browser for a time without the server: the appointments and
// closures of today and the next seven days, with the time they were loaded, under a key of the
// signed-in person's own (so that nobody reads another person's days on a shared computer).
// Pure: no clock, no storage; offline.js reads and writes.

import * as T from "../kit/time.js";

/** Today and the next seven days. */
export const OFFLINE_DAYS = 8;

/** Every key this page keeps offline data under starts so; a log-out removes them all. */
export const OFFLINE_PREFIX = "calendar.offline.";

/**
 * @typedef {object} OfflineDays
 * @property {number} at  When they were loaded (ms since the epoch).
 * @property {string} from  The first instant kept, ISO.
 * @property {string} to  The end of the last day kept, ISO.
 * @property {{start: string, end: string}[]} appointments  As GET /api/v1/appointments answers.
 * @property {{start: string, end: string}[]} closures  As GET /api/v1/closures answers.
 */

/** The storage key of a person's offline days.
 * @param {string | number} userId */
export function offlineKey(userId) {
  return OFFLINE_PREFIX + String(userId);
}

/**
 * The instants from the start of `today` to the end of the seventh day after it, on the business's
 * clock in `timeZone` (a day with a clock change is 23 or 25 hours long).
 * @param {string} today  A plain date "YYYY-MM-DD".
 * @param {string} timeZone
 * @returns {{from: Date, to: Date}}
 */
export function offlineRange(today, timeZone) {
  const start = T.parseDate(today);
  const end = T.parseDate(T.addDays(today, OFFLINE_DAYS));
  return { from: T.wallToInstant(start, timeZone), to: T.wallToInstant(end, timeZone) };
}

/**
 * The items of `items` that overlap the instants from `from` to `to` (from inclusive, to exclusive).
 * @template {{start: string, end: string}} I
 * @param {I[]} items
 * @param {Date} from
 * @param {Date} to
 * @returns {I[]}
 */
export function overlapping(items, from, to) {
  return items.filter((item) => Date.parse(item.start) < to.getTime() && Date.parse(item.end) > from.getTime());
}

/**
 * Whether the kept days cover every instant from `from` to `to`.
 * @param {OfflineDays} kept
 * @param {Date} from
 * @param {Date} to
 */
export function covers(kept, from, to) {
  return Date.parse(kept.from) <= from.getTime() && to.getTime() <= Date.parse(kept.to);
}

/**
 * Reads what was stored, or null for nothing or something unreadable.
 * @param {string | null} text
 * @returns {OfflineDays | null}
 */
export function readDays(text) {
  if (!text) return null;
  try {
    const data = JSON.parse(text);
    if (typeof data?.at !== "number" || !Array.isArray(data.appointments) || !Array.isArray(data.closures)) return null;
    return data;
  } catch {
    return null;
  }
}
