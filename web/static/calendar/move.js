// Moving an appointment: dragged to another time or calendar (where nothing else is), or chosen on
// its card; either way a prompt beside it asks first, with an optional message to the customer and
// whether to tell them at all (by default they are, with the entry that moves it in their calendar),
// and a drag snaps back when the prompt is cancelled. The toast after a move offers to undo it. A
// move into a service's buffer is refused first; the prompt then offers to move it anyway.

import { ApiError, staffApi } from "../kit/api.js";
import { confirmAction } from "../kit/confirm.js";
import { byId } from "../kit/dom.js";
import { apiMessage } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { appointmentOf, closureOf, DRAFT_ID } from "./drawing.js";
import { calendar, refocus } from "./grid.js";
import { askToMoveInSeries } from "./series-scope.js";
import { fmt, staffById, staffList } from "./setup.js";
import { wrote } from "./store.js";
import { fromCalendarDate, isoOf } from "./zone.js";

/** @typedef {import("./setup.js").Appointment} Appointment */
/** @typedef {import("./drawing.js").Point} Point */
/** @typedef {import("@event-calendar/core").Calendar.EventDropInfo} EventDropInfo */

/**
 * Asks to move `a` to `start` in the calendar `staffId`, beside `point`; moves it when confirmed,
 * and calls `revert` when the prompt is closed without moving.
 * @param {Appointment} a
 * @param {Date} start
 * @param {string} staffId
 * @param {Point | null} point
 * @param {() => void} [revert]
 */
export function askToMove(a, start, staffId, point, revert) {
  if (a.series_id && staffId === String(a.staff_id)) {
    askToMoveInSeries(a, start, point, revert);
    return;
  }
  const newStaff = staffId !== String(a.staff_id) ? staffById.get(staffId) : null;
  const body = { start: isoOf(start), staff_id: newStaff?.id ?? a.staff_id };
  const whenText = `${fmt.day(start)}, ${fmt.time(start)}`;
  const where = newStaff && staffList.length > 1 ? ` (${newStaff.name})` : "";
  let anyway = false;
  confirmAction({
    title: t("Termin verschieben?"),
    text: a.customer_name ? t("{name}: neu am {when}", { name: a.customer_name, when: whenText + where })
      : t("neu am {when}", { when: whenText + where }),
    ok: t("Verschieben"),
    withMessage: true,
    withNotify: true,
    point,
    onCancel: revert,
    act: async (message, notify) => {
      /** @type {Appointment} */
      let updated;
      try {
        updated = await staffApi("PATCH", `/api/v1/appointments/${a.id}`, {
          ...body, ...(message ? { message } : {}), ...(notify ? {} : { notify: false }),
          ...(anyway ? { ignore_buffers: true } : {}),
        });
      } catch (err) {
        // Into a service's buffer: the prompt says so and its button now moves it anyway.
        if (err instanceof ApiError && err.code === "buffer_conflict" && !anyway) {
          anyway = true;
          byId("confirm-ok").textContent = t("Trotzdem verschieben");
        }
        throw err;
      }
      wrote(updated);
      toast(t("Termin verschoben auf {when}.", { when: whenText }), { action: t("Rückgängig"), onAction: () => moveBack(a) });
      refocus(String(a.id));
    },
  });
}

/** Puts `a` back where it was before the move (the toast's "Rückgängig").
 * @param {Appointment} a */
async function moveBack(a) {
  try {
    /** @type {Appointment} */
    const restored = await staffApi("PATCH", `/api/v1/appointments/${a.id}`, {
      start: a.start, staff_id: a.staff_id, ignore_buffers: true, // back where it stood before
    });
    wrote(restored);
    toast(t("Verschiebung rückgängig gemacht."));
  } catch (err) {
    toast(apiMessage(err), { error: true });
  }
}

/**
 * The calendar's eventDrop: the prompt opens beside the drop; `beforeAsk` clears the way (a card
 * that was open).
 * @param {EventDropInfo} info
 * @param {() => void} beforeAsk
 */
export function onEventDrop(info, beforeAsk) {
  const a = appointmentOf(info.event);
  if (!a) return;
  const staffId = info.newResource ? String(info.newResource.id) : String(a.staff_id);
  beforeAsk();
  askToMove(a, fromCalendarDate(info.event.start), staffId, dropPoint(info, a), () => info.revert());
}

/**
 * Where the move prompt opens: beside the pointer that dropped the appointment (a wide appointment
 * leaves no room beside itself), else beside the appointment in its new place.
 * @param {EventDropInfo} info
 * @param {Appointment} a
 * @returns {Point | null}
 */
function dropPoint(info, a) {
  const e = info.jsEvent;
  if (e && "clientX" in e && (e.clientX || e.clientY)) return { x: e.clientX, y: e.clientY };
  const el = document.querySelector(`#calendar [data-appointment-id="${CSS.escape(String(a.id))}"]`);
  const rect = el?.getBoundingClientRect();
  return rect && rect.width ? { x: rect.right, y: rect.top, left: rect.left } : null;
}

/**
 * The calendar's dragConstraint: a dragged appointment lands only where nothing else (another
 * appointment, a closure) is in that calendar.
 * @param {EventDropInfo} info
 */
export function fitsFreely(info) {
  const staffId = String(info.newResource?.id ?? info.event.resourceIds[0]);
  const start = info.event.start.getTime();
  const end = info.event.end.getTime();
  return !calendar().getEvents().some((other) => other.id !== info.event.id && other.id !== DRAFT_ID
    && (other.display === "auto" || closureOf(other))
    && other.resourceIds.map(String).includes(staffId)
    && other.start.getTime() < end && start < other.end.getTime());
}
