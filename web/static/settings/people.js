// "Mitarbeiter": the people of the team with their state, calendar and rights, the form that invites
// someone by mail, and per person what can be done: change rights and calendar (a dialog), resend
// or take back an invitation, deactivate and reactivate. The list follows changes made elsewhere.

import { ApiError, staffApi } from "../kit/api.js";
import { busy } from "../kit/busy.js";
import { confirmAction } from "../kit/confirm.js";
import { byId, h } from "../kit/dom.js";
import { closable } from "../kit/dialog.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { connectLive } from "../kit/live.js";
import { formatters } from "../kit/time.js";
import { toast } from "../kit/toast.js";
import { boot, business, same, setupChanged, staff } from "./state.js";

/**
 * @typedef {object} Person
 * @property {string} user_id
 * @property {string} name
 * @property {string} email
 * @property {"owner" | "member"} role
 * @property {"invited" | "active" | "deactivated"} status
 * @property {string[]} rights
 * @property {string | null} preset
 * @property {string | null} staff_id
 * @property {string | null} invited_until
 */

/** The rights a member may be given, in the order the dialog shows them, each said in a line. */
const RIGHTS = () => [
  ["book_others", t("In Kalendern der Kollegen arbeiten"), t("Termine der Kollegen eintragen, verschieben und absagen und sehen, mit wem sie sind.")],
  ["own_hours", t("Eigene Zeiten"), t("Die buchbaren Zeiten und Abwesenheiten des eigenen Kalenders festlegen.")],
  ["others_hours", t("Zeiten der Kollegen"), t("Die buchbaren Zeiten und Abwesenheiten aller Kalender festlegen.")],
  ["customers", t("Kunden"), t("Die Kundendatei mit ihren Notizen sehen und bearbeiten.")],
  ["export", t("Export und Newsletter"), t("Die Kundendatei exportieren und Newsletter versenden.")],
  ["settings", t("Einstellungen"), t("Leistungen, Öffnungszeiten, Standorte, Kalender und Buchungsregeln ändern.")],
  ["team", t("Mitarbeiter"), t("Personen einladen, ihre Rechte ändern und sie deaktivieren.")],
];

/** The rights each preset gives (contract/rights.py), for the dialog's preset choice. */
const PRESETS = {
  management: ["book_others", "customers", "export", "others_hours", "own_hours", "settings", "team"],
  reception: ["book_others", "customers"],
  provider: ["customers", "own_hours"],
};

/** @param {string | null} preset */
function presetName(preset) {
  if (preset === "owner") return t("Inhaber/in");
  if (preset === "management") return t("Praxisleitung");
  if (preset === "reception") return t("Empfang");
  if (preset === "provider") return t("Behandler/in");
  return t("Individuelle Rechte");
}

// The section's elements, found when it starts (the page has them only for people with the right).
/** @type {HTMLElement} */ let list;
/** @type {HTMLElement} */ let errorBox;
/** @type {HTMLElement} */ let status;
/** @type {HTMLDialogElement} */ let dialog;
/** @type {HTMLSelectElement} */ let presetSelect;
/** @type {HTMLElement} */ let rightsBox;
/** @type {HTMLSelectElement} */ let calendarSelect;
/** @type {HTMLElement} */ let dialogError;
const format = formatters(business.timezone || "Europe/Vienna");
/** @type {Person[]} */
let people = [];

/** @param {string | null} staffId */
const calendarName = (staffId) => staff.find((s) => same(s.id, staffId))?.name || "";

/** Calendars in use that nobody logs in to, and so can become a person's own. @param {Person} [keep] */
function freeCalendars(keep) {
  const taken = new Set(people.filter((p) => p !== keep && p.staff_id).map((p) => String(p.staff_id)));
  return staff.filter((s) => s.active !== false && !taken.has(String(s.id)));
}

/**
 * Fills a calendar choice: none (administrative), a new one, or one that nobody logs in to.
 * @param {HTMLSelectElement} select
 * @param {Person} [person]  Whose calendar it is now, if any.
 */
function fillCalendars(select, person) {
  select.replaceChildren(
    h("option", { value: "" }, t("Kein Kalender (Verwaltung)")),
    h("option", { value: "new" }, t("Neuer Kalender mit dem Namen der Person")),
    ...freeCalendars(person).map((s) => h("option", { value: String(s.id) }, t("Kalender „{name}“", { name: s.name }))),
  );
  select.value = person?.staff_id ? String(person.staff_id) : person ? "" : "new";
}

