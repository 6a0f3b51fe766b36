// The calendar component on the page: its plugins and options from the business's set-up (the
// opening hours bound the grid, the slot step divides it, the weekend shows or not, a column per
// calendar), the view and day it opens on, where it starts scrolled, and the same options again
// when the set-up changes.

import { createCalendar, DayGrid, Interaction, List, ResourceTimeGrid, TimeGrid } from "@event-calendar/core";
import { t } from "../kit/i18n.js";
import { locale } from "../kit/lang.js";
import * as T from "../kit/time.js";
import { mendGridRoles } from "./grid-aria.js";
import { PHONE } from "./phone.js";
import { allStaffIds, business, gridStep, locations, shownLocation, staffList } from "./setup.js";
import { currentOffset, today, wallParts } from "./zone.js";

/** @typedef {import("@event-calendar/core").Calendar} Calendar */
/** @typedef {import("@event-calendar/core").Calendar.Options} Options */
/** @typedef {import("@event-calendar/core").Calendar.EventInput} EventInput */
/** @typedef {import("@event-calendar/core").Calendar.FetchInfo | import("@event-calendar/core").Calendar.DatesSetInfo} Range */
/** @typedef {import("@event-calendar/core").Calendar.dayOfWeek} DayOfWeek */

/**
 * What the page does at the calendar's events; the grid's own options come from here.
 * @typedef {Pick<Options, "eventContent" | "eventDidMount" | "dateClick" | "eventClick" | "eventDrop"
 *   | "datesSet" | "dragConstraint">
 *   & {events: (info: import("@event-calendar/core").Calendar.FetchInfo) => Promise<EventInput[]>}} Handlers
 */

const HOUR_HEIGHT_PX = 80;
const VIEW_KEY = "calendar.view";
/** The views of the view switch; "list" is a week's list, or seven days' on a phone. */
const VIEWS = ["resourceTimeGridDay", "resourceTimeGridWeek", "dayGridMonth", "list"];
const WEEKDAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** The words on the calendar's own buttons. */
function buttonText() {
  return {
    today: t("Heute"), resourceTimeGridDay: t("Tag"), resourceTimeGridWeek: t("Woche"),
    dayGridMonth: t("Monat"), listDay: t("Liste"), listWeek: t("Liste"), close: t("Schließen"),
  };
}

/** @type {Calendar | null} */
let ec = null;
let [slotMinTime, slotMaxTime] = openingBounds();
let lastScroll = scrollTime(true);

/** The calendar component; it exists once `createGrid` ran. */
export function calendar() {
  if (!ec) throw new Error("the calendar is not set up yet");
  return ec;
}

/** Whether the calendar is made (its callbacks run while it is being made, too). */
export function gridReady() {
  return ec !== null;
}

/** The view shown (the one it opens on while it is being made). */
export function currentView() {
  return String(ec ? ec.getOption("view") : initialView());
}

/** Day and week: a time grid, where closures are hatched backgrounds. Month and list show rows. */
export function isTimeGrid() {
  return currentView().includes("TimeGrid");
}

/** Where the grid's day starts and ends: the earliest opening and latest closing, in whole hours. */
function openingBounds() {
  let min = Infinity;
  let max = -Infinity;
  for (const location of locations) {
    for (const ranges of Object.values(location.opening_hours || {})) {
      for (const [open, close] of ranges || []) {
        min = Math.min(min, T.minutesOf(open));
        max = Math.max(max, T.minutesOf(close));
      }
    }
  }
  if (!Number.isFinite(min) || max <= min) return ["08:00:00", "18:00:00"];
  const hhmm = (/** @type {number} */ m) => `${T.pad(Math.floor(m / 60))}:${T.pad(m % 60)}:00`;
  return [hhmm(Math.floor(min / 60) * 60), hhmm(Math.min(24 * 60, Math.ceil(max / 60) * 60))];
}

/** The time of day where the grid starts ("HH:MM:SS"), e.g. for a new entry on another day. */
export function openingTime() {
  return slotMinTime;
}

/**
 * Where the grid starts scrolled: an hour before now on today, else at opening.
 * @param {boolean} showsToday
 */
function scrollTime(showsToday) {
  const opening = T.minutesOf(slotMinTime.slice(0, 5));
  const now = wallParts(new Date());
  const target = showsToday ? Math.max(opening, (now.hour - 1) * 60) : opening;
  return `${T.pad(Math.floor(target / 60))}:${T.pad(target % 60)}:00`;
}

/** @returns {DayOfWeek[]} */
function hiddenDays() {
  return business.show_weekend ? [] : [0, 6];
}

function slotHeight() {
  return Math.max(12, Math.round((HOUR_HEIGHT_PX * gridStep()) / 60));
}

function resources() {
  return staffList.map((s) => ({ id: String(s.id), title: s.name, extendedProps: { color: s.color || "" } }));
}

