// The booking page's free times, grouped the way the page shows them: by the business's own day
// (not the visitor's), in time order. Pure: no page, no request; unit-tested in web/tests/.

import { zonedDate } from "../kit/time.js";

/**
 * The slots (`{start, end, staff_ids}` with ISO times) of each of `days` ("YYYY-MM-DD", in that
 * order), by the day they start on in `timeZone`; a day without free times has an empty list and
 * a slot on no day asked for is left out.
 */
export function slotsByDay(slots, days, timeZone) {
  const byDay = new Map(days.map((day) => [day, []]));
  for (const slot of slots) {
    const day = zonedDate(new Date(slot.start), timeZone);
    if (byDay.has(day)) byDay.get(day).push(slot);
  }
  for (const list of byDay.values()) list.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return byDay;
}

/** The start times of one day's slots, to compare what a refresh took away. */
export function startsOf(byDay, day) {
  return new Set((byDay?.get(day) || []).map((slot) => slot.start));
}
