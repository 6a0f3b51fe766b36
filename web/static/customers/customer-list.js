// The customer list: the question asked (search text as one types, groups, page), kept in the
// address, and the answer to the latest question only, with its rows, pager and empty state.

import { request } from "../kit/api.js";
import { byId, debounce, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t, tn } from "../kit/i18n.js";
import { fullName, splitName } from "./names.js";

/**
 * @typedef {import("./types.js").Customer} Customer
 * @typedef {import("./types.js").CustomerPage} CustomerPage
 * @typedef {import("./customer-form.js").Filling} Filling
 */

const SEARCH_DELAY_MS = 200;
const PER_PAGE = 50;

export class CustomerList {
  /**
   * `onCreate(values)` opens the new customer form with the name searched for.
   * @param {{onCreate: (values: Filling) => void}} options
   */
  constructor({ onCreate }) {
    this.onCreate = onCreate;
    const params = new URLSearchParams(window.location.search);
    this.query = {
      q: params.get("q") || "",
      /** @type {Set<string>} */
      groups: new Set(params.getAll("group")),
      page: Math.max(1, Number.parseInt(params.get("page") || "1", 10) || 1),
    };
    this.asked = 0; // the number of the latest question; older answers are dropped
    /** @type {AbortController | null} */
    this.inFlight = null;
    this.rows = byId("customer-rows");
    this.searchLater = debounce(() => this.load(), SEARCH_DELAY_MS);
    this.wireSearch(byId("customer-search", HTMLInputElement));
    /** @type {[string, number][]} */
    const pagers = [["page-prev", -1], ["page-next", 1]];
    for (const [id, step] of pagers) {
      byId(id).addEventListener("click", async () => {
        this.query.page += step;
        await this.load();
        byId("customers-main").scrollIntoView({ block: "start" });
      });
    }
  }

