// The business's set-up as the page knows it: what the server handed over at load, changed in
// place as the person saves. The sections that show one another's parts (a service's calendars, a
// calendar's services, the opening hours a calendar without hours of its own follows) re-render
// when `setupChanged` says so.

import { bootData } from "../kit/dom.js";

/**
 * @typedef {import("../kit/hours-editor.js").Weekly} Weekly
 * @typedef {object} Business
 * @property {string} booking_mode
 * @property {number} slot_step_minutes
 * @property {number} min_notice_minutes
 * @property {number} horizon_days
 * @property {boolean} show_weekend
 * @property {string[]} embed_origins
 * @property {number[]} reminders  Lead times in hours of the reminders mailed, longest first.
 * @property {string} [staff_choice]  Whether customers pick the person: off, optional, required.
 * @property {string} [currency]  The prices' currency: EUR or CHF.
 * @property {string} [holiday_country]  Where the public holidays come from ("AT"); "" for none.
 * @property {string} [holiday_region]  Its region ("9"); "" for none.
 * @property {string} [timezone]
 * @typedef {object} Location
 * @property {string} id
 * @property {string} name
 * @property {string | null} [address]
 * @property {string} [phone]
 * @property {Weekly} opening_hours
 * @property {boolean} [active]  False once deactivated.
 * @typedef {object} Service
 * @property {string} id
 * @property {string} name
 * @property {number} duration_minutes
 * @property {number} buffer_before_minutes
 * @property {number} buffer_after_minutes
 * @property {string | null} color
 * @property {string[]} staff_ids
 * @property {boolean} reminders  Whether the business's reminders are mailed for it.
 * @property {number | null} [price_cents]  The price shown to customers; null: none.
 * @property {number} [series_online]  How many weekly dates customers may book online at once; 0: none.
 * @typedef {object} StaffMember  A calendar of the team.
 * @property {string} id
 * @property {string} name
 * @property {string | null} user_id  The person whose own calendar it is, if any.
 * @property {Record<string, Weekly>} [hours]  Its bookable hours by location id, where set.
 * @property {string | null} [color]  "#rrggbb", or null for the palette's.
 * @property {boolean} [active]  False once deactivated.
 * @property {string} [photo_url]  The person's photo for the booking page; empty: none.
 * @typedef {object} Boot  What settings.html hands over.
 * @property {Business} business
 * @property {Location[]} locations
 * @property {Service[]} services
 * @property {StaffMember[]} staff
 * @property {string} booking_url
 * @property {string} embed_code
 * @property {Record<string, string>} embed_codes  The embed code by booking page language.
 * @property {User} user  The signed-in person.
 * @typedef {object} User
 * @property {string} user_id
 * @property {string} name
 * @property {string} email
 * @property {string} role
 * @property {string | null} staff_id  Their own calendar, if any.
 * @property {string[]} rights
 */

/** @type {Boot} */
export const boot = bootData();
export const { business, locations, services, staff } = boot;

/** Whether the signed-in person has this right. @param {string} right */
export const may = (right) => boot.user.rights.includes(right);

/** The locations in use: deactivated ones keep their place in `locations` but take no hours. */
export const activeLocations = () => locations.filter((l) => l.active !== false);

/** The calendars in use, in their order. */
export const activeStaff = () => staff.filter((s) => s.active !== false);

/**
 * Ids compare as text, whatever the JSON made of them.
 * @param {unknown} a
 * @param {unknown} b
 */
export const same = (a, b) => String(a) === String(b);

/** @type {(() => void)[]} */
const renderers = [];

/** `render` runs whenever services or calendars change. @param {() => void} render */
export function onSetupChange(render) {
  renderers.push(render);
}

/** Services, calendars or opening hours changed: the sections showing them render anew. */
export function setupChanged() {
  for (const render of renderers) render();
}
