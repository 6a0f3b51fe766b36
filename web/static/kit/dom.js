// Building and finding elements: `h` for new nodes, `byId` for the template's own, `bootData` for
// the JSON a template hands over, and `debounce` for input that comes in bursts.

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @typedef {Record<string, unknown>} Attrs
 */

/**
 * Builds an element: h("div", {class: "x", onclick: fn}, "text", child, …).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style" && typeof value === "object") Object.assign(el.style, value);
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    } else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * The template's element with this id, of the kind given (HTMLElement by default); a missing one
 * is a mistake in the page, reported at once rather than as a null later.
 * @template {HTMLElement} [E=HTMLElement]
 * @param {string} id
 * @param {{new (): E, prototype: E}} [kind]
 * @returns {E}
 */
export function byId(id, kind) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is not on this page`);
  if (kind && !(el instanceof kind)) throw new Error(`#${id} is not a ${kind.name}`);
  return /** @type {E} */ (el);
}

/**
 * The element matching `selector` inside `root`, of the kind given; missing is a mistake.
 * @template {Element} [E=HTMLElement]
 * @param {ParentNode} root
 * @param {string} selector
 * @param {{new (): E, prototype: E}} [kind]
 * @returns {E}
 */
export function find(root, selector, kind) {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`${selector} is not on this page`);
  if (kind && !(el instanceof kind)) throw new Error(`${selector} is not a ${kind.name}`);
  return /** @type {E} */ (el);
}

/**
 * Reads the JSON that a template rendered into <script type="application/json" id="…">.
 * @param {string} [id]
 * @returns {any}
 */
export function bootData(id = "boot") {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent || "{}") : {};
}

/**
 * `fn` once the calls have paused for `ms`; `cancel()` drops a call still waiting.
 * @template {unknown[]} A
 * @param {(...args: A) => void} fn
 * @param {number} ms
 * @returns {((...args: A) => void) & {cancel: () => void}}
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @param {A} args */
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}
