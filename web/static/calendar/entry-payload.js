// What the new-entry dialog sends, from what is in its fields, and which field an answer's error
// is about. An appointment goes to /api/v1/appointments with a customer taken from the search or
// a new one by name; a closure to /api/v1/closures. Pure: no page.

import { t } from "../kit/i18n.js";
import * as T from "../kit/time.js";

/** @typedef {import("./setup.js").Id} Id */
/** @typedef {import("./setup.js").Service} Service */
/** @typedef {import("../kit/customer-combobox.js").Customer} Customer */
/** @typedef {"when" | "days" | "customer" | "email" | "service" | "location" | "note"} Field */
/** @typedef {[Field, string]} FieldError  The field and what is wrong with it. */

/**
 * @typedef {object} AppointmentBody
 * @property {Id} staff_id
 * @property {Id} location_id
 * @property {Id} service_id
 * @property {string} start
 * @property {string} note
 * @property {Id} [customer_id]
 * @property {{first_name: string, last_name: string, email?: string, phone?: string}} [new_customer]
 * @property {boolean} [notify]  false: no confirmation mail to the customer.
 */

/**
 * @typedef {object} ClosureBody
 * @property {string} kind
 * @property {boolean} confirm  false: only a preview, which answers with the appointments in the way.
 * @property {string} start  A plain date for whole days, else an instant.
 * @property {string} end
 * @property {Id} [staff_id]  None for the whole business.
 * @property {string} [note]
 * @property {string} [message]  To the customers whose appointments the closure cancels.
 */

/** Splits "Vorname Nachname" (or "Nachname, Vorname") into its parts.
 * @param {string} text */
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

/**
 * What the dialog's fields say of an appointment.
 * @typedef {object} AppointmentFields
 * @property {Date | null} start
 * @property {Service | null} service
 * @property {{id: Id} | undefined} staff  The calendar chosen, when it is known.
 * @property {string} staffId  Its id as the dialog has it.
 * @property {{id: Id} | undefined} location
 * @property {string} locationId
 * @property {string} note
 * @property {boolean} [notify]  Whether the customer gets a confirmation (ticked unless unticked).
 * @property {Customer | null} customer  Taken from the search; else a new one from the fields below.
 * @property {string} typed  The customer field's text.
 * @property {string} email
 * @property {string} phone
 */

/**
 * The body of a new appointment, or the first thing wrong with the fields.
 * @param {AppointmentFields} f
 * @param {string} timeZone
 * @returns {{body: AppointmentBody, error?: undefined} | {error: FieldError, body?: undefined}}
 */
export function appointmentBody(f, timeZone) {
  if (!f.start) return { error: ["when", t("Bitte Datum und Uhrzeit angeben.")] };
  if (!f.service) return { error: ["service", t("Bitte eine Leistung wählen.")] };
  /** @type {AppointmentBody} */
  const body = {
    staff_id: f.staff ? f.staff.id : f.staffId,
    location_id: f.location ? f.location.id : f.locationId,
    service_id: f.service.id,
    start: T.isoWithOffset(f.start, timeZone),
    note: f.note.trim(),
  };
  if (f.notify === false) body.notify = false;
  if (f.customer) {
    body.customer_id = f.customer.id;
    return { body };
  }
  if (!f.typed.trim()) return { error: ["customer", t("Bitte einen Kunden wählen oder Vor- und Nachnamen eingeben.")] };
  const name = splitName(f.typed);
  if (!name.first_name || !name.last_name) return { error: ["customer", t("Bitte Vor- und Nachnamen eingeben, z. B. „Anna Huber“.")] };
  const email = f.email.trim();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { error: ["email", t("Diese E-Mail-Adresse sieht nicht vollständig aus.")] };
  const phone = f.phone.trim();
  body.new_customer = { ...name, ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
  return { body };
}

/**
 * What the dialog's fields say of a closure.
 * @typedef {object} ClosureFields
 * @property {string} kind  sick, vacation or pause
 * @property {Date | null} start  A pause's start and end…
 * @property {Date | null} end
 * @property {string} from  …or the first and last of whole days ("YYYY-MM-DD").
 * @property {string} to
 * @property {{id: Id} | null} staff  Whose calendar; null for the whole business.
 * @property {string} note
 */

/**
 * The body of a closure's first step (`confirm: false`), or the first thing wrong with the fields.
 * @param {ClosureFields} f
 * @param {string} timeZone
 * @returns {{body: ClosureBody, error?: undefined} | {error: FieldError, body?: undefined}}
 */
export function closureBody(f, timeZone) {
  let start;
  let end;
  if (f.kind === "pause") {
    if (!f.start || !f.end) return { error: ["when", t("Bitte Datum und Uhrzeit angeben.")] };
    if (f.end <= f.start) return { error: ["when", t("Das Ende muss nach dem Beginn liegen.")] };
    start = T.isoWithOffset(f.start, timeZone);
    end = T.isoWithOffset(f.end, timeZone);
  } else {
    if (!f.from || !f.to) return { error: ["days", t("Bitte beide Tage angeben.")] };
    if (f.to < f.from) return { error: ["days", t("Der letzte Tag darf nicht vor dem ersten liegen.")] };
    start = f.from;
    end = f.to;
  }
  /** @type {ClosureBody} */
  const body = { kind: f.kind, confirm: false, start, end };
  if (f.staff) body.staff_id = f.staff.id;
  const note = f.note.trim();
  if (note) body.note = note;
  return { body };
}

/**
 * Which field of the dialog an API error about an appointment is about, from its `field` or its
 * `code`; null for none (it goes above the fields).
 * @param {{code: string, details?: {field?: string}}} error
 * @returns {Field | null}
 */
export function appointmentField(error) {
  /** @type {Record<string, Field>} */
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

/**
 * The same for a closure of `kind`: its time range, or the note.
 * @param {{code: string, details?: {field?: string}}} error
 * @param {string} kind
 * @returns {Field | null}
 */
export function closureField(error, kind) {
  const field = error.details?.field;
  const range = kind === "pause" ? "when" : "days";
  if (field === "start" || field === "end" || /range|start|end/.test(error.code)) return range;
  if (field === "note") return "note";
  return null;
}
