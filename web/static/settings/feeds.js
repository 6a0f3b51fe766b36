// "Kalender-Abo": the person's secret subscription addresses for Google, Apple and Outlook
// calendars. Each shows its webcal:// and https address with a copy button and an "Abonnieren"
// link; a new address (the old one stops) and revoking both ask first. A new feed is of one's own
// appointments or of a calendar, in full or busy only; a colleague's calendar only busy without
// the right to work in colleagues' calendars.

import { staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { confirmAction } from "../kit/confirm.js";
import { byId, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { activeStaff, boot, may, same } from "./state.js";

/**
 * @typedef {object} Feed
 * @property {string} id
 * @property {"calendar" | "person"} kind
 * @property {string | null} staff_id
 * @property {string} title
 * @property {boolean} busy
 * @property {string | null} url  The https address; null once it can only be renewed.
 * @property {string | null} webcal
 */

const list = byId("feed-list");
const none = byId("feed-none");
const errorBox = byId("feeds-error");
const form = byId("feed-form", HTMLFormElement);
const what = byId("feed-what", HTMLSelectElement);
const full = byId("feed-full", HTMLInputElement);
const busyOnly = byId("feed-busy", HTMLInputElement);
const busyHint = byId("feed-busy-only");
const create = byId("feed-create", HTMLButtonElement);

/**
 * Copies `value`, or selects the field for copying by hand where the browser refuses.
 * @param {string} value
 * @param {HTMLInputElement} field
 */
async function copy(value, field) {
  try {
    await navigator.clipboard.writeText(value);
    toast(t("Kopiert"));
  } catch {
    field.focus();
    field.select();
    toast(t("Bitte markieren und selbst kopieren (Strg+C)."));
  }
}

/**
 * One address with its copy button.
 * @param {string} label
 * @param {string} value
 * @param {string} id
 */
function address(label, value, id) {
  const field = h("input", { type: "text", id, readonly: true, value, spellcheck: "false", class: "feed-address" });
  field.addEventListener("focus", () => field.select());
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    h(
      "div",
      { class: "copy-row" },
      field,
      h("button", { class: "btn", type: "button", dataset: { copyFeed: id }, onclick: () => copy(value, field) }, t("Kopieren")),
    ),
  );
}

/** @param {Feed} feed */
function row(feed) {
  const variant = feed.busy ? t("Nur belegt") : t("Vollständig, mit Kundennamen");
  return h(
    "li",
    { class: "feed", dataset: { feedId: feed.id } },
    h(
      "div",
      { class: "feed-head" },
      h("span", { class: "feed-title" }, feed.title),
      h("span", { class: feed.busy ? "badge" : "badge badge-warning" }, variant),
    ),
    feed.webcal && feed.url
      ? [
        address(t("Abo-Adresse (webcal)"), feed.webcal, `feed-webcal-${feed.id}`),
        address(t("Abo-Adresse (https, für Google und Outlook)"), feed.url, `feed-url-${feed.id}`),
      ]
      : h("p", { class: "hint" }, t("Diese Adresse kann nicht mehr angezeigt werden. Erstellen Sie eine neue Adresse.")),
    h(
      "div",
      { class: "form-actions" },
      feed.webcal && h("a", { class: "btn btn-primary", href: feed.webcal }, t("Abonnieren")),
      h("button", { class: "btn", type: "button", "data-feed-renew": "", onclick: () => askToRenew(feed) }, t("Neue Adresse")),
      h(
        "button",
        { class: "btn btn-danger", type: "button", "data-feed-revoke": "", onclick: () => askToRevoke(feed) },
        t("Widerrufen"),
      ),
    ),
  );
}

/** @param {Feed} feed */
function askToRenew(feed) {
  confirmAction({
    title: t("Neue Abo-Adresse erstellen?"),
    text: t("Die bisherige Adresse von „{title}“ hört sofort auf zu funktionieren. Wo Sie sie abonniert haben, abonnieren Sie danach die neue.", { title: feed.title }),
    ok: t("Neue Adresse erstellen"),
    act: async () => {
      await staffApi("POST", `/api/v1/feeds/${encodeURIComponent(feed.id)}/renew`);
      toast(t("Die Abo-Adresse ist erneuert."));
      await load();
    },
  });
}

/** @param {Feed} feed */
function askToRevoke(feed) {
  confirmAction({
    title: t("Kalender-Abo widerrufen?"),
    text: t("Die Adresse von „{title}“ hört sofort auf zu funktionieren; abonnierte Kalender zeigen die Termine nicht mehr an.", { title: feed.title }),
    ok: t("Widerrufen"),
    danger: true,
    act: async () => {
      await staffApi("DELETE", `/api/v1/feeds/${encodeURIComponent(feed.id)}`);
      toast(t("Das Kalender-Abo ist widerrufen."));
      await load();
      setTimeout(() => list.focus());
    },
  });
}

/** Shows the feeds as the server has them now. */
async function load() {
  list.setAttribute("aria-busy", "true");
  try {
    /** @type {{feeds: Feed[]}} */
    const { feeds } = await staffApi("GET", "/api/v1/feeds");
    list.replaceChildren(...feeds.map(row));
    none.hidden = feeds.length > 0;
    showError(errorBox, "");
  } catch (err) {
    showError(errorBox, apiMessage(err));
  } finally {
    list.setAttribute("aria-busy", "false");
  }
}

/** Whether the chosen calendar may only be subscribed busy: a colleague's, without the right. */
function onlyBusy() {
  const chosen = what.value;
  return chosen !== "person" && !same(chosen, boot.user.staff_id) && !may("book_others");
}

function followChoice() {
  const restricted = onlyBusy();
  full.disabled = restricted;
  if (restricted) busyOnly.checked = true;
  busyHint.hidden = !restricted;
}

function fillChoices() {
  const own = boot.user.staff_id;
  const calendars = activeStaff();
  what.replaceChildren(
    h("option", { value: "person" }, own ? t("Meine Termine") : t("Meine Termine (alle Kalender, die ich sehe)")),
    ...calendars.map((calendar) =>
      h("option", { value: String(calendar.id) }, t("Kalender: {name}", { name: calendar.name })),
    ),
  );
  followChoice();
}

/** @param {SubmitEvent} event */
function submit(event) {
  event.preventDefault();
  const chosen = what.value;
  const body = chosen === "person"
    ? { kind: "person", busy: busyOnly.checked }
    : { kind: "calendar", staff_id: chosen, busy: busyOnly.checked };
  void whileBusy(create, async () => {
    showError(byId("feed-what-error"), "", what);
    try {
      /** @type {Feed} */
      const made = await staffApi("POST", "/api/v1/feeds", body);
      toast(t("Die Abo-Adresse ist erstellt."));
      await load();
      const field = document.getElementById(`feed-webcal-${made.id}`);
      if (field) field.focus();
    } catch (err) {
      showError(byId("feed-what-error"), apiMessage(err), what);
    }
  });
}

export function startFeeds() {
  fillChoices();
  what.addEventListener("change", followChoice);
  form.addEventListener("submit", submit);
  void load();
}
