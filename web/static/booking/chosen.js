// What the customer has chosen, in words: a service's length, a time on the clock, the line that
// names the choice above the week of times, and the card that sums it up in the later steps.

import { h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { locale } from "../kit/lang.js";
import { formatPrice } from "../kit/money.js";
import { chosenLocation, chosenPerson, fmt, locations, persons, service, state } from "./state.js";

/**
 * A service's length: "30 Min.", "2 Std.".
 * @param {number} minutes
 */
export function duration(minutes) {
  return minutes % 60 === 0 && minutes >= 60
    ? t("{hours} Std.", { hours: minutes / 60 })
    : t("{minutes} Min.", { minutes });
}

/**
 * A time of day as one says it: "9:00 Uhr" in German, "9:00" in English.
 * @param {string} time
 */
export function clock(time) {
  return t("{time} Uhr", { time });
}

/**
 * A service's price in the page's language, "45,00 €" or "€45.00"; empty for none.
 * @param {import("./state.js").Service} s
 */
export function priceOf(s) {
  return formatPrice(s.price_cents, s.currency || "EUR", locale());
}

/**
 * Who serves the customer, once known: the person chosen, else the one whose calendar holds the
 * time (when the page knows their name).
 * @param {{staff_id?: string | null} | null} [held]
 */
export function personName(held = null) {
  const chosen = chosenPerson();
  if (chosen) return chosen.name;
  return persons.find((p) => held?.staff_id && String(p.id) === String(held.staff_id))?.name || "";
}

/** The chosen service with its length and price, the location where there is a choice of them,
 * and the person chosen once past that step. */
export function contextText() {
  const s = service();
  const who = state.step !== "person" ? chosenPerson()?.name : null;
  return [s?.name, s ? duration(s.duration_minutes) : null, s ? priceOf(s) : null,
    locations.length > 1 ? chosenLocation()?.name : null, who ? t("bei {name}", { name: who }) : null]
    .filter(Boolean).join(" · ");
}

/**
 * The chosen service, time and place; `hold` shows the held time, `withChange` adds a button.
 * @param {{withChange?: (() => void) | null, hold?: boolean}} [options]
 */
export function summaryCard({ withChange = null, hold = false } = {}) {
  const s = service();
  const slot = hold && state.hold ? state.hold : state.slot;
  if (!slot) throw new Error("no time is chosen");
  const start = new Date(slot.start);
  const end = new Date(slot.end);
  const location = chosenLocation();
  return h("div", { class: "summary" },
    h("span", { class: "choice-color", style: { background: s?.color || "var(--accent)" }, "aria-hidden": "true" }),
    h("div", { class: "summary-main" },
      h("p", { class: "summary-title" }, s?.name),
      h("p", { class: "summary-when" }, `${fmt().day(start)}, ${clock(fmt().range(start, end))}`),
      location ? h("p", { class: "summary-where" }, location.name || "") : null,
      personName(hold ? state.hold : null) ? h("p", { class: "summary-who" }, t("bei {name}", { name: personName(hold ? state.hold : null) })) : null,
      s?.price_cents != null ? h("p", { class: "summary-price" }, priceOf(s)) : null,
      state.replaces ? h("p", { class: "summary-moves" }, t("Verschieben: bisher {when}", { when: movedText(state.replaces) })) : null),
    withChange ? h("button", { class: "btn btn-ghost summary-change", type: "button", onclick: withChange }, t("ändern")) : null);
}

/**
 * When the booking being moved was, in words.
 * @param {{start: string, end: string}} appointment
 */
export function movedText(appointment) {
  const start = new Date(appointment.start);
  const end = new Date(appointment.end);
  return `${fmt().day(start)}, ${clock(fmt().range(start, end))}`;
}
