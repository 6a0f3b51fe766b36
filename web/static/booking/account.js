// The log-in step: a chosen time leads here unless the customer is logged in already. They log in
// (and the time is held at once) or register first, confirm their address by mail, and log in then.

import { ApiError, request } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { customerToken, STORE, storage } from "../kit/customer-session.js";
import { find, h } from "../kit/dom.js";
import { forgotForm, forgotLink } from "../kit/forgot-password.js";
import { clearErrors, control, field, showApiError, showFieldError, showFormNote } from "../kit/forms.js";
import { N_, t } from "../kit/i18n.js";
import { summaryCard } from "./chosen.js";
import { holdChosenTime } from "./hold.js";
import { followAccountLanguage } from "./language.js";
import { resetSeries, seriesMost } from "./series.js";
import { business, slug, state } from "./state.js";
import { go, render } from "./steps.js";

/** The forms' fields, by name. */
const LABELS = {
  email: N_("E-Mail-Adresse"), password: N_("Passwort"), first_name: N_("Vorname"), last_name: N_("Nachname"),
  phone: N_("Telefon"),
};

/** @typedef {"login" | "register" | "forgot"} Tab */

/** @type {Tab[]} */
const TABS = ["login", "register"];

/**
 * The chosen time is held at once for a logged-in customer; anyone else logs in first.
 * @param {import("./state.js").Slot} slot
 */
export function chooseTime(slot) {
  state.slot = slot;
  resetSeries();
  if (seriesMost() >= 2) go("series");
  else goOn();
}

/** On from the chosen time (or series): held at once when logged in, else the log-in first. */
export function goOn() {
  if (customerToken()) holdChosenTime();
  else go("account");
}

export function renderAccount() {
  /** @param {Tab} tab */
  const showTab = (tab) => {
    state.accountTab = tab;
    render();
    document.getElementById(`tab-${tab}`)?.focus();
  };
  const tabs = h("div", { class: "tabs", role: "tablist" },
    TABS.map((tab) => h("button", {
      class: "tab", type: "button", role: "tab", id: `tab-${tab}`,
      "aria-selected": String(state.accountTab === tab), "aria-controls": "account-panel",
      tabindex: state.accountTab === tab ? "0" : "-1",
      onclick: () => {
        state.accountNotice = null;
        showTab(tab);
      },
      /** @param {KeyboardEvent} e */
      onkeydown: (e) => {
        if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
          showTab(state.accountTab === "login" ? "register" : "login");
        }
      },
    }, tab === "login" ? t("Anmelden") : t("Neu hier? Registrieren"))));
  if (state.accountTab === "forgot") {
    const back = () => showTab("login");
    const forgot = forgotForm({
      email: state.pendingEmail || storage.get(STORE.email) || "",
      done: (note) => {
        state.accountNotice = ["success", note];
        back();
      },
      back,
    });
    return [summaryCard({ withChange: () => go("time") }), forgot];
  }
  const panel = h("div", { class: "tab-panel", id: "account-panel", role: "tabpanel", "aria-labelledby": `tab-${state.accountTab}` },
    state.accountTab === "login" ? loginForm(() => showTab("forgot")) : registerForm());
  return [summaryCard({ withChange: () => go("time") }), tabs, panel];
}

