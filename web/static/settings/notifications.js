// The settings page's "Benachrichtigungen": which mails the person receives (online bookings,
// requests, cancellations, the daily agenda) and, on this browser, notifications while the
// calendar is open. Mails come in the page's language, which is saved along with the choice.

import { ApiError, staffApi } from "../kit/api.js";
import { busy } from "../kit/busy.js";
import { byId } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";

/**
 * @typedef {{online_bookings: boolean, requests: boolean, cancellations: boolean,
 *   agenda_hour: number | null}} Choice
 */

/** @type {("online_bookings" | "requests" | "cancellations")[]} */
const MAILS = ["online_bookings", "requests", "cancellations"];
const BOXES = {
  online_bookings: byId("notify-online-bookings", HTMLInputElement),
  requests: byId("notify-requests", HTMLInputElement),
  cancellations: byId("notify-cancellations", HTMLInputElement),
};

/** @param {Choice} choice */
function show(choice) {
  for (const name of MAILS) BOXES[name].checked = choice[name];
  byId("notify-agenda", HTMLSelectElement).value = choice.agenda_hour === null ? "" : String(choice.agenda_hour);
}

/** @returns {Choice} */
function chosen() {
  const hour = byId("notify-agenda", HTMLSelectElement).value;
  return {
    online_bookings: BOXES.online_bookings.checked,
    requests: BOXES.requests.checked,
    cancellations: BOXES.cancellations.checked,
    agenda_hour: hour === "" ? null : Number(hour),
  };
}

/** What this browser lets the calendar show, and the button to ask when it has not been asked. */
function showBrowserState() {
  const state = byId("browser-notify-state");
  const button = byId("browser-notify", HTMLButtonElement);
  if (!("Notification" in window)) {
    state.textContent = t("Dieser Browser kann keine Benachrichtigungen anzeigen.");
    button.hidden = true;
    return;
  }
  const permission = Notification.permission;
  button.hidden = permission !== "default";
  state.textContent =
    permission === "granted"
      ? t("Dieser Browser zeigt neue Online-Buchungen und Anfragen an, solange der Kalender geöffnet ist.")
      : permission === "denied"
        ? t("Benachrichtigungen sind in diesem Browser blockiert. Sie können sie in den Website-Einstellungen des Browsers erlauben.")
        : t("Lassen Sie sich neue Online-Buchungen und Anfragen anzeigen, solange der Kalender geöffnet ist.");
}

export function startNotifications() {
  const form = byId("notifications-form", HTMLFormElement);
  const alertBox = byId("notifications-error");
  staffApi("GET", "/api/v1/me/notifications")
    .then((/** @type {Choice} */ choice) => {
      show(choice);
      form.setAttribute("aria-busy", "false");
    })
    .catch((err) => {
      if (!(err instanceof ApiError)) throw err;
      showError(alertBox, err.message);
    });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(alertBox, "");
    const button = byId("notifications-save", HTMLButtonElement);
    busy(button, true);
    try {
      show(await staffApi("PUT", "/api/v1/me/notifications", chosen()));
      toast(t("Benachrichtigungen gespeichert."));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showError(alertBox, err.message);
    } finally {
      busy(button, false);
    }
  });
  byId("browser-notify", HTMLButtonElement).addEventListener("click", async () => {
    await Notification.requestPermission();
    showBrowserState();
  });
  showBrowserState();
}
