// The booking page's state: what the business offers (handed over by the page, kept current by the
// live connection), what the customer has chosen so far, and the business's time zone with the
// formatters for it. The other modules read and change `state`; nothing else of the page is global.

import { bootData } from "../kit/dom.js";
import * as T from "../kit/time.js";

/**
 * @typedef {{id: string | number, name: string}} Location
 * @typedef {{id: string | number, name: string, duration_minutes: number, color?: string | null, price_cents?: number | null, currency?: string, series_online?: number}} Service
 * @typedef {{name: string, slug: string, booking_mode: string, timezone: string, staff_choice?: string}} Business
 * @typedef {{id: string, name: string, photo_url: string, service_ids: string[], location_ids: string[]}} Person
 * @typedef {import("./slots.js").Slot} Slot
 * @typedef {import("./slots.js").SlotsByDay} SlotsByDay
 */

/**
 * A time held for the customer until they confirm it with the code from their mail; `deadline` is
 * when it runs out by this device's clock.
 * @typedef {{id: string, start: string, end: string, staff_id?: string | null, expires_at: string, deadline: number,
 *   dates?: {id: string, start: string, end: string, staff_id: string}[]}} Hold  `dates`: every held date of a series.
 */

/**
 * A confirmed booking (or request) and the hold it came from.
 * @typedef {{appointment_id: string | number, status: string, hold: Hold, moved?: boolean}} Booked
 */

/** @typedef {"location" | "service" | "person" | "time" | "series" | "account" | "code" | "done" | "mine"} Step */

/** @typedef {"error" | "warning" | "info" | "success"} NoteKind */

/**
 * @typedef {object} BookingState
 * @property {Step | null} step
 * @property {string | null} locationId
 * @property {string | null} serviceId
 * @property {string | null} staffId  The person the customer chose; null for anyone free.
 * @property {string} weekStart  The first plain date of the week shown.
 * @property {string | null} date  The plain date whose times are shown.
 * @property {SlotsByDay | null} slots  The free times of the loaded week.
 * @property {string | null} slotsFor  What `slots` belong to (see `slotsKey`).
 * @property {boolean} loadError
 * @property {Slot | null} slot  The chosen time.
 * @property {Hold | null} hold
 * @property {Booked | null} result
 * @property {"login" | "register" | "forgot"} accountTab
 * @property {[NoteKind, string] | null} accountNotice  Said once above the log-in form.
 * @property {string | null} notice  Said once above the next step shown.
 * @property {string | null} pendingEmail  Who just registered, to log in next.
 * @property {{id: string, start: string, end: string} | null} replaces  The customer's booking a new
 *   time moves, once confirmed.
 * @property {{starts: string[], every: number} | null} series  The dates chosen to book as a series.
 */

const boot = bootData();

/** @type {Business} */
export const business = boot.business;
export const slug = business.slug;
/** @type {Location[]} */
export const locations = boot.locations || [];
/** @type {Service[]} */
export const services = boot.services || [];
/** @type {Person[]} The persons a customer may choose, while the business offers the choice. */
export const persons = boot.staff || [];
/** @type {number} */
export const holdSeconds = boot.hold_seconds || 600;
/** A language picked on the page (or by the address) wins over the customer's account language. */
export const languageChosenAtStart = Boolean(boot.lang_chosen);

let timeZone = business.timezone;
let formatters = T.formatters(timeZone);

/** The business's time zone. */
export function zone() {
  return timeZone;
}

/** Dates and times in the business's zone, in the page's language. */
export function fmt() {
  return formatters;
}

/**
 * Shows times in `next` from now on (the server says the zone with the free times), and in the
 * page's language as it is now.
 * @param {string} [next]
 */
export function useZone(next = timeZone) {
  timeZone = next;
  formatters = T.formatters(timeZone);
}

/** @type {BookingState} */
export const state = {
  step: null,
  locationId: locations.length === 1 ? String(locations[0].id) : null,
  serviceId: null,
  staffId: null,
  weekStart: T.todayIn(timeZone),
  date: null,
  slots: null,
  slotsFor: null,
  loadError: false,
  slot: null,
  hold: null,
  result: null,
  accountTab: "login",
  accountNotice: null,
  notice: null,
  pendingEmail: null,
  replaces: null,
  series: null,
};

/** The chosen service, while the business still offers it. */
export function service() {
  return services.find((s) => String(s.id) === String(state.serviceId)) || null;
}

/** The chosen location, while the business still has it. */
export function chosenLocation() {
  return locations.find((l) => String(l.id) === String(state.locationId)) || null;
}

/** Where the appointment is: the location and the business, named once when they are the same. */
export function placeText() {
  return [...new Set([chosenLocation()?.name, business.name].filter(Boolean))].join(", ");
}

/**
 * The id as the API gave it (a number stays a number) for the one in `list` matching `value`.
 * @param {{id: string | number}[]} list
 * @param {string | null} value
 */
export function idOf(list, value) {
  const found = list.find((x) => String(x.id) === String(value));
  return found ? found.id : value;
}

/** Forgets the loaded free times, so the next week shown is fetched afresh. */
export function forgetSlots() {
  state.slots = null;
  state.slotsFor = null;
}

/** Whether the customer chooses the person: "optional" or "required" (else the page finds one). */
export function staffChoice() {
  return business.staff_choice === "optional" || business.staff_choice === "required" ? business.staff_choice : null;
}

/** The persons who offer the chosen service at the chosen location. */
export function personsHere() {
  return persons.filter((p) => p.service_ids.some((id) => String(id) === String(state.serviceId))
    && p.location_ids.some((id) => String(id) === String(state.locationId)));
}

/** The person chosen, while they still offer the chosen service there. */
export function chosenPerson() {
  return personsHere().find((p) => String(p.id) === String(state.staffId)) || null;
}
