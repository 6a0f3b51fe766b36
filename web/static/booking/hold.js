// The held time and its security code: the server holds the chosen time for a few minutes and mails
// a code; the page counts down against the server's clock, confirms with the code or gives the
// time back, and keeps the hold across a reload of the page.

import { ApiError, request } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { customerToken, STORE, storage } from "../kit/customer-session.js";
import { byId, find, h } from "../kit/dom.js";
import { clearErrors, control, fieldErrorId, showFieldError, showFormNote } from "../kit/forms.js";
import { t, tn } from "../kit/i18n.js";
import * as T from "../kit/time.js";
import { announce } from "./announce.js";
import { clock, summaryCard } from "./chosen.js";
import {
  business, fmt, forgetSlots, holdSeconds, idOf, locations, services, slug, state,
} from "./state.js";
import { go } from "./steps.js";
import { loadWeek } from "./times.js";

const TICK_MS = 250;
// A hold restored after a reload with less time left than this is given up as run out.
const RESTORE_MARGIN_MS = 2000;

/**
 * Holds the chosen time and goes on to the code; from the log-in form, whose button shows the work,
 * or else with the step marked busy and a note for screen readers.
 * @param {{fromLogIn?: boolean}} [options]
 */
export async function holdChosenTime({ fromLogIn = false } = {}) {
  const slot = state.slot;
  if (!slot) return;
  const started = Date.now();
  const stepEl = byId("step");
  if (!fromLogIn) {
    stepEl.setAttribute("aria-busy", "true");
    announce(t("Termin wird reserviert …"));
  }
  try {
    const where = {
      service_id: idOf(services, state.serviceId),
      location_id: idOf(locations, state.locationId),
      ...(state.staffId ? { staff_id: state.staffId } : {}),
    };
    const series = state.series;
    const { data, response } = series
      ? await request("POST", `/api/v1/public/${encodeURIComponent(slug)}/series-holds`, {
        token: customerToken(),
        body: { ...where, starts: series.starts, every_weeks: series.every },
      }).then(({ data: made, response: answer }) => ({
        data: { ...made.holds[0], id: made.id, expires_at: made.expires_at, dates: made.holds },
        response: answer,
      }))
      : await request("POST", `/api/v1/public/${encodeURIComponent(slug)}/holds`, {
        token: customerToken(),
        body: { ...where, start: slot.start, ...(state.replaces ? { replaces: state.replaces.id } : {}) },
      });
    // Count down against the server's clock, whatever the device's clock says.
    const serverNow = Date.parse(response.headers.get("Date") || "");
    const expires = Date.parse(data.expires_at);
    const deadline = Number.isFinite(serverNow) ? Date.now() + (expires - serverNow) : expires;
    state.hold = { ...data, deadline: Math.min(deadline, started + holdSeconds * 1000) };
    saveHold();
    go("code");
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.status === 401) {
      storage.set(STORE.token, null);
      storage.set(STORE.email, null);
      state.accountTab = "login";
      state.accountNotice = ["warning", t("Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.")];
      go("account");
    } else if (err.code === "staff_required" || err.code === "not_offered") {
      // The business changed who customers may choose meanwhile: choose the person again.
      Object.assign(state, { slot: null, staffId: null, notice: err.message });
      forgetSlots();
      go("person");
    } else if (state.series && (err.code === "slot_taken" || err.code === "not_bookable")) {
      // A date of the series went meanwhile: its dates are shown again as they are now.
      state.series = null;
      const refused = typeof err.details.start === "string" ? new Date(err.details.start) : null;
      state.notice = err.code === "slot_taken"
        ? t("Einer der Termine wurde gerade vergeben. Bitte prüfen Sie die Serie erneut.")
        : refused
          ? t("Der Termin am {when} kann nicht online gebucht werden. Bitte prüfen Sie die Serie erneut.", { when: `${fmt().day(refused)}, ${clock(fmt().time(refused))}` })
          : err.message;
      go("series");
    } else if (err.code === "slot_taken" || err.code === "not_bookable" || err.status === 409) {
      state.slot = null;
      state.notice = err.code === "slot_taken"
        ? t("Diesen Termin hat gerade jemand anderes gebucht. Bitte wählen Sie eine andere Zeit – die Liste ist jetzt aktuell.")
        : err.message;
      backToTimes();
    } else if (state.step === "account") {
      const form = stepEl.querySelector("form");
      if (form) showFormNote(form, err.message);
    } else {
      state.notice = err.message;
      backToTimes();
    }
  } finally {
    stepEl.setAttribute("aria-busy", "false");
  }
}

