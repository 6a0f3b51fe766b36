// On a phone: the list or the day (a week or month of columns needs a wider screen), and the
// business, the other pages, the language and log-out in a sheet from the top bar's menu.

import { closable } from "../kit/dialog.js";
import { byId } from "../kit/dom.js";

export const PHONE = window.matchMedia("(max-width: 640px)");

/** The top bar's menu button opens the sheet; closing it gives the button the focus back. */
export function setUpPhoneMenu() {
  const menu = byId("phone-menu", HTMLDialogElement);
  const button = byId("menu-button", HTMLButtonElement);
  closable(menu, { onClose: () => button.focus() });
  button.addEventListener("click", () => menu.showModal());
}

/**
 * Follows the screen across the phone's width: `view()` is the calendar's view now, `show(view)`
 * switches it.
 * @param {() => string} view
 * @param {(view: string) => void} show
 */
export function followPhoneLayout(view, show) {
  PHONE.addEventListener("change", () => {
    const type = view();
    if (PHONE.matches && type === "listWeek") show("listDay");
    if (PHONE.matches && (type === "resourceTimeGridWeek" || type === "dayGridMonth")) {
      show("resourceTimeGridDay");
    }
    if (!PHONE.matches && type === "listDay") show("listWeek");
  });
}
