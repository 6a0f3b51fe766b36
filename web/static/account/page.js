// The customer's own account page: log in (or arrive logged in from the booking page), see and
// change name, phone and language, change the password, log out. The log-in is the booking
// page's: its bearer token in sessionStorage, never a cookie, so the page works in an iframe too.

import { ApiError, request } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { customerToken, STORE, storage } from "../kit/customer-session.js";
import { bootData, byId, find, h } from "../kit/dom.js";
import {
  clearErrors, control, field, showApiError, showFieldError, showFormNote,
} from "../kit/forms.js";
import { forgotForm, forgotLink } from "../kit/forgot-password.js";
import { loadLanguage, N_, t } from "../kit/i18n.js";
import { lang, markLanguageSwitch, setLang } from "../kit/lang.js";
import { dataRightsSection } from "./data-rights.js";
import { appointmentsSection } from "./mine.js";

/**
 * The customer's profile as the API gives it.
 * @typedef {{email: string, first_name: string, last_name: string, phone: string | null, language: string}} Profile
 */

/** @typedef {"error" | "warning" | "info" | "success"} NoteKind */

/** The forms' fields, by name. */
const LABELS = {
  email: N_("E-Mail-Adresse"), password: N_("Passwort"), first_name: N_("Vorname"), last_name: N_("Nachname"),
  phone: N_("Telefon"), language: N_("Sprache für E-Mails und diese Seiten"),
  current_password: N_("Bisheriges Passwort"), new_password: N_("Neues Passwort"),
  new_password_repeat: N_("Neues Passwort wiederholen"),
};

/** The languages an account can have, each named in itself. */
const LANGUAGES = { de: "Deutsch", en: "English" };

/** @typedef {keyof typeof LABELS} Label */

const boot = bootData();
const body = byId("account-body");
const languageSwitch = document.querySelector("[data-language-switch]");
// A language picked with the switch (or by the address) wins over the account's language.
const languageChosen = Boolean(boot.lang_chosen);
/** @type {[NoteKind, string] | null} */
let notice = null; // shown once above the next view

/* ---------- the log-in, shared with the booking page ---------- */

function signOut() {
  for (const key of Object.values(STORE)) storage.set(key, null);
}

/* ---------- forms ---------- */

/**
 * The first required field left empty, marked; true when there was one.
 * @param {HTMLFormElement} form
 * @param {Label[]} names
 */
function missingField(form, names) {
  const empty = names.find((name) => !control(form, name).value.trim());
  if (empty) showFieldError(form, empty, t("Bitte füllen Sie „{label}“ aus.", { label: t(LABELS[empty]) }));
  return Boolean(empty);
}

/**
 * Runs `send` with the button busy; an API error is shown on the form, a lost log-in ends it.
 * @param {HTMLFormElement} form
 * @param {() => Promise<void>} send
 */
async function submitting(form, send) {
  await whileBusy(find(form, "button[type=submit]", HTMLButtonElement), async () => {
    try {
      await send();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 401) expire();
      else showApiError(form, err);
    }
  });
}

