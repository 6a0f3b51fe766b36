// Finding a customer while typing: a combobox in the ARIA pattern, an input and a listbox of the
// customers whose name, e-mail or phone matches (the typed part marked in the name). ↓ and ↑ go
// through the list, Enter takes the one marked, Escape closes the list (a second Escape whatever
// the input is in), a click takes one. What a choice, or none, means is the page's to say.
//
// The markup: <input role="combobox" aria-autocomplete="list" aria-expanded="false"
// aria-controls="…-list"> and <ul id="…-list" role="listbox" hidden>; its options get the input's
// id with "-opt-N", and the classes combo-option, combo-name and combo-meta.

import { request } from "./api.js";
import { debounce, h } from "./dom.js";
import { t } from "./i18n.js";

const SEARCH_DELAY_MS = 200;
const MAX_RESULTS = 8;
const BLUR_CLOSE_MS = 120; // long enough for a click on an option to land first

/**
 * A customer as the search answers with them.
 * @typedef {object} Customer
 * @property {string | number} id
 * @property {string} first_name
 * @property {string} last_name
 * @property {string | null} [email]
 * @property {string | null} [phone]
 */

/**
 * @typedef {object} ComboboxOptions
 * @property {(failure?: string) => void} [onChange]  After the text, the choice or the list
 *   changed; `failure` says why no list came (the search is unreachable).
 * @property {() => void} [onEdit]  After the person typed or took a customer.
 * @property {number} [max]  How many customers the list shows at most.
 * @property {number} [delay]  The pause in typing (ms) before a search.
 */

/** The customer's name as the field shows it.
 * @param {Customer} c */
export function customerName(c) {
  return `${c.first_name} ${c.last_name}`;
}

/**
 * `text` with the first occurrence of `q` marked (<mark>), built from text nodes only.
 * @param {string} text
 * @param {string} q
 * @returns {string | DocumentFragment}
 */
export function highlight(text, q) {
  const at = text.toLowerCase().indexOf(q.toLowerCase());
  if (at < 0 || !q) return text;
  const frag = document.createDocumentFragment();
  frag.append(text.slice(0, at), h("mark", {}, text.slice(at, at + q.length)), text.slice(at + q.length));
  return frag;
}

export class CustomerCombobox {
  /**
   * @param {HTMLInputElement} input
   * @param {HTMLElement} list
   * @param {ComboboxOptions} [options]
   */
  constructor(input, list, { onChange = () => {}, onEdit = () => {}, max = MAX_RESULTS, delay = SEARCH_DELAY_MS } = {}) {
    this.input = input;
    this.list = list;
    this.onChange = onChange;
    this.onEdit = onEdit;
    this.max = max;
    /** @type {Customer | null} the customer taken from the list; null while the text is typed */
    this.customer = null;
    /** @type {Customer[]} */
    this.results = [];
    /** the option marked by ↓/↑, -1 for none */
    this.active = -1;
    /** @type {AbortController | null} */
    this.searchAbort = null;
    this.search = debounce((/** @type {string} */ q) => this.runSearch(q), delay);

    input.addEventListener("input", () => {
      this.customer = null;
      this.onEdit();
      const q = this.typed;
      this.onChange();
      if (q.length < 1) {
        this.close();
        this.search.cancel();
        return;
      }
      this.search(q);
    });
    input.addEventListener("keydown", (e) => this.onKey(e));
    input.addEventListener("blur", () => setTimeout(() => this.close(), BLUR_CLOSE_MS));
  }

  /** The text in the field, trimmed. */
  get typed() {
    return this.input.value.trim();
  }

  isOpen() {
    return !this.list.hidden;
  }

  /** Whether Enter now takes the marked customer (and must not, say, submit the form). */
  picking() {
    return this.isOpen() && this.active >= 0;
  }

  /** Forgets the choice and the list (the field's text is the form's to reset). */
  reset() {
    this.customer = null;
    this.close();
  }

  /** Drops a search waiting or under way, e.g. when the dialog closes. */
  stop() {
    this.search.cancel();
    this.searchAbort?.abort();
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  }

  /** @param {string} q */
  async runSearch(q) {
    this.searchAbort?.abort();
    const abort = new AbortController();
    this.searchAbort = abort;
    try {
      /** @type {{data: {customers?: Customer[]}}} */
      const { data } = await request("GET", `/api/v1/customers?q=${encodeURIComponent(q)}`, { signal: abort.signal });
      if (abort.signal.aborted || this.typed !== q) return;
      this.results = (data.customers || []).slice(0, this.max);
      this.render(q);
    } catch {
      // Aborted by a newer search (or the dialog closing); else unreachable or refused.
      if (abort.signal.aborted) return;
      this.results = [];
      this.render(q, t("Die Kundensuche ist gerade nicht erreichbar."));
    }
  }

  /**
   * @param {string} q
   * @param {string} [failure]
   */
  render(q, failure) {
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    if (!this.results.length) {
      this.close();
      this.onChange(failure);
      return;
    }
    this.list.replaceChildren(...this.results.map((c, i) => h("li", {
      id: `${this.input.id}-opt-${i}`,
      class: "combo-option",
      role: "option",
      "aria-selected": "false",
      dataset: { customerId: String(c.id) },
      onmousedown: (/** @type {MouseEvent} */ e) => {
        e.preventDefault(); // the field keeps the focus
        this.choose(i);
      },
    },
    h("span", { class: "combo-name" }, highlight(customerName(c), q)),
    h("span", { class: "combo-meta" }, [c.email, c.phone].filter(Boolean).join(" · ")))));
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.onChange();
  }

  /** @param {KeyboardEvent} e */
  onKey(e) {
    const open = this.isOpen() && this.results.length > 0;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!open) return;
      e.preventDefault();
      const n = this.results.length;
      this.active = e.key === "ArrowDown" ? (this.active + 1) % n : (this.active - 1 + n) % n;
      this.markActive();
    } else if (e.key === "Enter" && open && this.active >= 0) {
      e.preventDefault();
      this.choose(this.active);
    } else if (e.key === "Escape" && this.isOpen()) {
      // Escape first closes the suggestions, a second Escape the dialog.
      e.preventDefault();
      e.stopPropagation();
      this.close();
    }
  }

  markActive() {
    const options = this.list.querySelectorAll("[role=option]");
    options.forEach((el, i) => el.setAttribute("aria-selected", String(i === this.active)));
    const current = options[this.active];
    if (current) {
      this.input.setAttribute("aria-activedescendant", current.id);
      current.scrollIntoView({ block: "nearest" });
    }
  }

  /** @param {number} index */
  choose(index) {
    const c = this.results[index];
    if (!c) return;
    this.customer = c;
    this.input.value = customerName(c);
    this.close();
    this.onEdit();
    this.onChange();
  }
}
