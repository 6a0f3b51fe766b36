// The settings page's "Passwort ändern": the current password, the new one twice. The server ends
// every other session of the person and renews this page's cookie, so the page carries on.

import { ApiError, staffApi } from "../kit/api.js";
import { pick } from "../kit/lang.js";
import { busy } from "../kit/busy.js";
import { showError } from "../kit/errors.js";
import { toast } from "../kit/toast.js";

const DE = {
  missing: "Bitte füllen Sie dieses Feld aus.",
  differ: "Die beiden neuen Passwörter stimmen nicht überein.",
  changed: "Passwort geändert – auf allen anderen Geräten sind Sie abgemeldet.",
};

const EN = {
  missing: "Please fill in this field.",
  differ: "The two new passwords don't match.",
  changed: "Password changed – you're logged out on every other device.",
};

const TEXT = pick({ de: DE, en: EN });

const form = document.getElementById("password-form");
const alertBox = document.getElementById("password-error");
const FIELDS = ["current_password", "new_password", "new_password_repeat"];

function fieldError(name, message) {
  showError(document.getElementById(`${name}-error`), message, form.elements[name]);
}

function clear() {
  for (const name of FIELDS) fieldError(name, "");
  showError(alertBox, "");
}

/** The first problem the browser can see by itself, as [field, message]; null when there is none. */
function problem() {
  const missing = FIELDS.find((name) => !form.elements[name].value);
  if (missing) return [missing, TEXT.missing];
  if (form.elements.new_password.value !== form.elements.new_password_repeat.value) {
    return ["new_password_repeat", TEXT.differ];
  }
  return null;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clear();
  const found = problem();
  if (found) {
    fieldError(...found);
    form.elements[found[0]].focus();
    return;
  }
  const button = document.getElementById("password-save");
  busy(button, true);
  try {
    await staffApi("POST", "/api/v1/password", {
      current_password: form.elements.current_password.value,
      new_password: form.elements.new_password.value,
    });
    form.reset();
    toast(TEXT.changed);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const named = err.details.field;
    if (FIELDS.includes(named)) {
      fieldError(named, err.message);
      form.elements[named].focus();
    } else {
      showError(alertBox, err.message);
    }
  } finally {
    busy(button, false);
  }
});