function noticeBox() {
  if (!notice) return null;
  const [kind, text] = notice;
  notice = null;
  return h("p", { class: `alert alert-${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

/* ---------- log-in ---------- */

function showLogin() {
  const form = h("form", { class: "account-form", novalidate: true },
    h("h2", { class: "section-title" }, t("Melden Sie sich an")),
    h("p", { class: "lead" }, t("Mit der E-Mail-Adresse und dem Passwort Ihres Kundenkontos.")),
    h("div", { class: "form-alert", hidden: true }),
    field("email", t(LABELS.email), { type: "email", autocomplete: "email", value: storage.get(STORE.email) || "" }),
    field("password", t(LABELS.password), { type: "password", autocomplete: "current-password" }),
    forgotLink(() => showForgot(control(form, "email").value.trim())),
    h("button", { class: "btn btn-primary btn-lg btn-block", type: "submit" }, t("Anmelden")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearErrors(form);
    if (missingField(form, ["email", "password"])) return;
    const email = control(form, "email").value.trim();
    submitting(form, async () => {
      try {
        const { data } = await request("POST", "/api/v1/customer/login", {
          body: { email, password: control(form, "password").value },
        });
        storage.set(STORE.token, data.token);
        storage.set(STORE.email, email);
        await showProfile();
      } catch (err) {
        // A refused log-in (401 here) is said on the form; it is no lost session.
        if (!(err instanceof ApiError)) throw err;
        if (err.code === "email_unverified") showFormNote(form, t("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse: Öffnen Sie den Link in der E-Mail, die wir Ihnen geschickt haben."), "warning");
        else showApiError(form, err);
      }
    });
  });
  body.replaceChildren(...[noticeBox(), form].filter((node) => node !== null));
}

/** @param {string} email */
function showForgot(email) {
  body.replaceChildren(forgotForm({
    email,
    done: (note) => {
      notice = ["success", note];
      showLogin();
    },
    back: () => {
      showLogin();
      document.getElementById("forgot-password")?.focus();
    },
  }));
}

function expire() {
  signOut();
  notice = ["warning", t("Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.")];
  showLogin();
}

/* ---------- the profile ---------- */

async function showProfile() {
  const token = customerToken();
  if (!token) return showLogin();
  body.replaceChildren(h("p", { class: "hint", role: "status" }, t("Ihre Daten werden geladen …")));
  /** @type {Profile} */
  let profile;
  try {
    ({ data: profile } = await request("GET", "/api/v1/customer/me", { token }));
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return expire();
    body.replaceChildren(h("div", { class: "alert alert-error" }, t("Ihre Daten konnten nicht geladen werden."), " ",
      h("button", { class: "btn", type: "button", onclick: () => showProfile() }, t("Erneut versuchen"))));
    return;
  }
  if (!languageChosen && profile.language !== lang) await useLanguage(profile.language);
  renderProfile(profile);
}

/** @param {Profile} profile */
function renderProfile(profile) {
  body.replaceChildren(...[
    noticeBox(),
    h("div", { class: "account-who" },
      h("span", { id: "signed-in-as" }, t("Angemeldet als {email}", { email: profile.email })),
      h("button", { class: "btn", type: "button", id: "sign-out", onclick: leave }, t("Abmelden"))),
    appointmentsSection({ expire }),
    profileForm(profile),
    passwordForm(),
    dataRightsSection({ expire, deleted }),
  ].filter((node) => node !== null));
}

/** @param {Profile} profile */
function profileForm(profile) {
  const language = h("select", { id: "f-language", name: "language", "aria-describedby": "err-language" },
    Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, lang: code }, name)));
  language.value = profile.language;
  const form = h("form", { class: "account-form", id: "profile-form", novalidate: true },
    h("h2", { class: "section-title" }, t("Ihre Daten")),
    h("div", { class: "form-alert", hidden: true }),
    h("div", { class: "field" },
      h("span", { class: "label" }, t(LABELS.email)),
      h("p", { class: "account-email" }, profile.email),
      h("p", { class: "hint" }, t("Mit dieser Adresse melden Sie sich an; sie lässt sich hier nicht ändern."))),
    h("div", { class: "form-row" },
      field("first_name", t(LABELS.first_name), { autocomplete: "given-name", value: profile.first_name }),
      field("last_name", t(LABELS.last_name), { autocomplete: "family-name", value: profile.last_name })),
    field("phone", t(LABELS.phone), { type: "tel", autocomplete: "tel", optional: true, value: profile.phone }),
    h("div", { class: "field" },
      h("label", { for: "f-language" }, t(LABELS.language)),
      language,
      h("p", { class: "field-error", id: "err-language" })),
    h("button", { class: "btn btn-primary btn-lg", type: "submit" }, t("Daten speichern")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearErrors(form);
    if (missingField(form, ["first_name", "last_name"])) return;
    const changes = {
      first_name: control(form, "first_name").value.trim(),
      last_name: control(form, "last_name").value.trim(),
      phone: control(form, "phone").value.trim(),
      language: control(form, "language", HTMLSelectElement).value,
    };
    submitting(form, async () => {
      /** @type {{data: Profile}} */
      const { data } = await request("PATCH", "/api/v1/customer/me", { token: customerToken(), body: changes });
      if (data.language !== lang) {
        await useLanguage(data.language); // the language just saved is the one the customer reads
        renderProfile(data);
      }
      showFormNote(byId("profile-form", HTMLFormElement), t("Ihre Daten sind gespeichert."), "success");
    });
  });
  return form;
}

function passwordForm() {
  const form = h("form", { class: "account-form", id: "password-form", novalidate: true },
    h("h2", { class: "section-title" }, t("Passwort ändern")),
    h("div", { class: "form-alert", hidden: true }),
    field("current_password", t(LABELS.current_password), { type: "password", autocomplete: "current-password" }),
    field("new_password", t(LABELS.new_password), { type: "password", autocomplete: "new-password", hint: t("Mindestens 8 Zeichen.") }),
    field("new_password_repeat", t(LABELS.new_password_repeat), { type: "password", autocomplete: "new-password" }),
    h("button", { class: "btn btn-primary btn-lg", type: "submit" }, t("Passwort ändern")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearErrors(form);
    if (missingField(form, ["current_password", "new_password", "new_password_repeat"])) return;
    const current = control(form, "current_password");
    const next = control(form, "new_password");
    const repeat = control(form, "new_password_repeat");
    if (next.value !== repeat.value) {
      showFieldError(form, "new_password_repeat", t("Die beiden neuen Passwörter stimmen nicht überein."));
      return;
    }
    submitting(form, async () => {
      const { data } = await request("POST", "/api/v1/customer/password", {
        token: customerToken(),
        body: { current_password: current.value, new_password: next.value },
      });
      storage.set(STORE.token, data.token);
      form.reset();
      showFormNote(form, t("Ihr Passwort ist geändert. Melden Sie sich ab jetzt mit dem neuen an."), "success");
    });
  });
  return form;
}

function deleted() {
  signOut();
  notice = ["success", t("Ihr Konto ist gelöscht.")];
  showLogin();
}

function leave() {
  signOut();
  notice = ["info", t("Sie sind abgemeldet.")];
  showLogin();
  document.getElementById("f-email")?.focus();
}

/* ---------- language ---------- */

/**
 * Shows the page in `next` in place; the address keeps it, since an iframe may block cookies. The
 * footer's switch reloads the page instead, which keeps the log-in in sessionStorage.
 * @param {string} next
 * @returns {Promise<void>}
 */
async function useLanguage(next) {
  if (next === lang) return;
  await loadLanguage(next);
  setLang(next);
  const url = new URL(window.location.href);
  url.searchParams.set("lang", next);
  window.history.replaceState(window.history.state, "", url);
  document.title = t("Ihr Kundenkonto");
  byId("account-title").textContent = t("Ihr Kundenkonto");
  byId("account-lead").textContent = t("Ein Konto für alle Betriebe, bei denen Sie online buchen.");
  const words = document.getElementById("back-link")?.lastChild;
  if (words && boot.back) words.textContent = t("Zurück zur Buchung bei {business}", { business: boot.back.business });
  markLanguageSwitch(languageSwitch, t("Sprache"));
}

/* ---------- start ---------- */

showProfile();
