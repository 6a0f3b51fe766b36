// The days the desk's calendar keeps for a time without the server (web/static/calendar/offline-data.js):
// today and the next seven days on the business's clock, whatever zone the computer runs in, each
// person's under a key of their own.
process.env.TZ = "America/New_York";

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  covers, OFFLINE_PREFIX, offlineKey, offlineRange, overlapping, readDays,
} from "../static/calendar/offline-data.js";

test("the range runs from today's midnight to the end of the seventh day after, in the business's zone", () => {
  const { from, to } = offlineRange("2027-06-10", "Europe/Vienna");
  assert.equal(from.toISOString(), "2027-06-09T22:00:00.000Z");
  assert.equal(to.toISOString(), "2027-06-17T22:00:00.000Z");
});

test("a week with a clock change is an hour shorter", () => {
  const { from, to } = offlineRange("2027-03-25", "Europe/Vienna");
  assert.equal(from.toISOString(), "2027-03-24T23:00:00.000Z");
  assert.equal(to.toISOString(), "2027-04-01T22:00:00.000Z");
  assert.equal((to.getTime() - from.getTime()) / 3600000, 8 * 24 - 1);
});

test("each person keeps their days under their own key, all under one prefix", () => {
  assert.notEqual(offlineKey("u1"), offlineKey("u2"));
  assert.ok(offlineKey(7).startsWith(OFFLINE_PREFIX));
});

test("what overlaps a range: a touching end is not in it, a spanning item is", () => {
  const item = (start, end) => ({ start, end });
  const items = [
    item("2027-06-10T08:00:00+02:00", "2027-06-10T09:00:00+02:00"), // ends where the range begins
    item("2027-06-10T09:30:00+02:00", "2027-06-10T10:00:00+02:00"), // inside
    item("2027-06-09T00:00:00+02:00", "2027-06-12T00:00:00+02:00"), // across it
    item("2027-06-10T12:00:00+02:00", "2027-06-10T13:00:00+02:00"), // begins where it ends
  ];
  const from = new Date("2027-06-10T07:00:00Z");
  const to = new Date("2027-06-10T10:00:00Z");
  assert.deepEqual(overlapping(items, from, to), [items[1], items[2]]);
});

test("only whole stored days are read back", () => {
  const days = { at: 1, from: "a", to: "b", appointments: [], closures: [] };
  assert.deepEqual(readDays(JSON.stringify(days)), days);
  assert.equal(readDays(null), null);
  assert.equal(readDays("{not json"), null);
  assert.equal(readDays(JSON.stringify({ at: 1, appointments: [] })), null);
});

test("the kept days cover a day among them, not one before or after", () => {
  const { from, to } = offlineRange("2027-06-10", "Europe/Vienna");
  const kept = { at: 1, from: from.toISOString(), to: to.toISOString(), appointments: [], closures: [] };
  const day = (plain) => offlineRange(plain, "Europe/Vienna").from;
  assert.ok(covers(kept, day("2027-06-10"), day("2027-06-11")));
  assert.ok(covers(kept, day("2027-06-17"), day("2027-06-18")));
  assert.ok(!covers(kept, day("2027-06-18"), day("2027-06-19")));
  assert.ok(!covers(kept, day("2027-06-07"), day("2027-06-14")), "a week that began before today");
});
