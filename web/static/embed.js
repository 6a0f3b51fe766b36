// Loaded by a business's own website beside the booking page's iframe (the code from the settings):
// each booking frame on the page grows and shrinks with its content. A plain script, not a module,
// so that any website can load it with `<script src=".../static/embed.js" async></script>`; its
// address never changes, because it lives on in code pasted into other people's websites.
//
// Only a message from a frame of this product's booking page may change a height: it must come from
// this script's own origin, from the very window of one of the page's iframes whose address is on
// that origin, and carry a height and nothing else of use. Another site's frame, the host page itself
// or a frame that merely claims to be ours changes nothing.

(() => {
  const HEIGHT = "termine:height";
  const ASK = "termine:ask-height";
  // Sane bounds: the booking page is never shorter than its header, and a height beyond this is a
  // mistake or a prank rather than a page.
  const LOWEST = 200;
  const HIGHEST = 20000;

  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || !script.src) return;
  const product = new URL(script.src).origin;

  /**
   * Whether the iframe shows a page of this product (by its address, whatever it shows now).
   * @param {HTMLIFrameElement} frame
   */
  function ours(frame) {
    try {
      return new URL(frame.src, document.baseURI).origin === product;
    } catch {
      return false;
    }
  }

  /**
   * The height a message asks for, within bounds; null for anything that is not such a message.
   * @param {unknown} data
   */
  function heightOf(data) {
    if (typeof data !== "object" || data === null) return null;
    const { type, height } = /** @type {{ type?: unknown, height?: unknown }} */ (data);
    if (type !== HEIGHT || typeof height !== "number" || !Number.isFinite(height)) return null;
    return Math.min(HIGHEST, Math.max(LOWEST, Math.ceil(height)));
  }

  window.addEventListener("message", (event) => {
    if (event.origin !== product || event.source === null) return;
    const height = heightOf(event.data);
    if (height === null) return;
    for (const frame of document.querySelectorAll("iframe")) {
      if (frame.contentWindow === event.source && ours(frame)) {
        frame.style.minHeight = "0";
        frame.style.height = `${height}px`;
        return;
      }
    }
  });

  // A frame that loaded before this script told its height to nobody: ask each for it again.
  for (const frame of document.querySelectorAll("iframe")) {
    if (ours(frame)) frame.contentWindow?.postMessage({ type: ASK }, product);
  }
})();
