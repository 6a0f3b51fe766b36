// Tabs in the ARIA pattern: a click or the arrow keys, Home and End choose a tab, its panel
// (named by aria-controls) shows and the others hide.

import { byId } from "./dom.js";

/**
 * Wires the tabs of `list`; `onShow(tab)` follows every choice. Returns `show(tab, focus)`.
 * @param {HTMLElement} list
 * @param {(tab: HTMLElement) => void} onShow
 * @returns {(tab: HTMLElement, focus?: boolean) => void}
 */
export function tabs(list, onShow) {
  const all = [.../** @type {NodeListOf<HTMLElement>} */ (list.querySelectorAll('[role="tab"]'))];
  /** @type {(tab: HTMLElement, focus?: boolean) => void} */
  const show = (tab, focus = false) => {
    for (const other of all) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      byId(other.getAttribute("aria-controls") || "").hidden = !selected;
    }
    if (focus) tab.focus();
    onShow(tab);
  };
  /** @type {Record<string, number>} */
  const steps = { ArrowRight: 1, ArrowLeft: -1 };
  for (const tab of all) {
    tab.addEventListener("click", () => show(tab));
    tab.addEventListener("keydown", (e) => {
      const step = steps[e.key];
      if (e.key === "Home" || e.key === "End") {
        e.preventDefault();
        show(e.key === "Home" ? all[0] : all[all.length - 1], true);
      } else if (step) {
        e.preventDefault();
        show(all[(all.indexOf(tab) + step + all.length) % all.length], true);
      }
    });
  }
  return show;
}
