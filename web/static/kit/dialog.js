// Modal dialogs: closing by their × buttons, Escape or a click beside them, and small ones placed
// beside what they are about (a bottom sheet on a phone).

/**
 * A modal <dialog> closes on its [data-close] buttons, and with `backdrop` on a press beside it;
 * `onClose` runs however it closed.
 * @param {HTMLDialogElement} dialog
 * @param {{backdrop?: boolean, onClose?: () => void}} [options]
 */
export function closable(dialog, { backdrop = true, onClose } = {}) {
  for (const button of dialog.querySelectorAll("[data-close]")) {
    button.addEventListener("click", () => dialog.close());
  }
  if (backdrop) {
    // mousedown, so that a text selection dragged out of the dialog does not close it.
    dialog.addEventListener("mousedown", (e) => {
      if (e.target === dialog) dialog.close();
    });
  }
  if (onClose) dialog.addEventListener("close", onClose);
}

/**
 * @typedef {{x: number, y: number, left?: number}} Point
 *   Where a dialog should stand: beside `x` (or, with no room on the right, left of `left ?? x`).
 */

/**
 * Puts a small open dialog beside `point`, inside the window; without a point in the middle of
 * the window (never over the top bar's corner); a bottom sheet on phones.
 * @param {HTMLDialogElement} dialog
 * @param {Point | null} [point]
 */
export function placeBeside(dialog, point) {
  if (window.innerWidth < 640) {
    dialog.classList.add("is-sheet");
    dialog.style.left = "";
    dialog.style.top = "";
    return;
  }
  dialog.classList.remove("is-sheet");
  const width = dialog.offsetWidth;
  const height = dialog.offsetHeight;
  if (!point) {
    dialog.style.left = `${Math.max(8, (window.innerWidth - width) / 2)}px`;
    dialog.style.top = `${Math.max(8, (window.innerHeight - height) / 3)}px`;
    return;
  }
  let left = point.x + 10;
  if (left + width > window.innerWidth - 8) left = (point.left ?? point.x) - width - 10;
  left = Math.max(8, Math.min(left, window.innerWidth - width - 8));
  const top = Math.max(8, Math.min(point.y, window.innerHeight - height - 8));
  dialog.style.left = `${left}px`;
  dialog.style.top = `${top}px`;
}