function initialView() {
  const saved = localStorage.getItem(VIEW_KEY);
  if (PHONE.matches) return "listDay";
  if (saved && VIEWS.includes(saved) && saved !== "list") return saved;
  if (saved === "list") return "listWeek";
  return "resourceTimeGridDay";
}

/** The day to open on: `?date=YYYY-MM-DD` (a link from a customer's record), else today. */
function initialDate() {
  const asked = new URLSearchParams(window.location.search).get("date") || "";
  return /^\d{4}-\d{2}-\d{2}$/.test(asked) && !Number.isNaN(Date.parse(asked)) ? asked : today();
}

/**
 * "09:00–09:30" for the calendar's own dates (the wall time in their local fields). The calendar
 * asks for every event's time at every change; Intl's ranges cost a visible pause for thousands.
 * @param {Date} start
 * @param {Date | null} end
 */
function eventTime(start, end) {
  const hhmm = (/** @type {Date} */ d) => `${T.pad(d.getHours())}:${T.pad(d.getMinutes())}`;
  return end && end > start ? `${hhmm(start)}–${hhmm(end)}` : hhmm(start);
}

/**
 * Full names over day columns; first names where a week puts every calendar under each day.
 * Plain text, not new nodes: the calendar redraws a label whose content changes, and in a week of
 * many calendars redrawing every label at each live change costs a layout per label.
 * @param {import("@event-calendar/core").Calendar.ResourceLabelInfo} info
 */
function resourceLabel(info) {
  const name = String(info.resource.title ?? "");
  return info.date && staffList.length > 1 ? name.split(" ")[0] : name;
}

/** @param {import("@event-calendar/core").Calendar.ResourceDidMountInfo} info */
function resourceLabelMounted(info) {
  info.el.classList.add("resource-label");
  info.el.title = String(info.resource.title ?? "");
  const color = String(info.resource.extendedProps?.color || "");
  if (color) info.el.style.boxShadow = `inset 0 -3px 0 ${color}`; // the calendar's own colour, from the settings
}

/**
 * The days a range shows, without the hidden weekend at its end: {first, last} as plain dates.
 * @param {Range} info
 */
export function shownDays(info) {
  const first = info.startStr.slice(0, 10);
  let last = T.addDays(info.endStr.slice(0, 10), -1);
  const hidden = hiddenDays();
  while (last > first && hidden.includes(/** @type {DayOfWeek} */ (T.weekday(last)))) last = T.addDays(last, -1);
  return { first, last };
}

/**
 * Hatched background over the times no location (or the chosen one) is open.
 * @param {Range} info
 * @returns {EventInput[]}
 */
export function closedEvents(info) {
  if (!isTimeGrid()) return [];
  const filter = shownLocation();
  const shownLocations = locations.filter((l) => !filter || String(l.id) === filter);
  /** @type {EventInput[]} */
  const events = [];
  const last = info.endStr.slice(0, 10);
  for (let day = info.startStr.slice(0, 10); day < last; day = T.addDays(day, 1)) {
    const open = shownLocations
      .flatMap((l) => (l.opening_hours || {})[WEEKDAY_KEYS[T.weekday(day)]] || [])
      .map(([a, b]) => [T.minutesOf(a), T.minutesOf(b)])
      .sort((x, y) => x[0] - y[0]);
    let from = 0;
    const closed = [];
    for (const [a, b] of open) {
      if (a > from) closed.push([from, a]);
      from = Math.max(from, b);
    }
    if (from < 24 * 60) closed.push([from, 24 * 60]);
    for (const [a, b] of closed) {
      const at = (/** @type {number} */ m) => (m >= 24 * 60 ? `${T.addDays(day, 1)}T00:00:00`
        : `${day}T${T.pad(Math.floor(m / 60))}:${T.pad(m % 60)}:00`);
      events.push({ start: at(a), end: at(b), display: "background", classNames: ["closed"], resourceIds: allStaffIds });
    }
  }
  return events;
}

/**
 * Makes the calendar in `el`, wired to `handlers`.
 * @param {HTMLElement} el
 * @param {Handlers} handlers
 * @returns {Calendar}
 */
