// The desk's service worker. The calendar page and its files come from the network while the
// server answers, and from the cache the page filled (web/static/calendar/offline.js) when it does
// not, so that a reload without the server still shows the calendar. The log-in page empties that
// cache: whoever signs in next starts without the last person's page.

const SHELL = "desk-shell";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === "/login") {
    event.waitUntil(caches.delete(SHELL));
    return;
  }
  const page = url.pathname === "/calendar";
  if (!page && !url.pathname.startsWith("/static/")) return;
  event.respondWith(
    fetch(request).catch(async () => {
      const kept = await caches.match(request, { cacheName: SHELL, ignoreSearch: page });
      return kept || Response.error();
    }),
  );
});
