// The top bar: the dates shown (and the week's number), "Heute", back and forth, the view switch,
// the location filter, "Neuer Eintrag" (and the big "+" on phones), and the keyboard shortcuts of
// other calendars: t today, d day, w week, m month, l list, ←/→ or j/k to move.

import { byId, h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { locale } from "../kit/lang.js";
import * as T from "../kit/time.js";
import { calendar, setView, shownDays } from "./grid.js";
import { PHONE } from "./phone.js";
import { locations, setLocationFilter, shownLocation } from "./setup.js";
import { today } from "./zone.js";

/** @typedef {import("./drawing.js").Point} Point */

const dateLabel = byId("date-label");
const viewSwitch = byId("view-switch");
const locationSelect = byId("location-filter", HTMLSelectElement);

/** The ISO week of a plain date.
 * @param {string} plain */
function isoWeek(plain) {
  const { year, month, day } = T.parseDate(plain);
  const d = new Date(Date.UTC(year, month - 1, day));
  const dayNum = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - dayNum);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  return Math.ceil(((d.getTime() - yearStart.getTime()) / 86400000 + 1) / 7);
}

/** Noon UTC of a plain date: formatted in UTC, no zone can move it to another day.
 * @param {string} plain */
function noon(plain) {
  const { year, month, day } = T.parseDate(plain);
  return new Date(Date.UTC(year, month - 1, day, 12));
}

/**
 * The calendar's datesSet: the label, "Heute" pressed while today is shown, the view switch, and
 * what back and forth will do.
 * @param {import("@event-calendar/core").Calendar.DatesSetInfo} info
 */
export function showDates(info) {
  const { first, last } = shownDays(info);
  const type = info.view.type;
  const now = today();
  let label;
  if (type === "dayGridMonth") {
    // The calendar's own dates carry the wall date in their local fields.
    const current = info.view.currentStart;
    const mid = current instanceof Date ? new Date(Date.UTC(current.getFullYear(), current.getMonth(), 15))
      : noon(T.addDays(first, 14));
    label = new Intl.DateTimeFormat(locale(), { timeZone: "UTC", month: "long", year: "numeric" }).format(mid);
  } else if (first === last) {
    label = new Intl.DateTimeFormat(locale(), {
      timeZone: "UTC", weekday: "short", day: "numeric",
      month: PHONE.matches || window.innerWidth < 1480 ? "short" : "long",
      year: PHONE.matches ? undefined : "numeric",
    }).format(noon(first));
  } else {
    const range = new Intl.DateTimeFormat(locale(), {
      timeZone: "UTC", day: "numeric", month: "short", year: PHONE.matches ? undefined : "numeric",
    });
    label = range.formatRange(noon(first), noon(last));
  }
  dateLabel.textContent = label;
  dateLabel.dataset.week = first === last || type === "dayGridMonth" ? "" : t("KW {n}", { n: isoWeek(first) });
  byId("today-button").setAttribute("aria-pressed", String(now >= first && now <= last));
  const key = type.startsWith("list") ? "list" : type;
  for (const button of viewSwitch.querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === key));
  }
  const unit = type === "dayGridMonth" ? "month"
    : type === "resourceTimeGridWeek" || type.startsWith("list") ? "week" : "day";
  byId("prev-button").setAttribute("aria-label", unit === "month" ? t("Vorheriger Monat")
    : unit === "week" ? t("Vorherige Woche") : t("Vorheriger Tag"));
  byId("next-button").setAttribute("aria-label", unit === "month" ? t("Nächster Monat")
    : unit === "week" ? t("Nächste Woche") : t("Nächster Tag"));
}

/** The location filter, shown once there is more than one location. */
export function renderLocationFilter() {
  if (locations.length < 2) {
    locationSelect.hidden = true;
    locationSelect.replaceChildren();
    return;
  }
  locationSelect.replaceChildren(
    h("option", { value: "" }, t("Alle Standorte")),
    ...locations.map((l) => h("option", { value: String(l.id) }, l.name)),
  );
  locationSelect.value = shownLocation();
  locationSelect.hidden = false;
}

/**
 * Wires the top bar's controls and shortcuts; `newEntry(point)` opens the new-entry dialog.
 * @param {{newEntry: (point: Point | null) => void}} options
 */
export function setUpTopBar({ newEntry }) {
  viewSwitch.addEventListener("click", (e) => {
    const button = e.target instanceof Element ? e.target.closest("button[data-view]") : null;
    if (button instanceof HTMLElement && button.dataset.view) setView(button.dataset.view);
  });
  byId("prev-button").addEventListener("click", () => calendar().prev());
  byId("next-button").addEventListener("click", () => calendar().next());
  byId("today-button").addEventListener("click", () => {
    calendar().setOption("date", today());
  });

  renderLocationFilter();
  locationSelect.addEventListener("change", () => {
    setLocationFilter(locationSelect.value);
    calendar().refetchEvents();
  });

  // "Neuer Eintrag" in the top bar, and the big "+" on phones: in the first calendar.
  byId("new-button").addEventListener("click", () => newEntry(null));
  byId("create-button").addEventListener("click", (e) => {
    const rect = /** @type {HTMLElement} */ (e.currentTarget).getBoundingClientRect();
    newEntry({ x: rect.left, y: rect.bottom + 90 });
  });

  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target instanceof Element ? e.target : null;
    if (target?.closest("input, textarea, select, [contenteditable], dialog")) return;
    if (document.querySelector("dialog[open]")) return;
    /** @type {Record<string, () => void>} */
    const actions = {
      t: () => calendar().setOption("date", today()),
      d: () => setView("resourceTimeGridDay"),
      w: () => setView("resourceTimeGridWeek"),
      m: () => setView("dayGridMonth"),
      l: () => setView("list"),
      j: () => calendar().next(),
      k: () => calendar().prev(),
      ArrowRight: () => calendar().next(),
      ArrowLeft: () => calendar().prev(),
    };
    const action = actions[e.key];
    if (action && !(e.key.startsWith("Arrow") && target?.closest(".ec-event"))) {
      e.preventDefault();
      action();
    }
  });
}
