// "Wiederholen" in the new-entry dialog: a weekly rule (every N weeks, on chosen weekdays, a number
// of times or until a day), the preview of its dates in the calendar with each one's state, and for
// a taken or closed date the nearest free times to pick with one click. Saving books every date
// chosen in one go, or nothing when one was taken meanwhile (the preview then shows it anew).

import { ApiError, staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { find, h } from "../kit/dom.js";
import { apiMessage } from "../kit/errors.js";
import { N_, t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { appointmentBody } from "./entry-payload.js";
import { fmt, tz } from "./setup.js";
import { wrote } from "./store.js";

/** @typedef {import("./setup.js").Appointment} Appointment */
/** @typedef {import("./entry-payload.js").AppointmentFields} AppointmentFields */
/** @typedef {{start: string, end: string}} Times */
/** @typedef {Times & {state: string, alternatives: Times[]}} SeriesDate */
/** @typedef {{every_weeks: number, weekdays?: number[], count?: number, until?: string}} Repeat */

/** Each state in words, worded when shown.
 * @type {Record<string, string>} */
const STATES = {
  free: N_("frei"),
  taken: N_("belegt"),
  closed: N_("geschlossen"),
  outside_hours: N_("außerhalb der Zeiten"),
};

/** The fields whose change moves the series' dates or their states. */
const BASE_FIELDS = new Set(["na-date", "na-time", "na-service", "na-staff", "na-location"]);

export class SeriesSection {
  /**
   * @param {HTMLDialogElement} dialog  #new-appointment
   * @param {{fields: () => AppointmentFields, onSaved: () => void}} options  `onSaved` closes the
   *   dialog; the booked dates are in the calendar then.
   */
  constructor(dialog, { fields, onSaved }) {
    this.fields = fields;
    this.onSaved = onSaved;
    /** @template {HTMLElement} E @param {string} id @param {{new (): E, prototype: E}} kind @returns {E} */
    const $ = (id, kind) => find(dialog, `#${id}`, kind);
    this.toggle = $("na-repeat", HTMLInputElement);
    this.box = $("na-repeat-fields", HTMLElement);
    this.every = $("na-repeat-every", HTMLInputElement);
    this.count = $("na-repeat-count", HTMLInputElement);
    this.until = $("na-repeat-until", HTMLInputElement);
    this.days = $("na-repeat-days", HTMLFieldSetElement);
    this.error = $("na-repeat-error", HTMLElement);
    this.list = $("na-series-dates", HTMLUListElement);
    /** @type {SeriesDate[]} */
    this.dates = [];
    /** @type {(string | null)[]} the start chosen for each date (null: left out) */
    this.chosen = [];
    /** The request the shown dates answer, to know when they are out of date. */
    this.shownFor = "";
    /** @type {number | undefined} */
    this.timer = undefined;
    this.fillDays();
    this.toggle.addEventListener("change", () => {
      this.box.hidden = !this.toggle.checked;
      if (this.toggle.checked) this.refreshSoon();
    });
    this.box.addEventListener("input", () => this.refreshSoon());
    this.box.addEventListener("change", () => this.refreshSoon());
    dialog.addEventListener("change", (e) => {
      if (this.on() && e.target instanceof HTMLElement && BASE_FIELDS.has(e.target.id)) this.refreshSoon();
    });
  }

  /** Monday to Sunday as the page's language abbreviates them. */
  fillDays() {
    const names = new Intl.DateTimeFormat(document.documentElement.lang || "de", { weekday: "short", timeZone: "UTC" });
    for (let day = 0; day < 7; day++) {
      const monday = Date.UTC(2024, 0, 1 + day); // 1 January 2024 was a Monday
      this.days.append(h("label", { class: "repeat-day" },
        h("input", { type: "checkbox", name: "repeat-day", value: String(day) }),
        ` ${names.format(new Date(monday))}`));
    }
  }

  on() {
    return this.toggle.checked;
  }

  reset() {
    this.toggle.checked = false;
    this.box.hidden = true;
    this.dates = [];
    this.chosen = [];
    this.shownFor = "";
    this.list.replaceChildren();
    this.error.textContent = "";
  }

  /** The rule as the fields say it.
   * @returns {Repeat} */
  repeat() {
    /** @type {Repeat} */
    const rule = { every_weeks: Number(this.every.value) || 1 };
    const days = [...this.days.querySelectorAll("input:checked")].map((box) => Number(/** @type {HTMLInputElement} */ (box).value));
    if (days.length) rule.weekdays = days;
    const byDate = this.box.querySelector("input[name=repeat-end]:checked")?.getAttribute("value") === "until";
    if (byDate) rule.until = this.until.value;
    else rule.count = Number(this.count.value) || 1;
    return rule;
  }

  /** What the preview is asked, or null while the dialog lacks a time or a service. */
  question() {
    // Only where, what and when matter here: the customer is asked for when saving.
    const someone = { customer: null, typed: "A B", email: "", phone: "" };
    const { body } = appointmentBody({ ...this.fields(), ...someone }, tz);
    if (!body) return null;
    return {
      staff_id: body.staff_id, location_id: body.location_id, service_id: body.service_id,
      start: body.start, repeat: this.repeat(),
    };
  }

  refreshSoon() {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.refresh(), 200);
  }

  /** Asks for the dates and shows them; alternatives picked before stay picked where they still fit. */
  async refresh() {
    const asked = this.question();
    if (!asked) return;
    const key = JSON.stringify(asked);
    this.list.setAttribute("aria-busy", "true");
    try {
      /** @type {{dates: SeriesDate[]}} */
      const answer = await staffApi("POST", "/api/v1/series/preview", asked);
      if (JSON.stringify(this.question()) !== key) return; // asked anew meanwhile
      const before = new Map(this.dates.map((d, i) => [d.start, this.chosen[i]]));
      this.dates = answer.dates;
      this.chosen = answer.dates.map((d) => {
        const fits = (/** @type {string | null | undefined} */ s) => s && d.alternatives.some((a) => a.start === s);
        const kept = before.get(d.start);
        if (fits(kept)) return kept || null;
        return d.state === "free" || d.state === "outside_hours" ? d.start : null;
      });
      this.shownFor = key;
      this.error.textContent = "";
      this.render();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.dates = [];
      this.shownFor = "";
      this.list.replaceChildren();
      this.error.textContent = apiMessage(err);
    } finally {
      this.list.removeAttribute("aria-busy");
    }
  }

  render() {
    this.list.replaceChildren(...this.dates.map((d, i) => {
      const start = new Date(d.start);
      const blocked = d.state === "taken" || d.state === "closed";
      const picks = d.alternatives.map((a) => {
        const at = new Date(a.start);
        const sameDay = fmt.day(at) === fmt.day(start);
        return h("button", {
          type: "button", class: "btn btn-small series-alternative",
          "aria-pressed": String(this.chosen[i] === a.start),
          onclick: () => {
            this.chosen[i] = this.chosen[i] === a.start ? null : a.start;
            this.render();
          },
        }, sameDay ? fmt.time(at) : `${fmt.day(at)}, ${fmt.time(at)}`);
      });
      const left = blocked && !this.chosen[i];
      return h("li", { class: "series-date", dataset: { state: d.state } },
        h("span", { class: "series-when" }, `${fmt.day(start)}, ${fmt.time(start)}`),
        h("span", { class: `series-state state-${d.state}` }, t(STATES[d.state] || d.state)),
        blocked ? h("span", { class: "series-note" }, left ? t("wird ausgelassen – oder stattdessen:") : t("stattdessen:")) : null,
        picks.length ? h("span", { class: "series-alternatives" }, picks) : null);
    }));
    const count = this.chosen.filter(Boolean).length;
    this.list.append(h("li", { class: "series-total" },
      t("{count} von {all} Terminen werden gebucht.", { count, all: this.dates.length })));
  }

  /** Books the chosen dates with what the dialog says of the customer, service and note.
   * @param {HTMLButtonElement} button
   * @param {(error: import("./entry-payload.js").FieldError) => void} showFieldError */
  async save(button, showFieldError) {
    const { body, error } = appointmentBody(this.fields(), tz);
    if (error) {
      showFieldError(error);
      return;
    }
    const asked = this.question();
    if (!asked || JSON.stringify(asked) !== this.shownFor) {
      await this.refresh();
      this.error.textContent = t("Bitte prüfen Sie die Termine der Serie und speichern Sie dann.");
      return;
    }
    const starts = /** @type {string[]} */ (this.chosen.filter(Boolean));
    if (!starts.length) {
      this.error.textContent = t("Es ist kein Termin der Serie gewählt.");
      return;
    }
    await whileBusy(button, async () => {
      try {
        /** @type {{series_id: string, appointments: Appointment[]}} */
        const made = await staffApi("POST", "/api/v1/series", { ...body, repeat: asked.repeat, starts });
        for (const a of made.appointments) wrote(a);
        this.onSaved();
        toast(t("Serie mit {count} Terminen eingetragen.", { count: made.appointments.length }));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.code === "slot_taken") {
          await this.refresh();
          this.error.textContent = t("Inzwischen ist ein Termin der Serie belegt worden; nichts wurde gebucht. Bitte wählen Sie neu.");
        } else {
          this.error.textContent = apiMessage(err);
        }
      }
    });
  }
}
