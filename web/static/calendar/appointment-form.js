// The small "new entry" dialog of the staff calendar: an appointment (the customer found while
// typing or a new one by name, service, location, note) or a closure (sickness and vacation over
// whole days, a pause over a time range). This module is the dialog itself: its lists, opening
// beside the click (a sheet on phones), the kind chosen and the rows it needs, Enter to save and
// Escape to close. Its parts: the "when" and the draft it shows in the calendar (entry-when.js),
// the field errors (entry-errors.js), saving (entry-saving.js, entry-payload.js) and the second
// step of a closure over appointments (closure-conflicts.js).

import { CustomerCombobox } from "../kit/customer-combobox.js";
import { closable } from "../kit/dialog.js";
import { find, h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { ClosureConflicts } from "./closure-conflicts.js";
import { EntryErrors } from "./entry-errors.js";
import { EntrySaving, lastServiceId } from "./entry-saving.js";
import { EntryWhen, minutesText } from "./entry-when.js";
import { SeriesSection } from "./series-form.js";
import { locations, mayBookIn, services, staffList } from "./setup.js";

/** @typedef {import("./setup.js").Appointment} Appointment */
/** @typedef {import("./setup.js").Closure} Closure */
/** @typedef {import("./drawing.js").Draft} Draft */
/** @typedef {import("./drawing.js").Point} Point */

/**
 * @typedef {object} FormOptions
 * @property {HTMLDialogElement} dialog  #new-appointment
 * @property {(draft: Draft | null) => void} onDraft  Shows where the entry would land (null: nowhere).
 * @property {(a: Appointment) => void} onSaved  With the server's answer.
 * @property {(closure: Closure, cancelled: Appointment[]) => void} [onClosureSaved]  With the
 *   closure entered and the appointments it cancelled.
 */

/**
 * @typedef {object} OpenAt
 * @property {Date} start
 * @property {import("./setup.js").Id | undefined} staffId
 * @property {string} [locationId]
 * @property {Point | null} point  Beside what the dialog opens; a sheet without.
 * @property {string} [kind]  appointment (the default), sick, vacation or pause
 */

export class AppointmentForm {
  /** @param {FormOptions} options */
  constructor({ dialog, onDraft, onSaved, onClosureSaved = () => {} }) {
    this.dialog = dialog;
    this.onDraft = onDraft;
    this.onSaved = onSaved;
    this.onClosureSaved = onClosureSaved;
    this.form = find(dialog, "form", HTMLFormElement);
    /**
     * @template {HTMLElement} [E=HTMLElement]
     * @param {string} id
     * @param {{new (): E, prototype: E}} [kind]
     * @returns {E}
     */
    const $ = (id, kind) => find(dialog, `#${id}`, kind);
    this.$ = $;
    this.fields = {
      date: $("na-date", HTMLInputElement),
      time: $("na-time", HTMLSelectElement),
      timeEnd: $("na-time-end", HTMLSelectElement),
      from: $("na-from", HTMLInputElement),
      to: $("na-to", HTMLInputElement),
      staff: $("na-staff", HTMLSelectElement),
      customer: $("na-customer", HTMLInputElement),
      email: $("na-email", HTMLInputElement),
      phone: $("na-phone", HTMLInputElement),
      service: $("na-service", HTMLSelectElement),
      location: $("na-location", HTMLSelectElement),
      note: $("na-note", HTMLTextAreaElement),
    };
    const f = this.fields;
    this.errors = new EntryErrors(dialog, {
      when: f.time, days: f.from, customer: f.customer, email: f.email,
      service: f.service, location: f.location, note: f.note,
    });
    /** @type {string | null} the kind shown: appointment, sick, vacation or pause */
    this.kind = null;
    this.staffId = "";
    /** @type {Point | null} */
    this.point = null;
    this.refillPending = false;
    this.combo = new CustomerCombobox(this.fields.customer, $("na-customer-list"), {
      onEdit: () => this.errors.clear("customer"),
      onChange: (failure) => this.updateCustomerHint(failure),
    });
    this.when = new EntryWhen(dialog, f, {
      entry: () => ({
        kind: this.kind, staffId: this.staffId, wholeBusiness: this.scope() === "business",
      }),
      errors: this.errors,
      onDraft,
    });
    this.conflicts = new ClosureConflicts(this.form, {
      onCancel: () => this.close(),
      onConfirmed: (closure, cancelled) => {
        this.close();
        this.onClosureSaved(closure, cancelled);
      },
    });
    this.saving = new EntrySaving({
      button: $("na-save", HTMLButtonElement),
      errors: this.errors,
      onSaved: (appointment) => {
        this.close();
        this.onSaved(appointment);
      },
      onClosureSaved: (closure) => {
        this.close();
        this.onClosureSaved(closure, []);
      },
      onConflicts: (appointments, body) => {
        this.onDraft(null);
        this.conflicts.show(appointments, body, this.when.closureText(body));
        this.place(this.point, { keepSide: true });
        this.conflicts.focus();
      },
    });
    this.series = new SeriesSection(dialog, {
      fields: () => this.appointmentFields(),
      onSaved: () => this.close(),
    });
    this.fillSelects();
    this.bind();
  }

  /** The lists of services, locations and calendars, from the set-up. */
  fillSelects() {
    const f = this.fields;
    f.service.replaceChildren(
      ...services.map((s) => h("option", { value: String(s.id) },
        `${s.name} · ${minutesText(s.duration_minutes)}`)),
    );
    f.location.replaceChildren(
      ...locations.map((l) => h("option", { value: String(l.id) }, l.name)),
    );
    this.$("na-location-field").hidden = locations.length < 2;
    // Only the calendars the person may enter appointments in.
    const bookable = staffList.filter((s) => mayBookIn(s.id));
    f.staff.replaceChildren(
      ...bookable.map((s) => h("option", { value: String(s.id) }, s.name)),
    );
    this.$("na-staff-field").hidden = bookable.length < 2;
  }

  /** The lists follow a new set-up; an open dialog keeps its choices until it closes. */
  refill() {
    if (this.dialog.open) {
      if (!this.refillPending) {
        this.refillPending = true;
        this.dialog.addEventListener("close", () => {
          this.refillPending = false;
          this.refill();
        }, { once: true });
      }
      return;
    }
    this.fillSelects();
    this.when.refill();
  }

  bind() {
    const f = this.fields;
    // The dialog grows as fields appear; keep it inside the window.
    new ResizeObserver(() => {
      if (this.dialog.open) this.place(this.point, { keepSide: true });
    }).observe(this.dialog);
    f.note.addEventListener("input", () => {
      f.note.style.height = "auto";
      f.note.style.height = `${Math.min(f.note.scrollHeight + 2, 160)}px`;
    });

    f.location.addEventListener("change", () => this.errors.clear("location"));
    // Another time, calendar or service asks anew before documenting or booking into a buffer.
    this.form.addEventListener("change", (e) => {
      if (e.target !== f.note && e.target !== f.customer) this.saving.reset();
    });
    for (const radio of this.form.querySelectorAll("input[name=kind]")) {
      if (radio instanceof HTMLInputElement) radio.addEventListener("change", () => this.setKind(radio.value));
    }
    for (const radio of this.form.querySelectorAll("input[name=scope]")) {
      radio.addEventListener("change", () => {
        this.syncRows();
        this.when.update();
      });
    }
    f.staff.addEventListener("change", () => {
      this.staffId = f.staff.value;
      this.when.moved();
    });
    f.email.addEventListener("input", () => this.errors.clear("email"));

    // Enter saves from any field; Shift+Enter still breaks a line in the note.
    this.form.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.defaultPrevented) return;
      // Cancelling appointments takes the explicit button, never a stray Enter.
      if (this.conflicts.shown) return;
      const target = e.target;
      if (target instanceof HTMLButtonElement || (target instanceof Element && target.closest("button"))) return;
      if (target instanceof HTMLInputElement && target.type === "radio") return;
      if (target === f.customer && this.combo.picking()) return;
      e.preventDefault();
      this.form.requestSubmit();
    });
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (this.conflicts.shown) return;
      if (this.kind === "appointment" && this.series.on()) {
        this.series.save(this.$("na-save", HTMLButtonElement), (error) => this.errors.show(...error));
      } else if (this.kind === "appointment") this.saving.appointment(this.appointmentFields());
      else if (this.kind) this.saving.closure(this.closureFields(this.kind));
    });
    // The × and "Abbrechen" close, and a click on the backdrop (outside the form), as in other calendars.
    closable(this.dialog, {
      onClose: () => {
        this.conflicts.hide();
        this.combo.stop();
        this.onDraft(null);
      },
    });
  }

  /**
   * Opens the dialog for `start` in the calendar of `staffId`, beside `point`.
   * @param {OpenAt} at
   */
  open({ start, staffId, locationId, point, kind = "appointment" }) {
    const f = this.fields;
    // A click in a colleague's column, by someone who may book only in their own calendar, books there.
    const own = staffList.find((s) => mayBookIn(s.id));
    this.staffId = String((staffId !== undefined && mayBookIn(staffId)) || !own ? staffId : own.id);
    this.form.reset();
    this.saving.reset();
    this.conflicts.hide();
    f.note.style.height = "";
    this.combo.reset();
    this.series.reset();
    this.errors.clearAll();
    this.$("na-error").hidden = true;
    this.$("na-email-field").hidden = true;
    this.$("na-customer-hint").textContent = "";
    const lastService = lastServiceId();
    if (lastService && services.some((s) => String(s.id) === lastService)) f.service.value = lastService;
    if (locationId) f.location.value = String(locationId);
    f.staff.value = this.staffId;
    this.when.open(start);
    this.kind = null;
    const radio = find(this.form, `input[name=kind][value="${kind}"]`, HTMLInputElement);
    radio.checked = true;
    this.setKind(kind);

    this.dialog.showModal();
    this.point = point;
    this.place(point);
    if (kind === "appointment") f.customer.focus();
    else radio.focus();
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  /**
   * Beside `point` (left or right of it, whichever has room), inside the window; a bottom sheet
   * without a point and on phones. `keepSide` keeps it left or right where it is.
   * @param {Point | null} point
   * @param {{keepSide?: boolean}} [options]
   */
  place(point, { keepSide = false } = {}) {
    const d = this.dialog;
    if (!point || window.innerWidth < 640) {
      d.style.left = "";
      d.style.top = "";
      d.classList.add("is-sheet");
      return;
    }
    d.classList.remove("is-sheet");
    const gap = 14;
    // offset sizes ignore the opening animation's transform.
    const width = d.offsetWidth;
    const height = d.offsetHeight;
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    if (!keepSide) {
      let left = point.x + gap;
      if (left + width > vw - 8) left = point.x - gap - width;
      left = Math.max(8, Math.min(left, vw - width - 8));
      d.style.left = `${left}px`;
    }
    const top = Math.max(8, Math.min(point.y - 80, vh - height - 8));
    d.style.top = `${top}px`;
  }

  /* ---------- kinds: appointment, sickness, vacation, pause ---------- */

  isClosure() {
    return this.kind !== "appointment";
  }

  /** "staff" (this calendar) or "business", for a closure. */
  scope() {
    const checked = this.form.querySelector("input[name=scope]:checked");
    return checked instanceof HTMLInputElement ? checked.value : "staff";
  }

  /** @param {string} kind */
  setKind(kind) {
    if (this.kind === kind) return;
    this.kind = kind;
    this.form.dataset.kind = kind;
    this.errors.clearAll();
    if (kind === "appointment" && !services.length) {
      this.errors.show("service", t("Es gibt noch keine Leistungen. Legen Sie zuerst eine Leistung an."));
    }
    if (kind === "pause") this.when.readPauseEnd();
    this.syncRows();
    this.when.update();
  }

  /** Shows the rows the chosen kind needs, hides the others. */
  syncRows() {
    const closure = this.isClosure();
    const pause = this.kind === "pause";
    const wholeDays = closure && !pause;
    this.$("na-when-row").hidden = wholeDays;
    this.$("na-days-row").hidden = !wholeDays;
    this.$("na-end").hidden = pause;
    this.$("na-dash").hidden = !pause;
    this.fields.timeEnd.hidden = !pause;
    this.$("na-scope-row").hidden = !closure;
    this.$("na-staff-field").hidden = staffList.length < 2 || (closure && this.scope() === "business");
    const staff = this.chosenStaff();
    this.$("na-scope-name").textContent = staffList.length > 1 && staff ? ` (${staff.name})` : "";
    this.fields.note.placeholder = closure ? t("Notiz, z. B. Grund (optional)") : t("Notiz (optional)");
  }

  chosenStaff() {
    return staffList.find((s) => String(s.id) === String(this.staffId));
  }

  /* ---------- the customer ---------- */

  /** Under the field: the customer taken, or that a new one will be created (with e-mail and phone).
   * @param {string} [failure] */
  updateCustomerHint(failure) {
    const hint = this.$("na-customer-hint");
    const customer = this.combo.customer;
    const isNew = !customer && this.combo.typed.length > 0;
    hint.textContent = customer
      ? [t("Bestandskunde"), customer.email || customer.phone].filter(Boolean).join(" · ")
      : isNew ? [failure, t("Neuer Kunde – wird beim Speichern angelegt.")].filter(Boolean).join(" ") : "";
    hint.classList.toggle("is-existing", Boolean(customer));
    this.$("na-email-field").hidden = !isNew;
  }

  /* ---------- saving ---------- */

  /** What the fields say of an appointment.
   * @returns {import("./entry-payload.js").AppointmentFields} */
  appointmentFields() {
    const f = this.fields;
    const locationId = f.location.value || (locations[0] ? String(locations[0].id) : "");
    return {
      start: this.when.start,
      service: this.when.service(),
      staff: this.chosenStaff(),
      staffId: this.staffId,
      location: locations.find((l) => String(l.id) === locationId),
      locationId,
      note: f.note.value,
      notify: this.$("na-notify", HTMLInputElement).checked,
      customer: this.combo.customer,
      typed: f.customer.value,
      email: f.email.value,
      phone: f.phone.value,
    };
  }

  /** What the fields say of a closure of `kind`.
   * @param {string} kind
   * @returns {import("./entry-payload.js").ClosureFields} */
  closureFields(kind) {
    const staff = this.chosenStaff();
    return {
      kind,
      start: this.when.start,
      end: this.when.pauseEnd,
      from: this.fields.from.value,
      to: this.fields.to.value,
      staff: this.scope() === "staff" ? { id: staff ? staff.id : this.staffId } : null,
      note: this.fields.note.value,
    };
  }
}
