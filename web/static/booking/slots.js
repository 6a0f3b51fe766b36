// The booking page's free times, grouped the way the page shows them: by the business's own day
// (not the visitor's), in time order. Pure: no page, no request; unit-tested in web/tests/.

import { zonedDate } from "../kit/time.js";

/**
 * A free time as the API gives it: ISO instants, and the staff who could take it.
 * @typedef {{start: string, end: string, staff_ids?: string[]}} Slot
 */

/**
 * The free times of a week: each plain date ("YYYY-MM-DD") with its slots in time order.
 * @typedef {Map<string, Slot[]>} SlotsByDay
 */

/**
 * The slots of each of `days` ("YYYY-MM-DD", in that order), by the day they start on in
 * `timeZone`; a day without free times has an empty list and a slot on no day asked for is left out.
 * @template {Slot} S
 * @param {S[]} slots
 * @param {string[]} days
 * @param {string} timeZone
 * @returns {Map<string, S[]>}
 */
export function slotsByDay(slots, days, timeZone) {
  /** @type {Map<string, S[]>} */
  const byDay = new Map(days.map((day) => [day, []]));
  for (const slot of slots) {
    byDay.get(zonedDate(new Date(slot.start), timeZone))?.push(slot);
  }
  for (const list of byDay.values()) list.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return byDay;
}

/**
 * The start times of one day's slots, to compare what a refresh took away.
 * @param {Map<string, Slot[]> | null | undefined} byDay
 * @param {string} day
 * @returns {Set<string>}
 */
export function startsOf(byDay, day) {
  return new Set((byDay?.get(day) || []).map((slot) => slot.start));
}
