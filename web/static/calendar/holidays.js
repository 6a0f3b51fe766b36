// Public holidays in the calendar: a labelled band across each holiday's whole day in every
// calendar, saying whether it is closed for online booking (the default) or opened. The desk may
// still book on it. The holidays come as an event source of their own and follow `holidays.changed`.

import { staffApi } from "../kit/api.js";
import { h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { lang } from "../kit/lang.js";
import * as T from "../kit/time.js";
import { calendar, currentView } from "./grid.js";
import { allStaffIds } from "./setup.js";

/** @typedef {{date: string, name: string, open: boolean}} Holiday */
/** @typedef {import("@event-calendar/core").Calendar.EventInput} EventInput */

const HOLIDAY_PREFIX = "holiday-";

/**
 * The holidays' event source: those of the dates shown, from the server each time (none when it
 * cannot answer: the appointments still show).
 * @param {import("@event-calendar/core").Calendar.FetchInfo} info
 * @returns {Promise<EventInput[]>}
 */
export async function holidayEvents(info) {
  const first = info.startStr.slice(0, 10);
  const last = T.addDays(info.endStr.slice(0, 10), -1);
  if (last < first) return [];
  /** @type {{holidays: Holiday[]}} */
  let answer;
  try {
    answer = await staffApi("GET", `/api/v1/holidays?from=${first}&to=${last}&lang=${lang}`);
  } catch {
    return [];
  }
  // The list shows it as a row; the month as a background, which only an all-day event gets there.
  const list = currentView().startsWith("list");
  const allDay = !currentView().includes("TimeGrid");
  return answer.holidays.map((holiday) => ({
    id: HOLIDAY_PREFIX + holiday.date,
    resourceIds: allStaffIds,
    start: `${holiday.date}T00:00:00`,
    end: `${T.addDays(holiday.date, 1)}T00:00:00`,
    allDay,
    display: list ? "auto" : "background",
    classNames: ["holiday", holiday.open ? "holiday-open" : "holiday-closed"],
    title: holiday.name,
    editable: false,
    startEditable: false,
    durationEditable: false,
    extendedProps: { holiday },
  }));
}

/**
 * The band's label: "Feiertag", the holiday's name, and "geöffnet" or "online geschlossen".
 * @param {import("@event-calendar/core").Calendar.EventContentInfo} info
 * @returns {{html: string} | undefined} undefined for every event that is no holiday
 */
export function holidayContent(info) {
  const holiday = /** @type {Holiday | undefined} */ (info.event.extendedProps?.holiday);
  if (!holiday) return undefined;
  const label = h("div", { class: "holiday-label", dataset: { date: holiday.date } },
    h("span", { class: "holiday-kind" }, t("Feiertag")),
    h("span", { class: "holiday-name" }, holiday.name),
    h("span", { class: "holiday-state" }, holiday.open ? t("geöffnet") : t("online geschlossen")));
  return { html: h("div", {}, label).innerHTML };
}

/** A live `holidays.changed`: a holiday was opened or closed, or the country changed. */
export function holidaysChanged() {
  calendar().refetchEvents();
}

/** Adds the holidays' source to the calendar's; call once the calendar is made. */
export function showHolidays() {
  const grid = calendar();
  const sources = /** @type {import("@event-calendar/core").Calendar.EventSource[]} */ (grid.getOption("eventSources"));
  grid.setOption("eventSources", [...sources, { events: holidayEvents }]);
}
