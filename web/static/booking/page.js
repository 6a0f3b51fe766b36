// The customer's booking page: location → service → day and time → log-in or registration →
// security code → confirmation. Free times follow the server live; a time someone else takes
// fades out with a note; when the business changes its hours, settings, services or closures the
// page follows at once (`availability.changed`). Works in a third-party iframe: the customer's token lives in
// sessionStorage and goes out as a Bearer header, never as a cookie.

import { io } from "socket.io-client";
import { slotsByDay, startsOf } from "./slots.js";
import { STORE, storage } from "../kit/customer-session.js";
import {
  busy, clearErrors, field, fieldErrorId, showApiError, showFieldError, showFormNote,
} from "../kit/forms.js";
import { ApiError, request } from "../kit/api.js";
import { bootData, debounce, h } from "../kit/dom.js";
import { lang, markLanguageSwitch, pick, setLang } from "../kit/lang.js";
import * as T from "../kit/time.js";

const DE = {
  steps: {
    location: "Standort", service: "Leistung", time: "Termin", account: "Anmelden",
    code: "Bestätigen", done: "Fertig",
  },
  titles: {
    location: "Wo möchten Sie Ihren Termin?",
    service: "Welche Leistung möchten Sie buchen?",
    time: "Wann passt es Ihnen?",
    account: "Melden Sie sich an",
    code: "Geben Sie Ihren Sicherheitscode ein",
    done: { booked: "Ihr Termin ist gebucht", requested: "Anfrage gesendet" },
  },
  progress: (n, total, label) => `Schritt ${n} von ${total}: ${label}`,
  minutes: (n) => (n % 60 === 0 && n >= 60 ? `${n / 60} Std.` : `${n} Min.`),
  back: "Zurück",
  change: "ändern",
  prevWeek: "Vorherige Woche",
  nextWeek: "Nächste Woche",
  noSlotsDay: "An diesem Tag ist leider nichts mehr frei.",
  noSlotsWeek: "In dieser Woche ist leider nichts mehr frei.",
  showNextWeek: "Nächste Woche ansehen",
  dayWithout: "keine freien Zeiten",
  loadingSlots: "Freie Zeiten werden geladen …",
  slotsFailed: "Die freien Zeiten konnten nicht geladen werden.",
  retry: "Erneut versuchen",
  periods: { morning: "Vormittag", afternoon: "Nachmittag", evening: "Abend" },
  taken: "Dieser Termin wurde gerade vergeben.",
  chosenTaken: "Ihr gewählter Termin wurde gerade von jemand anderem gebucht. Bitte wählen Sie eine andere Zeit.",
  slotTaken: "Diesen Termin hat gerade jemand anderes gebucht. Bitte wählen Sie eine andere Zeit – die Liste ist jetzt aktuell.",
  freed: "Eine Zeit ist gerade frei geworden.",
  unavailable: "nicht mehr frei",
  changed: "Die freien Zeiten haben sich gerade geändert.",
  chosenUnavailable: "Ihr gewählter Termin ist gerade nicht mehr frei. Bitte wählen Sie eine andere Zeit.",
  serviceGone: "Die gewählte Leistung wird gerade nicht mehr online angeboten. Bitte wählen Sie eine andere.",
  noServices: "Derzeit können keine Leistungen online gebucht werden. Bitte rufen Sie uns an.",
  login: "Anmelden",
  register: "Neu hier? Registrieren",
  loginLead: "Mit Ihrem Kundenkonto buchen Sie bei allen Betrieben, die diese Buchung anbieten.",
  registerLead: "Einmal registrieren, dann mit einem Klick buchen. Wir schicken Ihnen einen Link zur Bestätigung Ihrer E-Mail-Adresse.",
  labels: {
    email: "E-Mail-Adresse", password: "Passwort", first_name: "Vorname", last_name: "Nachname",
    phone: "Telefon", code: "Sicherheitscode",
  },
  loginSubmit: "Anmelden und Termin reservieren",
  registerSubmit: "Registrieren",
  passwordHint: "Mindestens 8 Zeichen.",
  unverified: "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse: Öffnen Sie den Link in der E-Mail, die wir Ihnen geschickt haben, und melden Sie sich danach hier an.",
  registered: (email) => `Fast geschafft! Wir haben eine E-Mail an ${email} geschickt. Öffnen Sie den Link darin, um Ihre Adresse zu bestätigen, und melden Sie sich danach hier an. Ihr gewählter Termin bleibt so lange ausgewählt – reserviert ist er aber erst nach der Anmeldung.`,
  sessionExpired: "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.",
  holding: "Termin wird reserviert …",
  codeSent: (email) => `Wir haben Ihnen einen 6-stelligen Sicherheitscode${email ? ` an ${email}` : ""} geschickt. Geben Sie ihn hier ein, um die Buchung verbindlich zu machen.`,
  heldFor: "Für Sie reserviert – noch",
  codeFormat: "Bitte geben Sie die 6 Ziffern aus der E-Mail ein.",
  wrongCode: (n) => (n === 1 ? "Der Code stimmt nicht. Sie haben noch 1 Versuch." : `Der Code stimmt nicht. Sie haben noch ${n} Versuche.`),
  tooManyTries: "Der Code wurde zu oft falsch eingegeben, deshalb haben wir die Reservierung aufgehoben. Bitte wählen Sie die Zeit erneut.",
  expired: "Die Reservierungszeit ist abgelaufen, der Termin ist wieder frei. Bitte wählen Sie erneut eine Zeit.",
  confirm: { direct: "Termin verbindlich buchen", request: "Anfrage verbindlich senden" },
  cancel: "Abbrechen",
  cancelled: "Die Reservierung wurde aufgehoben.",
  minuteLeft: "Noch eine Minute.",
  doneLead: {
    booked: "Wir haben Ihnen eine Bestätigung per E-Mail geschickt.",
    requested: (name) => `${name} prüft Ihre Anfrage. Sie erhalten eine E-Mail, sobald sie angenommen oder abgelehnt wurde.`,
  },
  what: "Was", when: "Wann", where: "Wo", status: "Status",
  statusRequested: "Anfrage – noch nicht bestätigt",
  addToCalendar: "Zum Kalender hinzufügen",
  bookAnother: "Weiteren Termin buchen",
  pageTitle: "Termin buchen",
  progressLabel: "Fortschritt",
  language: "Sprache",
  icsFile: "termin.ics",
  calendarFailed: "Der Kalendereintrag ließ sich gerade nicht laden. Bitte versuchen Sie es noch einmal.",
  clock: (time) => `${time} Uhr`,
  signedInAs: (email) => `Angemeldet als ${email}`,
  myAccount: "Mein Konto",
};

