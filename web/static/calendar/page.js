// The reception desk's calendar: a column per staff calendar, appointments in their service's
// colour, closures (sickness, vacation, pause) as hatched blocks, a click on a free time to book
// or close, and live updates over Socket.IO.
//
// Times: the grid shows the business's wall-clock time whatever zone the browser is in. Events
// are handed to the calendar as wall-clock strings in the business's zone, and the calendar's own
// zone is the business's current UTC offset so that "today" and the now-line are right.

import { createCalendar, DayGrid, Interaction, List, ResourceTimeGrid, TimeGrid } from "@event-calendar/core";
import { io } from "socket.io-client";
import * as Model from "./model.js";
import { AppointmentForm } from "./appointment-form.js";
import { solid, tint } from "./colors.js";
import { ApiError, staffApi } from "../kit/api.js";
import { bootData, debounce, h } from "../kit/dom.js";
import { locale, pick } from "../kit/lang.js";
import * as T from "../kit/time.js";
import { toast } from "../kit/toast.js";

const DE = {
  buttons: {
    today: "Heute", resourceTimeGridDay: "Tag", resourceTimeGridWeek: "Woche", dayGridMonth: "Monat",
    listDay: "Liste", listWeek: "Liste", close: "Schließen",
  },
  more: (n) => `+${n} weitere`,
  previous: { day: "Vorheriger Tag", week: "Vorherige Woche", month: "Vorheriger Monat" },
  next: { day: "Nächster Tag", week: "Nächste Woche", month: "Nächster Monat" },
  views: { resourceTimeGridDay: "Tag", resourceTimeGridWeek: "Woche", dayGridMonth: "Monat", list: "Liste" },
  held: "gehalten",
  heldUntil: (time) => `bis ${time}`,
  heldCustomer: "Online-Buchung",
  lockLabel: "Gesperrt: wartet auf den Sicherheitscode",
  requested: "Anfrage",
  noEvents: "Keine Termine in diesem Zeitraum.",
  week: (n) => `KW ${n}`,
  today: "Heute",
  allLocations: "Alle Standorte",
  disconnected: "Verbindung unterbrochen – wird wiederhergestellt…",
  sessionEnded: "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich neu an.",
  login: "Anmelden",
  loadFailed: "Die Termine konnten nicht geladen werden. Neuer Versuch in Kürze …",
  saved: (name) => `Termin für ${name} eingetragen.`,
  moved: (when) => `Termin verschoben auf ${when}.`,
  undo: "Rückgängig",
  undone: "Verschiebung rückgängig gemacht.",
  copied: "Kopiert",
  copyFailed: "Bitte markieren und selbst kopieren.",
  statuses: {
    booked: "Gebucht", requested: "Anfrage – wartet auf Ihre Bestätigung",
    held: "Online-Buchung – wartet auf den Sicherheitscode", cancelled: "Abgesagt",
  },
  details: {
    when: "Zeit", service: "Leistung", staff: "Kalender", location: "Standort",
    status: "Status", note: "Notiz", customer: "Kunde",
  },
  openRecord: "Kundendaten und Termine",
  cancel: "Termin absagen",
  cancelConfirm: "Wirklich absagen",
  cancelMessage: "Nachricht an den Kunden (optional)",
  cancelMessageHint: "Wird nur gesendet, wenn eine E-Mail-Adresse bekannt ist.",
  cancelled: "Termin abgesagt.",
  keep: "Nicht absagen",
  accept: "Annehmen",
  decline: "Ablehnen",
  accepted: "Anfrage angenommen.",
  declined: "Anfrage abgelehnt.",
  kinds: { sick: "Krankheit", vacation: "Urlaub", pause: "Pause" },
  allDay: "ganztägig",
  wholeBusiness: "Ganzer Betrieb",
  closureSaved: (kind, n) => `${kind} eingetragen.${n ? ` ${n === 1 ? "1 Termin" : `${n} Termine`} abgesagt.` : ""}`,
  closureRemoved: (kind) => `${kind} entfernt.`,
  removeClosure: "Eintrag entfernen",
  removeConfirm: "Entfernen",
  removeQuestion: "Danach ist diese Zeit wieder frei und online buchbar, soweit die Öffnungszeiten es erlauben.",
  keepClosure: "Behalten",
  closureHint: "Klicken zum Entfernen",
  closureDetails: { when: "Zeit", staff: "Kalender", note: "Notiz" },
  notePlaceholder: "Notiz hinzufügen …",
  noteSave: "Speichern",
  noteSaved: "Notiz gespeichert.",
  requestsEmpty: "Keine offenen Anfragen.",
  requestsButton: (n) => `Anfragen (${n})`,
  requestMessage: "Nachricht an den Kunden (optional)",
  requestsFailed: "Die Anfragen konnten nicht geladen werden.",
  moveTitle: "Termin verschieben?",
  moveWhen: (name, when) => `${name ? `${name}: ` : ""}neu am ${when}`,
  move: "Verschieben",
  moveFields: { date: "Neues Datum", time: "Neuer Beginn", staff: "Kalender" },
  moveNext: "Weiter",
  moveAbort: "Abbrechen",
};

const EN = {
  buttons: {
    today: "Today", resourceTimeGridDay: "Day", resourceTimeGridWeek: "Week", dayGridMonth: "Month",
    listDay: "List", listWeek: "List", close: "Close",
  },
  more: (n) => `+${n} more`,
  previous: { day: "Previous day", week: "Previous week", month: "Previous month" },
  next: { day: "Next day", week: "Next week", month: "Next month" },
  views: { resourceTimeGridDay: "Day", resourceTimeGridWeek: "Week", dayGridMonth: "Month", list: "List" },
  held: "held",
  heldUntil: (time) => `until ${time}`,
  heldCustomer: "Online booking",
  lockLabel: "Locked: waiting for the security code",
  requested: "Request",
  noEvents: "No appointments in this period.",
  week: (n) => `Week ${n}`,
  today: "Today",
  allLocations: "All locations",
  disconnected: "Connection lost – reconnecting…",
  sessionEnded: "Your session has expired. Please log in again.",
  login: "Log in",
  loadFailed: "The appointments couldn't be loaded. Trying again shortly …",
  saved: (name) => `Appointment for ${name} saved.`,
  moved: (when) => `Appointment moved to ${when}.`,
  undo: "Undo",
  undone: "Move undone.",
  copied: "Copied",
  copyFailed: "Please select and copy it yourself.",
  statuses: {
    booked: "Booked", requested: "Request – waiting for your confirmation",
    held: "Online booking – waiting for the security code", cancelled: "Cancelled",
  },
  details: {
    when: "Time", service: "Service", staff: "Calendar", location: "Location",
    status: "Status", note: "Note", customer: "Customer",
  },
  openRecord: "Customer details and appointments",
  cancel: "Cancel appointment",
  cancelConfirm: "Yes, cancel",
  cancelMessage: "Message to the customer (optional)",
  cancelMessageHint: "Only sent if we have an email address.",
  cancelled: "Appointment cancelled.",
  keep: "Don't cancel",
  accept: "Accept",
  decline: "Decline",
  accepted: "Request accepted.",
  declined: "Request declined.",
  kinds: { sick: "Sickness", vacation: "Vacation", pause: "Break" },
  allDay: "all day",
  wholeBusiness: "Whole business",
  closureSaved: (kind, n) => `${kind} entered.${n ? ` ${n === 1 ? "1 appointment" : `${n} appointments`} cancelled.` : ""}`,
  closureRemoved: (kind) => `${kind} removed.`,
  removeClosure: "Remove entry",
  removeConfirm: "Remove",
  removeQuestion: "This time will then be free again and bookable online, as far as the opening hours allow.",
  keepClosure: "Keep",
  closureHint: "Click to remove",
  closureDetails: { when: "Time", staff: "Calendar", note: "Note" },
  notePlaceholder: "Add a note …",
  noteSave: "Save",
  noteSaved: "Note saved.",
  requestsEmpty: "No open requests.",
  requestsButton: (n) => `Requests (${n})`,
  requestMessage: "Message to the customer (optional)",
  requestsFailed: "The requests couldn't be loaded.",
  moveTitle: "Move appointment?",
  moveWhen: (name, when) => `${name ? `${name}: ` : ""}now on ${when}`,
  move: "Move",
  moveFields: { date: "New date", time: "New start", staff: "Calendar" },
  moveNext: "Next",
  moveAbort: "Cancel",
};

const TEXT = pick({ de: DE, en: EN });

const LIVE_EVENTS = [
  "appointment.created", "appointment.updated", "appointment.cancelled",
  "hold.created", "hold.confirmed", "hold.released",
];
const FLASH_MS = 1600;
const CLOSURE_PREFIX = "closure:";
const HOUR_HEIGHT_PX = 80;
const DRAFT_ID = "__draft";
const PHONE = window.matchMedia("(max-width: 640px)");
const SETUP_DELAY_MS = 200; // settings.changed often comes in bursts (a form saves field by field)

