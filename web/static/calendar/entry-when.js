// The "when" of the new-entry dialog: an appointment's start (its end follows from the service's
// length), a pause's start and end, or the whole days of a sickness or vacation; the line that
// says it in words, and the draft that shows it in the calendar. Times are the business's wall
// clock, on its slot step.

import { find, h } from "../kit/dom.js";
import { t, tn } from "../kit/i18n.js";
import * as T from "../kit/time.js";
import { business, fmt, services } from "./setup.js";
import { instantAtTime, wallDate, wallTime } from "./zone.js";

/** @typedef {import("./drawing.js").Draft} Draft */
/** @typedef {import("./entry-errors.js").EntryErrors} EntryErrors */

/**
 * The dialog's fields of the when.
 * @typedef {object} WhenFields
 * @property {HTMLInputElement} date  An appointment's or a pause's day…
 * @property {HTMLSelectElement} time  …its start…
 * @property {HTMLSelectElement} timeEnd  …and a pause's end.
 * @property {HTMLInputElement} from  The first and last of whole days.
 * @property {HTMLInputElement} to
 * @property {HTMLSelectElement} service  Its length sets an appointment's end.
 */

/**
 * What is being entered, as the dialog has it.
 * @typedef {object} Entry
 * @property {string | null} kind  appointment, sick, vacation or pause
 * @property {string} staffId  In whose calendar.
 * @property {boolean} wholeBusiness  A closure of the whole business, not of that calendar.
 */

/**
 * @typedef {object} WhenOptions
 * @property {() => Entry} entry
 * @property {EntryErrors} errors
 * @property {(draft: Draft | null) => void} onDraft  Shows where the entry would land (null: nowhere).
 */

const DEFAULT_PAUSE_MINUTES = 30;

export class EntryWhen {
  /**
   * @param {HTMLDialogElement} dialog  #new-appointment, with #na-when, #na-end and #na-days.
   * @param {WhenFields} fields
   * @param {WhenOptions} options
   */
  constructor(dialog, fields, { entry, errors, onDraft }) {
    this.dialog = dialog;
    this.fields = fields;
    this.entry = entry;
    this.errors = errors;
    this.onDraft = onDraft;
    this.step = formStep();
    /** @type {Date | null} */
    this.start = null;
    /** @type {Date | null} */
    this.pauseEnd = null;
    this.fillTimes();
    this.bind();
  }

  /** @param {string} id */
  $(id) {
    return find(this.dialog, `#${id}`);
  }

  /** The times follow a new set-up's slot step. */
  refill() {
    this.step = formStep();
    this.fillTimes();
  }

  /**
   * Start times every slot step over the whole day, as the wall clock shows them; `extra` and
   * `extraEnd` (off the step) are sorted in.
   * @param {string} [extra]
   * @param {string} [extraEnd]
   */
  fillTimes(extra, extraEnd) {
    /** @param {HTMLSelectElement} select
     * @param {{from: number, to: number, extra?: string}} range */
    const fill = (select, range) => {
      const values = T.stepTimes(this.step, range);
      select.replaceChildren(...values.map((/** @type {string} */ v) => h("option", { value: v }, v)));
    };
    fill(this.fields.time, { from: 0, to: 24 * 60 - 1, extra });
    fill(this.fields.timeEnd, { from: this.step, to: 24 * 60, extra: extraEnd });
  }

  bind() {
    const f = this.fields;
    f.service.addEventListener("change", () => {
      this.errors.clear("service");
      this.errors.clear("when");
      this.update();
    });
    f.date.addEventListener("change", () => this.moved());
    f.time.addEventListener("change", () => {
      // A pause keeps its length when its start moves, as in other calendars.
      if (this.entry().kind === "pause" && this.start && this.pauseEnd) {
        const length = this.pauseEnd.getTime() - this.start.getTime();
        this.read();
        if (this.start) this.setPauseEnd(new Date(this.start.getTime() + length));
        this.errors.clear("when");
        this.update();
        return;
      }
      this.moved();
    });
    f.timeEnd.addEventListener("change", () => {
      this.errors.clear("when");
      this.readPauseEnd();
      this.update();
    });
    const days = () => {
      this.errors.clear("days");
      this.updateDays();
    };
    f.from.addEventListener("change", () => {
      // Moving the first day past the last one moves the last one along.
      if (f.from.value && f.to.value && f.to.value < f.from.value) f.to.value = f.from.value;
      days();
    });
    f.to.addEventListener("change", days);
  }