const EN = {
  steps: {
    location: "Location", service: "Service", time: "Time", account: "Log in",
    code: "Confirm", done: "Done",
  },
  titles: {
    location: "Where would you like your appointment?",
    service: "Which service would you like to book?",
    time: "When suits you?",
    account: "Log in",
    code: "Enter your security code",
    done: { booked: "Your appointment is booked", requested: "Request sent" },
  },
  progress: (n, total, label) => `Step ${n} of ${total}: ${label}`,
  minutes: (n) => (n % 60 === 0 && n >= 60 ? `${n / 60} hr` : `${n} min`),
  back: "Back",
  change: "change",
  prevWeek: "Previous week",
  nextWeek: "Next week",
  noSlotsDay: "Sorry, nothing is free on this day any more.",
  noSlotsWeek: "Sorry, nothing is free this week any more.",
  showNextWeek: "See next week",
  dayWithout: "no free times",
  loadingSlots: "Loading free times …",
  slotsFailed: "The free times couldn't be loaded.",
  retry: "Try again",
  periods: { morning: "Morning", afternoon: "Afternoon", evening: "Evening" },
  taken: "This time was just booked.",
  chosenTaken: "Someone else just booked the time you chose. Please pick another time.",
  slotTaken: "Someone else just booked this time. Please pick another – the list is now up to date.",
  freed: "A time just became free.",
  unavailable: "no longer free",
  changed: "The free times have just changed.",
  chosenUnavailable: "The time you chose is no longer free. Please pick another time.",
  serviceGone: "The service you chose is no longer offered online. Please pick another.",
  noServices: "No services can be booked online at the moment. Please give us a call.",
  login: "Log in",
  register: "New here? Sign up",
  loginLead: "With your customer account you can book at every business that offers this booking page.",
  registerLead: "Sign up once, then book with a click. We'll send you a link to confirm your email address.",
  labels: {
    email: "Email address", password: "Password", first_name: "First name", last_name: "Last name",
    phone: "Phone", code: "Security code",
  },
  loginSubmit: "Log in and reserve",
  registerSubmit: "Sign up",
  passwordHint: "At least 8 characters.",
  unverified: "Please confirm your email address first: open the link in the email we sent you, then log in here.",
  registered: (email) => `Almost there! We've sent an email to ${email}. Open the link in it to confirm your address, then log in here. The time you chose stays selected until then – but it's only reserved once you've logged in.`,
  sessionExpired: "Your session has expired. Please log in again.",
  holding: "Reserving your appointment …",
  codeSent: (email) => `We've sent a 6-digit security code${email ? ` to ${email}` : ""}. Enter it here to confirm your booking.`,
  heldFor: "Reserved for you – time left",
  codeFormat: "Please enter the 6 digits from the email.",
  wrongCode: (n) => (n === 1 ? "That code isn't right. You have 1 try left." : `That code isn't right. You have ${n} tries left.`),
  tooManyTries: "The code was entered wrongly too many times, so we've released the reservation. Please choose the time again.",
  expired: "The reservation has run out and the time is free again. Please choose a time again.",
  confirm: { direct: "Confirm booking", request: "Send request" },
  cancel: "Cancel",
  cancelled: "The reservation has been released.",
  minuteLeft: "One minute left.",
  doneLead: {
    booked: "We've sent you a confirmation by email.",
    requested: (name) => `${name} will review your request. You'll get an email as soon as it's accepted or declined.`,
  },
  what: "What", when: "When", where: "Where", status: "Status",
  statusRequested: "Request – not yet confirmed",
  addToCalendar: "Add to calendar",
  bookAnother: "Book another appointment",
  pageTitle: "Book an appointment",
  progressLabel: "Progress",
  language: "Language",
  icsFile: "appointment.ics",
  calendarFailed: "The calendar entry could not be loaded just now. Please try again.",
  clock: (time) => time,
  signedInAs: (email) => `Logged in as ${email}`,
  myAccount: "My account",
};

const TEXTS = { de: DE, en: EN };

let TEXT = pick(TEXTS);

const SLOT_REFRESH_DEBOUNCE_MS = 150;
const GONE_FADE_MS = 1600;

const boot = bootData();
const business = boot.business;
const slug = business.slug;
let tz = business.timezone;
let fmt = T.formatters(tz);
const locations = boot.locations || [];
const services = boot.services || [];
const holdSeconds = boot.hold_seconds || 600;

const stepEl = document.getElementById("step");
const titleEl = document.getElementById("step-title");
const liveNote = document.getElementById("live-note");

const state = {
  step: null,
  locationId: locations.length === 1 ? String(locations[0].id) : null,
  serviceId: null,
  weekStart: T.todayIn(tz),
  date: null,
  slots: null, // plain date → [slot], for the loaded week
  slotsFor: null, // key of what `slots` belongs to
  loadError: false,
  slot: null, // the chosen slot
  hold: null, // {id, start, end, staff_id, expires_at, deadline}
  result: null,
  accountTab: "login",
  accountNotice: null,
};

