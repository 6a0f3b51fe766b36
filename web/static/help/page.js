// The help page: the questions filter as one types (every word must occur in a question or its
// answer), and a question named in the address opens by itself.

import { byId } from "../kit/dom.js";
import { tn } from "../kit/i18n.js";

const search = byId("help-search", HTMLInputElement);
const count = byId("help-count");
const none = byId("help-none");
const entries = [...document.querySelectorAll("details.help-entry")].filter((el) => el instanceof HTMLDetailsElement);

/** @param {string} text */
const plain = (text) => text.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");

function filter() {
  const words = plain(search.value).split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const entry of entries) {
    const text = plain(entry.textContent || "");
    const hit = words.every((word) => text.includes(word));
    entry.hidden = !hit;
    if (hit) shown += 1;
    if (words.length) entry.open = hit;
  }
  for (const group of document.querySelectorAll(".help-group")) {
    if (group instanceof HTMLElement) group.hidden = !group.querySelector("details.help-entry:not([hidden])");
  }
  none.hidden = shown > 0;
  count.textContent = words.length ? tn("{n} Antwort", "{n} Antworten", shown, { n: shown }) : "";
}

function openNamed() {
  const named = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (named instanceof HTMLDetailsElement) {
    named.open = true;
    named.scrollIntoView({ block: "start" });
  }
}

search.addEventListener("input", filter);
window.addEventListener("hashchange", openNamed);
openNamed();
