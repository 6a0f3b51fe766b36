// How the desk writes a customer's name and a plain date (a birthday), the same on every page, and
// how it reads a name typed as one line.

import { locale } from "../kit/lang.js";

/**
 * "Anna Müller"; the record's own name, whichever part it has.
 * @param {{first_name?: string, last_name?: string}} c
 * @returns {string}
 */
export function fullName(c) {
  return `${c.first_name || ""} ${c.last_name || ""}`.trim();
}

/**
 * "Anna Maria Müller" → first name "Anna Maria", last name "Müller".
 * @param {string} text
 * @returns {{first_name?: string, last_name: string}}
 */
export function splitName(text) {
  const words = text.split(/\s+/);
  return words.length === 1
    ? { last_name: words[0] }
    : { first_name: words.slice(0, -1).join(" "), last_name: words[words.length - 1] };
}

const plainDates = new Intl.DateTimeFormat(locale(), {
  timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric",
});

/**
 * "03.02.1980" for "1980-02-03": a date without a time, so no time zone can move it.
 * @param {string} iso
 * @returns {string}
 */
export function plainDate(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return plainDates.format(new Date(Date.UTC(year, month - 1, day, 12)));
}
