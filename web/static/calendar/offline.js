// The calendar without the server: the page keeps today and the next seven days in the browser
// (offline-data.js) and its own files in the Cache API, where the service worker (/sw.js) finds
// them for a reload without the server. While the server cannot be reached, the page shows the
// kept days read-only under a banner with the time they were loaded, and refuses every change;
// once it answers again, the banner goes. A log-out forgets both, so the next person reads nothing.

import { staffApi } from "../kit/api.js";
import { bootData, byId } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { calendar } from "./grid.js";
import { covers, OFFLINE_PREFIX, offlineKey, offlineRange, overlapping, readDays } from "./offline-data.js";
import { fmt, tz } from "./setup.js";
import { isoOf, today, wallDate } from "./zone.js";

/** The Cache API's name for the page's files; /sw.js reads the same. */
const SHELL = "desk-shell";
/** Live changes write the kept days again at most this often. */
const SAVE_EVERY_MS = 30000;

/** @type {string | number | undefined} */
const userId = bootData().user?.user_id;
/** @type {number | null} when the days shown offline were loaded; null while online */
let offlineSince = null;
let lastSave = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let pendingSave;
/** Set by a log-out: nothing is kept any more, not even by a load already under way. */
let forgotten = false;

/** Whether the page shows kept days because the server cannot be reached. */
export function isOffline() {
  return offlineSince !== null;
}

/** The banner's words: "Offline – nur lesen. Stand: 09:41" (with the date when it is not today's). */
function offlineText() {
  const at = new Date(offlineSince || 0);
  const when = wallDate(at) === today() ? fmt.time(at) : `${fmt.day(at)}, ${fmt.time(at)}`;
  return t("Offline – nur lesen. Stand: {time}", { time: when });
}

/** Refuses a change while offline (says why, once more): true when it did. */
export function refuseOffline() {
  if (!isOffline()) return false;
  toast(offlineText());
  return true;
}

/**
 * The kept appointments and closures that overlap `from`–`to` (and whether the kept days cover all
 * of it), or null when nothing is kept (or only another person's days).
 * @param {Date} from
 * @param {Date} to
 */
export function keptBetween(from, to) {
  if (userId === undefined) return null;
  const kept = readDays(localStorage.getItem(offlineKey(userId)));
  if (!kept) return null;
  return {
    at: kept.at,
    whole: covers(kept, from, to),
    appointments: overlapping(kept.appointments, from, to),
    closures: overlapping(kept.closures, from, to),
  };
}

/**
 * Shows the kept days read-only, with the time they were loaded; `whole` false adds that days
 * outside them are not kept (so an empty day there says nothing).
 * @param {number} at
 * @param {boolean} whole
 */
export function showOffline(at, whole) {
  offlineSince = at;
  const beyond = whole ? "" : " " + t("Gespeichert sind nur heute und die nächsten sieben Tage.");
  byId("offline-text").textContent = offlineText() + beyond;
  byId("offline-banner").hidden = false;
  document.body.classList.add("is-offline");
  followControls();
}

/** The server answers again: the banner goes, the controls come back, the days are kept afresh. */
export function showOnline() {
  leaveOffline();
  saveSoon();
}

/** The server answers, if only to say that the session is over: the read-only banner goes. */
export function leaveOffline() {
  if (!isOffline()) return;
  offlineSince = null;
  byId("offline-banner").hidden = true;
  document.body.classList.remove("is-offline");
  followControls();
}

function followControls() {
  for (const id of ["create-button", "new-button"]) {
    const button = byId(id, HTMLButtonElement);
    button.disabled = isOffline();
    button.title = isOffline() ? offlineText() : "";
  }
  calendar().setOption("editable", !isOffline());
}

/* ---------- keeping the days and the page ---------- */

/** Keeps the days again now, or after a while when they were kept a moment ago. */
export function saveSoon() {
  if (pendingSave !== undefined || isOffline()) return;
  const wait = Math.max(0, lastSave + SAVE_EVERY_MS - Date.now());
  pendingSave = setTimeout(() => {
    pendingSave = undefined;
    lastSave = Date.now();
    keepDays().catch(() => {}); // not kept this time; the next change tries again
  }, wait);
}

async function keepDays() {
  if (userId === undefined) return;
  const at = Date.now();
  const { from, to } = offlineRange(today(), tz);
  const query = new URLSearchParams({ from: isoOf(from), to: isoOf(to) });
  const [appointments, closures] = await Promise.all([
    staffApi("GET", `/api/v1/appointments?${query}`),
    staffApi("GET", `/api/v1/closures?${query}`),
  ]);
  if (forgotten) return;
  localStorage.setItem(offlineKey(userId), JSON.stringify({
    at, from: from.toISOString(), to: to.toISOString(),
    appointments: appointments.appointments || [], closures: closures.closures || [],
  }));
}

/** Keeps this page's address and the files it loaded (bundles, styles, catalog, icons). */
async function keepShell() {
  if (!("caches" in window) || forgotten) return;
  const files = performance.getEntriesByType("resource")
    .map((entry) => new URL(entry.name))
    .filter((url) => url.origin === location.origin && url.pathname.startsWith("/static/"))
    .map((url) => url.pathname + url.search);
  const cache = await caches.open(SHELL);
  await cache.addAll(["/calendar", ...new Set(files)]);
}

/** Everything kept for a time without the server, gone (a log-out). */
async function forget() {
  forgotten = true;
  clearTimeout(pendingSave);
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith(OFFLINE_PREFIX)) localStorage.removeItem(key);
  }
  if ("caches" in window) await caches.delete(SHELL);
}

/**
 * Registers the service worker, keeps the page's files once the page has loaded, and forgets
 * everything on log-out before the form goes (and another person's days at once).
 */
export function setUpOffline() {
  // Whoever worked here before without logging out (their session ran out): their days go.
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith(OFFLINE_PREFIX) && (userId === undefined || key !== offlineKey(userId))) {
      localStorage.removeItem(key);
    }
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }
  const keep = () => {
    if (!isOffline()) keepShell().catch(() => {});
  };
  if (document.readyState === "complete") keep();
  else window.addEventListener("load", keep, { once: true });
  for (const form of document.querySelectorAll('form[action="/logout"]')) {
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const sent = /** @type {HTMLFormElement} */ (e.currentTarget);
      forget().finally(() => sent.submit());
    });
  }
}
