// The small "new entry" dialog of the staff calendar. An appointment: customer completion,
// service, location, note; it posts to /api/v1/appointments. Sickness and vacation (a range of
// days) and a pause (a time range) post to /api/v1/closures: first as a preview (`confirm: false`);
// when appointments lie in the way the dialog lists them and asks for a message to the customers
// before it cancels them all (`confirm: true`). Enter saves, Escape closes.

import { ApiError, staffApi } from "../kit/api.js";
import { debounce, h } from "../kit/dom.js";
import { pick } from "../kit/lang.js";
import * as T from "../kit/time.js";

const DE = {
  minutes: (n) => `${n} Min.`,
  existingCustomer: (c) => ["Bestandskunde", c.email || c.phone].filter(Boolean).join(" · "),
  newCustomer: "Neuer Kunde – wird beim Speichern angelegt.",
  customerMissing: "Bitte einen Kunden wählen oder Vor- und Nachnamen eingeben.",
  customerOneWord: "Bitte Vor- und Nachnamen eingeben, z. B. „Anna Huber“.",
  emailInvalid: "Diese E-Mail-Adresse sieht nicht vollständig aus.",
  serviceMissing: "Bitte eine Leistung wählen.",
  noServices: "Es gibt noch keine Leistungen. Legen Sie zuerst eine Leistung an.",
  searchFailed: "Die Kundensuche ist gerade nicht erreichbar.",
  slotTaken: "Zu dieser Zeit ist in diesem Kalender schon etwas eingetragen.",
  whenInvalid: "Bitte Datum und Uhrzeit angeben.",
  kinds: { sick: "Krankheit", vacation: "Urlaub", pause: "Pause" },
  daysInvalid: "Bitte beide Tage angeben.",
  daysOrder: "Der letzte Tag darf nicht vor dem ersten liegen.",
  endOrder: "Das Ende muss nach dem Beginn liegen.",
  dayCount: (n) => (n === 1 ? "1 Tag" : `${n} Tage`),
  inTheWay: (n) => (n === 1 ? "1 Termin liegt in dieser Zeit" : `${n} Termine liegen in dieser Zeit`),
  heldOnline: "Online-Buchung, wartet auf den Code",
  requested: "Anfrage",
  wholeBusiness: "Ganzer Betrieb",
  allDay: "ganztägig",
};

const EN = {
  minutes: (n) => `${n} min`,
  existingCustomer: (c) => ["Existing customer", c.email || c.phone].filter(Boolean).join(" · "),
  newCustomer: "New customer – added when you save.",
  customerMissing: "Please choose a customer or enter a first and last name.",
  customerOneWord: "Please enter a first and last name, e.g. “Anna Huber”.",
  emailInvalid: "This email address doesn't look complete.",
  serviceMissing: "Please choose a service.",
  noServices: "There are no services yet. Please add a service first.",
  searchFailed: "The customer search isn't available right now.",
  slotTaken: "Something is already booked in this calendar at this time.",
  whenInvalid: "Please enter a date and time.",
  kinds: { sick: "Sickness", vacation: "Vacation", pause: "Break" },
  daysInvalid: "Please enter both days.",
  daysOrder: "The last day can't be before the first.",
  endOrder: "The end must be after the start.",
  dayCount: (n) => (n === 1 ? "1 day" : `${n} days`),
  inTheWay: (n) => (n === 1 ? "1 appointment falls in this time" : `${n} appointments fall in this time`),
  heldOnline: "Online booking, waiting for the code",
  requested: "Request",
  wholeBusiness: "Whole business",
  allDay: "all day",
};

const TEXT = pick({ de: DE, en: EN });

export const CLOSURE_KINDS = ["sick", "vacation", "pause"];
const DEFAULT_PAUSE_MINUTES = 30;

const SEARCH_DELAY_MS = 200;
const MAX_RESULTS = 8;