export function createGrid(el, { events, ...on }) {
  const step = gridStep();
  ec = createCalendar(el, [DayGrid, Interaction, List, ResourceTimeGrid, TimeGrid], {
    view: initialView(),
    date: initialDate(),
    timeZone: currentOffset(),
    locale: locale(),
    firstDay: 1,
    hiddenDays: hiddenDays(),
    resources: resources(),
    headerToolbar: { start: "", center: "", end: "" },
    height: "100%",
    allDaySlot: false,
    nowIndicator: true,
    slotMinTime,
    slotMaxTime,
    flexibleSlotTimeLimits: true,
    scrollTime: lastScroll,
    slotDuration: { minutes: step },
    snapDuration: { minutes: step },
    slotHeight: slotHeight(),
    slotLabelInterval: { minutes: 60 },
    slotLabelFormat: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    eventTimeFormat: eventTime,
    dayHeaderFormat: { weekday: "short", day: "2-digit", month: "2-digit" },
    listDayFormat: { weekday: "long" },
    listDaySideFormat: { day: "numeric", month: "long", year: "numeric" },
    noEventsContent: t("Keine Termine in diesem Zeitraum."),
    buttonText: (defaults) => ({ ...defaults, ...buttonText() }),
    moreLinkContent: (arg) => t("+{n} weitere", { n: arg.num }),
    lazyFetching: false,
    eventSources: [{ events }],
    pointer: true,
    selectable: false,
    editable: true,
    eventStartEditable: true,
    eventDurationEditable: false,
    views: {
      // The phone's list (listDay is used only there) runs seven days from the chosen day, so the
      // owner sees what comes next even on a quiet day or a weekend.
      listDay: { duration: { days: 7 } },
      resourceTimeGridWeek: { datesAboveResources: true },
      dayGridMonth: { dayMaxEvents: true, dayHeaderFormat: { weekday: "short" } },
    },
    resourceLabelContent: resourceLabel,
    resourceLabelDidMount: resourceLabelMounted,
    loading: (loading) => el.classList.toggle("is-loading", loading),
    ...on,
  });
  mendGridRoles(el);
  return ec;
}

/**
 * After the dates changed: scrolled to an hour before now where they show today, else to opening.
 * @param {Range} info
 */
export function followDates(info) {
  const { first, last } = shownDays(info);
  const now = today();
  const wanted = scrollTime(now >= first && now <= last);
  if (ec && lastScroll !== wanted) ec.setOption("scrollTime", wanted);
  lastScroll = wanted;
}

/**
 * Shows a view of the switch ("list" is the week's list, or the phone's); remembered on this
 * device except on a phone, which always opens on its list.
 * @param {string} key
 */
export function setView(key) {
  const view = key === "list" ? (PHONE.matches ? "listDay" : "listWeek") : key;
  calendar().setOption("view", view);
  if (!PHONE.matches) localStorage.setItem(VIEW_KEY, key);
}

/**
 * Sets an option only when it differs, since every change redraws the grid.
 * @template {keyof Options} K
 * @param {K} name
 * @param {Options[K]} value
 */
function setIfChanged(name, value) {
  const grid = calendar();
  if (JSON.stringify(grid.getOption(name)) !== JSON.stringify(value)) grid.setOption(name, value);
}

/** Seconds of a duration option as the calendar keeps it ({seconds: …}), null when unknown.
 * @param {unknown} d */
function seconds(d) {
  return d && typeof d === "object" && "seconds" in d && typeof d.seconds === "number" ? d.seconds : null;
}

/** Takes over a new set-up: calendars, weekend, step and hours; the date, view and scroll stay. */
export function followSetup() {
  const grid = calendar();
  [slotMinTime, slotMaxTime] = openingBounds();
  const next = resources();
  const shown = (grid.getOption("resources") || []);
  const current = Array.isArray(shown)
    ? shown.map((r) => [String(r.id), String(r.title), String(r.extendedProps?.color || "")]) : [];
  if (JSON.stringify(current) !== JSON.stringify(next.map((r) => [r.id, r.title, r.extendedProps.color]))) {
    grid.setOption("resources", next);
  }
  setIfChanged("hiddenDays", hiddenDays());
  const step = gridStep();
  if (seconds(grid.getOption("slotDuration")) !== step * 60) {
    grid.setOption("slotDuration", { minutes: step });
    grid.setOption("snapDuration", { minutes: step });
    grid.setOption("slotHeight", slotHeight());
  }
  for (const [name, value] of /** @type {const} */ ([["slotMinTime", slotMinTime], ["slotMaxTime", slotMaxTime]])) {
    if (seconds(grid.getOption(name)) !== T.minutesOf(value.slice(0, 5)) * 60) grid.setOption(name, value);
  }
}

/** Across a daylight-saving change, the grid's offset follows the business's clock. */
export function followClock() {
  setInterval(() => {
    const grid = calendar();
    if (grid.getOption("timeZone") !== currentOffset()) {
      grid.setOption("timeZone", currentOffset());
      grid.refetchEvents();
    }
  }, 60000);
}

/**
 * Gives the keyboard focus back to an appointment that the calendar draws anew (within a few frames).
 * @param {string} id
 * @param {number} [frames]
 */
export function refocus(id, frames = 10) {
  requestAnimationFrame(() => {
    // Focus in a dialog that just closed counts as lost: the browser moves it to the body soon.
    const active = document.activeElement;
    if (active && active !== document.body && active.checkVisibility()) return;
    const el = document.querySelector(`#calendar [data-appointment-id="${CSS.escape(id)}"]`);
    if (el instanceof HTMLElement) el.focus();
    else if (frames > 1) refocus(id, frames - 1);
  });
}