const boot = bootData();
const business = boot.business;
const tz = business.timezone;
const fmt = T.formatters(tz);
const staffList = boot.staff || [];
const services = boot.services || [];
const locations = boot.locations || [];
const serviceById = new Map(services.map((s) => [String(s.id), s]));
const staffById = new Map(staffList.map((s) => [String(s.id), s]));
const locationById = new Map(locations.map((l) => [String(l.id), l]));

/* ---------- state ---------- */

const shown = new Map(); // appointment id → A, for what the calendar currently shows
const flashUntil = new Map(); // appointment id → time its highlight ends
const ownWrites = new Map(); // appointment id → time this page changed it (no highlight)
let journal = []; // live changes, replayed over a fetch that started before they arrived
const closures = new Map(); // closure id → closure, for what the calendar currently shows
let closureJournal = []; // live closure changes, replayed the same way
let draft = null; // where the entry being written in the dialog would land
let locationFilter = localStorage.getItem("calendar.location") || "";
if (locationFilter && !locationById.has(locationFilter)) locationFilter = "";

/* ---------- appointment → calendar event ---------- */

function wallOf(iso) {
  return T.floatingIso(new Date(iso), tz);
}

function toEvent(a) {
  const id = String(a.id);
  const service = serviceById.get(String(a.service_id));
  const color = service?.color || "#64748b";
  const classNames = ["appt", `is-${a.status}`];
  if ((flashUntil.get(id) || 0) > Date.now()) classNames.push("flash");
  let colors;
  const styles = [];
  if (a.status === "held") {
    colors = { background: "#eceff3", text: "#1f2733" };
  } else if (a.status === "requested") {
    const t = tint(color);
    colors = t;
    styles.push(`--appt-border: ${t.border}`);
  } else {
    colors = solid(color);
  }
  return {
    id,
    resourceIds: [String(a.staff_id)],
    start: wallOf(a.start),
    end: wallOf(a.end),
    backgroundColor: colors.background,
    textColor: colors.text,
    classNames,
    styles,
    startEditable: a.status === "booked" || a.status === "requested",
    durationEditable: false,
    extendedProps: { appointment: a },
  };
}

/* ---------- closure → calendar event ---------- */

function currentView() {
  return String(ec ? ec.getOption("view") : initialView());
}

function isListView() {
  return currentView().startsWith("list");
}

/** Day and week: a time grid, where closures are hatched backgrounds. Month and list show rows. */
function isTimeGrid() {
  return currentView().includes("TimeGrid");
}

function closureStaffIds(c) {
  return c.staff_id === null || c.staff_id === undefined ? allStaffIds : [String(c.staff_id)];
}

/** Sickness, vacation and pause: hatched background in the grid, a row of its own in the list. */
function closureEvent(c) {
  const id = String(c.id);
  const classNames = ["closure", `closure-${c.kind}`];
  if ((flashUntil.get(CLOSURE_PREFIX + id) || 0) > Date.now()) classNames.push("flash");
  const list = !isTimeGrid();
  return {
    id: CLOSURE_PREFIX + id,
    resourceIds: closureStaffIds(c),
    start: wallOf(c.start),
    end: wallOf(c.end),
    display: list ? "auto" : "background",
    classNames,
    editable: false,
    startEditable: false,
    durationEditable: false,
    extendedProps: { closure: c },
  };
}

function closureWhen(c) {
  const start = new Date(c.start);
  const end = new Date(c.end);
  if (!c.all_day) return `${fmt.day(start)}, ${fmt.range(start, end)}`;
  const first = T.zonedDate(start, tz);
  const last = T.zonedDate(new Date(end.getTime() - 1), tz); // the end is the next midnight
  return first === last ? `${fmt.plain(first)}, ${TEXT.allDay}`
    : `${fmt.plain(first)} – ${fmt.plain(last)}`;
}

function closureWho(c) {
  if (c.staff_id === null || c.staff_id === undefined) return TEXT.wholeBusiness;
  return staffById.get(String(c.staff_id))?.name || "";
}

function closureContent(info, c) {
  const kind = TEXT.kinds[c.kind] || c.kind;
  const time = c.all_day ? TEXT.allDay : fmt.range(new Date(c.start), new Date(c.end));
  if (info.view.type === "dayGridMonth") {
    return h("div", { class: "month-line is-closure" },
      h("span", { class: `month-dot closure-swatch closure-${c.kind}` }),
      h("span", { class: "month-name" }, c.all_day ? kind : `${fmt.time(new Date(c.start))} ${kind}`));
  }
  if (info.view.type.startsWith("list")) {
    return h("div", { class: "list-row is-closure" },
      h("span", { class: "list-time" }, time),
      h("span", { class: `list-dot closure-swatch closure-${c.kind}` }),
      h("span", { class: "list-main" },
        h("span", { class: "list-name" }, kind),
        c.note ? h("span", { class: "list-service" }, c.note) : null),
      staffList.length > 1 || c.staff_id === null
        ? h("span", { class: "list-staff" }, closureWho(c)) : null);
  }
  const wholeBusiness = c.staff_id === null || c.staff_id === undefined;
  return h("div", { class: "closure-label" },
    h("span", { class: "closure-kind" }, kind),
    h("span", { class: "closure-time" }, [time, wholeBusiness && staffList.length > 1 ? TEXT.wholeBusiness : null,
      c.note].filter(Boolean).join(" · ")));
}

function closureDidMount(info, c) {
  const el = info.el;
  el.dataset.closureId = String(c.id);
  el.dataset.kind = c.kind;
  el.tabIndex = 0;
  el.setAttribute("role", "button");
  el.title = `${TEXT.kinds[c.kind] || c.kind} – ${TEXT.closureHint}`;
  el.setAttribute("aria-label", [TEXT.kinds[c.kind], closureWho(c), closureWhen(c)].filter(Boolean).join(", "));
  if (info.event.display !== "background") return; // list rows go through eventClick
  el.addEventListener("click", (e) => {
    e.stopPropagation();
    closureCard.open(closures.get(String(c.id)) || c, { x: e.clientX, y: e.clientY - 20, left: e.clientX });
  });
  el.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      closureCard.open(closures.get(String(c.id)) || c, { x: rect.left + 40, y: rect.top + 40, left: rect.left });
    }
  });
}

/** Puts a closure into the calendar (again), e.g. after a live event. */
function upsertClosure(c, { flash = false } = {}) {
  const id = String(c.id);
  if (flash) flashUntil.set(CLOSURE_PREFIX + id, Date.now() + FLASH_MS);
  closures.set(id, c);
  ec.removeEventById(CLOSURE_PREFIX + id);
  ec.addEvent(closureEvent(c));
}

function removeClosure(id) {
  closures.delete(String(id));
  ec.removeEventById(CLOSURE_PREFIX + String(id));
  closureCard.gone(String(id));
}

function onClosureCreated(c) {
  if (!c || c.id === undefined) return;
  closureJournal.push({ at: Date.now(), c });
  const mine = (ownWrites.get(CLOSURE_PREFIX + String(c.id)) || 0) > Date.now() - 5000;
  upsertClosure(c, { flash: !mine && !closures.has(String(c.id)) });
}

function onClosureDeleted(payload) {
  if (!payload || payload.id === undefined) return;
  closureJournal.push({ at: Date.now(), deleted: String(payload.id) });
  removeClosure(payload.id);
}

