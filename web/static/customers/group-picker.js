// Choosing a customer's groups: several of the business's groups, or a new one typed in place.
// The field lists the groups that match what is typed; Enter takes the highlighted one, or the
// typed name as a new group; Backspace in the empty field drops the last one.

import { h } from "../kit/dom.js";
import { t, tn } from "../kit/i18n.js";

/**
 * @typedef {import("./types.js").Group} Group
 * @typedef {{id?: string, name: string}} Chosen  A group of the record; without id, one to create.
 * @typedef {{group: Chosen, label: string, meta: string}} Option
 */

/**
 * A group name as the server compares it: without case, accents and extra spaces.
 * @param {string} text
 * @returns {string}
 */
export function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
}

export class GroupPicker {
  /**
   * `tokens` (ul), `input` (the combobox) and `list` (its listbox), as in _customer_form.html.
   * @param {{tokens: HTMLElement, input: HTMLInputElement, list: HTMLElement}} elements
   */
  constructor({ tokens, input, list }) {
    this.tokensEl = tokens;
    this.input = input;
    this.list = list;
    /** @type {Group[]} */
    this.all = [];
    /** @type {Chosen[]} */
    this.chosen = [];
    /** @type {Option[]} */
    this.options = [];
    this.active = -1;
    const box = /** @type {HTMLElement} */ (input.parentElement);
    input.addEventListener("input", () => this.open());
    input.addEventListener("focus", () => this.open());
    input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    input.addEventListener("keydown", (e) => this.onKey(e));
    box.addEventListener("click", (e) => {
      if (e.target === box || e.target === tokens) input.focus();
    });
  }

  /**
   * The business's groups.
   * @param {Group[]} groups
   */
  setGroups(groups) {
    this.all = groups;
    if (!this.list.hidden) this.open();
  }

  /**
   * The groups the customer is in.
   * @param {Chosen[]} groups
   */
  setChosen(groups) {
    this.chosen = groups.map((g) => ({ id: g.id, name: g.name }));
    this.input.value = "";
    this.renderTokens();
  }

  /**
   * What the API takes: an id for a group that exists, `{name}` for one to create.
   * @returns {(string | {name: string})[]}
   */
  value() {
    return this.chosen.map((g) => (g.id ? g.id : { name: g.name }));
  }

  renderTokens() {
    this.tokensEl.replaceChildren(...this.chosen.map((g, i) => h("li", { class: `group-token${g.id ? "" : " is-new"}` },
      h("span", {}, g.name),
      g.id ? null : h("span", { class: "token-new" }, t("neu")),
      h("button", {
        type: "button", class: "token-remove", "aria-label": t("Gruppe {name} entfernen", { name: g.name }),
        title: t("Gruppe {name} entfernen", { name: g.name }),
        onclick: () => this.remove(i),
      }, "×"))));
  }

  /** @param {number} index */
  remove(index) {
    this.chosen.splice(index, 1);
    this.renderTokens();
    this.input.focus();
  }

  /** @param {Chosen} group */
  add(group) {
    const key = fold(group.name);
    if (!this.chosen.some((g) => fold(g.name) === key)) this.chosen.push(group);
    this.input.value = "";
    this.renderTokens();
    this.open();
  }

  /** The typed name: the group of that name when there is one, else a new group. */
  addTyped() {
    const name = this.input.value.replace(/\s+/g, " ").trim();
    if (!name) return;
    const existing = this.all.find((g) => fold(g.name) === fold(name));
    this.add(existing ? { id: existing.id, name: existing.name } : { name });
  }

  open() {
    const typed = this.input.value.trim();
    const key = fold(typed);
    const taken = new Set(this.chosen.map((g) => fold(g.name)));
    const matches = this.all.filter((g) => !taken.has(fold(g.name)) && fold(g.name).includes(key));
    const exact = this.all.some((g) => fold(g.name) === key) || taken.has(key);
    this.options = matches.map((g) => ({ group: { id: g.id, name: g.name }, label: g.name, meta: tn("1 Kunde", "{n} Kunden", g.customers) }));
    if (typed && !exact) this.options.push({ group: { name: typed.replace(/\s+/g, " ") }, label: t("„{name}“ als neue Gruppe anlegen", { name: typed }), meta: "" });
    this.active = typed && this.options.length ? 0 : -1;
    this.renderOptions();
  }

  renderOptions() {
    const id = this.list.id;
    this.list.replaceChildren(...this.options.map((option, i) => h("li", {
      id: `${id}-${i}`, role: "option", class: `combo-option${option.group.id ? "" : " is-create"}`,
      "aria-selected": String(i === this.active),
      onmousedown: (/** @type {MouseEvent} */ e) => e.preventDefault(),
      onclick: () => this.add(option.group),
    }, h("span", { class: "combo-name" }, option.label), h("span", { class: "combo-meta" }, option.meta))));
    const shown = this.options.length > 0 && document.activeElement === this.input;
    this.list.hidden = !shown;
    this.input.setAttribute("aria-expanded", String(shown));
    if (this.active >= 0 && shown) this.input.setAttribute("aria-activedescendant", `${id}-${this.active}`);
    else this.input.removeAttribute("aria-activedescendant");
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  /** @param {number} step */
  move(step) {
    if (!this.options.length) return;
    this.active = (this.active + step + this.options.length) % this.options.length;
    this.renderOptions();
    document.getElementById(`${this.list.id}-${this.active}`)?.scrollIntoView({ block: "nearest" });
  }

  /** @param {KeyboardEvent} e */
  onKey(e) {
    const open = !this.list.hidden;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) this.open();
      this.move(e.key === "ArrowDown" ? 1 : -1);
    } else if ((e.key === "Enter" || e.key === ",") && (this.input.value.trim() || (open && this.active >= 0))) {
      // Enter takes a group here; only with nothing typed or chosen does it save the form.
      e.preventDefault();
      if (open && this.active >= 0) this.add(this.options[this.active].group);
      else this.addTyped();
    } else if (e.key === ",") {
      e.preventDefault();
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      e.stopPropagation();
      this.close();
    } else if (e.key === "Backspace" && !this.input.value && this.chosen.length) {
      this.remove(this.chosen.length - 1);
    }
  }
}
