// Errors where the person looks: beside the field concerned, or in an alert box of its own.

import { ApiError } from "./api.js";

/**
 * Shows `message` in the error element `el` (empty clears it) and marks `control` invalid.
 * @param {HTMLElement | null} el
 * @param {string} message
 * @param {HTMLElement | null} [control]
 */
export function showError(el, message, control) {
  if (!el) return;
  el.textContent = message || "";
  if (el.classList.contains("alert")) el.hidden = !message;
  if (control) {
    if (message) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
  }
}

/**
 * The server's message of an ApiError; anything else is a programming error and is thrown on,
 * never shown as if the server had said it.
 * @param {unknown} err
 * @returns {string}
 */
export function apiMessage(err) {
  if (!(err instanceof ApiError)) throw err;
  return err.message;
}