/** After a switch between grid and list, closures change between background and rows. */
function relayClosures() {
  const display = isTimeGrid() ? "background" : "auto";
  for (const c of closures.values()) {
    const event = ec.getEventById(CLOSURE_PREFIX + String(c.id));
    if (!event || event.display !== display) upsertClosure(c);
  }
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** The red lock of a pending online booking (an SVG, so it is red on every system). */
function lockIcon() {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("aria-hidden", "true");
  svg.innerHTML = '<rect x="2.5" y="7" width="11" height="7.5" rx="1.6" fill="currentColor"/>'
    + '<path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.8"/>';
  return h("span", { class: "lock", role: "img", "aria-label": TEXT.lockLabel, title: TEXT.lockLabel }, svg);
}

const NO_CONTENT = { domNodes: [] };
let drawnContent = new WeakMap(); // appointment or closure → { view, content } it was drawn with

function eventContent(info) {
  const closure = info.event.extendedProps.closure;
  if (closure) return drawnOnce(closure, info, closureContent);
  const a = info.event.extendedProps.appointment;
  if (a) return drawnOnce(a, info, appointmentNodes);
  // The hover pointer keeps its default look; the draft shows its times.
  if (info.event.display === "pointer") return undefined;
  if (info.event.display === "background") return NO_CONTENT;
  return { domNodes: [h("div", { class: "appt-line draft-time" }, info.timeText || "")] };
}

/**
 * At every change the calendar asks again for every event's content and redraws those whose answer
 * is a new object: an unchanged appointment or closure gets the same object back, so a live change
 * redraws one event, not the thousands in view. HTML rather than nodes, so that a second copy (a
 * drag's, a day's "more" list) cannot take the nodes away from the first.
 */
function drawnOnce(item, info, nodes) {
  const drawn = drawnContent.get(item);
  if (drawn && drawn.view === info.view.type) return drawn.content;
  const content = { html: h("div", {}, nodes(info, item)).innerHTML };
  drawnContent.set(item, { view: info.view.type, content });
  return content;
}

/** What an appointment shows: a row in the list, a line in the month, a block in the grid. */
function appointmentNodes(info, a) {
  const service = serviceById.get(String(a.service_id));
  const start = new Date(a.start);
  const end = new Date(a.end);
  const time = fmt.range(start, end);
  const name = a.customer_name || (a.status === "held" ? TEXT.heldCustomer : "");
  if (info.view.type.startsWith("list")) return listRow(a, service, time, name);
  if (info.view.type === "dayGridMonth") {
    return h("div", { class: "month-line" },
      a.status === "held" ? lockIcon() : null,
      h("span", { class: "month-time" }, fmt.time(start)),
      h("span", { class: "month-name" }, name || service?.name || ""));
  }
  const nodes = [];
  if (a.status === "held") {
    const until = a.expires_at ? ` ${TEXT.heldUntil(fmt.time(new Date(a.expires_at)))}` : "";
    nodes.push(h("div", { class: "appt-title" },
      lockIcon(),
      ` ${TEXT.held}${until}`));
    nodes.push(h("div", { class: "appt-line" }, [name, service?.name].filter(Boolean).join(" · ")));
    nodes.push(h("div", { class: "appt-time" }, time));
  } else if (info.view.type === "resourceTimeGridWeek") {
    // A week's columns are narrow: the name, then the start (not the whole range) and the service.
    nodes.push(h("div", { class: "appt-title" },
      a.status === "requested" ? h("span", { class: "badge" }, TEXT.requested) : null,
      name));
    nodes.push(h("div", { class: "appt-line" },
      h("span", { class: "appt-start" }, fmt.time(start)), service?.name ? ` ${service.name}` : ""));
  } else {
    nodes.push(h("div", { class: "appt-title" },
      a.status === "requested" ? h("span", { class: "badge" }, TEXT.requested) : null,
      name));
    nodes.push(h("div", { class: "appt-line" }, [time, service?.name].filter(Boolean).join(" · ")));
  }
  return h("div", { class: "appt-body" }, nodes);
}

/** A row of the list view: time, service colour, who and what, and in whose calendar. */
function listRow(a, service, time, name) {
  const status = a.status === "held"
    ? h("span", { class: "list-status is-held" }, lockIcon(), ` ${TEXT.held}${a.expires_at ? ` ${TEXT.heldUntil(fmt.time(new Date(a.expires_at)))}` : ""}`)
    : a.status === "requested" ? h("span", { class: "badge" }, TEXT.requested) : null;
  return h("div", { class: "list-row" },
    h("span", { class: "list-time" }, time),
    h("span", { class: "list-dot", style: { background: service?.color || "#64748b" } }),
    h("span", { class: "list-main" },
      h("span", { class: "list-name" }, status, name),
      h("span", { class: "list-service" }, service?.name || "")),
    staffList.length > 1
      ? h("span", { class: "list-staff" }, staffById.get(String(a.staff_id))?.name || "") : null);
}

function eventDidMount(info) {
  const closure = info.event.extendedProps.closure;
  if (closure) {
    closureDidMount(info, closure);
    return;
  }
  const a = info.event.extendedProps.appointment;
  if (!a || info.event.display !== "auto") return;
  const el = info.el;
  el.dataset.appointmentId = String(a.id);
  el.dataset.status = a.status;
  el.tabIndex = 0;
  el.setAttribute("role", "button");
  const service = serviceById.get(String(a.service_id));
  const whole = [
    a.status === "held" ? `${TEXT.held}` : a.status === "requested" ? TEXT.requested : "",
    a.customer_name, service?.name, fmt.day(new Date(a.start)),
    fmt.range(new Date(a.start), new Date(a.end)),
    a.note ? `${TEXT.details.note}: ${a.note}` : "",
  ].filter(Boolean).join(", ");
  // The whole text, for a screen reader and as a tooltip where a narrow column cuts it short.
  el.setAttribute("aria-label", whole);
  el.title = whole;
}

/* ---------- keeping the calendar in step ---------- */

/** Puts `a` into the calendar (or takes it out), replacing whatever it showed for that id. */
function upsert(a, { flash = false } = {}) {
  const id = String(a.id);
  if (flash) flashUntil.set(id, Date.now() + FLASH_MS);
  const focused = document.activeElement?.closest?.("[data-appointment-id]")?.dataset.appointmentId === id;
  ec.removeEventById(id);
  if (!Model.applyChange(shown, a, locationFilter)) return;
  ec.addEvent(toEvent(a));
  details.refresh(a);
  if (focused) refocus(id);
}

function onLive(a) {
  if (!a || a.id === undefined) return;
  requests.track(a);
  const id = String(a.id);
  journal.push({ at: Date.now(), a });
  const mine = (ownWrites.get(id) || 0) > Date.now() - 5000;
  const same = shown.get(id);
  const unchanged = same && same.status === a.status && same.start === a.start
    && String(same.staff_id) === String(a.staff_id);
  upsert(a, { flash: !(mine && unchanged) });
}

function rangeOf(info) {
  // The calendar reports its range as wall-clock strings in the business's zone.
  const wall = (str) => {
    const [date, time = "00:00"] = str.split("T");
    const [hour, minute] = time.split(":").map(Number);
    return T.wallToInstant({ ...T.parseDate(date), hour, minute }, tz);
  };
  return { from: wall(info.startStr), to: wall(info.endStr) };
}

let loadRetry = null;

async function fetchEvents(info) {
  const started = Date.now();
  const { from, to } = rangeOf(info);
  const query = new URLSearchParams({
    from: T.isoWithOffset(from, tz),
    to: T.isoWithOffset(to, tz),
  });
  // Closures load beside the appointments; when they fail, the appointments still show.
  const closuresLoaded = staffApi("GET", `/api/v1/closures?${query}`).then(
    (answer) => answer.closures || [],
    () => null,
  );
  try {
    const data = await staffApi("GET", `/api/v1/appointments?${query}`);
    const closureList = await closuresLoaded;
    clearTimeout(loadRetry);
    hideNotice();
    // Live changes that arrived while this request was under way are newer than its answer.
    journal = journal.filter((entry) => entry.at > Date.now() - 60000);
    const fresh = Model.afterFetch(data.appointments || [], journal, started, locationFilter);
    shown.clear();
    const events = [];
    for (const [id, a] of fresh) {
      shown.set(id, a);
      events.push(toEvent(a));
    }
    if (closureList) {
      const byClosure = new Map(closureList.map((c) => [String(c.id), c]));
      closureJournal = closureJournal.filter((entry) => entry.at > Date.now() - 60000);
      for (const entry of closureJournal) {
        if (entry.at < started) continue;
        if (entry.deleted) byClosure.delete(entry.deleted);
        else byClosure.set(String(entry.c.id), entry.c);
      }
      closures.clear();
      for (const [id, c] of byClosure) closures.set(id, c);
    }
    for (const c of closures.values()) events.push(closureEvent(c));
    if (draft) events.push(draftEvent(draft));
    return events.concat(closedEvents(info));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      showNotice(TEXT.sessionEnded, { link: ["/login", TEXT.login] });
    } else {
      showNotice(TEXT.loadFailed);
      clearTimeout(loadRetry);
      loadRetry = setTimeout(() => ec.refetchEvents(), 5000);
    }
    return [...shown.values()].map(toEvent)
      .concat([...closures.values()].map(closureEvent), closedEvents(info));
  }
}

/* ---------- the draft shown while the dialog is open ---------- */

function draftEvent(d) {
  return {
    id: DRAFT_ID,
    resourceIds: d.wholeBusiness ? allStaffIds : [String(d.staffId)],
    start: T.floatingIso(d.start, tz),
    end: T.floatingIso(d.end, tz),
    classNames: d.kind ? ["draft", `draft-${d.kind}`] : ["draft"],
    editable: false,
    title: "",
  };
}

function showDraft(d) {
  draft = d;
  ec.removeEventById(DRAFT_ID);
  if (d) ec.addEvent(draftEvent(d));
}

