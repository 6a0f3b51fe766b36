// The business's locations: each with its name, address and phone, saved by its own button, and
// taken out of use (never deleted, so past appointments keep their place) or back into it. A
// location with appointments ahead lists them instead, to be moved or cancelled first.

import { ApiError, staffApi } from "../kit/api.js";
import { busy } from "../kit/busy.js";
import { byId, h } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { renderLocations } from "./opening-hours.js";
import { activeLocations, business, locations, setupChanged, staff } from "./state.js";

/**
 * @typedef {import("./state.js").Location} Location
 * @typedef {{id: string, staff_id: string, location_id: string, start: string, customer_name?: string}} Ahead
 */

/**
 * The appointments that keep a location or calendar in use, each a link to its day in the calendar.
 * @param {string} lead
 * @param {Ahead[]} ahead
 */
export function aheadList(lead, ahead) {
  const when = new Intl.DateTimeFormat(document.documentElement.lang || "de", {
    timeZone: business.timezone || undefined, weekday: "short", day: "numeric", month: "numeric",
    year: "numeric", hour: "2-digit", minute: "2-digit",
  });
  return h("div", { class: "alert alert-error ahead", role: "alert" },
    h("p", {}, lead),
    h("ul", { class: "ahead-list" }, ahead.map((a) => {
      const calendarName = staff.find((s) => String(s.id) === String(a.staff_id))?.name || "";
      const day = a.start.slice(0, 10);
      return h("li", {},
        h("a", { href: `/calendar?date=${encodeURIComponent(day)}` },
          [when.format(new Date(a.start)), a.customer_name || t("ohne Namen"), calendarName].filter(Boolean).join(" · ")));
    })));
}

/**
 * A field of a location's form.
 * @param {string} id
 * @param {string} label
 * @param {string} value
 * @param {Record<string, string>} [attrs]
 */
function input(id, label, value, attrs = {}) {
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    h("input", { type: "text", id, value, autocomplete: "off", ...attrs }));
}

/** @param {Location} location */
function locationCard(location) {
  const key = `loc-${location.id}`;
  const error = h("p", { class: "field-error", id: `${key}-error`, role: "alert" });
  const ahead = h("div", { class: "ahead-box" });
  const save = h("button", { class: "btn", type: "submit" }, t("Standort speichern"));
  const active = location.active !== false;
  const toggle = h("button", { class: active ? "btn btn-ghost" : "btn", type: "button", dataset: { toggle: "" } },
    active ? t("Deaktivieren") : t("Wieder in Betrieb nehmen"));
  const form = h("form", { class: "location-card", novalidate: true, dataset: { locationId: String(location.id) } },
    h("div", { class: "block-head" },
      h("h3", { id: `${key}-title` }, location.name,
        active ? null : h("span", { class: "tag" }, t("Deaktiviert")))),
    h("div", { class: "form-row three" },
      input(`${key}-name`, t("Name"), location.name, { maxlength: "200", name: "name" }),
      input(`${key}-address`, t("Adresse"), location.address || "", { name: "address" }),
      input(`${key}-phone`, t("Telefon"), location.phone || "", { name: "phone", type: "tel", maxlength: "50" })),
    error, ahead,
    h("div", { class: "inline-form" }, save, toggle));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const values = {
      name: byId(`${key}-name`, HTMLInputElement).value.trim(),
      address: byId(`${key}-address`, HTMLInputElement).value.trim(),
      phone: byId(`${key}-phone`, HTMLInputElement).value.trim(),
    };
    await act(save, error, async () => {
      Object.assign(location, await staffApi("PATCH", `/api/v1/locations/${encodeURIComponent(location.id)}`, values));
      toast(t("Gespeichert"));
    });
  });
  toggle.addEventListener("click", async () => {
    ahead.replaceChildren();
    await act(toggle, error, async () => {
      const verb = active ? "deactivate" : "activate";
      Object.assign(location, await staffApi("POST", `/api/v1/locations/${encodeURIComponent(location.id)}/${verb}`));
      toast(active ? t("Standort „{name}“ deaktiviert", { name: location.name }) : t("Standort „{name}“ wieder in Betrieb", { name: location.name }));
    }, (err) => {
      if (err.code !== "has_appointments") return false;
      ahead.replaceChildren(aheadList(t("Hier liegen noch diese Termine. Verschieben oder sagen Sie sie zuerst ab:"),
        /** @type {Ahead[]} */ (err.details.appointments || [])));
      return true;
    });
  });
  return form;
}

/**
 * Runs `work` with the button busy; an ApiError is shown in `error` unless `special` took it.
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} error
 * @param {() => Promise<void>} work
 * @param {(err: ApiError) => boolean} [special]
 */
async function act(button, error, work, special) {
  showError(error, "");
  busy(button, true);
  try {
    await work();
    changed();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (!special?.(err)) showError(error, err.message);
  } finally {
    busy(button, false);
  }
}

/** The list, the opening hours and the calendars' hours show the locations as they are now. */
function changed() {
  renderPlaces();
  renderLocations();
  setupChanged();
}

export function renderPlaces() {
  byId("place-list").replaceChildren(...locations.map(locationCard));
}

/** "Standort hinzufügen": open at the hours of the first location in use until set otherwise. */
async function addLocation() {
  const name = byId("new-location-name", HTMLInputElement);
  const address = byId("new-location-address", HTMLInputElement);
  const phone = byId("new-location-phone", HTMLInputElement);
  const error = byId("new-location-error");
  showError(error, "", name);
  if (!name.value.trim()) {
    showError(error, t("Bitte geben Sie einen Namen für den Standort an."), name);
    name.focus();
    return;
  }
  const body = {
    name: name.value.trim(), address: address.value.trim(), phone: phone.value.trim(),
    opening_hours: activeLocations()[0]?.opening_hours || {},
  };
  const button = byId("add-location-button", HTMLButtonElement);
  busy(button, true);
  try {
    /** @type {{id: string}} */
    const answer = await staffApi("POST", "/api/v1/locations", body);
    locations.push({ id: answer.id, name: body.name, address: body.address, phone: body.phone, opening_hours: body.opening_hours, active: true });
    for (const el of [name, address, phone]) el.value = "";
    changed();
    toast(t("Gespeichert – Standort „{name}“ angelegt", { name: body.name }));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    showError(error, err.message, name);
  } finally {
    busy(button, false);
  }
}

export function startPlaces() {
  byId("add-location", HTMLFormElement).addEventListener("submit", (e) => {
    e.preventDefault();
    addLocation();
  });
}
