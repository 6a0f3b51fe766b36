// "Feiertage": the country and region the business takes its public holidays from, and below them
// this year's and next year's holidays, each closed for online booking (the default) or opened.
// Each choice saves on its own.

import { staffApi } from "../kit/api.js";
import { byId, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { lang, locale } from "../kit/lang.js";
import { toast } from "../kit/toast.js";
import { saveSetting } from "./setting.js";
import { business } from "./state.js";

/**
 * @typedef {{code: string, name: string}} Region
 * @typedef {{code: string, name: string, regions: Region[]}} Country
 * @typedef {{date: string, name: string, open: boolean}} Holiday
 */

/** @type {Country[]} */
let countries = [];

/** The business's country and region as saved. */
function saved() {
  return { country: business.holiday_country || "", region: business.holiday_region || "" };
}

/**
 * A date as people write it here ("Mi., 06.01.2027").
 * @param {string} iso
 */
function dayText(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(locale(), {
    weekday: "short", day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC",
  });
}

/** Fills the region choice with the regions of the country chosen. */
function renderRegions() {
  const { country, region } = saved();
  const select = byId("holiday-region", HTMLSelectElement);
  const regions = countries.find((c) => c.code === country)?.regions || [];
  select.replaceChildren(
    h("option", { value: "" }, regions.length ? t("ganzes Land (nur bundesweite Feiertage)") : t("–")),
    ...regions.map((r) => h("option", { value: r.code, selected: r.code === region }, r.name)));
  select.value = region;
  select.disabled = !regions.length;
}

function renderCountries() {
  const { country } = saved();
  const select = byId("holiday-country", HTMLSelectElement);
  select.replaceChildren(
    h("option", { value: "" }, t("keine Feiertage")),
    ...countries.map((c) => h("option", { value: c.code, selected: c.code === country }, c.name)));
  select.value = country;
  renderRegions();
}

/**
 * One holiday with its switch: "geschlossen" (no online bookings) or "geöffnet".
 * @param {Holiday} holiday
 */
function holidayRow(holiday) {
  const id = `holiday-${holiday.date}`;
  const choice = h("select", { id, "aria-label": t("{name} am {date}", { name: holiday.name, date: dayText(holiday.date) }) },
    h("option", { value: "closed", selected: !holiday.open }, t("geschlossen")),
    h("option", { value: "open", selected: holiday.open }, t("geöffnet")));
  /** @type {HTMLSelectElement} */ (choice).value = holiday.open ? "open" : "closed";
  const row = h("li", { class: "holiday-row", dataset: { date: holiday.date, open: String(holiday.open) } },
    h("span", { class: "holiday-date" }, dayText(holiday.date)),
    h("span", { class: "holiday-name" }, holiday.name),
    choice);
  choice.addEventListener("change", async () => {
    const open = /** @type {HTMLSelectElement} */ (choice).value === "open";
    showError(byId("holidays-error"), "");
    try {
      /** @type {Holiday} */
      const answer = await staffApi("PUT", `/api/v1/holidays/${holiday.date}`, { open });
      row.dataset.open = String(answer.open);
      toast(t("Gespeichert"));
    } catch (err) {
      /** @type {HTMLSelectElement} */ (choice).value = open ? "closed" : "open";
      showError(byId("holidays-error"), apiMessage(err), choice);
    }
  });
  return row;
}

/** Loads this year's and next year's holidays into the list. */
async function renderHolidays() {
  const list = byId("holiday-list");
  /** @type {{holidays: Holiday[]}} */
  const answer = await staffApi("GET", `/api/v1/holidays?lang=${lang}`);
  list.replaceChildren(...answer.holidays.map(holidayRow));
  byId("holidays-empty").hidden = answer.holidays.length > 0 || !saved().country;
}

export async function startHolidays() {
  const country = byId("holiday-country", HTMLSelectElement);
  const region = byId("holiday-region", HTMLSelectElement);
  country.addEventListener("change", async () => {
    if (await saveSetting("holiday_country", country.value, country)) {
      renderRegions();
      await renderHolidays();
    } else country.value = saved().country;
  });
  region.addEventListener("change", async () => {
    if (await saveSetting("holiday_region", region.value, region)) await renderHolidays();
    else region.value = saved().region;
  });
  /** @type {{countries: Country[]}} */
  const places = await staffApi("GET", `/api/v1/holidays/places?lang=${lang}`);
  countries = places.countries;
  renderCountries();
  await renderHolidays();
}
