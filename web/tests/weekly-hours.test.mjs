// The weekly-hours editor's rules (web/static/kit/weekly-hours-rules.js), without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import { normalTime, suggestRange, wrongRanges } from "../static/kit/weekly-hours-rules.js";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

test("times are read the ways people type them", () => {
  for (const [typed, read] of [
    ["8", "08:00"], ["8:30", "08:30"], ["8.30", "08:30"], ["0830", "08:30"], [" 17 h ", "17:00"],
    ["24:00", "24:00"], ["7,15", "07:15"],
  ]) {
    assert.equal(normalTime(typed), read, typed);
  }
  for (const typed of ["", "25", "24:30", "8:60", "abc", "8:3"]) assert.equal(normalTime(typed), null, typed);
});

test("a range ending before it starts is wrong at its end, an overlap at its start", () => {
  assert.deepEqual(wrongRanges([["08:00", "12:00"], ["13:00", "18:00"]]), []);
  assert.deepEqual(wrongRanges([["12:00", "08:00"]]), [{ index: 0, field: "to" }]);
  assert.deepEqual(wrongRanges([["08:00", "12:00"], ["11:00", "14:00"]]), [
    { index: 0, field: "from" },
    { index: 1, field: "from" },
  ]);
  assert.deepEqual(wrongRanges([["08:00", "12:00"], ["12:00", "24:00"]]), [], "touching is fine");
  assert.deepEqual(wrongRanges([["9", "9"]]), [{ index: 0, field: "to" }]);
});

test("a new range follows the day's last one, else the nearest open day before, else 8 to 18", () => {
  const week = { mon: [["08:00", "12:00"], ["13:00", "17:00"]], tue: null, wed: [] };
  assert.deepEqual(suggestRange(week, DAYS, "mon"), ["18:00", "22:00"]);
  assert.deepEqual(suggestRange(week, DAYS, "tue"), ["08:00", "17:00"]);
  assert.deepEqual(suggestRange({ fri: [["20:00", "23:30"]] }, DAYS, "fri"), ["23:00", "24:00"]);
  assert.deepEqual(suggestRange({}, DAYS, "mon"), ["08:00", "18:00"]);
});
