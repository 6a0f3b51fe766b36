// The last step: the booking (or the request, in request mode) as the business got it, the
// calendar file to keep it, and the way to book another.

import { customerToken } from "../kit/customer-session.js";
import { h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { announce } from "./announce.js";
import { clock, duration, personName, priceOf } from "./chosen.js";
import {
  business, fmt, forgetSlots, locations, placeText, service, state,
} from "./state.js";
import { go } from "./steps.js";

const REQUESTED_ICON = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"><circle cx="12" cy="12" r="8.5"/><path d="M12 7.5V12l3 2"/></svg>';
const BOOKED_ICON = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"><path d="M5 12.5l4.5 4.5L19 7.5"/></svg>';

export function renderDone() {
  const requested = state.result?.status === "requested";
  const s = service();
  const held = state.result?.hold || state.slot;
  const dates = state.result?.hold?.dates;
  if (!held) throw new Error("nothing was booked");
  const rows = [
    [t("Was"), `${s?.name || ""} (${duration(s?.duration_minutes || 0)})`],
    [t("Wann"), (dates && dates.length > 1 ? dates : [held])
      .map((/** @type {{start: string, end: string}} */ d) => `${fmt().dayFull(new Date(d.start))}, ${clock(fmt().range(new Date(d.start), new Date(d.end)))}`)
      .join("\n")],
    [t("Wo"), placeText()],
  ];
  const who = personName(state.result?.hold || null);
  if (who) rows.push([t("Bei"), who]);
  if (s?.price_cents != null) rows.push([t("Preis"), priceOf(s)]);
  if (requested) rows.push([t("Status"), t("Anfrage – noch nicht bestätigt")]);
  const icon = h("div", { class: "done-icon", "aria-hidden": "true" });
  icon.innerHTML = requested ? REQUESTED_ICON : BOOKED_ICON;
  const download = h("button", { class: "btn btn-lg", type: "button" }, t("Zum Kalender hinzufügen"));
  download.addEventListener("click", () => downloadIcs(download));
  return h("div", { class: `done${requested ? " is-requested" : ""}` },
    icon,
    h("p", { class: "lead", role: "status" }, state.result?.moved
      ? t("Ihr Termin ist verschoben, der bisherige ist abgesagt. Wir haben Ihnen eine Bestätigung per E-Mail geschickt.")
      : requested
      ? t("{name} prüft Ihre Anfrage. Sie erhalten eine E-Mail, sobald sie angenommen oder abgelehnt wurde.", { name: business.name })
      : t("Wir haben Ihnen eine Bestätigung per E-Mail geschickt.")),
    h("dl", { class: "done-list" }, rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", { class: "done-value" }, v)])),
    h("div", { class: "form-actions" },
      download,
      h("button", {
        class: "btn btn-primary btn-lg", type: "button",
        onclick: () => {
          state.result = null;
          state.slot = null;
          forgetSlots();
          go(locations.length > 1 ? "location" : "service");
        },
      }, t("Weiteren Termin buchen"))));
}

/**
 * Downloads the calendar file. It comes from the server, the same entry (UID, times, name) as the
 * one in the mail.
 * @param {HTMLButtonElement} button
 */
async function downloadIcs(button) {
  const id = state.result?.appointment_id;
  button.disabled = true;
  try {
    const response = await fetch(`/api/v1/customer/appointments/${encodeURIComponent(String(id))}/calendar.ics`, {
      headers: { Authorization: `Bearer ${customerToken()}` },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    const url = URL.createObjectURL(await response.blob());
    const a = h("a", { href: url, download: t("termin.ics") });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch {
    announce(t("Der Kalendereintrag ließ sich gerade nicht laden. Bitte versuchen Sie es noch einmal."));
  } finally {
    button.disabled = false;
  }
}