/** Keeps the hold (or its end) in the session, for a reload of the page. */
function saveHold() {
  storage.set(STORE.hold, state.hold ? JSON.stringify({
    hold: state.hold, slot: state.slot, serviceId: state.serviceId, locationId: state.locationId,
    replaces: state.replaces, staffId: state.staffId, series: state.series,
  }) : null);
}

/** Shows the code step again for a hold kept from before a reload; false when there is none. */
export function restoreHold() {
  const saved = storage.get(STORE.hold);
  if (!saved) return false;
  try {
    const { hold: held, slot, serviceId, locationId, replaces = null, staffId = null, series = null } = JSON.parse(saved);
    if (!held || held.deadline <= Date.now() + RESTORE_MARGIN_MS) throw new Error("expired");
    Object.assign(state, { hold: held, slot, serviceId, locationId, replaces, staffId, series });
    go("code", { focus: false });
    return true;
  } catch {
    storage.set(STORE.hold, null);
    return false;
  }
}

/** The hold is over: back to the week of times, loaded afresh. */
function backToTimes() {
  state.hold = null;
  state.series = null;
  saveHold();
  stopCountdown();
  go("time");
  loadWeek();
}

/**
 * Where the code went: the address the customer logged in with, when the page knows it.
 * @param {string | null} email
 */
function codeSent(email) {
  return email
    ? t("Wir haben Ihnen einen 6-stelligen Sicherheitscode an {email} geschickt. Geben Sie ihn hier ein, um die Buchung verbindlich zu machen.", { email })
    : t("Wir haben Ihnen einen 6-stelligen Sicherheitscode geschickt. Geben Sie ihn hier ein, um die Buchung verbindlich zu machen.");
}

/** @type {ReturnType<typeof setInterval> | undefined} */
let countdown;

function stopCountdown() {
  clearInterval(countdown);
  countdown = undefined;
}

/** The unticked box for the business's newsletter; ticking it mails a link to confirm (double opt-in). */
function newsletterChoice() {
  return h("div", { class: "field field-check" },
    h("label", { for: "f-newsletter" },
      h("input", { id: "f-newsletter", name: "newsletter", type: "checkbox" }),
      " ", t("Newsletter von {business} erhalten", { business: business.name })),
    h("p", { class: "hint" }, t("Freiwillig und jederzeit abbestellbar. Sie erhalten zuerst eine E-Mail mit einem Link zur Bestätigung.")));
}

/** Records the newsletter wish once the booking made the customer's record; a failure costs the booking nothing. */
async function askForNewsletter() {
  try {
    await request("POST", `/api/v1/public/${encodeURIComponent(slug)}/newsletter`, { token: customerToken() });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
  }
}

/** For a series: every held date, all confirmed with the one code. */
function heldDates() {
  const dates = state.hold?.dates;
  if (!dates || dates.length < 2) return null;
  return h("div", { class: "series-held" },
    h("p", {}, t("Serie mit {n} Terminen:", { n: dates.length })),
    h("ol", { class: "series-dates", id: "held-dates" }, dates.map((d) => {
      const start = new Date(d.start);
      return h("li", {}, `${fmt().day(start)}, ${clock(fmt().range(start, new Date(d.end)))}`);
    })));
}

export function renderCode() {
  const form = h("form", { class: "code-form", novalidate: true },
    summaryCard({ hold: true }),
    heldDates(),
    h("div", { class: "timer", id: "timer" },
      h("div", { class: "timer-text" },
        h("span", {}, t("Für Sie reserviert – noch"), " "),
        h("strong", { id: "timer-value", "aria-hidden": "true" }, "")),
      h("div", { class: "timer-bar", "aria-hidden": "true" }, h("span", { id: "timer-fill" }))),
    h("p", { class: "lead" }, codeSent(storage.get(STORE.email))),
    h("div", { class: "form-alert", hidden: true }),
    h("div", { class: "field" },
      h("label", { for: "f-code" }, t("Sicherheitscode")),
      h("input", {
        id: "f-code", name: "code", type: "text", inputmode: "numeric", autocomplete: "one-time-code",
        pattern: "[0-9]{6}", maxlength: "6", required: true, class: "code-input", spellcheck: "false",
        "aria-describedby": fieldErrorId("code"),
      }),
      h("p", { class: "field-error", id: fieldErrorId("code") })),
    newsletterChoice(),
    h("div", { class: "form-actions" },
      h("button", { class: "btn btn-lg", type: "button", id: "cancel-hold" }, t("Abbrechen")),
      h("button", { class: "btn btn-primary btn-lg", type: "submit" },
        business.booking_mode === "request" ? t("Anfrage verbindlich senden") : t("Termin verbindlich buchen"))));

  const input = control(form, "code");
  input.addEventListener("input", () => {
    const digits = input.value.replace(/\D/g, "").slice(0, 6);
    if (digits !== input.value) input.value = digits;
    if (input.getAttribute("aria-invalid")) clearErrors(form);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    confirmCode(form);
  });
  const cancel = find(form, "#cancel-hold", HTMLButtonElement);
  cancel.addEventListener("click", () => cancelHold(cancel));

  stopCountdown();
  const tick = countdownTicker();
  queueMicrotask(() => {
    tick();
    countdown = setInterval(tick, TICK_MS);
    input.focus();
  });
  return form;
}

