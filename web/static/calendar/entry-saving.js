// Saving what the new-entry dialog holds, one save at a time with its button busy: an appointment
// to /api/v1/appointments; a closure to /api/v1/closures as a preview first, entered at once when
// nothing is in the way, else handed on to the dialog's second step (closure-conflicts.js). What
// is wrong goes under the field it is about. The service booked last is remembered on the device.
// A time gone by may be documented afterwards (a walk-in), a service's buffer booked into on purpose.

import { ApiError, staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { t } from "../kit/i18n.js";
import { appointmentBody, appointmentField, closureBody, closureField } from "./entry-payload.js";
import { tz } from "./setup.js";

/** @typedef {import("./setup.js").Appointment} Appointment */
/** @typedef {import("./setup.js").Closure} Closure */
/** @typedef {import("./entry-errors.js").EntryErrors} EntryErrors */
/** @typedef {import("./entry-payload.js").AppointmentFields} AppointmentFields */
/** @typedef {import("./entry-payload.js").ClosureFields} ClosureFields */
/** @typedef {import("./entry-payload.js").ClosureBody} ClosureBody */

/**
 * @typedef {object} SavingOptions
 * @property {HTMLButtonElement} button  #na-save, busy while a save is under way.
 * @property {EntryErrors} errors
 * @property {(a: Appointment) => void} onSaved  With the server's answer.
 * @property {(closure: Closure) => void} onClosureSaved  Entered at once: nothing was in the way.
 * @property {(appointments: Appointment[], body: ClosureBody) => void} onConflicts  These
 *   appointments lie in the way of the closure `body`; nothing is entered yet.
 */

const SERVICE_KEY = "calendar.service";

/** The id of the service booked last on this device, to be chosen first the next time. */
export function lastServiceId() {
  return localStorage.getItem(SERVICE_KEY);
}

export class EntrySaving {
  /** @param {SavingOptions} options */
  constructor({ button, errors, onSaved, onClosureSaved, onConflicts }) {
    this.button = button;
    this.errors = errors;
    this.onSaved = onSaved;
    this.onClosureSaved = onClosureSaved;
    this.onConflicts = onConflicts;
    this.saving = false;
    /** @type {{walk_in?: boolean, ignore_buffers?: boolean}} What the person chose after a refusal. */
    this.override = {};
    this.label = button.textContent;
  }

  /** Forgets a choice made after a refusal ("Nachtragen", "Trotzdem buchen"): the entry changed. */
  reset() {
    if (!Object.keys(this.override).length) return;
    this.override = {};
    this.button.textContent = this.label;
  }

  /** @param {AppointmentFields} fields */
  async appointment(fields) {
    if (this.saving) return;
    const { body, error } = appointmentBody(fields, tz);
    if (error) {
      this.errors.show(...error);
      return;
    }
    await this.sending(async () => {
      /** @type {Appointment} */
      const appointment = await staffApi("POST", "/api/v1/appointments", { ...body, ...this.override });
      localStorage.setItem(SERVICE_KEY, String(body.service_id));
      this.onSaved(appointment);
    }, (err) => {
      // A time gone by is documented ("Nachtragen"); a service's buffer is booked into on purpose
      // ("Trotzdem buchen"): the button says so, and the next save sends it.
      if (err.code === "in_past" || err.code === "buffer_conflict") {
        const walkIn = err.code === "in_past";
        this.override = { ...this.override, ...(walkIn ? { walk_in: true } : { ignore_buffers: true }) };
        this.button.textContent = walkIn ? t("Nachtragen") : t("Trotzdem buchen");
        this.errors.show("when", walkIn
          ? t("Diese Zeit liegt in der Vergangenheit. „Nachtragen“ hält den Termin als erschienen fest, ohne E-Mail an den Kunden.")
          : err.message);
        return;
      }
      const slotTaken = err.code === "slot_taken";
      this.errors.show(slotTaken ? "when" : appointmentField(err), slotTaken && !err.message
        ? t("Zu dieser Zeit ist in diesem Kalender schon etwas eingetragen.") : err.message);
    });
  }

  /** The first step of a closure: entered at once when nothing is in the way, else the
   * appointments in the way are handed on.
   * @param {ClosureFields} fields */
  async closure(fields) {
    if (this.saving) return;
    const kind = fields.kind;
    const { body, error } = closureBody(fields, tz);
    if (error) {
      this.errors.show(...error);
      return;
    }
    await this.sending(async () => {
      /** @type {Closure} */
      const closure = await staffApi("POST", "/api/v1/closures", body);
      this.onClosureSaved(closure);
    }, (err) => {
      if (err.code !== "conflicts") {
        this.errors.show(closureField(err, kind), err.message);
        return;
      }
      this.onConflicts(/** @type {Appointment[]} */ (err.details.appointments || []), body);
    });
  }

  /**
   * Runs `send` with the button busy, one save at a time; an API error goes to `failed`.
   * @param {() => Promise<void>} send
   * @param {(err: ApiError) => void} failed
   */
  async sending(send, failed) {
    this.saving = true;
    try {
      await whileBusy(this.button, send);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      failed(err);
    } finally {
      this.saving = false;
    }
  }
}
