// The business's settings on one page: booking rules, the calendar week, opening hours per
// location, services, each staff calendar's bookable hours, and the embed code. Every control saves
// on its own (a quiet "Gespeichert" / "Saved" toast) or shows the server's message next to it.

import { ApiError, staffApi } from "../kit/api.js";
import { bootData, h } from "../kit/dom.js";
import { pick } from "../kit/lang.js";
import { toast as showToast } from "../kit/toast.js";
import { normalTime, suggestRange, wrongRanges } from "../kit/weekly-hours-rules.js";

const DE = {
  saved: "Gespeichert",
  copied: "Kopiert",
  copyFailed: "Bitte markieren und selbst kopieren (Strg+C).",
  minutes: (n) => (n % 60 === 0 && n >= 60 ? `${n / 60} Std.` : `${n} Min.`),
  horizonInvalid: "Bitte eine ganze Zahl von 1 bis 730 eingeben.",
  closed: "geschlossen",
  open: "geöffnet",
  from: "von",
  to: "bis",
  addRange: "Zeitraum",
  addRangeLabel: (day) => `${day}: weiteren Zeitraum hinzufügen`,
  removeRange: (day, n) => `${day}, Zeitraum ${n} entfernen`,
  rangeFrom: (day, n) => `${day}, Zeitraum ${n}, von`,
  rangeTo: (day, n) => `${day}, Zeitraum ${n}, bis`,
  timeFormat: "Bitte Uhrzeiten als HH:MM angeben, z. B. 08:30 (24:00 für Mitternacht).",
  saveHours: "Zeiten speichern",
  unsaved: "Ungespeicherte Änderungen",
  leaveUnsaved: "Es gibt ungespeicherte Zeiten. Seite trotzdem verlassen?",
  hoursOwn: "Eigene Zeiten gelten.",
  hoursOwnerDefault: "Noch keine eigenen Zeiten: online buchbar zu den Öffnungszeiten. Die Vorlage unten sind die Öffnungszeiten.",
  hoursNone: "Noch keine Zeiten: an diesem Standort nicht online buchbar. Die Vorlage unten sind die Öffnungszeiten; speichern Sie sie, um den Kalender buchbar zu machen.",
  ownCalendar: "Ihr Kalender",
  offers: (names) => (names.length ? `Bietet an: ${names.join(", ")}` : "Bietet noch keine Leistung an."),
  noLocations: "Es gibt noch keinen Standort.",
  buffers: (before, after) => {
    const parts = [];
    if (before) parts.push(`${before} Min. vorher`);
    if (after) parts.push(`${after} Min. nachher`);
    return parts.length ? `Puffer ${parts.join(", ")}` : "";
  },
  noStaff: "von keinem Kalender angeboten – online nicht buchbar",
  allStaff: "alle Kalender",
  edit: "Bearbeiten",
  editLabel: (name) => `${name} bearbeiten`,
  remove: "Löschen",
  removeLabel: (name) => `${name} löschen`,
  addService: "Leistung hinzufügen",
  editService: "Leistung bearbeiten",
  serviceCreated: (name) => `Gespeichert – „${name}“ angelegt`,
  serviceDeleted: (name) => `„${name}“ gelöscht`,
  deleteTitle: (name) => `„${name}“ löschen?`,
  deleteText: [
    "Das lässt sich nicht rückgängig machen: Die Leistung kann danach nicht mehr gebucht werden.",
    "Vergangene und bereits gebuchte Termine bleiben erhalten und lassen sich weiterhin einzeln absagen.",
  ],
  deleteOk: "Endgültig löschen",
  nameMissing: "Bitte geben Sie einen Namen an.",
  durationInvalid: "Bitte eine Dauer von 5 bis 1440 Minuten angeben.",
  bufferInvalid: "Bitte 0 bis 240 Minuten angeben.",
  staffNone: "Ohne Kalender ist die Leistung online nicht buchbar.",
  customColor: "Eigene Farbe",
  staffCreated: (name) => `Gespeichert – Kalender „${name}“ angelegt`,
  staffNameMissing: "Bitte geben Sie einen Namen für den Kalender an.",
  openingHours: (name) => `Öffnungszeiten ${name}`,
  days: {
    mon: "Montag", tue: "Dienstag", wed: "Mittwoch", thu: "Donnerstag", fri: "Freitag",
    sat: "Samstag", sun: "Sonntag",
  },
  colors: {
    "#2563eb": "Blau", "#0891b2": "Türkis", "#059669": "Grün", "#65a30d": "Hellgrün",
    "#d97706": "Orange", "#dc2626": "Rot", "#db2777": "Pink", "#7c3aed": "Violett",
    "#475569": "Schiefergrau",
  },
};

