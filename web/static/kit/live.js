// The live connection: Socket.IO to the business's room, the staff's (the session cookie signs
// in) or the booking page's (`auth: {slug}`). Events sent while the connection was lost are gone,
// so `onBack()` reloads what the page shows once it is back; staff pages say so in their banner.
// The server also closes a person's connections when their rights or own calendar change: back
// again, a staff page that was made for other rights loads afresh, so its controls follow.

import { io } from "socket.io-client";
import { staffApi } from "./api.js";
import { bootData } from "./dom.js";
import { t } from "./i18n.js";


/**
 * @typedef {object} LiveOptions
 * @property {Record<string, (payload: any) => void>} events  A handler per event name.
 * @property {() => void} [onBack]  Runs when the connection is back after a loss.
 * @property {{slug: string}} [auth]  The booking page's room; the staff room without.
 * @property {boolean} [banner]  Says a loss in the page's #connection-banner (staff pages).
 */

/**
 * @param {LiveOptions} options
 * @returns {import("socket.io-client").Socket}
 */
export function connectLive({ events, onBack, auth, banner = !auth }) {
  const socket = io({ path: "/socket.io/", transports: ["websocket", "polling"], auth });
  let lost = false;
  socket.on("connect", () => {
    if (banner) hideBanner();
    if (lost) {
      lost = false;
      if (auth) {
        if (onBack) onBack();
      } else {
        catchUp(onBack);
      }
    }
  });
  socket.on("disconnect", (reason) => {
    lost = true;
    if (banner) showBanner(t("Verbindung unterbrochen – wird wiederhergestellt…"));
    // The server asks pages to reconnect and catch up after it lost events (Redis was away).
    if (reason === "io server disconnect") socket.connect();
  });
  socket.on("connect_error", () => {
    lost = true;
    if (!banner) return;
    // Not active: the server refused the connection itself, so the session is over.
    if (socket.active) showBanner(t("Verbindung unterbrochen – wird wiederhergestellt…"));
    else showBanner(t("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich neu an."), ["/login", t("Zur Anmeldung")]);
  });
  // Back on the network: connect now rather than after what is left of the retry back-off.
  window.addEventListener("online", () => {
    if (!socket.connected && socket.active) socket.disconnect().connect();
  });
  for (const [name, handler] of Object.entries(events)) socket.on(name, handler);
  return socket;
}

/**
 * A staff page back after a loss: if the person's rights or own calendar are no longer those the
 * page was made for, the page loads afresh; otherwise `onBack` loads what it missed.
 * @param {(() => void) | undefined} onBack
 */
async function catchUp(onBack) {
  /** @type {{rights?: string[], staff_id?: string | null} | undefined} */
  const shown = bootData().user;
  if (shown) {
    try {
      /** @type {{rights: string[], staff_id: string | null}} */
      const me = await staffApi("GET", "/api/v1/me");
      if (!sameAccess(shown, me)) {
        location.reload();
        return;
      }
    } catch {
      // Not answered: an ended session says so in the banner; otherwise the page carries on.
    }
  }
  if (onBack) onBack();
}

/**
 * @param {{rights?: string[], staff_id?: string | null}} shown
 * @param {{rights: string[], staff_id: string | null}} me
 */
function sameAccess(shown, me) {
  const words = (/** @type {string[]} */ rights) => [...rights].sort().join(",");
  return (shown.staff_id ?? null) === (me.staff_id ?? null) && words(shown.rights || []) === words(me.rights);
}

/**
 * Says `text` in the page's connection banner, with a link where there is something to do.
 * @param {string} text
 * @param {[string, string]} [link]  Its address and words.
 */
export function showBanner(text, link) {
  const banner = document.getElementById("connection-banner");
  const bannerText = document.getElementById("connection-text");
  if (!banner || !bannerText) return;
  bannerText.replaceChildren(text);
  if (link) {
    const a = document.createElement("a");
    a.href = link[0];
    a.textContent = link[1];
    bannerText.append(" ", a);
  }
  banner.classList.toggle("is-static", Boolean(link));
  banner.hidden = false;
}

/** Hides the banner, unless it says the connection is lost (that one goes when it is back). */
export function hideNotice() {
  const bannerText = document.getElementById("connection-text");
  if (bannerText && bannerText.textContent !== t("Verbindung unterbrochen – wird wiederhergestellt…")) hideBanner();
}

function hideBanner() {
  const banner = document.getElementById("connection-banner");
  if (banner) banner.hidden = true;
}
