// The side navigation of the settings: it marks the section in view as the page scrolls (on a
// phone its chips scroll sideways to keep that one visible), and a click takes the keyboard along.

import { find } from "../kit/dom.js";

const nav = find(document, ".settings-nav");
const links = [...nav.querySelectorAll("a")];

/** @param {HTMLAnchorElement} a @returns {HTMLElement | null} the section the link leads to */
function sectionOf(a) {
  const href = a.getAttribute("href");
  const target = href ? document.querySelector(href) : null;
  return target instanceof HTMLElement ? target : null;
}

const sections = links.map(sectionOf).filter((section) => section !== null);

/** @param {string} id */
function markCurrent(id) {
  for (const a of links) {
    if (a.getAttribute("href") === `#${id}`) a.setAttribute("aria-current", "true");
    else a.removeAttribute("aria-current");
  }
}

/** The section whose heading has passed under the sticky bars is the current one. */
function currentSection() {
  const bars = find(document, ".settings-top").getBoundingClientRect().bottom
    + (window.matchMedia("(max-width: 860px)").matches ? nav.offsetHeight : 0);
  if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 4) return sections[sections.length - 1];
  let current = sections[0];
  for (const section of sections) {
    if (section.getBoundingClientRect().top <= bars + 40) current = section;
  }
  return current;
}

let frame = 0;
function followScroll() {
  cancelAnimationFrame(frame);
  frame = requestAnimationFrame(() => {
    const section = currentSection();
    if (!section) return;
    markCurrent(section.id);
    // On phones the chips scroll sideways to keep the current one in view.
    const chip = links.find((a) => a.getAttribute("href") === `#${section.id}`);
    const strip = chip?.closest("ul");
    if (chip && strip && strip.scrollWidth > strip.clientWidth) {
      const left = chip.offsetLeft - strip.offsetLeft;
      if (left < strip.scrollLeft || left + chip.offsetWidth > strip.scrollLeft + strip.clientWidth) {
        strip.scrollTo({ left: Math.max(0, left - 12), behavior: "smooth" });
      }
    }
  });
}

export function startSectionNav() {
  window.addEventListener("scroll", followScroll, { passive: true });
  window.addEventListener("resize", followScroll);
  for (const a of links) {
    a.addEventListener("click", () => {
      const target = sectionOf(a);
      if (!target) return;
      markCurrent(target.id);
      // Move the keyboard along with the view.
      target.setAttribute("tabindex", "-1");
      setTimeout(() => target.focus({ preventScroll: true }), 0);
    });
  }
  followScroll();
}
