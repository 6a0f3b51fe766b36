// The weekly-hours editor: a row per day, open or closed, with its time ranges, saved as one week by
// its own button. The business's opening hours and each calendar's bookable hours per location use
// it alike; what it saves, and where, comes with `save`. The page asks before it is left with a
// week typed but not saved.

import { ApiError } from "./api.js";
import { busy } from "./busy.js";
import { find, h } from "./dom.js";
import { showError } from "./errors.js";
import { N_, t } from "./i18n.js";
import { toast } from "./toast.js";
import { normalTime, suggestRange, wrongRanges } from "./weekly-hours-rules.js";

/**
 * @typedef {import("./weekly-hours-rules.js").Range} Range
 * @typedef {Record<string, Range[]>} Weekly  The API's week: only the open days, {"mon": [["08:00", "12:00"]]}.
 */

/** @type {Record<string, string>} a day's name by its key (worded when shown), Monday first */
const DAY_NAMES = {
  mon: N_("Montag"), tue: N_("Dienstag"), wed: N_("Mittwoch"), thu: N_("Donnerstag"), fri: N_("Freitag"),
  sat: N_("Samstag"), sun: N_("Sonntag"),
};
const DAY_KEYS = Object.keys(DAY_NAMES);

const REMOVE_ICON = '<svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true"><path d="M5.5 5.5l9 9M14.5 5.5l-9 9" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>';
const ADD_ICON = '<svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true"><path d="M10 4v12M4 10h12" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>';

/** @type {Set<HoursEditor>} the editors on the page, so that leaving it can ask about unsaved weeks */
const editors = new Set();
let editorCount = 0;

window.addEventListener("beforeunload", (e) => {
  if ([...editors].some((editor) => editor.dirty)) {
    e.preventDefault();
    e.returnValue = t("Es gibt ungespeicherte Zeiten. Seite trotzdem verlassen?");
  }
});

/**
 * The time fields of one side ("from" or "to") of a day's row, in order.
 * @param {HTMLElement} row
 * @param {"from" | "to"} which
 * @returns {HTMLInputElement[]}
 */
function timeInputs(row, which) {
  return [...row.querySelectorAll(`.range-${which}`)].filter((el) => el instanceof HTMLInputElement);
}

/**
 * @typedef {object} HoursEditorOptions
 * @property {string} key  Names the editor in the markup (`data-hours-editor`), e.g. "location:<id>".
 * @property {string} label  The accessible name of the week.
 * @property {Weekly | null | undefined} hours  The week shown at first.
 * @property {(weekly: Weekly) => Promise<unknown>} save  Sends the week; an ApiError's message is
 *   shown next to the editor.
 * @property {string} [status]  A line above the week saying where its hours come from.
 * @property {(weekly: Weekly) => void} [onSaved]  Runs after a save succeeded.
 */

export class HoursEditor {
  /** @param {HoursEditorOptions} options */
  constructor({ key, label, hours, save, status = "", onSaved }) {
    this.save = save;
    this.onSaved = onSaved;
    /** @type {Record<string, Range[] | null>} each day's ranges as typed; null when closed */
    this.model = {};
    this.setHours(hours);
    this.dirty = false;
    editorCount += 1;
    this.uid = `he-${editorCount}`;
    editors.add(this);
    /** @type {Record<string, HTMLElement>} */
    this.rows = {};
    this.error = h("p", { class: "field-error hours-error", id: `${this.uid}-error`, role: "alert" });
    this.statusEl = h("p", { class: "hours-status", id: `${this.uid}-status` }, status);
    this.dirtyEl = h("span", { class: "hours-dirty", hidden: true }, t("Ungespeicherte Änderungen"));
    this.button = h("button", { class: "btn btn-primary save-hours", type: "button" }, t("Zeiten speichern"));
    this.button.addEventListener("click", () => this.submit());
    this.grid = h("div", {
      class: "hours-grid", role: "group", "aria-label": label,
      "aria-describedby": `${this.uid}-status ${this.uid}-error`,
    });
    for (const day of DAY_KEYS) {
      const row = h("div", { class: "day-row", dataset: { day } });
      this.rows[day] = row;
      this.grid.append(row);
      this.renderDay(day);
    }
    this.el = h("div", { class: "hours-editor", dataset: { hoursEditor: key } },
      this.statusEl, this.grid, this.error,
      h("div", { class: "hours-actions" }, this.dirtyEl, this.button));
    // Enter in a time field saves the whole week, as in the other forms.
    this.grid.addEventListener("keydown", (e) => {
      const target = e.target;
      if (e.key === "Enter" && target instanceof HTMLInputElement && target.matches("input.time")) {
        e.preventDefault();
        target.dispatchEvent(new Event("blur"));
        this.submit();
      }
    });
  }