/* ---------- grid settings ---------- */

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
  const hhmm = (m) => `${T.pad(Math.floor(m / 60))}:${T.pad(m % 60)}:00`;
  return [hhmm(Math.floor(min / 60) * 60), hhmm(Math.min(24 * 60, Math.ceil(max / 60) * 60))];
}

/** On a phone: the business, the language switch and log-out, in a sheet from the top bar's menu. */
function setUpPhoneMenu() {
  const menu = document.getElementById("phone-menu");
  closesOnBackdrop(menu, () => document.getElementById("menu-button").focus());
  document.getElementById("menu-button").addEventListener("click", () => menu.showModal());
}

/** A card dialog closes by its × button or a click beside it; `onClose` forgets what it showed. */
function closesOnBackdrop(dialog, onClose) {
  dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("mousedown", (e) => {
    if (e.target === dialog) dialog.close();
  });
  dialog.addEventListener("close", onClose);
}

/** One label and value of a card, left out when there is no value. */
function row(label, value) {
  return value ? [h("dt", {}, label), h("dd", {}, value)] : [];
}

/** Puts a small dialog beside the point clicked, inside the window; a bottom sheet on phones. */
function placeBeside(dialog, point) {
  if (window.innerWidth < 640) {
    dialog.classList.add("is-sheet");
    dialog.style.left = "";
    dialog.style.top = "";
    return;
  }
  dialog.classList.remove("is-sheet");
  const width = dialog.offsetWidth;
  const height = dialog.offsetHeight;
  if (!point) {
    // Nothing to stand beside: the middle of the window, never over the top bar's corner.
    dialog.style.left = `${Math.max(8, (window.innerWidth - width) / 2)}px`;
    dialog.style.top = `${Math.max(8, (window.innerHeight - height) / 3)}px`;
    return;
  }
  let left = point.x + 10;
  if (left + width > window.innerWidth - 8) left = (point.left ?? point.x) - width - 10;
  left = Math.max(8, Math.min(left, window.innerWidth - width - 8));
  const top = Math.max(8, Math.min(point.y, window.innerHeight - height - 8));
  dialog.style.left = `${left}px`;
  dialog.style.top = `${top}px`;
}

function currentOffset() {
  return T.offsetString(T.offsetMinutes(new Date(), tz));
}

/** Where the grid starts scrolled: an hour before now on today, else at opening. */
function scrollTime(slotMin, showsToday = true) {
  const opening = T.minutesOf(slotMin.slice(0, 5));
  const now = T.zonedParts(new Date(), tz);
  const target = showsToday ? Math.max(opening, (now.hour - 1) * 60) : opening;
  return `${T.pad(Math.floor(target / 60))}:${T.pad(target % 60)}:00`;
}

const allStaffIds = staffList.map((s) => String(s.id));
const WEEKDAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** Hatched background over the times no location (or the chosen one) is open. */
function closedEvents(info) {
  if (!isTimeGrid()) return [];
  const shownLocations = locations.filter((l) => !locationFilter || String(l.id) === locationFilter);
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
      const at = (m) => (m >= 24 * 60 ? `${T.addDays(day, 1)}T00:00:00`
        : `${day}T${T.pad(Math.floor(m / 60))}:${T.pad(m % 60)}:00`);
      events.push({ start: at(a), end: at(b), display: "background", classNames: ["closed"], resourceIds: allStaffIds });
    }
  }
  return events;
}

function initialView() {
  const saved = localStorage.getItem("calendar.view");
  if (PHONE.matches) return "listDay";
  if (saved && saved in TEXT.views && saved !== "list") return saved;
  if (saved === "list") return "listWeek";
  return "resourceTimeGridDay";
}

/* ---------- the calendar ---------- */

let step = Math.max(5, business.slot_step_minutes || 15);
let [slotMinTime, slotMaxTime] = openingBounds();
const timeFormat = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

/**
 * "09:00–09:30" for the calendar's own dates (the wall time in their local fields). The calendar
 * asks for every event's time at every change; Intl's ranges cost a visible pause for thousands.
 */
function eventTime(start, end) {
  const hhmm = (d) => `${T.pad(d.getHours())}:${T.pad(d.getMinutes())}`;
  return end > start ? `${hhmm(start)}–${hhmm(end)}` : hhmm(start);
}

/** The day to open on: `?date=YYYY-MM-DD` (a link from a customer's record), else today. */
function initialDate() {
  const asked = new URLSearchParams(window.location.search).get("date") || "";
  return /^\d{4}-\d{2}-\d{2}$/.test(asked) && !Number.isNaN(Date.parse(asked)) ? asked : T.todayIn(tz);
}

const calendarEl = document.getElementById("calendar");
let ec = null;
let lastScroll = scrollTime(slotMinTime, true);
ec = createCalendar(calendarEl, [DayGrid, Interaction, List, ResourceTimeGrid, TimeGrid], {
  view: initialView(),
  date: initialDate(),
  timeZone: currentOffset(),
  locale: locale(),
  firstDay: 1,
  hiddenDays: business.show_weekend ? [] : [0, 6],
  resources: staffList.map((s) => ({ id: String(s.id), title: s.name })),
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
  slotHeight: Math.max(12, Math.round((HOUR_HEIGHT_PX * step) / 60)),
  slotLabelInterval: { hours: 1 },
  slotLabelFormat: timeFormat,
  eventTimeFormat: eventTime,
  dayHeaderFormat: { weekday: "short", day: "2-digit", month: "2-digit" },
  listDayFormat: { weekday: "long" },
  listDaySideFormat: { day: "numeric", month: "long", year: "numeric" },
  noEventsContent: TEXT.noEvents,
  buttonText: (defaults) => ({ ...defaults, ...TEXT.buttons }),
  moreLinkContent: (arg) => TEXT.more(arg.num),
  lazyFetching: false,
  eventSources: [{ events: fetchEvents }],
  pointer: true,
  selectable: false,
  editable: true,
  eventStartEditable: true,
  eventDurationEditable: false,
  dragConstraint: fitsFreely,
  views: {
    // The phone's list (listDay is used only there) runs seven days from the chosen day, so the
    // owner sees what comes next even on a quiet day or a weekend.
    listDay: { duration: { days: 7 } },
    resourceTimeGridWeek: { datesAboveResources: true },
    dayGridMonth: { dayMaxEvents: true, dayHeaderFormat: { weekday: "short" } },
  },
  eventContent,
  eventDidMount,
  resourceLabelContent: resourceLabel,
  resourceLabelDidMount: resourceLabelMounted,
  dateClick: onDateClick,
  eventClick: onEventClick,
  eventDrop: onEventDrop,
  datesSet: onDatesSet,
  loading: (busy) => calendarEl.classList.toggle("is-loading", busy),
});

/**
 * Full names over day columns; first names where a week puts every calendar under each day.
 * Plain text, not new nodes: the calendar redraws a label whose content changes, and in a week of
 * many calendars redrawing every label at each live change costs a layout per label.
 */
function resourceLabel(info) {
  const name = String(info.resource.title ?? "");
  return info.date && staffList.length > 1 ? name.split(" ")[0] : name;
}

function resourceLabelMounted(info) {
  info.el.classList.add("resource-label");
  info.el.title = String(info.resource.title ?? "");
}

/** Whether a dragged appointment lands where nothing else is in that calendar. */
function fitsFreely(info) {
  const staffId = String(info.newResource?.id ?? info.event.resourceIds[0]);
  const start = info.event.start.getTime();
  const end = info.event.end.getTime();
  return !ec.getEvents().some((other) => other.id !== info.event.id && other.id !== DRAFT_ID
    && (other.display === "auto" || other.extendedProps.closure)
    && other.resourceIds.map(String).includes(staffId)
    && other.start.getTime() < end && start < other.end.getTime());
}

/* ---------- clicks, drags ---------- */

const form = new AppointmentForm({
  dialog: document.getElementById("new-appointment"),
  business,
  staff: staffList,
  services,
  locations,
  fmt,
  onDraft: showDraft,
  onSaved: (a) => {
    ownWrites.set(String(a.id), Date.now());
    upsert(a);
    toast(TEXT.saved(a.customer_name || ""));
  },
  onClosureSaved: (closure, cancelled) => {
    ownWrites.set(CLOSURE_PREFIX + String(closure.id), Date.now());
    upsertClosure(closure);
    for (const a of cancelled) {
      ownWrites.set(String(a.id), Date.now());
      upsert({ ...a, status: a.status === "held" ? "released" : "cancelled" });
    }
    toast(TEXT.closureSaved(TEXT.kinds[closure.kind] || closure.kind, cancelled.length));
  },
});

function wallFromString(str) {
  const [date, time = "00:00"] = str.split("T");
  const [hour, minute] = time.split(":").map(Number);
  return T.wallToInstant({ ...T.parseDate(date), hour, minute }, tz);
}

