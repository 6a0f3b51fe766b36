// The open proposal on a customer's record, field by field (current → proposed): each field ticked
// is taken, the others are ignored, and the proposal closes either way.

import { whileBusy } from "../kit/busy.js";
import { byId, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { decide, fieldLabel, shownValue } from "./proposals.js";

/**
 * @typedef {import("./types.js").Customer} Customer
 * @typedef {import("./types.js").Proposal} Proposal
 * @typedef {import("./types.js").Change} Change
 */

export class ProposalCard {
  /**
   * `onDecided(record)` gets the record as it is after taking or ignoring.
   * @param {string} customerId
   * @param {(record: Customer) => void} onDecided
   */
  constructor(customerId, onDecided) {
    this.customerId = customerId;
    this.onDecided = onDecided;
    /** @type {Set<string>} proposed fields the person chose not to take; kept across redraws */
    this.unticked = new Set();
    const take = byId("proposal-take", HTMLButtonElement);
    const ignore = byId("proposal-ignore", HTMLButtonElement);
    take.addEventListener("click", () => this.decide(take, this.ticked()));
    ignore.addEventListener("click", () => this.decide(ignore, []));
  }

  /**
   * Shows the proposal for the record named `name`, or hides the card when there is none.
   * @param {Proposal | null} p
   * @param {string} name
   */
  render(p, name) {
    byId("proposal").hidden = !p;
    if (!p) return;
    byId("proposal-title").textContent = t("{name} hat eigene Daten geändert", { name });
    byId("proposal-rows").replaceChildren(...Object.entries(p.changes).map(([field, change]) => this.row(field, change)));
    this.updateButton();
  }

  /**
   * @param {string} field
   * @param {Change} change
   */
  row(field, change) {
    const box = h("input", { type: "checkbox", value: field, id: `take-${field}`, checked: !this.unticked.has(field) });
    box.addEventListener("change", () => {
      if (box.checked) this.unticked.delete(field);
      else this.unticked.add(field);
      this.updateButton();
    });
    return h("tr", { dataset: { field } },
      h("th", { scope: "row" }, h("label", { for: `take-${field}` }, fieldLabel(field))),
      h("td", {}, shownValue(change.current)),
      h("td", { class: "proposed" }, h("strong", {}, shownValue(change.proposed))),
      h("td", { class: "take-cell" }, box));
  }

  /** @returns {string[]} */
  ticked() {
    return [...byId("proposal-rows").querySelectorAll("input:checked")]
      .filter((input) => input instanceof HTMLInputElement).map((input) => input.value);
  }

  updateButton() {
    const all = byId("proposal-rows").querySelectorAll("input").length;
    const n = this.ticked().length;
    byId("proposal-take").textContent = n === all
      ? t("Alle übernehmen")
      : n ? t("{n} übernehmen, Rest ignorieren", { n }) : t("Alle ignorieren");
  }

  /**
   * @param {HTMLButtonElement} button
   * @param {string[]} take
   */
  async decide(button, take) {
    await whileBusy(button, async () => {
      showError(byId("proposal-error"), "");
      try {
        const record = await decide(this.customerId, take);
        this.unticked.clear();
        this.onDecided(record);
        toast(take.length ? t("Änderungen übernommen") : t("Änderungen ignoriert"));
      } catch (err) {
        showError(byId("proposal-error"), apiMessage(err));
      }
    });
  }
}
