// The booking link and the code that embeds the booking page: copied with a button (or selected to
// copy by hand), in a chosen language, and the websites that may frame the page. While none is
// listed, a note beside the code says so and takes one to the list; so does `#embed-origins` in the
// address (the calendar's booking-link panel links there).

import { whileBusy } from "../kit/busy.js";
import { byId } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { saveSetting } from "./setting.js";
import { boot, business } from "./state.js";

/**
 * The button copies the field named by its `data-copy`, and says so for a moment.
 * @param {HTMLElement} button
 */
function bindCopy(button) {
  const label = button.textContent;
  button.addEventListener("click", async () => {
    const source = byId(button.dataset.copy || "");
    if (!(source instanceof HTMLInputElement || source instanceof HTMLTextAreaElement)) return;
    let ok = false;
    try {
      await navigator.clipboard.writeText(source.value);
      ok = true;
    } catch {
      source.focus();
      source.select();
      ok = Boolean(document.execCommand?.("copy"));
    }
    toast(ok ? t("Kopiert") : t("Bitte markieren und selbst kopieren (Strg+C)."));
    if (ok) {
      button.textContent = t("Kopiert") + " ✓";
      setTimeout(() => { button.textContent = label; }, 2000);
    }
  });
}

/**
 * One origin per line; blank lines are dropped.
 * @param {string} text
 */
function originLines(text) {
  return text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

export function startEmbed() {
  for (const button of document.querySelectorAll("[data-copy]")) {
    if (button instanceof HTMLElement) bindCopy(button);
  }
  const link = byId("embed-link", HTMLInputElement);
  const code = byId("embed-code", HTMLTextAreaElement);
  for (const field of [link, code]) field.addEventListener("focus", () => field.select());

  // The link and the code can fix the booking page's language; "" lets the customer's browser decide.
  const language = byId("embed-lang", HTMLSelectElement);
  language.addEventListener("change", () => {
    const lang = language.value;
    link.value = lang ? `${boot.booking_url}?lang=${lang}` : boot.booking_url;
    code.value = lang ? boot.embed_codes[lang] : boot.embed_code;
  });

  const origins = byId("embed-origins", HTMLTextAreaElement);
  const noSite = byId("embed-no-site");
  const save = byId("embed-origins-save", HTMLButtonElement);
  save.addEventListener("click", () => whileBusy(save, async () => {
    const ok = await saveSetting("embed_origins", originLines(origins.value), origins);
    if (!ok) return;
    origins.value = (business.embed_origins || []).join("\n");
    noSite.hidden = origins.value !== "";
  }));

  const goToList = () => {
    origins.scrollIntoView({ block: "center" });
    origins.focus();
  };
  byId("embed-add-site", HTMLButtonElement).addEventListener("click", goToList);
  if (location.hash === "#embed-origins") goToList();
}
