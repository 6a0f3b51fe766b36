// A button at work: disabled, with its spinner, while what it started is under way.

/**
 * @param {HTMLButtonElement} button
 * @param {boolean} on
 */
export function busy(button, on) {
  button.classList.toggle("is-busy", on);
  button.disabled = on;
}

/**
 * Runs `work` with `button` busy, and frees the button however the work ends.
 * @template T
 * @param {HTMLButtonElement} button
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function whileBusy(button, work) {
  busy(button, true);
  try {
    return await work();
  } finally {
    busy(button, false);
  }
}
