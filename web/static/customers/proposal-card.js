// The open proposal on a customer's record, field by field (current → proposed): each field ticked
// is taken, the others are ignored, and the proposal closes either way.

import { h } from "../kit/dom.js";
import { pick } from "../kit/lang.js";
import { busy } from "../kit/busy.js";
import { apiMessage, showError } from "../kit/errors.js";
import { toast } from "../kit/toast.js";
import { decide, fieldLabel, shownValue } from "./proposal-list.js";

const DE = {
  title: (name) => `${name} hat eigene Daten geändert`,
  take: (n, all) => (all ? "Alle übernehmen" : n ? `${n} übernehmen, Rest ignorieren` : "Alle ignorieren"),
  taken: "Änderungen übernommen",
  ignored: "Änderungen ignoriert",
};

const EN = {
  title: (name) => `${name} changed their own details`,
  take: (n, all) => (all ? "Take all" : n ? `Take ${n}, ignore the rest` : "Ignore all"),
  taken: "Changes taken",
  ignored: "Changes ignored",
};

const TEXT = pick({ de: DE, en: EN });

const $ = (id) => document.getElementById(id);

export class ProposalCard {
  /** `onDecided(C)` gets the record as it is after taking or ignoring. */
  constructor(customerId, onDecided) {
    this.customerId = customerId;
    this.onDecided = onDecided;
    this.unticked = new Set(); // proposed fields the person chose not to take; kept across redraws
    $("proposal-take").addEventListener("click", (e) => this.decide(e.currentTarget, this.ticked()));
    $("proposal-ignore").addEventListener("click", (e) => this.decide(e.currentTarget, []));
  }

  /** Shows proposal `P` for the record named `name`, or hides the card when there is none. */
  render(p, name) {
    $("proposal").hidden = !p;
    if (!p) return;
    $("proposal-title").textContent = TEXT.title(name);
    $("proposal-rows").replaceChildren(...Object.entries(p.changes).map(([field, change]) => this.row(field, change)));
    this.updateButton();
  }

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

  ticked() {
    return [...document.querySelectorAll("#proposal-rows input:checked")].map((input) => input.value);
  }

  updateButton() {
    const all = document.querySelectorAll("#proposal-rows input").length;
    const n = this.ticked().length;
    $("proposal-take").textContent = TEXT.take(n, n === all);
  }

  async decide(button, take) {
    busy(button, true);
    showError($("proposal-error"), "");
    try {
      const record = await decide(this.customerId, take);
      this.unticked.clear();
      this.onDecided(record);
      toast(take.length ? TEXT.taken : TEXT.ignored);
    } catch (err) {
      showError($("proposal-error"), apiMessage(err));
    } finally {
      busy(button, false);
    }
  }
}
