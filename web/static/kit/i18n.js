// The page's words in its language: German texts are the keys (gettext's msgids), and the
// catalog of the page's language words them, compiled from i18n/<lang>/LC_MESSAGES/messages.po
// at build time into /static/dist/messages/<lang>/<bundle>.js (the words each page bundle says).
// `t` reads the language when called, so a page that switches language in place (after
// `loadLanguage`) shows the new one at its next render.

import { lang } from "./lang.js";

/**
 * Each loaded language's catalog: German → wording; a text with a plural → its forms by CLDR
 * plural category ("one", "few", "other", …), as `Intl.PluralRules` names them.
 * @type {Record<string, Record<string, string | Record<string, string>>>}
 */
const catalogs = /** @type {any} */ (globalThis).termineMessages ??= {};

/**
 * @param {string} wording
 * @param {Record<string, string | number>} [values]
 */
function fill(wording, values) {
  if (!values) return wording;
  return wording.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/**
 * `text` (German) in the page's language, with `{name}` placeholders filled from `values`.
 * Write the German text as a literal in the call, so that `make messages` finds it.
 * @param {string} text
 * @param {Record<string, string | number>} [values]
 * @returns {string}
 */
export function t(text, values) {
  const wording = catalogs[lang]?.[text];
  return fill(typeof wording === "string" && wording ? wording : text, values);
}

/**
 * `text` (German) in the page's language where the same German word needs another wording by
 * its `context` (gettext's msgctxt), e.g. pt("Buchungsschritt", "Termin").
 * @param {string} context
 * @param {string} text
 * @param {Record<string, string | number>} [values]
 * @returns {string}
 */
export function pt(context, text, values) {
  const wording = catalogs[lang]?.[`${context}\u0004${text}`];
  return fill(typeof wording === "string" && wording ? wording : text, values);
}

/**
 * The form of a text with a plural that `n` takes in the page's language (German: `singular`
 * for 1, else `plural`), with `{n}` and the other placeholders filled in.
 * @param {string} singular
 * @param {string} plural
 * @param {number} n
 * @param {Record<string, string | number>} [values]
 * @returns {string}
 */
export function tn(singular, plural, n, values) {
  const forms = catalogs[lang]?.[singular];
  const wording = forms && typeof forms === "object"
    ? forms[new Intl.PluralRules(lang).select(n)] ?? forms.other
    : undefined;
  return fill(wording || (n === 1 ? singular : plural), { n, ...values });
}

/**
 * Marks a German text for the catalogs where it is worded later, by `t(text)`: in a table of
 * choices built when the module loads, for instance.
 * @template {string} T
 * @param {T} text
 * @returns {T}
 */
export function N_(text) {
  return text;
}

/**
 * Loads the wordings of `code` for the page's bundles (`<html data-bundles>`) where the page has
 * not got them yet, for a page that switches its language in place; German needs none. Resolves
 * once they are there (or could not be had: the page then speaks German).
 * @param {string} code
 * @returns {Promise<void>}
 */
export async function loadLanguage(code) {
  if (code === "de" || catalogs[code] || !globalThis.document) return;
  const names = (document.documentElement.dataset.bundles || "").split(" ").filter(Boolean);
  await Promise.all(names.map((name) => new Promise((done) => {
    const script = document.createElement("script");
    script.src = `/static/dist/messages/${encodeURIComponent(code)}/${encodeURIComponent(name)}.js`;
    script.onload = () => done(null);
    script.onerror = () => done(null);
    document.head.append(script);
  })));
}
