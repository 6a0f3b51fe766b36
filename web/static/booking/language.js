// The booking page's language, switched in place so the customer keeps their progress: the address
// keeps the choice (an iframe may block cookies), the cookie is stored where the browser allows it,
// and after log-in the customer's account language counts unless a language was chosen here.

import { request } from "../kit/api.js";
import { customerToken } from "../kit/customer-session.js";
import { loadLanguage, t } from "../kit/i18n.js";
import { lang, markLanguageSwitch, setLang } from "../kit/lang.js";
import { languageChosenAtStart } from "./state.js";

let chosen = languageChosenAtStart;

/** @type {(() => void)[]} */
const listeners = [];

/** Whether the customer picked the page's language here (or by the address). */
export function languageChosen() {
  return chosen;
}

/**
 * Runs `show` whenever the page's language changed in place, to say everything anew.
 * @param {() => void} show
 */
export function onLanguageChange(show) {
  listeners.push(show);
}

/**
 * Shows the page in `next` in place.
 * @param {string} next
 * @returns {Promise<void>}
 */
export async function useLanguage(next) {
  if (next === lang) return;
  await loadLanguage(next);
  setLang(next);
  markLanguageSwitch(languageSwitch(), t("Sprache"));
  for (const show of listeners) show();
}

/** The switch in the page's footer, where there is one. */
function languageSwitch() {
  const form = document.querySelector("[data-language-switch]");
  return form instanceof HTMLFormElement ? form : null;
}

/** Makes the page's language switch work in place rather than by reloading the page. */
export function startLanguageSwitch() {
  const form = languageSwitch();
  form?.addEventListener("submit", (event) => {
    const submitter = event.submitter;
    const next = submitter instanceof HTMLButtonElement ? submitter.value : "";
    if (!next) return;
    event.preventDefault();
    chosen = true;
    const url = new URL(window.location.href);
    url.searchParams.set("lang", next);
    window.history.replaceState(window.history.state, "", url);
    const body = new FormData(form, submitter);
    fetch("/language", { method: "POST", body, credentials: "same-origin", redirect: "manual" }).catch(() => {});
    useLanguage(next);
  });
}

/** After log-in the customer's account language counts, unless a language was chosen here. */
export async function followAccountLanguage() {
  const token = customerToken();
  if (chosen || !token) return;
  try {
    const { data } = await request("GET", "/api/v1/customer/me", { token });
    if (data?.language && !chosen) useLanguage(data.language);
  } catch {
    // The page stays in its language.
  }
}
