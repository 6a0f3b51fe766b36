// The group filter above the customer list: a chip per group with its number of customers,
// pressed while the list shows that group's customers.

import { byId, h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";

/** @typedef {import("./types.js").Group} Group */

/**
 * Shows the chips of `groups`; `pressed(id)` says whether the list is filtered by a group, and
 * `onToggle(id)` runs when a chip is pressed or released.
 * @param {Group[]} groups
 * @param {{pressed: (id: string) => boolean, onToggle: (id: string) => void}} list
 */
export function renderGroupFilter(groups, { pressed, onToggle }) {
  const box = byId("group-filter");
  const active = document.activeElement;
  const focused = active instanceof HTMLElement ? active.dataset.groupId : undefined;
  box.hidden = groups.length === 0;
  box.replaceChildren(...groups.map((g) => {
    const chip = h("button", {
      type: "button", class: "chip", "aria-pressed": String(pressed(g.id)), dataset: { groupId: g.id },
    }, t("{name} ({n})", { name: g.name, n: g.customers }));
    chip.addEventListener("click", () => {
      onToggle(g.id);
      chip.setAttribute("aria-pressed", String(pressed(g.id)));
    });
    return chip;
  }));
  // A refresh from elsewhere keeps the keyboard where it was.
  const again = focused && box.querySelector(`[data-group-id="${CSS.escape(focused)}"]`);
  if (again instanceof HTMLElement) again.focus();
}