  /** @param {Weekly | null | undefined} hours */
  setHours(hours) {
    for (const day of DAY_KEYS) {
      const ranges = (hours || {})[day];
      this.model[day] = ranges && ranges.length ? ranges.map(([a, b]) => [a, b]) : null;
    }
  }

  /** Says where the week's hours come from. @param {string} text */
  setStatus(text) {
    this.statusEl.textContent = text;
  }

  /** The editor has left the page: leaving the page no longer asks about it. */
  release() {
    editors.delete(this);
  }

  markDirty(on = true) {
    this.dirty = on;
    this.dirtyEl.hidden = !on;
    this.el.classList.toggle("is-dirty", on);
  }

  /** @param {string} day */
  renderDay(day) {
    const name = t(DAY_NAMES[day]);
    const row = this.rows[day];
    const ranges = this.model[day];
    const toggle = h("input", {
      type: "checkbox", class: "day-open", id: `${this.uid}-${day}-open`, checked: Boolean(ranges),
    });
    toggle.addEventListener("change", () => {
      this.model[day] = toggle.checked ? [this.suggestRange(day)] : null;
      this.changed();
      this.renderDay(day);
      find(this.rows[day], ".day-open").focus();
    });
    const body = ranges
      ? h("div", { class: "ranges" },
        ranges.map((range, i) => this.rangeEl(day, name, ranges, i, range)),
        this.addButton(day, name, ranges))
      : h("div", { class: "ranges is-closed" }, h("span", { class: "closed-text" }, t("geschlossen")));
    row.classList.toggle("is-closed", !ranges);
    row.replaceChildren(
      h("div", { class: "day-name" },
        h("label", { for: `${this.uid}-${day}-open` }, toggle,
          h("span", {}, name), h("span", { class: "visually-hidden" }, " ", t("geöffnet")))),
      body);
  }

  /**
   * One range of a day: its two time fields and the button that removes it.
   * @param {string} day
   * @param {string} name  The day's name.
   * @param {Range[]} ranges  The day's ranges in the model.
   * @param {number} i
   * @param {Range} range
   */
  rangeEl(day, name, ranges, i, range) {
    /** @param {"from" | "to"} which */
    const make = (which) => {
      const side = which === "from" ? 0 : 1;
      const input = h("input", {
        type: "text", class: `time range-${which}`, inputmode: "numeric", maxlength: "5",
        autocomplete: "off", spellcheck: "false", placeholder: which === "from" ? "08:00" : "18:00",
        value: range[side] || "",
        "aria-label": which === "from"
          ? t("{day}, Zeitraum {n}, von", { day: name, n: i + 1 })
          : t("{day}, Zeitraum {n}, bis", { day: name, n: i + 1 }),
      });
      input.addEventListener("input", () => {
        range[side] = input.value.trim();
        input.removeAttribute("aria-invalid");
        this.changed();
      });
      input.addEventListener("focus", () => input.select());
      input.addEventListener("blur", () => {
        const normal = normalTime(input.value);
        if (normal && normal !== input.value) {
          input.value = normal;
          range[side] = normal;
        }
      });
      return input;
    };
    const removeLabel = t("{day}, Zeitraum {n} entfernen", { day: name, n: i + 1 });
    const remove = h("button", {
      type: "button", class: "btn btn-ghost btn-icon remove-range",
      "aria-label": removeLabel, title: removeLabel,
    });
    remove.innerHTML = REMOVE_ICON;
    remove.addEventListener("click", () => {
      ranges.splice(i, 1);
      if (!ranges.length) this.model[day] = null;
      this.changed();
      this.renderDay(day);
      const row = this.rows[day];
      const removes = [...row.querySelectorAll(".remove-range")].filter((el) => el instanceof HTMLElement);
      (removes[Math.min(i, removes.length - 1)] || find(row, ".day-open")).focus();
    });
    return h("div", { class: "range" }, make("from"), h("span", { class: "range-dash", "aria-hidden": "true" }, "–"), make("to"), remove);
  }

