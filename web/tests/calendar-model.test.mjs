// The staff calendar's live model (web/static/calendar/model.js), without a browser: a calendar
// that applied the events of a burst of changes shows what a calendar loaded afterwards shows.
import assert from "node:assert/strict";
import { test } from "node:test";

import { afterFetch, applyChange, isShown } from "../static/calendar/model.js";

const STATUSES = ["held", "requested", "booked", "cancelled", "released"];

/** A small deterministic random source, so that a failure can be run again. */
function random(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function appointment(id, status, location = "L1", start = "2027-03-29T09:00:00+02:00") {
  return { id, status, location_id: location, staff_id: "S1", start };
}

/** The appointments as the server holds them after a burst of changes, and the events it sent. */
function burst(seed, known, changes) {
  const next = random(seed);
  const truth = new Map(known.map((a) => [String(a.id), a]));
  const events = [];
  for (let i = 0; i < changes; i += 1) {
    const id = next() < 0.3 ? `new-${i}` : known[Math.floor(next() * known.length)].id;
    const status = STATUSES[Math.floor(next() * STATUSES.length)];
    const changed = appointment(id, status, next() < 0.2 ? "L2" : "L1", `2027-03-29T${10 + (i % 8)}:00:00+02:00`);
    truth.set(String(id), changed);
    events.push(changed);
  }
  return { truth: [...truth.values()], events };
}

const sorted = (shown) => [...shown.entries()].sort(([a], [b]) => a.localeCompare(b));

test("what is shown: not cancelled or released, and at the chosen location", () => {
  assert.ok(isShown(appointment(1, "held")));
  assert.ok(isShown(appointment(1, "requested")));
  assert.ok(!isShown(appointment(1, "cancelled")));
  assert.ok(!isShown(appointment(1, "released")));
  assert.ok(!isShown(appointment(1, "booked", "L2"), "L1"));
  assert.ok(isShown(appointment(1, "booked", "L2"), ""));
});

for (const location of ["", "L1"]) {
  test(`applying a burst's events equals loading afresh (location filter "${location}")`, () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const known = [1, 2, 3, 4, 5].map((n) => appointment(`a${n}`, STATUSES[n % 3]));
      const stale = afterFetch(known, [], 0, location);
      const { truth, events } = burst(seed, known, 12);
      for (const a of events) applyChange(stale, a, location);
      assert.deepEqual(sorted(stale), sorted(afterFetch(truth, [], 0, location)), `seed ${seed}`);
    }
  });
}

test("changes that came while a fetch was under way are laid over its older answer", () => {
  const answer = [appointment("a", "booked"), appointment("b", "held")];
  const journal = [
    { at: 5, a: appointment("a", "cancelled") }, // before the fetch started: the answer is newer
    { at: 20, a: appointment("b", "booked") },
    { at: 30, a: appointment("c", "requested") },
  ];
  const shown = afterFetch(answer, journal, 10);
  assert.deepEqual([...shown.keys()].sort(), ["a", "b", "c"]);
  assert.equal(shown.get("b").status, "booked");
  assert.equal(shown.get("a").status, "booked");
});
