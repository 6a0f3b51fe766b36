// A customer's data on their record: the line under the name (customer since, online account, a
// name changed by the business) and the facts (contact, address, age, groups, newsletter), with the
// newsletter switched off and on in place.

import { staffApi } from "../kit/api.js";
import { busy } from "../kit/busy.js";
import { byId, h } from "../kit/dom.js";
import { apiMessage } from "../kit/errors.js";
import { N_, t } from "../kit/i18n.js";
import { todayIn } from "../kit/time.js";
import { toast } from "../kit/toast.js";
import { plainDate } from "./names.js";

/**
 * @typedef {import("./types.js").Customer} Customer
 * @typedef {import("../kit/dom.js").Child} Child
 */

/**
 * The line under the name.
 * @param {Customer} c
 */
export function renderSub(c) {
  /** @type {(string | HTMLElement)[]} */
  const parts = [t("Kunde seit {when}", { when: plainDate(c.created_at.slice(0, 10)) })];
  if (c.account_linked) parts.push(h("span", { class: "badge badge-quiet" }, t("Online-Konto verknüpft")));
  if (c.name_private) parts.push(h("span", { class: "badge badge-quiet" }, t("Name von Ihnen geändert")));
  byId("customer-sub").replaceChildren(...parts.flatMap((part, i) => (i ? [" ", part] : [part])));
}

/**
 * A fact: its label, and its value or a quiet dash.
 * @param {string} label
 * @param {...(Child | Child[])} value
 */
function fact(label, ...value) {
  const filled = value.flat().filter((v) => v !== null && v !== "");
  return h("div", {}, h("dt", {}, label), h("dd", {}, filled.length ? filled : h("span", { class: "value-empty" }, t("–"))));
}

/**
 * The age in years on `today` of someone born on `birth` (both "YYYY-MM-DD").
 * @param {string} birth
 * @param {string} today
 */
function ageOn(birth, today) {
  const [by, bm, bd] = birth.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Where consent was given, as the desk reads it. */
const SOURCES = {
  booking_page: N_("Buchungsseite"), desk: N_("schriftlich am Empfang"), import: N_("Import"), account: N_("Kundenkonto"),
};

/**
 * The newsletter's state of a record: no consent, waiting for the mailed link, receiving, or withdrawn.
 * @param {import("./types.js").NewsletterConsent | null} consent
 */
function consentText(consent) {
  if (!consent) return t("keine Einwilligung");
  const day = (/** @type {string} */ moment) => plainDate(moment.slice(0, 10));
  const given = { when: day(consent.given_at), source: t(SOURCES[consent.source]) };
  if (consent.withdrawn_at) return t("abbestellt am {when}", { when: day(consent.withdrawn_at) });
  if (!consent.confirmed_at) return t("Einwilligung vom {when} ({source}), Bestätigung per E-Mail ausstehend", given);
  return t("erhält Newsletter (Einwilligung vom {when}, {source}, bestätigt)", given);
}

export class RecordFacts {
  /**
   * `onChanged(record)` gets the record after the newsletter was switched here.
   * @param {{customerId: string, timezone: string, onChanged: (record: Customer) => void}} options
   */
  constructor({ customerId, timezone, onChanged }) {
    this.customerId = customerId;
    this.timezone = timezone;
    this.onChanged = onChanged;
  }

  /** @param {Customer} c */
  render(c) {
    const place = [c.postal_code, c.city].filter(Boolean).join(" ");
    const age = c.birth_date ? t("{n} Jahre", { n: ageOn(c.birth_date, todayIn(this.timezone)) }) : "";
    const born = c.birth_date ? `${plainDate(c.birth_date)} (${age})` : null;
    const consent = c.newsletter_consent ?? null;
    const standing = Boolean(consent && !consent.withdrawn_at);
    const toggle = h("button", { class: "link-button", type: "button", id: "newsletter-toggle" },
      c.newsletter ? t("Abbestellen") : standing ? t("Einwilligung widerrufen") : t("Einwilligung liegt schriftlich vor"));
    toggle.addEventListener("click", () => this.setNewsletter(toggle, !standing));
    byId("customer-facts").replaceChildren(
      fact(t("E-Mail"), c.email ? h("a", { href: `mailto:${c.email}` }, c.email) : null),
      fact(t("Telefon"), c.phone ? h("a", { href: `tel:${c.phone.replace(/[^\d+]/g, "")}` }, c.phone) : null),
      fact(t("Adresse"), c.street ? h("span", { class: "line" }, c.street) : null, place ? h("span", { class: "line" }, place) : null),
      fact(t("Geburtsdatum"), born),
      fact(t("Gruppen"), c.groups.map((g) => h("span", { class: "group-chip" }, g.name))),
      fact(t("Newsletter"), h("span", { id: "newsletter-state" }, consentText(consent)), " ", toggle),
    );
  }

  /**
   * @param {HTMLButtonElement} button
   * @param {boolean} on
   */
  async setNewsletter(button, on) {
    busy(button, true);
    try {
      /** @type {Customer} */
      const record = await staffApi("PATCH", `/api/v1/customers/${encodeURIComponent(this.customerId)}`, { newsletter: on });
      this.onChanged(record);
      this.render(record);
      toast(t("Gespeichert"));
    } catch (err) {
      // The button stays busy after a success: the facts drawn anew have a button of their own.
      busy(button, false);
      toast(apiMessage(err));
    }
  }
}
