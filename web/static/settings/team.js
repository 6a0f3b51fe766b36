// The team's calendars: each with its name, colour and place in the order, the services it offers
// and its bookable hours per location (the opening hours as a template until it has its own), and
// the form that adds a calendar. A calendar with appointments ahead is not deactivated: they are
// listed instead. A week being typed survives the cards rendering anew.

import { ApiError, staffApi } from "../kit/api.js";
import { busy } from "../kit/busy.js";
import { byId, h } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { HoursEditor } from "../kit/hours-editor.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { aheadList } from "./locations.js";
import { photoControl } from "./staff-photo.js";
import { activeLocations, activeStaff, boot, may, onSetupChange, same, services, setupChanged, staff } from "./state.js";

/** The palette the calendar gives a calendar without a colour of its own, by its place. */
const PALETTE = ["#3b82f6", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#06b6d4", "#ec4899"];

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
  if (own && !Object.keys(own).length) return t("An diesem Standort nicht online buchbar.");
  if (own) return t("Eigene Zeiten gelten.");
  const first = activeLocations()[0];
  return member.user_id && first && same(first.id, location.id)
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
    label: t("Buchbare Zeiten {name}", { name: `${member.name}${activeLocations().length > 1 ? `, ${location.name}` : ""}` }),
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

/**
 * Runs a change of a calendar with the button busy; the server's message goes to `error`, the list
 * of appointments ahead (for a deactivation) to `ahead`.
 * @param {HTMLElement} button
 * @param {HTMLElement} error
 * @param {HTMLElement} ahead
 * @param {() => Promise<void>} work
 */
async function change(button, error, ahead, work) {
  showError(error, "");
  ahead.replaceChildren();
  busy(/** @type {HTMLButtonElement} */ (button), true);
  try {
    await work();
    setupChanged();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.code === "has_appointments") {
      ahead.replaceChildren(aheadList(t("In diesem Kalender liegen noch diese Termine. Verschieben oder sagen Sie sie zuerst ab:"),
        /** @type {import("./locations.js").Ahead[]} */ (err.details.appointments || [])));
    } else showError(error, err.message);
  } finally {
    busy(/** @type {HTMLButtonElement} */ (button), false);
  }
}

/**
 * Moves a calendar one place up (-1) or down (+1) among those in use.
 * @param {StaffMember} member
 * @param {number} by
 */
async function move(member, by) {
  const order = activeStaff();
  const at = order.indexOf(member);
  const to = at + by;
  if (to < 0 || to >= order.length) return;
  [order[at], order[to]] = [order[to], order[at]];
  /** @type {{staff: StaffMember[]}} */
  const answer = await staffApi("PUT", "/api/v1/staff/order", { staff_ids: order.map((s) => s.id) });
  staff.splice(0, staff.length, ...answer.staff);
}

/**
 * The calendar's name, colour, place and use.
 * @param {StaffMember} member
 * @param {number} place  Its place among the calendars in use.
 */
function staffControls(member, place) {
  const key = `staff-${member.id}`;
  const error = h("p", { class: "field-error", id: `${key}-error`, role: "alert" });
  const ahead = h("div", { class: "ahead-box" });
  const name = h("input", { type: "text", id: `${key}-name`, value: member.name, maxlength: "200", autocomplete: "off" });
  const color = h("input", { type: "color", id: `${key}-color`, value: member.color || PALETTE[place % PALETTE.length] });
  const save = h("button", { class: "btn", type: "submit" }, t("Kalender speichern"));
  const count = activeStaff().length;
  const up = h("button", { class: "btn btn-ghost", type: "button", disabled: place <= 0, "aria-label": t("{name} nach oben", { name: member.name }) }, "↑");
  const down = h("button", { class: "btn btn-ghost", type: "button", disabled: place >= count - 1, "aria-label": t("{name} nach unten", { name: member.name }) }, "↓");
  const off = h("button", { class: "btn btn-ghost", type: "button", dataset: { deactivate: "" } }, t("Deaktivieren"));
  const form = h("form", { class: "staff-controls", novalidate: true },
    h("div", { class: "form-row three" },
      h("div", { class: "field" }, h("label", { for: name.id }, t("Name")), name),
      h("div", { class: "field" }, h("label", { for: color.id }, t("Farbe")), color),
      h("div", { class: "field" }, h("span", { class: "label" }, t("Reihenfolge")), h("div", { class: "inline-form" }, up, down))),
    error, ahead,
    h("div", { class: "inline-form" }, save, off));
  const url = `/api/v1/staff/${encodeURIComponent(member.id)}`;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const body = { name: /** @type {HTMLInputElement} */ (name).value.trim(), color: /** @type {HTMLInputElement} */ (color).value };
    change(save, error, ahead, async () => {
      Object.assign(member, await staffApi("PATCH", url, body));
      toast(t("Gespeichert"));
    });
  });
  up.addEventListener("click", () => change(up, error, ahead, () => move(member, -1)));
  down.addEventListener("click", () => change(down, error, ahead, () => move(member, 1)));
  off.addEventListener("click", () => change(off, error, ahead, async () => {
    Object.assign(member, await staffApi("POST", `${url}/deactivate`));
    toast(t("Kalender „{name}“ deaktiviert", { name: member.name }));
  }));
  return form;
}

