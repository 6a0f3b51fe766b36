// A person's round picture: their photo where there is one, else their initials on a tint. The
// name beside it says who it is, so the picture itself is decoration for screen readers.

import { h } from "./dom.js";

/**
 * "Lena Maier" → "LM", "Anna" → "A": the first letters of the first and the last word.
 * @param {string} name
 */
export function initials(name) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return "?";
  const first = Array.from(words[0])[0] || "";
  const last = words.length > 1 ? Array.from(words[words.length - 1])[0] || "" : "";
  return (first + last).toUpperCase();
}

/**
 * The round picture of a person named `name`, with the photo at `photoUrl` when given.
 * @param {string} name
 * @param {string | null | undefined} photoUrl
 * @param {number} [size]  Its width and height in CSS pixels.
 */
export function avatar(name, photoUrl, size = 44) {
  const style = { width: `${size}px`, height: `${size}px`, fontSize: `${Math.round(size * 0.38)}px` };
  return h("span", { class: `avatar${photoUrl ? " has-photo" : ""}`, style, "aria-hidden": "true" },
    photoUrl
      ? h("img", { src: photoUrl, alt: "", width: String(size), height: String(size), loading: "lazy" })
      : initials(name));
}