const EN = {
  saved: "Saved",
  copied: "Copied",
  copyFailed: "Please select and copy it yourself (Ctrl+C).",
  minutes: (n) => (n % 60 === 0 && n >= 60 ? `${n / 60} hr` : `${n} min`),
  horizonInvalid: "Please enter a whole number from 1 to 730.",
  closed: "closed",
  open: "open",
  from: "from",
  to: "to",
  addRange: "Time range",
  addRangeLabel: (day) => `${day}: add another time range`,
  removeRange: (day, n) => `${day}, remove time range ${n}`,
  rangeFrom: (day, n) => `${day}, time range ${n}, from`,
  rangeTo: (day, n) => `${day}, time range ${n}, to`,
  timeFormat: "Please enter times as HH:MM, e.g. 08:30 (24:00 for midnight).",
  saveHours: "Save hours",
  unsaved: "Unsaved changes",
  leaveUnsaved: "Some hours aren't saved. Leave the page anyway?",
  hoursOwn: "Its own hours apply.",
  hoursOwnerDefault: "No hours of its own yet: bookable online during opening hours. The template below is the opening hours.",
  hoursNone: "No hours yet: not bookable online at this location. The template below is the opening hours; save them to make the calendar bookable.",
  ownCalendar: "Your calendar",
  offers: (names) => (names.length ? `Offers: ${names.join(", ")}` : "Doesn't offer any service yet."),
  noLocations: "There's no location yet.",
  buffers: (before, after) => {
    const parts = [];
    if (before) parts.push(`${before} min before`);
    if (after) parts.push(`${after} min after`);
    return parts.length ? `Buffer ${parts.join(", ")}` : "";
  },
  noStaff: "not offered by any calendar – not bookable online",
  allStaff: "all calendars",
  edit: "Edit",
  editLabel: (name) => `Edit ${name}`,
  remove: "Delete",
  removeLabel: (name) => `Delete ${name}`,
  addService: "Add service",
  editService: "Edit service",
  serviceCreated: (name) => `Saved – “${name}” added`,
  serviceDeleted: (name) => `“${name}” deleted`,
  deleteTitle: (name) => `Delete “${name}”?`,
  deleteText: [
    "This can't be undone: the service can no longer be booked afterwards.",
    "Past and already booked appointments stay and can still be cancelled one by one.",
  ],
  deleteOk: "Delete for good",
  nameMissing: "Please enter a name.",
  durationInvalid: "Please enter a duration from 5 to 1440 minutes.",
  bufferInvalid: "Please enter 0 to 240 minutes.",
  staffNone: "Without a calendar the service can't be booked online.",
  customColor: "Custom colour",
  staffCreated: (name) => `Saved – calendar “${name}” added`,
  staffNameMissing: "Please enter a name for the calendar.",
  openingHours: (name) => `Opening hours, ${name}`,
  days: {
    mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday",
    sat: "Saturday", sun: "Sunday",
  },
  colors: {
    "#2563eb": "Blue", "#0891b2": "Teal", "#059669": "Green", "#65a30d": "Light green",
    "#d97706": "Orange", "#dc2626": "Red", "#db2777": "Pink", "#7c3aed": "Violet",
    "#475569": "Slate grey",
  },
};

const TEXT = pick({ de: DE, en: EN });
const DAYS = Object.entries(TEXT.days);
const COLORS = Object.entries(TEXT.colors);

const boot = bootData();
const business = boot.business || {};
const locations = boot.locations || [];
const services = boot.services || [];
const staff = boot.staff || [];

/* ---------- small helpers ---------- */

const $ = (id) => document.getElementById(id);
const pad = (n) => String(n).padStart(2, "0");
const same = (a, b) => String(a) === String(b);

/** The toast after a save: "Gespeichert" unless something more precise is said. */
function toast(text = TEXT.saved) {
  showToast(text);
}

function showError(el, message, control) {
  if (!el) return;
  el.textContent = message || "";
  if (message) el.setAttribute("role", "alert");
  else el.removeAttribute("role");
  if (control) {
    if (message) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
  }
}

function busy(button, on) {
  if (!button) return;
  button.classList.toggle("is-busy", on);
  button.disabled = on;
}

/* ---------- booking and calendar settings: each control saves on change ---------- */

async function saveSetting(key, value, control) {
  const error = $(`${key}-error`);
  showError(error, "", control);
  try {
    const answer = await staffApi("PATCH", "/api/v1/settings", { [key]: value });
    Object.assign(business, answer && typeof answer === "object" ? answer : { [key]: value });
    toast();
    return true;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    showError(error, err.message, control);
    return false;
  }
}

