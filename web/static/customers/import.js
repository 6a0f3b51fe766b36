// Importing customers from a CSV file: the server reads it once as a trial (which columns it
// recognised, the first rows as they would be saved, the rows it would reject and why), and only
// the confirmation imports the accepted rows.

import { request } from "../kit/api.js";
import { h } from "../kit/dom.js";
import { pick } from "../kit/lang.js";
import { plainDate } from "./names.js";
import { busy } from "../kit/busy.js";
import { closable } from "../kit/dialog.js";
import { apiMessage, showError } from "../kit/errors.js";

const DE = {
  fields: {
    first_name: "Vorname", last_name: "Nachname", email: "E-Mail", phone: "Telefon", street: "Straße",
    postal_code: "PLZ", city: "Ort", birth_date: "Geburtsdatum", groups: "Gruppen", note: "Notiz",
  },
  ignored: "wird ignoriert",
  summary: (accepted, rejected) => {
    const rows = accepted === 1 ? "1 Kunde wird" : `${accepted} Kunden werden`;
    return rejected ? `${rows} übernommen, ${rejected} ${rejected === 1 ? "Zeile" : "Zeilen"} nicht.` : `${rows} übernommen.`;
  },
  previewNote: (shown, accepted) => (shown < accepted ? `Die ersten ${shown} von ${accepted}:` : ""),
  line: (n) => `Zeile ${n}`,
  confirm: (n) => (n === 1 ? "1 Kunden importieren" : `${n} Kunden importieren`),
  done: (n, rejected) => `${n === 1 ? "1 Kunde" : `${n} Kunden`} importiert${rejected ? `, ${rejected} ${rejected === 1 ? "Zeile" : "Zeilen"} übersprungen` : ""}.`,
  close: "Schließen",
  cancel: "Abbrechen",
  reading: "Datei wird geprüft …",
  tooLarge: "Die Datei ist größer als 5 MB. Bitte teilen Sie sie auf.",
};

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
/** The preview's columns: a person's name first, then how to reach them. */
/** The server refuses larger uploads; saying so before sending spares a long upload. */
const MOST_BYTES = 5 * 1024 * 1024;
const PREVIEW = ["first_name", "last_name", "email", "phone", "street", "postal_code", "city", "birth_date", "groups", "note"];

const $ = (id) => document.getElementById(id);

export class ImportDialog {
  /** `onImported(n)` runs after an import with the number of customers added. */
  constructor({ onImported }) {
    this.dialog = $("import-dialog");
    this.onImported = onImported;
    this.file = null;
    closable(this.dialog);
    $("import-file").addEventListener("change", () => this.check());
    $("import-other").addEventListener("click", () => this.reset());
    $("import-confirm").addEventListener("click", () => this.run());
  }

  open() {
    this.reset();
    this.dialog.showModal();
  }

  /** Back to choosing a file. */
  reset() {
    this.file = null;
    $("import-file").value = "";
    $("import-pick").hidden = false;
    $("import-check").hidden = true;
    $("import-done").hidden = true;
    $("import-other").hidden = true;
    $("import-confirm").hidden = true;
    $("import-close").textContent = TEXT.cancel;
    showError($("import-file-error"), "", $("import-file"));
    showError($("import-error"), "");
    $("import-file").focus();
  }

  /** The trial run: what the file would give, without saving anything. */
  async check() {
    const file = $("import-file").files[0];
    if (!file) return;
    if (file.size > MOST_BYTES) {
      showError($("import-file-error"), TEXT.tooLarge, $("import-file"));
      return;
    }
    showError($("import-file-error"), "", $("import-file"));
    $("import-summary").textContent = TEXT.reading;
    try {
      const { data } = await request("POST", "/api/v1/customers/import?dry_run=1", { body: file, csrf: true });
      this.file = file;
      this.showCheck(data);
    } catch (err) {
      showError($("import-file-error"), apiMessage(err), $("import-file"));
    }
  }

  showCheck({ columns, preview, accepted, rejected }) {
    $("import-pick").hidden = true;
    $("import-check").hidden = false;
    $("import-other").hidden = false;
    $("import-summary").textContent = TEXT.summary(accepted, rejected.length);
    $("import-columns").replaceChildren(...columns.map((c) => h("span", { class: `column-chip${c.field ? "" : " is-ignored"}` },
      h("strong", {}, c.header), " → ", c.field ? TEXT.fields[c.field] : TEXT.ignored)));
    this.showPreview(preview, accepted);
    $("import-rejected-block").hidden = rejected.length === 0;
    $("import-rejected").replaceChildren(...rejected.map((r) => h("li", { dataset: { line: r.line } },
      h("strong", {}, TEXT.line(r.line)), ": ", r.reason)));
    const confirm = $("import-confirm");
    confirm.hidden = accepted === 0;
    confirm.textContent = TEXT.confirm(accepted);
    (accepted ? confirm : $("import-other")).focus();
  }

  showPreview(rows, accepted) {
    const shown = PREVIEW.filter((field) => rows.some((row) => cell(row, field)));
    const table = $("import-preview");
    table.hidden = rows.length === 0;
    $("import-preview-title").hidden = rows.length === 0;
    table.replaceChildren(
      h("caption", {}, TEXT.previewNote(rows.length, accepted)),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"), shown.map((f) => h("th", { scope: "col" }, TEXT.fields[f])))),
      h("tbody", {}, rows.map((row) => h("tr", {},
        h("td", { class: "line-cell" }, String(row.line)), shown.map((f) => h("td", {}, cell(row, f)))))));
  }

  async run() {
    const confirm = $("import-confirm");
    busy(confirm, true);
    try {
      const { data } = await request("POST", "/api/v1/customers/import", { body: this.file, csrf: true });
      $("import-check").hidden = true;
      $("import-other").hidden = true;
      confirm.hidden = true;
      $("import-close").textContent = TEXT.close;
      const done = $("import-done");
      done.textContent = TEXT.done(data.imported, data.rejected.length);
      done.hidden = false;
      $("import-close").focus();
      this.onImported(data.imported);
    } catch (err) {
      showError($("import-error"), apiMessage(err));
    } finally {
      busy(confirm, false);
    }
  }
}

/** A preview row's value for a column, as it will be saved. */
function cell(row, field) {
  const value = row[field];
  if (field === "groups") return (value || []).join(", ");
  if (field === "birth_date") return value ? plainDate(value) : "";
  return value || "";
}