/** The calendar's own dates carry the business's wall time in their local fields. */
function wallFromCalendarDate(d) {
  return T.wallToInstant({
    year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(),
    hour: d.getHours(), minute: d.getMinutes(),
  }, tz);
}

function onDateClick(info) {
  if (info.view.type === "dayGridMonth") {
    // A day of the month opens that day's day view.
    setView("resourceTimeGridDay");
    ec.setOption("date", info.dateStr.slice(0, 10));
    return;
  }
  if (info.view.type.startsWith("list") || !info.resource) return;
  details.close();
  form.open({
    start: wallFromString(info.dateStr),
    staffId: info.resource.id,
    locationId: locationFilter || undefined,
    point: { x: info.jsEvent.clientX, y: info.jsEvent.clientY },
  });
}

/** Where a card opens beside an event: level with the click, or its top for Enter and Space. */
function cardPoint(info) {
  const rect = info.el.getBoundingClientRect();
  const y = info.jsEvent instanceof MouseEvent ? Math.max(rect.top, info.jsEvent.clientY - 40) : rect.top;
  return { x: rect.right, y, left: rect.left };
}

function onEventClick(info) {
  // From Enter: the key would otherwise go on to click the button that the card focuses.
  if (info.jsEvent instanceof KeyboardEvent) info.jsEvent.preventDefault();
  const closure = info.event.extendedProps.closure;
  if (closure) {
    closureCard.open(closures.get(String(closure.id)) || closure, cardPoint(info));
    return;
  }
  const a = info.event.extendedProps.appointment;
  if (!a) return;
  details.open(shown.get(String(a.id)) || a, cardPoint(info));
}

function onEventDrop(info) {
  const a = info.event.extendedProps.appointment;
  const staffId = info.newResource ? String(info.newResource.id) : String(a.staff_id);
  askToMove(a, wallFromCalendarDate(info.event.start), staffId, dropPoint(info, a), () => info.revert());
}

/** Where the move prompt opens: beside the pointer that dropped the appointment (a wide appointment
 * leaves no room beside itself), else beside the appointment in its new place. */
function dropPoint(info, a) {
  const e = info.jsEvent;
  if (e && "clientX" in e && (e.clientX || e.clientY)) return { x: e.clientX, y: e.clientY };
  const el = info.el || calendarEl.querySelector(`[data-appointment-id="${CSS.escape(String(a.id))}"]`);
  const rect = el?.getBoundingClientRect();
  return rect && rect.width ? { x: rect.right, y: rect.top, left: rect.left } : null;
}

/** Moves `a` to `start` in the calendar `staffId` once the prompt for a message is confirmed. */
function askToMove(a, start, staffId, point, revert) {
  const newStaff = staffId !== String(a.staff_id) ? staffById.get(staffId) : null;
  const body = { start: T.isoWithOffset(start, tz), staff_id: newStaff?.id ?? a.staff_id };
  const whenText = `${fmt.day(start)}, ${fmt.time(start)}`;
  const where = newStaff && staffList.length > 1 ? ` (${newStaff.name})` : "";
  movePrompt.ask(TEXT.moveWhen(a.customer_name, whenText + where), point, {
    save: async (message) => {
      const updated = await staffApi("PATCH", `/api/v1/appointments/${a.id}`,
        message ? { ...body, message } : body);
      ownWrites.set(String(a.id), Date.now());
      upsert(updated);
      toast(TEXT.moved(whenText), { action: TEXT.undo, onAction: () => moveBack(a) });
      refocus(String(a.id));
    },
    revert,
  });
}

/** Gives the keyboard focus back to an appointment that the calendar draws anew (within a few frames). */
function refocus(id, frames = 10) {
  requestAnimationFrame(() => {
    // Focus in a dialog that just closed counts as lost: the browser moves it to the body soon.
    const active = document.activeElement;
    if (active && active !== document.body && active.checkVisibility()) return;
    const el = calendarEl.querySelector(`[data-appointment-id="${CSS.escape(id)}"]`);
    if (el) el.focus();
    else if (frames > 1) refocus(id, frames - 1);
  });
}

async function moveBack(a) {
  try {
    const restored = await staffApi("PATCH", `/api/v1/appointments/${a.id}`, {
      start: a.start, staff_id: a.staff_id,
    });
    ownWrites.set(String(a.id), Date.now());
    upsert(restored);
    toast(TEXT.undone);
  } catch (err) {
    toast(err.message, { error: true });
  }
}

/* ---------- top bar ---------- */

const dateLabel = document.getElementById("date-label");
const viewSwitch = document.getElementById("view-switch");

function isoWeek(plain) {
  const { year, month, day } = T.parseDate(plain);
  const d = new Date(Date.UTC(year, month - 1, day));
  const dayNum = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - dayNum);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  return Math.ceil(((d - yearStart) / 86400000 + 1) / 7);
}

function onDatesSet(info) {
  const first = info.startStr.slice(0, 10);
  let last = T.addDays(info.endStr.slice(0, 10), -1);
  const hidden = business.show_weekend ? [] : [0, 6];
  while (last > first && hidden.includes(T.weekday(last))) last = T.addDays(last, -1);
  const type = info.view.type;
  const today = T.todayIn(tz);
  const noon = (p) => {
    const { year, month, day } = T.parseDate(p);
    return new Date(Date.UTC(year, month - 1, day, 12));
  };
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
  if (ec) relayClosures();
  const wanted = scrollTime(slotMinTime, today >= first && today <= last);
  if (ec && lastScroll !== wanted) ec.setOption("scrollTime", wanted);
  lastScroll = wanted;
  dateLabel.dataset.week = first === last || type === "dayGridMonth" ? "" : TEXT.week(isoWeek(first));
  document.getElementById("today-button").setAttribute(
    "aria-pressed", String(today >= first && today <= last),
  );
  const key = type.startsWith("list") ? "list" : type;
  for (const button of viewSwitch.querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === key));
  }
  const unit = type === "dayGridMonth" ? "month"
    : type === "resourceTimeGridWeek" || type.startsWith("list") ? "week" : "day";
  document.getElementById("prev-button").setAttribute("aria-label", TEXT.previous[unit]);
  document.getElementById("next-button").setAttribute("aria-label", TEXT.next[unit]);
}

function setView(key) {
  const view = key === "list" ? (PHONE.matches ? "listDay" : "listWeek") : key;
  ec.setOption("view", view);
  if (!PHONE.matches) localStorage.setItem("calendar.view", key);
}

viewSwitch.addEventListener("click", (e) => {
  const button = e.target.closest("button[data-view]");
  if (button) setView(button.dataset.view);
});
document.getElementById("prev-button").addEventListener("click", () => ec.prev());
document.getElementById("next-button").addEventListener("click", () => ec.next());
document.getElementById("today-button").addEventListener("click", () => {
  ec.setOption("date", T.todayIn(tz));
});

const locationSelect = document.getElementById("location-filter");

/** The location filter, shown once there is more than one location. */
function renderLocationFilter() {
  if (locations.length < 2) {
    locationSelect.hidden = true;
    locationSelect.replaceChildren();
    return;
  }
  locationSelect.replaceChildren(
    h("option", { value: "" }, TEXT.allLocations),
    ...locations.map((l) => h("option", { value: String(l.id) }, l.name)),
  );
  locationSelect.value = locationFilter;
  locationSelect.hidden = false;
}

renderLocationFilter();
setUpPhoneMenu();
locationSelect.addEventListener("change", () => {
  locationFilter = locationSelect.value;
  localStorage.setItem("calendar.location", locationFilter);
  ec.refetchEvents();
});

// Shortcuts as in other calendars: t today, d day, w week, l list, ←/→ or j/k to move.
document.addEventListener("keydown", (e) => {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target.closest("input, textarea, select, [contenteditable], dialog")) return;
  if (document.querySelector("dialog[open]")) return;
  const actions = {
    t: () => ec.setOption("date", T.todayIn(tz)),
    d: () => setView("resourceTimeGridDay"),
    w: () => setView("resourceTimeGridWeek"),
    m: () => setView("dayGridMonth"),
    l: () => setView("list"),
    j: () => ec.next(),
    k: () => ec.prev(),
    ArrowRight: () => ec.next(),
    ArrowLeft: () => ec.prev(),
  };
  const action = actions[e.key];
  if (action && !(e.key.startsWith("Arrow") && e.target.closest(".ec-event"))) {
    e.preventDefault();
    action();
  }
});

/** Where a new entry starts: the next step from now when the view shows today, else the opening
 * of the first day shown. */