/** Which field of the dialog an API error is about, from its `field` or its `code`. */
function fieldOf(error) {
  const named = {
    start: "when", staff_id: "when", service_id: "service", location_id: "location",
    customer_id: "customer", new_customer: "customer", first_name: "customer",
    last_name: "customer", email: "email", note: "note",
  };
  const field = error.details?.field;
  if (field && named[field]) return named[field];
  const code = error.code || "";
  if (/slot|start|time|overlap|hours|bookable|staff|past/.test(code)) return "when";
  if (/email/.test(code)) return "email";
  if (/customer|name/.test(code)) return "customer";
  if (/service/.test(code)) return "service";
  if (/location/.test(code)) return "location";
  if (/note/.test(code)) return "note";
  return null;
}

/** Splits "Vorname Nachname" (or "Nachname, Vorname") into its parts. */
export function splitName(text) {
  const clean = text.trim().replace(/\s+/g, " ");
  if (clean.includes(",")) {
    const [last, first] = clean.split(",").map((s) => s.trim());
    return { first_name: first || "", last_name: last || "" };
  }
  const cut = clean.lastIndexOf(" ");
  if (cut < 0) return { first_name: clean, last_name: "" };
  return { first_name: clean.slice(0, cut), last_name: clean.slice(cut + 1) };
}

export class AppointmentForm {
  /**
   * `onDraft({staffId, start, end} | null)` shows where the entry would land;
   * `onSaved(appointment)` is called with the API's answer.
   */
  constructor({ dialog, business, staff, services, locations, fmt, onDraft, onSaved, onClosureSaved }) {
    this.step = Math.max(1, business.slot_step_minutes || 15);
    this.dialog = dialog;
    this.tz = business.timezone;
    this.staff = staff;
    this.services = services;
    this.locations = locations;
    this.fmt = fmt;
    this.onDraft = onDraft;
    this.onSaved = onSaved;
    this.onClosureSaved = onClosureSaved || (() => {});
    this.kind = "appointment";
    this.conflicts = null; // appointments in the way of the closure being entered
    this.pending = null; // the closure body that met them
    this.form = dialog.querySelector("form");
    this.$ = (id) => dialog.querySelector(`#${id}`);
    this.customer = null;
    this.results = [];
    this.active = -1;
    this.searchAbort = null;
    this.fillSelects();
    this.bind();
  }

  fillSelects() {
    const service = this.$("na-service");
    service.replaceChildren(
      ...this.services.map((s) => h("option", { value: String(s.id) },
        `${s.name} · ${TEXT.minutes(s.duration_minutes)}`)),
    );
    const location = this.$("na-location");
    location.replaceChildren(
      ...this.locations.map((l) => h("option", { value: String(l.id) }, l.name)),
    );
    this.$("na-location-field").hidden = this.locations.length < 2;
    this.$("na-staff").replaceChildren(
      ...this.staff.map((s) => h("option", { value: String(s.id) }, s.name)),
    );
    this.$("na-staff-field").hidden = this.staff.length < 2;
    this.fillTimes();
  }

  /** Start times every slot step over the whole day, as the wall clock shows them. */
  fillTimes(extra, extraEnd) {
    const fill = (select, from, to, extra) => {
      const values = T.stepTimes(this.step, { from, to, extra });
      select.replaceChildren(...values.map((v) => h("option", { value: v }, v)));
    };
    fill(this.$("na-time"), 0, 24 * 60 - 1, extra);
    fill(this.$("na-time-end"), this.step, 24 * 60, extraEnd);
  }