/** @param {Person} person */
function stateText(person) {
  if (person.status === "invited" && person.invited_until) {
    const until = new Date(person.invited_until);
    return t("Eingeladen bis {day}, {time}", { day: format.day(until), time: format.time(until) });
  }
  return person.status === "deactivated" ? t("Deaktiviert") : t("Aktiv");
}

/**
 * Runs a person's action with its button busy; the server's message shows in the list's alert.
 * @param {HTMLButtonElement} button
 * @param {() => Promise<string>} work  Returns what the screen reader and the toast say.
 */
async function act(button, work) {
  showError(errorBox, "");
  busy(button, true);
  try {
    const said = await work();
    status.textContent = said;
    toast(said);
    await refresh();
  } catch (err) {
    showError(errorBox, apiMessage(err));
  } finally {
    busy(button, false);
  }
}

/** @param {Person} person */
const url = (person) => `/api/v1/team/${encodeURIComponent(person.user_id)}`;

/** @param {Person} person */
function actions(person) {
  if (person.role === "owner") return [h("span", { class: "hint" }, t("Inhaber/in: hat alle Rechte, unveränderlich."))];
  if (person.user_id === boot.user.user_id) {
    return [h("span", { class: "hint" }, t("Ihre eigenen Rechte ändert jemand anderes."))];
  }
  const who = person.name || person.email;
  /** @param {string} label @param {string} aria @param {(b: HTMLButtonElement) => void} run @param {string} [kind] */
  const button = (label, aria, run, kind = "btn btn-ghost") => {
    const b = /** @type {HTMLButtonElement} */ (h("button", { class: kind, type: "button", "aria-label": aria }, label));
    b.addEventListener("click", () => run(b));
    return b;
  };
  const edit = button(t("Rechte ändern"), t("Rechte von {name} ändern", { name: who }), (b) => openDialog(person, b));
  if (person.status === "invited") {
    return [
      edit,
      button(t("Erneut senden"), t("Einladung an {name} erneut senden", { name: who }), (b) => act(b, async () => {
        await staffApi("POST", `${url(person)}/resend`);
        return t("Einladung an {email} erneut gesendet", { email: person.email });
      })),
      button(t("Zurücknehmen"), t("Einladung an {name} zurücknehmen", { name: who }), (b) => act(b, async () => {
        await staffApi("DELETE", url(person));
        return t("Einladung an {email} zurückgenommen", { email: person.email });
      })),
    ];
  }
  if (person.status === "deactivated") {
    return [button(t("Wieder aktivieren"), t("{name} wieder aktivieren", { name: who }), (b) => act(b, async () => {
      await staffApi("POST", `${url(person)}/activate`);
      return t("{name} ist wieder aktiv", { name: who });
    }))];
  }
  return [edit, button(t("Deaktivieren"), t("{name} deaktivieren", { name: who }), (b) => confirmAction({
    title: t("{name} deaktivieren?", { name: who }),
    text: [
      t("{name} wird sofort auf allen Geräten abgemeldet und kann sich nicht mehr anmelden.", { name: who }),
      t("Termine und alles, was die Person eingetragen hat, bleiben erhalten. Sie können sie später wieder aktivieren."),
    ],
    ok: t("Deaktivieren"),
    danger: true,
    act: async () => {
      await staffApi("POST", `${url(person)}/deactivate`);
      status.textContent = t("{name} ist deaktiviert", { name: who });
      toast(status.textContent);
      await refresh();
      // The row was drawn anew: the keyboard goes on from the person's new row.
      setTimeout(() => focusRow(person), 0);
    },
  }))];
}

/** @param {Person} person */
function focusRow(person) {
  const button = list.querySelector(`[data-user-id="${CSS.escape(person.user_id)}"] button`);
  if (button instanceof HTMLElement) button.focus();
  else list.focus();
}

