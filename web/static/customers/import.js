// Importing customers from a CSV file: the server reads it once as a trial (which columns it
// recognised, the first rows as they would be saved, the rows it would reject and why), and only
// the confirmation imports the accepted rows.

import { request } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { closable } from "../kit/dialog.js";
import { byId, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { pick } from "../kit/lang.js";
import { plainDate } from "./names.js";

/**
 * A row of the file as it would be saved: its line in the file and the recognised fields.
 * @typedef {{line: number, groups?: string[], [field: string]: unknown}} PreviewRow
 * @typedef {{line: number, reason: string}} Rejected  A row the server would not take, and why.
 */

/**
 * The trial run's answer.
 * @typedef {object} Check
 * @property {{header: string, field: string | null}[]} columns  Each column's field, null if ignored.
 * @property {PreviewRow[]} preview  The first rows.
 * @property {number} accepted
 * @property {Rejected[]} rejected
 */

const DE = {
  /** @type {Record<string, string>} */
  fields: {
    first_name: "Vorname", last_name: "Nachname", email: "E-Mail", phone: "Telefon", street: "Straße",
    postal_code: "PLZ", city: "Ort", birth_date: "Geburtsdatum", groups: "Gruppen", note: "Notiz",
  },
  ignored: "wird ignoriert",
  /**
   * @param {number} accepted
   * @param {number} rejected
   */
  summary: (accepted, rejected) => {
    const rows = accepted === 1 ? "1 Kunde wird" : `${accepted} Kunden werden`;
    return rejected ? `${rows} übernommen, ${rejected} ${rejected === 1 ? "Zeile" : "Zeilen"} nicht.` : `${rows} übernommen.`;
  },
  /**
   * @param {number} shown
   * @param {number} accepted
   */
  previewNote: (shown, accepted) => (shown < accepted ? `Die ersten ${shown} von ${accepted}:` : ""),
  /** @param {number} n */
  line: (n) => `Zeile ${n}`,
  /** @param {number} n */
  confirm: (n) => (n === 1 ? "1 Kunden importieren" : `${n} Kunden importieren`),
  /**
   * @param {number} n
   * @param {number} rejected
   */
  done: (n, rejected) => `${n === 1 ? "1 Kunde" : `${n} Kunden`} importiert${rejected ? `, ${rejected} ${rejected === 1 ? "Zeile" : "Zeilen"} übersprungen` : ""}.`,
  close: "Schließen",
  cancel: "Abbrechen",
  reading: "Datei wird geprüft …",
  tooLarge: "Die Datei ist größer als 5 MB. Bitte teilen Sie sie auf.",
};

/** @type {typeof DE} */
const EN = {
  fields: {
    first_name: "First name", last_name: "Last name", email: "Email", phone: "Phone", street: "Street",
    postal_code: "Postcode", city: "City", birth_date: "Date of birth", groups: "Groups", note: "Note",
  },
  ignored: "ignored",
  summary: (accepted, rejected) => {
    const rows = accepted === 1 ? "1 customer" : `${accepted} customers`;
    return rejected ? `${rows} will be imported, ${rejected} ${rejected === 1 ? "row" : "rows"} won't.` : `${rows} will be imported.`;
  },
  previewNote: (shown, accepted) => (shown < accepted ? `The first ${shown} of ${accepted}:` : ""),
  line: (n) => `Line ${n}`,
  confirm: (n) => (n === 1 ? "Import 1 customer" : `Import ${n} customers`),
  done: (n, rejected) => `${n === 1 ? "1 customer" : `${n} customers`} imported${rejected ? `, ${rejected} ${rejected === 1 ? "row" : "rows"} skipped` : ""}.`,
  close: "Close",
  cancel: "Cancel",
  reading: "Checking the file …",
  tooLarge: "The file is larger than 5 MB. Please split it.",
};

const TEXT = pick({ de: DE, en: EN });
/** The server refuses larger uploads; saying so before sending spares a long upload. */
const MOST_BYTES = 5 * 1024 * 1024;
/** The preview's columns: a person's name first, then how to reach them. */
const PREVIEW = ["first_name", "last_name", "email", "phone", "street", "postal_code", "city", "birth_date", "groups", "note"];

export class ImportDialog {
  /**
   * `onImported(n)` runs after an import with the number of customers added.
   * @param {{onImported: (n: number) => void}} options
   */
  constructor({ onImported }) {
    this.dialog = byId("import-dialog", HTMLDialogElement);
    this.input = byId("import-file", HTMLInputElement);
    this.confirm = byId("import-confirm", HTMLButtonElement);
    this.onImported = onImported;
    /** @type {File | null} the file of the trial run, imported on confirmation */
    this.file = null;
    closable(this.dialog);
    this.input.addEventListener("change", () => this.check());
    byId("import-other").addEventListener("click", () => this.reset());
    this.confirm.addEventListener("click", () => this.run());
  }

  open() {
    this.reset();
    this.dialog.showModal();
  }

  /** Back to choosing a file. */
  reset() {
    this.file = null;
    this.input.value = "";
    byId("import-pick").hidden = false;
    byId("import-check").hidden = true;
    byId("import-done").hidden = true;
    byId("import-other").hidden = true;
    this.confirm.hidden = true;
    byId("import-close").textContent = TEXT.cancel;
    showError(byId("import-file-error"), "", this.input);
    showError(byId("import-error"), "");
    this.input.focus();
  }

  /** The trial run: what the file would give, without saving anything. */
  async check() {
    const file = this.input.files?.[0];
    if (!file) return;
    if (file.size > MOST_BYTES) {
      showError(byId("import-file-error"), TEXT.tooLarge, this.input);
      return;
    }
    showError(byId("import-file-error"), "", this.input);
    byId("import-summary").textContent = TEXT.reading;
    try {
      const { data } = await request("POST", "/api/v1/customers/import?dry_run=1", { body: file, csrf: true });
      this.file = file;
      this.showCheck(data);
    } catch (err) {
      showError(byId("import-file-error"), apiMessage(err), this.input);
    }
  }

  /** @param {Check} check */
  showCheck({ columns, preview, accepted, rejected }) {
    byId("import-pick").hidden = true;
    byId("import-check").hidden = false;
    byId("import-other").hidden = false;
    byId("import-summary").textContent = TEXT.summary(accepted, rejected.length);
    byId("import-columns").replaceChildren(...columns.map((c) => h("span", { class: `column-chip${c.field ? "" : " is-ignored"}` },
      h("strong", {}, c.header), " → ", c.field ? TEXT.fields[c.field] : TEXT.ignored)));
    this.showPreview(preview, accepted);
    byId("import-rejected-block").hidden = rejected.length === 0;
    byId("import-rejected").replaceChildren(...rejected.map((r) => h("li", { dataset: { line: r.line } },
      h("strong", {}, TEXT.line(r.line)), ": ", r.reason)));
    const confirm = this.confirm;
    confirm.hidden = accepted === 0;
    confirm.textContent = TEXT.confirm(accepted);
    (accepted ? confirm : byId("import-other")).focus();
  }

  /**
   * @param {PreviewRow[]} rows
   * @param {number} accepted
   */
  showPreview(rows, accepted) {
    const shown = PREVIEW.filter((field) => rows.some((row) => cell(row, field)));
    const table = byId("import-preview");
    table.hidden = rows.length === 0;
    byId("import-preview-title").hidden = rows.length === 0;
    table.replaceChildren(
      h("caption", {}, TEXT.previewNote(rows.length, accepted)),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"), shown.map((f) => h("th", { scope: "col" }, TEXT.fields[f])))),
      h("tbody", {}, rows.map((row) => h("tr", {},
        h("td", { class: "line-cell" }, String(row.line)), shown.map((f) => h("td", {}, cell(row, f)))))));
  }

  async run() {
    await whileBusy(this.confirm, async () => {
      try {
        /** @type {{data: {imported: number, rejected: Rejected[]}}} */
        const { data } = await request("POST", "/api/v1/customers/import", { body: this.file, csrf: true });
        byId("import-check").hidden = true;
        byId("import-other").hidden = true;
        this.confirm.hidden = true;
        byId("import-close").textContent = TEXT.close;
        const done = byId("import-done");
        done.textContent = TEXT.done(data.imported, data.rejected.length);
        done.hidden = false;
        byId("import-close").focus();
        this.onImported(data.imported);
      } catch (err) {
        showError(byId("import-error"), apiMessage(err));
      }
    });
  }
}

/**
 * A preview row's value for a column, as it will be saved.
 * @param {PreviewRow} row
 * @param {string} field
 * @returns {string}
 */
function cell(row, field) {
  if (field === "groups") return (row.groups || []).join(", ");
  const value = row[field];
  if (field === "birth_date") return typeof value === "string" && value ? plainDate(value) : "";
  return value ? String(value) : "";
}
