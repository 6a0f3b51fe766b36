// The team's calendars: each with the services it offers and its bookable hours per location (the
// opening hours as a template until it has its own), and the form that adds a calendar. A week
// being typed survives the cards rendering anew.

import { ApiError, staffApi } from "../kit/api.js";
import { busy } from "../kit/busy.js";
import { byId, h } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { HoursEditor } from "../kit/hours-editor.js";
import { pick } from "../kit/lang.js";
import { toast } from "../kit/toast.js";
import { locations, onSetupChange, same, services, setupChanged, staff } from "./state.js";

/**
 * @typedef {import("./state.js").Location} Location
 * @typedef {import("./state.js").StaffMember} StaffMember
 */

const DE = {
  hoursOwn: "Eigene Zeiten gelten.",
  hoursOwnerDefault: "Noch keine eigenen Zeiten: online buchbar zu den Öffnungszeiten. Die Vorlage unten sind die Öffnungszeiten.",
  hoursNone: "Noch keine Zeiten: an diesem Standort nicht online buchbar. Die Vorlage unten sind die Öffnungszeiten; speichern Sie sie, um den Kalender buchbar zu machen.",
  ownCalendar: "Ihr Kalender",
  /** @param {string[]} names */
  offers: (names) => (names.length ? `Bietet an: ${names.join(", ")}` : "Bietet noch keine Leistung an."),
  /** @param {string} name */
  staffCreated: (name) => `Gespeichert – Kalender „${name}“ angelegt`,
  staffNameMissing: "Bitte geben Sie einen Namen für den Kalender an.",
  /** @param {string} name */
  bookableHours: (name) => `Buchbare Zeiten ${name}`,
};

/** @type {typeof DE} */
const EN = {
  hoursOwn: "Its own hours apply.",
  hoursOwnerDefault: "No hours of its own yet: bookable online during opening hours. The template below is the opening hours.",
  hoursNone: "No hours yet: not bookable online at this location. The template below is the opening hours; save them to make the calendar bookable.",
  ownCalendar: "Your calendar",
  offers: (names) => (names.length ? `Offers: ${names.join(", ")}` : "Doesn't offer any service yet."),
  staffCreated: (name) => `Saved – calendar “${name}” added`,
  staffNameMissing: "Please enter a name for the calendar.",
  bookableHours: (name) => `Bookable hours of ${name}`,
};

/** @type {typeof DE} */
const TEXT = pick({ de: DE, en: EN });

/** @type {Map<string, HoursEditor>} "staff:<staff>:<location>" → editor, kept across re-renders while unsaved */
const teamEditors = new Map();

/**
 * Where the calendar's hours at `location` come from.
 * @param {StaffMember} member
 * @param {Location} location
 */
function hoursStatus(member, location) {
  const own = (member.hours || {})[location.id];
  if (own) return TEXT.hoursOwn;
  return member.user_id ? TEXT.hoursOwnerDefault : TEXT.hoursNone;
}

/**
 * The editor of the calendar's hours at `location`: the one on the page while it holds unsaved
 * changes, else a fresh one (its own hours, or the opening hours as a template).
 * @param {StaffMember} member
 * @param {Location} location
 */
function teamEditor(member, location) {
  const key = `staff:${member.id}:${location.id}`;
  const kept = teamEditors.get(key);
  const own = (member.hours || {})[location.id];
  if (kept && kept.dirty) return kept;
  const editor = new HoursEditor({
    key,
    label: TEXT.bookableHours(`${member.name}${locations.length > 1 ? `, ${location.name}` : ""}`),
    hours: own || location.opening_hours,
    status: hoursStatus(member, location),
    save: (weekly) => staffApi("PUT", `/api/v1/staff/${encodeURIComponent(member.id)}/hours`, {
      location_id: location.id, weekly,
    }),
    onSaved: (weekly) => {
      member.hours = { ...(member.hours || {}), [location.id]: weekly };
      editor.setStatus(hoursStatus(member, location));
      editor.el.classList.remove("is-default");
    },
  });
  kept?.release();
  editor.el.classList.toggle("is-default", !own);
  teamEditors.set(key, editor);
  return editor;
}

/** @param {StaffMember} member */
function staffCard(member) {
  const offered = services.filter((s) => (s.staff_ids || []).some((id) => same(id, member.id))).map((s) => s.name);
  return h("article", { class: "staff-card", dataset: { staffId: String(member.id) }, "aria-labelledby": `staff-${member.id}` },
    h("div", { class: "block-head" },
      h("h3", { id: `staff-${member.id}`, tabindex: "-1" }, member.name,
        member.user_id ? h("span", { class: "tag" }, TEXT.ownCalendar) : null),
      h("p", { class: "block-sub" }, TEXT.offers(offered))),
    locations.map((location) => h("div", { class: "staff-location", dataset: { locationId: String(location.id) } },
      locations.length > 1 ? h("h4", {}, location.name) : null,
      teamEditor(member, location).el)));
}

export function renderTeam() {
  byId("team-list").replaceChildren(...staff.map(staffCard));
}

/** "Kalender hinzufügen": a calendar with a name and no hours yet. */
async function addStaff() {
  const input = byId("new-staff-name", HTMLInputElement);
  const error = byId("new-staff-error");
  const name = input.value.trim();
  showError(error, "", input);
  if (!name) {
    showError(error, TEXT.staffNameMissing, input);
    input.focus();
    return;
  }
  const button = byId("add-staff-button", HTMLButtonElement);
  busy(button, true);
  try {
    /** @type {{id: string}} */
    const answer = await staffApi("POST", "/api/v1/staff", { name });
    staff.push({ id: answer.id, name, user_id: null, hours: {} });
    input.value = "";
    setupChanged();
    toast(TEXT.staffCreated(name));
    document.getElementById(`staff-${answer.id}`)?.focus();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    showError(error, err.message, input);
    input.focus();
  } finally {
    busy(button, false);
  }
}

export function startTeam() {
  byId("add-staff", HTMLFormElement).addEventListener("submit", (e) => {
    e.preventDefault();
    addStaff();
  });
  onSetupChange(renderTeam);
}