function newEntryStart() {
  const view = ec.getView();
  const first = wallFromCalendarDate(view.currentStart);
  const now = Date.now();
  if (now >= first.getTime() && now < wallFromCalendarDate(view.currentEnd).getTime()) {
    const stepMs = step * 60000;
    return new Date(Math.ceil(now / stepMs) * stepMs);
  }
  const [hour, minute] = slotMinTime.split(":").map(Number);
  return T.wallToInstant({ ...T.parseDate(T.zonedDate(first, tz)), hour, minute }, tz);
}

function openNewEntry(point) {
  form.open({
    start: newEntryStart(),
    staffId: staffList[0]?.id,
    locationId: locationFilter || undefined,
    point,
  });
}

// "Neuer Eintrag" in the top bar, and the big "+" on phones: in the first calendar.
document.getElementById("new-button").addEventListener("click", () => openNewEntry(null));
document.getElementById("create-button").addEventListener("click", (e) => {
  const rect = e.currentTarget.getBoundingClientRect();
  openNewEntry({ x: rect.left, y: rect.bottom + 90 });
});

/* ---------- booking link ---------- */

const linkButton = document.getElementById("booking-link-button");
const linkPanel = document.getElementById("booking-link-panel");
const linkInput = document.getElementById("booking-link");
const copyStatus = document.getElementById("copy-status");

function toggleLinkPanel(open = linkPanel.hidden) {
  linkPanel.hidden = !open;
  linkButton.setAttribute("aria-expanded", String(open));
  if (open) linkInput.select();
}

linkButton.addEventListener("click", () => toggleLinkPanel());
document.addEventListener("mousedown", (e) => {
  if (!linkPanel.hidden && !e.target.closest(".popover-anchor")) toggleLinkPanel(false);
});
linkButton.parentElement.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && !linkPanel.hidden) {
    toggleLinkPanel(false);
    linkButton.focus();
  }
});
for (const button of linkPanel.querySelectorAll("[data-copy]")) {
  button.addEventListener("click", async () => {
    const source = document.getElementById(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(source.value);
      copyStatus.textContent = TEXT.copied;
    } catch {
      source.select();
      copyStatus.textContent = document.execCommand?.("copy") ? TEXT.copied : TEXT.copyFailed;
    }
    setTimeout(() => { copyStatus.textContent = ""; }, 2500);
  });
}

/* ---------- appointment details ---------- */

const details = (() => {
  const dialog = document.getElementById("appointment-details");
  const title = document.getElementById("ad-title");
  const list = document.getElementById("ad-list");
  const actions = document.getElementById("ad-actions");
  const error = document.getElementById("ad-error");
  let current = null;
  let point = null;

  closesOnBackdrop(dialog, () => { current = null; });

  function render(a) {
    const service = serviceById.get(String(a.service_id));
    const start = new Date(a.start);
    const end = new Date(a.end);
    title.textContent = a.customer_name || TEXT.heldCustomer;
    document.getElementById("ad-swatch").style.background = a.status === "held" ? "#9aa4af" : service?.color || "#64748b";
    let status = TEXT.statuses[a.status] || a.status;
    if (a.status === "held" && a.expires_at) status += ` (${TEXT.heldUntil(fmt.time(new Date(a.expires_at)))})`;
    list.replaceChildren(
      ...row(TEXT.details.when, `${fmt.day(start)}, ${fmt.range(start, end)}`),
      ...row(TEXT.details.service, service?.name),
      ...row(TEXT.details.staff, staffList.length > 1 ? staffById.get(String(a.staff_id))?.name : null),
      ...row(TEXT.details.location, locations.length > 1 ? locationById.get(String(a.location_id))?.name : null),
      ...row(TEXT.details.status, status),
      ...row(TEXT.details.customer, a.customer_id
        ? h("a", { id: "ad-customer-link", href: `/customers/${encodeURIComponent(a.customer_id)}` }, TEXT.openRecord)
        : null),
      ...noteRow(a),
    );
    error.hidden = true;
    renderActions(a);
  }

  /** The note, editable in place: a textarea and "Speichern". */
  function noteRow(a) {
    if (a.status === "cancelled" || a.status === "released") return row(TEXT.details.note, a.note);
    const saved = a.note || "";
    const previous = list.querySelector("#ad-note");
    // A note being written here is kept when the appointment changes elsewhere meanwhile.
    const keep = previous && previous.dataset.id === String(a.id) && previous.value !== previous.dataset.saved;
    const area = h("textarea", {
      id: "ad-note", rows: "2", placeholder: TEXT.notePlaceholder, "aria-label": TEXT.details.note,
    });
    area.value = keep ? previous.value : saved;
    area.dataset.id = String(a.id);
    area.dataset.saved = saved;
    const button = h("button", { class: "btn btn-small", type: "button", id: "ad-note-save", hidden: true }, TEXT.noteSave);
    const sync = () => { button.hidden = area.value === area.dataset.saved; };
    area.addEventListener("input", sync);
    area.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        button.click();
      }
    });
    button.addEventListener("click", () => saveNote(button, area, a));
    sync();
    return [h("dt", {}, h("label", { for: "ad-note" }, TEXT.details.note)),
      h("dd", { class: "note-edit" }, area, button)];
  }

  async function saveNote(button, area, a) {
    button.classList.add("is-busy");
    try {
      const updated = await staffApi("PATCH", `/api/v1/appointments/${a.id}`, { note: area.value.trim() });
      ownWrites.set(String(a.id), Date.now());
      area.dataset.saved = updated.note || "";
      area.value = updated.note || "";
      upsert(updated);
      toast(TEXT.noteSaved);
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      button.classList.remove("is-busy");
    }
  }

  function renderActions(a, confirming = false) {
    const buttons = [];
    if (confirming) {
      const message = h("textarea", { id: "ad-message", rows: "2", "aria-describedby": "ad-message-hint" });
      actions.replaceChildren(h("div", { class: "field cancel-field" },
        h("label", { for: "ad-message" }, TEXT.cancelMessage),
        message,
        h("p", { class: "hint", id: "ad-message-hint" }, TEXT.cancelMessageHint)),
      h("div", { class: "popup-buttons" },
        h("button", { class: "btn", type: "button", onclick: () => renderActions(a) }, TEXT.keep),
        h("button", {
          class: "btn btn-danger", type: "button",
          onclick: (e) => act(e.currentTarget, a, "cancel", { message: message.value.trim() || undefined }, TEXT.cancelled),
        }, TEXT.cancelConfirm)));
      place();
      message.focus();
      return;
    }
    if (a.status === "requested") {
      buttons.push(h("button", { class: "btn", type: "button", onclick: (e) => act(e.currentTarget, a, "decline", {}, TEXT.declined) }, TEXT.decline));
      buttons.push(h("button", { class: "btn btn-primary", type: "button", onclick: (e) => act(e.currentTarget, a, "accept", {}, TEXT.accepted) }, TEXT.accept));
    }
    if (a.status === "booked" || a.status === "requested") {
      buttons.unshift(h("button", { class: "btn", type: "button", id: "ad-move", onclick: () => renderMove(a) }, TEXT.move));
    }
    if (a.status === "booked") {
      buttons.push(h("button", { class: "btn btn-danger", type: "button", onclick: () => renderActions(a, true) }, TEXT.cancel));
    }
    actions.replaceChildren(buttons.length ? h("div", { class: "popup-buttons" }, buttons) : "");
  }

  /** Moving without a mouse: a new day, time and calendar, then the same prompt as after a drag. */
  function renderMove(a) {
    const wall = T.zonedParts(new Date(a.start), tz);
    const time = `${T.pad(wall.hour)}:${T.pad(wall.minute)}`;
    const dateInput = h("input", { type: "date", id: "ad-move-date", required: true });
    dateInput.value = T.zonedDate(new Date(a.start), tz);
    const timeSelect = h("select", { id: "ad-move-time" },
      T.stepTimes(step, { extra: time }).map((v) => h("option", { value: v }, v)));
    timeSelect.value = time;
    const staffSelect = h("select", { id: "ad-move-staff" },
      staffList.map((s) => h("option", { value: String(s.id) }, s.name)));
    staffSelect.value = String(a.staff_id);
    const field = (input, label) => h("div", { class: "field" }, h("label", { for: input.id }, label), input);
    const submit = (e) => {
      e.preventDefault();
      const [hour, minute] = timeSelect.value.split(":").map(Number);
      const start = T.wallToInstant({ ...T.parseDate(dateInput.value), hour, minute }, tz);
      askToMove(current || a, start, staffSelect.value, point, () => {});
    };
    // Enter goes on from the lists too, as in the new-entry dialog.
    const enterSubmits = (e) => {
      if (e.key !== "Enter" || e.target.tagName !== "SELECT") return;
      e.preventDefault();
      e.currentTarget.requestSubmit();
    };
    actions.replaceChildren(h("form", { class: "move-form", onsubmit: submit, onkeydown: enterSubmits },
      h("div", { class: "move-fields" },
        field(dateInput, TEXT.moveFields.date),
        field(timeSelect, TEXT.moveFields.time),
        staffList.length > 1 ? field(staffSelect, TEXT.moveFields.staff) : null),
      h("div", { class: "popup-buttons" },
        h("button", { class: "btn", type: "button", onclick: () => closeMove(a) }, TEXT.moveAbort),
        h("button", { class: "btn btn-primary", type: "submit", id: "ad-move-next" }, TEXT.moveNext))));
    place(); // the card grew: keep it inside the window
    dateInput.focus();
  }

  function closeMove(a) {
    renderActions(a);
    actions.querySelector("#ad-move")?.focus();
  }

  async function act(button, a, verb, body, done) {
    button.classList.add("is-busy");
    try {
      const answer = await staffApi("POST", `/api/v1/appointments/${a.id}/${verb}`, body);
      ownWrites.set(String(a.id), Date.now());
      const next = answer && answer.id !== undefined ? answer
        : { ...a, status: verb === "accept" ? "booked" : "cancelled" };
      dialog.close();
      upsert(next);
      toast(done);
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      button.classList.remove("is-busy");
    }
  }

  function place() {
    placeBeside(dialog, point);
  }

  return {
    open(a, at) {
      current = a;
      point = at;
      render(a);
      if (!dialog.open) dialog.showModal();
      place();
    },
    close() {
      if (dialog.open) dialog.close();
    },
    /** Keeps an open card current when the appointment changes elsewhere. */
    refresh(a) {
      if (!current || String(current.id) !== String(a.id) || !dialog.open) return;
      if (a.status === "cancelled" || a.status === "released") {
        dialog.close();
        return;
      }
      current = a;
      if (!actions.querySelector("textarea, form")) render(a);
    },
  };
})();