  /**
   * @param {string} day
   * @param {string} name  The day's name.
   * @param {Range[]} ranges  The day's ranges in the model.
   */
  addButton(day, name, ranges) {
    const button = h("button", {
      type: "button", class: "btn btn-ghost add-range", "aria-label": t("{day}: weiteren Zeitraum hinzufügen", { day: name }),
    });
    button.innerHTML = ADD_ICON;
    button.append(" ", t("Zeitraum"));
    button.addEventListener("click", () => {
      ranges.push(this.suggestRange(day));
      this.changed();
      this.renderDay(day);
      const froms = timeInputs(this.rows[day], "from");
      froms[froms.length - 1].focus();
    });
    return button;
  }

  /**
   * A sensible new range: after the day's last one, or like the nearest open day before.
   * @param {string} day
   */
  suggestRange(day) {
    return suggestRange(this.model, DAY_KEYS, day);
  }

  changed() {
    this.markDirty(true);
    showError(this.error, "");
  }

  /**
   * The week for the API, or the first field that is no time.
   * @returns {{weekly: Weekly} | {error: string, input: HTMLInputElement | undefined}}
   */
  value() {
    /** @type {Weekly} */
    const weekly = {};
    for (const day of DAY_KEYS) {
      const ranges = this.model[day];
      if (!ranges) continue;
      const row = this.rows[day];
      /** @type {Range[]} */
      const out = [];
      for (const [i, [from, to]] of ranges.entries()) {
        const a = normalTime(from || "");
        const b = normalTime(to || "");
        if (!a) return { error: t("Bitte Uhrzeiten als HH:MM angeben, z. B. 08:30 (24:00 für Mitternacht)."), input: timeInputs(row, "from")[i] };
        if (!b) return { error: t("Bitte Uhrzeiten als HH:MM angeben, z. B. 08:30 (24:00 für Mitternacht)."), input: timeInputs(row, "to")[i] };
        out.push([a, b]);
      }
      weekly[day] = out;
    }
    return { weekly };
  }

  /**
   * Marks the ranges that end before they start or overlap another, after the server said no.
   * @returns {HTMLInputElement | null} the first field marked
   */
  markInvalid() {
    /** @type {HTMLInputElement | null} */
    let first = null;
    for (const day of DAY_KEYS) {
      const ranges = this.model[day];
      if (!ranges) continue;
      const row = this.rows[day];
      for (const { index, field } of wrongRanges(ranges)) {
        const input = timeInputs(row, field)[index];
        input?.setAttribute("aria-invalid", "true");
        first = first || input || null;
      }
    }
    return first;
  }

  async submit() {
    if (this.button.disabled) return;
    showError(this.error, "");
    for (const input of this.grid.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
    const read = this.value();
    if ("error" in read) {
      showError(this.error, read.error);
      read.input?.setAttribute("aria-invalid", "true");
      read.input?.focus();
      return;
    }
    const { weekly } = read;
    busy(this.button, true);
    try {
      await this.save(weekly);
      this.setHours(weekly);
      for (const day of DAY_KEYS) this.renderDay(day);
      this.markDirty(false);
      toast(t("Gespeichert"));
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
