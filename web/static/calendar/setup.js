// The business's set-up as the calendar knows it: the business, its calendars (one per staff
// member), services and locations, from the page's boot data and again after `settings.changed`;
// and the location this device shows. Every module reads the same lists, which a new set-up
// refills in place.

import { bootData } from "../kit/dom.js";
import * as T from "../kit/time.js";

/** @typedef {string | number} Id */

/**
 * @typedef {object} Business
 * @property {string} name
 * @property {string} timezone  An IANA zone: the grid and every time shown are in it.
 * @property {number} [slot_step_minutes]
 * @property {boolean} [show_weekend]
 */

/** @typedef {{id: Id, name: string, color?: string | null}} Staff */
/** @typedef {{id: Id, name: string, color?: string | null, duration_minutes: number, staff_ids?: Id[]}} Service */
/** @typedef {Record<string, [string, string][] | null | undefined>} WeeklyHours  "mon" → [["08:00", "12:00"], …] */
/** @typedef {{id: Id, name: string, opening_hours?: WeeklyHours | null}} Location */

/**
 * An appointment as the API and the live events carry it (always whole).
 * @typedef {object} Appointment
 * @property {Id} id
 * @property {string} status  booked, requested, held, cancelled or released
 * @property {string} start  ISO 8601 with the business's offset
 * @property {string} end
 * @property {Id} staff_id
 * @property {Id} service_id
 * @property {Id} location_id
 * @property {Id | null} [customer_id]
 * @property {string} [customer_name]
 * @property {string | null} [note]
 * @property {string | null} [expires_at]  Until when a pending online booking holds its slot.
 * @property {string} [service_name]  Kept when the service was deleted.
 * @property {string} [service_color]
 * @property {"attended" | "no_show" | null} [attendance]  Whether the customer came.
 * @property {Id | null} [series_id]  The series it was booked in, if any.
 */

/**
 * Sickness, vacation (whole days) or a pause, of one calendar or (`staff_id` null) the business.
 * @typedef {object} Closure
 * @property {Id} id
 * @property {string} kind  sick, vacation or pause
 * @property {Id | null} [staff_id]
 * @property {string} start
 * @property {string} end
 * @property {boolean} all_day
 * @property {string | null} [note]
 */

/** @typedef {{business: Business, staff: Staff[], services: Service[], locations: Location[]}} SetUp */

const boot = bootData();

/** @type {Business} */
export const business = boot.business;
export const tz = business.timezone;
export const fmt = T.formatters(tz);

/** @type {Staff[]} */
export const staffList = boot.staff || [];
/** @type {Service[]} */
export const services = boot.services || [];
/** @type {Location[]} */
export const locations = boot.locations || [];

/**
 * Whether the signed-in person may enter appointments in this calendar: their own, or any with the
 * right to work in colleagues' calendars.
 * @param {string | number} staffId
 */
export function mayBookIn(staffId) {
  const user = boot.user || {};
  return (user.rights || []).includes("book_others") || String(staffId) === String(user.staff_id);
}

/** @type {Map<string, Service>} */
export const serviceById = new Map();
/** @type {Map<string, Staff>} */
export const staffById = new Map();
/** @type {Map<string, Location>} */
export const locationById = new Map();
/** Every calendar's id, as the grid's resources name them. */
export const allStaffIds = staffList.map((s) => String(s.id));
refillMaps();

/** The grid's step in minutes: the business's slot step, at least 5. */
export function gridStep() {
  return Math.max(5, business.slot_step_minutes || 15);
}

/**
 * Takes over a new set-up in place, so that every module sees it.
 * @param {SetUp} next
 */
export function replaceSetup(next) {
  Object.assign(business, next.business);
  staffList.splice(0, staffList.length, ...next.staff);
  services.splice(0, services.length, ...next.services);
  locations.splice(0, locations.length, ...next.locations);
  allStaffIds.splice(0, allStaffIds.length, ...staffList.map((s) => String(s.id)));
  refillMaps();
  if (locationFilter && !locationById.has(locationFilter)) setLocationFilter("");
}

function refillMaps() {
  /**
   * @template {{id: Id}} V
   * @param {Map<string, V>} map
   * @param {V[]} items
   */
  const refill = (map, items) => {
    map.clear();
    for (const item of items) map.set(String(item.id), item);
  };
  refill(serviceById, services);
  refill(staffById, staffList);
  refill(locationById, locations);
}

/* ---------- the location this device shows ("" for all) ---------- */

const LOCATION_KEY = "calendar.location";
let locationFilter = localStorage.getItem(LOCATION_KEY) || "";
if (locationFilter && !locationById.has(locationFilter)) locationFilter = "";

export function shownLocation() {
  return locationFilter;
}

/** @param {string} id */
export function setLocationFilter(id) {
  locationFilter = id;
  localStorage.setItem(LOCATION_KEY, id);
}
