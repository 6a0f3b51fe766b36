// The customer list page: the list with its search and group filter, open proposals from
// customers' own profile changes, new customers, import and export, newsletters. Changes made
// elsewhere arrive over the staff room and refresh what is shown.

import { staffApi } from "../kit/api.js";
import { bootData, byId, debounce } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t, tn } from "../kit/i18n.js";
import { connectLive } from "../kit/live.js";
import { tabs } from "../kit/tabs.js";
import { toast } from "../kit/toast.js";
import { CustomerForm } from "./customer-form.js";
import { CustomerList } from "./customer-list.js";
import { renderGroupFilter } from "./group-filter.js";
import { ImportDialog } from "./import.js";
import { NewsletterPanel } from "./newsletter.js";
import { ProposalList } from "./proposal-list.js";
import "../tour/start.js";

/** @typedef {import("./types.js").Group} Group */

const LIVE_DELAY_MS = 250;

/** @type {{business: import("./types.js").Business}} */
const { business } = bootData();

const form = new CustomerForm({
  timezone: business.timezone,
  onSaved: (_id, { created, name }) => {
    if (created) toast(t("{name} angelegt", { name }));
    refresh();
  },
});
byId("new-customer").addEventListener("click", () => form.openNew());

const list = new CustomerList({ onCreate: (values) => form.openNew(values) });
const proposals = new ProposalList({ onDecided: () => list.load() });
const newsletter = new NewsletterPanel();
const importer = new ImportDialog({
  onImported: (n) => {
    toast(tn("1 Kunde importiert", "{n} Kunden importiert", n));
    refresh();
  },
});
byId("import-button").addEventListener("click", () => importer.open());

/** The business's groups, for the filter and the newsletter; the list forgets deleted ones. */
async function loadGroups() {
  /** @type {Group[]} */
  let groups;
  try {
    groups = (await staffApi("GET", "/api/v1/customer-groups")).groups;
  } catch (err) {
    showError(byId("list-error"), apiMessage(err));
    return;
  }
  list.keepGroups(new Set(groups.map((g) => g.id)));
  renderGroupFilter(groups, { pressed: (id) => list.hasGroup(id), onToggle: (id) => list.toggleGroup(id) });
  newsletter.setGroups(groups);
}

const showTab = tabs(byId("customer-tabs"), (tab) => {
  const hash = tab.dataset.hash;
  window.history.replaceState(null, "", hash ? `#${hash}` : window.location.pathname + window.location.search);
  if (hash === "newsletter") newsletter.load();
});
const startTab = document.querySelector(`#customer-tabs [data-hash="${window.location.hash.slice(1)}"]`);
if (startTab instanceof HTMLElement && startTab.dataset.hash) showTab(startTab);

/** Everything the page shows, fetched again. */
function refresh() {
  list.load();
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