/** @param {() => void} forgot  Opens the form to ask for a new password. */
function loginForm(forgot) {
  const form = h("form", { class: "account-form", novalidate: true },
    h("p", { class: "lead" }, t("Mit Ihrem Kundenkonto buchen Sie bei allen Betrieben, die diese Buchung anbieten.")),
    h("div", { class: "form-alert", hidden: true }),
    field("email", t(LABELS.email), { type: "email", autocomplete: "email", attrs: { autocapitalize: "none", spellcheck: "false" } }),
    field("password", t(LABELS.password), { type: "password", autocomplete: "current-password" }),
    forgotLink(() => {
      state.pendingEmail = control(form, "email").value.trim() || state.pendingEmail;
      forgot();
    }),
    h("button", { class: "btn btn-primary btn-lg btn-block", type: "submit" }, t("Anmelden und Termin reservieren")));
  const remembered = state.pendingEmail || storage.get(STORE.email);
  if (remembered) control(form, "email").value = remembered;
  const notice = state.accountNotice;
  if (notice) queueMicrotask(() => showFormNote(form, notice[1], notice[0]));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const email = control(form, "email").value.trim();
    const password = control(form, "password").value;
    if (!email) return showFieldError(form, "email", `${t(LABELS.email)}?`);
    if (!password) return showFieldError(form, "password", `${t(LABELS.password)}?`);
    await whileBusy(find(form, "button[type=submit]", HTMLButtonElement), async () => {
      try {
        const { data } = await request("POST", "/api/v1/customer/login", { body: { email, password } });
        storage.set(STORE.token, data.token);
        storage.set(STORE.email, email);
        state.accountNotice = null;
        await followAccountLanguage();
        await holdChosenTime({ fromLogIn: true });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.code === "email_unverified") showFormNote(form, t("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse: Öffnen Sie den Link in der E-Mail, die wir Ihnen geschickt haben, und melden Sie sich danach hier an."), "warning");
        else showApiError(form, err);
      }
    });
  });
  return form;
}

/** @typedef {"first_name" | "last_name" | "email" | "phone" | "password"} RegisterField */

/** Where the business's privacy notice and imprint are, read before registering. */
function privacyNotice() {
  const base = `/book/${encodeURIComponent(slug)}`;
  return h("p", { class: "hint privacy-notice", id: "privacy-notice" },
    t("{business} verarbeitet Ihre Daten für Ihre Termine, wie in der Datenschutzerklärung beschrieben.", { business: business.name }), " ",
    h("a", { href: `${base}/datenschutz`, target: "_blank", rel: "noopener" }, t("Datenschutzerklärung")), " · ",
    h("a", { href: `${base}/impressum`, target: "_blank", rel: "noopener" }, t("Impressum")));
}

function registerForm() {
  const form = h("form", { class: "account-form", novalidate: true },
    h("p", { class: "lead" }, t("Einmal registrieren, dann mit einem Klick buchen. Wir schicken Ihnen einen Link zur Bestätigung Ihrer E-Mail-Adresse.")),
    h("div", { class: "form-alert", hidden: true }),
    h("div", { class: "form-row" },
      field("first_name", t(LABELS.first_name), { autocomplete: "given-name" }),
      field("last_name", t(LABELS.last_name), { autocomplete: "family-name" })),
    field("email", t(LABELS.email), { type: "email", autocomplete: "email", attrs: { autocapitalize: "none", spellcheck: "false" } }),
    field("phone", t(LABELS.phone), { type: "tel", autocomplete: "tel", optional: true }),
    field("password", t(LABELS.password), { type: "password", autocomplete: "new-password", hint: t("Mindestens 8 Zeichen.") }),
    privacyNotice(),
    h("button", { class: "btn btn-primary btn-lg btn-block", type: "submit" }, t("Registrieren")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    /** @type {Partial<Record<RegisterField, string>>} */
    const body = {};
    /** @type {RegisterField[]} */
    const names = ["first_name", "last_name", "email", "phone", "password"];
    for (const name of names) {
      const value = control(form, name).value;
      body[name] = name === "password" ? value : value.trim();
    }
    for (const name of names) {
      if (name !== "phone" && !body[name]) return showFieldError(form, name, `${t(LABELS[name])}?`);
    }
    if (!body.phone) delete body.phone;
    await whileBusy(find(form, "button[type=submit]", HTMLButtonElement), async () => {
      try {
        await request("POST", "/api/v1/customer/register", { body });
        state.pendingEmail = body.email || null;
        state.accountTab = "login";
        state.accountNotice = ["success", t("Fast geschafft! Wir haben eine E-Mail an {email} geschickt. Öffnen Sie den Link darin, um Ihre Adresse zu bestätigen, und melden Sie sich danach hier an. Ihr gewählter Termin bleibt so lange ausgewählt – reserviert ist er aber erst nach der Anmeldung.", { email: body.email || "" })];
        render();
        document.getElementById("f-password")?.focus();
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const named = err.details.field || (/email/.test(err.code) ? "email" : /password/.test(err.code) ? "password" : /phone/.test(err.code) ? "phone" : null);
        if (!(named && showFieldError(form, named, err.message))) showFormNote(form, err.message);
      }
    });
  });
  return form;
}
