// The step "Bei wem möchten Sie buchen?", where the business lets customers choose: the persons
// who offer the chosen service at the chosen location (name, photo or initials), and "Egal – erste
// freie Person" unless the choice is required. The times that follow are that person's only.

import { avatar } from "../kit/avatar.js";
import { h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { contextText } from "./chosen.js";
import { forgetSlots, personsHere, staffChoice, state } from "./state.js";
import { backButton, go } from "./steps.js";
import { loadWeek } from "./times.js";

/** Whether "Egal" was the customer's choice, to mark it when they come back to this step. */
let anyChosen = false;

/**
 * Chooses `staffId` (null: the first free person) and goes on to the times.
 * @param {string | null} staffId
 */
function choose(staffId) {
  if (String(state.staffId) !== String(staffId)) {
    forgetSlots();
    state.slot = null;
  }
  state.staffId = staffId;
  anyChosen = staffId === null;
  go("time");
  loadWeek();
}

export function renderPerson() {
  const here = personsHere();
  const optional = staffChoice() !== "required";
  /** @type {Node[]} */
  const items = here.map((p) => h("li", {},
    h("button", {
      class: "choice person", type: "button", dataset: { staffId: String(p.id) },
      "aria-pressed": String(String(p.id) === String(state.staffId)),
      onclick: () => choose(String(p.id)),
    },
    avatar(p.name, p.photo_url, 44),
    h("span", { class: "choice-main" }, h("span", { class: "choice-name" }, p.name)),
    h("span", { class: "chevron", "aria-hidden": "true" }))));
  if (optional || !here.length) {
    items.push(h("li", {},
      h("button", {
        class: "choice person-any", type: "button", dataset: { staffId: "" },
        "aria-pressed": String(anyChosen && state.staffId === null),
        onclick: () => choose(null),
      },
      h("span", { class: "avatar avatar-any", style: { width: "44px", height: "44px" }, "aria-hidden": "true" }, "?"),
      h("span", { class: "choice-main" }, h("span", { class: "choice-name" }, t("Egal – erste freie Person"))),
      h("span", { class: "chevron", "aria-hidden": "true" }))));
  }
  /** @type {Node[]} */
  const nodes = [h("div", { class: "step-top" }, backButton("service"), h("span", { class: "step-context" }, contextText()))];
  if (state.notice) {
    nodes.push(h("p", { class: "alert alert-warning", role: "alert" }, state.notice));
    state.notice = null;
  }
  return nodes.concat(h("ul", { class: "choice-list persons" }, items));
}
