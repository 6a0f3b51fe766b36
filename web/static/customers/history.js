// A customer's appointments in two tabs, upcoming first and past, a page of the past at a time.
// Each shows its time, service, calendar, status and note; the note opens for editing in place and
// is saved through the calendar's own PATCH, so it reads the same in both places.

import { staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { byId, find, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { N_, t } from "../kit/i18n.js";
import { tabs } from "../kit/tabs.js";
import * as T from "../kit/time.js";
import { toast } from "../kit/toast.js";

/**
 * @typedef {import("./types.js").Appointment} Appointment
 * @typedef {import("./types.js").CustomerDetail} CustomerDetail
 * @typedef {import("./types.js").RecordBoot} RecordBoot
 * @typedef {{id: string, start: number | null, end: number | null}} Typing  Where a note is being written.
 */

/**
 * An appointment's status as the history names it.
 * @type {Record<string, string>}
 */
const STATUSES = {
  booked: N_("Gebucht"), requested: N_("Anfrage"), held: N_("Online-Buchung läuft"), cancelled: N_("Abgesagt"),
};

export class History {
  /**
   * `setup` is the boot data (business, staff, services, locations).
   * @param {RecordBoot} setup
   */
  constructor(setup) {
    this.tz = setup.business.timezone;
    this.fmt = T.formatters(this.tz);
    this.services = new Map(setup.services.map((s) => [String(s.id), s]));
    this.staff = new Map(setup.staff.map((s) => [String(s.id), s]));
    this.locations = new Map(setup.locations.map((l) => [String(l.id), l]));
    /** @type {Map<string, string>} appointment id → the note being written there */
    this.drafts = new Map();
    /** @type {Map<string, Appointment>} */
    this.byId = new Map();
    tabs(find(document, ".record-history [role=tablist]"), () => {});
  }

  /**
   * Shows the detail's `upcoming` and `past` (the past as far as it was paged).
   * @param {CustomerDetail} detail
   * @param {boolean} hasMore
   */
  render({ upcoming, past, past_total: pastTotal }, hasMore) {
    const typing = this.typingAt();
    this.byId = new Map([...upcoming, ...past].map((a) => [String(a.id), a]));
    this.fill("upcoming", upcoming, upcoming.length);
    this.fill("past", past, pastTotal);
    byId("past-more").hidden = !hasMore;
    if (typing) this.resumeTyping(typing);
  }

  /**
   * Where the person is writing a note, so that a live refresh does not take the cursor away.
   * @returns {Typing | null}
   */
  typingAt() {
    const area = document.activeElement;
    if (!(area instanceof HTMLTextAreaElement)) return null;
    const visit = area.closest(".visit");
    return visit instanceof HTMLElement
      ? { id: visit.dataset.appointmentId || "", start: area.selectionStart, end: area.selectionEnd }
      : null;
  }

  /** @param {Typing} typing */
  resumeTyping({ id, start, end }) {
    const area = document.querySelector(`.visit[data-appointment-id="${CSS.escape(id)}"] textarea`);
    if (!(area instanceof HTMLTextAreaElement)) return;
    area.focus();
    area.setSelectionRange(start, end);
  }

  /**
   * @param {"upcoming" | "past"} which
   * @param {Appointment[]} appointments
   * @param {number} total
   */
  fill(which, appointments, total) {
    byId(`${which}-count`).textContent = String(total);
    byId(`${which}-empty`).hidden = appointments.length > 0;
    byId(`${which}-list`).replaceChildren(...appointments.map((a) => this.item(a)));
  }

  /**
   * "Mo., 03.02.2027, 09:00–09:30": the appointment's day and times.
   * @param {Appointment} a
   * @returns {string}
   */
  whenText(a) {
    const start = new Date(a.start);
    return `${this.fmt.day(start)}, ${this.fmt.range(start, new Date(a.end))}`;
  }

  /**
   * The calendar on the appointment's day.
   * @param {Appointment} a
   * @returns {string}
   */
  calendarHref(a) {
    return `/calendar?date=${T.zonedDate(new Date(a.start), this.tz)}`;
  }

  /** @param {Appointment} a */
  item(a) {
    const id = String(a.id);
    const start = new Date(a.start);
    const service = this.services.get(String(a.service_id));
    const where = this.locations.size > 1 ? this.locations.get(String(a.location_id))?.name : null;
    return h("li", { class: `visit is-${a.status}`, dataset: { appointmentId: id } },
      h("div", { class: "visit-when" },
        h("span", { class: "visit-date" }, this.fmt.day(start)),
        h("span", { class: "visit-time" }, this.fmt.range(start, new Date(a.end)))),
      h("div", { class: "visit-body" },
        h("div", { class: "visit-what" },
          h("span", { class: "swatch", style: { background: service?.color || a.service_color || "#64748b" }, "aria-hidden": "true" }),
          h("span", { class: "visit-service" }, service?.name || a.service_name || t("Leistung gelöscht")),
          h("span", { class: "visit-staff" }, [this.staff.get(String(a.staff_id))?.name, where].filter(Boolean).join(" · ")),
          h("span", { class: `status status-${a.status}` }, STATUSES[a.status] ? t(STATUSES[a.status]) : a.status),
          a.attendance === "no_show" ? h("span", { class: "status status-no-show" }, t("Nicht erschienen")) : null),
        h("div", { class: "visit-note" }, this.drafts.has(id) ? this.noteEditor(a) : this.noteView(a))),
      h("a", {
        class: "btn btn-ghost visit-calendar", href: this.calendarHref(a), "aria-label": t("Termin am {when} im Kalender zeigen", { when: this.whenText(a) }),
      }, t("Im Kalender")));
  }

  /**
   * The note as text that opens the editor; a cancelled appointment's note is only shown.
   * @param {Appointment} a
   */
  noteView(a) {
    if (a.status === "cancelled") return a.note ? h("p", { class: "note-text" }, a.note) : null;
    return h("button", {
      type: "button", class: `note-button${a.note ? "" : " is-empty"}`, "aria-label": t("Notiz zum Termin am {when} bearbeiten", { when: this.whenText(a) }),
      onclick: () => this.openEditor(a),
    }, a.note || "+ " + t("Notiz hinzufügen"));
  }

  /** @param {Appointment} a */
  openEditor(a) {
    const id = String(a.id);
    this.drafts.set(id, a.note || "");
    this.replaceNote(a).querySelector("textarea")?.focus();
  }

  /** @param {Appointment} a */
  closeEditor(a) {
    this.drafts.delete(String(a.id));
    this.replaceNote(a).querySelector("button")?.focus();
  }

  /**
   * The appointment's note shown anew, as text or as its editor.
   * @param {Appointment} a
   * @returns {HTMLElement}
   */
  replaceNote(a) {
    const box = find(document, `.visit[data-appointment-id="${CSS.escape(String(a.id))}"] .visit-note`);
    const note = this.drafts.has(String(a.id)) ? this.noteEditor(a) : this.noteView(a);
    box.replaceChildren(...(note ? [note] : []));
    return box;
  }

  /** @param {Appointment} a */
  noteEditor(a) {
    const id = String(a.id);
    const area = h("textarea", { rows: "3", maxlength: "5000", "aria-label": t("Notiz zum Termin am {when}", { when: this.whenText(a) }) });
    area.value = this.drafts.get(id) || "";
    const error = h("p", { class: "field-error" });
    const save = h("button", { class: "btn btn-primary", type: "submit" }, t("Speichern"));
    area.addEventListener("input", () => this.drafts.set(id, area.value));
    area.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        this.closeEditor(a);
      }
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        save.click();
      }
    });
    const form = h("form", { class: "note-editor" }, area, error,
      h("div", { class: "form-actions" },
        h("button", { class: "btn", type: "button", onclick: () => this.closeEditor(a) }, t("Abbrechen")), save));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.saveNote(a, area, save, error);
    });
    return form;
  }

  /**
   * @param {Appointment} a
   * @param {HTMLTextAreaElement} area
   * @param {HTMLButtonElement} button
   * @param {HTMLElement} error
   */
  async saveNote(a, area, button, error) {
    await whileBusy(button, async () => {
      try {
        /** @type {Appointment} */
        const saved = await staffApi("PATCH", `/api/v1/appointments/${encodeURIComponent(a.id)}`, { note: area.value.trim() });
        this.byId.set(String(saved.id), saved);
        this.closeEditor(saved);
        toast(t("Notiz gespeichert"));
      } catch (err) {
        showError(error, apiMessage(err), area);
      }
    });
  }
}
