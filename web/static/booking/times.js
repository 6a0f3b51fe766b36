// The week of free times: loading it, refreshing it live when someone else books or the business
// changes its hours, and showing its days and times. A time that goes while the customer looks
// fades out with a note, a time that comes free is marked new.

import { request } from "../kit/api.js";
import { debounce, h } from "../kit/dom.js";
import { N_, t } from "../kit/i18n.js";
import * as T from "../kit/time.js";
import { announce } from "./announce.js";
import { clock, contextText, movedText } from "./chosen.js";
import { slotsByDay, startsOf } from "./slots.js";
import { fmt, slug, staffChoice, state, useZone, zone } from "./state.js";
import { backButton, go } from "./steps.js";

/** @typedef {import("./slots.js").Slot} Slot */
/** @typedef {import("./slots.js").SlotsByDay} SlotsByDay */

/** The parts of the day that group a day's times. */
const PERIODS = { morning: N_("Vormittag"), afternoon: N_("Nachmittag"), evening: N_("Abend") };

const REFRESH_DEBOUNCE_MS = 150;
const GONE_FADE_MS = 1600;

/**
 * What a live refresh found: the times that went (shown fading) and those that came.
 * @typedef {{gone?: Slot[], fresh?: Set<string>, changed?: boolean}} Differences
 */

/** @type {(slot: Slot) => void} */
let choose = () => {};

/**
 * Hands over what choosing a time leads to.
 * @param {(slot: Slot) => void} next
 */
export function whenChosen(next) {
  choose = next;
}

function weekDays() {
  return Array.from({ length: 7 }, (_, i) => T.addDays(state.weekStart, i));
}

/** What the loaded free times belong to: the service, the location and the week. */
function slotsKey() {
  return `${state.serviceId}|${state.locationId}|${state.staffId}|${state.weekStart}`;
}

/** The free times of the shown week, once they are loaded for what is chosen now. */
function loadedSlots() {
  return state.slots && state.slotsFor === slotsKey() ? state.slots : null;
}

let loadSeq = 0;

/**
 * Fetches the shown week's free times; `live` marks a refresh caused by someone else, `changed`
 * one caused by the business's hours, settings, services or closures rather than a booking.
 * @param {{live?: boolean, changed?: boolean}} [options]
 */
export async function loadWeek({ live = false, changed = false } = {}) {
  if (!state.serviceId || !state.locationId) return;
  const seq = ++loadSeq;
  const key = slotsKey();
  const before = state.slotsFor === key ? state.slots : null;
  if (!before) {
    state.slots = null;
    state.loadError = false;
    if (state.step === "time") renderTimeParts();
  }
  const days = weekDays();
  const query = new URLSearchParams({
    service_id: state.serviceId, location_id: state.locationId, from: days[0], to: days[6],
  });
  if (state.staffId) query.set("staff_id", state.staffId);
  try {
    /** @type {{data: {timezone?: string, slots?: Slot[]}}} */
    const { data } = await request("GET", `/api/v1/public/${encodeURIComponent(slug)}/slots?${query}`);
    if (seq !== loadSeq) return;
    if (data.timezone && data.timezone !== zone()) useZone(data.timezone);
    const slots = slotsByDay(data.slots || [], days, zone());
    state.slots = slots;
    state.slotsFor = key;
    state.loadError = false;
    afterSlotsChanged(slots, before, { live, changed });
  } catch {
    if (seq !== loadSeq) return;
    if (!before) {
      state.loadError = true;
      if (state.step === "time") renderTimeParts();
    }
  }
}

/**
 * @param {SlotsByDay} slots  The week's free times as loaded now.
 * @param {SlotsByDay | null} before  What the page showed before, when it was the same week.
 * @param {{live: boolean, changed: boolean}} options
 */
