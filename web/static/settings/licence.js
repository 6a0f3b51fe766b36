// The settings page's "Lizenz", the owner's alone: the plan and what it includes and uses, the
// upgrade from the trial, add-ons (effective at once, billed for the days held), the next invoice,
// the buyer data the invoices name, and the invoices made, for download.

import { ApiError, staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { byId, h } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { lang } from "../kit/lang.js";
import { toast } from "../kit/toast.js";

/**
 * @typedef {{locations: number, calendars: number, online_bookings_per_month: number | null}} Counts
 * @typedef {{item: string, description: string, count: number, days: number, period_days: number,
 *   unit_price: string, amount: string}} Line
 * @typedef {{made_on: string, period_start: string, period_end: string, lines: Line[], net: string,
 *   vat_rate: string, vat: string, gross: string}} NextInvoice
 * @typedef {{id: string, number: string, period_start: string, period_end: string, gross: string,
 *   url: string}} Invoice
 * @typedef {{id: string, name: string}} Named
 * @typedef {{plan: "trial" | "base", trial_ends_at: string | null, trial_over: boolean,
 *   locked: boolean, extra_locations: number, extra_calendars: number, includes: Counts,
 *   uses: Counts, prices: {currency: string, base: string, location: string, calendar: string,
 *   vat_rate: string}, next_invoice: NextInvoice | null, invoices: Invoice[],
 *   buyer: {name: string, address: string, country: string, vat_id: string},
 *   calendars: Named[], locations: Named[]}} Licence
 */

/** @type {Licence | null} */
let shown = null;

/** @param {string} amount */
function money(amount) {
  const currency = shown ? shown.prices.currency : "EUR";
  return new Intl.NumberFormat(lang === "en" ? "en-GB" : "de-AT", { style: "currency", currency }).format(
    Number(amount),
  );
}

/** @param {string} plain  a date, YYYY-MM-DD */
function day(plain) {
  const [year, month, date] = plain.split("-").map(Number);
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "de-AT", { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

/** @param {Licence} licence */
function show(licence) {
  shown = licence;
  const base = licence.plan === "base";
  byId("licence-locked").hidden = !licence.locked;
  byId("licence-plan").textContent = base
    ? t("Sie nutzen die Basisversion.")
    : licence.trial_over
      ? t("Ihre Kennenlernversion ist abgelaufen. Kunden können derzeit nicht online buchen; Ihr Kalender und alle Daten bleiben erhalten.")
      : t("Sie nutzen die Kennenlernversion bis {day}.", { day: day(String(licence.trial_ends_at).slice(0, 10)) });
  byId("uses-locations").textContent = String(licence.uses.locations);
  byId("includes-locations").textContent = String(licence.includes.locations);
  byId("uses-calendars").textContent = String(licence.uses.calendars);
  byId("includes-calendars").textContent = String(licence.includes.calendars);
  byId("uses-bookings").textContent = String(licence.uses.online_bookings_per_month ?? 0);
  byId("includes-bookings").textContent =
    licence.includes.online_bookings_per_month === null ? t("unbegrenzt") : String(licence.includes.online_bookings_per_month);

  byId("licence-upgrade").hidden = base;
  byId("upgrade-price").textContent = t(
    "Die Basisversion kostet {price} im Monat zzgl. USt.; weitere Standorte und Kalender gibt es als Zusatzpakete zu je {addon} im Monat. Was Sie in Betrieb haben, wird beim Umstieg mitgebucht.",
    { price: money(licence.prices.base), addon: money(licence.prices.calendar) },
  );
  const form = byId("addons-form", HTMLFormElement);
  form.hidden = !base;
  byId("extra-locations", HTMLInputElement).value = String(licence.extra_locations);
  byId("extra-calendars", HTMLInputElement).value = String(licence.extra_calendars);
  byId("extra-locations-hint").textContent = t("je {price} im Monat zzgl. USt.", { price: money(licence.prices.location) });
  byId("extra-calendars-hint").textContent = t("je {price} im Monat zzgl. USt.", { price: money(licence.prices.calendar) });

  const next = licence.next_invoice;
  byId("next-invoice").hidden = !next;
  if (next) {
    byId("next-invoice-when").textContent = t("Am {day} für den Zeitraum {from} bis {to}, wenn sich bis dahin nichts ändert.", {
      day: day(next.made_on),
      from: day(next.period_start),
      to: day(next.period_end),
    });
    byId("next-invoice-lines").replaceChildren(
      ...next.lines.map((line) =>
        h(
          "tr",
          {},
          h("td", {}, `${line.count} × ${line.description}`),
          h("td", {}, t("{days} von {period} Tagen", { days: line.days, period: line.period_days })),
          h("td", { class: "num" }, money(line.amount)),
        ),
      ),
    );
    byId("next-invoice-net").textContent = money(next.net);
    byId("next-invoice-vat-label").textContent = t("USt. {rate} %", { rate: next.vat_rate });
    byId("next-invoice-vat").textContent = money(next.vat);
    byId("next-invoice-gross").textContent = money(next.gross);
  }

  byId("buyer-name", HTMLInputElement).value = licence.buyer.name;
  byId("buyer-address", HTMLTextAreaElement).value = licence.buyer.address;
  byId("buyer-country", HTMLInputElement).value = licence.buyer.country;
  byId("buyer-vat-id", HTMLInputElement).value = licence.buyer.vat_id;

  byId("invoice-empty").hidden = licence.invoices.length > 0;
  byId("invoice-list").replaceChildren(
    ...licence.invoices.map((invoice) =>
      h(
        "li",
        {},
        h(
          "a",
          { href: invoice.url, download: `${invoice.number}.pdf` },
          t("Rechnung {number}", { number: invoice.number }),
        ),
        " ",
        t("{from} bis {to}, {amount}", { from: day(invoice.period_start), to: day(invoice.period_end), amount: money(invoice.gross) }),
      ),
    ),
  );
  byId("licence-body").setAttribute("aria-busy", "false");
}

/**
 * A refused downgrade: which calendars or locations are in use, of which so many go first.
 * @param {ApiError} err
 */
function showProblem(err) {
  const box = byId("addons-problem");
  const details = /** @type {{calendars?: Named[], locations?: Named[]}} */ (err.details);
  const names = [...(details.calendars || []), ...(details.locations || [])].map((item) => h("li", {}, item.name));
  box.replaceChildren(h("p", {}, err.message), names.length ? h("ul", {}, ...names) : "");
  box.hidden = false;
}

/**
 * @param {HTMLButtonElement} button
 * @param {() => Promise<Licence>} work
 * @param {HTMLElement} errorBox
 * @param {string} done
 */
async function change(button, work, errorBox, done) {
  showError(errorBox, "");
  byId("addons-problem").hidden = true;
  try {
    show(await whileBusy(button, work));
    toast(done);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.code === "licence_limit") showProblem(err);
    else showError(errorBox, err.message);
  }
}

function start() {
  const errorBox = byId("licence-error");
  staffApi("GET", "/api/v1/licence")
    .then(show)
    .catch((err) => {
      if (!(err instanceof ApiError)) throw err;
      showError(errorBox, err.message);
    });
  const upgrade = byId("upgrade-button", HTMLButtonElement);
  upgrade.addEventListener("click", () =>
    change(upgrade, () => staffApi("POST", "/api/v1/licence/upgrade"), errorBox, t("Sie nutzen jetzt die Basisversion.")),
  );
  byId("addons-form", HTMLFormElement).addEventListener("submit", (event) => {
    event.preventDefault();
    const body = {
      extra_locations: Number(byId("extra-locations", HTMLInputElement).value || 0),
      extra_calendars: Number(byId("extra-calendars", HTMLInputElement).value || 0),
    };
    change(
      byId("addons-save", HTMLButtonElement),
      () => staffApi("PUT", "/api/v1/licence/add-ons", body),
      errorBox,
      t("Zusatzpakete gespeichert."),
    );
  });
  byId("buyer-form", HTMLFormElement).addEventListener("submit", (event) => {
    event.preventDefault();
    const body = {
      name: byId("buyer-name", HTMLInputElement).value,
      address: byId("buyer-address", HTMLTextAreaElement).value,
      country: byId("buyer-country", HTMLInputElement).value,
      vat_id: byId("buyer-vat-id", HTMLInputElement).value,
    };
    change(
      byId("buyer-save", HTMLButtonElement),
      () => staffApi("PUT", "/api/v1/licence/buyer", body),
      byId("buyer-error"),
      t("Rechnungsadresse gespeichert."),
    );
  });
}

start();