function bindRadios(name, parse) {
  const radios = [...document.querySelectorAll(`input[name="${name}"]`)];
  let current = radios.find((r) => r.checked)?.value;
  for (const radio of radios) {
    radio.addEventListener("change", async () => {
      if (!radio.checked) return;
      const ok = await saveSetting(name, parse(radio.value), radio);
      if (ok) {
        current = radio.value;
      } else {
        const previous = radios.find((r) => r.value === current);
        if (previous) previous.checked = true;
      }
    });
  }
}

bindRadios("booking_mode", (v) => v);
bindRadios("show_weekend", (v) => v === "true");

for (const [id, key] of [["slot-step", "slot_step_minutes"], ["min-notice", "min_notice_minutes"]]) {
  const select = $(id);
  select.addEventListener("change", () => saveSetting(key, Number(select.value), select));
}

const horizon = $("horizon");
let horizonSent = business.horizon_days; // the value saved or being saved: Enter and blur save once
horizon.addEventListener("change", () => {
  const text = horizon.value.trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 730) {
    showError($("horizon_days-error"), TEXT.horizonInvalid, horizon);
    return;
  }
  if (value === horizonSent) {
    showError($("horizon_days-error"), "", horizon);
    return;
  }
  horizonSent = value;
  saveSetting("horizon_days", value, horizon).then((ok) => {
    if (!ok) horizonSent = null;
  });
});
horizon.addEventListener("keydown", (e) => {
  if (e.key === "Enter") {
    e.preventDefault();
    horizon.dispatchEvent(new Event("change"));
  }
});

/* ---------- the weekly hours editor ---------- */

/** "8" → "08:00", "830" → "08:30", "8.30" → "08:30", "24" → "24:00"; null when it is no time. */

const editors = new Set();
let editorCount = 0;

