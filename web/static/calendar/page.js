// The reception desk's calendar: a column per staff calendar, appointments in their service's
// colour, closures (sickness, vacation, pause) as hatched blocks, a click on a free time to book
// or close, and live updates over Socket.IO. This module wires the parts together:
//
//   setup.js, zone.js     the business's set-up (and the location shown), its wall clock
//   grid.js, phone.js     the calendar component and its options; the phone's menu and views
//   drawing.js            how appointments, closures and the draft look (colors.js)
//   store.js, closures.js what the calendar shows, kept in step (model.js); a closure's card
//   details.js            an appointment's card: note, accept, decline, move, cancel
//   move.js               drag and drop, the move prompt, undo
//   requests.js           the open requests in the top bar
//   topbar.js, link-panel.js  dates, views, location filter, shortcuts; the booking link
//   appointment-form.js   the new-entry dialog (entry-when.js, entry-errors.js, entry-saving.js,
//                         entry-payload.js, closure-conflicts.js)
//   setup-reload.js       a changed set-up, taken over without a reload
//   live.js               the live connection
//   offline.js            today and the next seven days kept for a time without the server

import { byId } from "../kit/dom.js";
import { t, tn } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { AppointmentForm } from "./appointment-form.js";
import {
  onClosureCreated, onClosureDeleted, openClosureCard, relayClosures, wroteClosure,
} from "./closures.js";
import { holidayContent, holidaysChanged, showHolidays } from "./holidays.js";
import { appointmentCard } from "./details.js";
import { appointmentOf, closureOf, eventContent, kindName, mountEvent } from "./drawing.js";
import {
  calendar, createGrid, currentView, followClock, followDates, gridReady, openingTime, setView,
} from "./grid.js";
import { setUpLinkPanel } from "./link-panel.js";
import { connectCalendar } from "./live.js";
import { askToMove, fitsFreely, onEventDrop } from "./move.js";
import { refuseOffline, saveSoon, setUpOffline } from "./offline.js";
import { followPhoneLayout, setUpPhoneMenu } from "./phone.js";
import { requestsPanel } from "./requests.js";
import { gridStep, shownLocation, staffList } from "./setup.js";
import { setupFollower } from "./setup-reload.js";
import {
  fetchEvents, onLiveAppointment, onShownChange, showDraft, shownAppointment, wrote,
} from "./store.js";
import { showDates, setUpTopBar } from "./topbar.js";
import { fromCalendarDate, fromWallString, instantAtTime, wallDate } from "./zone.js";
import "../tour/start.js";

/** @typedef {import("./drawing.js").Point} Point */
/** @typedef {import("./setup.js").Closure} Closure */

/* ---------- the dialogs and cards ---------- */

const form = new AppointmentForm({
  dialog: byId("new-appointment", HTMLDialogElement),
  onDraft: showDraft,
  onSaved: (a) => {
    wrote(a);
    toast(t("Termin für {name} eingetragen.", { name: a.customer_name || "" }));
  },
  onClosureSaved: (closure, cancelled) => {
    wroteClosure(closure);
    for (const a of cancelled) wrote({ ...a, status: a.status === "held" ? "released" : "cancelled" });
    const n = cancelled.length;
    toast(t("{kind} eingetragen.", { kind: kindName(closure.kind) })
      + (n ? " " + tn("1 Termin abgesagt.", "{n} Termine abgesagt.", n) : ""));
  },
});

const details = appointmentCard({
  onMove: (a, start, staffId, point) => {
    details.close();
    askToMove(a, start, staffId, point);
  },
});
onShownChange((a) => details.refresh(a));

/** @param {Closure} c
 * @param {Point | null} point */
function openClosure(c, point) {
  details.close();
  form.close();
  openClosureCard(c, point);
}

const requests = requestsPanel();

/* ---------- the calendar ---------- */

/**
 * Where a card opens beside an event: level with the click, or its top for Enter and Space.
 * @param {import("@event-calendar/core").Calendar.EventClickInfo} info
 * @returns {Point}
 */
