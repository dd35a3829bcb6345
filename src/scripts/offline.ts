// Registers the service worker (src/scripts/service-worker.ts, built into <base>sw.js) on every page
// of a production build served over http(s), once the page has loaded (and, on a page with figures,
// gone quiet) and the browser is idle. A reader saving data gets it only by pressing "save for
// offline" on the front page (save-offline.ts).
import { mayLoadAhead, type ConnectionHints } from '../lib/load-ahead.ts';
import type { QuietOptions } from '../runtime/page-quiet.ts';

const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');

/** Whether this page can have a service worker: a production build, over http(s), in a secure context. */
export function canWorkOffline(): boolean {
  return import.meta.env.PROD && 'serviceWorker' in navigator && isSecureContext && /^https?:$/.test(location.protocol);
}

/**
 * The first install downloads and stores the shell and the page's files: on a 2-core phone it slowed a
 * figure that was starting, or the reader's first drag. So it waits for 2 s without a long task or an
 * input (at least 5 s where long tasks are not reported; 20 s at most).
 */
const OFFLINE_QUIET: QuietOptions = { quietMs: 2000, fallbackMs: 5000, maxMs: 20_000 };

let registration: Promise<ServiceWorkerRegistration> | undefined;

/**
 * The site's active service worker, registered on first call; rejects where the browser refuses. Asked
 * anew each time: after a deploy the active worker is the new build's, and the old one answers no more.
 */
export async function offlineWorker(): Promise<ServiceWorker> {
  registration ??= navigator.serviceWorker.register(`${base}sw.js`, { scope: base, updateViaCache: 'none' });
  await registration;
  const { active } = await navigator.serviceWorker.ready;
  if (!active) throw new Error('The service worker did not become active');
  return active;
}

/** Files this page loaded before the worker controlled it (a figure's models, say): stored too. */
function keepWhatWasLoaded(worker: ServiceWorker): void {
  const urls = performance.getEntriesByType('resource').map((entry) => entry.name);
  worker.postMessage({ type: 'keep', urls });
}

if (canWorkOffline()) {
  const connection = (navigator as Navigator & { connection?: ConnectionHints }).connection;
  const start = () =>
    offlineWorker()
      .then((worker) => {
        keepWhatWasLoaded(worker);
        navigator.serviceWorker.addEventListener(
          'controllerchange',
          () => offlineWorker().then(keepWhatWasLoaded, () => {}),
          { once: true },
        );
      })
      // Refused (a browser setting, a test that blocks workers): the site works online as before.
      .catch(() => {});
  const whenIdle = () =>
    'requestIdleCallback' in window ? requestIdleCallback(start, { timeout: 3000 }) : setTimeout(start, 200);
  // Only a page with figures can be busy starting one: a text page registers at its first idle moment,
  // without loading the quiet wait's code (its JavaScript budget: tests/e2e/budget.test.ts).
  const quiet = () =>
    import('../runtime/page-quiet.ts').then(
      ({ whenQuiet }) => whenQuiet(OFFLINE_QUIET),
      () => {},
    );
  const afterLoad = () => void (document.querySelector('astro-island') ? quiet() : Promise.resolve()).then(whenIdle);
  if (mayLoadAhead(connection) || navigator.serviceWorker.controller) {
    if (document.readyState === 'complete') afterLoad();
    else addEventListener('load', afterLoad, { once: true });
  }
}