class WeeklyEditor {
  /**
   * `hours` like {"mon": [["08:00", "12:00"]]}; `save(weekly)` sends them and returns the answer
   * or throws an ApiError whose message is shown next to the editor.
   */
  constructor({ key, label, hours, save, status = "" }) {
    this.key = key;
    this.label = label;
    this.save = save;
    this.model = {};
    this.setHours(hours);
    this.dirty = false;
    editorCount += 1;
    this.uid = `he-${editorCount}`;
    editors.add(this);
    this.rows = new Map();
    this.error = h("p", { class: "field-error hours-error", id: `${this.uid}-error` });
    this.statusEl = h("p", { class: "hours-status", id: `${this.uid}-status` }, status);
    this.dirtyEl = h("span", { class: "hours-dirty", hidden: true }, TEXT.unsaved);
    this.button = h("button", { class: "btn btn-primary save-hours", type: "button" }, TEXT.saveHours);
    this.button.addEventListener("click", () => this.submit());
    this.grid = h("div", {
      class: "hours-grid", role: "group", "aria-label": label,
      "aria-describedby": `${this.uid}-status ${this.uid}-error`,
    });
    for (const [day, name] of DAYS) {
      const row = h("div", { class: "day-row", dataset: { day } });
      this.rows.set(day, row);
      this.grid.append(row);
      this.renderDay(day, name);
    }
    this.el = h("div", { class: "hours-editor", dataset: { hoursEditor: key } },
      this.statusEl, this.grid, this.error,
      h("div", { class: "hours-actions" }, this.dirtyEl, this.button));
    // Enter in a time field saves the whole week, as in the other forms.
    this.grid.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && e.target.matches("input.time")) {
        e.preventDefault();
        e.target.dispatchEvent(new Event("blur"));
        this.submit();
      }
    });
  }

  setHours(hours) {
    for (const [day] of DAYS) {
      const ranges = (hours || {})[day];
      this.model[day] = ranges && ranges.length ? ranges.map(([a, b]) => [a, b]) : null;
    }
  }

  markDirty(on = true) {
    this.dirty = on;
    this.dirtyEl.hidden = !on;
    this.el.classList.toggle("is-dirty", on);
  }

  renderDay(day, name = DAYS.find(([d]) => d === day)[1]) {
    const row = this.rows.get(day);
    const ranges = this.model[day];
    const open = Boolean(ranges);
    const toggle = h("input", {
      type: "checkbox", class: "day-open", id: `${this.uid}-${day}-open`, checked: open,
    });
    toggle.addEventListener("change", () => {
      this.model[day] = toggle.checked ? [this.suggestRange(day)] : null;
      this.changed();
      this.renderDay(day);
      this.rows.get(day).querySelector(".day-open").focus();
    });
    const body = open
      ? h("div", { class: "ranges" },
        ranges.map((range, i) => this.rangeEl(day, name, i, range)),
        this.addButton(day, name))
      : h("div", { class: "ranges is-closed" }, h("span", { class: "closed-text" }, TEXT.closed));
    row.classList.toggle("is-closed", !open);
    row.replaceChildren(
      h("div", { class: "day-name" },
        h("label", { for: `${this.uid}-${day}-open` }, toggle,
          h("span", {}, name), h("span", { class: "visually-hidden" }, ` ${TEXT.open}`))),
      body);
  }

  rangeEl(day, name, i, range) {
    const make = (which) => {
      const input = h("input", {
        type: "text", class: `time range-${which}`, inputmode: "numeric", maxlength: "5",
        autocomplete: "off", spellcheck: "false", placeholder: which === "from" ? "08:00" : "18:00",
        value: range[which === "from" ? 0 : 1] || "",
        "aria-label": (which === "from" ? TEXT.rangeFrom : TEXT.rangeTo)(name, i + 1),
      });
      input.addEventListener("input", () => {
        this.model[day][i][which === "from" ? 0 : 1] = input.value.trim();
        input.removeAttribute("aria-invalid");
        this.changed();
      });
      input.addEventListener("focus", () => input.select());
      input.addEventListener("blur", () => {
        const normal = normalTime(input.value);
        if (normal && normal !== input.value) {
          input.value = normal;
          this.model[day][i][which === "from" ? 0 : 1] = normal;
        }
      });
      return input;
    };
    const remove = h("button", {
      type: "button", class: "btn btn-ghost btn-icon remove-range",
      "aria-label": TEXT.removeRange(name, i + 1), title: TEXT.removeRange(name, i + 1),
    });
    remove.innerHTML = '<svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true"><path d="M5.5 5.5l9 9M14.5 5.5l-9 9" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>';
    remove.addEventListener("click", () => {
      this.model[day].splice(i, 1);
      if (!this.model[day].length) this.model[day] = null;
      this.changed();
      this.renderDay(day);
      const row = this.rows.get(day);
      const removes = row.querySelectorAll(".remove-range");
      (removes[Math.min(i, removes.length - 1)] || row.querySelector(".day-open")).focus();
    });
    return h("div", { class: "range" }, make("from"), h("span", { class: "range-dash", "aria-hidden": "true" }, "–"), make("to"), remove);
  }

  addButton(day, name) {
    const button = h("button", {
      type: "button", class: "btn btn-ghost add-range", "aria-label": TEXT.addRangeLabel(name),
    });
    button.innerHTML = '<svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true"><path d="M10 4v12M4 10h12" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>';
    button.append(` ${TEXT.addRange}`);
    button.addEventListener("click", () => {
      this.model[day].push(this.suggestRange(day));
      this.changed();
      this.renderDay(day);
      const froms = this.rows.get(day).querySelectorAll(".range-from");
      froms[froms.length - 1].focus();
    });
    return button;
  }

  /** A sensible new range: after the day's last one, or like the nearest open day before. */
  suggestRange(day) {
    return suggestRange(this.model, DAYS.map(([d]) => d), day);
  }

  changed() {
    this.markDirty(true);
    showError(this.error, "");
  }

  /** The week for the API, or the first field that is no time. */
  value() {
    const weekly = {};
    for (const [day] of DAYS) {
      const ranges = this.model[day];
      if (!ranges) continue;
      const row = this.rows.get(day);
      const out = [];
      for (const [i, [from, to]] of ranges.entries()) {
        const a = normalTime(from || "");
        const b = normalTime(to || "");
        if (!a) return { error: TEXT.timeFormat, input: row.querySelectorAll(".range-from")[i] };
        if (!b) return { error: TEXT.timeFormat, input: row.querySelectorAll(".range-to")[i] };
        out.push([a, b]);
      }
      weekly[day] = out;
    }
    return { weekly };
  }

  /** Marks the ranges that end before they start or overlap another, after the server said no. */
  markInvalid() {
    let first = null;
    for (const [day] of DAYS) {
      const ranges = this.model[day];
      if (!ranges) continue;
      const row = this.rows.get(day);
      for (const { index, field } of wrongRanges(ranges)) {
        const input = row.querySelectorAll(field === "to" ? ".range-to" : ".range-from")[index];
        input?.setAttribute("aria-invalid", "true");
        first = first || input;
      }
    }
    return first;
  }

  async submit() {
    if (this.button.disabled) return;
    showError(this.error, "");
    for (const input of this.grid.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
    const { weekly, error, input } = this.value();
    if (error) {
      showError(this.error, error);
      input?.setAttribute("aria-invalid", "true");
      input?.focus();
      return;
    }
    busy(this.button, true);
    try {
      await this.save(weekly);
      this.setHours(weekly);
      for (const [day] of DAYS) this.renderDay(day);
      this.markDirty(false);
      toast();
      this.onSaved?.(weekly);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showError(this.error, err.message);
      const wrong = err.code === "invalid_hours" ? this.markInvalid() : null;
      (wrong || this.button).focus();
    } finally {
      busy(this.button, false);
    }
  }
}

