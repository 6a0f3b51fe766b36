// Moving or cancelling an appointment of a series asks which: "Nur diesen Termin" or "Diesen und
// alle folgenden". The following ones move by the same time as this one, all or none; what is in
// the way is named and nothing moves.

import { ApiError, staffApi } from "../kit/api.js";
import { confirmAction } from "../kit/confirm.js";
import { h } from "../kit/dom.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { fmt } from "./setup.js";
import { wrote } from "./store.js";
import { isoOf } from "./zone.js";

/** @typedef {import("./setup.js").Appointment} Appointment */
/** @typedef {import("./drawing.js").Point} Point */

/**
 * The two choices as radio buttons named `name`, "only this one" chosen.
 * @param {string} name
 * @returns {{node: HTMLElement, following: () => boolean}}
 */
export function scopeChoice(name) {
  const one = h("input", { type: "radio", name, value: "one", checked: true });
  const following = h("input", { type: "radio", name, value: "following" });
  const node = h("fieldset", { class: "series-scope" },
    h("legend", {}, t("Dieser Termin gehört zu einer Serie.")),
    h("label", { class: "choice-radio" }, one, " ", h("span", {}, t("Nur diesen Termin"))),
    h("label", { class: "choice-radio" }, following, " ", h("span", {}, t("Diesen und alle folgenden"))));
  return { node, following: () => /** @type {HTMLInputElement} */ (following).checked };
}

/** What a refused series change names: each date in the way.
 * @param {unknown} err */
function conflictText(err) {
  if (!(err instanceof ApiError) || err.code !== "slot_taken") return null;
  const conflicts = /** @type {{start: string}[] | undefined} */ (err.details.conflicts);
  if (!conflicts || !conflicts.length) return null;
  const when = conflicts.map((c) => `${fmt.day(new Date(c.start))}, ${fmt.time(new Date(c.start))}`).join("; ");
  return t("Nichts wurde verschoben: belegt am {when}.", { when });
}

/**
 * Asks whether to move only `a` or the following ones of its series too, to `start` in its own
 * calendar; moves when confirmed and calls `revert` when the prompt is closed without moving.
 * @param {Appointment} a
 * @param {Date} start
 * @param {Point | null} point
 * @param {() => void} [revert]
 */
export function askToMoveInSeries(a, start, point, revert) {
  const scope = scopeChoice("move-scope");
  const whenText = `${fmt.day(start)}, ${fmt.time(start)}`;
  const text = h("div", {},
    h("p", {}, a.customer_name ? t("{name}: neu am {when}", { name: a.customer_name, when: whenText })
      : t("neu am {when}", { when: whenText })),
    scope.node);
  confirmAction({
    title: t("Termin verschieben?"),
    text,
    ok: t("Verschieben"),
    withMessage: true,
    withNotify: true,
    point,
    onCancel: revert,
    act: async (message, notify) => {
      const extra = { ...(message ? { message } : {}), ...(notify ? {} : { notify: false }) };
      if (!scope.following()) {
        /** @type {Appointment} */
        const updated = await staffApi("PATCH", `/api/v1/appointments/${a.id}`, { start: isoOf(start), ...extra });
        wrote(updated);
        toast(t("Termin verschoben auf {when}.", { when: whenText }));
        return;
      }
      try {
        /** @type {{appointments: Appointment[]}} */
        const moved = await staffApi("POST", `/api/v1/appointments/${a.id}/following/move`, { start: isoOf(start), ...extra });
        for (const m of moved.appointments) wrote(m);
        toast(t("{count} Termine der Serie verschoben.", { count: moved.appointments.length }));
      } catch (err) {
        const named = conflictText(err);
        if (named && err instanceof ApiError) throw new ApiError(409, { ...err.details, message: named });
        throw err;
      }
    },
  });
}

/**
 * Cancels `a` and the following ones of its series; the calendar shows the answer.
 * @param {Appointment} a
 * @param {string} message
 * @returns {Promise<number>} how many were cancelled
 */
export async function cancelFollowing(a, message) {
  /** @type {{appointments: Appointment[]}} */
  const done = await staffApi("POST", `/api/v1/appointments/${a.id}/following/cancel`,
    message ? { message } : {});
  for (const c of done.appointments) wrote(c);
  return done.appointments.length;
}