function afterSlotsChanged(slots, before, { live, changed }) {
  // The chosen (but not yet held) time was taken while the person logs in: say so at once.
  if (state.slot && !state.hold && state.step === "account") {
    const day = T.zonedDate(new Date(state.slot.start), zone());
    if (state.slotsFor === slotsKey() && !startsOf(slots, day).has(state.slot.start)) {
      state.slot = null;
      state.date = day;
      const notice = changed
        ? t("Ihr gewählter Termin ist gerade nicht mehr frei. Bitte wählen Sie eine andere Zeit.")
        : t("Ihr gewählter Termin wurde gerade von jemand anderem gebucht. Bitte wählen Sie eine andere Zeit.");
      state.notice = notice;
      go("time");
      announce(notice);
      return;
    }
  }
  if (state.step !== "time") return;
  if (!state.date || !slots.has(state.date) || (!live && !slots.get(state.date)?.length)) {
    state.date = firstDayWithSlots() || state.date || weekDays()[0];
    if (!slots.has(state.date)) state.date = weekDays()[0];
  }
  /** @type {Slot[]} */
  let gone = [];
  /** @type {Set<string>} */
  let fresh = new Set();
  if (live && before) {
    const old = startsOf(before, state.date);
    const now = startsOf(slots, state.date);
    gone = (before.get(state.date) || []).filter((s) => !now.has(s.start));
    fresh = new Set([...now].filter((s) => !old.has(s)));
  }
  renderTimeParts({ gone, fresh, changed });
  if (gone.length) announce(changed ? t("Die freien Zeiten haben sich gerade geändert.") : t("Dieser Termin wurde gerade vergeben."));
  else if (fresh.size) announce(changed ? t("Die freien Zeiten haben sich gerade geändert.") : t("Eine Zeit ist gerade frei geworden."));
}

function firstDayWithSlots() {
  for (const [day, list] of state.slots || []) if (list.length) return day;
  return null;
}

let changedSinceRefresh = false;

const refreshSoon = debounce(() => {
  const changed = changedSinceRefresh;
  changedSinceRefresh = false;
  if (state.step === "time" || (state.step === "account" && state.slot && !state.hold)) {
    loadWeek({ live: true, changed });
  }
}, REFRESH_DEBOUNCE_MS);

/**
 * Loads the free times again shortly, where the customer is looking at them or about to hold one;
 * `changed` when the business changed its hours, settings, services or closures.
 * @param {{changed?: boolean}} [options]
 */
export function refreshSlots({ changed = false } = {}) {
  if (changed) changedSinceRefresh = true;
  refreshSoon();
}

export function renderTime() {
  /** @type {Node[]} */
  const nodes = [
    h("div", { class: "step-top" }, backButton(staffChoice() ? "person" : "service"), h("span", { class: "step-context" }, contextText())),
  ];
  if (state.replaces) {
    nodes.push(h("p", { class: "alert alert-info summary-moves" }, t("Verschieben: bisher {when}", { when: movedText(state.replaces) })));
  }
  if (state.notice) {
    nodes.push(h("p", { class: "alert alert-warning", role: "alert" }, state.notice));
    state.notice = null;
  }
  nodes.push(h("div", { class: "week", id: "week" }), h("div", { class: "times", id: "times" }));
  queueMicrotask(() => renderTimeParts());
  return nodes;
}

/**
 * Shows the week's days and the chosen day's times, where the time step is on the page.
 * @param {Differences} [differences]
 */
function renderTimeParts({ gone = [], fresh = new Set(), changed = false } = {}) {
  const week = document.getElementById("week");
  const times = document.getElementById("times");
  if (!week || !times) return;
  renderWeek(week);
  renderSlots(times, gone, fresh, changed);
}

/** @param {HTMLElement} container */
function renderWeek(container) {
  const days = weekDays();
  const today = T.todayIn(zone());
  const f = fmt();
  const a = f.plain(days[0], "monthYear");
  const b = f.plain(days[6], "monthYear");
  const monthLabel = a === b ? a : `${f.plain(days[0], "monthShort")} – ${f.plain(days[6], "monthShortYear")}`;
  const loaded = loadedSlots();
  container.replaceChildren(
    h("div", { class: "week-head" },
      h("button", {
        class: "btn btn-ghost btn-icon", type: "button", "aria-label": t("Vorherige Woche"),
        disabled: state.weekStart <= today,
        onclick: () => moveWeek(-7),
      }, h("span", { "aria-hidden": "true" }, "‹")),
      h("p", { class: "week-label" }, monthLabel),
      h("button", {
        class: "btn btn-ghost btn-icon", type: "button", "aria-label": t("Nächste Woche"),
        onclick: () => moveWeek(7),
      }, h("span", { "aria-hidden": "true" }, "›"))),
    h("div", { class: "days", role: "group", "aria-label": monthLabel }, days.map((day) => {
      const count = loaded ? (loaded.get(day) || []).length : null;
      const empty = count === 0;
      const selected = day === state.date;
      return h("button", {
        class: `day${empty ? " is-empty" : ""}${day === today ? " is-today" : ""}`,
        type: "button",
        dataset: { date: day },
        "aria-pressed": String(selected),
        "aria-disabled": empty ? "true" : null,
        onclick: () => {
          state.date = day;
          renderTimeParts();
        },
      },
      h("span", { class: "day-name" }, f.plain(day, "weekday").replace(".", "")),
      h("span", { class: "day-num" }, String(T.parseDate(day).day)),
      // The name a screen reader gives starts with what is shown ("Mo 7"), then says the whole date.
      h("span", { class: "visually-hidden" }, ", " + f.plain(day, "full") + (empty ? ", " + t("keine freien Zeiten") : "")),
      h("span", { class: "day-dot", "aria-hidden": "true" }));
    })));
}