/* ---------- small helpers ---------- */

function service() {
  return services.find((s) => String(s.id) === String(state.serviceId)) || null;
}

function chosenLocation() {
  return locations.find((l) => String(l.id) === String(state.locationId)) || null;
}

/** Where the appointment is: the location and the business, named once when they are the same. */
function placeText() {
  return [...new Set([chosenLocation()?.name, business.name].filter(Boolean))].join(", ");
}

function idOf(list, value) {
  const found = list.find((x) => String(x.id) === String(value));
  return found ? found.id : value;
}

let noteTimer = null;

function announce(text) {
  liveNote.textContent = "";
  clearTimeout(noteTimer);
  // A fresh text node makes screen readers speak a repeated message again.
  requestAnimationFrame(() => { liveNote.textContent = text; });
  noteTimer = setTimeout(() => { liveNote.textContent = ""; }, 4200);
}

/* ---------- steps and progress ---------- */

function stepKeys() {
  const keys = ["service", "time", "account", "code"];
  if (locations.length > 1) keys.unshift("location");
  return keys;
}

function renderProgress() {
  const keys = stepKeys();
  const list = document.getElementById("progress-steps");
  const index = state.step === "done" ? keys.length : keys.indexOf(state.step);
  list.replaceChildren(...keys.map((key, i) => h("li", {
    class: i < index ? "is-done" : i === index ? "is-current" : "",
    "aria-current": i === index ? "step" : null,
  }, h("span", { class: "progress-dot", "aria-hidden": "true" }, i < index ? "✓" : String(i + 1)),
  h("span", { class: "progress-label" }, TEXT.steps[key]))));
  const fill = document.getElementById("progress-fill");
  fill.style.width = `${Math.min(100, ((index + (state.step === "done" ? 0 : 0.5)) / keys.length) * 100)}%`;
  const label = state.step === "done" ? TEXT.steps.done : TEXT.steps[state.step];
  document.getElementById("progress-text").textContent = state.step === "done"
    ? label : TEXT.progress(index + 1, keys.length, label);
}

function go(step, { focus = true } = {}) {
  const changed = state.step !== step;
  state.step = step;
  stepEl.dataset.step = step;
  document.getElementById("book").dataset.step = step;
  renderProgress();
  render();
  if (changed && focus) titleEl.focus({ preventScroll: false });
}

function render() {
  stepEl.setAttribute("aria-busy", "false");
  const renderers = {
    location: renderLocation, service: renderService, time: renderTime,
    account: renderAccount, code: renderCode, done: renderDone,
  };
  const title = state.step === "done"
    ? TEXT.titles.done[state.result?.status === "requested" ? "requested" : "booked"]
    : TEXT.titles[state.step];
  titleEl.textContent = title;
  stepEl.replaceChildren(...[].concat(renderers[state.step]()));
  renderAccountBar();
}

/** Once logged in: with which address, and the way to the account page (which leads back here). */
function renderAccountBar() {
  const bar = document.getElementById("account-bar");
  const email = token() ? storage.get(STORE.email) : null;
  bar.hidden = !email;
  if (!email) {
    bar.replaceChildren();
    return;
  }
  const query = new URLSearchParams({ book: slug });
  if (languageChosen) query.set("lang", lang);
  bar.replaceChildren(h("span", { class: "account-bar-who" }, TEXT.signedInAs(email)),
    h("a", { href: `/account?${query}`, id: "account-link" }, TEXT.myAccount));
}

function backButton(to) {
  return h("button", { class: "link-back", type: "button", onclick: () => go(to) },
    h("span", { "aria-hidden": "true" }, "‹ "), TEXT.back);
}

/* ---------- (a) location ---------- */

function renderLocation() {
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

/* ---------- (b) service ---------- */

function renderService() {
  const nodes = [];
  if (state.notice) {
    nodes.push(h("p", { class: "alert alert-warning", role: "alert" }, state.notice));
    state.notice = null;
  }
  if (!services.length) return nodes.concat(h("p", { class: "alert alert-info" }, TEXT.noServices));
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
        go("time");
        loadWeek();
      },
    },
    h("span", { class: "choice-color", style: { background: s.color || "var(--accent)" }, "aria-hidden": "true" }),
    h("span", { class: "choice-main" },
      h("span", { class: "choice-name" }, s.name),
      h("span", { class: "choice-meta" }, TEXT.minutes(s.duration_minutes))),
    h("span", { class: "chevron", "aria-hidden": "true" }))))));
  return nodes;
}

/* ---------- (c, d) day and time ---------- */

function weekDays() {
  return Array.from({ length: 7 }, (_, i) => T.addDays(state.weekStart, i));
}

function slotsKey() {
  return `${state.serviceId}|${state.locationId}|${state.weekStart}`;
}

let loadSeq = 0;

/**
 * Fetches the shown week's free times; `live` marks a refresh caused by someone else, `changed`
 * one caused by the business's hours, settings, services or closures rather than a booking.
 */
