// Importing customers from a CSV file: the server reads it once as a trial (which columns it
// recognised, the first rows as they would be saved, the rows it would reject and why), and only
// the confirmation imports the accepted rows.

import { request } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { closable } from "../kit/dialog.js";
import { byId, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { N_, t, tn } from "../kit/i18n.js";
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

/**
 * Each field's name in the column chips and the preview's head.
 * @type {Record<string, string>}
 */
const FIELDS = {
  first_name: N_("Vorname"), last_name: N_("Nachname"), email: N_("E-Mail"), phone: N_("Telefon"), street: N_("Straße"),
  postal_code: N_("PLZ"), city: N_("Ort"), birth_date: N_("Geburtsdatum"), groups: N_("Gruppen"), note: N_("Notiz"),
};
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
    byId("import-close").textContent = t("Abbrechen");
    showError(byId("import-file-error"), "", this.input);
    showError(byId("import-error"), "");
    this.input.focus();
  }

  /** The trial run: what the file would give, without saving anything. */
  async check() {
    const file = this.input.files?.[0];
    if (!file) return;
    if (file.size > MOST_BYTES) {
      showError(byId("import-file-error"), t("Die Datei ist größer als 5 MB. Bitte teilen Sie sie auf."), this.input);
      return;
    }
    showError(byId("import-file-error"), "", this.input);
    byId("import-summary").textContent = t("Datei wird geprüft …");
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
    byId("import-summary").textContent = summary(accepted, rejected.length);
    byId("import-columns").replaceChildren(...columns.map((c) => h("span", { class: `column-chip${c.field ? "" : " is-ignored"}` },
      h("strong", {}, c.header), " → ", c.field ? fieldName(c.field) : t("wird ignoriert"))));
    this.showPreview(preview, accepted);
    byId("import-rejected-block").hidden = rejected.length === 0;
    byId("import-rejected").replaceChildren(...rejected.map((r) => h("li", { dataset: { line: r.line } },
      h("strong", {}, t("Zeile {n}", { n: r.line })), ": ", r.reason)));
    const confirm = this.confirm;
    confirm.hidden = accepted === 0;
    confirm.textContent = tn("1 Kunden importieren", "{n} Kunden importieren", accepted);
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
      h("caption", {}, rows.length < accepted ? t("Die ersten {shown} von {accepted}:", { shown: rows.length, accepted }) : ""),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"), shown.map((f) => h("th", { scope: "col" }, fieldName(f))))),
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
        byId("import-close").textContent = t("Schließen");
        const done = byId("import-done");
        done.textContent = doneText(data.imported, data.rejected.length);
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
 * A field's name: "Nachname" for last_name.
 * @param {string} field
 * @returns {string}
 */
function fieldName(field) {
  return FIELDS[field] ? t(FIELDS[field]) : field;
}

/**
 * What the trial run found: how many customers come in, and how many rows do not.
 * @param {number} accepted
 * @param {number} rejected
 * @returns {string}
 */
function summary(accepted, rejected) {
  if (!rejected) return tn("1 Kunde wird übernommen.", "{n} Kunden werden übernommen.", accepted);
  const taken = tn("1 Kunde wird übernommen", "{n} Kunden werden übernommen", accepted);
  const rows = tn("1 Zeile", "{n} Zeilen", rejected);
  return t("{taken}, {rows} nicht.", { taken, rows });
}

/**
 * What the import did: the customers added, and the rows skipped.
 * @param {number} imported
 * @param {number} rejected
 * @returns {string}
 */
function doneText(imported, rejected) {
  if (!rejected) return tn("1 Kunde importiert.", "{n} Kunden importiert.", imported);
  const added = tn("1 Kunde importiert", "{n} Kunden importiert", imported);
  const skipped = tn("1 Zeile übersprungen", "{n} Zeilen übersprungen", rejected);
  return t("{imported}, {skipped}.", { imported: added, skipped });
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
