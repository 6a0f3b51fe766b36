// The dialog that creates a customer or edits one: names, contact, address, birth date, groups
// (chosen or created in place) and a note. The server's error shows next to its field, and the
// form keeps everything typed until it is saved.

import { staffApi } from "../kit/api.js";
import { pick } from "../kit/lang.js";
import { fullName } from "./names.js";
import { busy } from "../kit/busy.js";
import { closable } from "../kit/dialog.js";
import { apiMessage, showError } from "../kit/errors.js";
import { GroupPicker } from "./group-picker.js";
import { todayIn } from "../kit/time.js";

const DE = {
  newTitle: "Neuer Kunde",
  editTitle: (name) => `${name} bearbeiten`,
  nameMissing: "Bitte geben Sie einen Vor- oder einen Nachnamen an.",
};

const EN = {
  newTitle: "New customer",
  editTitle: (name) => `Edit ${name}`,
  nameMissing: "Please enter a first or a last name.",
};

const TEXT = pick({ de: DE, en: EN });

const FIELDS = ["first_name", "last_name", "email", "phone", "street", "postal_code", "city", "birth_date", "note"];
/** Errors about a group name come with field "name"; they belong to the groups field here. */
const ERROR_FIELD = { name: "groups", group_ids: "groups" };

const $ = (id) => document.getElementById(id);

export class CustomerForm {
  /** `onSaved(customerId, {created})` runs after a save; `timezone` dates "today" for the birth date. */
  constructor({ onSaved, timezone }) {
    this.dialog = $("customer-dialog");
    this.form = $("customer-form");
    this.save = $("cf-save");
    this.onSaved = onSaved;
    this.timezone = timezone;
    this.editing = null;
    this.groups = new GroupPicker({ tokens: $("cf-group-tokens"), input: $("cf-group-input"), list: $("cf-group-list") });
    // A stray click beside a long form must not throw away what was typed.
    closable(this.dialog, { backdrop: false });
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
    for (const name of FIELDS) {
      this.control(name).addEventListener("input", () => this.clearError(name));
    }
  }

  control(name) {
    return name === "groups" ? $("cf-group-input") : this.form.elements[name];
  }

  /** An empty form; `values` fills some fields (e.g. the name typed into the search). */
  async openNew(values = {}) {
    this.editing = null;
    $("cf-title").textContent = TEXT.newTitle;
    this.fill({ groups: [], ...values });
    await this.show();
  }

  /** The form filled with the record `C`, saved with PATCH. */
  async openEdit(customer) {
    this.editing = customer;
    $("cf-title").textContent = TEXT.editTitle(fullName(customer));
    this.fill(customer);
    await this.show();
  }

  fill(values) {
    for (const name of FIELDS) this.control(name).value = values[name] || "";
    this.groups.setChosen(values.groups || []);
    this.clearErrors();
  }

  async show() {
    this.form.elements.birth_date.max = todayIn(this.timezone);
    this.dialog.showModal();
    this.control("first_name").focus();
    await this.loadGroups();
  }

  async loadGroups() {
    try {
      this.groups.setGroups((await staffApi("GET", "/api/v1/customer-groups")).groups);
    } catch (err) {
      showError($("cf-error"), apiMessage(err));
    }
  }

  /** The record's values as the API takes them; a group still being typed counts as chosen. */
  values() {
    this.groups.addTyped();
    const values = { groups: this.groups.value() };
    for (const name of FIELDS) values[name] = this.control(name).value.trim();
    values.birth_date = values.birth_date || null;
    return values;
  }

  async submit() {
    if (this.save.disabled) return;
    this.clearErrors();
    const values = this.values();
    if (!values.first_name && !values.last_name) {
      showError($("cf-first_name-error"), TEXT.nameMissing, this.control("first_name"));
      this.control("first_name").focus();
      return;
    }
    busy(this.save, true);
    try {
      const saved = this.editing
        ? await staffApi("PATCH", `/api/v1/customers/${this.editing.id}`, values)
        : await staffApi("POST", "/api/v1/customers", values);
      this.dialog.close();
      this.onSaved(saved.id, { created: !this.editing, name: fullName(values) });
    } catch (err) {
      this.showProblem(err);
    } finally {
      busy(this.save, false);
    }
  }

  /** The server's message next to the field it names, else above the buttons. */
  showProblem(err) {
    const message = apiMessage(err);
    const field = ERROR_FIELD[err.details.field] || err.details.field;
    if (err.status === 404) {
      // A group deleted meanwhile, or the record erased elsewhere: the message says which.
      showError($("cf-error"), message);
      this.loadGroups();
      return;
    }
    const errorEl = field && $(`cf-${field}-error`);
    if (!errorEl) {
      showError($("cf-error"), message);
      return;
    }
    showError(errorEl, message, this.control(field));
    this.control(field).focus();
  }

  clearError(name) {
    showError($(`cf-${name}-error`), "", this.control(name));
  }

  clearErrors() {
    for (const name of [...FIELDS, "groups"]) this.clearError(name);
    showError($("cf-error"), "");
  }
}