async function loadWeek({ live = false, changed = false } = {}) {
  if (!state.serviceId || !state.locationId) return;
  const seq = ++loadSeq;
  const key = slotsKey();
  const before = state.slotsFor === key ? state.slots : null;
  if (!before) {
    state.slots = null;
    state.loadError = false;
    if (state.step === "time") renderTimeParts();
  }
  const days = weekDays();
  const query = new URLSearchParams({
    service_id: state.serviceId, location_id: state.locationId, from: days[0], to: days[6],
  });
  try {
    const { data } = await request("GET", `/api/v1/public/${encodeURIComponent(slug)}/slots?${query}`);
    if (seq !== loadSeq) return;
    if (data.timezone && data.timezone !== tz) {
      tz = data.timezone;
      fmt = T.formatters(tz);
    }
    state.slots = slotsByDay(data.slots || [], days, tz);
    state.slotsFor = key;
    state.loadError = false;
    afterSlotsChanged(before, { live, changed });
  } catch (err) {
    if (seq !== loadSeq) return;
    if (!before) {
      state.loadError = true;
      if (state.step === "time") renderTimeParts();
    }
  }
}

function afterSlotsChanged(before, { live, changed = false }) {
  // The chosen (but not yet held) time was taken while the person logs in: say so at once.
  if (state.slot && !state.hold && state.step === "account") {
    const day = T.zonedDate(new Date(state.slot.start), tz);
    if (state.slotsFor === slotsKey() && !startsOf(state.slots, day).has(state.slot.start)) {
      state.slot = null;
      state.date = day;
      state.notice = changed ? TEXT.chosenUnavailable : TEXT.chosenTaken;
      go("time");
      announce(state.notice || TEXT.chosenTaken);
      return;
    }
  }
  if (state.step !== "time") return;
  if (!state.date || !state.slots.has(state.date) || (!live && !state.slots.get(state.date).length)) {
    state.date = firstDayWithSlots() || state.date || weekDays()[0];
    if (!state.slots.has(state.date)) state.date = weekDays()[0];
  }
  let gone = [];
  let fresh = new Set();
  if (live && before) {
    const old = startsOf(before, state.date);
    const now = startsOf(state.slots, state.date);
    gone = (before.get(state.date) || []).filter((s) => !now.has(s.start));
    fresh = new Set([...now].filter((s) => !old.has(s)));
  }
  renderTimeParts({ gone, fresh, changed });
  if (gone.length) announce(changed ? TEXT.changed : TEXT.taken);
  else if (fresh.size) announce(changed ? TEXT.changed : TEXT.freed);
}

function firstDayWithSlots() {
  for (const [day, list] of state.slots || []) if (list.length) return day;
  return null;
}

function summaryCard({ withChange = null, hold = false } = {}) {
  const s = service();
  const slot = hold && state.hold ? state.hold : state.slot;
  const start = new Date(slot.start);
  const end = new Date(slot.end);
  return h("div", { class: "summary" },
    h("span", { class: "choice-color", style: { background: s?.color || "var(--accent)" }, "aria-hidden": "true" }),
    h("div", { class: "summary-main" },
      h("p", { class: "summary-title" }, s?.name),
      h("p", { class: "summary-when" }, `${fmt.day(start)}, ${TEXT.clock(fmt.range(start, end))}`),
      chosenLocation() ? h("p", { class: "summary-where" }, `${chosenLocation()?.name || ""}`) : null),
    withChange ? h("button", { class: "btn btn-ghost summary-change", type: "button", onclick: withChange }, TEXT.change) : null);
}

function renderTime() {
  const s = service();
  const nodes = [
    h("div", { class: "step-top" }, backButton("service"),
      h("span", { class: "step-context" }, [s?.name, s ? TEXT.minutes(s.duration_minutes) : null, locations.length > 1 ? chosenLocation()?.name : null].filter(Boolean).join(" · "))),
  ];
  if (state.notice) {
    nodes.push(h("p", { class: "alert alert-warning", role: "alert" }, state.notice));
    state.notice = null;
  }
  nodes.push(h("div", { class: "week", id: "week" }), h("div", { class: "times", id: "times" }));
  queueMicrotask(() => renderTimeParts());
  return nodes;
}

function renderTimeParts({ gone = [], fresh = new Set(), changed = false } = {}) {
  const week = document.getElementById("week");
  const times = document.getElementById("times");
  if (!week || !times) return;
  renderWeek(week);
  renderSlots(times, gone, fresh, changed);
}

function renderWeek(container) {
  const days = weekDays();
  const today = T.todayIn(tz);
  const monthLabel = (() => {
    const a = fmt.plain(days[0], "monthYear");
    const b = fmt.plain(days[6], "monthYear");
    return a === b ? a : `${fmt.plain(days[0], "monthShort")} – ${fmt.plain(days[6], "monthShortYear")}`;
  })();
  const loaded = state.slots && state.slotsFor === slotsKey();
  container.replaceChildren(
    h("div", { class: "week-head" },
      h("button", {
        class: "btn btn-ghost btn-icon", type: "button", "aria-label": TEXT.prevWeek,
        disabled: state.weekStart <= today,
        onclick: () => moveWeek(-7),
      }, h("span", { "aria-hidden": "true" }, "‹")),
      h("p", { class: "week-label" }, monthLabel),
      h("button", {
        class: "btn btn-ghost btn-icon", type: "button", "aria-label": TEXT.nextWeek,
        onclick: () => moveWeek(7),
      }, h("span", { "aria-hidden": "true" }, "›"))),
    h("div", { class: "days", role: "group", "aria-label": monthLabel }, days.map((day) => {
      const count = loaded ? (state.slots.get(day) || []).length : null;
      const empty = count === 0;
      const selected = day === state.date;
      return h("button", {
        class: `day${empty ? " is-empty" : ""}${day === today ? " is-today" : ""}`,
        type: "button",
        dataset: { date: day },
        "aria-pressed": String(selected),
        "aria-disabled": empty ? "true" : null,
        onclick: () => {
          state.date = day;
          renderTimeParts();
        },
      },
      h("span", { class: "day-name" }, fmt.plain(day, "weekday").replace(".", "")),
      h("span", { class: "day-num" }, String(T.parseDate(day).day)),
      // The name a screen reader gives starts with what is shown ("Mo 7"), then says the whole date.
      h("span", { class: "visually-hidden" }, `, ${fmt.plain(day, "full")}${empty ? `, ${TEXT.dayWithout}` : ""}`),
      h("span", { class: "day-dot", "aria-hidden": "true" }));
    })));
}

