// "Passwort vergessen?" for a customer account, on the booking page's log-in and on the account
// page: the address, and a mailed link to set a new password. The answer is the same whether an
// account exists or not, and says so.

import { ApiError, request } from "./api.js";
import { whileBusy } from "./busy.js";
import { find, h } from "./dom.js";
import { clearErrors, control, field, showApiError, showFieldError } from "./forms.js";
import { t } from "./i18n.js";

/**
 * The link under a log-in form that opens the form to ask for a new password.
 * @param {() => void} open
 */
export function forgotLink(open) {
  return h("p", { class: "auth-forgot" },
    h("button", { class: "btn-link", type: "button", id: "forgot-password", onclick: open }, t("Passwort vergessen?")));
}

/**
 * The form that asks for the mailed link. `done` gets the sentence to show on the log-in form
 * once the request is out; `back` returns to the log-in form as it was.
 * @param {{email: string, done: (note: string) => void, back: () => void}} options
 */
export function forgotForm({ email, done, back }) {
  const form = h("form", { class: "account-form", novalidate: true, id: "forgot-form" },
    h("h2", { class: "section-title", tabindex: "-1", id: "forgot-title" }, t("Neues Passwort festlegen")),
    h("p", { class: "lead" }, t("Geben Sie die E-Mail-Adresse Ihres Kundenkontos an. Wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort wählen.")),
    h("div", { class: "form-alert", hidden: true }),
    field("email", t("E-Mail-Adresse"), { type: "email", autocomplete: "email", value: email, attrs: { autocapitalize: "none", spellcheck: "false" } }),
    h("button", { class: "btn btn-primary btn-lg btn-block", type: "submit" }, t("Link senden")),
    h("button", { class: "btn btn-ghost btn-block", type: "button", onclick: back }, t("Zurück zur Anmeldung")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const address = control(form, "email").value.trim();
    if (!address) return showFieldError(form, "email", `${t("E-Mail-Adresse")}?`);
    await whileBusy(find(form, "button[type=submit]", HTMLButtonElement), async () => {
      try {
        await request("POST", "/api/v1/customer/password-reset", { body: { email: address } });
        done(t("Wenn es zu {email} ein Kundenkonto gibt, ist ein Link zum Festlegen eines neuen Passworts unterwegs. Öffnen Sie ihn, wählen Sie ein neues Passwort und melden Sie sich danach hier an.", { email: address }));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (!(err.details.field === "email" && showFieldError(form, "email", err.message))) showApiError(form, err);
      }
    });
  });
  queueMicrotask(() => document.getElementById("forgot-title")?.focus());
  return form;
}
