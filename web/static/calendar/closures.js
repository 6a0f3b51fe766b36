// Closures (sickness, vacation, a pause) in the calendar: the ones it shows, kept in step by live
// events the way appointments are, and the card that says what, when and whose, and removes one.

import { ApiError, staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { closable, placeBeside } from "../kit/dialog.js";
import { byId, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { closureEvent, closureWhen, closureWho, CLOSURE_PREFIX, flash, kindName, row } from "./drawing.js";
import { calendar, isTimeGrid } from "./grid.js";

/** @typedef {import("./setup.js").Closure} Closure */
/** @typedef {import("./drawing.js").Point} Point */
/** @typedef {{at: number, c?: Closure, deleted?: string}} JournalEntry */

const OWN_WRITE_MS = 5000;
const JOURNAL_MS = 60000;

/** @type {Map<string, Closure>} closure id → closure, for what the calendar shows */
const closures = new Map();
/** @type {JournalEntry[]} live changes, replayed over a fetch that started before they arrived */
let journal = [];
/** @type {Map<string, number>} closure id → when this page wrote it (no highlight for its echo) */
const ownWrites = new Map();

/** Puts a closure into the calendar (again), e.g. after a live event.
 * @param {Closure} c
 * @param {{flash?: boolean}} [options] */
function upsert(c, { flash: highlight = false } = {}) {
  const id = String(c.id);
  if (highlight) flash(CLOSURE_PREFIX + id);
  closures.set(id, c);
  const grid = calendar();
  grid.removeEventById(CLOSURE_PREFIX + id);
  grid.addEvent(closureEvent(c));
}

/** @param {import("./setup.js").Id} id */
function remove(id) {
  closures.delete(String(id));
  calendar().removeEventById(CLOSURE_PREFIX + String(id));
  card.gone(String(id));
}

/** This page entered `c`: shown at once, and its live echo is not highlighted.
 * @param {Closure} c */
export function wroteClosure(c) {
  ownWrites.set(String(c.id), Date.now());
  upsert(c);
}

/** A live `closure.created`.
 * @param {Closure | undefined} c */
export function onClosureCreated(c) {
  if (!c || c.id === undefined) return;
  journal.push({ at: Date.now(), c });
  const mine = (ownWrites.get(String(c.id)) || 0) > Date.now() - OWN_WRITE_MS;
  upsert(c, { flash: !mine && !closures.has(String(c.id)) });
}

/** A live `closure.deleted`.
 * @param {{id?: import("./setup.js").Id} | undefined} payload */
export function onClosureDeleted(payload) {
  if (!payload || payload.id === undefined) return;
  journal.push({ at: Date.now(), deleted: String(payload.id) });
  remove(payload.id);
}

/**
 * Takes over the closures a fetch answered with (null when it failed: the known ones stay), with
 * the live changes since it `started` laid over them.
 * @param {Closure[] | null} fetched
 * @param {number} started
 */
export function closuresAfterFetch(fetched, started) {
  if (!fetched) return;
  const byId = new Map(fetched.map((c) => [String(c.id), c]));
  journal = journal.filter((entry) => entry.at > Date.now() - JOURNAL_MS);
  for (const entry of journal) {
    if (entry.at < started) continue;
    if (entry.deleted) byId.delete(entry.deleted);
    else if (entry.c) byId.set(String(entry.c.id), entry.c);
  }
  closures.clear();
  for (const [id, c] of byId) closures.set(id, c);
}

/** The calendar's events of the closures it shows. */
export function closureEvents() {
  return [...closures.values()].map(closureEvent);
}

/** After a switch between grid and list, closures change between background and rows. */
export function relayClosures() {
  const display = isTimeGrid() ? "background" : "auto";
  for (const c of closures.values()) {
    const event = calendar().getEventById(CLOSURE_PREFIX + String(c.id));
    if (!event || event.display !== display) upsert(c);
  }
}

/* ---------- the card: what, when, whose; remove ---------- */

const card = (() => {
  const dialog = byId("closure-details", HTMLDialogElement);
  const title = byId("cd-title");
  const list = byId("cd-list");
  const actions = byId("cd-actions");
  const error = byId("cd-error");
  const swatch = byId("cd-swatch");
  /** @type {Closure | null} */
  let current = null;
  /** @type {Point | null} */
  let point = null;

  closable(dialog, { onClose: () => { current = null; } });

  /** @param {Closure} c
   * @param {boolean} [confirming] */
  function render(c, confirming = false) {
    title.textContent = kindName(c.kind);
    swatch.className = `swatch closure-swatch closure-${c.kind}`;
    list.replaceChildren(
      ...row(t("Zeit"), closureWhen(c)),
      ...row(t("Kalender"), closureWho(c)),
      ...row(t("Notiz"), c.note),
    );
    showError(error, "");
    if (confirming) {
      const keep = h("button", { class: "btn", type: "button", id: "cd-keep", onclick: () => render(c) }, t("Behalten"));
      actions.replaceChildren(
        h("p", { class: "confirm-text", id: "cd-question" },
          t("Danach ist diese Zeit wieder frei und online buchbar, soweit die Öffnungszeiten es erlauben.")),
        h("div", { class: "popup-buttons" },
          keep,
          h("button", {
            class: "btn btn-danger-solid", type: "button", id: "cd-remove-confirm",
            "aria-describedby": "cd-question",
            onclick: (/** @type {MouseEvent} */ e) => removeIt(/** @type {HTMLButtonElement} */ (e.currentTarget), c),
          }, t("Entfernen"))));
      keep.focus();
      return;
    }
    actions.replaceChildren(h("div", { class: "popup-buttons" },
      h("button", {
        class: "btn btn-danger", type: "button", id: "cd-remove", onclick: () => render(c, true),
      }, t("Eintrag entfernen"))));
  }

  /** @param {HTMLButtonElement} button
   * @param {Closure} c */
  async function removeIt(button, c) {
    await whileBusy(button, async () => {
      try {
        await staffApi("DELETE", `/api/v1/closures/${encodeURIComponent(c.id)}`);
        dialog.close();
        remove(c.id);
        toast(t("{kind} entfernt.", { kind: kindName(c.kind) }));
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) {
          // Someone else removed it meanwhile: the result is the same.
          dialog.close();
          remove(c.id);
          return;
        }
        showError(error, apiMessage(err));
      }
    });
  }

  return {
    /** @param {Closure} c
     * @param {Point | null} at */
    open(c, at) {
      current = closures.get(String(c.id)) || c;
      point = at;
      render(current);
      if (!dialog.open) dialog.showModal();
      placeBeside(dialog, point);
      actions.querySelector("button")?.focus();
    },
    /** Closes the card when its closure was removed elsewhere.
     * @param {string} id */
    gone(id) {
      if (current && String(current.id) === id && dialog.open) dialog.close();
    },
  };
})();

/**
 * Opens the card of a closure (its newest version) beside `point`.
 * @param {Closure} c
 * @param {Point | null} point
 */
export function openClosureCard(c, point) {
  card.open(c, point);
}
