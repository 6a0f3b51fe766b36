// The steps of a booking and the way between them: which steps there are, the progress shown above
// them, and `go` to show one. Each step's module renders its own; the page's entry hands them over.

import { customerToken, STORE, storage } from "../kit/customer-session.js";
import { byId, h } from "../kit/dom.js";
import { N_, pt, t } from "../kit/i18n.js";
import { lang } from "../kit/lang.js";
import { languageChosen } from "./language.js";
import { locations, slug, staffChoice, state } from "./state.js";

/** @typedef {import("./state.js").Step} Step */

/**
 * A step's name in the progress above the steps.
 * @param {Step} step
 */
function stepName(step) {
  switch (step) {
    case "location": return t("Standort");
    case "service": return t("Leistung");
    case "person": return t("Person");
    case "time": return pt("Buchungsschritt", "Termin");
    case "account": return t("Anmelden");
    case "code": return t("Bestätigen");
    default: return t("Fertig");
  }
}

/** Each step's title, but the last one's, which says whether it was booked or requested. */
const TITLES = {
  location: N_("Wo möchten Sie Ihren Termin?"),
  service: N_("Welche Leistung möchten Sie buchen?"),
  person: N_("Bei wem möchten Sie buchen?"),
  time: N_("Wann passt es Ihnen?"),
  series: N_("Einzeltermin oder Serie?"),
  account: N_("Melden Sie sich an"),
  code: N_("Geben Sie Ihren Sicherheitscode ein"),
  mine: N_("Meine Termine"),
};

/** @typedef {() => Node | Node[]} Renderer */

/** @type {Record<Step, Renderer> | null} */
let renderers = null;

/**
 * Hands over what renders each step.
 * @param {Record<Step, Renderer>} given
 */
export function defineSteps(given) {
  renderers = given;
}

/** The steps the customer goes through; the location only when there is a choice. */
function stepKeys() {
  /** @type {Step[]} */
  const keys = ["service", "time", "account", "code"];
  if (staffChoice()) keys.splice(1, 0, "person");
  if (locations.length > 1) keys.unshift("location");
  return keys;
}

export function renderProgress() {
  const step = state.step;
  if (!step) return;
  const keys = stepKeys();
  if (step === "mine") { // beside the booking way, not a step of it
    byId("progress-steps").replaceChildren(...keys.map((key, i) => h("li", {},
      h("span", { class: "progress-dot", "aria-hidden": "true" }, String(i + 1)),
      h("span", { class: "progress-label" }, stepName(key)))));
    byId("progress-fill").style.width = "0%";
    byId("progress-text").textContent = t("Meine Termine");
    return;
  }
  const done = step === "done";
  const index = done ? keys.length : keys.indexOf(step === "series" ? "time" : step);
  byId("progress-steps").replaceChildren(...keys.map((key, i) => h("li", {
    class: i < index ? "is-done" : i === index ? "is-current" : "",
    "aria-current": i === index ? "step" : null,
  }, h("span", { class: "progress-dot", "aria-hidden": "true" }, i < index ? "✓" : String(i + 1)),
  h("span", { class: "progress-label" }, stepName(key)))));
  byId("progress-fill").style.width = `${Math.min(100, ((index + (done ? 0 : 0.5)) / keys.length) * 100)}%`;
  const label = stepName(step === "series" ? "time" : step);
  byId("progress-text").textContent = done ? label : t("Schritt {n} von {total}: {label}", { n: index + 1, total: keys.length, label });
}

/**
 * Shows `step`, and moves the keyboard to its title when it is another one.
 * @param {Step} step
 * @param {{focus?: boolean}} [options]
 */
export function go(step, { focus = true } = {}) {
  const changed = state.step !== step;
  state.step = step;
  byId("step").dataset.step = step;
  byId("book").dataset.step = step;
  renderProgress();
  render();
  if (changed && focus) byId("step-title").focus({ preventScroll: false });
}

/** Renders the current step afresh, e.g. after a change of language or of what it shows. */
export function render() {
  const step = state.step;
  if (!step || !renderers) return;
  const stepEl = byId("step");
  stepEl.setAttribute("aria-busy", "false");
  byId("step-title").textContent = step !== "done"
    ? t(TITLES[step])
    : state.result?.moved ? t("Ihr Termin ist verschoben")
      : state.result?.status === "requested" ? t("Anfrage gesendet") : t("Ihr Termin ist gebucht");
  stepEl.replaceChildren(...[renderers[step]()].flat());
  renderAccountBar();
}

/** Once logged in: with which address, and the way to the account page (which leads back here). */
function renderAccountBar() {
  const bar = byId("account-bar");
  const email = customerToken() ? storage.get(STORE.email) : null;
  bar.hidden = !email;
  if (!email) {
    bar.replaceChildren();
    return;
  }
  const query = new URLSearchParams({ book: slug });
  if (languageChosen()) query.set("lang", lang);
  bar.replaceChildren(h("span", { class: "account-bar-who" }, t("Angemeldet als {email}", { email })),
    h("button", { class: "link-button", type: "button", id: "mine-link", onclick: () => barActions?.mine() }, t("Meine Termine")),
    h("a", { href: `/account?${query}`, id: "account-link" }, t("Mein Konto")),
    h("button", { class: "link-button", type: "button", id: "logout", onclick: () => barActions?.logOut() }, t("Abmelden")));
}

/** @type {{mine: () => void, logOut: () => void} | null} */
let barActions = null;

/**
 * Hands over what the account bar's buttons do.
 * @param {{mine: () => void, logOut: () => void}} given
 */
export function defineAccountActions(given) {
  barActions = given;
}

/**
 * The way back to an earlier step.
 * @param {Step} to
 */
export function backButton(to) {
  return h("button", { class: "link-back", type: "button", onclick: () => go(to) },
    h("span", { "aria-hidden": "true" }, "‹ "), t("Zurück"));
}

