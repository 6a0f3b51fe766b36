// The page's language, as the server chose it for <html lang>: German first, English selectable.
// Modules keep their texts as {de: {...}, en: {...}} and take theirs with `pick`.

/** @typedef {"de" | "en"} Lang */

/** @type {Record<Lang, string>} */
const LOCALES = { de: "de-DE", en: "en-GB" };

// Outside a page (the unit tests in Node) there is no document: German, as a page without a choice.
/** @type {Lang} */
export let lang = globalThis.document?.documentElement.lang === "en" ? "en" : "de";

/**
 * The texts of the page's language; German where a language has none.
 * @template T
 * @param {{de: T, en?: T}} texts
 * @returns {T}
 */
export function pick(texts) {
  return texts[lang] || texts.de;
}

/** The Intl locale for dates and numbers in the page's language. */
export function locale() {
  return LOCALES[lang];
}

/**
 * Switches the page's language in place (the booking page does, to keep a customer's progress).
 * @param {string} next
 */
export function setLang(next) {
  lang = next === "en" ? "en" : "de";
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