/* ---------- open requests: "Anfragen (N)" and its panel ---------- */

const REQUEST_DAYS = 90;

const requests = (() => {
  const anchor = document.getElementById("requests-anchor");
  const button = document.getElementById("requests-button");
  const panel = document.getElementById("requests-panel");
  const listEl = document.getElementById("request-list");
  const open = new Map(); // appointment id → A, every requested appointment from today on
  let seen = []; // live changes, replayed over a load that started before they arrived

  function todayStart() {
    return T.wallToInstant({ ...T.parseDate(T.todayIn(tz)), hour: 0, minute: 0 }, tz);
  }

  function counts(a) {
    return a.status === "requested" && new Date(a.start) >= todayStart();
  }

  function apply(a) {
    const id = String(a.id);
    if (counts(a)) open.set(id, a);
    else open.delete(id);
  }

  function toggle(show = panel.hidden) {
    panel.hidden = !show;
    button.setAttribute("aria-expanded", String(show));
    if (show) render();
  }

  function item(a, typed) {
    const id = String(a.id);
    const service = serviceById.get(String(a.service_id));
    const start = new Date(a.start);
    const message = h("input", {
      type: "text", class: "request-message", id: `rq-message-${id}`,
      placeholder: TEXT.requestMessage, "aria-label": TEXT.requestMessage,
    });
    message.value = typed.get(id) || "";
    const error = h("p", { class: "field-error", role: "alert" });
    const decide = async (btn, verb) => {
      btn.classList.add("is-busy");
      error.textContent = "";
      try {
        const body = message.value.trim() ? { message: message.value.trim() } : {};
        const answer = await staffApi("POST", `/api/v1/appointments/${a.id}/${verb}`, body);
        ownWrites.set(id, Date.now());
        const next = answer && answer.id !== undefined ? answer
          : { ...a, status: verb === "accept" ? "booked" : "cancelled" };
        apply(next);
        render();
        upsert(next);
        toast(verb === "accept" ? TEXT.accepted : TEXT.declined);
      } catch (err) {
        error.textContent = err.message;
      } finally {
        btn.classList.remove("is-busy");
      }
    };
    return h("li", { class: "request-item", dataset: { appointmentId: id } },
      h("div", { class: "request-head" },
        h("span", { class: "list-dot", style: { background: service?.color || "#64748b" } }),
        h("span", { class: "request-when" }, `${fmt.day(start)}, ${fmt.range(start, new Date(a.end))}`)),
      h("div", { class: "request-who" },
        h("span", { class: "request-name" }, a.customer_name || ""),
        h("span", { class: "request-service" }, [service?.name,
          staffList.length > 1 ? staffById.get(String(a.staff_id))?.name : null].filter(Boolean).join(" · "))),
      a.note ? h("p", { class: "request-note" }, a.note) : null,
      message,
      error,
      h("div", { class: "popup-buttons" },
        h("button", { class: "btn", type: "button", "data-decide": "decline", onclick: (e) => decide(e.currentTarget, "decline") }, TEXT.decline),
        h("button", { class: "btn btn-primary", type: "button", "data-decide": "accept", onclick: (e) => decide(e.currentTarget, "accept") }, TEXT.accept)));
  }

  function render() {
    for (const [id, a] of open) if (!counts(a)) open.delete(id); // requests of a day now past
    const n = open.size;
    button.textContent = TEXT.requestsButton(n);
    anchor.hidden = n === 0;
    if (n === 0 && !panel.hidden) toggle(false);
    if (panel.hidden) return;
    const typed = new Map([...listEl.querySelectorAll(".request-message")]
      .map((input) => [input.id.slice("rq-message-".length), input.value]));
    const sorted = [...open.values()].sort((x, y) => new Date(x.start) - new Date(y.start));
    listEl.replaceChildren(...(sorted.length ? sorted.map((a) => item(a, typed))
      : [h("li", { class: "request-empty" }, TEXT.requestsEmpty)]));
  }

  async function load() {
    const started = Date.now();
    const from = todayStart();
    const to = T.wallToInstant({ ...T.parseDate(T.addDays(T.todayIn(tz), REQUEST_DAYS)), hour: 0, minute: 0 }, tz);
    const query = new URLSearchParams({ from: T.isoWithOffset(from, tz), to: T.isoWithOffset(to, tz) });
    try {
      const data = await staffApi("GET", `/api/v1/appointments?${query}`);
      open.clear();
      for (const a of data.appointments || []) apply(a);
      seen = seen.filter((entry) => entry.at > Date.now() - 60000);
      for (const entry of seen) if (entry.at >= started) apply(entry.a);
      render();
    } catch (err) {
      console.warn(TEXT.requestsFailed, err);
    }
  }

  button.addEventListener("click", () => toggle());
  document.addEventListener("mousedown", (e) => {
    if (!panel.hidden && !e.target.closest("#requests-anchor")) toggle(false);
  });
  anchor.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !panel.hidden) {
      toggle(false);
      button.focus();
    }
  });

  return {
    load,
    /** A live change: the count and the open panel follow it. */
    track(a) {
      seen.push({ at: Date.now(), a });
      const id = String(a.id);
      const before = open.has(id);
      apply(a);
      if (before || open.has(id)) render();
    },
  };
})();

/* ---------- moving by drag and drop: a message to the customer first ---------- */

const movePrompt = (() => {
  const dialog = document.getElementById("move-prompt");
  const formEl = document.getElementById("mp-form");
  const when = document.getElementById("mp-when");
  const message = document.getElementById("mp-message");
  const error = document.getElementById("mp-error");
  const confirm = document.getElementById("mp-confirm");
  let pending = null; // { save(message) → Promise, revert() }

  function finish(revert) {
    const was = pending;
    pending = null;
    if (dialog.open) dialog.close();
    if (was && revert) was.revert();
  }

  document.getElementById("mp-cancel").addEventListener("click", () => finish(true));
  dialog.addEventListener("cancel", (e) => {
    e.preventDefault();
    finish(true);
  });
  formEl.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!pending) return;
    confirm.classList.add("is-busy");
    error.hidden = true;
    try {
      await pending.save(message.value.trim());
      finish(false);
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      confirm.classList.remove("is-busy");
    }
  });

  return {
    ask(text, point, next) {
      if (pending) finish(true);
      pending = next;
      when.textContent = text;
      message.value = "";
      error.hidden = true;
      details.close();
      dialog.showModal();
      placeBeside(dialog, point);
      confirm.focus();
    },
  };
})();

/* ---------- closure card: what, when, whose; remove ---------- */

