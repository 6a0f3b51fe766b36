// The card of an appointment, beside it: when, what, whose, where, its status and the customer's
// record; its note, editable in place; and what can be done with it: accept or decline a request,
// move it without a mouse (a new day, time and calendar), change its service, length, customer or
// calendar (appointment-edit.js), note whether the customer came (attendance.js), cancel it with a
// message to the customer; and its history: who booked, moved and cancelled it, and when.

import { staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { closable, placeBeside } from "../kit/dialog.js";
import { byId, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { historyList } from "../kit/history-lines.js";
import { N_, t } from "../kit/i18n.js";
import * as T from "../kit/time.js";
import { toast } from "../kit/toast.js";
import { editAppointment } from "./appointment-edit.js";
import { serviceOf } from "./appointment-facts.js";
import { attendable, attendanceRow } from "./attendance.js";
import { heldCustomer, heldUntil, row } from "./drawing.js";
import { cancelFollowing, scopeChoice } from "./series-scope.js";
import { fmt, gridStep, locationById, locations, serviceById, staffById, staffList } from "./setup.js";
import { wrote } from "./store.js";
import { instantAtTime, wallDate, wallTime } from "./zone.js";

/** @typedef {import("./setup.js").Appointment} Appointment */
/** @typedef {import("./drawing.js").Point} Point */

/**
 * @typedef {object} CardOptions
 * @property {(a: Appointment, start: Date, staffId: string, point: Point | null) => void} onMove
 *   Asks to move `a` to `start` in the calendar `staffId` (the same prompt as after a drag).
 */

/** An appointment's status in words, worded when it is shown.
 * @type {Record<string, string>} */
const STATUSES = {
  booked: N_("Gebucht"),
  requested: N_("Anfrage – wartet auf Ihre Bestätigung"),
  held: N_("Online-Buchung – wartet auf den Sicherheitscode"),
  cancelled: N_("Abgesagt"),
};

/** The button a click landed on.
 * @param {Event} e */
const clicked = (e) => /** @type {HTMLButtonElement} */ (e.currentTarget);

/**
 * The card's dialog (#appointment-details), wired.
 * @param {CardOptions} options
 */
export function appointmentCard({ onMove }) {
  const dialog = byId("appointment-details", HTMLDialogElement);
  const title = byId("ad-title");
  const list = byId("ad-list");
  const actions = byId("ad-actions");
  const error = byId("ad-error");
  /** @type {Appointment | null} */
  let current = null;
  /** @type {Point | null} */
  let point = null;

  closable(dialog, { onClose: () => { current = null; } });

  /** @param {Appointment} a */
  function render(a) {
    const service = serviceOf(a);
    const start = new Date(a.start);
    const end = new Date(a.end);
    title.textContent = a.customer_name || heldCustomer();
    byId("ad-swatch").style.background = a.status === "held" ? "#9aa4af" : service?.color || "#64748b";
    let status = STATUSES[a.status] ? t(STATUSES[a.status]) : a.status;
    if (a.status === "held" && a.expires_at) status += ` (${heldUntil(a)})`;
    list.replaceChildren(
      ...row(t("Zeit"), `${fmt.day(start)}, ${fmt.range(start, end)}`),
      ...row(t("Leistung"), service?.name),
      ...row(t("Kalender"), staffList.length > 1 ? staffById.get(String(a.staff_id))?.name : null),
      ...row(t("Standort"), locations.length > 1 ? locationById.get(String(a.location_id))?.name : null),
      ...row(t("Status"), status),
      ...(attendable(a, new Date()) ? attendanceRow(a, error) : []),
      ...row(t("Serie"), a.series_id ? t("Teil einer Terminserie") : null),
      ...row(t("Kunde"), a.customer_id
        ? h("a", { id: "ad-customer-link", href: `/customers/${encodeURIComponent(a.customer_id)}` },
          t("Kundendaten und Termine"))
        : null),
      ...noteRow(a),
      ...historyRow(a),
    );
    showError(error, "");
    renderActions(a);
  }

  /** The appointment's history, loaded each time the card shows it, so a change shows too.
   * @param {Appointment} a */
  function historyRow(a) {
    const lines = h("dd", { id: "ad-history", "aria-busy": "true" });
    const label = h("dt", {}, t("Verlauf"));
    loadHistory(a, label, lines);
    return [label, lines];
  }

  /** @param {Appointment} a
   * @param {HTMLElement} label
   * @param {HTMLElement} lines */
  async function loadHistory(a, label, lines) {
    try {
      /** @type {{entries: import("../kit/history-lines.js").HistoryEntry[]}} */
      const answer = await staffApi("GET", `/api/v1/appointments/${encodeURIComponent(a.id)}/history`);
      if (!lines.isConnected) return; // shown anew meanwhile
      lines.replaceChildren(historyList(answer.entries, fmt));
      lines.removeAttribute("aria-busy");
      label.hidden = lines.hidden = answer.entries.length === 0;
      place();
    } catch {
      // Without it the card still says all it must; the history is a look back, not a task.
      label.remove();
      lines.remove();
    }
  }

  /** The note, editable in place: a textarea and "Speichern".
   * @param {Appointment} a */
  function noteRow(a) {
    if (a.status === "cancelled" || a.status === "released") return row(t("Notiz"), a.note);
    const saved = a.note || "";
    const previous = list.querySelector("#ad-note");
    // A note being written here is kept when the appointment changes elsewhere meanwhile.
    const keep = previous instanceof HTMLTextAreaElement && previous.dataset.id === String(a.id)
      && previous.value !== previous.dataset.saved;
    const area = h("textarea", {
      id: "ad-note", rows: "2", placeholder: t("Notiz hinzufügen …"), "aria-label": t("Notiz"),
    });
    area.value = keep ? previous.value : saved;
    area.dataset.id = String(a.id);
    area.dataset.saved = saved;
    const button = h("button", { class: "btn btn-small", type: "button", id: "ad-note-save", hidden: true }, t("Speichern"));
    const sync = () => { button.hidden = area.value === area.dataset.saved; };
    area.addEventListener("input", sync);
    area.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        button.click();
      }
    });
    button.addEventListener("click", () => saveNote(button, area, a));
    sync();
    return [h("dt", {}, h("label", { for: "ad-note" }, t("Notiz"))),
      h("dd", { class: "note-edit" }, area, button)];
  }

  /** @param {HTMLButtonElement} button
   * @param {HTMLTextAreaElement} area
   * @param {Appointment} a */
  async function saveNote(button, area, a) {
    await whileBusy(button, async () => {
      try {
        /** @type {Appointment} */
        const updated = await staffApi("PATCH", `/api/v1/appointments/${a.id}`, { note: area.value.trim() });
        area.dataset.saved = updated.note || "";
        area.value = updated.note || "";
        wrote(updated);
        toast(t("Notiz gespeichert."));
      } catch (err) {
        showError(error, apiMessage(err));
      }
    });
  }

  /** The card's buttons, or the question before a cancellation with its message to the customer.
   * @param {Appointment} a
   * @param {boolean} [confirming] */
  function renderActions(a, confirming = false) {
    if (confirming) {
      const message = h("textarea", { id: "ad-message", rows: "2", "aria-describedby": "ad-message-hint" });
      const scope = a.series_id ? scopeChoice("cancel-scope") : null;
      actions.replaceChildren(scope ? scope.node : "", h("div", { class: "field cancel-field" },
        h("label", { for: "ad-message" }, t("Nachricht an den Kunden (optional)")),
        message,
        h("p", { class: "hint", id: "ad-message-hint" },
          t("Wird nur gesendet, wenn eine E-Mail-Adresse bekannt ist."))),
      h("div", { class: "popup-buttons" },
        h("button", { class: "btn", type: "button", onclick: () => renderActions(a) }, t("Nicht absagen")),
        h("button", {
          class: "btn btn-danger", type: "button",
          onclick: (/** @type {Event} */ e) => (scope && scope.following()
            ? cancelSeries(clicked(e), a, message.value.trim())
            : act(clicked(e), a, "cancel", { message: message.value.trim() || undefined }, t("Termin abgesagt."))),
        }, t("Wirklich absagen"))));
      place();
      message.focus();
      return;
    }
    const buttons = [];
    if (a.status === "requested") {
      buttons.push(h("button", { class: "btn", type: "button", onclick: (/** @type {Event} */ e) => act(clicked(e), a, "decline", {}, t("Anfrage abgelehnt.")) }, t("Ablehnen")));
      buttons.push(h("button", { class: "btn btn-primary", type: "button", onclick: (/** @type {Event} */ e) => act(clicked(e), a, "accept", {}, t("Anfrage angenommen.")) }, t("Annehmen")));
    }
    if (a.status === "booked" || a.status === "requested") {
      buttons.unshift(h("button", { class: "btn", type: "button", id: "ad-move", onclick: () => renderMove(a) }, t("Verschieben")));
      buttons.unshift(h("button", {
        class: "btn", type: "button", id: "ad-edit",
        onclick: () => editAppointment(a, { box: actions, error, onClose: () => render(current || a), onResize: place }),
      }, t("Ändern")));
    }
    if (a.status === "booked") {
      buttons.push(h("button", { class: "btn btn-danger", type: "button", onclick: () => renderActions(a, true) }, t("Termin absagen")));
    }
    actions.replaceChildren(buttons.length ? h("div", { class: "popup-buttons" }, buttons) : "");
  }

  /** Moving without a mouse: a new day, time and calendar, then the same prompt as after a drag.
   * @param {Appointment} a */
  function renderMove(a) {
    const time = wallTime(new Date(a.start));
    const dateInput = h("input", { type: "date", id: "ad-move-date", required: true });
    dateInput.value = wallDate(new Date(a.start));
    const times = { from: 0, to: 24 * 60 - 1, extra: time }; // the whole day, and the appointment's start
    const timeSelect = h("select", { id: "ad-move-time" },
      T.stepTimes(gridStep(), times).map((/** @type {string} */ v) => h("option", { value: v }, v)));
    timeSelect.value = time;
    const staffSelect = h("select", { id: "ad-move-staff" },
      staffList.map((s) => h("option", { value: String(s.id) }, s.name)));
    staffSelect.value = String(a.staff_id);
    const field = (/** @type {HTMLElement} */ input, /** @type {string} */ label) => h("div", { class: "field" },
      h("label", { for: input.id }, label), input);
    /** @param {SubmitEvent} e */
    const submit = (e) => {
      e.preventDefault();
      onMove(current || a, instantAtTime(dateInput.value, timeSelect.value), staffSelect.value, point);
    };
    // Enter goes on from the lists too, as in the new-entry dialog.
    /** @param {KeyboardEvent} e */
    const enterSubmits = (e) => {
      if (e.key !== "Enter" || !(e.target instanceof HTMLSelectElement)) return;
      e.preventDefault();
      /** @type {HTMLFormElement} */ (e.currentTarget).requestSubmit();
    };
    actions.replaceChildren(h("form", { class: "move-form", onsubmit: submit, onkeydown: enterSubmits },
      h("div", { class: "move-fields" },
        field(dateInput, t("Neues Datum")),
        field(timeSelect, t("Neuer Beginn")),
        staffList.length > 1 ? field(staffSelect, t("Kalender")) : null),
      h("div", { class: "popup-buttons" },
        h("button", { class: "btn", type: "button", onclick: () => closeMove(a) }, t("Abbrechen")),
        h("button", { class: "btn btn-primary", type: "submit", id: "ad-move-next" }, t("Weiter")))));
    place(); // the card grew: keep it inside the window
    dateInput.focus();
  }

  /** @param {Appointment} a */
  function closeMove(a) {
    renderActions(a);
    const move = actions.querySelector("#ad-move");
    if (move instanceof HTMLElement) move.focus();
  }

  /**
   * Accepts, declines or cancels `a`; the card closes and the calendar shows the answer.
   * @param {HTMLButtonElement} button
   * @param {Appointment} a
   * @param {"accept" | "decline" | "cancel"} verb
   * @param {{message?: string}} body
   * @param {string} done  What the toast says then.
   */
  async function act(button, a, verb, body, done) {
    await whileBusy(button, async () => {
      try {
        const answer = await staffApi("POST", `/api/v1/appointments/${a.id}/${verb}`, body);
        /** @type {Appointment} */
        const next = answer && answer.id !== undefined ? answer
          : { ...a, status: verb === "accept" ? "booked" : "cancelled" };
        dialog.close();
        wrote(next);
        toast(done);
      } catch (err) {
        showError(error, apiMessage(err));
      }
    });
  }

  /** Cancels `a` and the following ones of its series.
   * @param {HTMLButtonElement} button
   * @param {Appointment} a
   * @param {string} message */
  async function cancelSeries(button, a, message) {
    await whileBusy(button, async () => {
      try {
        const count = await cancelFollowing(a, message);
        dialog.close();
        toast(t("{count} Termine der Serie abgesagt.", { count }));
      } catch (err) {
        showError(error, apiMessage(err));
      }
    });
  }

  function place() {
    placeBeside(dialog, point);
  }

  return {
    /** @param {Appointment} a
     * @param {Point | null} at */
    open(a, at) {
      current = a;
      point = at;
      render(a);
      if (!dialog.open) dialog.showModal();
      place();
    },
    close() {
      if (dialog.open) dialog.close();
    },
    /** Keeps an open card current when the appointment changes elsewhere.
     * @param {Appointment} a */
    refresh(a) {
      if (!current || String(current.id) !== String(a.id) || !dialog.open) return;
      if (a.status === "cancelled" || a.status === "released") {
        dialog.close();
        return;
      }
      current = a;
      if (!actions.querySelector("textarea, form")) render(a);
    },
  };
}
