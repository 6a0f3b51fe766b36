// Colours for appointments: service colours are chosen by the business, so the text colour is
// picked per background and the background darkened where no text colour would be readable.

/** @typedef {[number, number, number]} RGB  red, green and blue, 0–255 */

/** @type {CanvasRenderingContext2D | null} made at the first colour read */
let probe = null;

/**
 * [r, g, b] for any CSS colour; grey when it cannot be read.
 * @param {string | null | undefined} color
 * @returns {RGB}
 */
export function rgb(color) {
  probe ??= document.createElement("canvas").getContext("2d");
  if (!probe) return [100, 116, 139];
  probe.fillStyle = "#64748b";
  probe.fillStyle = color || "#64748b";
  const value = String(probe.fillStyle);
  if (value.startsWith("#")) {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16));
    return [r, g, b];
  }
  const [r, g, b] = (value.match(/[\d.]+/g) || ["100", "116", "139"]).map(Number);
  return [r, g, b];
}

/** @param {RGB} color */
function luminance([r, g, b]) {
  const lin = (/** @type {number} */ c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The WCAG contrast ratio of two colours (1 to 21).
 * @param {RGB} a
 * @param {RGB} b */
export function contrast(a, b) {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

/** @type {RGB} */
const WHITE = [255, 255, 255];
/** @type {RGB} */
const INK = [17, 24, 39];
/** @type {RGB} */
const BLACK = [0, 0, 0];

/** "#rrggbb".
 * @param {RGB} color */
export function hex([r, g, b]) {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** `a` with `weight` (0–1) of `b` mixed in.
 * @param {RGB} a
 * @param {RGB} b
 * @param {number} weight
 * @returns {RGB} */
export function mix(a, b, weight) {
  const at = (/** @type {0 | 1 | 2} */ i) => a[i] * (1 - weight) + b[i] * weight;
  return [at(0), at(1), at(2)];
}

/**
 * {background, text} for a solid event in `color` whose text passes WCAG AA (4.5:1): dark ink
 * on light colours, white on dark ones, and mid tones darkened just enough for white.
 * @param {string | null | undefined} color
 */
export function solid(color) {
  let bg = rgb(color);
  if (contrast(bg, INK) >= 4.5 && contrast(bg, INK) >= contrast(bg, WHITE)) {
    return { background: hex(bg), text: hex(INK) };
  }
  for (let i = 0; i < 20 && contrast(bg, WHITE) < 4.5; i += 1) bg = mix(bg, BLACK, 0.08);
  return { background: hex(bg), text: "#ffffff" };
}

/** A pale tint of the colour, for outlined (requested) events, and a border readable on it.
 * @param {string | null | undefined} color */
export function tint(color) {
  const base = rgb(color);
  let border = base;
  const background = mix(base, WHITE, 0.88);
  for (let i = 0; i < 20 && contrast(border, background) < 3; i += 1) {
    border = mix(border, BLACK, 0.1);
  }
  return { background: hex(background), border: hex(border), text: hex(INK) };
}