window.addEventListener("beforeunload", (e) => {
  if ([...editors].some((editor) => editor.dirty)) {
    e.preventDefault();
    e.returnValue = TEXT.leaveUnsaved;
  }
});

/* ---------- opening hours per location ---------- */

function renderLocations() {
  const container = $("location-hours");
  if (!locations.length) {
    container.replaceChildren(h("p", { class: "empty-note" }, TEXT.noLocations));
    return;
  }
  container.replaceChildren(...locations.map((location) => {
    const editor = new WeeklyEditor({
      key: `location:${location.id}`,
      label: TEXT.openingHours(location.name),
      hours: location.opening_hours,
      save: (weekly) => staffApi("PATCH", `/api/v1/locations/${encodeURIComponent(location.id)}`, { opening_hours: weekly }),
    });
    editor.onSaved = (weekly) => {
      location.opening_hours = weekly;
      renderTeam(); // the templates of calendars without own hours follow the opening hours
    };
    return h("div", { class: "location-block", dataset: { locationId: String(location.id) } },
      locations.length > 1 || location.address
        ? h("div", { class: "block-head" },
          h("h3", {}, location.name),
          location.address ? h("p", { class: "block-sub" }, location.address) : null)
        : null,
      editor.el);
  }));
}

/* ---------- services ---------- */

function staffNames(ids) {
  return (ids || []).map((id) => staff.find((s) => same(s.id, id))?.name).filter(Boolean);
}

function renderServices() {
  const list = $("service-list");
  $("service-empty").hidden = services.length > 0;
  list.replaceChildren(...services.map((s) => {
    const names = staffNames(s.staff_ids);
    const offered = !names.length ? TEXT.noStaff
      : staff.length > 1 && names.length === staff.length ? TEXT.allStaff : names.join(", ");
    return h("li", { class: "service-row", dataset: { serviceId: String(s.id) } },
      h("span", { class: "service-swatch", style: { background: s.color || "#64748b" }, "aria-hidden": "true" }),
      h("div", { class: "service-main" },
        h("span", { class: "service-name" }, s.name),
        h("span", { class: "service-meta" },
          h("span", { class: "service-duration" }, TEXT.minutes(s.duration_minutes)),
          TEXT.buffers(s.buffer_before_minutes, s.buffer_after_minutes)
            ? h("span", { class: "service-buffers" }, TEXT.buffers(s.buffer_before_minutes, s.buffer_after_minutes)) : null,
          staff.length > 1 || !names.length
            ? h("span", { class: `service-staff${names.length ? "" : " is-warning"}` }, offered) : null)),
      h("div", { class: "service-actions" },
        h("button", {
          class: "btn btn-ghost edit-service", type: "button", "aria-label": TEXT.editLabel(s.name),
          onclick: () => serviceDialog.open(s),
        }, TEXT.edit),
        h("button", {
          class: "btn btn-ghost btn-danger delete-service", type: "button", "aria-label": TEXT.removeLabel(s.name),
          onclick: (e) => confirmDelete(s, e.currentTarget),
        }, TEXT.remove)));
  }));
}

