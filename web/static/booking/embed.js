// The booking page inside another site's iframe: it tells the parent page its height whenever it
// changes, so that a frame with our /static/embed.js beside it grows and shrinks with each step
// rather than scrolling inside. Without that script nobody listens, and the frame keeps the height
// the website gave it.

const HEIGHT = "termine:height";
const ASK = "termine:ask-height";

/** Marks the page as embedded and reports its height whenever it changes. */
export function reportHeightWhenEmbedded() {
  if (window.parent === window) return;
  document.documentElement.classList.add("is-embedded");
  const parentOrigin = embeddingOrigin();
  new ResizeObserver(() => tellHeight(parentOrigin)).observe(document.body);
  // The website's script asks once it has loaded, in case it missed what the page said before.
  window.addEventListener("message", (event) => {
    if (event.source === window.parent && event.data?.type === ASK && isWebOrigin(event.origin)) {
      tellHeight(event.origin);
    }
  });
}

/**
 * Where the height goes: the parent's origin where the browser names it (`location.ancestorOrigins`,
 * not in Firefox), else "*". `document.referrer` is no substitute: after a step inside the frame
 * (to the customer's account and back) it names this site, and a website may send no referrer at
 * all. "*" is safe here because the message carries nothing but the page's height, and only the
 * sites the business lists may frame this page at all (`frame-ancestors`), so the parent is one of them.
 */
function embeddingOrigin() {
  const named = location.ancestorOrigins?.[0];
  return named && isWebOrigin(named) ? named : "*";
}

/** @param {string} origin */
function isWebOrigin(origin) {
  return origin.startsWith("https://") || origin.startsWith("http://");
}

/**
 * The body's own height, not the document's scroll height: that one never falls below the frame's
 * height, so the frame could grow but never shrink.
 * @param {string} targetOrigin
 */
function tellHeight(targetOrigin) {
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  window.parent.postMessage({ type: HEIGHT, height }, targetOrigin);
}
