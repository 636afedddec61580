// The site's service worker: after the first visit the site opens and runs with the network
// off (a school network that drops or filters). scripts/offline.mjs writes the build's files
// and a version derived from their contents into this file.
//
// Online, every request goes to the network first, so a new build is what loads and builds
// never mix; offline (or when the network does not answer within 4 s) the files come from
// this build's cache. A new build is a new worker: it caches its own files, then deletes the
// caches of older builds when it takes over.
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = `maestro-bench-${VERSION}`;
const PATIENCE_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("maestro-bench-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function cached(request) {
  const cache = await caches.open(CACHE);
  // Queries do not name other files here: every address of the page (its query holds the run)
  // is the cached page, and `lessons.json?d=<digest>` is this build's lessons (a page of
  // another build refuses them by their digest, so builds still never mix silently).
  const hit = await cache.match(request, { ignoreSearch: true });
  return hit ?? (request.mode === "navigate" ? cache.match("./") : undefined);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const network = fetch(request);
      const late = new Promise((resolve) => setTimeout(resolve, PATIENCE_MS));
      try {
        const first = await Promise.race([network, late]);
        if (first) return first;
        return (await cached(request)) ?? (await network);
      } catch {
        return (await cached(request)) ?? Response.error();
      }
    })(),
  );
});
