// How the calendar draws what it shows: an appointment as a block in the grid (in its service's
// colour, pale and outlined while it is a request, grey with a red lock while an online booking
// waits for its code), a line in the month and a row in the list; a closure as a hatched
// background in the grid and a row elsewhere; the draft of the entry being written; and a short
// highlight on what changed elsewhere.

import { h } from "../kit/dom.js";
import { N_, t } from "../kit/i18n.js";
import { solid, tint } from "./colors.js";
import { isTimeGrid } from "./grid.js";
import { isNoShow, noShowMark, serviceOf } from "./appointment-facts.js";
import { allStaffIds, fmt, staffById, staffList } from "./setup.js";
import { wallDate, wallOf } from "./zone.js";

/** @typedef {import("./setup.js").Appointment} Appointment */
/** @typedef {import("./setup.js").Closure} Closure */
/** @typedef {import("@event-calendar/core").Calendar.EventInput} EventInput */
/** @typedef {import("@event-calendar/core").Calendar.Event} CalendarEvent */
/** @typedef {import("@event-calendar/core").Calendar.Content} Content */
/** @typedef {import("@event-calendar/core").Calendar.View} View */
/** @typedef {{x: number, y: number, left?: number}} Point */

/**
 * Where the entry being written in the dialog would land.
 * @typedef {object} Draft
 * @property {import("./setup.js").Id} staffId
 * @property {Date} start
 * @property {Date} end
 * @property {string} [kind]  "pause" for a pause; an appointment has none.
 * @property {boolean} [wholeBusiness]
 */

const FLASH_MS = 1600;
const GREY = "#64748b";
export const CLOSURE_PREFIX = "closure:";
export const DRAFT_ID = "__draft";

/** The names of the closures' kinds, worded when they are shown.
 * @type {Record<string, string>} */
const KINDS = { sick: N_("Krankheit"), vacation: N_("Urlaub"), pause: N_("Pause") };

/** The name of a closure's kind ("Krankheit"), or the kind itself where it has none.
 * @param {string} kind */
export function kindName(kind) {
  const name = KINDS[kind];
  return name ? t(name) : kind;
}

/** Who a pending online booking is for, where it has no name yet. */
export function heldCustomer() {
  return t("Online-Buchung");
}

/** "bis 10:20": how long a pending online booking holds its slot.
 * @param {Appointment} a */
export function heldUntil(a) {
  return a.expires_at ? t("bis {time}", { time: fmt.time(new Date(a.expires_at)) }) : "";
}

/** "gehalten bis 10:20": a pending online booking's state.
 * @param {Appointment} a */
function heldText(a) {
  const held = t("gehalten");
  return a.expires_at ? `${held} ${heldUntil(a)}` : held;
}

/* ---------- the short highlight of a change made elsewhere ---------- */

/** @type {Map<string, number>} event id → when its highlight ends */
const flashUntil = new Map();

/** Highlights the event with this id when it is drawn next.
 * @param {string} eventId */
export function flash(eventId) {
  flashUntil.set(eventId, Date.now() + FLASH_MS);
}

/** @param {string} eventId */
function flashing(eventId) {
  return (flashUntil.get(eventId) || 0) > Date.now();
}

/* ---------- what the calendar gets ---------- */

/** @param {CalendarEvent} event
 * @returns {Appointment | undefined} */
export function appointmentOf(event) {
  return /** @type {Appointment | undefined} */ (event.extendedProps.appointment);
}

/** @param {CalendarEvent} event
 * @returns {Closure | undefined} */
export function closureOf(event) {
  return /** @type {Closure | undefined} */ (event.extendedProps.closure);
}

/** @param {Appointment} a
 * @returns {EventInput} */
