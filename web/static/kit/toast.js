// The toast: the quiet line at the bottom of a staff page after a save, an undo where a change can
// be taken back, and an error that concerns no field. Every page has the markup of
// `_toast.html` (#toast, #toast-text, #toast-action).

import { byId } from "./dom.js";

/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;

/**
 * Says `text` for a few seconds; with `action`, a button that runs `onAction` (and stays longer).
 * @param {string} text
 * @param {{action?: string, onAction?: () => void, error?: boolean}} [options]
 */
export function toast(text, { action, onAction, error = false } = {}) {
  const el = byId("toast");
  byId("toast-text").textContent = text;
  const button = document.getElementById("toast-action");
  if (button) {
    button.hidden = !action;
    button.textContent = action || "";
    button.onclick = action && onAction ? () => { hideToast(); onAction(); } : null;
  }
  el.classList.toggle("is-error", error);
  el.hidden = false;
  // The next frame, so that the entrance transition runs from the hidden state.
  requestAnimationFrame(() => el.classList.add("is-visible"));
  clearTimeout(timer);
  timer = setTimeout(hideToast, action ? 8000 : 4000);
}

export function hideToast() {
  const el = byId("toast");
  el.classList.remove("is-visible");
  el.hidden = true;
}
