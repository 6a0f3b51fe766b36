// What the desk's customer pages share: the quiet toast after a save, errors next to their field,
// busy buttons, the dialog that asks before anything final, and the staff room's live events.

import { io } from "socket.io-client";
import { ApiError } from "./http.js";
import { locale, pick } from "./lang.js";

const DE = {
  disconnected: "Verbindung unterbrochen – wird wiederhergestellt…",
  sessionEnded: "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich neu an.",
};

const EN = {
  disconnected: "Connection lost – reconnecting…",
  sessionEnded: "Your session has ended. Please log in again.",
};

const TEXT = pick({ de: DE, en: EN });

const $ = (id) => document.getElementById(id);

let toastTimer = null;

/** The quiet confirmation at the bottom of the page. */
export function toast(text) {
  $("toast-text").textContent = text;
  $("toast").classList.add("is-visible");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => $("toast").classList.remove("is-visible"), 3200);
}

/** Shows `message` in the error element `el` (empty clears it) and marks `control` invalid. */
export function showError(el, message, control) {
  if (!el) return;
  el.textContent = message || "";
  if (el.classList.contains("alert")) el.hidden = !message;
  if (control) {
    if (message) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
  }
}

export function busy(button, on) {
  button.classList.toggle("is-busy", on);
  button.disabled = on;
}

/** Rethrows what is not an ApiError (a programming error must not pass for a server message). */
export function apiMessage(err) {
  if (!(err instanceof ApiError)) throw err;
  return err.message;
}

/** A modal <dialog> closes on its [data-close] buttons, and with `backdrop` on a click beside it. */
export function closable(dialog, { backdrop = true } = {}) {
  for (const button of dialog.querySelectorAll("[data-close]")) {
    button.addEventListener("click", () => dialog.close());
  }
  if (!backdrop) return;
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog) dialog.close();
  });
}

/**
 * Asks before something final. `act()` runs on the confirming button; the dialog stays open and
 * shows its message when it throws an ApiError. `text` is a node or a list of paragraphs.
 */
export function confirmAction({ title, text, ok, danger = false, act }) {
  const dialog = $("confirm-dialog");
  const okButton = $("confirm-ok");
  const error = $("confirm-error");
  $("confirm-title").textContent = title;
  const body = typeof text === "string" || Array.isArray(text)
    ? [text].flat().map((line) => Object.assign(document.createElement("p"), { textContent: line }))
    : [text];
  $("confirm-text").replaceChildren(...body);
  okButton.textContent = ok;
  okButton.className = danger ? "btn btn-danger-solid" : "btn btn-primary";
  okButton.disabled = false;
  showError(error, "");
  const run = async () => {
    busy(okButton, true);
    try {
      await act();
      dialog.close();
    } catch (err) {
      showError(error, apiMessage(err));
    } finally {
      busy(okButton, false);
    }
  };
  okButton.onclick = run;
  $("confirm-cancel").onclick = () => dialog.close();
  dialog.showModal();
  $("confirm-cancel").focus();
}

/**
 * Joins the business's staff room (the session cookie signs in, as in the calendar) and calls
 * `handlers[event](payload)`. Events sent while the connection was lost are gone, so `catchUp()`
 * reloads what the page shows once it is back.
 */
export function joinStaffRoom(handlers, catchUp) {
  const banner = $("connection-banner");
  const bannerText = $("connection-text");
  const socket = io({ path: "/socket.io/", transports: ["websocket", "polling"] });
  let lost = false;
  socket.on("connect", () => {
    banner.hidden = true;
    if (lost) {
      lost = false;
      catchUp();
    }
  });
  socket.on("disconnect", (reason) => {
    lost = true;
    bannerText.textContent = TEXT.disconnected;
    banner.hidden = false;
    if (reason === "io server disconnect") socket.connect();
  });
  socket.on("connect_error", () => {
    lost = true;
    bannerText.textContent = socket.active ? TEXT.disconnected : TEXT.sessionEnded;
    banner.hidden = false;
  });
  for (const [name, handler] of Object.entries(handlers)) socket.on(name, handler);
  return socket;
}

/** Tabs in the ARIA pattern: arrow keys move between them, and `onShow(tab)` follows a choice. */
export function tabs(list, onShow) {
  const all = [...list.querySelectorAll('[role="tab"]')];
  const show = (tab, focus = false) => {
    for (const other of all) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute("aria-controls")).hidden = !selected;
    }
    if (focus) tab.focus();
    onShow(tab);
  };
  for (const tab of all) {
    tab.addEventListener("click", () => show(tab));
    tab.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (e.key === "Home" || e.key === "End") {
        e.preventDefault();
        show(e.key === "Home" ? all[0] : all[all.length - 1], true);
      } else if (step) {
        e.preventDefault();
        show(all[(all.indexOf(tab) + step + all.length) % all.length], true);
      }
    });
  }
  return show;
}

/** "Anna Müller"; the record's own name, whichever part it has. */
export function fullName(c) {
  return `${c.first_name || ""} ${c.last_name || ""}`.trim();
}

const plainDates = new Intl.DateTimeFormat(locale(), {
  timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric",
});

/** "03.02.1980" for "1980-02-03": a date without a time, so no time zone can move it. */
export function plainDate(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return plainDates.format(new Date(Date.UTC(year, month - 1, day, 12)));
}
