// Short notes for screen readers (and a glance): the booking page's polite live region, which says a
// note once and then empties itself.

import { byId } from "../kit/dom.js";

const SHOWN_MS = 4200;

/** @type {ReturnType<typeof setTimeout> | undefined} */
let clearTimer;

/**
 * Says `text` in the page's live region.
 * @param {string} text
 */
export function announce(text) {
  const note = byId("live-note");
  note.textContent = "";
  clearTimeout(clearTimer);
  // A fresh text node makes screen readers speak a repeated message again.
  requestAnimationFrame(() => { note.textContent = text; });
  clearTimer = setTimeout(() => { note.textContent = ""; }, SHOWN_MS);
}
