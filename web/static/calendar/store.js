// The appointments the calendar shows, kept in step with the server: a live change goes in at once
// (highlighted when it came from elsewhere), a fetch of the dates shown lays the changes that
// arrived meanwhile over its older answer (model.js has the rules), closures load beside the
// appointments, and the draft of the entry being written rides along.

import { ApiError, staffApi } from "../kit/api.js";
import { t } from "../kit/i18n.js";
import { hideNotice, showBanner } from "../kit/live.js";
import { closedEvents, calendar, refocus } from "./grid.js";
import { closureEvents, closuresAfterFetch } from "./closures.js";
import { appointmentEvent, draftEvent, DRAFT_ID, flash } from "./drawing.js";
import * as Model from "./model.js";
import { keptBetween, leaveOffline, saveSoon, showOffline, showOnline } from "./offline.js";
import { shownLocation } from "./setup.js";
import { fromWallString, isoOf } from "./zone.js";

/** @typedef {import("./setup.js").Appointment} Appointment */
/** @typedef {import("./drawing.js").Draft} Draft */
/** @typedef {import("@event-calendar/core").Calendar.EventInput} EventInput */

const OWN_WRITE_MS = 5000;
const JOURNAL_MS = 60000;
const RETRY_MS = 5000;

/** @type {Map<string, Appointment>} appointment id → what the calendar shows of it */
const shown = new Map();
/** @type {Map<string, number>} appointment id → when this page changed it (no highlight for its echo) */
const ownWrites = new Map();
/** @type {Model.JournalEntry<Appointment>[]} live changes, replayed over a fetch that started before they arrived */
let journal = [];
/** @type {Draft | null} */
let draft = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let loadRetry;
/** @type {((a: Appointment) => void)[]} */
const watchers = [];

/** The newest version of a shown appointment.
 * @param {import("./setup.js").Id} id */
export function shownAppointment(id) {
  return shown.get(String(id));
}

/** `watch(a)` follows every change to an appointment that the calendar goes on showing.
 * @param {(a: Appointment) => void} watch */
export function onShownChange(watch) {
  watchers.push(watch);
}

/**
 * Puts `a` into the calendar (or takes it out), replacing whatever it showed for that id; an
 * appointment that had the keyboard focus keeps it.
 * @param {Appointment} a
 * @param {{flash?: boolean}} [options]
 */
function upsert(a, { flash: highlight = false } = {}) {
  const id = String(a.id);
  if (highlight) flash(id);
  const focusedEl = document.activeElement?.closest("[data-appointment-id]");
  const focused = focusedEl instanceof HTMLElement && focusedEl.dataset.appointmentId === id;
  const grid = calendar();
  grid.removeEventById(id);
  if (!Model.applyChange(shown, a, shownLocation())) return;
  grid.addEvent(appointmentEvent(a));
  for (const watch of watchers) watch(a);
  if (focused) refocus(id);
}

/** This page changed `a` (the server's answer): shown at once, and its live echo not highlighted.
 * @param {Appointment} a */
export function wrote(a) {
  ownWrites.set(String(a.id), Date.now());
  upsert(a);
  saveSoon();
}

/**
 * A live change of an appointment or hold. Highlighted, unless it is the echo of this page's own
 * write that changed nothing the calendar shows.
 * @param {Appointment} a
 */
export function onLiveAppointment(a) {
  const id = String(a.id);
  journal.push({ at: Date.now(), a });
  const mine = (ownWrites.get(id) || 0) > Date.now() - OWN_WRITE_MS;
  const same = shown.get(id);
  const unchanged = same && same.status === a.status && same.start === a.start
    && String(same.staff_id) === String(a.staff_id);
  upsert(a, { flash: !(mine && unchanged) });
  saveSoon();
}

/**
 * The calendar's event source: the appointments and closures of the dates shown, the draft, and
 * the closed hours. When the server fails, the calendar keeps what it showed (or, without the server,
 * shows the days kept in this browser) and tries again soon.
 * @param {import("@event-calendar/core").Calendar.FetchInfo} info
 * @returns {Promise<EventInput[]>}
 */
export async function fetchEvents(info) {
  const started = Date.now();
  const query = new URLSearchParams({
    from: isoOf(fromWallString(info.startStr)),
    to: isoOf(fromWallString(info.endStr)),
  });
  // Closures load beside the appointments; when they fail, the appointments still show.
  /** @type {Promise<import("./setup.js").Closure[] | null>} */
  const closuresLoaded = staffApi("GET", `/api/v1/closures?${query}`).then(
    (answer) => answer.closures || [],
    () => null,
  );
  try {
    const data = await staffApi("GET", `/api/v1/appointments?${query}`);
    const closureList = await closuresLoaded;
    clearTimeout(loadRetry);
    hideNotice();
    showOnline();
    return eventsOf(data.appointments || [], closureList, started, info);
  } catch (err) {
    const expired = err instanceof ApiError && err.status === 401;
    // Without the server, the days kept in this browser show read-only.
    const kept = err instanceof ApiError && err.status === 0
      ? keptBetween(fromWallString(info.startStr), fromWallString(info.endStr)) : null;
    if (expired) {
      leaveOffline();
      showBanner(t("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich neu an."), ["/login", t("Zur Anmeldung")]);
    } else {
      if (!kept) showBanner(t("Die Termine konnten nicht geladen werden. Neuer Versuch in Kürze …"));
      clearTimeout(loadRetry);
      loadRetry = setTimeout(() => calendar().refetchEvents(), RETRY_MS);
    }
    if (!kept) return [...shown.values()].map(appointmentEvent).concat(closureEvents(), closedEvents(info));
    showOffline(kept.at, kept.whole);
    return eventsOf(
      /** @type {Appointment[]} */ (kept.appointments),
      /** @type {import("./setup.js").Closure[]} */ (kept.closures),
      started,
      info,
    );
  }
}

/**
 * The calendar's events from an answer (or the kept days): live changes that arrived while it was
 * under way are newer and lie over it.
 * @param {Appointment[]} appointments
 * @param {import("./setup.js").Closure[] | null} closureList  null: the closures could not be loaded
 * @param {number} started
 * @param {import("@event-calendar/core").Calendar.FetchInfo} info
 */
function eventsOf(appointments, closureList, started, info) {
  journal = journal.filter((entry) => entry.at > Date.now() - JOURNAL_MS);
  const fresh = Model.afterFetch(appointments, journal, started, shownLocation());
  shown.clear();
  const events = [];
  for (const [id, a] of fresh) {
    shown.set(id, a);
    events.push(appointmentEvent(a));
  }
  closuresAfterFetch(closureList, started);
  events.push(...closureEvents());
  if (draft) events.push(draftEvent(draft));
  return events.concat(closedEvents(info));
}

/** Shows where the entry being written would land; null takes it away.
 * @param {Draft | null} d */
export function showDraft(d) {
  draft = d;
  const grid = calendar();
  grid.removeEventById(DRAFT_ID);
  if (d) grid.addEvent(draftEvent(d));
}
