// The first steps, where and what: the location (when the business has several) and the service,
// and the business's offer followed live, so a service it stops offering leaves the page at once.

import { request } from "../kit/api.js";
import { byId, debounce, h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { announce } from "./announce.js";
import { contextText, duration, priceOf } from "./chosen.js";
import {
  business, chosenLocation, forgetSlots, locations, persons, service, services, slug, staffChoice, state,
} from "./state.js";
import { backButton, go, render, renderProgress } from "./steps.js";
import { loadWeek } from "./times.js";

const REFRESH_DEBOUNCE_MS = 150;

export function renderLocation() {
  return h("ul", { class: "choice-list" }, locations.map((l) => h("li", {},
    h("button", {
      class: "choice location", type: "button", dataset: { locationId: String(l.id) },
      "aria-pressed": String(String(l.id) === state.locationId),
      onclick: () => {
        if (state.locationId !== String(l.id)) state.slots = null;
        state.locationId = String(l.id);
        go("service");
      },
    }, h("span", { class: "choice-main" }, h("span", { class: "choice-name" }, l.name)),
    h("span", { class: "chevron", "aria-hidden": "true" })))));
}

export function renderService() {
  /** @type {Node[]} */
  const nodes = [];
  if (state.notice) {
    nodes.push(h("p", { class: "alert alert-warning", role: "alert" }, state.notice));
    state.notice = null;
  }
  if (!services.length) return nodes.concat(h("p", { class: "alert alert-info" }, t("Derzeit können keine Leistungen online gebucht werden. Bitte rufen Sie uns an.")));
  if (locations.length > 1) {
    nodes.push(h("div", { class: "step-top" }, backButton("location"),
      h("span", { class: "step-context" }, chosenLocation()?.name)));
  }
  nodes.push(h("ul", { class: "choice-list" }, services.map((s) => h("li", {},
    h("button", {
      class: "choice service", type: "button", dataset: { serviceId: String(s.id) },
      "aria-pressed": String(String(s.id) === String(state.serviceId)),
      onclick: () => {
        if (String(state.serviceId) !== String(s.id)) state.slots = null;
        state.serviceId = String(s.id);
        state.slot = null;
        if (staffChoice()) {
          go("person"); // the times follow once the person is chosen
          return;
        }
        go("time");
        loadWeek();
      },
    },
    h("span", { class: "choice-color", style: { background: s.color || "var(--accent)" }, "aria-hidden": "true" }),
    h("span", { class: "choice-main" },
      h("span", { class: "choice-name" }, s.name),
      h("span", { class: "choice-meta" }, duration(s.duration_minutes),
        s.price_cents != null ? h("span", { class: "choice-price" }, priceOf(s)) : null)),
    h("span", { class: "chevron", "aria-hidden": "true" }))))));
  return nodes;
}

let offerSeq = 0;

/** Services, locations and the booking mode as the business has them now. */
export const refreshOffer = debounce(async () => {
  const seq = ++offerSeq;
  let data;
  try {
    ({ data } = await request("GET", `/api/v1/public/${encodeURIComponent(slug)}`));
  } catch {
    return; // the next change or reconnect tries again
  }
  if (seq !== offerSeq || !data) return;
  if (data.booking_mode) business.booking_mode = data.booking_mode;
  const choiceChanged = Boolean(data.staff_choice) && data.staff_choice !== business.staff_choice;
  if (data.staff_choice) business.staff_choice = data.staff_choice;
  const personsChanged = JSON.stringify(persons) !== JSON.stringify(data.staff || []);
  persons.splice(0, persons.length, ...(data.staff || []));
  const servicesChanged = serviceKey(services) !== serviceKey(data.services || []);
  const locationsChanged = locationKey(locations) !== locationKey(data.locations || []);
  services.splice(0, services.length, ...(data.services || []));
  locations.splice(0, locations.length, ...(data.locations || []));
  if (state.locationId && !locations.some((l) => String(l.id) === String(state.locationId))) {
    state.locationId = locations.length === 1 ? String(locations[0].id) : null;
  }
  const choosing = state.step === "time" || state.step === "account";
  const serviceGone = state.serviceId && !service();
  if (choosing && !state.hold && (serviceGone || !state.locationId)) {
    // What was chosen is no longer offered: back to choosing, with a short note.
    state.serviceId = serviceGone ? null : state.serviceId;
    state.slot = null;
    forgetSlots();
    const notice = t("Die gewählte Leistung wird gerade nicht mehr online angeboten. Bitte wählen Sie eine andere.");
    state.notice = notice;
    go(state.locationId || locations.length < 2 ? "service" : "location");
    announce(notice);
    return;
  }
  if (choiceChanged) {
    renderProgress();
    if (staffChoice() === "required" && !state.staffId && !state.hold && state.serviceId && (state.step === "time" || state.step === "account")) {
      // Customers must now say with whom: the times shown were anyone's.
      const notice = t("Bitte wählen Sie, bei wem Sie buchen möchten.");
      Object.assign(state, { slot: null, notice });
      forgetSlots();
      go("person");
      announce(notice);
      return;
    }
  }
  if (personsChanged && state.step === "person") rerenderKeepingFocus();
  if (servicesChanged || locationsChanged) {
    if (state.step === "service" || state.step === "location") rerenderKeepingFocus();
    else if (state.step === "time") {
      const context = byId("step").querySelector(".step-context");
      if (context && service()) context.textContent = contextText();
    }
  }
}, REFRESH_DEBOUNCE_MS);

/**
 * What of the services the page shows would look different.
 * @param {import("./state.js").Service[]} list
 */
function serviceKey(list) {
  return JSON.stringify(list.map((x) => [x.id, x.name, x.duration_minutes, x.color, x.price_cents, x.currency]));
}

/** @param {import("./state.js").Location[]} list */
function locationKey(list) {
  return JSON.stringify(list.map((x) => [x.id, x.name]));
}

/** Renders the list anew and keeps the keyboard on the choice it was on. */
function rerenderKeepingFocus() {
  const active = document.activeElement;
  const focused = active instanceof HTMLElement ? active.dataset : {};
  render();
  const stepEl = byId("step");
  const again = focused.staffId !== undefined
    ? stepEl.querySelector(`[data-staff-id="${CSS.escape(focused.staffId)}"]`)
    : focused.serviceId
    ? stepEl.querySelector(`[data-service-id="${CSS.escape(focused.serviceId)}"]`)
    : focused.locationId ? stepEl.querySelector(`[data-location-id="${CSS.escape(focused.locationId)}"]`) : null;
  if (again instanceof HTMLElement) again.focus();
}