/**
 * "Hier nicht buchbar": an empty week at the location, so the calendar takes no online bookings there.
 * @param {StaffMember} member
 * @param {Location} location
 */
function notHereButton(member, location) {
  const own = (member.hours || {})[location.id];
  if (own && !Object.keys(own).length) return null;
  const button = h("button", { class: "btn btn-ghost not-here", type: "button" }, t("Hier nicht buchbar"));
  button.addEventListener("click", async () => {
    busy(/** @type {HTMLButtonElement} */ (button), true);
    try {
      await staffApi("PUT", `/api/v1/staff/${encodeURIComponent(member.id)}/hours`, { location_id: location.id, weekly: {} });
      member.hours = { ...(member.hours || {}), [location.id]: {} };
      teamEditors.get(`staff:${member.id}:${location.id}`)?.release();
      teamEditors.delete(`staff:${member.id}:${location.id}`);
      toast(t("Gespeichert"));
      setupChanged();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      toast(err.message, { error: true });
    } finally {
      busy(/** @type {HTMLButtonElement} */ (button), false);
    }
  });
  return button;
}

/**
 * @param {StaffMember} member
 * @param {number} place
 */
function staffCard(member, place) {
  const offered = services.filter((s) => (s.staff_ids || []).some((id) => same(id, member.id))).map((s) => s.name);
  const places = activeLocations();
  return h("article", { class: "staff-card", dataset: { staffId: String(member.id) }, "aria-labelledby": `staff-${member.id}` },
    h("div", { class: "block-head" },
      h("h3", { id: `staff-${member.id}`, tabindex: "-1" },
        h("span", { class: "staff-swatch", style: { background: member.color || PALETTE[place % PALETTE.length] }, "aria-hidden": "true" }),
        member.name,
        same(member.id, boot.user.staff_id) ? h("span", { class: "tag" }, t("Ihr Kalender")) : null),
      h("p", { class: "block-sub" }, offersText(offered))),
    may("settings") ? staffControls(member, place) : null,
    may("settings") ? photoControl(member, setupChanged) : null,
    places.map((location) => h("div", { class: "staff-location", dataset: { locationId: String(location.id) } },
      places.length > 1 ? h("h4", {}, location.name) : null,
      teamEditor(member, location).el,
      notHereButton(member, location))));
}

/** A deactivated calendar: its name and the button that puts it back in use. @param {StaffMember} member */
function restingCard(member) {
  const error = h("p", { class: "field-error", role: "alert" });
  const on = h("button", { class: "btn", type: "button" }, t("Wieder in Betrieb nehmen"));
  on.addEventListener("click", () => change(on, error, h("div"), async () => {
    Object.assign(member, await staffApi("POST", `/api/v1/staff/${encodeURIComponent(member.id)}/activate`));
    toast(t("Kalender „{name}“ wieder in Betrieb", { name: member.name }));
  }));
  return h("li", { class: "resting-staff", dataset: { staffId: String(member.id) } },
    h("span", {}, member.name), h("span", { class: "tag" }, t("Deaktiviert")), on, error);
}

/** The calendars whose hours the person may set: all with the right to, else their own. */
function calendarsShown() {
  if (may("settings") || may("others_hours")) return activeStaff();
  return activeStaff().filter((s) => same(s.id, boot.user.staff_id));
}

export function renderTeam() {
  const resting = may("settings") ? staff.filter((s) => s.active === false) : [];
  const shown = calendarsShown().map((member) => staffCard(member, activeStaff().indexOf(member)));
  if (resting.length) shown.push(h("h3", {}, t("Deaktivierte Kalender")), h("ul", { class: "resting-list" }, resting.map(restingCard)));
  byId("team-list").replaceChildren(...shown);
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
    staff.push({ id: answer.id, name, user_id: null, hours: {}, color: null, active: true });
    staff.sort((a, b) => Number(a.active === false) - Number(b.active === false));
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
  document.getElementById("add-staff")?.addEventListener("submit", (e) => {
    e.preventDefault();
    addStaff();
  });
  onSetupChange(renderTeam);
}