/** A tick of the countdown: the time left, low in its last minute; the hold ends when it is out. */
function countdownTicker() {
  let warned = false;
  return () => {
    const left = Math.max(0, state.hold ? state.hold.deadline - Date.now() : 0);
    const value = document.getElementById("timer-value");
    if (!value) return;
    const secs = Math.ceil(left / 1000);
    value.textContent = `${Math.floor(secs / 60)}:${T.pad(secs % 60)}`;
    byId("timer-fill").style.width = `${Math.min(100, (left / (holdSeconds * 1000)) * 100)}%`;
    byId("timer").classList.toggle("is-low", secs <= 60);
    if (secs <= 60 && secs > 0 && !warned) {
      warned = true;
      announce(t("Noch eine Minute."));
    }
    if (left <= 0) {
      stopCountdown();
      state.notice = t("Die Reservierungszeit ist abgelaufen, der Termin ist wieder frei. Bitte wählen Sie erneut eine Zeit.");
      backToTimes();
    }
  };
}

/** @param {HTMLFormElement} form */
async function confirmCode(form) {
  clearErrors(form);
  const input = control(form, "code");
  const code = input.value.trim();
  if (!/^\d{6}$/.test(code)) {
    showFieldError(form, "code", t("Bitte geben Sie die 6 Ziffern aus der E-Mail ein."));
    return;
  }
  const held = state.hold;
  if (!held) return;
  await whileBusy(find(form, "button[type=submit]", HTMLButtonElement), async () => {
    try {
      const { data } = await request("POST", `/api/v1/public/holds/${encodeURIComponent(held.id)}/confirm`, {
        token: customerToken(), body: { code },
      });
      stopCountdown();
      if (control(form, "newsletter").checked) await askForNewsletter();
      state.result = { ...data, hold: held, moved: Boolean(state.replaces) };
      state.replaces = null;
      state.hold = null;
      saveHold();
      go("done");
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const attemptsLeft = Number(err.details.attempts_left);
      if (err.code === "wrong_code" && attemptsLeft > 0) {
        showFieldError(form, "code", tn(
          "Der Code stimmt nicht. Sie haben noch 1 Versuch.",
          "Der Code stimmt nicht. Sie haben noch {n} Versuche.",
          attemptsLeft));
        input.select();
      } else if (err.code === "wrong_code" || err.code === "hold_released" || err.status === 410) {
        stopCountdown();
        state.notice = err.code === "wrong_code"
          ? t("Der Code wurde zu oft falsch eingegeben, deshalb haben wir die Reservierung aufgehoben. Bitte wählen Sie die Zeit erneut.")
          : t("Die Reservierungszeit ist abgelaufen, der Termin ist wieder frei. Bitte wählen Sie erneut eine Zeit.");
        state.slot = null;
        backToTimes();
      } else if (err.status === 401) {
        showFormNote(form, t("Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an."));
      } else {
        showFieldError(form, "code", err.message);
      }
    }
  });
}

/** @param {HTMLButtonElement} button */
async function cancelHold(button) {
  const id = state.hold?.id;
  await whileBusy(button, async () => {
    try {
      if (id) await request("DELETE", `/api/v1/public/holds/${encodeURIComponent(id)}`, { token: customerToken() });
    } catch {
      // Released anyway when its time runs out.
    }
  });
  stopCountdown();
  state.slot = null;
  backToTimes();
  announce(t("Die Reservierung wurde aufgehoben."));
}
