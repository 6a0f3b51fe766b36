// The second step of entering a closure over appointments: the dialog lists the appointments in the
// way and asks for a message to their customers; only "Alle absagen und eintragen" enters the
// closure (`confirm: true`) and cancels them all. Nothing is entered before that.

import { ApiError, staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { find, h } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { t, tn } from "../kit/i18n.js";
import { kindName } from "./drawing.js";
import { fmt, serviceById, staffById, staffList } from "./setup.js";

/** @typedef {import("./setup.js").Appointment} Appointment */
/** @typedef {import("./setup.js").Closure} Closure */
/** @typedef {import("./entry-payload.js").ClosureBody} ClosureBody */

/**
 * @typedef {object} ConflictOptions
 * @property {() => void} onCancel  "Abbrechen": nothing is entered.
 * @property {(closure: Closure, cancelled: Appointment[]) => void} onConfirmed  Entered; these
 *   appointments were cancelled.
 */

export class ClosureConflicts {
  /**
   * @param {HTMLFormElement} form  The new-entry dialog's form, with its #na-conflicts section.
   * @param {ConflictOptions} options
   */
  constructor(form, { onCancel, onConfirmed }) {
    this.form = form;
    this.onConfirmed = onConfirmed;
    this.section = find(form, "#na-conflicts");
    this.list = find(form, "#na-conflict-list");
    this.message = find(form, "#na-message", HTMLTextAreaElement);
    this.error = find(form, "#na-conflict-error");
    this.confirmButton = find(form, "#na-confirm", HTMLButtonElement);
    /** @type {Appointment[] | null} the appointments in the way, while the step is shown */
    this.appointments = null;
    /** @type {ClosureBody | null} the closure that met them */
    this.pending = null;
    this.sending = false;
    find(form, "#na-conflict-cancel").addEventListener("click", onCancel);
    this.confirmButton.addEventListener("click", () => this.confirm());
  }

  /** Whether the step is shown (the dialog's other fields wait). */
  get shown() {
    return this.appointments !== null;
  }

  /**
   * Lists `appointments` in the way of the closure `body` (`when`: its time in words) and asks.
   * @param {Appointment[]} appointments
   * @param {ClosureBody} body
   * @param {string} when
   */
  show(appointments, body, when) {
    this.appointments = appointments;
    this.pending = body;
    const showStaff = staffList.length > 1 && !body.staff_id;
    this.list.replaceChildren(...appointments.map((a) => {
      const service = serviceById.get(String(a.service_id));
      const start = new Date(a.start);
      const end = new Date(a.end);
      const staff = showStaff ? staffById.get(String(a.staff_id)) : null;
      const who = a.customer_name || (a.status === "held" ? t("Online-Buchung, wartet auf den Code") : "");
      return h("li", { class: "conflict", dataset: { appointmentId: String(a.id) } },
        h("span", { class: "conflict-dot", style: { background: service?.color || "#64748b" }, "aria-hidden": "true" }),
        h("span", { class: "conflict-time" },
          h("span", { class: "conflict-day" }, fmt.day(start)),
          h("span", {}, fmt.range(start, end))),
        h("span", { class: "conflict-main" },
          h("span", { class: "conflict-name" }, who,
            a.status === "requested" ? h("span", { class: "badge" }, t("Anfrage")) : null),
          h("span", { class: "conflict-service" },
            [service?.name, staff?.name].filter(Boolean).join(" · "))));
    }));
    find(this.form, "#na-conflicts-title").textContent = tn(
      "1 Termin liegt in dieser Zeit", "{n} Termine liegen in dieser Zeit", appointments.length);
    const staff = body.staff_id !== undefined ? staffById.get(String(body.staff_id)) : undefined;
    find(this.form, "#na-conflicts-summary").replaceChildren(
      h("span", { class: `swatch closure-swatch closure-${body.kind}`, "aria-hidden": "true" }),
      [kindName(body.kind), when, body.staff_id ? staff?.name : t("Ganzer Betrieb")].filter(Boolean).join(" · "));
    showError(this.error, "");
    this.message.value = "";
    this.form.classList.add("is-confirming");
    for (const el of this.form.querySelectorAll(".kind-switch, .row, #na-actions, #na-error")) {
      if (el instanceof HTMLElement) el.inert = true;
    }
    find(this.form, "#na-actions").hidden = true;
    this.section.hidden = false;
    this.message.setAttribute("aria-describedby", "na-conflicts-title na-conflicts-note na-message-hint");
  }

  /** The message field takes the focus (once the dialog stands where it will). */
  focus() {
    this.message.focus();
  }

  /** Back to the dialog's fields. */
  hide() {
    this.appointments = null;
    this.pending = null;
    this.form.classList.remove("is-confirming");
    for (const el of this.form.querySelectorAll("[inert]")) {
      if (el instanceof HTMLElement) el.inert = false;
    }
    find(this.form, "#na-actions").hidden = false;
    this.section.hidden = true;
    this.list.replaceChildren();
  }

  async confirm() {
    if (this.sending || !this.pending) return;
    const message = this.message.value.trim();
    /** @type {ClosureBody} */
    const body = { ...this.pending, confirm: true };
    if (message) body.message = message;
    const cancelled = this.appointments || [];
    this.sending = true;
    try {
      await whileBusy(this.confirmButton, async () => {
        const closure = await staffApi("POST", "/api/v1/closures", body);
        this.onConfirmed(closure, cancelled);
      });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showError(this.error, err.message);
    } finally {
      this.sending = false;
    }
  }
}