export function appointmentEvent(a) {
  const id = String(a.id);
  const service = serviceOf(a);
  const color = service?.color || GREY;
  const classNames = ["appt", `is-${a.status}`];
  if (isNoShow(a)) classNames.push("is-no-show");
  if (flashing(id)) classNames.push("flash");
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

/** @param {Closure} c */
function closureStaffIds(c) {
  return c.staff_id === null || c.staff_id === undefined ? allStaffIds : [String(c.staff_id)];
}

/**
 * Sickness, vacation and pause: hatched background in the grid, a row of its own in the list.
 * @param {Closure} c
 * @returns {EventInput}
 */
export function closureEvent(c) {
  const id = CLOSURE_PREFIX + String(c.id);
  const classNames = ["closure", `closure-${c.kind}`];
  if (flashing(id)) classNames.push("flash");
  return {
    id,
    resourceIds: closureStaffIds(c),
    start: wallOf(c.start),
    end: wallOf(c.end),
    display: isTimeGrid() ? "background" : "auto",
    classNames,
    editable: false,
    startEditable: false,
    durationEditable: false,
    extendedProps: { closure: c },
  };
}

/** @param {Draft} d
 * @returns {EventInput} */
export function draftEvent(d) {
  return {
    id: DRAFT_ID,
    resourceIds: d.wholeBusiness ? allStaffIds : [String(d.staffId)],
    start: wallOf(d.start),
    end: wallOf(d.end),
    classNames: d.kind ? ["draft", `draft-${d.kind}`] : ["draft"],
    editable: false,
    title: "",
  };
}

/* ---------- closures in words ---------- */

/** "Mo., 29.03.2027, 12:00–12:30", or the days of a whole-day closure.
 * @param {Closure} c */
export function closureWhen(c) {
  const start = new Date(c.start);
  const end = new Date(c.end);
  if (!c.all_day) return `${fmt.day(start)}, ${fmt.range(start, end)}`;
  const first = wallDate(start);
  const last = wallDate(new Date(end.getTime() - 1)); // the end is the next midnight
  return first === last ? [fmt.plain(first), t("ganztägig")].join(", ")
    : `${fmt.plain(first)} – ${fmt.plain(last)}`;
}

/** Whose calendar a closure closes, or the whole business.
 * @param {Closure} c
 * @returns {string} */
export function closureWho(c) {
  if (c.staff_id === null || c.staff_id === undefined) return t("Ganzer Betrieb");
  return staffById.get(String(c.staff_id))?.name || "";
}

/** One label and value of a card's list, left out when there is no value.
 * @param {string} label
 * @param {string | Node | null | undefined} value */
export function row(label, value) {
  return value ? [h("dt", {}, label), h("dd", {}, value)] : [];
}

/* ---------- content ---------- */

const NO_CONTENT = { domNodes: [] };
/** @type {WeakMap<object, {view: string, content: Content}>} appointment or closure → what it was drawn with */
let drawnContent = new WeakMap();

/** Draws everything anew at the next change (names and colours of services and calendars changed). */
export function forgetDrawn() {
  drawnContent = new WeakMap();
}

/**
 * @param {import("@event-calendar/core").Calendar.EventContentInfo} info
 * @returns {Content | undefined}
 */
export function eventContent(info) {
  const closure = closureOf(info.event);
  if (closure) return drawnOnce(closure, info.view, closureNodes);
  const a = appointmentOf(info.event);
  if (a) return drawnOnce(a, info.view, appointmentNodes);
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
 * @template {object} T
 * @param {T} item
 * @param {View} view
 * @param {(view: string, item: T) => Node} nodes
 * @returns {Content}
 */
function drawnOnce(item, view, nodes) {
  const drawn = drawnContent.get(item);
  if (drawn && drawn.view === view.type) return drawn.content;
  const content = { html: h("div", {}, nodes(view.type, item)).innerHTML };
  drawnContent.set(item, { view: view.type, content });
  return content;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** The red lock of a pending online booking (an SVG, so it is red on every system). */
function lockIcon() {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("aria-hidden", "true");
  svg.innerHTML = '<rect x="2.5" y="7" width="11" height="7.5" rx="1.6" fill="currentColor"/>'
    + '<path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.8"/>';
  return h("span", { class: "lock", role: "img", "aria-label": t("Gesperrt: wartet auf den Sicherheitscode"),
    title: t("Gesperrt: wartet auf den Sicherheitscode") }, svg);
}

/**
 * What an appointment shows: a row in the list, a line in the month, a block in the grid.
 * @param {string} view
 * @param {Appointment} a
 */
function appointmentNodes(view, a) {
  const service = serviceOf(a);
  const start = new Date(a.start);
  const end = new Date(a.end);
  const time = fmt.range(start, end);
  const name = a.customer_name || (a.status === "held" ? heldCustomer() : "");
  const mark = isNoShow(a) ? noShowMark() : null;
  if (view.startsWith("list")) return listRow(a, service, time, name);
  if (view === "dayGridMonth") {
    return h("div", { class: "month-line" },
      a.status === "held" ? lockIcon() : null,
      mark,
      h("span", { class: "month-time" }, fmt.time(start)),
      h("span", { class: "month-name" }, name || service?.name || ""));
  }
  const nodes = [];
  if (a.status === "held") {
    nodes.push(h("div", { class: "appt-title" },
      lockIcon(),
      ` ${heldText(a)}`));
    nodes.push(h("div", { class: "appt-line" }, [name, service?.name].filter(Boolean).join(" · ")));
    nodes.push(h("div", { class: "appt-time" }, time));
  } else if (view === "resourceTimeGridWeek") {
    // A week's columns are narrow: the name, then the start (not the whole range) and the service.
    nodes.push(h("div", { class: "appt-title" },
      a.status === "requested" ? h("span", { class: "badge" }, t("Anfrage")) : null,
      mark, h("span", { class: "appt-name" }, name)));
    nodes.push(h("div", { class: "appt-line" },
      h("span", { class: "appt-start" }, fmt.time(start)), service?.name ? ` ${service.name}` : ""));
  } else {
    nodes.push(h("div", { class: "appt-title" },
      a.status === "requested" ? h("span", { class: "badge" }, t("Anfrage")) : null,
      mark, h("span", { class: "appt-name" }, name)));
    nodes.push(h("div", { class: "appt-line" }, [time, service?.name].filter(Boolean).join(" · ")));
  }
  return h("div", { class: "appt-body" }, nodes);
}

/**
 * A row of the list view: time, service colour, who and what, and in whose calendar.
 * @param {Appointment} a
 * @param {import("./setup.js").Service | undefined} service
 * @param {string} time
 * @param {string} name
 */
function listRow(a, service, time, name) {
  const status = a.status === "held"
    ? h("span", { class: "list-status is-held" }, lockIcon(), ` ${heldText(a)}`)
    : a.status === "requested" ? h("span", { class: "badge" }, t("Anfrage")) : null;
  return h("div", { class: "list-row" },
    h("span", { class: "list-time" }, time),
    h("span", { class: "list-dot", style: { background: service?.color || GREY } }),
    h("span", { class: "list-main" },
      h("span", { class: "list-name" }, status, isNoShow(a) ? noShowMark() : null, h("span", { class: "appt-name" }, name)),
      h("span", { class: "list-service" }, service?.name || "")),
    staffList.length > 1
      ? h("span", { class: "list-staff" }, staffById.get(String(a.staff_id))?.name || "") : null);
}

/**
 * A closure: a line in the month, a row in the list, a label on its hatching in the grid.
 * @param {string} view
 * @param {Closure} c
 */
function closureNodes(view, c) {
  const kind = kindName(c.kind);
  const time = c.all_day ? t("ganztägig") : fmt.range(new Date(c.start), new Date(c.end));
  if (view === "dayGridMonth") {
    return h("div", { class: "month-line is-closure" },
      h("span", { class: `month-dot closure-swatch closure-${c.kind}` }),
      h("span", { class: "month-name" }, c.all_day ? kind : `${fmt.time(new Date(c.start))} ${kind}`));
  }
  if (view.startsWith("list")) {
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
    h("span", { class: "closure-time" }, [time, wholeBusiness && staffList.length > 1 ? t("Ganzer Betrieb") : null,
      c.note].filter(Boolean).join(" · ")));
}

/* ---------- the elements: focusable, labelled, and a closure's hatching clickable ---------- */

/**
 * @param {import("@event-calendar/core").Calendar.EventDidMountInfo} info
 * @param {(c: Closure, point: Point) => void} openClosure  What a click (or Enter) on a closure's
 *   hatching does; rows in the list and the month go through the calendar's eventClick.
 */
export function mountEvent(info, openClosure) {
  const closure = closureOf(info.event);
  if (closure) {
    mountClosure(info, closure, openClosure);
    return;
  }
  const a = appointmentOf(info.event);
  if (!a || info.event.display !== "auto") return;
  const el = info.el;
  el.dataset.appointmentId = String(a.id);
  el.dataset.status = a.status;
  el.tabIndex = 0;
  el.setAttribute("role", "button");
  const service = serviceOf(a);
  const whole = [
    a.status === "held" ? t("gehalten") : a.status === "requested" ? t("Anfrage") : "",
    isNoShow(a) ? t("Nicht erschienen") : "",
    a.customer_name, service?.name, fmt.day(new Date(a.start)),
    fmt.range(new Date(a.start), new Date(a.end)),
    a.note ? [t("Notiz"), a.note].join(": ") : "",
  ].filter(Boolean).join(", ");
  // The whole text as the appointment's description for a screen reader (its name is what it
  // shows), and as a tooltip where a narrow column cuts it short.
  el.setAttribute("aria-description", whole);
  el.title = whole;
}

/**
 * @param {import("@event-calendar/core").Calendar.EventDidMountInfo} info
 * @param {Closure} c
 * @param {(c: Closure, point: Point) => void} openClosure
 */
function mountClosure(info, c, openClosure) {
  const el = info.el;
  el.dataset.closureId = String(c.id);
  el.dataset.kind = c.kind;
  el.tabIndex = 0;
  el.setAttribute("role", "button");
  el.title = [kindName(c.kind), t("Klicken zum Entfernen")].join(" – ");
  el.setAttribute("aria-label", [kindName(c.kind), closureWho(c), closureWhen(c)].filter(Boolean).join(", "));
  if (info.event.display !== "background") return; // list rows go through eventClick
  el.addEventListener("click", (e) => {
    e.stopPropagation();
    openClosure(c, { x: e.clientX, y: e.clientY - 20, left: e.clientX });
  });
  el.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      openClosure(c, { x: rect.left + 40, y: rect.top + 40, left: rect.left });
    }
  });
}
