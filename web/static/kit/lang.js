// The page's language, as the server chose it for <html lang>: German, or a language whose
// catalog the page loaded (kit/i18n.js words the texts). German is the source language.

/** Intl locales where the language's plain code would format otherwise than its people expect. */
const LOCALES = /** @type {Record<string, string>} */ ({ de: "de-DE", en: "en-GB" });

/**
 * Whether the page can speak `code`: German always, another language once its catalog is loaded.
 * @param {string} code
 */
function known(code) {
  return code === "de" || Boolean(/** @type {any} */ (globalThis).termineMessages?.[code]);
}

// Outside a page (the unit tests in Node) there is no document: German, as a page without a choice.
const asked = globalThis.document?.documentElement.lang || "de";
/** @type {string} */
export let lang = known(asked) || asked === "en" ? asked : "de";

/** The Intl locale for dates and numbers in the page's language. */
export function locale() {
  return LOCALES[lang] || lang;
}

/**
 * Switches the page's language in place (the booking page does, to keep a customer's progress).
 * @param {string} next
 */
export function setLang(next) {
  lang = known(next) || next === "en" ? next : "de";
  document.documentElement.lang = lang;
}

/**
 * Marks the page's language in a language switch form after `setLang`, and labels the form anew.
 * @param {Element | null} form
 * @param {string} label
 */
export function markLanguageSwitch(form, label) {
  if (!form) return;
  form.setAttribute("aria-label", label);
  for (const button of form.querySelectorAll("button[name=lang]")) {
    if (!(button instanceof HTMLButtonElement)) continue;
    if (button.value === lang) button.setAttribute("aria-current", "true");
    else button.removeAttribute("aria-current");
  }
}
