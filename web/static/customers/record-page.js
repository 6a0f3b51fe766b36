// One customer's record: their data, the general note, a proposal from their own profile changes
// (taken or ignored field by field), their appointments, editing and erasure. Whatever changes
// elsewhere (the record, its appointments, a new proposal) arrives live and is shown again.

import { staffApi } from "../kit/api.js";
import { bootData, h } from "../kit/dom.js";
import { pick } from "../kit/lang.js";
import { CustomerForm } from "./customer-form.js";
import { History } from "./history.js";
import { ProposalCard } from "./proposal-card.js";
import { fullName, plainDate } from "./names.js";
import { busy } from "../kit/busy.js";
import { confirmAction } from "../kit/confirm.js";
import { apiMessage, showError } from "../kit/errors.js";
import { connectLive } from "../kit/live.js";
import { toast } from "../kit/toast.js";
import { todayIn } from "../kit/time.js";

const DE = {
  email: "E-Mail",
  phone: "Telefon",
  address: "Adresse",
  birthDate: "Geburtsdatum",
  age: (n) => `${n} Jahre`,
  groups: "Gruppen",
  newsletter: "Newsletter",
  newsletterOn: "erhält Newsletter",
  newsletterOff: "abbestellt",
  unsubscribe: "Abbestellen",
  resubscribe: "Wieder anmelden",
  none: "–",
  noNote: "Keine Notiz.",
  since: (when) => `Kunde seit ${when}`,
  account: "Online-Konto verknüpft",
  privateName: "Name von Ihnen geändert",
  saved: "Gespeichert",
  noteSaved: "Notiz gespeichert",
  deleteTitle: (name) => `${name} löschen?`,
  deleteText: [
    "Name, E-Mail, Telefon, Adresse, Geburtsdatum, Notizen und Gruppen werden gelöscht, ebenso ein offener Vorschlag und die Verbindung zum Online-Konto. Newsletter gehen keine mehr an diese Adresse.",
    "Vergangene Termine bleiben im Kalender, ohne Notiz und als „Gelöschter Kunde“.",
    "Das lässt sich nicht rückgängig machen.",
  ],
  deleteOk: "Endgültig löschen",
  blockedTitle: (name) => `${name} hat noch anstehende Termine`,
  blockedText: "Sagen Sie diese Termine zuerst im Kalender ab (mit einer Nachricht an den Kunden). Danach lässt sich der Kunde löschen:",
  blockedOk: "Zum ersten Termin",
  deleted: (name) => `${name} gelöscht`,
  gone: "Diesen Kunden gibt es nicht mehr.",
  backToList: "Zur Kundenliste",
};

const EN = {
  email: "Email",
  phone: "Phone",
  address: "Address",
  birthDate: "Date of birth",
  age: (n) => `${n} years`,
  groups: "Groups",
  newsletter: "Newsletter",
  newsletterOn: "receives newsletters",
  newsletterOff: "unsubscribed",
  unsubscribe: "Unsubscribe",
  resubscribe: "Subscribe again",
  none: "–",
  noNote: "No note.",
  since: (when) => `Customer since ${when}`,
  account: "Online account linked",
  privateName: "Name changed by you",
  saved: "Saved",
  noteSaved: "Note saved",
  deleteTitle: (name) => `Delete ${name}?`,
  deleteText: [
    "Name, email, phone, address, date of birth, notes and groups are deleted, as are an open proposal and the link to the online account. No more newsletters go to this address.",
    "Past appointments stay in the calendar, without notes and as “Deleted customer”.",
    "This can't be undone.",
  ],
  deleteOk: "Delete for good",
  blockedTitle: (name) => `${name} still has upcoming appointments`,
  blockedText: "Please cancel these appointments in the calendar first (with a message to the customer). Then the customer can be deleted:",
  blockedOk: "Go to the first one",
  deleted: (name) => `${name} deleted`,
  gone: "This customer no longer exists.",
  backToList: "Go to the customer list",
};

