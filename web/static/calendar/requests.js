// Open requests (request mode: customers ask, the desk decides): "Anfragen (N)" in the top bar
// counts every request from today on, whatever dates the calendar shows, and its panel lists them
// with accept and decline and a message to the customer. Live changes keep both in step.

import { staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { byId, h } from "../kit/dom.js";
import { apiMessage } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import * as T from "../kit/time.js";
import { toast } from "../kit/toast.js";
import { refuseOffline } from "./offline.js";
import { fmt, serviceById, staffById, staffList } from "./setup.js";
import { wrote } from "./store.js";
import { instantAt, isoOf, today } from "./zone.js";

/** @typedef {import("./setup.js").Appointment} Appointment */

const REQUEST_DAYS = 90;
const JOURNAL_MS = 60000;
const MESSAGE_PREFIX = "rq-message-";

/** The top bar's requests button and its panel, wired. */
export function requestsPanel() {
  const anchor = byId("requests-anchor");
  const button = byId("requests-button", HTMLButtonElement);
  const panel = byId("requests-panel");
  const listEl = byId("request-list");
  /** @type {Map<string, Appointment>} every requested appointment from today on */
  const open = new Map();
  /** @type {{at: number, a: Appointment}[]} live changes, replayed over a load that started before they arrived */
  let seen = [];

  function todayStart() {
    return instantAt(today());
  }

  /** @param {Appointment} a */
  function counts(a) {
    return a.status === "requested" && new Date(a.start) >= todayStart();
  }

  /** @param {Appointment} a */
  function apply(a) {
    const id = String(a.id);
    if (counts(a)) open.set(id, a);
    else open.delete(id);
  }

  function toggle(show = panel.hidden) {
    panel.hidden = !show;
    button.setAttribute("aria-expanded", String(show));
    if (show) render();
  }

  /**
   * One request with its message field and the two decisions; `typed` keeps what was written in
   * the message fields across a redraw.
   * @param {Appointment} a
   * @param {Map<string, string>} typed
   */
  function item(a, typed) {
    const id = String(a.id);
    const service = serviceById.get(String(a.service_id));
    const start = new Date(a.start);
    const message = h("input", {
      type: "text", class: "request-message", id: `${MESSAGE_PREFIX}${id}`,
      placeholder: t("Nachricht an den Kunden (optional)"), "aria-label": t("Nachricht an den Kunden (optional)"),
    });
    message.value = typed.get(id) || "";
    const error = h("p", { class: "field-error", role: "alert" });
    /** @param {HTMLButtonElement} btn
     * @param {"accept" | "decline"} verb */
    const decide = (btn, verb) => whileBusy(btn, async () => {
      error.textContent = "";
      if (refuseOffline()) return;
      try {
        const body = message.value.trim() ? { message: message.value.trim() } : {};
        const answer = await staffApi("POST", `/api/v1/appointments/${a.id}/${verb}`, body);
        /** @type {Appointment} */
        const next = answer && answer.id !== undefined ? answer
          : { ...a, status: verb === "accept" ? "booked" : "cancelled" };
        apply(next);
        render();
        wrote(next);
        toast(verb === "accept" ? t("Anfrage angenommen.") : t("Anfrage abgelehnt."));
      } catch (err) {
        error.textContent = apiMessage(err);
      }
    });
    /** @param {Event} e */
    const clicked = (e) => /** @type {HTMLButtonElement} */ (e.currentTarget);
    return h("li", { class: "request-item", dataset: { appointmentId: id } },
      h("div", { class: "request-head" },
        h("span", { class: "list-dot", style: { background: service?.color || "#64748b" } }),
        h("span", { class: "request-when" }, `${fmt.day(start)}, ${fmt.range(start, new Date(a.end))}`)),
      h("div", { class: "request-who" },
        h("span", { class: "request-name" }, a.customer_name || ""),
        h("span", { class: "request-service" }, [service?.name,
          staffList.length > 1 ? staffById.get(String(a.staff_id))?.name : null].filter(Boolean).join(" · "))),
      a.note ? h("p", { class: "request-note" }, a.note) : null,
      message,
      error,
      h("div", { class: "popup-buttons" },
        h("button", { class: "btn", type: "button", "data-decide": "decline", onclick: (/** @type {Event} */ e) => decide(clicked(e), "decline") }, t("Ablehnen")),
        h("button", { class: "btn btn-primary", type: "button", "data-decide": "accept", onclick: (/** @type {Event} */ e) => decide(clicked(e), "accept") }, t("Annehmen"))));
  }

  function render() {
    for (const [id, a] of open) if (!counts(a)) open.delete(id); // requests of a day now past
    const n = open.size;
    button.textContent = t("Anfragen ({n})", { n });
    anchor.hidden = n === 0;
    if (n === 0 && !panel.hidden) toggle(false);
    if (panel.hidden) return;
    const typed = new Map([.../** @type {NodeListOf<HTMLInputElement>} */ (listEl.querySelectorAll(".request-message"))]
      .map((input) => [input.id.slice(MESSAGE_PREFIX.length), input.value]));
    const sorted = [...open.values()].sort((x, y) => Date.parse(x.start) - Date.parse(y.start));
    listEl.replaceChildren(...(sorted.length ? sorted.map((a) => item(a, typed))
      : [h("li", { class: "request-empty" }, t("Keine offenen Anfragen. Neue Anfragen von Ihrer Buchungsseite erscheinen hier sofort."))]));
  }

  /** Loads the requests of the next days afresh (at start and after the connection was lost). */
  async function load() {
    const started = Date.now();
    const first = today();
    const query = new URLSearchParams({
      from: isoOf(instantAt(first)),
      to: isoOf(instantAt(T.addDays(first, REQUEST_DAYS))),
    });
    try {
      const data = await staffApi("GET", `/api/v1/appointments?${query}`);
      open.clear();
      for (const a of data.appointments || []) apply(a);
      seen = seen.filter((entry) => entry.at > Date.now() - JOURNAL_MS);
      for (const entry of seen) if (entry.at >= started) apply(entry.a);
      render();
    } catch (err) {
      console.warn(t("Die Anfragen konnten nicht geladen werden."), err);
    }
  }

  button.addEventListener("click", () => toggle());
  document.addEventListener("mousedown", (e) => {
    if (!panel.hidden && !(e.target instanceof Element && e.target.closest("#requests-anchor"))) toggle(false);
  });
  anchor.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !panel.hidden) {
      toggle(false);
      button.focus();
    }
  });

  return {
    load,
    /** A live change: the count and the open panel follow it.
     * @param {Appointment} a */
    track(a) {
      seen.push({ at: Date.now(), a });
      const id = String(a.id);
      const before = open.has(id);
      apply(a);
      if (before || open.has(id)) render();
    },
  };
}
