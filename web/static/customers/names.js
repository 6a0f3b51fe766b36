// How the desk writes a customer's name and a plain date (a birthday), the same on every page.

import { locale } from "../kit/lang.js";

/** "Anna Müller"; the record's own name, whichever part it has. */
export function fullName(c) {
  return `${c.first_name || ""} ${c.last_name || ""}`.trim();
}

const plainDates = new Intl.DateTimeFormat(locale(), {
  timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric",
});

/** "03.02.1980" for "1980-02-03": a date without a time, so no time zone can move it. */
export function plainDate(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return plainDates.format(new Date(Date.UTC(year, month - 1, day, 12)));
}
