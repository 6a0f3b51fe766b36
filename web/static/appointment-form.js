// The small "new entry" dialog of the staff calendar: customer completion, service, location,
// note; Enter saves, Escape closes. It posts to /api/v1/appointments and reports the result.

import { ApiError, debounce, h, staffApi } from "./http.js";
import * as T from "./time.js";

const TEXT = {
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
};

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
  constructor({ dialog, business, staff, services, locations, fmt, onDraft, onSaved }) {
    this.step = Math.max(1, business.slot_step_minutes || 15);
    this.dialog = dialog;
    this.tz = business.timezone;
    this.staff = staff;
    this.services = services;
    this.locations = locations;
    this.fmt = fmt;
    this.onDraft = onDraft;
    this.onSaved = onSaved;
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
  fillTimes(extra) {
    const select = this.$("na-time");
    const values = [];
    for (let m = 0; m < 24 * 60; m += this.step) values.push(`${T.pad(Math.floor(m / 60))}:${T.pad(m % 60)}`);
    if (extra && !values.includes(extra)) values.push(extra);
    values.sort();
    select.replaceChildren(...values.map((v) => h("option", { value: v }, v)));
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
      this.updateWhen();
    };
    this.$("na-date").addEventListener("change", moved);
    this.$("na-time").addEventListener("change", moved);
    this.$("na-staff").addEventListener("change", () => {
      this.staffId = this.$("na-staff").value;
      moved();
    });
    this.$("na-email").addEventListener("input", () => this.clearError("email"));

    // Enter saves from any field; Shift+Enter still breaks a line in the note.
    this.form.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.defaultPrevented) return;
      if (e.target.closest("button") || e.target.type === "radio") return;
      if (e.target === input && this.listOpen() && this.active >= 0) return;
      e.preventDefault();
      this.form.requestSubmit();
    });
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.save();
    });
    for (const button of this.dialog.querySelectorAll("[data-close]")) {
      button.addEventListener("click", () => this.close());
    }
    // A click on the backdrop (outside the form) closes, as in other calendars.
    this.dialog.addEventListener("mousedown", (e) => {
      if (e.target === this.dialog) this.close();
    });
    this.dialog.addEventListener("close", () => {
      this.search.cancel();
      this.searchAbort?.abort();
      this.onDraft(null);
    });
  }

  /** Opens the dialog for `start` (a Date) in the calendar of `staffId`, next to point {x, y}. */
  open({ start, staffId, locationId, point }) {
    this.start = start;
    this.staffId = String(staffId);
    this.form.reset();
    this.$("na-note").style.height = "";
    this.customer = null;
    this.closeList();
    for (const name of ["when", "customer", "email", "service", "location", "note"]) {
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
    this.fillTimes(time);
    this.$("na-time").value = time;
    if (!this.services.length) this.showError("service", TEXT.noServices);
    this.updateWhen();

    this.dialog.showModal();
    this.point = point;
    this.place(point);
    this.$("na-customer").focus();
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
    if (!this.start) {
      this.$("na-end").textContent = "";
      this.$("na-when").textContent = "";
      this.onDraft(null);
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
      when: this.$("na-time"), customer: this.$("na-customer"), email: this.$("na-email"),
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
  }

  clearError(name) {
    const el = this.errorEl(name);
    if (el) {
      el.textContent = "";
      el.removeAttribute("role");
    }
    this.inputOf(name)?.removeAttribute("aria-invalid");
    if (name === "when") this.$("na-when-row").classList.remove("is-invalid");
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
      body.new_customer = { ...name, ...(email ? { email } : {}) };
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
    const button = this.$("na-save");
    this.saving = true;
    button.classList.add("is-busy");
    try {
      const appointment = await staffApi("POST", "/api/v1/appointments", body);
      localStorage.setItem("calendar.service", String(body.service_id));
      this.close();
      this.onSaved(appointment, body);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const field = err.code === "slot_taken" ? "when" : fieldOf(err);
      this.showError(field, err.code === "slot_taken" && !err.message ? TEXT.slotTaken : err.message);
    } finally {
      this.saving = false;
      button.classList.remove("is-busy");
    }
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
