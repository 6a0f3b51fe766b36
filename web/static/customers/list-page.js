// The customer list: search as one types, filter by groups, page through; open proposals from
// customers' own profile changes; new customers, import and export, newsletters. Changes made
// elsewhere arrive over the staff room and refresh what is shown.

import { request, staffApi } from "../kit/api.js";
import { bootData, debounce, h } from "../kit/dom.js";
import { pick } from "../kit/lang.js";
import { CustomerForm } from "./customer-form.js";
import { ImportDialog } from "./import.js";
import { NewsletterPanel } from "./newsletter.js";
import { ProposalList } from "./proposal-list.js";
import { fullName } from "./names.js";
import { apiMessage, showError } from "../kit/errors.js";
import { connectLive } from "../kit/live.js";
import { tabs } from "../kit/tabs.js";
import { toast } from "../kit/toast.js";

const DE = {
  count: (n) => (n === 1 ? "1 Kunde" : `${n} Kunden`),
  found: (n, q) => (n === 1 ? `1 Treffer für „${q}“` : `${n} Treffer für „${q}“`),
  range: (from, to, total) => `${from}–${to} von ${total}`,
  proposal: "Änderung vorgeschlagen",
  account: "Online-Konto",
  noMatch: "Keine Kunden gefunden. Prüfen Sie die Schreibweise oder die gewählten Gruppen.",
  none: "Noch keine Kunden. Legen Sie den ersten an oder importieren Sie eine Liste.",
  createNamed: (q) => `„${q}“ als neuen Kunden anlegen`,
  created: (name) => `${name} angelegt`,
  imported: (n) => (n === 1 ? "1 Kunde importiert" : `${n} Kunden importiert`),
  groupFilter: (name, n) => `${name} (${n})`,
};

const EN = {
  count: (n) => (n === 1 ? "1 customer" : `${n} customers`),
  found: (n, q) => (n === 1 ? `1 match for “${q}”` : `${n} matches for “${q}”`),
  range: (from, to, total) => `${from}–${to} of ${total}`,
  proposal: "Change proposed",
  account: "Online account",
  noMatch: "No customers found. Check the spelling or the groups chosen.",
  none: "No customers yet. Add the first one or import a list.",
  createNamed: (q) => `Add “${q}” as a new customer`,
  created: (name) => `${name} added`,
  imported: (n) => (n === 1 ? "1 customer imported" : `${n} customers imported`),
  groupFilter: (name, n) => `${name} (${n})`,
};

const TEXT = pick({ de: DE, en: EN });
const SEARCH_DELAY_MS = 200;
const LIVE_DELAY_MS = 250;
const PER_PAGE = 50;

const $ = (id) => document.getElementById(id);
const business = bootData().business;

/* ---------- the list: what is asked, and the answer to the latest question only ---------- */

const params = new URLSearchParams(window.location.search);
const query = {
  q: params.get("q") || "",
  groups: new Set(params.getAll("group")),
  page: Math.max(1, Number.parseInt(params.get("page") || "1", 10) || 1),
};
let asked = 0; // the number of the latest question; older answers are dropped
let inFlight = null;
let groups = [];

function listUrl() {
  const search = new URLSearchParams();
  if (query.q) search.set("q", query.q);
  for (const id of query.groups) search.append("group", id);
  if (query.page > 1) search.set("page", String(query.page));
  return search;
}

/** Keeps the question in the address, so that reloads and the record's back link return to it. */
function remember() {
  const search = listUrl().toString();
  const here = `/customers${search ? `?${search}` : ""}`;
  window.history.replaceState(null, "", here + window.location.hash);
  sessionStorage.setItem("customers.list", here);
}

async function loadList() {
  const number = ++asked;
  inFlight?.abort();
  inFlight = new AbortController();
  const search = listUrl();
  search.set("per_page", String(PER_PAGE));
  $("customer-rows").setAttribute("aria-busy", "true");
  try {
    const { data } = await request("GET", `/api/v1/customers?${search}`, { signal: inFlight.signal });
    if (number !== asked) return;
    if (!data.customers.length && data.total && query.page > 1) {
      // The page emptied (records erased meanwhile): show the last one that has customers.
      query.page = Math.ceil(data.total / PER_PAGE);
      loadList();
      return;
    }
    showError($("list-error"), "");
    renderList(data);
  } catch (err) {
    if (err.name === "AbortError" || number !== asked) return;
    showError($("list-error"), apiMessage(err));
  } finally {
    if (number === asked) $("customer-rows").setAttribute("aria-busy", "false");
  }
  remember();
}

function renderList({ customers, total, page, per_page: perPage }) {
  $("customer-rows").replaceChildren(...customers.map(customerRow));
  const filtered = query.q.trim() !== "" || query.groups.size > 0;
  $("result-summary").textContent = query.q.trim() ? TEXT.found(total, query.q.trim()) : TEXT.count(total);
  $("customer-table").hidden = customers.length === 0;
  renderEmpty(customers.length === 0, filtered);
  const from = (page - 1) * perPage + 1;
  $("pager").hidden = total <= perPage;
  $("pager-text").textContent = TEXT.range(from, Math.min(total, page * perPage), total);
  $("page-prev").disabled = page <= 1;
  $("page-next").disabled = page * perPage >= total;
}

