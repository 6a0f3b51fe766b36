// The general note on a customer's record: shown as text, edited in place (Escape leaves,
// Ctrl+Enter saves) and saved with the record.

import { staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { byId } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";

/** @typedef {import("./types.js").Customer} Customer */

export class RecordNote {
  /**
   * `current()` is the record as shown; `onSaved(record)` gets it after the note was saved.
   * @param {{customerId: string, current: () => Customer, onSaved: (record: Customer) => void}} options
   */
  constructor({ customerId, current, onSaved }) {
    this.customerId = customerId;
    this.current = current;
    this.onSaved = onSaved;
    this.form = byId("note-form", HTMLFormElement);
    this.input = byId("note-input", HTMLTextAreaElement);
    byId("note-edit").addEventListener("click", () => this.edit(true));
    byId("note-cancel").addEventListener("click", () => this.edit(false));
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        this.edit(false);
      }
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.form.requestSubmit();
      }
    });
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.save();
    });
  }

  /** @param {Customer} c */
  render(c) {
    const text = byId("note-text");
    text.textContent = c.note || t("Keine Notiz.");
    text.classList.toggle("is-empty", !c.note);
  }

  /**
   * Opens the editor with the note as it is, or closes it.
   * @param {boolean} on
   */
  edit(on) {
    this.form.hidden = !on;
    byId("note-text").hidden = on;
    byId("note-edit").hidden = on;
    showError(byId("note-error"), "", this.input);
    if (on) {
      this.input.value = this.current().note;
      this.input.focus();
    } else {
      byId("note-edit").focus();
    }
  }

  async save() {
    await whileBusy(byId("note-save", HTMLButtonElement), async () => {
      try {
        /** @type {Customer} */
        const record = await staffApi("PATCH", `/api/v1/customers/${encodeURIComponent(this.customerId)}`, { note: this.input.value.trim() });
        this.onSaved(record);
        this.render(record);
        this.edit(false);
        toast(t("Notiz gespeichert"));
      } catch (err) {
        showError(byId("note-error"), apiMessage(err), this.input);
      }
    });
  }
}