/** @param {Person} person */
function row(person) {
  const kind = person.staff_id
    ? t("Eigener Kalender: {name}", { name: calendarName(person.staff_id) || "–" })
    : t("Verwaltung, ohne Kalender");
  return h("li", { class: `person is-${person.status}`, dataset: { userId: person.user_id, email: person.email } },
    h("div", { class: "person-text" },
      h("span", { class: "person-name" }, person.name || person.email),
      person.name ? h("span", { class: "person-email" }, person.email) : null,
      h("span", { class: `tag person-state is-${person.status}` }, stateText(person)),
      h("span", { class: "person-meta" }, `${presetName(person.preset)} · ${kind}`)),
    h("div", { class: "person-actions" }, actions(person)));
}

function render() {
  // A list drawn anew under the keyboard keeps it on the same button of the same person.
  const active = document.activeElement;
  const was = active instanceof HTMLElement && list.contains(active) ? active.closest("li") : null;
  const label = active instanceof HTMLElement ? active.getAttribute("aria-label") : null;
  list.replaceChildren(...people.map(row));
  if (was instanceof HTMLElement) {
    const same = [...list.querySelectorAll(`[data-user-id="${CSS.escape(was.dataset.userId || "")}"] button`)];
    const target = same.find((b) => b.getAttribute("aria-label") === label) || same[0];
    if (target instanceof HTMLElement) target.focus();
    else list.focus();
  }
  list.setAttribute("aria-busy", "false");
  fillInviteCalendars();
}

/**
 * The invitation's calendar choice, filled anew with the calendars free now. What the person chose
 * stays chosen; until they choose, it follows the role: a practitioner gets a calendar of their
 * own, reception and management none.
 */
function fillInviteCalendars() {
  const select = byId("invite-calendar", HTMLSelectElement);
  const chosen = select.dataset.chosen === "true" ? select.value : null;
  fillCalendars(select);
  const preset = byId("invite-preset", HTMLSelectElement).value;
  const wanted = chosen ?? (preset === "provider" ? "new" : "");
  select.value = [...select.options].some((o) => o.value === wanted) ? wanted : "";
}

/** Reads the team anew; a calendar made for someone joins the page's calendars. */
async function refresh() {
  try {
    /** @type {{people: Person[]}} */
    const answer = await staffApi("GET", "/api/v1/team");
    people = answer.people;
    let added = false;
    for (const person of people) {
      if (person.staff_id && !staff.some((s) => same(s.id, person.staff_id))) {
        staff.push({ id: String(person.staff_id), name: person.name || person.email, user_id: person.user_id, hours: {}, active: true });
        added = true;
      }
    }
    if (added) setupChanged();
    render();
  } catch (err) {
    showError(errorBox, apiMessage(err));
  }
}

let refreshTimer = 0;
function refreshLater() {
  clearTimeout(refreshTimer);
  refreshTimer = window.setTimeout(refresh, 250);
}

/** "Einladung senden": the mail goes out, the person appears as invited. */
async function invite() {
  const email = byId("invite-email", HTMLInputElement);
  const name = byId("invite-name", HTMLInputElement);
  const calendar = byId("invite-calendar", HTMLSelectElement);
  const fields = { email, name, calendar };
  const formError = byId("invite-error");
  for (const [key, input] of Object.entries(fields)) showError(byId(`invite-${key}-error`), "", input);
  showError(formError, "");
  if (!email.value.trim()) {
    showError(byId("invite-email-error"), t("Bitte geben Sie die E-Mail-Adresse der Person an."), email);
    email.focus();
    return;
  }
  const button = byId("invite-button", HTMLButtonElement);
  busy(button, true);
  try {
    /** @type {Person} */
    const person = await staffApi("POST", "/api/v1/team/invitations", {
      email: email.value.trim(),
      name: name.value.trim(),
      preset: byId("invite-preset", HTMLSelectElement).value,
      calendar: calendar.value || null,
    });
    email.value = "";
    name.value = "";
    delete calendar.dataset.chosen;
    status.textContent = t("Einladung an {email} gesendet", { email: person.email });
    toast(status.textContent);
    await refresh();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const field = err.details.field === "email" || err.code === "already_in_team" ? "email"
      : err.details.field === "name" || err.code === "invalid_name" ? "name"
        : err.details.field === "calendar" || err.code === "calendar_taken" ? "calendar" : null;
    if (field) {
      showError(byId(`invite-${field}-error`), err.message, fields[field]);
      fields[field].focus();
    } else showError(formError, err.message);
  } finally {
    busy(button, false);
  }
}

