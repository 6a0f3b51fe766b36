// Asking before something final, in the page's confirm dialog (`_confirm.html`): a title, what
// will happen, optionally a message to the customer, and the button that does it. The dialog
// stays open with the server's answer when the action fails, and closes when it succeeds.

import { ApiError } from "./api.js";
import { busy } from "./busy.js";
import { byId } from "./dom.js";
import { placeBeside } from "./dialog.js";
import { showError } from "./errors.js";

/**
 * @typedef {object} Question
 * @property {string} title
 * @property {string | string[] | Node} text  A paragraph, several, or a node of its own.
 * @property {string} ok  The confirming button's label.
 * @property {boolean} [danger]  The button looks destructive.
 * @property {boolean} [withMessage]  Offers an optional message to the customer.
 * @property {boolean} [withNotify]  Offers to leave the customer's mail out (ticked: they are told).
 * @property {import("./dialog.js").Point | null} [point]  Stands beside this point, not centred.
 * @property {(message: string, notify: boolean) => Promise<unknown> | unknown} act  Runs on the
 *   confirming button, with the message and whether the customer is to be told.
 * @property {() => void} [onCancel]  Runs when the person closes the dialog without acting.
 */

/** @param {Question} question */
export function confirmAction({ title, text, ok, danger = false, withMessage = false, withNotify = false, point, act, onCancel }) {
  const dialog = byId("confirm-dialog", HTMLDialogElement);
  const okButton = byId("confirm-ok", HTMLButtonElement);
  const cancel = byId("confirm-cancel", HTMLButtonElement);
  const error = byId("confirm-error");
  const messageField = document.getElementById("confirm-message-field");
  const message = /** @type {HTMLTextAreaElement | null} */ (document.getElementById("confirm-message"));
  byId("confirm-title").textContent = title;
  const body = typeof text === "string" || Array.isArray(text)
    ? [text].flat().map((line) => Object.assign(document.createElement("p"), { textContent: line }))
    : [text];
  byId("confirm-text").replaceChildren(...body);
  if (messageField && message) {
    messageField.hidden = !withMessage;
    message.value = "";
  }
  const notifyField = document.getElementById("confirm-notify-field");
  const notify = /** @type {HTMLInputElement | null} */ (document.getElementById("confirm-notify"));
  if (notifyField && notify) {
    notifyField.hidden = !withNotify;
    notify.checked = true;
  }
  okButton.textContent = ok;
  okButton.className = danger ? "btn btn-danger-solid" : "btn btn-primary";
  busy(okButton, false);
  showError(error, "");
  let acted = false;
  okButton.onclick = async () => {
    busy(okButton, true);
    try {
      await act(withMessage && message ? message.value.trim() : "", !(withNotify && notify && !notify.checked));
      acted = true;
      dialog.close();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showError(error, err.message);
    } finally {
      busy(okButton, false);
    }
  };
  cancel.onclick = () => dialog.close();
  dialog.onclose = () => {
    dialog.onclose = null;
    if (!acted && onCancel) onCancel();
  };
  dialog.showModal();
  if (point !== undefined) placeBeside(dialog, point);
  (withMessage ? okButton : cancel).focus();
}