const serviceDialog = (() => {
  const dialog = $("service-dialog");
  const form = $("service-form");
  const fields = {
    name: $("sf-name"), duration_minutes: $("sf-duration"),
    buffer_before_minutes: $("sf-before"), buffer_after_minutes: $("sf-after"),
  };
  const errors = {
    name: $("sf-name-error"), duration_minutes: $("sf-duration-error"),
    buffer_before_minutes: $("sf-before-error"), buffer_after_minutes: $("sf-after-error"),
    color: $("sf-color-error"), staff_ids: $("sf-staff-error"),
  };
  let editing = null;
  let trigger = null;

  function colorControls(current) {
    const box = $("sf-colors");
    const known = COLORS.some(([c]) => c === (current || "").toLowerCase());
    const custom = h("input", {
      type: "color", id: "sf-color-custom", value: !known && current ? current : "#0f766e",
      "aria-label": TEXT.customColor, title: TEXT.customColor,
    });
    box.replaceChildren(
      ...COLORS.map(([color, name]) => h("label", { class: "swatch-choice", title: name },
        h("input", { type: "radio", name: "color", value: color, checked: color === (current || "").toLowerCase() }),
        h("span", { class: "swatch-dot", style: { background: color } }),
        h("span", { class: "visually-hidden" }, name))),
      h("span", { class: `swatch-custom${known ? "" : " is-chosen"}` }, custom));
    custom.addEventListener("input", () => {
      for (const radio of box.querySelectorAll("input[name=color]")) radio.checked = false;
      custom.parentElement.classList.add("is-chosen");
    });
    for (const radio of box.querySelectorAll("input[name=color]")) {
      radio.addEventListener("change", () => custom.parentElement.classList.remove("is-chosen"));
    }
  }

  function chosenColor() {
    const radio = form.querySelector("input[name=color]:checked");
    return (radio ? radio.value : $("sf-color-custom").value).toLowerCase();
  }

  function staffControls(chosen) {
    const box = $("sf-staff");
    box.replaceChildren(...staff.map((s) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "staff_ids", value: String(s.id), checked: chosen.some((id) => same(id, s.id)) }),
      h("span", {}, s.name))));
    const hint = () => {
      $("sf-staff-hint").textContent = box.querySelector("input:checked") ? "" : TEXT.staffNone;
    };
    box.addEventListener("change", hint);
    hint();
  }

  function clearErrors() {
    for (const [key, el] of Object.entries(errors)) showError(el, "", fields[key]);
    $("sf-error").hidden = true;
  }

  function read() {
    const body = { name: fields.name.value.trim() };
    if (!body.name) return { error: ["name", TEXT.nameMissing] };
    const number = (key, low, high, message) => {
      const text = fields[key].value.trim();
      const value = text === "" && key !== "duration_minutes" ? 0 : Number(text);
      if (!Number.isInteger(value) || value < low || value > high) return { error: [key, message] };
      body[key] = value;
      return null;
    };
    const failed = number("duration_minutes", 5, 1440, TEXT.durationInvalid)
      || number("buffer_before_minutes", 0, 240, TEXT.bufferInvalid)
      || number("buffer_after_minutes", 0, 240, TEXT.bufferInvalid);
    if (failed) return failed;
    body.color = chosenColor();
    const ids = [...form.querySelectorAll("input[name=staff_ids]:checked")].map((input) => input.value);
    body.staff_ids = ids.map((id) => staff.find((s) => same(s.id, id))?.id ?? id);
    return { body };
  }

  function fieldOf(err) {
    const field = err.details?.field;
    if (field && field in errors) return field;
    if (/duration/.test(err.code)) return "duration_minutes";
    if (/buffer/.test(err.code)) return "buffer_before_minutes";
    if (/color/.test(err.code)) return "color";
    if (/name/.test(err.code)) return "name";
    if (/staff/.test(err.code) || /staff_ids/.test(err.message)) return "staff_ids";
    return null;
  }

  function show(field, message) {
    if (!field) {
      $("sf-error").textContent = message;
      $("sf-error").hidden = false;
      return;
    }
    showError(errors[field], message, fields[field]);
    (fields[field] || form.querySelector(field === "color" ? "input[name=color], #sf-color-custom" : "input[name=staff_ids]"))?.focus();
  }

  async function submit() {
    clearErrors();
    const { body, error } = read();
    if (error) {
      show(...error);
      return;
    }
    const button = $("service-save");
    busy(button, true);
    try {
      if (editing) {
        const changes = {};
        for (const [key, value] of Object.entries(body)) {
          const before = editing[key];
          const differs = Array.isArray(value)
            ? JSON.stringify([...value].map(String).sort()) !== JSON.stringify([...(before || [])].map(String).sort())
            : value !== before;
          if (differs) changes[key] = value;
        }
        if (Object.keys(changes).length) {
          const answer = await staffApi("PATCH", `/api/v1/services/${encodeURIComponent(editing.id)}`, changes);
          Object.assign(editing, changes, answer && answer.id !== undefined ? answer : {});
        }
        dialog.close();
        renderServices();
        renderTeam();
        focusService(editing.id, ".edit-service");
        toast(TEXT.saved);
      } else {
        const answer = await staffApi("POST", "/api/v1/services", body);
        const created = { id: answer.id, ...body };
        services.push(created);
        dialog.close();
        renderServices();
        renderTeam();
        focusService(created.id, ".edit-service");
        toast(TEXT.serviceCreated(created.name));
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      show(fieldOf(err), err.message);
    } finally {
      busy(button, false);
    }
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submit();
  });
  for (const button of dialog.querySelectorAll("[data-close]")) {
    button.addEventListener("click", () => dialog.close());
  }
  dialog.addEventListener("close", () => {
    if (trigger && document.contains(trigger)) trigger.focus();
  });
  for (const [key, input] of Object.entries(fields)) {
    input.addEventListener("input", () => showError(errors[key], "", input));
  }

  return {
    open(service = null) {
      editing = service;
      trigger = document.activeElement;
      form.reset();
      clearErrors();
      $("service-dialog-title").textContent = service ? TEXT.editService : TEXT.addService;
      fields.name.value = service?.name || "";
      fields.duration_minutes.value = String(service?.duration_minutes ?? 30);
      fields.buffer_before_minutes.value = String(service?.buffer_before_minutes ?? 0);
      fields.buffer_after_minutes.value = String(service?.buffer_after_minutes ?? 0);
      const used = new Set(services.map((s) => (s.color || "").toLowerCase()));
      const fresh = COLORS.find(([c]) => !used.has(c))?.[0] || COLORS[services.length % COLORS.length][0];
      colorControls(service ? service.color : fresh);
      staffControls(service ? service.staff_ids || [] : staff.map((s) => s.id));
      dialog.showModal();
      fields.name.focus();
    },
  };
})();