/** @type {{person: Person, opener: HTMLElement} | null} */
let editing = null;

/** The rights ticked in the dialog. */
const ticked = () => [...rightsBox.querySelectorAll("input:checked")].map((box) => /** @type {HTMLInputElement} */ (box).value);

/** The preset the ticked rights are exactly, or "" for rights one by one. */
function presetOfTicked() {
  const now = ticked().sort().join(",");
  return Object.entries(PRESETS).find(([, given]) => [...given].sort().join(",") === now)?.[0] || "";
}

/** @param {Person} person @param {HTMLElement} opener  Takes the focus back when the dialog closes. */
function openDialog(person, opener) {
  editing = { person, opener };
  byId("person-dialog-title").textContent = t("Rechte von {name}", { name: person.name || person.email });
  rightsBox.replaceChildren(...RIGHTS().map(([right, label, line]) => h("div", { class: "right-choice" },
    h("input", { type: "checkbox", id: `right-${right}`, value: right, checked: person.rights.includes(right), "aria-describedby": `right-${right}-hint` }),
    h("span", { class: "right-text" },
      h("label", { class: "right-label", for: `right-${right}` }, label),
      h("span", { class: "hint", id: `right-${right}-hint` }, line)))));
  presetSelect.value = person.preset || "";
  fillCalendars(calendarSelect, person);
  showError(dialogError, "");
  showError(byId("person-calendar-error"), "", calendarSelect);
  dialog.showModal();
  presetSelect.focus();
}

/** "Speichern" in the dialog: the preset or the rights one by one, and the calendar if changed. */
async function savePerson() {
  if (!editing) return;
  const { person } = editing;
  const save = byId("person-save", HTMLButtonElement);
  showError(dialogError, "");
  showError(byId("person-calendar-error"), "", calendarSelect);
  /** @type {Record<string, unknown>} */
  const body = presetSelect.value ? { preset: presetSelect.value } : { rights: ticked() };
  const wanted = calendarSelect.value || null;
  if (wanted !== (person.staff_id ? String(person.staff_id) : null)) body.calendar = wanted;
  busy(save, true);
  try {
    await staffApi("PATCH", url(person), body);
    status.textContent = t("Rechte von {name} gespeichert", { name: person.name || person.email });
    toast(status.textContent);
    await refresh();
    dialog.close();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.code === "calendar_taken") showError(byId("person-calendar-error"), err.message, calendarSelect);
    else showError(dialogError, err.message);
  } finally {
    busy(save, false);
  }
}

export function startPeople() {
  list = byId("people-list");
  errorBox = byId("people-error");
  status = byId("people-status");
  dialog = byId("person-dialog", HTMLDialogElement);
  presetSelect = byId("person-preset", HTMLSelectElement);
  rightsBox = byId("person-rights");
  calendarSelect = byId("person-calendar", HTMLSelectElement);
  dialogError = byId("person-error");
  presetSelect.addEventListener("change", () => {
    const given = PRESETS[/** @type {keyof typeof PRESETS} */ (presetSelect.value)];
    if (!given) return;
    for (const box of rightsBox.querySelectorAll("input")) {
      /** @type {HTMLInputElement} */ (box).checked = given.includes(/** @type {HTMLInputElement} */ (box).value);
    }
  });
  rightsBox.addEventListener("change", () => {
    presetSelect.value = presetOfTicked();
  });
  byId("person-form", HTMLFormElement).addEventListener("submit", (e) => {
    e.preventDefault();
    savePerson();
  });
  closable(dialog, {
    onClose: () => {
      const was = editing;
      editing = null;
      // The list may have been drawn anew meanwhile: then the person's new row takes the focus.
      if (was && was.opener.isConnected) was.opener.focus();
      else if (was) focusRow(was.person);
    },
  });
  byId("invite-form", HTMLFormElement).addEventListener("submit", (e) => {
    e.preventDefault();
    invite();
  });
  const inviteCalendar = byId("invite-calendar", HTMLSelectElement);
  inviteCalendar.addEventListener("change", () => {
    inviteCalendar.dataset.chosen = "true";
  });
  byId("invite-preset", HTMLSelectElement).addEventListener("change", fillInviteCalendars);
  list.setAttribute("tabindex", "-1");
  connectLive({ events: { "settings.changed": refreshLater }, onBack: refresh });
  refresh();
}
