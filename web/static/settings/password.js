// The settings page's "Passwort ändern": the current password, the new one twice. The server ends
// every other session of the person and renews this page's cookie, so the page carries on.

import { ApiError, staffApi } from "../kit/api.js";
import { t } from "../kit/i18n.js";
import { busy } from "../kit/busy.js";
import { byId } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { toast } from "../kit/toast.js";

/** @typedef {"current_password" | "new_password" | "new_password_repeat"} Field */

const form = byId("password-form", HTMLFormElement);
const alertBox = byId("password-error");
/** @type {Record<Field, HTMLInputElement>} */
const inputs = {
  current_password: byId("pw-current", HTMLInputElement),
  new_password: byId("pw-new", HTMLInputElement),
  new_password_repeat: byId("pw-repeat", HTMLInputElement),
};
/** @type {Field[]} */
const FIELDS = ["current_password", "new_password", "new_password_repeat"];

/** @param {unknown} name @returns {name is Field} */
const isField = (name) => FIELDS.some((field) => field === name);

/** @param {Field} name @param {string} message */
function fieldError(name, message) {
  showError(byId(`${name}-error`), message, inputs[name]);
}

function clear() {
  for (const name of FIELDS) fieldError(name, "");
  showError(alertBox, "");
}

/**
 * The first problem the browser can see by itself, as [field, message]; null when there is none.
 * @returns {[Field, string] | null}
 */
function problem() {
  const missing = FIELDS.find((name) => !inputs[name].value);
  if (missing) return [missing, t("Bitte füllen Sie dieses Feld aus.")];
  if (inputs.new_password.value !== inputs.new_password_repeat.value) {
    return ["new_password_repeat", t("Die beiden neuen Passwörter stimmen nicht überein.")];
  }
  return null;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clear();
  const found = problem();
  if (found) {
    fieldError(...found);
    inputs[found[0]].focus();
    return;
  }
  const button = byId("password-save", HTMLButtonElement);
  busy(button, true);
  try {
    await staffApi("POST", "/api/v1/password", {
      current_password: inputs.current_password.value,
      new_password: inputs.new_password.value,
    });
    form.reset();
    toast(t("Passwort geändert – auf allen anderen Geräten sind Sie abgemeldet."));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const named = err.details.field;
    if (isField(named)) {
      fieldError(named, err.message);
      inputs[named].focus();
    } else {
      showError(alertBox, err.message);
    }
  } finally {
    busy(button, false);
  }
});
