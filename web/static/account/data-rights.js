// The customer's data rights on the account page: download everything kept about them as a JSON
// file, and delete the account after giving the password again.

import { ApiError, request } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { customerToken } from "../kit/customer-session.js";
import { find, h } from "../kit/dom.js";
import { clearErrors, control, field, showFieldError, showFormNote } from "../kit/forms.js";
import { t } from "../kit/i18n.js";

/**
 * @typedef {object} DataRightsHooks
 * @property {() => void} expire  the log-in ran out
 * @property {() => void} deleted  the account is gone
 */

/** Saves `data` as a JSON file named `filename` through the browser's download. */
function saveJson(/** @type {unknown} */ data, /** @type {string} */ filename) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** @param {DataRightsHooks} hooks */
function downloadSection(hooks) {
  const button = h("button", { class: "btn", type: "button", id: "download-data" }, t("Meine Daten herunterladen"));
  const note = h("p", { class: "hint", role: "status", id: "download-note" });
  button.addEventListener("click", () => whileBusy(button, async () => {
    try {
      const { data } = await request("GET", "/api/v1/customer/me/data", { token: customerToken() });
      saveJson(data, "meine-daten.json");
      note.textContent = t("Die Datei meine-daten.json ist heruntergeladen.");
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 401) hooks.expire();
      else note.textContent = err.message;
    }
  }));
  return h("div", { class: "account-form" },
    h("h2", { class: "section-title" }, t("Datenauskunft")),
    h("p", {}, t("Alles, was über Sie gespeichert ist, als eine Datei: Ihr Konto und bei jedem Betrieb Ihre Kundendaten, Ihre Termine und Ihre Newsletter-Einwilligungen.")),
    button, note);
}

/** @param {DataRightsHooks} hooks */
function deleteForm(hooks) {
  const form = h("form", { class: "account-form", id: "delete-form", novalidate: true },
    h("h2", { class: "section-title" }, t("Konto löschen")),
    h("p", {}, t("Ihr Konto, Ihre Anmeldung und Ihre Kontaktdaten werden gelöscht, Newsletter-Einwilligungen widerrufen. Die Betriebe behalten nur, was das Gesetz ihnen vorschreibt: ihre Aufzeichnungen über Termine, die stattgefunden haben, mit Ihrem Namen. Bei Betrieben ohne solche Termine wird Ihr Kundeneintrag ganz gelöscht.")),
    h("p", {}, t("Termine, die noch bevorstehen, sagen Sie bitte zuerst ab. Das Löschen lässt sich nicht rückgängig machen.")),
    h("div", { class: "form-alert", hidden: true }),
    field("delete_password", t("Ihr Passwort zur Bestätigung"), { type: "password", autocomplete: "current-password" }),
    h("button", { class: "btn btn-danger btn-lg", type: "submit" }, t("Konto endgültig löschen")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const password = control(form, "delete_password").value;
    if (!password) {
      showFieldError(form, "delete_password", t("Bitte geben Sie Ihr Passwort ein."));
      return;
    }
    await whileBusy(find(form, "button[type=submit]", HTMLButtonElement), async () => {
      try {
        await request("POST", "/api/v1/customer/me/delete", { token: customerToken(), body: { password } });
        hooks.deleted();
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.status === 401) hooks.expire();
        else if (err.code === "wrong_password") showFieldError(form, "delete_password", t("Das Passwort stimmt nicht."));
        else if (err.code === "has_upcoming") showFormNote(form, t("Sie haben noch bevorstehende Termine. Bitte sagen Sie diese zuerst oben ab oder wenden Sie sich an den Betrieb."), "warning");
        else showFormNote(form, err.message);
      }
    });
  });
  return form;
}

/**
 * The account page's section for the customer's data: download and deletion.
 * @param {DataRightsHooks} hooks
 */
export function dataRightsSection(hooks) {
  return h("section", { class: "data-rights", id: "data-rights" }, downloadSection(hooks), deleteForm(hooks));
}
