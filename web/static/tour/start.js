// The "?" in a staff page's top bar starts the tour of that page (driver.js), and a person's first
// visit of each page offers it once; this browser remembers, per person, which pages offered it.

import { driver } from "driver.js";
import { bootData, h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { TOURS, pageOf } from "./steps.js";

/**
 * Whether a control is on the page and shown (a step of a control someone cannot see is left out).
 * @param {string} selector
 */
function shown(selector) {
  const el = document.querySelector(selector);
  return el instanceof HTMLElement && !el.hidden && el.getClientRects().length > 0;
}

/** @param {string} page */
export function startTour(page) {
  const stops = (TOURS[page]?.() || []).filter((stop) => !stop.optional || shown(stop.element));
  const tour = driver({
    showProgress: true,
    progressText: t("{{current}} von {{total}}"),
    nextBtnText: t("Weiter"),
    prevBtnText: t("Zurück"),
    doneBtnText: t("Fertig"),
    popoverClass: "tour-popover",
    steps: stops.map((stop) => ({
      element: stop.element,
      popover: { title: stop.title, description: stop.text },
    })),
  });
  tour.drive();
}

/** How long the offer of a tour stays when nobody answers it. */
const OFFER_MS = 10000;

/** @param {string} page */
function offerKey(page) {
  const user = bootData().user;
  return `tour-offered:${user?.user_id || "anyone"}:${page}`;
}

/**
 * Offers the tour once: a small card beside the page, gone at the first answer.
 * @param {string} page
 */
function offer(page) {
  const key = offerKey(page);
  try {
    if (localStorage.getItem(key)) return;
    localStorage.setItem(key, new Date().toISOString());
  } catch {
    return; // no storage: no way to offer it only once
  }
  const card = h("div", { class: "tour-offer", id: "tour-offer", role: "dialog", "aria-labelledby": "tour-offer-text" },
    h("p", { id: "tour-offer-text" }, t("Neu hier? Eine kurze Tour zeigt, was diese Seite kann.")),
    h("div", { class: "tour-offer-buttons" },
      h("button", { class: "btn", type: "button", id: "tour-offer-no", onclick: () => card.remove() }, t("Nein, danke")),
      h("button", { class: "btn btn-primary", type: "button", id: "tour-offer-yes", onclick: () => { card.remove(); startTour(page); } }, t("Tour starten"))));
  document.body.append(card);
  // An offer, not a question: unanswered, it goes by itself and never stands in the way for long.
  const gone = setTimeout(() => card.remove(), OFFER_MS);
  card.addEventListener("focusin", () => clearTimeout(gone));
  card.addEventListener("keydown", (e) => { if (e.key === "Escape") card.remove(); });
}

/** Each settings section's answer in the help (/help#…), by the section's id. */
const HELP_OF_SECTION = {
  unternehmen: "unternehmen",
  buchung: "buchungsart",
  kalender: "ausserhalb",
  oeffnungszeiten: "oeffnungszeiten",
  standorte: "standorte",
  leistungen: "leistungen",
  mitarbeiter: "mitarbeiter",
  team: "kalender-zeiten",
  einbinden: "einbinden",
  email: "email",
  "kalender-abo": "kalender-abo",
  benachrichtigungen: "benachrichtigungen",
  feiertage: "feiertage",
  lizenz: "lizenz",
  "daten-exportieren": "daten-exportieren",
  passwort: "konto",
  geraete: "konto",
  "zwei-faktor": "konto",
};

/** Puts a "?" beside each settings section's heading that leads to its answer in the help. */
function linkSectionsToHelp() {
  for (const [section, answer] of Object.entries(HELP_OF_SECTION)) {
    const heading = document.querySelector(`section#${CSS.escape(section)} h2`);
    if (!heading) continue;
    // beside the heading, not in it: the heading's text stays the section's name
    heading.after(h("a", {
      class: "help-link", href: `/help#${answer}`, target: "_blank", rel: "noopener",
      title: t("Hilfe"), "aria-label": t("Hilfe zu diesem Bereich"), dataset: { helpFor: section },
    }, "?"));
  }
}

const page = pageOf(document);
const button = document.getElementById("tour-button");
if (page && button) {
  button.addEventListener("click", () => startTour(page));
  // offered only where the question mark is shown (a phone's calendar leads to the help instead)
  if (shown("#tour-button")) offer(page);
}
if (page === "settings") linkSectionsToHelp();
