// The team's calendars: each with the services it offers and its bookable hours per location (the
// opening hours as a template until it has its own), and the form that adds a calendar. A week
// being typed survives the cards rendering anew.

import { ApiError, staffApi } from "../kit/api.js";
import { busy } from "../kit/busy.js";
import { byId, h } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { HoursEditor } from "../kit/hours-editor.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { locations, onSetupChange, same, services, setupChanged, staff } from "./state.js";

/**
 * @typedef {import("./state.js").Location} Location
 * @typedef {import("./state.js").StaffMember} StaffMember
 */

/**
 * The services a calendar offers, as a line of its card.
 * @param {string[]} names
 */
function offersText(names) {
  return names.length ? t("Bietet an: {names}", { names: names.join(", ") }) : t("Bietet noch keine Leistung an.");
}

/** @type {Map<string, HoursEditor>} "staff:<staff>:<location>" → editor, kept across re-renders while unsaved */
const teamEditors = new Map();

/**
 * Where the calendar's hours at `location` come from.
 * @param {StaffMember} member
 * @param {Location} location
 */
function hoursStatus(member, location) {
  const own = (member.hours || {})[location.id];
  if (own) return t("Eigene Zeiten gelten.");
  return member.user_id
    ? t("Noch keine eigenen Zeiten: online buchbar zu den Öffnungszeiten. Die Vorlage unten sind die Öffnungszeiten.")
    : t("Noch keine Zeiten: an diesem Standort nicht online buchbar. Die Vorlage unten sind die Öffnungszeiten; speichern Sie sie, um den Kalender buchbar zu machen.");
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
    label: t("Buchbare Zeiten {name}", { name: `${member.name}${locations.length > 1 ? `, ${location.name}` : ""}` }),
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
        member.user_id ? h("span", { class: "tag" }, t("Ihr Kalender")) : null),
      h("p", { class: "block-sub" }, offersText(offered))),
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
    showError(error, t("Bitte geben Sie einen Namen für den Kalender an."), input);
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
    toast(t("Gespeichert – Kalender „{name}“ angelegt", { name }));
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
