// The series step, for a service the business lets customers book online as a series: after the
// time is chosen, "Als Serie buchen: wöchentlich (or every other week), N Termine". The dates are
// shown as the server sees them online – free, taken or closed – and for the others the nearest
// free times to pick instead, or the date is left out. All chosen dates are held at once.

import { ApiError, request } from "../kit/api.js";
import { h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { announce } from "./announce.js";
import { clock, summaryCard } from "./chosen.js";
import { fmt, idOf, locations, service, services, slug, state } from "./state.js";
import { backButton } from "./steps.js";

/**
 * @typedef {{start: string, end: string}} Alternative
 * @typedef {{start: string, end: string, state: "free" | "taken" | "closed", reason?: string | null,
 *   alternatives: Alternative[]}} SeriesDate
 * @typedef {{on: boolean, every: number, count: number, dates: SeriesDate[] | null,
 *   picked: (string | null)[], error: string | null}} SeriesChoice
 */

/** @type {(() => void) | null} */
let proceed = null;

/**
 * Hands over what "Weiter" leads to: the log-in, or the hold for a logged-in customer.
 * @param {() => void} next
 */
export function whenSeriesChosen(next) {
  proceed = next;
}

/** The most dates the chosen service may be booked online in one series; 0: single dates only. */
export function seriesMost() {
  const s = /** @type {{series_online?: number} | null} */ (service());
  return s && !state.replaces ? Number(s.series_online || 0) : 0;
}

/** @type {SeriesChoice} */
let choice = { on: false, every: 1, count: 0, dates: null, picked: [], error: null };

/** Starts the series step afresh for a newly chosen time. */
export function resetSeries() {
  choice = { on: false, every: 1, count: Math.min(6, seriesMost()), dates: null, picked: [], error: null };
  state.series = null;
}

/**
 * A date in words: "Mo., 14. Dez., 10:00–10:30 Uhr".
 * @param {{start: string, end: string}} slot
 */
function when(slot) {
  const start = new Date(slot.start);
  return `${fmt().day(start)}, ${clock(fmt().range(start, new Date(slot.end)))}`;
}

let loadSeq = 0;

async function loadPreview() {
  const slot = state.slot;
  if (!slot || !choice.on) return;
  const seq = ++loadSeq;
  choice.dates = null;
  choice.error = null;
  rerender();
  try {
    const { data } = await request("POST", `/api/v1/public/${encodeURIComponent(slug)}/series-preview`, {
      body: {
        service_id: idOf(services, state.serviceId),
        location_id: idOf(locations, state.locationId),
        start: slot.start,
        every_weeks: choice.every,
        count: choice.count,
        ...(state.staffId ? { staff_id: state.staffId } : {}),
      },
    });
    if (seq !== loadSeq) return;
    choice.dates = data.dates;
    choice.picked = data.dates.map((/** @type {SeriesDate} */ d) => (d.state === "free" ? d.start : d.alternatives[0]?.start ?? null));
    const open = data.dates.filter((/** @type {SeriesDate} */ d) => d.state !== "free").length;
    announce(open ? t("{n} der Termine sind nicht frei; Alternativen sind vorgeschlagen.", { n: open }) : t("Alle Termine sind frei."));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (seq !== loadSeq) return;
    choice.error = err.message;
  }
  rerender();
}

/** @type {HTMLElement | null} */
let panel = null;

function rerender() {
  if (panel) panel.replaceChildren(...datesPart());
}

/** The dates with their state, and for the ones not free the times to pick instead. */
function datesPart() {
  if (!choice.on) return [];
  if (choice.error) return [h("p", { class: "alert alert-error", role: "alert" }, choice.error)];
  if (!choice.dates) return [h("p", { class: "hint" }, t("Termine werden geprüft …"))];
  return [h("ol", { class: "series-dates", id: "series-dates" }, choice.dates.map((date, i) => {
    const free = date.state === "free";
    const label = free ? t("frei") : date.state === "taken" ? t("vergeben") : t("nicht online buchbar");
    const name = `series-date-${i}`;
    const options = free ? [] : [
      ...date.alternatives.map((alt) => h("label", { class: "series-alternative" },
        h("input", {
          type: "radio", name, value: alt.start, checked: choice.picked[i] === alt.start,
          onchange: () => { choice.picked[i] = alt.start; },
        }), " ", when(alt))),
      h("label", { class: "series-alternative" },
        h("input", {
          type: "radio", name, value: "", checked: choice.picked[i] === null,
          onchange: () => { choice.picked[i] = null; },
        }), " ", t("Diesen Termin auslassen")),
    ];
    return h("li", { class: `series-date is-${date.state}`, dataset: { start: date.start, state: date.state } },
      h("span", { class: "series-when" }, when(date)), " ",
      h("span", { class: `badge series-state is-${date.state}` }, label),
      free ? null : h("fieldset", { class: "series-alternatives" },
        h("legend", {}, date.alternatives.length ? t("Stattdessen:") : t("Keine freie Zeit in dieser Woche.")),
        options));
  }))];
}

export function renderSeries() {
  const most = seriesMost();
  const toggle = h("input", {
    type: "checkbox", id: "series-on", checked: choice.on,
    onchange: (/** @type {Event} */ e) => {
      choice.on = /** @type {HTMLInputElement} */ (e.target).checked;
      if (choice.on) loadPreview();
      else rerender();
      detail.hidden = !choice.on;
    },
  });
  const every = h("select", {
    id: "series-every",
    onchange: (/** @type {Event} */ e) => {
      choice.every = Number(/** @type {HTMLSelectElement} */ (e.target).value);
      loadPreview();
    },
  }, h("option", { value: "1", selected: choice.every === 1 }, t("wöchentlich")),
  h("option", { value: "2", selected: choice.every === 2 }, t("alle 2 Wochen")));
  const count = h("input", {
    type: "number", id: "series-count", min: "2", max: String(most), value: String(choice.count), inputmode: "numeric",
    onchange: (/** @type {Event} */ e) => {
      const input = /** @type {HTMLInputElement} */ (e.target);
      const n = Math.round(Number(input.value));
      choice.count = Math.max(2, Math.min(most, Number.isFinite(n) ? n : 2));
      input.value = String(choice.count);
      loadPreview();
    },
  });
  const detail = h("div", { class: "series-rule", hidden: !choice.on },
    h("label", { for: "series-every" }, t("Wiederholen")), " ", every, " ",
    count, " ", h("label", { for: "series-count" }, t("Termine")),
    h("p", { class: "hint" }, t("Immer am selben Wochentag zur selben Zeit, höchstens {n} Termine.", { n: most })));
  panel = h("div", { class: "series-panel", "aria-live": "polite" }, ...datesPart());
  const next = h("button", {
    class: "btn btn-primary btn-lg", type: "button", id: "series-next",
    onclick: () => {
      if (choice.on) {
        if (!choice.dates) return;
        const starts = choice.picked.filter((s) => s !== null);
        if (starts.length === 0) {
          choice.error = t("Bitte behalten Sie mindestens einen Termin.");
          rerender();
          return;
        }
        state.series = { starts: /** @type {string[]} */ (starts), every: choice.every };
      } else {
        state.series = null;
      }
      proceed?.();
    },
  }, t("Weiter"));
  const notice = state.notice;
  if (notice) {
    state.notice = null;
    if (choice.on) queueMicrotask(loadPreview);
  }
  return /** @type {Node[]} */ ([
    backButton("time"),
    notice ? h("p", { class: "alert alert-warning", role: "alert" }, notice) : null,
    summaryCard(),
    h("div", { class: "field field-check" },
      h("label", { for: "series-on" }, toggle, " ", t("Als Serie buchen"))),
    detail,
    panel,
    h("div", { class: "form-actions" }, next),
  ].filter((node) => node !== null));
}
