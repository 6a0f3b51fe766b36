// One customer's record page: it owns what is shown (the record, its appointments, an open
// proposal), loads it, and shows it again whenever it changes here or elsewhere (live). The
// record's parts are modules of their own: data, note, proposal, appointments, editing, erasure,
// and who did what to it.

import { ApiError, staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { bootData, byId, find, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { connectLive } from "../kit/live.js";
import { toast } from "../kit/toast.js";
import { CustomerForm } from "./customer-form.js";
import { offerErasure } from "./erasure.js";
import { History } from "./history.js";
import { fullName } from "./names.js";
import { ProposalCard } from "./proposal-card.js";
import { renderAttendance } from "./record-attendance.js";
import { RecordFacts, renderSub } from "./record-facts.js";
import { RecordLog } from "./record-log.js";
import { RecordNote } from "./record-note.js";
import "../tour/start.js";

/**
 * @typedef {import("./types.js").Customer} Customer
 * @typedef {import("./types.js").CustomerDetail} CustomerDetail
 * @typedef {import("./types.js").RecordBoot} RecordBoot
 */

const PAST_PAGE = 50;
const MOST_PAST = 200;
const APPOINTMENT_EVENTS = [
  "appointment.created", "appointment.updated", "appointment.cancelled",
  "hold.created", "hold.confirmed", "hold.released",
];

/** @type {RecordBoot} */
const setup = bootData();
const tz = setup.business.timezone;
const customerId = setup.customer.id;
const history = new History(setup);
const log = new RecordLog(customerId, tz);

/** @type {CustomerDetail} */
let shown = { customer: setup.customer, upcoming: [], past: [], past_total: 0, past_next: null, proposal: null };
let pastWanted = PAST_PAGE; // how much of the past is shown; a reload keeps as much
let asked = 0;
const titleTail = document.title.slice(fullName(setup.customer).length); // " – Kunden – <business>"

const listUrl = sessionStorage.getItem("customers.list") || "/customers";
byId("back-to-list", HTMLAnchorElement).href = listUrl;

const facts = new RecordFacts({
  customerId,
  timezone: tz,
  onChanged: (record) => {
    shown.customer = record;
  },
});
const note = new RecordNote({
  customerId,
  current: () => shown.customer,
  onSaved: (record) => {
    shown.customer = record;
  },
});
const proposal = new ProposalCard(customerId, (record) => {
  shown = { ...shown, customer: record, proposal: null };
  render();
  byId("edit-customer").focus();
});
const form = new CustomerForm({
  timezone: tz,
  onSaved: () => {
    toast(t("Gespeichert"));
    load();
  },
});
byId("edit-customer").addEventListener("click", () => form.openEdit(shown.customer));
offerErasure({
  customerId,
  current: () => shown,
  whenText: (a) => history.whenText(a),
  calendarHref: (a) => history.calendarHref(a),
  listUrl,
});

/* ---------- loading ---------- */

async function load() {
  const number = ++asked;
  log.load();
  try {
    /** @type {CustomerDetail} */
    const detail = await staffApi("GET", `/api/v1/customers/${encodeURIComponent(customerId)}?past_limit=${pastWanted}`);
    if (number !== asked) return;
    shown = detail;
    render();
  } catch (err) {
    if (number !== asked) return;
    if (err instanceof ApiError && err.status === 404) showGone();
    else showError(byId("history-error"), apiMessage(err));
  }
}

async function loadMorePast() {
  await whileBusy(byId("past-more", HTMLButtonElement), async () => {
    try {
      /** @type {CustomerDetail} */
      const more = await staffApi("GET", `/api/v1/customers/${encodeURIComponent(customerId)}?past_limit=${PAST_PAGE}&past_before=${encodeURIComponent(shown.past_next || "")}`);
      shown = { ...shown, past: [...shown.past, ...more.past], past_next: more.past_next };
      pastWanted = Math.min(MOST_PAST, shown.past.length);
      history.render(shown, Boolean(shown.past_next));
    } catch (err) {
      showError(byId("history-error"), apiMessage(err));
    }
  });
}

function render() {
  const c = shown.customer;
  byId("customer-name").textContent = fullName(c);
  document.title = fullName(c) + titleTail;
  renderSub(c);
  facts.render(c);
  note.render(c);
  proposal.render(shown.proposal, fullName(c));
  history.render(shown, Boolean(shown.past_next));
  renderAttendance(shown, { whenText: (a) => history.whenText(a), calendarHref: (a) => history.calendarHref(a) });
  showError(byId("history-error"), "");
}

/** The record was erased (here or elsewhere): nothing of it stays on the screen. */
function showGone() {
  find(document, ".record-grid").replaceChildren(
    h("div", { class: "card empty-state" }, h("p", {}, t("Diesen Kunden gibt es nicht mehr.")),
      h("a", { class: "btn btn-primary", href: listUrl }, t("Zur Kundenliste"))));
  for (const id of ["proposal", "edit-customer", "delete-customer"]) byId(id).hidden = true;
  byId("customer-sub").replaceChildren();
}

/* ---------- live ---------- */

/** @param {{customer_id?: unknown} | null} payload */
const mine = (payload) => payload && String(payload.customer_id) === String(customerId);
/** @type {Record<string, (payload: any) => void>} */
const handlers = {
  "customer.changed": (p) => mine(p) && load(),
  "proposal.created": (p) => mine(p) && load(),
};
for (const name of APPOINTMENT_EVENTS) handlers[name] = (a) => mine(a) && load();
connectLive({ events: handlers, onBack: load });

byId("past-more").addEventListener("click", loadMorePast);
load();
