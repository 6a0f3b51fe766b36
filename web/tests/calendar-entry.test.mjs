// What the calendar's new-entry dialog sends (web/static/calendar/entry-payload.js), without a
// browser: the customer by id or a new one by name, a closure's days or times, and which field an
// error of the server's answer belongs to.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  appointmentBody, appointmentField, closureBody, closureField, splitName,
} from "../static/calendar/entry-payload.js";

const ZONE = "Europe/Vienna";
const START = new Date("2027-03-29T07:00:00Z"); // 09:00 in Vienna (summer time)

function fields(overrides = {}) {
  return {
    start: START,
    service: { id: "svc", name: "Behandlung", duration_minutes: 30 },
    staff: { id: "s1" },
    staffId: "s1",
    location: { id: "l1" },
    locationId: "l1",
    note: "  ",
    customer: null,
    typed: "Anna Huber",
    email: "",
    phone: "",
    ...overrides,
  };
}

test("a name splits at its last space, or at the comma of 'Last, First'", () => {
  assert.deepEqual(splitName("  Anna  Maria   Huber "), { first_name: "Anna Maria", last_name: "Huber" });
  assert.deepEqual(splitName("Huber, Anna"), { first_name: "Anna", last_name: "Huber" });
  assert.deepEqual(splitName("Anna"), { first_name: "Anna", last_name: "" });
});

test("an appointment names a customer taken from the search by id, else a new one", () => {
  const known = appointmentBody(fields({ customer: { id: "c7", first_name: "Anna", last_name: "Huber" } }), ZONE);
  assert.deepEqual(known.body, {
    staff_id: "s1", location_id: "l1", service_id: "svc", start: "2027-03-29T09:00:00+02:00", note: "",
    customer_id: "c7",
  });
  const made = appointmentBody(fields({ email: " anna@example.at ", phone: "0664 1" }), ZONE);
  assert.deepEqual(made.body?.new_customer, {
    first_name: "Anna", last_name: "Huber", email: "anna@example.at", phone: "0664 1",
  });
  assert.equal(appointmentBody(fields({ typed: "Anna" }), ZONE).error?.[0], "customer");
  assert.equal(appointmentBody(fields({ typed: " " }), ZONE).error?.[0], "customer");
  assert.equal(appointmentBody(fields({ email: "anna@" }), ZONE).error?.[0], "email");
  assert.equal(appointmentBody(fields({ service: null }), ZONE).error?.[0], "service");
  assert.equal(appointmentBody(fields({ start: null }), ZONE).error?.[0], "when");
});

test("a closure sends whole days as dates and a pause as instants, for a calendar or the business", () => {
  const days = closureBody({
    kind: "vacation", start: null, end: null, from: "2027-04-01", to: "2027-04-03", staff: { id: "s1" }, note: " Urlaub ",
  }, ZONE);
  assert.deepEqual(days.body, {
    kind: "vacation", confirm: false, start: "2027-04-01", end: "2027-04-03", staff_id: "s1", note: "Urlaub",
  });
  const pause = closureBody({
    kind: "pause", start: START, end: new Date(START.getTime() + 30 * 60000), from: "", to: "", staff: null, note: "",
  }, ZONE);
  assert.deepEqual(pause.body, {
    kind: "pause", confirm: false, start: "2027-03-29T09:00:00+02:00", end: "2027-03-29T09:30:00+02:00",
  });
  const backwards = { kind: "sick", start: null, end: null, from: "2027-04-03", to: "2027-04-01", staff: null, note: "" };
  assert.equal(closureBody(backwards, ZONE).error?.[0], "days");
  const empty = { kind: "pause", start: START, end: START, from: "", to: "", staff: null, note: "" };
  assert.equal(closureBody(empty, ZONE).error?.[0], "when");
});

test("an error goes to the field it names, else to the one its code is about", () => {
  assert.equal(appointmentField({ code: "invalid", details: { field: "email" } }), "email");
  assert.equal(appointmentField({ code: "slot_taken" }), "when");
  assert.equal(appointmentField({ code: "service_inactive" }), "service");
  assert.equal(appointmentField({ code: "rate_limited" }), null);
  assert.equal(closureField({ code: "invalid", details: { field: "end" } }, "pause"), "when");
  assert.equal(closureField({ code: "bad_range" }, "sick"), "days");
  assert.equal(closureField({ code: "invalid", details: { field: "note" } }, "sick"), "note");
});
