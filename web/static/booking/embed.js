// The booking page inside another site's iframe: it tells the parent page its height, so the
// frame grows with each step rather than scrolling inside.

/** Marks the page as embedded and reports its height whenever it changes. */
export function reportHeightWhenEmbedded() {
  if (window.parent === window) return;
  document.documentElement.classList.add("is-embedded");
  new ResizeObserver(reportHeight).observe(document.body);
}

function reportHeight() {
  const height = Math.ceil(document.documentElement.scrollHeight);
  window.parent.postMessage({ type: "termine:height", height }, "*");
}