function focusService(id, selector) {
  const row = document.querySelector(`.service-row[data-service-id="${CSS.escape(String(id))}"]`);
  row?.querySelector(selector)?.focus();
}

/* ---------- the confirmation before something that cannot be undone ---------- */

const confirmDialog = (() => {
  const dialog = $("confirm-dialog");
  const ok = $("confirm-ok");
  let action = null;
  let trigger = null;
  $("confirm-cancel").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    action = null;
    if (trigger && document.contains(trigger)) trigger.focus();
  });
  ok.addEventListener("click", async () => {
    if (!action) return;
    busy(ok, true);
    $("confirm-error").hidden = true;
    try {
      const next = await action();
      trigger = next || trigger;
      dialog.close();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      $("confirm-error").textContent = err.message;
      $("confirm-error").hidden = false;
    } finally {
      busy(ok, false);
    }
  });
  return {
    open({ title, paragraphs, confirm, run, from }) {
      trigger = from || document.activeElement;
      action = run;
      $("confirm-title").textContent = title;
      $("confirm-text").replaceChildren(...paragraphs.map((p) => h("p", {}, p)));
      $("confirm-error").hidden = true;
      ok.textContent = confirm;
      dialog.showModal();
      $("confirm-cancel").focus();
    },
  };
})();

function confirmDelete(service, button) {
  confirmDialog.open({
    title: TEXT.deleteTitle(service.name),
    paragraphs: TEXT.deleteText,
    confirm: TEXT.deleteOk,
    from: button,
    run: async () => {
      try {
        await staffApi("DELETE", `/api/v1/services/${encodeURIComponent(service.id)}`);
      } catch (err) {
        if (!(err instanceof ApiError) || err.status !== 404) throw err; // gone already: fine
      }
      const index = services.findIndex((s) => same(s.id, service.id));
      if (index >= 0) services.splice(index, 1);
      renderServices();
      renderTeam();
      toast(TEXT.serviceDeleted(service.name));
      return $("add-service");
    },
  });
}

$("add-service").addEventListener("click", () => serviceDialog.open());

/* ---------- team calendars and their hours ---------- */

let teamEditors = new Map(); // "staff:location" → editor, kept across re-renders while unsaved

function hoursStatus(member, location) {
  const own = (member.hours || {})[location.id];
  if (own) return TEXT.hoursOwn;
  return member.user_id ? TEXT.hoursOwnerDefault : TEXT.hoursNone;
}

function teamEditor(member, location) {
  const key = `staff:${member.id}:${location.id}`;
  const kept = teamEditors.get(key);
  const own = (member.hours || {})[location.id];
  if (kept && kept.dirty) return kept;
  const editor = new WeeklyEditor({
    key,
    label: `Buchbare Zeiten ${member.name}${locations.length > 1 ? `, ${location.name}` : ""}`,
    hours: own || location.opening_hours,
    status: hoursStatus(member, location),
    save: (weekly) => staffApi("PUT", `/api/v1/staff/${encodeURIComponent(member.id)}/hours`, {
      location_id: location.id, weekly,
    }),
  });
  if (kept) editors.delete(kept);
  editor.el.classList.toggle("is-default", !own);
  editor.onSaved = (weekly) => {
    member.hours = { ...(member.hours || {}), [location.id]: weekly };
    editor.statusEl.textContent = hoursStatus(member, location);
    editor.el.classList.remove("is-default");
  };
  teamEditors.set(key, editor);
  return editor;
}

function renderTeam() {
  const list = $("team-list");
  list.replaceChildren(...staff.map((member) => {
    const offered = services.filter((s) => (s.staff_ids || []).some((id) => same(id, member.id))).map((s) => s.name);
    return h("article", { class: "staff-card", dataset: { staffId: String(member.id) }, "aria-labelledby": `staff-${member.id}` },
      h("div", { class: "block-head" },
        h("h3", { id: `staff-${member.id}`, tabindex: "-1" }, member.name,
          member.user_id ? h("span", { class: "tag" }, TEXT.ownCalendar) : null),
        h("p", { class: "block-sub" }, TEXT.offers(offered))),
      locations.map((location) => h("div", { class: "staff-location", dataset: { locationId: String(location.id) } },
        locations.length > 1 ? h("h4", {}, location.name) : null,
        teamEditor(member, location).el)));
  }));
}

