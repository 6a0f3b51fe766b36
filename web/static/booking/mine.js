// The logged-in customer's own appointments with this business: the upcoming ones, each to cancel
// (after a second click) or to move, which starts the usual way at the time step with the booking
// it replaces; and the log-out, which forgets the log-in on this device.

import { ApiError, request } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { customerToken, STORE, storage } from "../kit/customer-session.js";
import { h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { announce } from "./announce.js";
import { movedText } from "./chosen.js";
import { fmt, forgetSlots, locations, services, slug, staffChoice, state } from "./state.js";
import { go, render } from "./steps.js";
import { loadWeek } from "./times.js";

/**
 * One of the customer's appointments as the API lists it.
 * @typedef {{id: string, business: string, slug: string, service_id: string, service: string,
 *   location_id: string, location: string, staff: string, start: string, end: string, status: string,
 *   cancellable: boolean, reschedulable: boolean}} MyAppointment
 */

/** @type {{loading: boolean, error: string | null, upcoming: MyAppointment[] | null, asking: string | null}} */
const mine = { loading: false, error: null, upcoming: null, asking: null };

/** Opens the list, loaded afresh. */
export function showMine() {
  mine.upcoming = null;
  mine.asking = null;
  go("mine");
  load();
}

async function load() {
  mine.loading = true;
  mine.error = null;
  try {
    const { data } = await request("GET", `/api/v1/customer/appointments?${new URLSearchParams({ slug })}`, {
      token: customerToken(),
    });
    mine.upcoming = data.upcoming;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.status === 401) return logOut();
    mine.error = err.message;
  } finally {
    mine.loading = false;
  }
  if (state.step === "mine") render();
}

/** Forgets the log-in on this device and starts again. */
export function logOut() {
  storage.set(STORE.token, null);
  storage.set(STORE.email, null);
  storage.set(STORE.hold, null);
  Object.assign(state, { hold: null, slot: null, result: null, replaces: null, accountTab: "login", accountNotice: null });
  forgetSlots();
  go(locations.length > 1 ? "location" : "service");
  announce(t("Sie sind abgemeldet."));
}

/**
 * Starts the booking way at the time step for the appointment's service and location; the
 * confirmed new time replaces it.
 * @param {MyAppointment} appointment
 */
function move(appointment) {
  if (!services.some((s) => String(s.id) === String(appointment.service_id))) {
    mine.error = t("Diese Leistung wird online nicht mehr angeboten. Bitte rufen Sie uns an.");
    render();
    return;
  }
  Object.assign(state, {
    replaces: appointment,
    serviceId: String(appointment.service_id),
    locationId: String(appointment.location_id),
    slot: null,
    date: null,
    staffId: null,
  });
  forgetSlots();
  if (staffChoice()) {
    go("person"); // where the business lets customers choose, the new time is with whom they choose
    return;
  }
  go("time");
  loadWeek();
}

/**
 * @param {MyAppointment} appointment
 * @param {HTMLButtonElement} button
 */
async function cancel(appointment, button) {
  await whileBusy(button, async () => {
    try {
      await request("POST", `/api/v1/customer/appointments/${encodeURIComponent(appointment.id)}/cancel`, {
        token: customerToken(),
      });
      mine.asking = null;
      announce(t("Der Termin ist abgesagt."));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      mine.error = err.message;
    }
  });
  await load();
}

/** @param {MyAppointment} appointment */
function item(appointment) {
  const asking = mine.asking === appointment.id;
  /** @type {(Node | null)[]} */
  const actions = [];
  if (asking) {
    const yes = h("button", { class: "btn btn-danger", type: "button" }, t("Ja, absagen"));
    yes.addEventListener("click", () => cancel(appointment, yes));
    actions.push(h("span", { class: "mine-ask" }, t("Diesen Termin wirklich absagen?")), yes,
      h("button", { class: "btn", type: "button", onclick: () => { mine.asking = null; render(); } }, t("Nein")));
  } else {
    if (appointment.reschedulable) {
      actions.push(h("button", { class: "btn", type: "button", onclick: () => move(appointment) }, t("Verschieben")));
    }
    if (appointment.cancellable) {
      actions.push(h("button", {
        class: "btn", type: "button",
        onclick: () => {
          mine.asking = appointment.id;
          render();
          /** @type {HTMLElement | null} */ (document.querySelector(".mine-item .btn-danger"))?.focus();
        },
      }, t("Absagen")));
    }
    if (!appointment.cancellable) actions.push(h("span", { class: "mine-note" }, t("Online nicht mehr änderbar – bitte rufen Sie uns an.")));
  }
  return h("li", { class: "mine-item", dataset: { id: appointment.id } },
    h("p", { class: "mine-when" }, movedText(appointment)),
    h("p", { class: "mine-what" }, [appointment.service, appointment.location, appointment.staff].filter(Boolean).join(" · ")),
    appointment.status === "requested" ? h("p", { class: "mine-note" }, t("Anfrage – noch nicht bestätigt")) : null,
    h("div", { class: "mine-actions" }, actions));
}

export function renderMine() {
  /** @type {Node[]} */
  const nodes = [];
  if (mine.error) nodes.push(h("p", { class: "alert alert-warning", role: "alert" }, mine.error));
  if (mine.upcoming === null) {
    nodes.push(h("p", { class: "lead", role: "status" }, t("Ihre Termine werden geladen …")));
  } else if (mine.upcoming.length === 0) {
    nodes.push(h("p", { class: "lead" }, t("Sie haben hier keine bevorstehenden Termine.")));
  } else {
    nodes.push(h("ul", { class: "mine-list" }, mine.upcoming.map(item)));
  }
  nodes.push(h("div", { class: "form-actions" },
    h("button", {
      class: "btn btn-primary btn-lg", type: "button",
      onclick: () => {
        state.replaces = null;
        go(locations.length > 1 ? "location" : "service");
      },
    }, t("Neuen Termin buchen"))));
  return nodes;
}
