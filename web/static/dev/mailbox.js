// Dev mailbox: makes links in the plain-text bodies clickable and reloads the list every 3 s.

import { byId } from "../kit/dom.js";

const REFRESH_MS = 3000;
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?]/g;

/**
 * Turns the addresses in the mail bodies under `root` into links, each body once.
 * @param {ParentNode} root
 */
function linkify(root) {
  for (const pre of root.querySelectorAll("pre.mail-body:not([data-linked])")) {
    if (!(pre instanceof HTMLElement)) continue;
    const text = pre.textContent || "";
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      frag.append(text.slice(last, match.index));
      const a = document.createElement("a");
      a.href = match[0];
      a.textContent = match[0];
      frag.append(a);
      last = match.index + match[0].length;
    }
    frag.append(text.slice(last));
    pre.replaceChildren(frag);
    pre.dataset.linked = "1";
  }
}

const list = byId("messages");
const count = byId("mailbox-count");
const auto = byId("mailbox-auto", HTMLInputElement);
let source = list.innerHTML;
linkify(list);

/**
 * The ids of the messages under `root`.
 * @param {ParentNode} root
 * @returns {(string | undefined)[]}
 */
function ids(root) {
  return [...root.querySelectorAll("[data-message-id]")].map((el) => (el instanceof HTMLElement ? el.dataset.messageId : undefined));
}

async function refresh() {
  if (!auto.checked || document.hidden) return;
  try {
    const response = await fetch(location.href, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) return;
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = doc.getElementById("messages");
    if (!fresh) return;
    const before = new Set(ids(list));
    // Statuses change as mail is sent, so compare the whole list, not only the ids.
    if (fresh.innerHTML === source) return;
    source = fresh.innerHTML;
    linkify(fresh);
    for (const el of fresh.querySelectorAll("[data-message-id]")) {
      if (el instanceof HTMLElement && before.size && !before.has(el.dataset.messageId)) el.classList.add("is-new");
    }
    list.replaceChildren(...fresh.childNodes);
    const freshCount = doc.getElementById("mailbox-count");
    if (freshCount) count.textContent = freshCount.textContent;
  } catch {
    // The server may be restarting; the next tick tries again.
  }
}

setInterval(refresh, REFRESH_MS);