/** @param {number} delta  Days forward (or back, when negative); never before today. */
function moveWeek(delta) {
  const today = T.todayIn(zone());
  let next = T.addDays(state.weekStart, delta);
  if (next < today) next = today;
  state.weekStart = next;
  state.date = null;
  loadWeek();
  renderTimeParts();
}

/**
 * @param {Date} date
 * @returns {"morning" | "afternoon" | "evening"}
 */
function periodOf(date) {
  const hour = T.zonedParts(date, zone()).hour;
  return hour < 12 ? "morning" : hour < 17 ? "afternoon" : "evening";
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let fadeTimer;

/**
 * The chosen day's times by part of the day, with the ones that just went fading out.
 * @param {HTMLElement} container
 * @param {Slot[]} gone
 * @param {Set<string>} fresh  The starts of times that just came free.
 * @param {boolean} changed  Whether the business's changes (not a booking) took the gone ones.
 */
function renderSlots(container, gone, fresh, changed) {
  if (state.loadError) {
    container.replaceChildren(h("div", { class: "alert alert-error" }, t("Die freien Zeiten konnten nicht geladen werden."), " ",
      h("button", { class: "btn", type: "button", onclick: () => loadWeek() }, t("Erneut versuchen"))));
    return;
  }
  const loaded = loadedSlots();
  if (!loaded) {
    container.replaceChildren(h("p", { class: "visually-hidden" }, t("Freie Zeiten werden geladen …")),
      h("div", { class: "slot-grid is-loading", "aria-hidden": "true" },
        Array.from({ length: 8 }, () => h("span", { class: "slot-skeleton" }))));
    container.setAttribute("aria-busy", "true");
    return;
  }
  container.setAttribute("aria-busy", "false");
  const list = (state.date && loaded.get(state.date)) || [];
  const goneStarts = new Set(gone.map((s) => s.start));
  const all = [...list, ...gone].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  if (!all.length) {
    const weekEmpty = !firstDayWithSlots();
    container.replaceChildren(h("div", { class: "empty" },
      h("p", {}, weekEmpty ? t("In dieser Woche ist leider nichts mehr frei.") : t("An diesem Tag ist leider nichts mehr frei.")),
      weekEmpty ? h("button", { class: "btn", type: "button", onclick: () => moveWeek(7) }, t("Nächste Woche ansehen")) : null));
    return;
  }
  const active = document.activeElement;
  const focusedStart = active instanceof HTMLElement ? active.dataset.start : undefined;
  /** @type {Map<"morning" | "afternoon" | "evening", Slot[]>} */
  const groups = new Map();
  for (const slot of all) {
    const period = periodOf(new Date(slot.start));
    const group = groups.get(period);
    if (group) group.push(slot);
    else groups.set(period, [slot]);
  }
  const f = fmt();
  const nodes = [h("p", { class: "times-day" }, state.date ? f.plain(state.date, "full") : "")];
  for (const [period, slots] of groups) {
    nodes.push(h("p", { class: "times-period" }, t(PERIODS[period])));
    nodes.push(h("div", { class: "slot-grid" }, slots.map((slot) => {
      const isGone = goneStarts.has(slot.start);
      const start = new Date(slot.start);
      return h("button", {
        class: `slot${isGone ? " is-gone" : ""}${fresh.has(slot.start) ? " is-new" : ""}`,
        type: "button",
        dataset: { start: slot.start },
        disabled: isGone,
        "aria-label": clock(f.time(start)),
        onclick: () => choose(slot),
      }, f.time(start), isGone ? h("span", { class: "slot-gone-note" }, changed ? t("nicht mehr frei") : t("Dieser Termin wurde gerade vergeben.")) : null);
    })));
  }
  container.replaceChildren(...nodes);
  if (focusedStart) {
    const again = container.querySelector(`.slot[data-start="${CSS.escape(focusedStart)}"]:not(.is-gone)`);
    (again instanceof HTMLElement ? again : container).focus();
  }
  if (gone.length) {
    clearTimeout(fadeTimer);
    fadeTimer = setTimeout(() => {
      if (state.step === "time") renderTimeParts();
    }, GONE_FADE_MS);
  }
}