function moveWeek(delta) {
  const today = T.todayIn(tz);
  let next = T.addDays(state.weekStart, delta);
  if (next < today) next = today;
  state.weekStart = next;
  state.date = null;
  loadWeek();
  renderTimeParts();
}

function periodOf(date) {
  const hour = T.zonedParts(date, tz).hour;
  return hour < 12 ? "morning" : hour < 17 ? "afternoon" : "evening";
}

function renderSlots(container, gone, fresh, changed = false) {
  if (state.loadError) {
    container.replaceChildren(h("div", { class: "alert alert-error" }, TEXT.slotsFailed, " ",
      h("button", { class: "btn", type: "button", onclick: () => loadWeek() }, TEXT.retry)));
    return;
  }
  if (!state.slots || state.slotsFor !== slotsKey()) {
    container.replaceChildren(h("p", { class: "visually-hidden" }, TEXT.loadingSlots),
      h("div", { class: "slot-grid is-loading", "aria-hidden": "true" },
        Array.from({ length: 8 }, () => h("span", { class: "slot-skeleton" }))));
    container.setAttribute("aria-busy", "true");
    return;
  }
  container.setAttribute("aria-busy", "false");
  const list = state.slots.get(state.date) || [];
  const goneStarts = new Set(gone.map((s) => s.start));
  const all = [...list, ...gone].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  if (!all.length) {
    const weekEmpty = !firstDayWithSlots();
    container.replaceChildren(h("div", { class: "empty" },
      h("p", {}, weekEmpty ? TEXT.noSlotsWeek : TEXT.noSlotsDay),
      weekEmpty ? h("button", { class: "btn", type: "button", onclick: () => moveWeek(7) }, TEXT.showNextWeek) : null));
    return;
  }
  const focusedStart = document.activeElement?.dataset?.start;
  const groups = new Map();
  for (const slot of all) {
    const period = periodOf(new Date(slot.start));
    if (!groups.has(period)) groups.set(period, []);
    groups.get(period).push(slot);
  }
  const nodes = [h("p", { class: "times-day" }, fmt.plain(state.date, "full"))];
  for (const [period, slots] of groups) {
    nodes.push(h("p", { class: "times-period" }, TEXT.periods[period]));
    nodes.push(h("div", { class: "slot-grid" }, slots.map((slot) => {
      const isGone = goneStarts.has(slot.start);
      const start = new Date(slot.start);
      return h("button", {
        class: `slot${isGone ? " is-gone" : ""}${fresh.has(slot.start) ? " is-new" : ""}`,
        type: "button",
        dataset: { start: slot.start },
        disabled: isGone,
        "aria-label": TEXT.clock(fmt.time(start)),
        onclick: () => chooseSlot(slot),
      }, fmt.time(start), isGone ? h("span", { class: "slot-gone-note" }, changed ? TEXT.unavailable : TEXT.taken) : null);
    })));
  }
  container.replaceChildren(...nodes);
  if (focusedStart) {
    const again = container.querySelector(`.slot[data-start="${CSS.escape(focusedStart)}"]:not(.is-gone)`);
    (again || container).focus?.();
  }
  if (gone.length) {
    clearTimeout(renderSlots.timer);
    renderSlots.timer = setTimeout(() => {
      if (state.step === "time") renderTimeParts();
    }, GONE_FADE_MS);
  }
}

function chooseSlot(slot) {
  state.slot = slot;
  if (token()) {
    hold();
  } else {
    go("account");
  }
}

/* ---------- (e) log-in or registration ---------- */

function token() {
  return storage.get(STORE.token);
}

function signOut() {
  storage.set(STORE.token, null);
  storage.set(STORE.email, null);
}

function renderAccount() {
  const nodes = [summaryCard({ withChange: () => go("time") })];
  const tabs = h("div", { class: "tabs", role: "tablist" },
    ["login", "register"].map((tab) => h("button", {
      class: "tab", type: "button", role: "tab", id: `tab-${tab}`,
      "aria-selected": String(state.accountTab === tab), "aria-controls": "account-panel",
      tabindex: state.accountTab === tab ? "0" : "-1",
      onclick: () => {
        state.accountTab = tab;
        state.accountNotice = null;
        render();
        document.getElementById(`tab-${tab}`)?.focus();
      },
      onkeydown: (e) => {
        if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
          state.accountTab = state.accountTab === "login" ? "register" : "login";
          render();
          document.getElementById(`tab-${state.accountTab}`)?.focus();
        }
      },
    }, tab === "login" ? TEXT.login : TEXT.register)));
  nodes.push(tabs);
  const panel = h("div", { class: "tab-panel", id: "account-panel", role: "tabpanel", "aria-labelledby": `tab-${state.accountTab}` });
  panel.append(state.accountTab === "login" ? loginForm() : registerForm());
  nodes.push(panel);
  return nodes;
}