function cardPoint(info) {
  const rect = info.el.getBoundingClientRect();
  const y = info.jsEvent instanceof MouseEvent ? Math.max(rect.top, info.jsEvent.clientY - 40) : rect.top;
  return { x: rect.right, y, left: rect.left };
}

/**
 * Where a new entry starts: the next step from now when the view shows today, else the opening
 * of the first day shown.
 */
function newEntryStart() {
  const view = calendar().getView();
  const first = fromCalendarDate(view.currentStart);
  const now = Date.now();
  if (now >= first.getTime() && now < fromCalendarDate(view.currentEnd).getTime()) {
    const stepMs = gridStep() * 60000;
    return new Date(Math.ceil(now / stepMs) * stepMs);
  }
  return instantAtTime(wallDate(first), openingTime().slice(0, 5));
}

/** `?appointment=<id>` (a link in a staff mail): its card opens once, when the calendar shows it. */
let linked = new URLSearchParams(window.location.search).get("appointment");

createGrid(byId("calendar"), {
  events: fetchEvents,
  eventContent: (info) => holidayContent(info) || eventContent(info),
  eventDidMount: (info) => {
    mountEvent(info, openClosure);
    const a = linked ? appointmentOf(info.event) : undefined;
    if (a && String(a.id) === linked) {
      linked = null;
      requestAnimationFrame(() => {
        const rect = info.el.getBoundingClientRect();
        details.open(shownAppointment(a.id) || a, { x: rect.right, y: rect.top, left: rect.left });
      });
    }
  },
  dragConstraint: fitsFreely,
  dateClick: (info) => {
    if (info.view.type === "dayGridMonth") {
      // A day of the month opens that day's day view.
      setView("resourceTimeGridDay");
      calendar().setOption("date", info.dateStr.slice(0, 10));
      return;
    }
    if (info.view.type.startsWith("list") || !info.resource || refuseOffline()) return;
    const click = /** @type {MouseEvent} */ (info.jsEvent);
    details.close();
    form.open({
      start: fromWallString(info.dateStr),
      staffId: info.resource.id,
      locationId: shownLocation() || undefined,
      point: { x: click.clientX, y: click.clientY },
    });
  },
  eventClick: (info) => {
    // From Enter: the key would otherwise go on to click the button that the card focuses.
    if (info.jsEvent instanceof KeyboardEvent) info.jsEvent.preventDefault();
    // A card's actions all change something.
    if (refuseOffline()) return;
    const closure = closureOf(info.event);
    if (closure) {
      openClosure(closure, cardPoint(info));
      return;
    }
    const a = appointmentOf(info.event);
    if (a) details.open(shownAppointment(a.id) || a, cardPoint(info));
  },
  eventDrop: (info) => onEventDrop(info, () => details.close()),
  datesSet: (info) => {
    showDates(info);
    if (gridReady()) relayClosures(); // not while the calendar is being made
    followDates(info);
  },
});
followClock();
showHolidays();

/* ---------- the top bar, the phone ---------- */

setUpTopBar({
  newEntry: (point) => form.open({
    start: newEntryStart(),
    staffId: staffList[0]?.id,
    locationId: shownLocation() || undefined,
    point,
  }),
});
setUpLinkPanel();
setUpPhoneMenu();
followPhoneLayout(currentView, (view) => calendar().setOption("view", view));

/* ---------- live ---------- */

const setup = setupFollower({ refillForm: () => form.refill() });

connectCalendar({
  appointment: (a) => {
    requests.track(a);
    onLiveAppointment(a);
  },
  closureCreated: (c) => {
    onClosureCreated(c);
    saveSoon();
  },
  closureDeleted: (payload) => {
    onClosureDeleted(payload);
    saveSoon();
  },
  settingsChanged: setup.follow,
  holidaysChanged,
  // Events sent while the connection was lost are gone; the server has the truth (the set-up
  // too, and reloading it refetches the events).
  onBack: () => {
    setup.follow.cancel();
    setup.reload();
    requests.load();
setUpOffline();
  },
});

requests.load();
setUpOffline();
