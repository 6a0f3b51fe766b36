// Open proposals: customers changed their name or phone in their own account, and the business
// takes the changes onto its record or ignores them. The list page shows them all; the record shows
// its own one field by field (proposal-card.js).

import { staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { byId, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { locale } from "../kit/lang.js";
import { toast } from "../kit/toast.js";
import { decide, fieldLabel, shownValue } from "./proposals.js";

/** @typedef {import("./types.js").Proposal} Proposal */

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
    const ignore = h("button", { class: "btn", type: "button" }, t("Ignorieren"));
    const takeAll = h("button", { class: "btn btn-primary", type: "button" }, t("Alle übernehmen"));
    ignore.addEventListener("click", () => act(ignore, [], (name) => t("Änderungen für {name} ignoriert", { name })));
    takeAll.addEventListener("click", () => act(takeAll, fields, (name) => t("Änderungen für {name} übernommen", { name })));
    return h("li", { class: "card proposal-item", dataset: { customerId: p.customer_id } },
      h("div", { class: "proposal-head" },
        h("a", { class: "customer-link", href: `/customers/${encodeURIComponent(p.customer_id)}` }, p.customer_name),
        h("span", { class: "hint" }, t("seit {when}", { when: this.when.format(new Date(p.created_at)) }))),
      h("dl", { class: "change-list" }, fields.map((field) => h("div", {},
        h("dt", {}, fieldLabel(field)),
        h("dd", {}, shownValue(p.changes[field].current), h("span", { class: "arrow" }, " → "),
          h("strong", {}, shownValue(p.changes[field].proposed)))))),
      error,
      h("div", { class: "form-actions" }, ignore, takeAll));
  }
}
