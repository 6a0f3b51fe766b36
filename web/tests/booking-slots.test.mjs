// The booking page's grouping of free times (web/static/booking/slots.js), without a browser.
process.env.TZ = "America/New_York";

import assert from "node:assert/strict";
import { test } from "node:test";

import { slotsByDay, startsOf } from "../static/booking/slots.js";

const VIENNA = "Europe/Vienna";
const WEEK = ["2027-03-22", "2027-03-23", "2027-03-24", "2027-03-25", "2027-03-26", "2027-03-27", "2027-03-28"];
const slot = (start, end) => ({ start, end, staff_ids: ["s1"] });

test("slots go to the business's day, not the visitor's, in time order", () => {
  const late = slot("2027-03-23T23:30:00+01:00", "2027-03-24T00:00:00+01:00"); // 18:30 in New York
  const early = slot("2027-03-24T00:30:00+01:00", "2027-03-24T01:00:00+01:00"); // still the 23rd there
  const nine = slot("2027-03-23T09:00:00+01:00", "2027-03-23T09:30:00+01:00");
  const byDay = slotsByDay([late, early, nine], WEEK, VIENNA);
  assert.deepEqual(byDay.get("2027-03-23"), [nine, late]);
  assert.deepEqual(byDay.get("2027-03-24"), [early]);
});

test("every day asked for is there, a day without free times empty; others are left out", () => {
  const outside = slot("2027-03-29T09:00:00+02:00", "2027-03-29T09:30:00+02:00");
  const byDay = slotsByDay([outside], WEEK, VIENNA);
  assert.deepEqual([...byDay.keys()], WEEK);
  assert.ok([...byDay.values()].every((list) => list.length === 0));
});

test("the day the clocks change keeps its times on the right side of the gap", () => {
  const before = slot("2027-03-28T01:30:00+01:00", "2027-03-28T02:00:00+01:00");
  const after = slot("2027-03-28T03:00:00+02:00", "2027-03-28T03:30:00+02:00");
  const byDay = slotsByDay([after, before], WEEK, VIENNA);
  assert.deepEqual(byDay.get("2027-03-28"), [before, after]);
  assert.deepEqual(startsOf(byDay, "2027-03-28"), new Set([before.start, after.start]));
  assert.deepEqual(startsOf(byDay, "2027-03-30"), new Set());
  assert.deepEqual(startsOf(null, "2027-03-28"), new Set());
});
