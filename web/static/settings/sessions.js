// "Angemeldete Geräte": the person's sessions, newest first, this one marked. Any other can be
// ended on its own, or all of them at once ("Überall sonst abmelden"); both ask first.

import { staffApi } from "../kit/api.js";
import { confirmAction } from "../kit/confirm.js";
import { bootData, byId, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t, tn } from "../kit/i18n.js";
import { formatters } from "../kit/time.js";
import { toast } from "../kit/toast.js";
import { deviceName } from "./device.js";

/** @typedef {{id: string, started_at: string, device: string, current: boolean}} Session */

const list = byId("session-list");
const errorBox = byId("sessions-error");
const endOthers = byId("end-other-sessions", HTMLButtonElement);
const format = formatters(bootData().business.timezone);

/** @param {string} iso */
const started = (iso) => {
  const at = new Date(iso);
  return t("Angemeldet seit {day}, {time}", { day: format.day(at), time: format.time(at) });
};

/** @param {Session} session */
function row(session) {
  const name = deviceName(session.device);
  return h(
    "li",
    { class: session.current ? "session is-current" : "session", dataset: { sessionId: session.id } },
    h(
      "div",
      { class: "session-text" },
      h("span", { class: "session-device", title: session.device || null }, name),
      session.current && h("span", { class: "badge" }, t("Dieses Gerät")),
      h("span", { class: "session-start" }, started(session.started_at)),
    ),
    !session.current &&
      h(
        "button",
        {
          class: "btn btn-danger",
          type: "button",
          "aria-label": t("{device} abmelden", { device: name }),
          onclick: () => askToEnd(session, name),
        },
        t("Abmelden"),
      ),
  );
}

/**
 * @param {Session} session
 * @param {string} name
 */
function askToEnd(session, name) {
  confirmAction({
    title: t("Gerät abmelden?"),
    text: t("{device} ({started}) wird abgemeldet und muss sich neu anmelden.", {
      device: name,
      started: started(session.started_at),
    }),
    ok: t("Abmelden"),
    danger: true,
    act: async () => {
      await staffApi("DELETE", `/api/v1/sessions/${encodeURIComponent(session.id)}`);
      toast(t("Das Gerät ist abgemeldet."));
      await load();
      // Once the dialog has closed: inside it, the page behind cannot take the focus.
      setTimeout(keepFocusInList);
    },
  });
}

/** The ended device's button is gone: the keyboard goes on to the next other one, or the list. */
function keepFocusInList() {
  const next = list.querySelector("button");
  if (next instanceof HTMLButtonElement) next.focus();
  else list.focus();
}

function askToEndOthers() {
  confirmAction({
    title: t("Überall sonst abmelden?"),
    text: t("Alle anderen Geräte werden abgemeldet. Auf diesem bleiben Sie angemeldet."),
    ok: t("Überall sonst abmelden"),
    danger: true,
    act: async () => {
      const { ended } = await staffApi("POST", "/api/v1/sessions/end-others");
      toast(tn("{n} Gerät abgemeldet.", "{n} Geräte abgemeldet.", ended, { n: ended }));
      await load();
      setTimeout(() => list.focus());
    },
  });
}

/** Shows the sessions as the server has them now. */
async function load() {
  list.setAttribute("aria-busy", "true");
  try {
    /** @type {{sessions: Session[]}} */
    const { sessions } = await staffApi("GET", "/api/v1/sessions");
    list.replaceChildren(...sessions.map(row));
    endOthers.hidden = !sessions.some((session) => !session.current);
    showError(errorBox, "");
  } catch (err) {
    showError(errorBox, apiMessage(err));
  } finally {
    list.setAttribute("aria-busy", "false");
  }
}

export function startSessions() {
  endOthers.addEventListener("click", askToEndOthers);
  void load();
}