const TEXT = pick({ de: DE, en: EN });
const PAST_PAGE = 50;
const MOST_PAST = 200;
const ACTIVE = new Set(["booked", "requested", "held"]);
const APPOINTMENT_EVENTS = [
  "appointment.created", "appointment.updated", "appointment.cancelled",
  "hold.created", "hold.confirmed", "hold.released",
];

const $ = (id) => document.getElementById(id);
const setup = bootData();
const tz = setup.business.timezone;
const customerId = setup.customer.id;
const history = new History(setup);

let shown = { customer: setup.customer, upcoming: [], past: [], proposal: null };
let pastWanted = PAST_PAGE; // how much of the past is shown; a reload keeps as much
let asked = 0;
const titleTail = document.title.slice(fullName(setup.customer).length); // " – Kunden – <business>"

const listUrl = sessionStorage.getItem("customers.list") || "/customers";
$("back-to-list").href = listUrl;

/* ---------- loading ---------- */

async function load() {
  const number = ++asked;
  try {
    const detail = await staffApi("GET", `/api/v1/customers/${encodeURIComponent(customerId)}?past_limit=${pastWanted}`);
    if (number !== asked) return;
    shown = detail;
    render();
  } catch (err) {
    if (number !== asked) return;
    if (err.status === 404) showGone();
    else showError($("history-error"), apiMessage(err));
  }
}

async function loadMorePast() {
  const button = $("past-more");
  busy(button, true);
  try {
    const more = await staffApi("GET", `/api/v1/customers/${encodeURIComponent(customerId)}?past_limit=${PAST_PAGE}&past_before=${encodeURIComponent(shown.past_next)}`);
    shown = { ...shown, past: [...shown.past, ...more.past], past_next: more.past_next };
    pastWanted = Math.min(MOST_PAST, shown.past.length);
    history.render(shown, Boolean(shown.past_next));
  } catch (err) {
    showError($("history-error"), apiMessage(err));
  } finally {
    busy(button, false);
  }
}

function render() {
  const c = shown.customer;
  $("customer-name").textContent = fullName(c);
  document.title = fullName(c) + titleTail;
  renderSub(c);
  renderFacts(c);
  renderNote(c);
  proposal.render(shown.proposal, fullName(c));
  history.render(shown, Boolean(shown.past_next));
  showError($("history-error"), "");
}

function renderSub(c) {
  const parts = [TEXT.since(plainDate(c.created_at.slice(0, 10)))];
  if (c.account_linked) parts.push(h("span", { class: "badge badge-quiet" }, TEXT.account));
  if (c.name_private) parts.push(h("span", { class: "badge badge-quiet" }, TEXT.privateName));
  $("customer-sub").replaceChildren(...parts.flatMap((part, i) => (i ? [" ", part] : [part])));
}

/* ---------- data ---------- */

function fact(label, ...value) {
  const filled = value.flat().filter((v) => v !== null && v !== "");
  return h("div", {}, h("dt", {}, label), h("dd", {}, filled.length ? filled : h("span", { class: "value-empty" }, TEXT.none)));
}

