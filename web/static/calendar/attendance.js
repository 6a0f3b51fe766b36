// Whether the customer came, on the appointment's card: once a booked appointment's start has come,
// "Erschienen" and "Nicht erschienen" note it (pressed shows which), and pressing it again takes it
// back. The calendar strikes a no-show through; the customer's record counts both.

import { staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { N_, t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";
import { wrote } from "./store.js";

/** @typedef {import("./setup.js").Appointment} Appointment */

/** @type {Record<string, string>} */
const NOTED = {
  attended: N_("Als erschienen vermerkt."),
  no_show: N_("Als nicht erschienen vermerkt."),
};

/** Whether the card offers to note attendance: a booked appointment whose start has come.
 * @param {Appointment} a
 * @param {Date} now */
export function attendable(a, now) {
  return a.status === "booked" && new Date(a.start).getTime() <= now.getTime();
}

/**
 * The card's attendance row: its label and the two buttons.
 * @param {Appointment} a
 * @param {HTMLElement} error  Where a refusal is said.
 * @returns {HTMLElement[]}
 */
export function attendanceRow(a, error) {
  /** @param {"attended" | "no_show"} value
   * @param {string} label */
  const button = (value, label) => {
    const pressed = a.attendance === value;
    return h("button", {
      class: "btn btn-small", type: "button", id: `ad-${value.replace("_", "-")}`,
      "aria-pressed": String(pressed),
      onclick: (/** @type {Event} */ e) => mark(/** @type {HTMLButtonElement} */ (e.currentTarget), a, pressed ? null : value, error),
    }, label);
  };
  return [h("dt", {}, t("Anwesenheit")),
    h("dd", { class: "attendance-buttons" }, button("attended", t("Erschienen")), button("no_show", t("Nicht erschienen")))];
}

/**
 * @param {HTMLButtonElement} button
 * @param {Appointment} a
 * @param {"attended" | "no_show" | null} value  null takes it back.
 * @param {HTMLElement} error
 */
async function mark(button, a, value, error) {
  await whileBusy(button, async () => {
    try {
      /** @type {Appointment} */
      const updated = await staffApi("PUT", `/api/v1/appointments/${encodeURIComponent(a.id)}/attendance`, { attendance: value });
      wrote(updated);
      toast(value ? t(NOTED[value]) : t("Anwesenheit zurückgesetzt."));
    } catch (err) {
      showError(error, apiMessage(err));
    }
  });
}