function loginForm() {
  const form = h("form", { class: "account-form", novalidate: true },
    h("p", { class: "lead" }, TEXT.loginLead),
    h("div", { class: "form-alert", hidden: true }),
    field("email", TEXT.labels.email, { type: "email", autocomplete: "email", attrs: { autocapitalize: "none", spellcheck: "false" } }),
    field("password", TEXT.labels.password, { type: "password", autocomplete: "current-password" }),
    h("button", { class: "btn btn-primary btn-lg btn-block", type: "submit" }, TEXT.loginSubmit));
  const remembered = state.pendingEmail || storage.get(STORE.email);
  if (remembered) form.elements.email.value = remembered;
  if (state.accountNotice) {
    const [kind, text] = state.accountNotice;
    queueMicrotask(() => showFormNote(form, text, kind));
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const email = form.elements.email.value.trim();
    const password = form.elements.password.value;
    if (!email) return showFieldError(form, "email", `${TEXT.labels.email}?`);
    if (!password) return showFieldError(form, "password", `${TEXT.labels.password}?`);
    const button = form.querySelector("button[type=submit]");
    busy(button, true);
    try {
      const { data } = await request("POST", "/api/v1/customer/login", { body: { email, password } });
      storage.set(STORE.token, data.token);
      storage.set(STORE.email, email);
      state.accountNotice = null;
      await followAccountLanguage();
      await hold(button);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.code === "email_unverified") showFormNote(form, TEXT.unverified, "warning");
      else showApiError(form, err);
    } finally {
      busy(button, false);
    }
  });
  return form;
}

function registerForm() {
  const form = h("form", { class: "account-form", novalidate: true },
    h("p", { class: "lead" }, TEXT.registerLead),
    h("div", { class: "form-alert", hidden: true }),
    h("div", { class: "form-row" },
      field("first_name", TEXT.labels.first_name, { autocomplete: "given-name" }),
      field("last_name", TEXT.labels.last_name, { autocomplete: "family-name" })),
    field("email", TEXT.labels.email, { type: "email", autocomplete: "email", attrs: { autocapitalize: "none", spellcheck: "false" } }),
    field("phone", TEXT.labels.phone, { type: "tel", autocomplete: "tel", optional: true }),
    field("password", TEXT.labels.password, { type: "password", autocomplete: "new-password", hint: TEXT.passwordHint }),
    h("button", { class: "btn btn-primary btn-lg btn-block", type: "submit" }, TEXT.registerSubmit));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {};
    for (const name of ["first_name", "last_name", "email", "phone", "password"]) {
      body[name] = name === "password" ? form.elements[name].value : form.elements[name].value.trim();
    }
    for (const name of ["first_name", "last_name", "email", "password"]) {
      if (!body[name]) return showFieldError(form, name, `${TEXT.labels[name]}?`);
    }
    if (!body.phone) delete body.phone;
    const button = form.querySelector("button[type=submit]");
    busy(button, true);
    try {
      await request("POST", "/api/v1/customer/register", { body });
      state.pendingEmail = body.email;
      state.accountTab = "login";
      state.accountNotice = ["success", TEXT.registered(body.email)];
      render();
      document.getElementById("f-password")?.focus();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const named = err.details.field || (/email/.test(err.code) ? "email" : /password/.test(err.code) ? "password" : /phone/.test(err.code) ? "phone" : null);
      if (!(named && showFieldError(form, named, err.message))) showFormNote(form, err.message);
    } finally {
      busy(button, false);
    }
  });
  return form;
}

/* ---------- (f) holding and the code ---------- */