function ageOn(birth, today) {
  const [by, bm, bd] = birth.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

function renderFacts(c) {
  const place = [c.postal_code, c.city].filter(Boolean).join(" ");
  const toggle = h("button", { class: "link-button", type: "button", onclick: (e) => setNewsletter(e.currentTarget, !c.newsletter) },
    c.newsletter ? TEXT.unsubscribe : TEXT.resubscribe);
  $("customer-facts").replaceChildren(
    fact(TEXT.email, c.email ? h("a", { href: `mailto:${c.email}` }, c.email) : null),
    fact(TEXT.phone, c.phone ? h("a", { href: `tel:${c.phone.replace(/[^\d+]/g, "")}` }, c.phone) : null),
    fact(TEXT.address, c.street ? h("span", { class: "line" }, c.street) : null, place ? h("span", { class: "line" }, place) : null),
    fact(TEXT.birthDate, c.birth_date ? `${plainDate(c.birth_date)} (${TEXT.age(ageOn(c.birth_date, todayIn(tz)))})` : null),
    fact(TEXT.groups, c.groups.map((g) => h("span", { class: "group-chip" }, g.name))),
    fact(TEXT.newsletter, h("span", {}, c.newsletter ? TEXT.newsletterOn : TEXT.newsletterOff), " ", toggle),
  );
}

async function setNewsletter(button, on) {
  busy(button, true);
  try {
    shown.customer = await staffApi("PATCH", `/api/v1/customers/${encodeURIComponent(customerId)}`, { newsletter: on });
    renderFacts(shown.customer);
    toast(TEXT.saved);
  } catch (err) {
    busy(button, false);
    toast(apiMessage(err));
  }
}

/* ---------- the general note ---------- */

function renderNote(c) {
  $("note-text").textContent = c.note || TEXT.noNote;
  $("note-text").classList.toggle("is-empty", !c.note);
}

function editNote(on) {
  $("note-form").hidden = !on;
  $("note-text").hidden = on;
  $("note-edit").hidden = on;
  showError($("note-error"), "", $("note-input"));
  if (on) {
    $("note-input").value = shown.customer.note;
    $("note-input").focus();
  } else {
    $("note-edit").focus();
  }
}

$("note-edit").addEventListener("click", () => editNote(true));
$("note-cancel").addEventListener("click", () => editNote(false));
$("note-input").addEventListener("keydown", (e) => {
  if (e.key === "Escape") {
    e.preventDefault();
    editNote(false);
  }
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    $("note-form").requestSubmit();
  }
});
$("note-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const button = $("note-save");
  busy(button, true);
  try {
    shown.customer = await staffApi("PATCH", `/api/v1/customers/${encodeURIComponent(customerId)}`, { note: $("note-input").value.trim() });
    renderNote(shown.customer);
    editNote(false);
    toast(TEXT.noteSaved);
  } catch (err) {
    showError($("note-error"), apiMessage(err), $("note-input"));
  } finally {
    busy(button, false);
  }
});

/* ---------- a proposal, field by field ---------- */

const proposal = new ProposalCard(customerId, (record) => {
  shown = { ...shown, customer: record, proposal: null };
  render();
  $("edit-customer").focus();
});

/* ---------- editing and erasure ---------- */

const form = new CustomerForm({
  timezone: tz,
  onSaved: () => {
    toast(TEXT.saved);
    load();
  },
});
$("edit-customer").addEventListener("click", () => form.openEdit(shown.customer));

$("delete-customer").addEventListener("click", () => {
  const name = fullName(shown.customer);
  const ahead = shown.upcoming.filter((a) => ACTIVE.has(a.status));
  if (ahead.length) {
    confirmAction({
      title: TEXT.blockedTitle(name),
      text: h("div", {}, h("p", {}, TEXT.blockedText), h("ul", { class: "blocked-list" }, ahead.map((a) => h("li", {}, history.whenText(a))))),
      ok: TEXT.blockedOk,
      act: async () => {
        window.location.href = history.calendarHref(ahead[0]);
      },
    });
    return;
  }
  confirmAction({
    title: TEXT.deleteTitle(name),
    text: TEXT.deleteText,
    ok: TEXT.deleteOk,
    danger: true,
    act: async () => {
      await staffApi("DELETE", `/api/v1/customers/${encodeURIComponent(customerId)}`);
      sessionStorage.setItem("customers.flash", TEXT.deleted(name));
      window.location.href = listUrl;
    },
  });
});

/** The record was erased (here or elsewhere): nothing of it stays on the screen. */
function showGone() {
  document.querySelector(".record-grid").replaceChildren(
    h("div", { class: "card empty-state" }, h("p", {}, TEXT.gone), h("a", { class: "btn btn-primary", href: listUrl }, TEXT.backToList)));
  for (const id of ["proposal", "edit-customer", "delete-customer"]) $(id).hidden = true;
  $("customer-sub").replaceChildren();
}

/* ---------- live ---------- */

const mine = (payload) => payload && String(payload.customer_id) === String(customerId);
const handlers = {
  "customer.changed": (p) => mine(p) && load(),
  "proposal.created": (p) => mine(p) && load(),
};
for (const name of APPOINTMENT_EVENTS) handlers[name] = (a) => mine(a) && load();
connectLive({ events: handlers, onBack: load });

$("past-more").addEventListener("click", loadMorePast);
load();
