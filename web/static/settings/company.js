// The business's company data in the settings: address, phone, e-mail, website, imprint and privacy
// links, saved together. The booking page's footer and every mail show them from then on.

import { ApiError, staffApi } from "../kit/api.js";
import { busy } from "../kit/busy.js";
import { byId } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";

const FIELDS = ["address", "phone", "email", "website", "imprint_url", "privacy_url", "privacy_text"];

/** @param {string} name */
const input = (name) => name === "privacy_text"
  ? byId(`company-${name}`, HTMLTextAreaElement)
  : byId(`company-${name}`, HTMLInputElement);

/** @param {string} name @param {string} message */
function fieldError(name, message) {
  showError(byId(`company-${name}-error`), message, input(name));
}

/**
 * Shows the logo at `url`, or that there is none.
 * @param {string} url
 */
function showLogo(url) {
  const preview = byId("logo-preview", HTMLImageElement);
  preview.hidden = !url;
  if (url) preview.src = url;
  else preview.removeAttribute("src");
  byId("logo-none").hidden = Boolean(url);
  byId("logo-remove").hidden = !url;
}

/**
 * Uploads (a file) or removes (null) the logo, and shows the outcome.
 * @param {File | null} file
 */
async function changeLogo(file) {
  const error = byId("logo-error");
  showError(error, "");
  try {
    const saved = file
      ? await staffApi("PUT", "/api/v1/company/logo", file)
      : await staffApi("DELETE", "/api/v1/company/logo");
    showLogo(String(saved?.logo_url ?? ""));
    toast(file ? t("Logo gespeichert") : t("Logo entfernt"));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    showError(error, err.message, byId("logo-choose", HTMLButtonElement));
  }
}

function startLogo() {
  const chooser = byId("logo-file", HTMLInputElement);
  byId("logo-choose", HTMLButtonElement).addEventListener("click", () => chooser.click());
  chooser.addEventListener("change", async () => {
    const file = chooser.files?.[0];
    if (file) await changeLogo(file);
    chooser.value = "";
  });
  byId("logo-remove", HTMLButtonElement).addEventListener("click", async () => {
    await changeLogo(null);
    byId("logo-choose", HTMLButtonElement).focus();
  });
}

export function startCompany() {
  startLogo();
  const form = byId("company-form", HTMLFormElement);
  const alertBox = byId("company-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const name of FIELDS) fieldError(name, "");
    showError(alertBox, "");
    const button = byId("company-save", HTMLButtonElement);
    busy(button, true);
    try {
      const body = Object.fromEntries(FIELDS.map((name) => [name, input(name).value.trim()]));
      const saved = await staffApi("PATCH", "/api/v1/company", body);
      if (saved && typeof saved === "object") {
        for (const name of FIELDS) input(name).value = String(/** @type {Record<string, unknown>} */ (saved)[name] ?? "");
      }
      toast(t("Gespeichert"));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const named = err.details.field;
      if (typeof named === "string" && FIELDS.includes(named)) {
        fieldError(named, err.message);
        input(named).focus();
      } else {
        showError(alertBox, err.message);
      }
    } finally {
      busy(button, false);
    }
  });
}
