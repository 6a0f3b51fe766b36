// Open proposals: customers changed their name or phone in their own account, and the business
// takes the changes onto its record or ignores them. The list page shows them all; the record shows
// its own one field by field (customer.js).

import { staffApi } from "../kit/api.js";
import { h } from "../kit/dom.js";
import { locale, pick } from "../kit/lang.js";
import { busy } from "../kit/busy.js";
import { apiMessage, showError } from "../kit/errors.js";
import { toast } from "../kit/toast.js";

const DE = {
  fields: { first_name: "Vorname", last_name: "Nachname", phone: "Telefon" },
  empty: "leer",
  since: (when) => `seit ${when}`,
  takeAll: "Alle übernehmen",
  ignore: "Ignorieren",
  open: "Kundendaten öffnen",
  taken: (name) => `Änderungen für ${name} übernommen`,
  ignored: (name) => `Änderungen für ${name} ignoriert`,
};

const EN = {
  fields: { first_name: "First name", last_name: "Last name", phone: "Phone" },
  empty: "empty",
  since: (when) => `since ${when}`,
  takeAll: "Take all",
  ignore: "Ignore",
  open: "Open customer record",
  taken: (name) => `Changes for ${name} taken`,
  ignored: (name) => `Changes for ${name} ignored`,
};

const TEXT = pick({ de: DE, en: EN });

const $ = (id) => document.getElementById(id);

/** A proposable field's name: "Nachname" for last_name. */
export function fieldLabel(field) {
  return TEXT.fields[field] || field;
}

/** The shown value of a field: its text, or a quiet "leer" for an empty one. */
export function shownValue(value) {
  return value ? h("span", {}, value) : h("span", { class: "value-empty" }, TEXT.empty);
}

/** Takes the `take` fields of the proposal for the record and ignores the rest; returns `C`. */
export function decide(customerId, take) {
  return staffApi("POST", `/api/v1/customers/${encodeURIComponent(customerId)}/proposal`, { take });
}

export class ProposalList {
  constructor({ onDecided }) {
    this.onDecided = onDecided;
    this.when = new Intl.DateTimeFormat(locale(), { day: "2-digit", month: "2-digit", year: "numeric" });
  }

  async load() {
    try {
      this.render((await staffApi("GET", "/api/v1/customer-proposals")).proposals);
    } catch (err) {
      $("proposal-list").replaceChildren(h("li", { class: "alert alert-error" }, apiMessage(err)));
    }
  }

  render(proposals) {
    const count = $("proposal-count");
    count.textContent = String(proposals.length);
    count.hidden = proposals.length === 0;
    $("proposals-empty").hidden = proposals.length > 0;
    $("proposal-list").replaceChildren(...proposals.map((p) => this.item(p)));
  }

  item(p) {
    const error = h("p", { class: "alert alert-error", role: "alert", hidden: true });
    const act = (take, done) => async (e) => {
      const button = e.currentTarget;
      busy(button, true);
      try {
        await decide(p.customer_id, take);
        toast(done(p.customer_name));
        this.load();
        this.onDecided();
      } catch (err) {
        showError(error, apiMessage(err));
      } finally {
        busy(button, false);
      }
    };
    const fields = Object.keys(p.changes);
    return h("li", { class: "card proposal-item", dataset: { customerId: p.customer_id } },
      h("div", { class: "proposal-head" },
        h("a", { class: "customer-link", href: `/customers/${encodeURIComponent(p.customer_id)}` }, p.customer_name),
        h("span", { class: "hint" }, TEXT.since(this.when.format(new Date(p.created_at))))),
      h("dl", { class: "change-list" }, fields.map((field) => h("div", {},
        h("dt", {}, fieldLabel(field)),
        h("dd", {}, shownValue(p.changes[field].current), h("span", { class: "arrow" }, " → "),
          h("strong", {}, shownValue(p.changes[field].proposed)))))),
      error,
      h("div", { class: "form-actions" },
        h("button", { class: "btn", type: "button", onclick: act([], TEXT.ignored) }, TEXT.ignore),
        h("button", { class: "btn btn-primary", type: "button", onclick: act(fields, TEXT.taken) }, TEXT.takeAll)));
  }
}