function renderEmpty(empty, filtered) {
  const box = $("list-empty");
  box.hidden = !empty;
  if (!empty) return;
  const typed = query.q.trim();
  const offer = typed && !/[@\d]/.test(typed)
    ? h("button", { class: "btn btn-primary", type: "button", onclick: () => form.openNew(splitName(typed)) }, TEXT.createNamed(typed))
    : null;
  box.replaceChildren(h("p", {}, filtered ? TEXT.noMatch : TEXT.none), offer);
}

/** "Anna Maria Müller" → first name "Anna Maria", last name "Müller". */
function splitName(text) {
  const words = text.split(/\s+/);
  return words.length === 1 ? { last_name: words[0] } : { first_name: words.slice(0, -1).join(" "), last_name: words.at(-1) };
}

function customerRow(c) {
  const href = `/customers/${encodeURIComponent(c.id)}`;
  const row = h("li", { class: "customer-row", dataset: { customerId: c.id } },
    h("div", { class: "cell-name" },
      h("a", { class: "customer-link", href }, fullName(c)),
      c.has_proposal ? h("span", { class: "badge badge-proposal", title: TEXT.proposal }, TEXT.proposal) : null,
      c.account_linked ? h("span", { class: "badge badge-quiet" }, TEXT.account) : null),
    h("div", { class: "cell-contact" },
      c.email ? h("span", {}, c.email) : null,
      c.phone ? h("span", {}, c.phone) : null),
    h("div", { class: "cell-groups" }, c.groups.map((g) => h("span", { class: "group-chip" }, g.name))));
  // The whole row opens the record; the name stays the link for keyboards and new tabs.
  row.addEventListener("click", (e) => {
    if (!e.target.closest("a") && !window.getSelection()?.toString()) window.location.href = href;
  });
  return row;
}

const searchLater = debounce(() => loadList(), SEARCH_DELAY_MS);

$("customer-search").value = query.q;
$("customer-search").addEventListener("input", () => {
  query.q = $("customer-search").value;
  query.page = 1;
  searchLater();
});
$("customer-search").addEventListener("keydown", (e) => {
  if (e.key === "Enter") {
    e.preventDefault();
    searchLater.cancel();
    loadList();
  }
});

for (const [id, step] of [["page-prev", -1], ["page-next", 1]]) {
  $(id).addEventListener("click", async () => {
    query.page += step;
    await loadList();
    $("customers-main").scrollIntoView({ block: "start" });
  });
}

/* ---------- group filter chips ---------- */

async function loadGroups() {
  try {
    groups = (await staffApi("GET", "/api/v1/customer-groups")).groups;
  } catch (err) {
    showError($("list-error"), apiMessage(err));
    return;
  }
  const known = new Set(groups.map((g) => g.id));
  for (const id of query.groups) if (!known.has(id)) query.groups.delete(id);
  renderChips();
  newsletter.setGroups(groups);
}

function renderChips() {
  const box = $("group-filter");
  const focused = document.activeElement?.dataset?.groupId;
  box.hidden = groups.length === 0;
  box.replaceChildren(...groups.map((g) => h("button", {
    type: "button", class: "chip", "aria-pressed": String(query.groups.has(g.id)), dataset: { groupId: g.id },
    onclick: (e) => toggleGroup(e.currentTarget),
  }, TEXT.groupFilter(g.name, g.customers))));
  // A refresh from elsewhere keeps the keyboard where it was.
  if (focused) box.querySelector(`[data-group-id="${CSS.escape(focused)}"]`)?.focus();
}

function toggleGroup(chip) {
  const id = chip.dataset.groupId;
  if (query.groups.has(id)) query.groups.delete(id);
  else query.groups.add(id);
  chip.setAttribute("aria-pressed", String(query.groups.has(id)));
  query.page = 1;
  searchLater.cancel();
  loadList();
}

/* ---------- the rest of the page ---------- */

const form = new CustomerForm({
  timezone: business.timezone,
  onSaved: (_id, { created, name }) => {
    if (created) toast(TEXT.created(name));
    refresh();
  },
});
$("new-customer").addEventListener("click", () => form.openNew());

const proposals = new ProposalList({ onDecided: () => loadList() });
const newsletter = new NewsletterPanel();
const importer = new ImportDialog({
  onImported: (n) => {
    toast(TEXT.imported(n));
    refresh();
  },
});
$("import-button").addEventListener("click", () => importer.open());

const showTab = tabs($("customer-tabs"), (tab) => {
  const hash = tab.dataset.hash;
  window.history.replaceState(null, "", hash ? `#${hash}` : window.location.pathname + window.location.search);
  if (hash === "newsletter") newsletter.load();
});
const startTab = document.querySelector(`#customer-tabs [data-hash="${window.location.hash.slice(1)}"]`);
if (startTab && startTab.dataset.hash) showTab(startTab);

/** Everything the page shows, fetched again. */
function refresh() {
  loadList();
  loadGroups();
  proposals.load();
}

const refreshLater = debounce(refresh, LIVE_DELAY_MS);
connectLive({ events: {
  "customer.changed": refreshLater,
  "customers.imported": refreshLater,
  "customer_groups.changed": refreshLater,
  "proposal.created": refreshLater,
}, onBack: refresh });

const flash = sessionStorage.getItem("customers.flash");
if (flash) {
  sessionStorage.removeItem("customers.flash");
  toast(flash);
}
refresh();
