// The steps of a booking and the way between them: which steps there are, the progress shown above
// them, and `go` to show one. Each step's module renders its own; the page's entry hands them over.

import { customerToken, STORE, storage } from "../kit/customer-session.js";
import { byId, h } from "../kit/dom.js";
import { lang, pick } from "../kit/lang.js";
import { languageChosen } from "./language.js";
import { locations, slug, state } from "./state.js";

/** @typedef {import("./state.js").Step} Step */

const DE = {
  steps: {
    location: "Standort", service: "Leistung", time: "Termin", account: "Anmelden",
    code: "Bestätigen", done: "Fertig",
  },
  titles: {
    location: "Wo möchten Sie Ihren Termin?",
    service: "Welche Leistung möchten Sie buchen?",
    time: "Wann passt es Ihnen?",
    account: "Melden Sie sich an",
    code: "Geben Sie Ihren Sicherheitscode ein",
    done: { booked: "Ihr Termin ist gebucht", requested: "Anfrage gesendet" },
  },
  /** @param {number} n @param {number} total @param {string} label */
  progress: (n, total, label) => `Schritt ${n} von ${total}: ${label}`,
  back: "Zurück",
  /** @param {string} email */
  signedInAs: (email) => `Angemeldet als ${email}`,
  myAccount: "Mein Konto",
};

/** @type {typeof DE} */
const EN = {
  steps: {
    location: "Location", service: "Service", time: "Time", account: "Log in",
    code: "Confirm", done: "Done",
  },
  titles: {
    location: "Where would you like your appointment?",
    service: "Which service would you like to book?",
    time: "When suits you?",
    account: "Log in",
    code: "Enter your security code",
    done: { booked: "Your appointment is booked", requested: "Request sent" },
  },
  progress: (n, total, label) => `Step ${n} of ${total}: ${label}`,
  back: "Back",
  signedInAs: (email) => `Logged in as ${email}`,
  myAccount: "My account",
};

/** The texts in the page's language, which the language switch may change in place. */
const text = () => pick({ de: DE, en: EN });

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
  if (locations.length > 1) keys.unshift("location");
  return keys;
}

export function renderProgress() {
  const step = state.step;
  if (!step) return;
  const keys = stepKeys();
  const done = step === "done";
  const index = done ? keys.length : keys.indexOf(step);
  byId("progress-steps").replaceChildren(...keys.map((key, i) => h("li", {
    class: i < index ? "is-done" : i === index ? "is-current" : "",
    "aria-current": i === index ? "step" : null,
  }, h("span", { class: "progress-dot", "aria-hidden": "true" }, i < index ? "✓" : String(i + 1)),
  h("span", { class: "progress-label" }, text().steps[key]))));
  byId("progress-fill").style.width = `${Math.min(100, ((index + (done ? 0 : 0.5)) / keys.length) * 100)}%`;
  const label = text().steps[step];
  byId("progress-text").textContent = done ? label : text().progress(index + 1, keys.length, label);
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
  byId("step-title").textContent = step === "done"
    ? text().titles.done[state.result?.status === "requested" ? "requested" : "booked"]
    : text().titles[step];
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
  bar.replaceChildren(h("span", { class: "account-bar-who" }, text().signedInAs(email)),
    h("a", { href: `/account?${query}`, id: "account-link" }, text().myAccount));
}

/**
 * The way back to an earlier step.
 * @param {Step} to
 */
export function backButton(to) {
  return h("button", { class: "link-back", type: "button", onclick: () => go(to) },
    h("span", { "aria-hidden": "true" }, "‹ "), text().back);
}

