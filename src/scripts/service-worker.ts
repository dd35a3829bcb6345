// The site's service worker, bundled by src/build/offline-integration.ts into <base>sw.js with the
// build's file list (`__OFFLINE_BUILD__`). It keeps readers going on flaky Wi-Fi and offline:
// - at install it stores the shell (stylesheets, page-wide scripts, fonts, the search index, the
//   front page), and carries over what this reader had stored from the previous build when the
//   content hash is unchanged (one cache per build, so no file of two builds is ever mixed);
// - a file whose name carries its hash (`_astro/`, Pagefind's chunks) is served from the cache;
// - every other file (pages, models, digits) comes from the network first, so a new deploy shows at
//   once; the stored copy answers only when the network fails or stalls, and each answer refreshes it;
// - files a reader opens (a figure's models, digits, wasm) are stored as they pass; the front page's
//   "save for offline" button asks for all of them, with progress.
import { fileKey, isImmutable, type OfflineBuild, type OfflineEntry, type SaveProgress } from '../lib/offline-files.ts';

declare const __OFFLINE_BUILD__: OfflineBuild;

// The few service-worker types used here (the DOM library, which the rest of src is checked with,
// cannot be combined with the WebWorker one in a single program).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  data: unknown;
  ports: readonly MessagePort[];
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}
const scope = self as unknown as WorkerScope;

const build = __OFFLINE_BUILD__;
/** Caches are per origin, not per base path: two deployments on one server keep apart by base. */
const PREFIX = `highdim-aside:${build.base}:`;
const CACHE = PREFIX + build.version;
/** How long a page or model may keep the reader waiting before the stored copy answers instead. */
const PATIENCE_MS = 4000;
/** A response carries the content hash it was stored under, so the next build can tell if it changed. */
const REVISION_HEADER = 'x-offline-revision';

const files = new Map<string, OfflineEntry>(build.files.map((entry) => [entry[0], entry]));
const urlOf = (path: string) => new URL(build.base + path, scope.location.origin).href;

/** A copy of `response` fit for the cache, labelled with the file's revision in this build. */
function labelled(response: Response, revision: string): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-encoding');
  headers.delete('content-length');
  headers.set(REVISION_HEADER, revision);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function store(cache: Cache, entry: OfflineEntry, response: Response): Promise<void> {
  if (response.ok && response.type === 'basic') await cache.put(urlOf(entry[0]), labelled(response, entry[1]));
}

async function isStored(cache: Cache, entry: OfflineEntry): Promise<boolean> {
  const hit = await cache.match(urlOf(entry[0]));
  return hit?.headers.get(REVISION_HEADER) === entry[1];
}

/** Stores `entries` (skipping those already stored), four at a time, reporting each one done. */
async function fetchAll(
  cache: Cache,
  entries: OfflineEntry[],
  done: (entry: OfflineEntry, ok: boolean) => void = () => {},
): Promise<void> {
  const queue = [...entries];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      let ok = true;
      try {
        if (!(await isStored(cache, entry))) {
          const response = await fetch(urlOf(entry[0]), { cache: 'no-cache' });
          if (!response.ok) throw new Error(`${entry[0]}: HTTP ${response.status}`);
          await store(cache, entry, response);
        }
      } catch {
        ok = false;
      }
      done(entry, ok);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

async function installBuild(): Promise<void> {
  const cache = await caches.open(CACHE);
  const shell: OfflineEntry[] = [];
  const kept: OfflineEntry[] = [];
  // What this reader had stored from earlier builds: unchanged files are copied, changed ones fetched.
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      const key = fileKey(new URL(request.url).pathname, build.base);
      const entry = key === undefined ? undefined : files.get(key);
      if (!entry || entry[3] === 'shell') continue;
      const response = await old.match(request);
      if (response?.headers.get(REVISION_HEADER) === entry[1]) await cache.put(urlOf(entry[0]), response);
      else kept.push(entry);
    }
  }
  for (const entry of files.values()) if (entry[3] === 'shell') shell.push(entry);
  let failed = 0;
  await fetchAll(cache, shell, (_entry, ok) => (failed += ok ? 0 : 1));
  if (failed > 0) throw new Error(`service worker: ${failed} shell files could not be stored`);
  await fetchAll(cache, kept);
  await scope.skipWaiting();
}

scope.addEventListener('install', (event) => {
  event.waitUntil(
    installBuild().catch(async (error: unknown) => {
      // This build's worker is discarded and the old one stays: drop what it had stored, or the reader's
      // storage keeps a half-filled cache that no worker will ever use or delete.
      await caches.delete(CACHE);
      throw error;
    }),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      await scope.clients.claim();
    })(),
  );
});

async function cacheFirst(entry: OfflineEntry, request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(urlOf(entry[0]));
  if (hit) return hit;
  const response = await fetch(request);
  await store(cache, entry, response.clone());
  return response;
}

async function networkFirst(entry: OfflineEntry, request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (response) => {
    await store(cache, entry, response.clone());
    return response;
  });
  const stored = await cache.match(urlOf(entry[0]));
  if (!stored) return network;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const patience = new Promise<Response>((resolve) => (timer = setTimeout(() => resolve(stored), PATIENCE_MS)));
  return Promise.race([network.catch(() => stored), patience]).finally(() => clearTimeout(timer));
}

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin) return;
  const key = fileKey(url.pathname, build.base);
  const entry = key === undefined ? undefined : files.get(key);
  if (!entry) return;
  event.respondWith(isImmutable(entry[0]) ? cacheFirst(entry, request) : networkFirst(entry, request));
});

/** What the page may ask: how much is stored, to store everything, or to store what it already loaded. */
type Question = { type: 'status' } | { type: 'save-all' } | { type: 'keep'; urls: string[] };

scope.addEventListener('message', (event) => {
  const question = event.data as Question;
  const port = event.ports[0];
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      if (question.type === 'keep') {
        const wanted = question.urls
          .map((href) => new URL(href))
          .filter((url) => url.origin === scope.location.origin)
          .map((url) => files.get(fileKey(url.pathname, build.base) ?? ''))
          .filter((entry): entry is OfflineEntry => !!entry);
        await fetchAll(cache, wanted);
        return;
      }
      const all = [...files.values()];
      const have = await Promise.all(all.map((entry) => isStored(cache, entry)));
      const report: SaveProgress = {
        type: question.type === 'status' ? 'status' : 'progress',
        stored: have.filter(Boolean).length,
        total: all.length,
        storedBytes: all.reduce((sum, entry, i) => sum + (have[i] ? entry[2] : 0), 0),
        totalBytes: all.reduce((sum, entry) => sum + entry[2], 0),
        failed: 0,
      };
      port?.postMessage(report);
      if (question.type !== 'save-all') return;
      await fetchAll(
        cache,
        all.filter((_entry, i) => !have[i]),
        (entry, ok) => {
          if (ok) {
            report.stored++;
            report.storedBytes += entry[2];
          } else report.failed++;
          port?.postMessage(report);
        },
      );
      port?.postMessage({ ...report, type: 'saved' });
    })(),
  );
});
