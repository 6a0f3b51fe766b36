// Open proposals: customers changed their name or phone in their own account, and the business
// takes the changes onto its record or ignores them. The list page shows them all; the record shows
// its own one field by field (proposal-card.js).

import { staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { byId, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { locale, pick } from "../kit/lang.js";
import { toast } from "../kit/toast.js";
import { decide, fieldLabel, shownValue } from "./proposals.js";

/** @typedef {import("./types.js").Proposal} Proposal */

const DE = {
  /** @param {string} when */
  since: (when) => `seit ${when}`,
  takeAll: "Alle übernehmen",
  ignore: "Ignorieren",
  open: "Kundendaten öffnen",
  /** @param {string} name */
  taken: (name) => `Änderungen für ${name} übernommen`,
  /** @param {string} name */
  ignored: (name) => `Änderungen für ${name} ignoriert`,
};

/** @type {typeof DE} */
const EN = {
  since: (when) => `since ${when}`,
  takeAll: "Take all",
  ignore: "Ignore",
  open: "Open customer record",
  taken: (name) => `Changes for ${name} taken`,
  ignored: (name) => `Changes for ${name} ignored`,
};

const TEXT = pick({ de: DE, en: EN });

export class ProposalList {
  /**
   * `onDecided()` runs after a proposal was taken or ignored.
   * @param {{onDecided: () => void}} options
   */
  constructor({ onDecided }) {
    this.onDecided = onDecided;
    this.when = new Intl.DateTimeFormat(locale(), { day: "2-digit", month: "2-digit", year: "numeric" });
  }

  async load() {
    try {
      this.render((await staffApi("GET", "/api/v1/customer-proposals")).proposals);
    } catch (err) {
      byId("proposal-list").replaceChildren(h("li", { class: "alert alert-error" }, apiMessage(err)));
    }
  }

  /** @param {Proposal[]} proposals */
  render(proposals) {
    const count = byId("proposal-count");
    count.textContent = String(proposals.length);
    count.hidden = proposals.length === 0;
    byId("proposals-empty").hidden = proposals.length > 0;
    byId("proposal-list").replaceChildren(...proposals.map((p) => this.item(p)));
  }

  /** @param {Proposal} p */
  item(p) {
    const error = h("p", { class: "alert alert-error", role: "alert", hidden: true });
    /**
     * @param {HTMLButtonElement} button
     * @param {string[]} take
     * @param {(name: string) => string} done
     */
    const act = (button, take, done) => whileBusy(button, async () => {
      try {
        await decide(p.customer_id, take);
        toast(done(p.customer_name));
        this.load();
        this.onDecided();
      } catch (err) {
        showError(error, apiMessage(err));
      }
    });
    const fields = Object.keys(p.changes);
    const ignore = h("button", { class: "btn", type: "button" }, TEXT.ignore);
    const takeAll = h("button", { class: "btn btn-primary", type: "button" }, TEXT.takeAll);
    ignore.addEventListener("click", () => act(ignore, [], TEXT.ignored));
    takeAll.addEventListener("click", () => act(takeAll, fields, TEXT.taken));
    return h("li", { class: "card proposal-item", dataset: { customerId: p.customer_id } },
      h("div", { class: "proposal-head" },
        h("a", { class: "customer-link", href: `/customers/${encodeURIComponent(p.customer_id)}` }, p.customer_name),
        h("span", { class: "hint" }, TEXT.since(this.when.format(new Date(p.created_at))))),
      h("dl", { class: "change-list" }, fields.map((field) => h("div", {},
        h("dt", {}, fieldLabel(field)),
        h("dd", {}, shownValue(p.changes[field].current), h("span", { class: "arrow" }, " → "),
          h("strong", {}, shownValue(p.changes[field].proposed)))))),
      error,
      h("div", { class: "form-actions" }, ignore, takeAll));
  }
}
