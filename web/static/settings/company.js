// The business's company data in the settings: address, phone, e-mail, website, imprint and privacy
// links, saved together. The booking page's footer and every mail show them from then on.

import { ApiError, staffApi } from "../kit/api.js";
import { busy } from "../kit/busy.js";
import { byId } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";

const FIELDS = ["address", "phone", "email", "website", "imprint_url", "privacy_url"];

/** @param {string} name */
const input = (name) => byId(`company-${name}`, HTMLInputElement);

/** @param {string} name @param {string} message */
function fieldError(name, message) {
  showError(byId(`company-${name}-error`), message, input(name));
}

export function startCompany() {
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
