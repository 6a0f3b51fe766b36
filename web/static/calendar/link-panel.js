// The booking link's panel in the top bar: the link and the embed code, each with a copy button,
// and (for those who may change the settings) a link to the list of websites that may embed the
// booking page; it closes on Escape or a press beside it.

import { byId } from "../kit/dom.js";
import { t } from "../kit/i18n.js";

const STATUS_MS = 2500;

export function setUpLinkPanel() {
  const button = byId("booking-link-button", HTMLButtonElement);
  const panel = byId("booking-link-panel");
  const link = byId("booking-link", HTMLInputElement);
  const status = byId("copy-status");

  function toggle(open = panel.hidden) {
    panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (open) link.select();
  }

  button.addEventListener("click", () => toggle());
  document.addEventListener("mousedown", (e) => {
    if (!panel.hidden && !(e.target instanceof Element && e.target.closest(".popover-anchor"))) toggle(false);
  });
  button.parentElement?.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !panel.hidden) {
      toggle(false);
      button.focus();
    }
  });
  for (const copy of panel.querySelectorAll("button[data-copy]")) {
    copy.addEventListener("click", async () => {
      const source = byId(copy.getAttribute("data-copy") || "");
      const text = source instanceof HTMLInputElement || source instanceof HTMLTextAreaElement ? source : null;
      if (!text) return;
      try {
        await navigator.clipboard.writeText(text.value);
        status.textContent = t("Kopiert");
      } catch {
        text.select();
        status.textContent = document.execCommand?.("copy") ? t("Kopiert") : t("Bitte markieren und selbst kopieren.");
      }
      setTimeout(() => { status.textContent = ""; }, STATUS_MS);
    });
  }
}
