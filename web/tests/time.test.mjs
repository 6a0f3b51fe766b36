// The wall-clock helpers of web/static/kit/time.js, without a browser: the business's zone decides, not
// the zone the computer runs in (this file runs under a zone far from Vienna on purpose), and the
// days Vienna changes its clocks come out right.
process.env.TZ = "Pacific/Auckland";

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  addDays,
  formatters,
  isoWithOffset,
  offsetMinutes,
  stepTimes,
  wallToInstant,
  weekday,
  zonedDate,
} from "../static/kit/time.js";

const VIENNA = "Europe/Vienna";

test("the browser's own zone is not Vienna's", () => {
  assert.notEqual(new Date(Date.UTC(2027, 0, 15)).getTimezoneOffset(), -60);
});

test("Vienna is an hour ahead of UTC in winter and two in summer", () => {
  assert.equal(offsetMinutes(new Date("2027-01-15T12:00:00Z"), VIENNA), 60);
  assert.equal(offsetMinutes(new Date("2027-07-15T12:00:00Z"), VIENNA), 120);
});

test("a wall time becomes the instant Vienna's clocks show it, with Vienna's offset", () => {
  const instant = wallToInstant({ year: 2027, month: 3, day: 29, hour: 9 }, VIENNA);
  assert.equal(instant.toISOString(), "2027-03-29T07:00:00.000Z");
  assert.equal(isoWithOffset(instant, VIENNA), "2027-03-29T09:00:00+02:00");
});

test("on the spring change day a time in the gap moves to just after it", () => {
  // 2027-03-28: clocks go from 02:00 to 03:00; 02:30 does not exist in Vienna.
  const inGap = wallToInstant({ year: 2027, month: 3, day: 28, hour: 2, minute: 30 }, VIENNA);
  assert.equal(isoWithOffset(inGap, VIENNA), "2027-03-28T03:30:00+02:00");
  const before = wallToInstant({ year: 2027, month: 3, day: 28, hour: 1, minute: 30 }, VIENNA);
  assert.equal(isoWithOffset(before, VIENNA), "2027-03-28T01:30:00+01:00");
});

test("on the autumn change day an hour that comes twice means its first time", () => {
  // 2027-10-31: clocks go back from 03:00 to 02:00; 02:30 happens twice.
  const twice = wallToInstant({ year: 2027, month: 10, day: 31, hour: 2, minute: 30 }, VIENNA);
  assert.equal(twice.toISOString(), "2027-10-31T00:30:00.000Z");
  assert.equal(isoWithOffset(twice, VIENNA), "2027-10-31T02:30:00+02:00");
  const after = new Date(twice.getTime() + 3600000);
  assert.equal(isoWithOffset(after, VIENNA), "2027-10-31T02:30:00+01:00");
});

test("the date of an instant is Vienna's date, whatever the computer's zone", () => {
  // 23:30 in Vienna is already the next morning in Auckland.
  const lateEvening = wallToInstant({ year: 2027, month: 1, day: 15, hour: 23, minute: 30 }, VIENNA);
  assert.equal(zonedDate(lateEvening, VIENNA), "2027-01-15");
  assert.equal(lateEvening.getDate(), 16);
});

test("plain dates step over the change days by calendar days, not 24-hour spans", () => {
  assert.equal(addDays("2027-03-27", 1), "2027-03-28");
  assert.equal(addDays("2027-03-28", 1), "2027-03-29");
  assert.equal(addDays("2027-10-30", 2), "2027-11-01");
  assert.equal(weekday("2027-03-28"), 0);
});

test("times are shown in Vienna's time and the page's language", () => {
  const nine = wallToInstant({ year: 2027, month: 3, day: 29, hour: 9 }, VIENNA);
  const german = formatters(VIENNA, "de-DE");
  assert.equal(german.time(nine), "09:00");
  assert.equal(german.plain("2027-03-29", "full"), "Montag, 29. März 2027");
  // ICU versions differ in the comma after the weekday; the words and their order do not.
  assert.match(formatters(VIENNA, "en-GB").plain("2027-03-29", "full"), /^Monday,? 29 March 2027$/);
});

test("the step grid lists every start and keeps an odd one in order", () => {
  assert.deepEqual(stepTimes(30, { from: 480, to: 600 }), ["08:00", "08:30", "09:00", "09:30", "10:00"]);
  assert.deepEqual(stepTimes(60, { from: 480, to: 600, extra: "08:45" }), ["08:00", "08:45", "09:00", "10:00"]);
});
