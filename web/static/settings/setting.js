// One business setting saved on its own: the quiet "Gespeichert" toast, or the server's message in
// the setting's error line (`#<key>-error`) with the control marked invalid.

import { staffApi } from "../kit/api.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { business } from "./state.js";

/**
 * Sends `{[key]: value}` and keeps the business's answer; true when the server took it.
 * @param {string} key
 * @param {unknown} value
 * @param {HTMLElement} control
 * @returns {Promise<boolean>}
 */
export async function saveSetting(key, value, control) {
  const error = document.getElementById(`${key}-error`);
  showError(error, "", control);
  try {
    const answer = await staffApi("PATCH", "/api/v1/settings", { [key]: value });
    Object.assign(business, answer && typeof answer === "object" ? answer : { [key]: value });
    toast(t("Gespeichert"));
    return true;
  } catch (err) {
    showError(error, apiMessage(err), control);
    return false;
  }
}