  /**
   * The fields for an entry at `start`: its day (also as the first and last of whole days), its
   * time, and a pause's end after the usual length. After the form's reset.
   * @param {Date} start
   */
  open(start) {
    const f = this.fields;
    this.start = start;
    const day = wallDate(start);
    const time = wallTime(start);
    f.date.value = day;
    f.from.value = day;
    f.to.value = day;
    const pauseEnd = new Date(start.getTime() + DEFAULT_PAUSE_MINUTES * 60000);
    const endTime = wallDate(pauseEnd) > day ? "24:00" : wallTime(pauseEnd);
    this.fillTimes(time, endTime);
    f.time.value = time;
    f.timeEnd.value = endTime;
    this.pauseEnd = pauseEnd;
  }

  /** The start moved (its day, its time or its calendar): read anew, and said anew. */
  moved() {
    this.errors.clear("when");
    this.read();
    if (this.entry().kind === "pause") this.readPauseEnd(); // the end moves to the new day too
    this.update();
  }

  /** Takes the start from the date and time fields, read as the business's wall time. */
  read() {
    const { date, time } = this.fields;
    this.start = date.value && time.value ? instantAtTime(date.value, time.value) : null;
  }

  /** The end of a pause from its end field, on the day of its start ("24:00": the next midnight). */
  readPauseEnd() {
    const date = this.fields.date.value;
    const time = this.fields.timeEnd.value;
    if (!date || !time) {
      this.pauseEnd = null;
      return;
    }
    const [hour, minute] = time.split(":").map(Number);
    const day = hour >= 24 ? T.addDays(date, 1) : date;
    this.pauseEnd = instantAtTime(day, `${T.pad(hour % 24)}:${T.pad(minute)}`);
  }

  /** @param {Date} end */
  setPauseEnd(end) {
    const day = this.fields.date.value;
    const value = wallDate(end) > day ? "24:00" : wallTime(end);
    const select = this.fields.timeEnd;
    if (![...select.options].some((o) => o.value === value)) this.fillTimes(this.fields.time.value, value);
    select.value = value;
    this.readPauseEnd();
  }

  /** The days of a sickness or vacation in words, with their count. */
  updateDays() {
    const from = this.fields.from.value;
    const to = this.fields.to.value;
    const out = this.$("na-days");
    if (!from || !to || to < from) {
      out.textContent = "";
      return;
    }
    const count = Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86400000) + 1;
    out.textContent = from === to
      ? [fmt.plain(from, "full"), t("ganztägig")].join(" · ")
      : [`${fmt.plain(from, "long")} – ${fmt.plain(to, "long")}`, tn("1 Tag", "{n} Tage", count)].join(" · ");
  }

  /** The service chosen. */
  service() {
    const id = this.fields.service.value;
    return services.find((s) => String(s.id) === id) || null;
  }

  /** When the appointment (its service's length) or the pause ends.
   * @param {Date} start */
  end(start) {
    if (this.entry().kind === "pause") return this.pauseEnd;
    const service = this.service();
    return new Date(start.getTime() + (service ? service.duration_minutes : 30) * 60000);
  }

  /** The day, length and end in words, and the draft in the calendar. */
  update() {
    const { kind, staffId, wholeBusiness } = this.entry();
    if (kind !== "appointment" && kind !== "pause") {
      this.updateDays();
      this.onDraft(null);
      return;
    }
    const start = this.start;
    if (!start) {
      this.$("na-end").textContent = "";
      this.$("na-when").textContent = "";
      this.onDraft(null);
      return;
    }
    if (kind === "pause") {
      const end = this.pauseEnd;
      const minutes = end ? Math.round((end.getTime() - start.getTime()) / 60000) : 0;
      this.$("na-when").textContent = `${fmt.dayFull(start)}${minutes > 0 ? ` · ${minutesText(minutes)}` : ""}`;
      this.onDraft(end && end > start ? { staffId, start, end, kind: "pause", wholeBusiness } : null);
      return;
    }
    const end = /** @type {Date} */ (this.end(start));
    this.$("na-end").textContent = `– ${fmt.time(end)}`;
    const service = this.service();
    this.$("na-when").textContent = `${fmt.dayFull(start)}${service ? ` · ${minutesText(service.duration_minutes)}` : ""}`;
    this.onDraft({ staffId, start, end });
  }

  /**
   * The time of a closure in words: the pause's day and range, or its days.
   * @param {import("./entry-payload.js").ClosureBody} body
   */
  closureText(body) {
    const { start, pauseEnd } = this;
    if (body.kind === "pause" && start && pauseEnd) {
      return `${fmt.day(start)}, ${fmt.range(start, pauseEnd)}`;
    }
    return body.start === body.end ? fmt.plain(body.start)
      : `${fmt.plain(body.start)} – ${fmt.plain(body.end)}`;
  }
}

/** A length in minutes in words ("30 Min.").
 * @param {number} n */
export function minutesText(n) {
  return t("{n} Min.", { n });
}

/** The form's time step: the business's slot step (the grid's is at least 5 minutes). */
function formStep() {
  return Math.max(1, business.slot_step_minutes || 15);
}
