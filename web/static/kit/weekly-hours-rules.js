// The rules of the weekly-hours editor (opening hours, each calendar's hours), without the page:
// what counts as a time, which ranges are wrong, and what a new range suggests. Unit-tested in
// web/tests/.

/**
 * @typedef {[string, string]} Range  A time range of a day as "HH:MM" (or as typed): [from, to].
 * @typedef {Record<string, Range[] | null | undefined>} Week  A day key ("mon" …) → its ranges.
 */

/** @param {number} n */
const pad = (n) => String(n).padStart(2, "0");

/**
 * "8", "8.30", "0830", "8:30 h" → "08:30"; "24:00" is the end of a day; anything else → null.
 * @param {string} text
 * @returns {string | null}
 */
export function normalTime(text) {
  const t = String(text).trim().replace(/\s+/g, "").replace(/[.,hH]/g, ":").replace(/:$/, "");
  const match = /^(\d{1,2})(?::(\d{2}))?$/.exec(t) || /^(\d{1,2})(\d{2})$/.exec(t);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2] || 0);
  if (hour > 24 || minute > 59 || (hour === 24 && minute > 0)) return null;
  return `${pad(hour)}:${pad(minute)}`;
}

/** @param {string} hhmm  "HH:MM" @returns {number} minutes after midnight */
export const minutesOf = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** @param {number} m  minutes after midnight @returns {string} "HH:MM" */
export const hhmmOf = (m) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;

/**
 * The ranges of one day (`[from, to]` as typed) that are wrong, as `{index, field}`: a range that
 * ends before it starts is wrong at its "to", one that overlaps another at its "from".
 * @param {readonly Range[]} ranges
 * @returns {{index: number, field: "from" | "to"}[]}
 */
export function wrongRanges(ranges) {
  const spans = ranges.map(([a, b]) => [minutesOf(normalTime(a) || "00:00"), minutesOf(normalTime(b) || "00:00")]);
  /** @type {{index: number, field: "from" | "to"}[]} */
  const wrong = [];
  spans.forEach(([a, b], index) => {
    if (b <= a) wrong.push({ index, field: "to" });
    else if (spans.some(([c, d], j) => j !== index && a < d && c < b)) wrong.push({ index, field: "from" });
  });
  return wrong;
}

/**
 * A sensible new range for `day` of a week (`{mon: [[from, to], …] | null, …}` in the order of
 * `days`): an hour after the day's last range, else like the nearest open day before, else 8–18.
 * @param {Week} week
 * @param {readonly string[]} days
 * @param {string} day
 * @returns {Range}
 */
export function suggestRange(week, days, day) {
  const ranges = week[day];
  if (ranges && ranges.length) {
    const last = normalTime(ranges[ranges.length - 1][1] || "") || "12:00";
    const start = Math.min(minutesOf(last) + 60, 23 * 60);
    return [hhmmOf(start), hhmmOf(Math.min(start + 4 * 60, 24 * 60))];
  }
  for (let i = days.indexOf(day) - 1; i >= 0; i -= 1) {
    const before = week[days[i]];
    if (before && before.length) return [before[0][0], before[before.length - 1][1]];
  }
  return ["08:00", "18:00"];
}