const closureCard = (() => {
  const dialog = document.getElementById("closure-details");
  const title = document.getElementById("cd-title");
  const list = document.getElementById("cd-list");
  const actions = document.getElementById("cd-actions");
  const error = document.getElementById("cd-error");
  const swatch = document.getElementById("cd-swatch");
  let current = null;
  let point = null;

  closesOnBackdrop(dialog, () => { current = null; });

  function render(c, confirming = false) {
    title.textContent = TEXT.kinds[c.kind] || c.kind;
    swatch.className = `swatch closure-swatch closure-${c.kind}`;
    list.replaceChildren(
      ...row(TEXT.closureDetails.when, closureWhen(c)),
      ...row(TEXT.closureDetails.staff, closureWho(c)),
      ...row(TEXT.closureDetails.note, c.note),
    );
    error.hidden = true;
    if (confirming) {
      actions.replaceChildren(
        h("p", { class: "confirm-text", id: "cd-question" }, TEXT.removeQuestion),
        h("div", { class: "popup-buttons" },
          h("button", { class: "btn", type: "button", id: "cd-keep", onclick: () => render(c) }, TEXT.keepClosure),
          h("button", {
            class: "btn btn-danger-solid", type: "button", id: "cd-remove-confirm",
            "aria-describedby": "cd-question", onclick: (e) => remove(e.currentTarget, c),
          }, TEXT.removeConfirm)));
      actions.querySelector("#cd-keep").focus();
      return;
    }
    actions.replaceChildren(h("div", { class: "popup-buttons" },
      h("button", {
        class: "btn btn-danger", type: "button", id: "cd-remove", onclick: () => render(c, true),
      }, TEXT.removeClosure)));
  }

  async function remove(button, c) {
    button.classList.add("is-busy");
    try {
      await staffApi("DELETE", `/api/v1/closures/${encodeURIComponent(c.id)}`);
      dialog.close();
      removeClosure(c.id);
      toast(TEXT.closureRemoved(TEXT.kinds[c.kind] || c.kind));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        // Someone else removed it meanwhile: the result is the same.
        dialog.close();
        removeClosure(c.id);
        return;
      }
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      button.classList.remove("is-busy");
    }
  }

  function place() {
    placeBeside(dialog, point);
  }

  return {
    open(c, at) {
      details.close();
      form.close();
      current = c;
      point = at;
      render(c);
      if (!dialog.open) dialog.showModal();
      place();
      actions.querySelector("button")?.focus();
    },
    /** Closes the card when its closure was removed elsewhere. */
    gone(id) {
      if (current && String(current.id) === id && dialog.open) dialog.close();
    },
  };
})();

/* ---------- following the set-up: hours, settings, services, calendars ---------- */

let setupRun = 0; // the newest reload; an older answer that arrives late is dropped
let formRefillPending = false;

/** Replaces the contents of `list` with `items`, keeping the array everything else holds. */
function replaceAll(list, items) {
  list.splice(0, list.length, ...items);
}

function refill(map, items) {
  map.clear();
  for (const item of items) map.set(String(item.id), item);
}

/** The new-entry dialog's selects follow the lists; an open dialog keeps its choices until it closes. */
function refillForm() {
  if (form.dialog.open) {
    if (!formRefillPending) {
      formRefillPending = true;
      form.dialog.addEventListener("close", () => {
        formRefillPending = false;
        refillForm();
      }, { once: true });
    }
    return;
  }
  form.step = Math.max(1, business.slot_step_minutes || 15);
  form.fillSelects();
}

function setIfChanged(name, value) {
  if (JSON.stringify(ec.getOption(name)) !== JSON.stringify(value)) ec.setOption(name, value);
}

/** Takes over a new set-up without a reload: the date, the view and the scroll stay. */
function applySetup(next) {
  drawnContent = new WeakMap(); // names and colours of services and calendars may have changed
  Object.assign(business, next.business);
  replaceAll(staffList, next.staff);
  replaceAll(services, next.services);
  replaceAll(locations, next.locations);
  refill(staffById, staffList);
  refill(serviceById, services);
  refill(locationById, locations);
  replaceAll(allStaffIds, staffList.map((s) => String(s.id)));
  if (locationFilter && !locationById.has(locationFilter)) {
    locationFilter = "";
    localStorage.setItem("calendar.location", "");
  }
  renderLocationFilter();

  step = Math.max(5, business.slot_step_minutes || 15);
  [slotMinTime, slotMaxTime] = openingBounds();
  const resources = staffList.map((s) => ({ id: String(s.id), title: s.name }));
  const current = (ec.getOption("resources") || []).map((r) => [String(r.id), String(r.title)]);
  if (JSON.stringify(current) !== JSON.stringify(resources.map((r) => [r.id, r.title]))) {
    ec.setOption("resources", resources);
  }
  setIfChanged("hiddenDays", business.show_weekend ? [] : [0, 6]);
  const minutes = (d) => (d && typeof d === "object" && "seconds" in d ? d.seconds / 60 : null);
  if (minutes(ec.getOption("slotDuration")) !== step) {
    ec.setOption("slotDuration", { minutes: step });
    ec.setOption("snapDuration", { minutes: step });
    ec.setOption("slotHeight", Math.max(12, Math.round((HOUR_HEIGHT_PX * step) / 60)));
  }
  for (const [name, value] of [["slotMinTime", slotMinTime], ["slotMaxTime", slotMaxTime]]) {
    const shownValue = ec.getOption(name);
    const seconds = shownValue && typeof shownValue === "object" && "seconds" in shownValue ? shownValue.seconds : null;
    if (seconds !== T.minutesOf(value.slice(0, 5)) * 60) ec.setOption(name, value);
  }
  refillForm();
}

/** Fetches the business's set-up again and shows it; the events are fetched again in any case. */
async function reloadSetup() {
  const run = ++setupRun;
  try {
    const [me, staffAnswer, serviceAnswer, locationAnswer] = await Promise.all([
      staffApi("GET", "/api/v1/me"),
      staffApi("GET", "/api/v1/staff"),
      staffApi("GET", "/api/v1/services"),
      staffApi("GET", "/api/v1/locations"),
    ]);
    if (run !== setupRun) return; // a newer reload is under way and will refetch the events
    applySetup({
      business: me.business || {},
      staff: staffAnswer.staff || [],
      services: serviceAnswer.services || [],
      locations: locationAnswer.locations || [],
    });
  } catch (err) {
    if (run !== setupRun) return;
    // The page keeps what it has; the refetch below shows a notice when the server is away.
    console.warn("The calendar's set-up could not be loaded again:", err);
  }
  ec.refetchEvents();
}

const followSetup = debounce(reloadSetup, SETUP_DELAY_MS);

/* ---------- toasts and notices ---------- */

const banner = document.getElementById("connection-banner");
const bannerText = document.getElementById("connection-text");

function showNotice(text, { link } = {}) {
  bannerText.replaceChildren(text);
  if (link) bannerText.append(" ", h("a", { href: link[0] }, link[1]));
  banner.classList.toggle("is-static", Boolean(link));
  banner.hidden = false;
}

function hideNotice() {
  if (bannerText.textContent !== TEXT.disconnected) banner.hidden = true;
}

/* ---------- live updates ---------- */

const socket = io({ path: "/socket.io/", transports: ["websocket", "polling"] });
let lostConnection = false;

socket.on("connect", () => {
  if (lostConnection) {
    lostConnection = false;
    banner.hidden = true;
    // Events sent while we were away are lost; the store has the truth (the set-up too, and
    // reloading it refetches the events).
    followSetup.cancel();
    reloadSetup();
    requests.load();
  }
});
socket.on("disconnect", (reason) => {
  lostConnection = true;
  showNotice(TEXT.disconnected);
  if (reason === "io server disconnect") socket.connect();
});
socket.on("connect_error", () => {
  lostConnection = true;
  if (socket.active) showNotice(TEXT.disconnected);
  else showNotice(TEXT.sessionEnded, { link: ["/login", TEXT.login] });
});
// Back on the network: connect now rather than after what is left of the retry back-off.
window.addEventListener("online", () => {
  if (!socket.connected && socket.active) socket.disconnect().connect();
});
for (const name of LIVE_EVENTS) socket.on(name, onLive);
socket.on("closure.created", onClosureCreated);
socket.on("closure.deleted", onClosureDeleted);
socket.on("settings.changed", () => followSetup());

// Across a daylight-saving change, the grid's offset follows the business's clock.
setInterval(() => {
  if (ec.getOption("timeZone") !== currentOffset()) {
    ec.setOption("timeZone", currentOffset());
    ec.refetchEvents();
  }
}, 60000);

PHONE.addEventListener("change", () => {
  const type = ec.getOption("view");
  if (PHONE.matches && type === "listWeek") ec.setOption("view", "listDay");
  // A phone shows the day or its list; a week or month of columns needs a wider screen.
  if (PHONE.matches && (type === "resourceTimeGridWeek" || type === "dayGridMonth")) {
    ec.setOption("view", "resourceTimeGridDay");
  }
  if (!PHONE.matches && type === "listDay") ec.setOption("view", "listWeek");
});

requests.load();
