/// <reference lib="webworker" />
/**
 * Balai's service worker (Workbox, injectManifest):
 * - the app shell (HTML, JS, CSS, icons) is precached, so after the first visit the app opens offline;
 * - every client route (/surat/…, /pasar/…, /konsol/…) is answered with the cached index.html;
 * - a navigation that can only work online (API pages such as /api/…/docs, a PDF opened in the tab)
 *   falls back to /offline.html when there is no network;
 * - API data is never cached here: the app keeps the resident's own data in IndexedDB on purpose;
 * - product photos are cached (stale-while-revalidate, bounded) to save data on slow links;
 * - a new version waits until the person presses "Muat ulang" (SKIP_WAITING message);
 * - Background Sync (where the browser has it) asks the open pages to send the offline queue.
 */
import { ExpirationPlugin } from "workbox-expiration";
import { cleanupOutdatedCaches, createHandlerBoundToURL, matchPrecache, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute, setCatchHandler } from "workbox-routing";
import { NetworkOnly, StaleWhileRevalidate } from "workbox-strategies";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(
  new NavigationRoute(createHandlerBoundToURL("/index.html"), {
    denylist: [/^\/api\//, /^\/healthz/, /^\/v\//],
  }),
);

// Online-only pages: the verification page /v/{code} and anything under /api opened as a page.
registerRoute(({ request, url }) => request.mode === "navigate" && (url.pathname.startsWith("/api/") || url.pathname.startsWith("/v/")), new NetworkOnly());

registerRoute(
  ({ url }) => url.pathname.startsWith("/api/marketplace/media/"),
  new StaleWhileRevalidate({
    cacheName: "balai-media",
    plugins: [new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 7 * 24 * 3600 })],
  }),
);

setCatchHandler(async ({ request }) => {
  if (request.destination === "document") {
    return (await matchPrecache("/offline.html")) ?? Response.error();
  }
  return Response.error();
});

self.addEventListener("message", (event) => {
  if ((event.data as { type?: string } | null)?.type === "SKIP_WAITING") void self.skipWaiting();
});

self.addEventListener("sync", (event: Event) => {
  const e = event as Event & { tag: string; waitUntil(p: Promise<unknown>): void };
  if (e.tag !== "balai-outbox") return;
  e.waitUntil(
    self.clients.matchAll({ type: "window" }).then((clients) => {
      for (const c of clients) c.postMessage({ type: "flush-outbox" });
    }),
  );
});
