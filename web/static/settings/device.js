// A session's device in words a person recognises ("Firefox auf Windows") rather than the
// browser's whole self-description, which stays available as the title.

import { t } from "../kit/i18n.js";

/** Browsers, most specific first: Edge and Opera also call themselves Chrome, Chrome Safari. */
const BROWSERS = [
  ["Edg/", "Edge"],
  ["OPR/", "Opera"],
  ["Firefox/", "Firefox"],
  ["Chrome/", "Chrome"],
  ["Chromium/", "Chromium"],
  ["Safari/", "Safari"],
];

/** Systems, most specific first: an iPhone's browser also says "Mac OS X", Android says "Linux". */
const SYSTEMS = [
  ["iPhone", "iPhone"],
  ["iPad", "iPad"],
  ["Android", "Android"],
  ["Windows", "Windows"],
  ["Mac OS X", "macOS"],
  ["CrOS", "ChromeOS"],
  ["Linux", "Linux"],
];

/**
 * @param {string[][]} known
 * @param {string} said
 */
const named = (known, said) => known.find(([mark]) => said.includes(mark))?.[1];

/**
 * How a session's device reads in the list.
 * @param {string} device  The user agent that logged in, as it named itself.
 * @returns {string}
 */
export function deviceName(device) {
  const browser = named(BROWSERS, device);
  const system = named(SYSTEMS, device);
  if (browser && system) return t("{browser} auf {system}", { browser, system });
  if (browser || system) return String(browser || system);
  return device.trim() ? device.trim().slice(0, 60) : t("Unbekanntes Gerät");
}
