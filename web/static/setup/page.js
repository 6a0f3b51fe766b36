// The set-up's checklist: a trade's starter services with one click, the steps no data shows
// (booking mode, link shared) marked by hand, the booking link copied. Each change reloads the
// page, whose steps the server reads afresh from the business's data.

import { request, ApiError } from "../kit/api.js";
import { byId } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import "../tour/start.js";

const error = byId("setup-error");

/**
 * Runs a change, then shows the checklist as it now stands; a refusal is shown above the steps.
 * @param {HTMLButtonElement} button
 * @param {() => Promise<unknown>} change
 */
async function change(button, change) {
  button.disabled = true;
  error.hidden = true;
  try {
    await change();
    location.reload();
  } catch (err) {
    error.textContent = err instanceof ApiError ? err.message : t("Das hat nicht geklappt. Bitte versuchen Sie es erneut.");
    error.hidden = false;
    button.disabled = false;
  }
}

for (const button of document.querySelectorAll("button[data-trade]")) {
  if (!(button instanceof HTMLButtonElement)) continue;
  button.addEventListener("click", () => change(button, () =>
    request("POST", "/api/v1/setup/starter-services", { body: { trade: button.dataset.trade }, csrf: true })));
}

for (const button of document.querySelectorAll("button[data-mark]")) {
  if (!(button instanceof HTMLButtonElement)) continue;
  button.addEventListener("click", () => change(button, () =>
    request("POST", "/api/v1/setup/marks", { body: { step: button.dataset.mark, done: button.dataset.done === "true" }, csrf: true })));
}

byId("setup-copy").addEventListener("click", async () => {
  const field = byId("setup-link-field", HTMLInputElement);
  try {
    await navigator.clipboard.writeText(field.value);
    toast(t("Kopiert"));
  } catch {
    field.select();
    toast(t("Bitte markieren und selbst kopieren."));
  }
});