async function hold(button) {
  const slot = state.slot;
  if (!slot) return;
  const started = Date.now();
  if (!button) {
    stepEl.setAttribute("aria-busy", "true");
    announce(TEXT.holding);
  }
  try {
    const { data, response } = await request("POST", `/api/v1/public/${encodeURIComponent(slug)}/holds`, {
      token: token(),
      body: {
        service_id: idOf(services, state.serviceId),
        location_id: idOf(locations, state.locationId),
        start: slot.start,
      },
    });
    // Count down against the server's clock, whatever the device's clock says.
    const serverNow = Date.parse(response.headers.get("Date") || "");
    const expires = Date.parse(data.expires_at);
    let deadline = Number.isFinite(serverNow) ? Date.now() + (expires - serverNow) : expires;
    deadline = Math.min(deadline, started + holdSeconds * 1000);
    state.hold = { ...data, deadline };
    saveHold();
    go("code");
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.status === 401) {
      signOut();
      state.accountTab = "login";
      state.accountNotice = ["warning", TEXT.sessionExpired];
      go("account");
    } else if (err.code === "slot_taken" || err.code === "not_bookable" || err.status === 409) {
      state.slot = null;
      state.notice = err.code === "slot_taken" ? TEXT.slotTaken : err.message;
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

function saveHold() {
  storage.set(STORE.hold, state.hold ? JSON.stringify({
    hold: state.hold, slot: state.slot, serviceId: state.serviceId, locationId: state.locationId,
  }) : null);
}

function backToTimes() {
  state.hold = null;
  saveHold();
  stopCountdown();
  go("time");
  loadWeek();
}

let countdown = null;

function stopCountdown() {
  clearInterval(countdown);
  countdown = null;
}

function renderCode() {
  const email = storage.get(STORE.email);
  const form = h("form", { class: "code-form", novalidate: true },
    summaryCard({ hold: true }),
    h("div", { class: "timer", id: "timer" },
      h("div", { class: "timer-text" },
        h("span", {}, TEXT.heldFor, " "),
        h("strong", { id: "timer-value", "aria-hidden": "true" }, "")),
      h("div", { class: "timer-bar", "aria-hidden": "true" }, h("span", { id: "timer-fill" }))),
    h("p", { class: "lead" }, TEXT.codeSent(email)),
    h("div", { class: "form-alert", hidden: true }),
    h("div", { class: "field" },
      h("label", { for: "f-code" }, TEXT.labels.code),
      h("input", {
        id: "f-code", name: "code", type: "text", inputmode: "numeric", autocomplete: "one-time-code",
        pattern: "[0-9]{6}", maxlength: "6", required: true, class: "code-input", spellcheck: "false",
        "aria-describedby": fieldErrorId("code"),
      }),
      h("p", { class: "field-error", id: fieldErrorId("code") })),
    h("div", { class: "form-actions" },
      h("button", { class: "btn btn-lg", type: "button", id: "cancel-hold" }, TEXT.cancel),
      h("button", { class: "btn btn-primary btn-lg", type: "submit" },
        TEXT.confirm[business.booking_mode === "request" ? "request" : "direct"])));

  const input = form.elements.code;
  input.addEventListener("input", () => {
    const digits = input.value.replace(/\D/g, "").slice(0, 6);
    if (digits !== input.value) input.value = digits;
    if (input.getAttribute("aria-invalid")) clearErrors(form);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    confirmCode(form);
  });
  form.querySelector("#cancel-hold").addEventListener("click", (e) => cancelHold(e.currentTarget));

  stopCountdown();
  let warned = false;
  const tick = () => {
    const left = Math.max(0, state.hold ? state.hold.deadline - Date.now() : 0);
    const value = document.getElementById("timer-value");
    if (!value) return;
    const secs = Math.ceil(left / 1000);
    value.textContent = `${Math.floor(secs / 60)}:${T.pad(secs % 60)}`;
    document.getElementById("timer-fill").style.width = `${Math.min(100, (left / (holdSeconds * 1000)) * 100)}%`;
    document.getElementById("timer").classList.toggle("is-low", secs <= 60);
    if (secs <= 60 && secs > 0 && !warned) {
      warned = true;
      announce(TEXT.minuteLeft);
    }
    if (left <= 0) {
      stopCountdown();
      state.notice = TEXT.expired;
      backToTimes();
    }
  };
  queueMicrotask(() => {
    tick();
    countdown = setInterval(tick, 250);
    input.focus();
  });
  return form;
}

async function confirmCode(form) {
  clearErrors(form);
  const code = form.elements.code.value.trim();
  if (!/^\d{6}$/.test(code)) {
    showFieldError(form, "code", TEXT.codeFormat);
    return;
  }
  const button = form.querySelector("button[type=submit]");
  busy(button, true);
  try {
    const { data } = await request("POST", `/api/v1/public/holds/${encodeURIComponent(state.hold.id)}/confirm`, {
      token: token(), body: { code },
    });
    stopCountdown();
    state.result = { ...data, hold: state.hold };
    state.hold = null;
    saveHold();
    go("done");
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.code === "wrong_code" && err.details.attempts_left > 0) {
      showFieldError(form, "code", TEXT.wrongCode(err.details.attempts_left));
      form.elements.code.select();
    } else if (err.code === "wrong_code" || err.code === "hold_released" || err.status === 410) {
      stopCountdown();
      state.notice = err.code === "wrong_code" ? TEXT.tooManyTries : TEXT.expired;
      state.slot = null;
      backToTimes();
    } else if (err.status === 401) {
      showFormNote(form, TEXT.sessionExpired);
    } else {
      showFieldError(form, "code", err.message);
    }
  } finally {
    busy(button, false);
  }
}

async function cancelHold(button) {
  busy(button, true);
  const id = state.hold?.id;
  try {
    if (id) await request("DELETE", `/api/v1/public/holds/${encodeURIComponent(id)}`, { token: token() });
  } catch {
    // Released anyway when its time runs out.
  } finally {
    busy(button, false);
  }
  stopCountdown();
  state.slot = null;
  backToTimes();
  announce(TEXT.cancelled);
}

/* ---------- (g) confirmation ---------- */

function renderDone() {
  const requested = state.result?.status === "requested";
  const s = service();
  const held = state.result?.hold || state.slot;
  const start = new Date(held.start);
  const end = new Date(held.end);
  const rows = [
    [TEXT.what, `${s?.name || ""} (${TEXT.minutes(s?.duration_minutes || 0)})`],
    [TEXT.when, `${fmt.dayFull(start)}, ${TEXT.clock(fmt.range(start, end))}`],
    [TEXT.where, placeText()],
  ];
  if (requested) rows.push([TEXT.status, TEXT.statusRequested]);
  return h("div", { class: `done${requested ? " is-requested" : ""}` },
    doneIcon(requested),
    h("p", { class: "lead", role: "status" }, requested ? TEXT.doneLead.requested(business.name) : TEXT.doneLead.booked),
    h("dl", { class: "done-list" }, rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
    h("div", { class: "form-actions" },
      h("button", { class: "btn btn-lg", type: "button", onclick: (event) => downloadIcs(event.currentTarget) }, TEXT.addToCalendar),
      h("button", {
        class: "btn btn-primary btn-lg", type: "button",
        onclick: () => {
          state.result = null;
          state.slot = null;
          state.slots = null;
          state.slotsFor = null;
          go(locations.length > 1 ? "location" : "service");
        },
      }, TEXT.bookAnother)));
}

function doneIcon(requested) {
  const icon = h("div", { class: "done-icon", "aria-hidden": "true" });
  icon.innerHTML = requested
    ? '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"><circle cx="12" cy="12" r="8.5"/><path d="M12 7.5V12l3 2"/></svg>'
    : '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"><path d="M5 12.5l4.5 4.5L19 7.5"/></svg>';
  return icon;
}

// The calendar file comes from the server, the same entry (UID, times, name) as the one in the mail.
async function downloadIcs(button) {
  const id = state.result?.appointment_id;
  button.disabled = true;
  try {
    const response = await fetch(`/api/v1/customer/appointments/${encodeURIComponent(id)}/calendar.ics`, {
      headers: { Authorization: `Bearer ${token()}` },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    const url = URL.createObjectURL(await response.blob());
    const a = h("a", { href: url, download: TEXT.icsFile });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch {
    announce(TEXT.calendarFailed);
  } finally {
    button.disabled = false;
  }
}

/* ---------- live updates ---------- */

let changedSinceRefresh = false;

const refreshSlots = debounce(() => {
  const changed = changedSinceRefresh;
  changedSinceRefresh = false;
  if (state.step === "time" || (state.step === "account" && state.slot && !state.hold)) {
    loadWeek({ live: true, changed });
  }
}, SLOT_REFRESH_DEBOUNCE_MS);

let infoSeq = 0;

/** Services, locations and the booking mode as the business has them now. */
const refreshInfo = debounce(async () => {
  const seq = ++infoSeq;
  let data;
  try {
    ({ data } = await request("GET", `/api/v1/public/${encodeURIComponent(slug)}`));
  } catch {
    return; // the next change or reconnect tries again
  }
  if (seq !== infoSeq || !data) return;
  if (data.booking_mode) business.booking_mode = data.booking_mode;
  const serviceKey = (list) => JSON.stringify(list.map((x) => [x.id, x.name, x.duration_minutes, x.color]));
  const locationKey = (list) => JSON.stringify(list.map((x) => [x.id, x.name]));
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
    state.slots = null;
    state.slotsFor = null;
    state.notice = TEXT.serviceGone;
    go(state.locationId || locations.length < 2 ? "service" : "location");
    announce(TEXT.serviceGone);
    return;
  }
  if (servicesChanged || locationsChanged) {
    if (state.step === "service" || state.step === "location") {
      // Keep the keyboard where it was while the list updates.
      const focused = document.activeElement?.dataset || {};
      render();
      const again = focused.serviceId
        ? stepEl.querySelector(`[data-service-id="${CSS.escape(focused.serviceId)}"]`)
        : focused.locationId ? stepEl.querySelector(`[data-location-id="${CSS.escape(focused.locationId)}"]`) : null;
      again?.focus();
    } else if (state.step === "time") {
      const context = stepEl.querySelector(".step-context");
      const s = service();
      if (context && s) {
        context.textContent = [s.name, TEXT.minutes(s.duration_minutes), locations.length > 1 ? chosenLocation()?.name : null]
          .filter(Boolean).join(" · ");
      }
    }
  }
}, SLOT_REFRESH_DEBOUNCE_MS);

function startLive() {
  if (typeof io !== "function") return;
  const socket = io({ path: "/socket.io/", auth: { slug } });
  let lost = false;
  socket.on("slots.changed", (change) => {
    // The customer's own hold makes its slot disappear for everyone else; leave them in peace.
    if (state.hold && change && change.start === state.hold.start && change.state === "held") return;
    refreshSlots();
  });
  // Opening hours, staff hours, settings, services or closures changed.
  socket.on("availability.changed", () => {
    changedSinceRefresh = true;
    refreshSlots();
    refreshInfo();
  });
  socket.on("disconnect", (reason) => {
    lost = true;
    // The server asks pages to reconnect and catch up after it lost events (Redis was away).
    if (reason === "io server disconnect") socket.connect();
  });
  socket.on("connect", () => {
    if (lost) {
      lost = false;
      refreshSlots();
      refreshInfo();
    }
  });
}

/* ---------- language ---------- */

const languageSwitch = document.querySelector("[data-language-switch]");
// A language picked on this page (or by the address) wins over the customer's account language.
let languageChosen = Boolean(boot.lang_chosen);

/** Shows the page in `next` in place, so the customer keeps their progress. */
function useLanguage(next) {
  if (next === lang) return;
  setLang(next);
  TEXT = pick(TEXTS);
  fmt = T.formatters(tz);
  document.title = `${TEXT.pageTitle} – ${business.name}`;
  document.querySelector(".progress")?.setAttribute("aria-label", TEXT.progressLabel);
  markLanguageSwitch(languageSwitch, TEXT.language);
  renderProgress();
  render();
}

/** The switch works in place: the address keeps the choice (iframes may block cookies), and the
 * cookie is stored where the browser allows it. */
function onLanguageSwitch(event) {
  const next = event.submitter?.value;
  if (!next) return;
  event.preventDefault();
  languageChosen = true;
  const url = new URL(window.location.href);
  url.searchParams.set("lang", next);
  window.history.replaceState(window.history.state, "", url);
  const body = new FormData(languageSwitch, event.submitter);
  fetch("/language", { method: "POST", body, credentials: "same-origin", redirect: "manual" }).catch(() => {});
  useLanguage(next);
}

/** After log-in the customer's account language counts, unless a language was chosen here. */
async function followAccountLanguage() {
  if (languageChosen || !token()) return;
  try {
    const { data } = await request("GET", "/api/v1/customer/me", { token: token() });
    if (data?.language && !languageChosen) useLanguage(data.language);
  } catch {
    // The page stays in its language.
  }
}

/* ---------- embedding ---------- */

function reportHeight() {
  if (window.parent === window) return;
  const height = Math.ceil(document.documentElement.scrollHeight);
  window.parent.postMessage({ type: "termine:height", height }, "*");
}

/* ---------- start ---------- */

function restore() {
  const saved = storage.get(STORE.hold);
  if (!saved) return false;
  try {
    const { hold: held, slot, serviceId, locationId } = JSON.parse(saved);
    if (!held || held.deadline <= Date.now() + 2000) throw new Error("expired");
    Object.assign(state, { hold: held, slot, serviceId, locationId });
    go("code", { focus: false });
    return true;
  } catch {
    storage.set(STORE.hold, null);
    return false;
  }
}

if (!restore()) {
  if (locations.length > 1) go("location", { focus: false });
  else go("service", { focus: false });
}
startLive();
languageSwitch?.addEventListener("submit", onLanguageSwitch);
followAccountLanguage();
if (window.parent !== window) {
  document.documentElement.classList.add("is-embedded");
  new ResizeObserver(reportHeight).observe(document.body);
}