const addStaffForm = $("add-staff");
addStaffForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  const input = $("new-staff-name");
  const error = $("new-staff-error");
  const name = input.value.trim();
  showError(error, "", input);
  if (!name) {
    showError(error, TEXT.staffNameMissing, input);
    input.focus();
    return;
  }
  const button = $("add-staff-button");
  busy(button, true);
  try {
    const answer = await staffApi("POST", "/api/v1/staff", { name });
    staff.push({ id: answer.id, name, user_id: null, hours: {} });
    input.value = "";
    renderTeam();
    renderServices();
    toast(TEXT.staffCreated(name));
    $(`staff-${answer.id}`)?.focus();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    showError(error, err.message, input);
    input.focus();
  } finally {
    busy(button, false);
  }
});

/* ---------- embedding: copy buttons ---------- */

for (const button of document.querySelectorAll("[data-copy]")) {
  const label = button.textContent;
  button.addEventListener("click", async () => {
    const source = $(button.dataset.copy);
    let ok = false;
    try {
      await navigator.clipboard.writeText(source.value);
      ok = true;
    } catch {
      source.focus();
      source.select();
      ok = Boolean(document.execCommand?.("copy"));
    }
    toast(ok ? TEXT.copied : TEXT.copyFailed);
    if (ok) {
      button.textContent = `${TEXT.copied} ✓`;
      setTimeout(() => { button.textContent = label; }, 2000);
    }
  });
}
for (const id of ["embed-link", "embed-code"]) {
  $(id).addEventListener("focus", (e) => e.target.select());
}

// The link and the code can fix the booking page's language; "" lets the customer's browser decide.
$("embed-lang").addEventListener("change", (e) => {
  const lang = e.target.value;
  $("embed-link").value = lang ? `${boot.booking_url}?lang=${lang}` : boot.booking_url;
  $("embed-code").value = lang ? boot.embed_codes[lang] : boot.embed_code;
});

/* ---------- embedding: the sites that may frame the booking page ---------- */

const embedOrigins = $("embed-origins");
const embedSave = $("embed-origins-save");

/** One origin per line; blank lines are dropped. */
function originLines(text) {
  return text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

async function saveEmbedOrigins() {
  busy(embedSave, true);
  try {
    const ok = await saveSetting("embed_origins", originLines(embedOrigins.value), embedOrigins);
    if (ok) embedOrigins.value = (business.embed_origins || []).join("\n");
  } finally {
    busy(embedSave, false);
  }
}

embedSave.addEventListener("click", saveEmbedOrigins);

/* ---------- the side navigation follows the scroll ---------- */

const navLinks = [...document.querySelectorAll(".settings-nav a")];
const sections = navLinks.map((a) => document.querySelector(a.getAttribute("href"))).filter(Boolean);

function markCurrent(id) {
  for (const a of navLinks) {
    if (a.getAttribute("href") === `#${id}`) a.setAttribute("aria-current", "true");
    else a.removeAttribute("aria-current");
  }
}

/** The section whose heading has passed under the sticky bars is the current one. */
function currentSection() {
  const bars = document.querySelector(".settings-top").getBoundingClientRect().bottom
    + (window.matchMedia("(max-width: 860px)").matches ? document.querySelector(".settings-nav").offsetHeight : 0);
  if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 4) return sections[sections.length - 1];
  let current = sections[0];
  for (const section of sections) {
    if (section.getBoundingClientRect().top <= bars + 40) current = section;
  }
  return current;
}

let navFrame = 0;
function followScroll() {
  cancelAnimationFrame(navFrame);
  navFrame = requestAnimationFrame(() => {
    const section = currentSection();
    if (!section) return;
    markCurrent(section.id);
    // On phones the chips scroll sideways to keep the current one in view.
    const chip = navLinks.find((a) => a.getAttribute("href") === `#${section.id}`);
    const strip = chip?.closest("ul");
    if (strip && strip.scrollWidth > strip.clientWidth) {
      const left = chip.offsetLeft - strip.offsetLeft;
      if (left < strip.scrollLeft || left + chip.offsetWidth > strip.scrollLeft + strip.clientWidth) {
        strip.scrollTo({ left: Math.max(0, left - 12), behavior: "smooth" });
      }
    }
  });
}
window.addEventListener("scroll", followScroll, { passive: true });
window.addEventListener("resize", followScroll);

for (const a of navLinks) {
  a.addEventListener("click", () => {
    const target = document.querySelector(a.getAttribute("href"));
    markCurrent(target.id);
    // Move the keyboard along with the view.
    target.setAttribute("tabindex", "-1");
    setTimeout(() => target.focus({ preventScroll: true }), 0);
  });
}

/* ---------- start ---------- */

renderLocations();
renderServices();
renderTeam();
followScroll();
