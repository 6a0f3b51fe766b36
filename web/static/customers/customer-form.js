// The dialog that creates a customer or edits one: names, contact, address, birth date, groups
// (chosen or created in place) and a note. The server's error shows next to its field, and the
// form keeps everything typed until it is saved.

import { ApiError, staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { closable } from "../kit/dialog.js";
import { byId } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { todayIn } from "../kit/time.js";
import { GroupPicker } from "./group-picker.js";
import { fullName } from "./names.js";

/**
 * @typedef {import("./types.js").Customer} Customer
 * @typedef {"first_name" | "last_name" | "email" | "phone" | "street" | "postal_code" | "city" | "birth_date" | "note"} Field
 * @typedef {Partial<Pick<Customer, Field | "groups">>} Filling  What the form opens with.
 */

/**
 * The record's values as the API takes them.
 * @typedef {object} Values
 * @property {string} first_name
 * @property {string} last_name
 * @property {string} email
 * @property {string} phone
 * @property {string} street
 * @property {string} postal_code
 * @property {string} city
 * @property {string | null} birth_date
 * @property {string} note
 * @property {(string | {name: string})[]} groups  An existing group's id, or a new one's name.
 */

/** @type {Field[]} */
const FIELDS = ["first_name", "last_name", "email", "phone", "street", "postal_code", "city", "birth_date", "note"];
/** Errors about a group name come with field "name"; they belong to the groups field here. */
/** @type {Record<string, string>} */
const ERROR_FIELD = { name: "groups", group_ids: "groups" };

export class CustomerForm {
  /**
   * `onSaved(customerId, {created, name})` runs after a save; `timezone` dates "today" for the
   * birth date.
   * @param {object} options
   * @param {(id: string, saved: {created: boolean, name: string}) => void} options.onSaved
   * @param {string} options.timezone
   */
  constructor({ onSaved, timezone }) {
    this.dialog = byId("customer-dialog", HTMLDialogElement);
    this.form = byId("customer-form", HTMLFormElement);
    this.save = byId("cf-save", HTMLButtonElement);
    this.onSaved = onSaved;
    this.timezone = timezone;
    /** @type {Customer | null} */
    this.editing = null;
    this.groups = new GroupPicker({
      tokens: byId("cf-group-tokens"), input: byId("cf-group-input", HTMLInputElement), list: byId("cf-group-list"),
    });
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

  /**
   * The field's control: `cf-<field>`, the groups' combobox for "groups".
   * @param {string} name
   * @returns {HTMLInputElement | HTMLTextAreaElement}
   */
  control(name) {
    if (name === "groups") return byId("cf-group-input", HTMLInputElement);
    return name === "note" ? byId("cf-note", HTMLTextAreaElement) : byId(`cf-${name}`, HTMLInputElement);
  }

  /**
   * An empty form; `values` fills some fields (e.g. the name typed into the search).
   * @param {Filling} [values]
   */
  async openNew(values = {}) {
    this.editing = null;
    byId("cf-title").textContent = t("Neuer Kunde");
    this.fill({ groups: [], ...values });
    await this.show();
  }

  /**
   * The form filled with the record, saved with PATCH.
   * @param {Customer} customer
   */
  async openEdit(customer) {
    this.editing = customer;
    byId("cf-title").textContent = t("{name} bearbeiten", { name: fullName(customer) });
    this.fill(customer);
    await this.show();
  }

  /** @param {Filling} values */
  fill(values) {
    for (const name of FIELDS) this.control(name).value = values[name] || "";
    this.groups.setChosen(values.groups || []);
    this.clearErrors();
  }

  async show() {
    byId("cf-birth_date", HTMLInputElement).max = todayIn(this.timezone);
    this.dialog.showModal();
    this.control("first_name").focus();
    await this.loadGroups();
  }

  async loadGroups() {
    try {
      this.groups.setGroups((await staffApi("GET", "/api/v1/customer-groups")).groups);
    } catch (err) {
      showError(byId("cf-error"), apiMessage(err));
    }
  }

  /**
   * The record's values as the API takes them; a group still being typed counts as chosen.
   * @returns {Values}
   */
  values() {
    this.groups.addTyped();
    /** @param {Field} name */
    const text = (name) => this.control(name).value.trim();
    return {
      groups: this.groups.value(),
      first_name: text("first_name"),
      last_name: text("last_name"),
      email: text("email"),
      phone: text("phone"),
      street: text("street"),
      postal_code: text("postal_code"),
      city: text("city"),
      birth_date: text("birth_date") || null,
      note: text("note"),
    };
  }

  async submit() {
    if (this.save.disabled) return;
    this.clearErrors();
    const values = this.values();
    if (!values.first_name && !values.last_name) {
      showError(byId("cf-first_name-error"), t("Bitte geben Sie einen Vor- oder einen Nachnamen an."), this.control("first_name"));
      this.control("first_name").focus();
      return;
    }
    await whileBusy(this.save, async () => {
      try {
        /** @type {{id: string}} */
        const saved = this.editing
          ? await staffApi("PATCH", `/api/v1/customers/${this.editing.id}`, values)
          : await staffApi("POST", "/api/v1/customers", values);
        this.dialog.close();
        this.onSaved(saved.id, { created: !this.editing, name: fullName(values) });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        this.showProblem(err);
      }
    });
  }

  /**
   * The server's message next to the field it names, else above the buttons.
   * @param {ApiError} err
   */
  showProblem(err) {
    const { message, status, details: { field: named } } = err;
    const field = named && (ERROR_FIELD[named] || named);
    if (status === 404) {
      // A group deleted meanwhile, or the record erased elsewhere: the message says which.
      showError(byId("cf-error"), message);
      this.loadGroups();
      return;
    }
    const errorEl = field && document.getElementById(`cf-${field}-error`);
    if (!field || !errorEl) {
      showError(byId("cf-error"), message);
      return;
    }
    showError(errorEl, message, this.control(field));
    this.control(field).focus();
  }

  /** @param {string} name */
  clearError(name) {
    showError(byId(`cf-${name}-error`), "", this.control(name));
  }

  clearErrors() {
    for (const name of [...FIELDS, "groups"]) this.clearError(name);
    showError(byId("cf-error"), "");
  }
}
