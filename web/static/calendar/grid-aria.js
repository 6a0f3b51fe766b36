// The calendar component's grid, mended for assistive technology. Its markup gives roles that
// screen readers and axe find broken: tables whose appointments lie outside their cells, a month
// whose days have no rows, an empty navigation bar (the page has a toolbar of its own), an empty
// list without items, and a scrolling area the keyboard cannot reach. After each render the roles
// are set right; the look and the component's behaviour stay as they are.

import { t } from "../kit/i18n.js";

/**
 * The day, week and month grids are tables to the component, but their appointments are drawn in
 * a layer over the cells, not in them (and the month's days sit in no rows), so the table says
 * nothing true about them and its structure is broken. To a screen reader the grid is the day
 * headings and the appointments in reading order, each appointment a button that names what it
 * shows and describes its whole day, time and details.
 * @param {Element} grid  The calendar's element in a day, week or month view.
 */
function flatten(grid) {
  if (grid.getAttribute("role") === "table") grid.setAttribute("role", "none");
  const roles = "[role=row], [role=columnheader], [role=rowheader], [role=cell], [role=rowgroup]";
  for (const el of grid.querySelectorAll(roles)) el.setAttribute("role", "none");
  for (const el of grid.querySelectorAll("[aria-colindex]")) el.removeAttribute("aria-colindex");
}

/** @param {Element} root */
function mend(root) {
  for (const grid of root.querySelectorAll(".ec:not(.ec-list)")) flatten(grid);
  for (const bar of root.querySelectorAll(".ec-toolbar")) {
    if (bar instanceof HTMLElement && !bar.hidden && !bar.textContent?.trim()) bar.hidden = true;
  }
  // The scrolling area needs something the keyboard can reach, so the arrow keys can scroll it
  // even on a day without appointments: the grid's body takes the focus.
  for (const body of root.querySelectorAll(".ec-main > .ec-body")) {
    if (body.closest(".ec-day-grid, .ec-list")) continue;
    if (!body.hasAttribute("tabindex")) body.setAttribute("tabindex", "0");
    if (body.getAttribute("role") !== "region") body.setAttribute("role", "region");
    if (body.getAttribute("aria-label") !== t("Kalender")) body.setAttribute("aria-label", t("Kalender"));
  }
  // An empty list has one item: the line that says so.
  for (const empty of root.querySelectorAll(".ec-list .ec-no-events:not([role])")) {
    empty.setAttribute("role", "listitem");
  }
}

/**
 * Keeps the grid's roles right inside `root` from now on, once per frame after a change (the
 * component adds elements, and sets its roles again on those it keeps). Each mend changes only
 * what is wrong, so it settles after one round.
 * @param {Element} root
 */
export function mendGridRoles(root) {
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      mend(root);
    });
  }).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["role", "aria-colindex"] });
  mend(root);
}
