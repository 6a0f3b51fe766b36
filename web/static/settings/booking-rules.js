// The booking rules and the calendar week: each radio group, select and the horizon field saves on
// its own as it changes; a refused radio goes back to what was saved. The reminders save as one
// list of lead times whenever their number or an hours field changes.

import { byId } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { saveSetting } from "./setting.js";
import { business, setupChanged } from "./state.js";

/**
 * The radio group `name` saves its choice, read by `parse`.
 * @param {string} name
 * @param {(value: string) => unknown} parse
 */
function bindRadios(name, parse) {
  const radios = [...document.querySelectorAll(`input[name="${name}"]`)].filter((el) => el instanceof HTMLInputElement);
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

/** The horizon in days saves on change and on Enter, once for both. */
function bindHorizon() {
  const horizon = byId("horizon", HTMLInputElement);
  const error = byId("horizon_days-error");
  /** @type {number | null} the value saved or being saved: Enter and blur save once */
  let sent = business.horizon_days;
  horizon.addEventListener("change", () => {
    const text = horizon.value.trim();
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1 || value > 730) {
      showError(error, t("Bitte eine ganze Zahl von 1 bis 730 eingeben."), horizon);
      return;
    }
    if (value === sent) {
      showError(error, "", horizon);
      return;
    }
    sent = value;
    saveSetting("horizon_days", value, horizon).then((ok) => {
      if (!ok) sent = null;
    });
  });
  horizon.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      horizon.dispatchEvent(new Event("change"));
    }
  });
}

/** The reminders: none, one or two, each so many hours before the appointment. */
function bindReminders() {
  const count = byId("reminder-count", HTMLSelectElement);
  const inputs = [byId("reminder-first", HTMLInputElement), byId("reminder-second", HTMLInputElement)];
  const boxes = [byId("reminder-first-field"), byId("reminder-second-field")];
  const error = byId("reminders-error");
  /** @type {string} the list saved or being saved, as JSON: Enter and blur save once */
  let sent = JSON.stringify(business.reminders);
  const save = () => {
    const shown = Number(count.value);
    boxes.forEach((box, i) => { box.hidden = i >= shown; });
    /** @type {number[]} */
    const leads = [];
    for (const input of inputs.slice(0, shown)) {
      const text = input.value.trim();
      const value = Number(text);
      if (!/^\d+$/.test(text) || value < 1 || value > 336) {
        showError(error, t("Bitte eine ganze Zahl von 1 bis 336 Stunden eingeben."), input);
        return;
      }
      if (leads.includes(value)) {
        showError(error, t("Zwei Erinnerungen brauchen verschiedene Zeiten."), input);
        return;
      }
      leads.push(value);
    }
    if (JSON.stringify([...leads].sort((a, b) => b - a)) === sent) {
      showError(error, "", inputs[0]);
      return;
    }
    sent = JSON.stringify([...leads].sort((a, b) => b - a));
    const control = shown ? inputs[shown - 1] : count;
    saveSetting("reminders", leads, control).then((ok) => {
      if (!ok) {
        sent = "";
        return;
      }
      // The server keeps them longest first: the fields show them so.
      business.reminders.forEach((lead, i) => { inputs[i].value = String(lead); });
    });
  };
  count.addEventListener("change", save);
  for (const input of inputs) {
    input.addEventListener("change", save);
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        save();
      }
    });
  }
}

export function startBookingRules() {
  bindRadios("booking_mode", (v) => v);
  bindRadios("show_weekend", (v) => v === "true");
  for (const [id, key] of [["slot-step", "slot_step_minutes"], ["min-notice", "min_notice_minutes"]]) {
    const select = byId(id, HTMLSelectElement);
    select.addEventListener("change", () => saveSetting(key, Number(select.value), select));
  }
  bindHorizon();
  bindReminders();
  bindRadios("staff_choice", (v) => v);
  const currency = byId("currency", HTMLSelectElement);
  currency.addEventListener("change", () => saveSetting("currency", currency.value, currency).then((ok) => {
    if (ok) setupChanged(); // the prices are shown in it
  }));
}