  bind() {
    // The dialog grows as fields appear; keep it inside the window.
    new ResizeObserver(() => {
      if (this.dialog.open) this.place(this.point, { keepSide: true });
    }).observe(this.dialog);
    const note = this.$("na-note");
    note.addEventListener("input", () => {
      note.style.height = "auto";
      note.style.height = `${Math.min(note.scrollHeight + 2, 160)}px`;
    });
    const input = this.$("na-customer");
    this.search = debounce((q) => this.runSearch(q), SEARCH_DELAY_MS);
    input.addEventListener("input", () => {
      this.customer = null;
      this.clearError("customer");
      const q = input.value.trim();
      this.updateCustomerHint();
      if (q.length < 1) {
        this.closeList();
        this.search.cancel();
        return;
      }
      this.search(q);
    });
    input.addEventListener("keydown", (e) => this.onComboKey(e));
    input.addEventListener("blur", () => setTimeout(() => this.closeList(), 120));

    this.$("na-service").addEventListener("change", () => {
      this.clearError("service");
      this.clearError("when");
      this.updateWhen();
    });
    this.$("na-location").addEventListener("change", () => this.clearError("location"));
    const moved = () => {
      this.clearError("when");
      this.readWhen();
      if (this.kind === "pause") this.readPauseEnd(); // the end moves to the new day too
      this.updateWhen();
    };
    this.$("na-date").addEventListener("change", moved);
    this.$("na-time").addEventListener("change", () => {
      // A pause keeps its length when its start moves, as in other calendars.
      if (this.kind === "pause" && this.start && this.pauseEnd) {
        const length = this.pauseEnd - this.start;
        this.readWhen();
        if (this.start) this.setPauseEnd(new Date(this.start.getTime() + length));
        this.clearError("when");
        this.updateWhen();
        return;
      }
      moved();
    });
    this.$("na-time-end").addEventListener("change", () => {
      this.clearError("when");
      this.readPauseEnd();
      this.updateWhen();
    });
    for (const radio of this.form.querySelectorAll("input[name=kind]")) {
      radio.addEventListener("change", () => this.setKind(radio.value));
    }
    for (const radio of this.form.querySelectorAll("input[name=scope]")) {
      radio.addEventListener("change", () => {
        this.syncRows();
        this.updateWhen();
      });
    }
    const days = () => {
      this.clearError("days");
      this.updateDays();
    };
    this.$("na-from").addEventListener("change", () => {
      // Moving the first day past the last one moves the last one along.
      const from = this.$("na-from").value;
      if (from && this.$("na-to").value && this.$("na-to").value < from) this.$("na-to").value = from;
      days();
    });
    this.$("na-to").addEventListener("change", days);
    this.$("na-conflict-cancel").addEventListener("click", () => this.close());
    this.$("na-confirm").addEventListener("click", () => this.confirmClosure());
    this.$("na-staff").addEventListener("change", () => {
      this.staffId = this.$("na-staff").value;
      moved();
    });
    this.$("na-email").addEventListener("input", () => this.clearError("email"));

    // Enter saves from any field; Shift+Enter still breaks a line in the note.
    this.form.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.defaultPrevented) return;
      // Cancelling appointments takes the explicit button, never a stray Enter.
      if (this.conflicts) return;
      if (e.target.closest("button") || e.target.type === "radio") return;
      if (e.target === input && this.listOpen() && this.active >= 0) return;
      e.preventDefault();
      this.form.requestSubmit();
    });
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (this.conflicts) return;
      if (this.kind === "appointment") this.save();
      else this.saveClosure();
    });
    for (const button of this.dialog.querySelectorAll("[data-close]")) {
      button.addEventListener("click", () => this.close());
    }
    // A click on the backdrop (outside the form) closes, as in other calendars.
    this.dialog.addEventListener("mousedown", (e) => {
      if (e.target === this.dialog) this.close();
    });
    this.dialog.addEventListener("close", () => {
      this.hideConflicts();
      this.search.cancel();
      this.searchAbort?.abort();
      this.onDraft(null);
    });
  }

  /** Opens the dialog for `start` (a Date) in the calendar of `staffId`, next to point {x, y}. */
  open({ start, staffId, locationId, point, kind = "appointment" }) {
    this.start = start;
    this.staffId = String(staffId);
    this.form.reset();
    this.hideConflicts();
    this.$("na-note").style.height = "";
    this.customer = null;
    this.closeList();
    for (const name of ["when", "days", "customer", "email", "service", "location", "note"]) {
      this.clearError(name);
    }
    this.$("na-error").hidden = true;
    this.$("na-email-field").hidden = true;
    this.$("na-customer-hint").textContent = "";
    const lastService = localStorage.getItem("calendar.service");
    if (lastService && this.services.some((s) => String(s.id) === lastService)) {
      this.$("na-service").value = lastService;
    }
    if (locationId) this.$("na-location").value = String(locationId);
    this.$("na-staff").value = this.staffId;
    const wall = T.zonedParts(start, this.tz);
    this.$("na-date").value = `${wall.year}-${T.pad(wall.month)}-${T.pad(wall.day)}`;
    const time = `${T.pad(wall.hour)}:${T.pad(wall.minute)}`;
    const day = `${wall.year}-${T.pad(wall.month)}-${T.pad(wall.day)}`;
    this.$("na-from").value = day;
    this.$("na-to").value = day;
    const pauseEnd = new Date(start.getTime() + DEFAULT_PAUSE_MINUTES * 60000);
    const endWall = T.zonedParts(pauseEnd, this.tz);
    const endTime = T.zonedDate(pauseEnd, this.tz) > day ? "24:00" : `${T.pad(endWall.hour)}:${T.pad(endWall.minute)}`;
    this.fillTimes(time, endTime);
    this.$("na-time").value = time;
    this.$("na-time-end").value = endTime;
    this.pauseEnd = pauseEnd;
    this.kind = null;
    this.form.querySelector(`input[name=kind][value="${kind}"]`).checked = true;
    this.setKind(kind);

    this.dialog.showModal();
    this.point = point;
    this.place(point);
    if (kind === "appointment") this.$("na-customer").focus();
    else this.form.querySelector("input[name=kind]:checked").focus();
  }

  /* ---------- kinds: appointment, sickness, vacation, pause ---------- */

  isClosure() {
    return this.kind !== "appointment";
  }

  scope() {
    return this.form.querySelector("input[name=scope]:checked")?.value || "staff";
  }

  setKind(kind) {
    if (this.kind === kind) return;
    this.kind = kind;
    this.form.dataset.kind = kind;
    for (const name of ["when", "days", "customer", "email", "service", "location", "note"]) {
      this.clearError(name);
    }
    if (kind === "appointment" && !this.services.length) this.showError("service", TEXT.noServices);
    if (kind === "pause") this.readPauseEnd();
    this.syncRows();
    this.updateWhen();
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
    this.$("na-time-end").hidden = !pause;
    this.$("na-scope-row").hidden = !closure;
    this.$("na-staff-field").hidden = this.staff.length < 2 || (closure && this.scope() === "business");
    const staff = this.staff.find((s) => String(s.id) === String(this.staffId));
    this.$("na-scope-name").textContent = this.staff.length > 1 && staff ? ` (${staff.name})` : "";
    this.$("na-note").placeholder = closure ? "Notiz, z. B. Grund (optional)" : "Notiz (optional)";
  }

  /** The end of a pause from its end field, on the day of its start. */
  readPauseEnd() {
    const date = this.$("na-date").value;
    const time = this.$("na-time-end").value;
    if (!date || !time) {
      this.pauseEnd = null;
      return;
    }
    const [hour, minute] = time.split(":").map(Number);
    const day = hour >= 24 ? T.addDays(date, 1) : date;
    this.pauseEnd = T.wallToInstant({ ...T.parseDate(day), hour: hour % 24, minute }, this.tz);
  }

  setPauseEnd(end) {
    const day = this.$("na-date").value;
    const wall = T.zonedParts(end, this.tz);
    let value = `${T.pad(wall.hour)}:${T.pad(wall.minute)}`;
    if (T.zonedDate(end, this.tz) > day) value = "24:00";
    const select = this.$("na-time-end");
    if (![...select.options].some((o) => o.value === value)) this.fillTimes(this.$("na-time").value, value);
    select.value = value;
    this.readPauseEnd();
  }

  updateDays() {
    const from = this.$("na-from").value;
    const to = this.$("na-to").value;
    const out = this.$("na-days");
    if (!from || !to || to < from) {
      out.textContent = "";
      return;
    }
    const count = Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86400000) + 1;
    out.textContent = from === to
      ? `${this.fmt.plain(from, "full")} · ${TEXT.allDay}`
      : `${this.fmt.plain(from, "long")} – ${this.fmt.plain(to, "long")} · ${TEXT.dayCount(count)}`;
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

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

  service() {
    const id = this.$("na-service").value;
    return this.services.find((s) => String(s.id) === id) || null;
  }

  end() {
    if (this.kind === "pause") return this.pauseEnd;
    const service = this.service();
    return new Date(this.start.getTime() + (service ? service.duration_minutes : 30) * 60000);
  }

  /** Takes the start from the date and time fields, read as the business's wall time. */
  readWhen() {
    const date = this.$("na-date").value;
    const time = this.$("na-time").value;
    if (!date || !time) {
      this.start = null;
      return;
    }
    const [hour, minute] = time.split(":").map(Number);
    this.start = T.wallToInstant({ ...T.parseDate(date), hour, minute }, this.tz);
  }

  updateWhen() {
    if (this.isClosure() && this.kind !== "pause") {
      this.updateDays();
      this.onDraft(null);
      return;
    }
    if (!this.start) {
      this.$("na-end").textContent = "";
      this.$("na-when").textContent = "";
      this.onDraft(null);
      return;
    }
    if (this.kind === "pause") {
      const end = this.pauseEnd;
      const minutes = end ? Math.round((end - this.start) / 60000) : 0;
      this.$("na-when").textContent = `${this.fmt.dayFull(this.start)}${minutes > 0 ? ` · ${TEXT.minutes(minutes)}` : ""}`;
      this.onDraft(end && end > this.start ? {
        staffId: this.staffId, start: this.start, end, kind: "pause",
        wholeBusiness: this.scope() === "business",
      } : null);
      return;
    }
    const end = this.end();
    this.$("na-end").textContent = `– ${this.fmt.time(end)}`;
    const service = this.service();
    this.$("na-when").textContent = `${this.fmt.dayFull(this.start)}${service ? ` · ${TEXT.minutes(service.duration_minutes)}` : ""}`;
    this.onDraft({ staffId: this.staffId, start: this.start, end });
  }

  /* ---------- customer completion ---------- */

  async runSearch(q) {
    this.searchAbort?.abort();
    const abort = new AbortController();
    this.searchAbort = abort;
    try {
      const url = `/api/v1/customers?q=${encodeURIComponent(q)}`;
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: abort.signal,
      });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      if (abort.signal.aborted || this.$("na-customer").value.trim() !== q) return;
      this.results = (data.customers || []).slice(0, MAX_RESULTS);
      this.renderList(q);
    } catch (err) {
      if (err.name === "AbortError") return;
      this.results = [];
      this.renderList(q, TEXT.searchFailed);
    }
  }

  renderList(q, failure) {
    const list = this.$("na-customer-list");
    const input = this.$("na-customer");
    this.active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!this.results.length) {
      // Nothing to pick: the hint under the field says a new customer will be created.
      this.closeList();
      this.updateCustomerHint(failure);
      return;
    }
    {
      list.replaceChildren(...this.results.map((c, i) => h("li", {
        id: `na-customer-opt-${i}`,
        class: "combo-option",
        role: "option",
        "aria-selected": "false",
        dataset: { customerId: String(c.id) },
        onmousedown: (e) => {
          e.preventDefault();
          this.choose(i);
        },
      },
      h("span", { class: "combo-name" }, highlight(`${c.first_name} ${c.last_name}`, q)),
      h("span", { class: "combo-meta" }, [c.email, c.phone].filter(Boolean).join(" · ")))));
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    this.updateCustomerHint();
  }

  listOpen() {
    return !this.$("na-customer-list").hidden;
  }

  closeList() {
    this.$("na-customer-list").hidden = true;
    this.$("na-customer").setAttribute("aria-expanded", "false");
    this.$("na-customer").removeAttribute("aria-activedescendant");
    this.active = -1;
  }

  onComboKey(e) {
    const open = this.listOpen() && this.results.length > 0;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!open) return;
      e.preventDefault();
      const n = this.results.length;
      this.active = e.key === "ArrowDown" ? (this.active + 1) % n : (this.active - 1 + n) % n;
      this.markActive();
    } else if (e.key === "Enter" && open && this.active >= 0) {
      e.preventDefault();
      this.choose(this.active);
    } else if (e.key === "Escape" && this.listOpen()) {
      // Escape first closes the suggestions, a second Escape the dialog.
      e.preventDefault();
      e.stopPropagation();
      this.closeList();
    }
  }

  markActive() {
    const options = this.$("na-customer-list").querySelectorAll("[role=option]");
    options.forEach((el, i) => el.setAttribute("aria-selected", String(i === this.active)));
    const current = options[this.active];
    if (current) {
      this.$("na-customer").setAttribute("aria-activedescendant", current.id);
      current.scrollIntoView({ block: "nearest" });
    }
  }

  choose(index) {
    const c = this.results[index];
    if (!c) return;
    this.customer = c;
    this.$("na-customer").value = `${c.first_name} ${c.last_name}`;
    this.closeList();
    this.clearError("customer");
    this.updateCustomerHint();
  }

  updateCustomerHint(failure) {
    const hint = this.$("na-customer-hint");
    const typed = this.$("na-customer").value.trim();
    const isNew = !this.customer && typed.length > 0;
    hint.textContent = this.customer ? TEXT.existingCustomer(this.customer)
      : isNew ? [failure, TEXT.newCustomer].filter(Boolean).join(" ") : "";
    hint.classList.toggle("is-existing", Boolean(this.customer));
    this.$("na-email-field").hidden = !isNew;
  }

  /* ---------- errors ---------- */

  errorEl(name) {
    return this.$(`na-${name}-error`);
  }

  inputOf(name) {
    return {
      when: this.$("na-time"), days: this.$("na-from"), customer: this.$("na-customer"), email: this.$("na-email"),
      service: this.$("na-service"), location: this.$("na-location"), note: this.$("na-note"),
    }[name];
  }

  showError(name, message) {
    const el = name && this.errorEl(name);
    if (!el || (name === "location" && this.locations.length < 2)
        || (name === "email" && this.$("na-email-field").hidden)) {
      const box = this.$("na-error");
      box.textContent = message;
      box.hidden = false;
      return;
    }
    el.textContent = message;
    el.setAttribute("role", "alert");
    const input = this.inputOf(name);
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
    if (name === "when") this.$("na-when-row").classList.add("is-invalid");
    if (name === "days") this.$("na-days-row").classList.add("is-invalid");
  }

  clearError(name) {
    const el = this.errorEl(name);
    if (el) {
      el.textContent = "";
      el.removeAttribute("role");
    }
    this.inputOf(name)?.removeAttribute("aria-invalid");
    if (name === "when") this.$("na-when-row").classList.remove("is-invalid");
    if (name === "days") this.$("na-days-row").classList.remove("is-invalid");
    this.$("na-error").hidden = true;
  }

  /* ---------- saving ---------- */

  payload() {
    if (!this.start) return { error: ["when", TEXT.whenInvalid] };
    const service = this.service();
    if (!service) return { error: ["service", TEXT.serviceMissing] };
    const locationId = this.$("na-location").value || (this.locations[0] && String(this.locations[0].id));
    const location = this.locations.find((l) => String(l.id) === locationId);
    const staff = this.staff.find((s) => String(s.id) === this.staffId);
    const body = {
      staff_id: staff ? staff.id : this.staffId,
      location_id: location ? location.id : locationId,
      service_id: service.id,
      start: T.isoWithOffset(this.start, this.tz),
      note: this.$("na-note").value.trim(),
    };
    if (this.customer) {
      body.customer_id = this.customer.id;
    } else {
      const typed = this.$("na-customer").value;
      if (!typed.trim()) return { error: ["customer", TEXT.customerMissing] };
      const name = splitName(typed);
      if (!name.first_name || !name.last_name) return { error: ["customer", TEXT.customerOneWord] };
      const email = this.$("na-email").value.trim();
      if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
        return { error: ["email", TEXT.emailInvalid] };
      }
      const phone = this.$("na-phone").value.trim();
      body.new_customer = { ...name, ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
    }
    return { body };
  }

  async save() {
    if (this.saving) return;
    const { body, error } = this.payload();
    if (error) {
      this.showError(...error);
      return;
    }
    await this.sending(this.$("na-save"), async () => {
      const appointment = await staffApi("POST", "/api/v1/appointments", body);
      localStorage.setItem("calendar.service", String(body.service_id));
      this.close();
      this.onSaved(appointment, body);
    }, (err) => {
      const field = err.code === "slot_taken" ? "when" : fieldOf(err);
      this.showError(field, err.code === "slot_taken" && !err.message ? TEXT.slotTaken : err.message);
    });
  }

  /** Runs `send` with `button` marked busy, one save at a time; an API error goes to `failed`. */
  async sending(button, send, failed) {
    this.saving = true;
    button.classList.add("is-busy");
    try {
      await send();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      failed(err);
    } finally {
      this.saving = false;
      button.classList.remove("is-busy");
    }
  }

  /* ---------- closures: sickness, vacation, pause ---------- */

  closurePayload() {
    const body = { kind: this.kind, confirm: false };
    if (this.kind === "pause") {
      if (!this.start || !this.pauseEnd) return { error: ["when", TEXT.whenInvalid] };
      if (this.pauseEnd <= this.start) return { error: ["when", TEXT.endOrder] };
      body.start = T.isoWithOffset(this.start, this.tz);
      body.end = T.isoWithOffset(this.pauseEnd, this.tz);
    } else {
      const from = this.$("na-from").value;
      const to = this.$("na-to").value;
      if (!from || !to) return { error: ["days", TEXT.daysInvalid] };
      if (to < from) return { error: ["days", TEXT.daysOrder] };
      body.start = from;
      body.end = to;
    }
    if (this.scope() === "staff") {
      const staff = this.staff.find((s) => String(s.id) === String(this.staffId));
      body.staff_id = staff ? staff.id : this.staffId;
    }
    const note = this.$("na-note").value.trim();
    if (note) body.note = note;
    return { body };
  }

  /** The first step: saved at once when nothing is in the way, else the appointments are listed. */
  async saveClosure() {
    if (this.saving) return;
    const { body, error } = this.closurePayload();
    if (error) {
      this.showError(...error);
      return;
    }
    await this.sending(this.$("na-save"), async () => {
      const closure = await staffApi("POST", "/api/v1/closures", body);
      this.close();
      this.onClosureSaved(closure, []);
    }, (err) => {
      if (err.code === "conflicts") {
        this.showConflicts(err.details.appointments || [], body);
      } else {
        this.showError(this.closureField(err), err.message);
      }
    });
  }

  closureField(err) {
    const field = err.details?.field;
    const range = this.kind === "pause" ? "when" : "days";
    if (field === "start" || field === "end" || /range|start|end/.test(err.code)) return range;
    if (field === "note") return "note";
    return null;
  }

  /** The second step: the appointments in the way, a message for their customers, and the choice. */
  showConflicts(appointments, body) {
    this.conflicts = appointments;
    this.pending = body;
    this.onDraft(null);
    const list = this.$("na-conflict-list");
    const showStaff = this.staff.length > 1 && !body.staff_id;
    list.replaceChildren(...appointments.map((a) => {
      const service = this.services.find((s) => String(s.id) === String(a.service_id));
      const start = new Date(a.start);
      const end = new Date(a.end);
      const staff = showStaff ? this.staff.find((s) => String(s.id) === String(a.staff_id)) : null;
      const who = a.customer_name || (a.status === "held" ? TEXT.heldOnline : "");
      return h("li", { class: "conflict", dataset: { appointmentId: String(a.id) } },
        h("span", { class: "conflict-dot", style: { background: service?.color || "#64748b" }, "aria-hidden": "true" }),
        h("span", { class: "conflict-time" },
          h("span", { class: "conflict-day" }, this.fmt.day(start)),
          h("span", {}, this.fmt.range(start, end))),
        h("span", { class: "conflict-main" },
          h("span", { class: "conflict-name" }, who,
            a.status === "requested" ? h("span", { class: "badge" }, TEXT.requested) : null),
          h("span", { class: "conflict-service" },
            [service?.name, staff?.name].filter(Boolean).join(" · "))));
    }));
    this.$("na-conflicts-title").textContent = TEXT.inTheWay(appointments.length);
    const staff = this.staff.find((s) => String(s.id) === String(body.staff_id));
    const when = body.kind === "pause"
      ? `${this.fmt.day(this.start)}, ${this.fmt.range(this.start, this.pauseEnd)}`
      : body.start === body.end ? this.fmt.plain(body.start)
        : `${this.fmt.plain(body.start)} – ${this.fmt.plain(body.end)}`;
    this.$("na-conflicts-summary").replaceChildren(
      h("span", { class: `swatch closure-swatch closure-${body.kind}`, "aria-hidden": "true" }),
      [TEXT.kinds[body.kind], when, body.staff_id ? staff?.name : TEXT.wholeBusiness].filter(Boolean).join(" · "));
    this.$("na-conflict-error").hidden = true;
    this.$("na-message").value = "";
    this.form.classList.add("is-confirming");
    for (const el of this.form.querySelectorAll(".kind-switch, .row, #na-actions, #na-error")) {
      el.inert = true;
    }
    this.$("na-actions").hidden = true;
    this.$("na-conflicts").hidden = false;
    const message = this.$("na-message");
    message.setAttribute("aria-describedby", "na-conflicts-title na-conflicts-note na-message-hint");
    this.place(this.point, { keepSide: true });
    message.focus();
  }

  hideConflicts() {
    this.conflicts = null;
    this.pending = null;
    this.form.classList.remove("is-confirming");
    for (const el of this.form.querySelectorAll("[inert]")) el.inert = false;
    this.$("na-actions").hidden = false;
    this.$("na-conflicts").hidden = true;
    this.$("na-conflict-list").replaceChildren();
  }

  async confirmClosure() {
    if (this.saving || !this.pending) return;
    const message = this.$("na-message").value.trim();
    const body = { ...this.pending, confirm: true };
    if (message) body.message = message;
    const cancelled = this.conflicts || [];
    await this.sending(this.$("na-confirm"), async () => {
      const closure = await staffApi("POST", "/api/v1/closures", body);
      this.close();
      this.onClosureSaved(closure, cancelled);
    }, (err) => {
      const box = this.$("na-conflict-error");
      box.textContent = err.message;
      box.hidden = false;
    });
  }
}

/** The name with the typed part marked, built from text nodes only. */
function highlight(text, q) {
  const at = text.toLowerCase().indexOf(q.toLowerCase());
  if (at < 0 || !q) return text;
  const frag = document.createDocumentFragment();
  frag.append(text.slice(0, at), h("mark", {}, text.slice(at, at + q.length)),
    text.slice(at + q.length));
  return frag;
}
