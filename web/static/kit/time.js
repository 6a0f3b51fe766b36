// Time helpers: instants are shown and entered in the business's time zone, whatever the
// browser's own zone is. Plain dates are "YYYY-MM-DD" strings; instants are Date objects.

import { locale as pageLocale } from "./lang.js";

/**
 * A wall-clock time: the fields a clock in some zone shows.
 * @typedef {{year: number, month: number, day: number, hour: number, minute: number, second: number}} WallTime
 */

/** @type {Map<string, Intl.DateTimeFormat>} */
const partFormatters = new Map();

/** @param {string} timeZone */
function partFormatter(timeZone) {
  let fmt = partFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partFormatters.set(timeZone, fmt);
  }
  return fmt;
}

/**
 * The wall-clock fields of an instant in a time zone.
 * @param {Date} date
 * @param {string} timeZone
 * @returns {WallTime}
 */
export function zonedParts(date, timeZone) {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const { type, value } of partFormatter(timeZone).formatToParts(date)) {
    if (type in out) out[/** @type {keyof WallTime} */ (type)] = Number(value);
  }
  if (out.hour === 24) out.hour = 0;
  return out;
}

/**
 * Minutes the zone is ahead of UTC at that instant (e.g. 60 for Vienna in winter).
 * @param {Date} date
 * @param {string} timeZone
 */
export function offsetMinutes(date, timeZone) {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const whole = Math.floor(date.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60000);
}

/**
 * "+01:00" for 60 minutes.
 * @param {number} minutes
 */
export function offsetString(minutes) {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The instant at which the zone's clocks show the given wall time. A wall time that does not
 * exist (spring forward) maps to the instant just after the gap; an ambiguous one to the first.
 * @param {{year: number, month: number, day: number, hour?: number, minute?: number}} wall
 * @param {string} timeZone
 * @returns {Date}
 */
export function wallToInstant({ year, month, day, hour = 0, minute = 0 }, timeZone) {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const halfDay = 12 * 3600000;
  // The offsets in force half a day before and after cover any single transition.
  const before = guess - offsetMinutes(new Date(guess - halfDay), timeZone) * 60000;
  const after = guess - offsetMinutes(new Date(guess + halfDay), timeZone) * 60000;
  /** @param {number} t */
  const shows = (t) => {
    const p = zonedParts(new Date(t), timeZone);
    return p.year === year && p.month === month && p.day === day && p.hour === hour
      && p.minute === minute;
  };
  const valid = [before, after].filter(shows);
  return new Date(valid.length ? Math.min(...valid) : before);
}

/**
 * ISO 8601 with the zone's offset at that instant: "2027-03-29T09:00:00+02:00".
 * @param {Date} date
 * @param {string} timeZone
 */
export function isoWithOffset(date, timeZone) {
  return `${floatingIso(date, timeZone)}${offsetString(offsetMinutes(date, timeZone))}`;
}

/**
 * The wall-clock time in the zone, without offset: "2027-03-29T09:00:00".
 * @param {Date} date
 * @param {string} timeZone
 */
export function floatingIso(date, timeZone) {
  const p = zonedParts(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/**
 * The plain date of an instant in the zone.
 * @param {Date} date
 * @param {string} timeZone
 */
export function zonedDate(date, timeZone) {
  const p = zonedParts(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/**
 * Today's plain date in the zone.
 * @param {string} timeZone
 */
export function todayIn(timeZone) {
  return zonedDate(new Date(), timeZone);
}

/**
 * The fields of a plain date "YYYY-MM-DD".
 * @param {string} plain
 * @returns {{year: number, month: number, day: number}}
 */
export function parseDate(plain) {
  const [year, month, day] = plain.split("-").map(Number);
  return { year, month, day };
}

/**
 * The plain date `days` after `plain` (before, when negative).
 * @param {string} plain
 * @param {number} days
 */
export function addDays(plain, days) {
  const { year, month, day } = parseDate(plain);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return d.toISOString().slice(0, 10);
}

/**
 * 0 = Sunday … 6 = Saturday, for a plain date.
 * @param {string} plain
 */
export function weekday(plain) {
  const { year, month, day } = parseDate(plain);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/**
 * Minutes since midnight for "HH:MM".
 * @param {string} hhmm
 */
export function minutesOf(hhmm) {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

/**
 * "HH:MM" every `step` minutes from `from` to `to` (minutes after midnight), `extra` sorted in.
 * @param {number} step
 * @param {{from?: number, to?: number, extra?: string}} [range]
 */
export function stepTimes(step, { from = 0, to = 24 * 60 - 1, extra } = {}) {
  const values = [];
  for (let m = from; m <= to; m += step) values.push(`${pad(Math.floor(m / 60))}:${pad(m % 60)}`);
  if (extra && !values.includes(extra)) values.push(extra);
  return values.sort();
}

/**
 * Two digits at least: "09".
 * @param {number} n
 */
export function pad(n) {
  return String(n).padStart(2, "0");
}

/**
 * @typedef {"weekday" | "dayMonth" | "long" | "full" | "monthYear" | "monthShort" | "monthShortYear"} PlainStyle
 */

/**
 * Formatters for dates and times in a zone, in the page's language, made once per page.
 * @param {string} timeZone
 * @param {string} [locale]
 */
export function formatters(timeZone, locale = pageLocale()) {
  /** @param {Intl.DateTimeFormatOptions} opts */
  const make = (opts) => new Intl.DateTimeFormat(locale, { timeZone, ...opts });
  const time = make({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const dayLong = make({ weekday: "short", day: "2-digit", month: "2-digit", year: "numeric" });
  const dayFull = make({ weekday: "long", day: "numeric", month: "long", year: "numeric" });
  const dayShort = make({ day: "2-digit", month: "2-digit" });
  const weekdayShort = make({ weekday: "short" });
  // Plain dates are formatted as noon UTC in UTC, so no zone can move them to another day.
  /** @param {Intl.DateTimeFormatOptions} opts */
  const plain = (opts) => new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...opts });
  const plainFmt = {
    weekday: plain({ weekday: "short" }),
    dayMonth: plain({ day: "2-digit", month: "2-digit" }),
    long: plain({ weekday: "short", day: "2-digit", month: "2-digit", year: "numeric" }),
    full: plain({ weekday: "long", day: "numeric", month: "long", year: "numeric" }),
    monthYear: plain({ month: "long", year: "numeric" }),
    monthShort: plain({ month: "short" }),
    monthShortYear: plain({ month: "short", year: "numeric" }),
  };
  /** @param {string} p */
  const noon = (p) => {
    const { year, month, day } = parseDate(p);
    return new Date(Date.UTC(year, month - 1, day, 12));
  };
  return {
    /** @param {Date} d */
    time: (d) => time.format(d),
    /** @param {Date} a @param {Date} b */
    range: (a, b) => `${time.format(a)}–${time.format(b)}`,
    /** @param {Date} d */
    day: (d) => dayLong.format(d),
    /** @param {Date} d */
    dayFull: (d) => dayFull.format(d),
    /** @param {Date} d */
    dayShort: (d) => dayShort.format(d),
    /** @param {Date} d */
    weekdayShort: (d) => weekdayShort.format(d),
    /** @param {string} p  A plain date. @param {PlainStyle} [kind] */
    plain: (p, kind = "long") => plainFmt[kind].format(noon(p)),
  };
}