  /** @param {HTMLInputElement} search */
  wireSearch(search) {
    search.value = this.query.q;
    search.addEventListener("input", () => {
      this.query.q = search.value;
      this.query.page = 1;
      this.searchLater();
    });
    search.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        this.searchLater.cancel();
        this.load();
      }
    });
  }

  /**
   * Whether the list shows the customers of the group `id` (among others chosen).
   * @param {string} id
   */
  hasGroup(id) {
    return this.query.groups.has(id);
  }

  /**
   * Drops groups from the question that no longer exist.
   * @param {Set<string>} known
   */
  keepGroups(known) {
    for (const id of this.query.groups) if (!known.has(id)) this.query.groups.delete(id);
  }

  /**
   * Adds the group `id` to the question or takes it out, and asks at once.
   * @param {string} id
   */
  toggleGroup(id) {
    if (this.query.groups.has(id)) this.query.groups.delete(id);
    else this.query.groups.add(id);
    this.query.page = 1;
    this.searchLater.cancel();
    this.load();
  }

  /** @returns {URLSearchParams} */
  params() {
    const search = new URLSearchParams();
    if (this.query.q) search.set("q", this.query.q);
    for (const id of this.query.groups) search.append("group", id);
    if (this.query.page > 1) search.set("page", String(this.query.page));
    return search;
  }

  /** Keeps the question in the address, so that reloads and the record's back link return to it. */
  remember() {
    const search = this.params().toString();
    const here = `/customers${search ? `?${search}` : ""}`;
    window.history.replaceState(null, "", here + window.location.hash);
    sessionStorage.setItem("customers.list", here);
  }

  /** Asks the question; only the latest question's answer is shown. */
  async load() {
    const number = ++this.asked;
    this.inFlight?.abort();
    this.inFlight = new AbortController();
    const search = this.params();
    search.set("per_page", String(PER_PAGE));
    this.rows.setAttribute("aria-busy", "true");
    try {
      /** @type {{data: CustomerPage}} */
      const { data } = await request("GET", `/api/v1/customers?${search}`, { signal: this.inFlight.signal });
      if (number !== this.asked) return;
      if (!data.customers.length && data.total && this.query.page > 1) {
        // The page emptied (records erased meanwhile): show the last one that has customers.
        this.query.page = Math.ceil(data.total / PER_PAGE);
        this.load();
        return;
      }
      showError(byId("list-error"), "");
      this.render(data);
    } catch (err) {
      if ((err instanceof DOMException && err.name === "AbortError") || number !== this.asked) return;
      showError(byId("list-error"), apiMessage(err));
    } finally {
      if (number === this.asked) this.rows.setAttribute("aria-busy", "false");
    }
    this.remember();
  }

  /** @param {CustomerPage} answer */
  render({ customers, total, page, per_page: perPage }) {
    const typed = this.query.q.trim();
    this.rows.replaceChildren(...customers.map((c) => this.row(c)));
    const filtered = typed !== "" || this.query.groups.size > 0;
    byId("result-summary").textContent = typed
      ? tn("1 Treffer für „{q}“", "{n} Treffer für „{q}“", total, { q: typed })
      : tn("1 Kunde", "{n} Kunden", total);
    byId("customer-table").hidden = customers.length === 0;
    this.renderEmpty(customers.length === 0, filtered);
    const from = (page - 1) * perPage + 1;
    byId("pager").hidden = total <= perPage;
    byId("pager-text").textContent = t("{from}–{to} von {total}", { from, to: Math.min(total, page * perPage), total });
    byId("page-prev", HTMLButtonElement).disabled = page <= 1;
    byId("page-next", HTMLButtonElement).disabled = page * perPage >= total;
  }

  /**
   * Says why the list is empty; a name searched for can become a new customer.
   * @param {boolean} empty
   * @param {boolean} filtered
   */
  renderEmpty(empty, filtered) {
    const box = byId("list-empty");
    box.hidden = !empty;
    if (!empty) return;
    const typed = this.query.q.trim();
    const offer = typed && !/[@\d]/.test(typed)
      ? h("button", { class: "btn btn-primary", type: "button", onclick: () => this.onCreate(splitName(typed)) }, t("„{q}“ als neuen Kunden anlegen", { q: typed }))
      : null;
    const why = filtered
      ? t("Keine Kunden gefunden. Prüfen Sie die Schreibweise oder die gewählten Gruppen.")
      : t("Noch keine Kunden. Legen Sie den ersten an oder importieren Sie eine Liste.");
    // An empty database leads on: the first customer by hand, or the old list from a file.
    const first = !filtered && !typed
      ? [h("button", { class: "btn btn-primary", type: "button", id: "empty-new-customer", onclick: () => this.onCreate({}) }, t("Ersten Kunden anlegen")),
        h("button", { class: "btn", type: "button", id: "empty-import", onclick: () => document.getElementById("import-button")?.click() }, t("Liste importieren"))]
      : [];
    box.replaceChildren(h("p", {}, why), ...(offer ? [offer] : []), ...first);
  }

  /** @param {Customer} c */
  row(c) {
    const href = `/customers/${encodeURIComponent(c.id)}`;
    const row = h("li", { class: "customer-row", dataset: { customerId: c.id } },
      h("div", { class: "cell-name" },
        h("a", { class: "customer-link", href }, fullName(c)),
        c.has_proposal ? h("span", { class: "badge badge-proposal", title: t("Änderung vorgeschlagen") }, t("Änderung vorgeschlagen")) : null,
        c.account_linked ? h("span", { class: "badge badge-quiet" }, t("Online-Konto")) : null),
      h("div", { class: "cell-contact" },
        c.email ? h("span", {}, c.email) : null,
        c.phone ? h("span", {}, c.phone) : null),
      h("div", { class: "cell-groups" }, c.groups.map((g) => h("span", { class: "group-chip" }, g.name))));
    // The whole row opens the record; the name stays the link for keyboards and new tabs.
    row.addEventListener("click", (e) => {
      const inLink = e.target instanceof Element && e.target.closest("a");
      if (!inLink && !window.getSelection()?.toString()) window.location.href = href;
    });
    return row;
  }
}
