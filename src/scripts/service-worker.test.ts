// The service worker (service-worker.ts) run in Node against an in-memory CacheStorage: two builds'
// workers at one address, the older one still finishing work after the newer one took over.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OfflineBuild, SaveProgress } from '../lib/offline-files.ts';

const ORIGIN = 'https://aside.example';
const BASE = '/courses/ml/aside/';

/** Caches as the spec has them: `open` creates a missing cache; a deleted cache's object writes nowhere. */
class MemoryCache {
  readonly entries = new Map<string, Response>();
  async match(request: RequestInfo | URL) {
    return this.entries.get(String(request instanceof Request ? request.url : request))?.clone();
  }
  async put(request: RequestInfo | URL, response: Response) {
    this.entries.set(String(request instanceof Request ? request.url : request), response);
  }
  async keys() {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
}
class MemoryCacheStorage {
  readonly named = new Map<string, MemoryCache>();
  async open(name: string) {
    const cache = this.named.get(name) ?? new MemoryCache();
    this.named.set(name, cache);
    return cache;
  }
  async has(name: string) {
    return this.named.has(name);
  }
  async delete(name: string) {
    return this.named.delete(name);
  }
  async keys() {
    return [...this.named.keys()];
  }
}

type Listener = (event: Record<string, unknown>) => void;

interface Worker {
  state: { state: string };
  /** Dispatches an event and waits for everything it asked to wait for; returns what it responded. */
  dispatch(type: string, fields?: Record<string, unknown>): Promise<Response | undefined>;
}

function buildOf(version: string): OfflineBuild {
  return {
    version,
    base: BASE,
    files: [
      ['index.html', version, 100, 'shell'],
      ['_astro/page.abc.js', 'abc', 50, 'shell'],
      ['feature-space/index.html', version, 200, 'book'],
      ['models/cnn/model.json', version, 300, 'book'],
    ],
  };
}

/** Loads a fresh copy of the worker module for one build, with its own global scope. */
async function startWorker(version: string): Promise<Worker> {
  const listeners = new Map<string, Listener>();
  const state = { state: 'installing' };
  vi.stubGlobal('self', {
    location: new URL(`${BASE}sw.js`, ORIGIN),
    serviceWorker: state,
    skipWaiting: async () => {},
    clients: { claim: async () => {} },
    addEventListener: (type: string, listener: Listener) => listeners.set(type, listener),
  });
  vi.stubGlobal('__OFFLINE_BUILD__', buildOf(version));
  vi.resetModules();
  await import('./service-worker.ts');
  return {
    state,
    async dispatch(type, fields = {}) {
      const waits: Promise<unknown>[] = [];
      let responded: Promise<Response> | undefined;
      listeners.get(type)?.({
        ...fields,
        waitUntil: (p: Promise<unknown>) => waits.push(p),
        respondWith: (r: Response | Promise<Response>) => (responded = Promise.resolve(r)),
      });
      const [response] = await Promise.all([responded, ...waits]);
      return response;
    },
  };
}

/** Installs and activates a build's worker the way the browser does, replacing `previous` if given. */
async function deploy(version: string, previous?: Worker, { stateSeen = true } = {}): Promise<Worker> {
  const worker = await startWorker(version);
  await worker.dispatch('install');
  // The browser marks the old worker redundant before the new one's activate event; the old worker's
  // thread may learn of it late (`stateSeen: false`).
  if (previous && stateSeen) previous.state.state = 'redundant';
  worker.state.state = 'activating';
  await worker.dispatch('activate');
  worker.state.state = 'activated';
  return worker;
}

/** A same-origin answer says `basic`, and so do its clones; a constructed Response says `default`. */
class SameOrigin extends Response {
  override get type(): ResponseType {
    return 'basic';
  }
  override clone(): Response {
    const copy = super.clone();
    Object.defineProperty(copy, 'type', { value: 'basic' });
    return copy;
  }
}

const url = (path: string) => `${ORIGIN}${BASE}${path}`;
let caches: MemoryCacheStorage;

function stubNetwork() {
  caches = new MemoryCacheStorage();
  vi.stubGlobal('caches', caches);
  vi.stubGlobal(
    'fetch',
    async (request: RequestInfo | URL) =>
      new SameOrigin(`contents of ${String(request instanceof Request ? request.url : request)}`),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const keep = (path: string) => ({ data: { type: 'keep', urls: [url(path)] }, ports: [] });
const get = (path: string) => ({ request: new Request(url(path)) });

describe('the service worker', () => {
  it('stores the shell at install and what the reader opens after', async () => {
    stubNetwork();
    const first = await deploy('v1');
    expect(await caches.keys()).toEqual([`highdim-aside:${BASE}:v1`]);
    await first.dispatch('message', keep('models/cnn/model.json'));
    await first.dispatch('fetch', get('feature-space/'));
    const stored = [...caches.named.get(`highdim-aside:${BASE}:v1`)!.entries.keys()];
    expect(stored.sort()).toEqual(
      [
        url('_astro/page.abc.js'),
        url('feature-space/index.html'),
        url('index.html'),
        url('models/cnn/model.json'),
      ].sort(),
    );
  });

  for (const stateSeen of [true, false])
    it(`replaced by a new build, leaves only the new build's cache, however late it finishes (state seen: ${stateSeen})`, async () => {
      stubNetwork();
      const first = await deploy('v1');
      const second = await deploy('v2', first, { stateSeen });
      expect(await caches.keys()).toEqual([`highdim-aside:${BASE}:v2`]);

      // Work the old worker was handed before the switch, run after it.
      await first.dispatch('message', keep('models/cnn/model.json'));
      const page = await first.dispatch('fetch', get('feature-space/'));
      const asset = await first.dispatch('fetch', get('_astro/page.abc.js'));
      expect(await page?.text()).toBe(`contents of ${url('feature-space/')}`);
      expect(await asset?.text()).toBe(`contents of ${url('_astro/page.abc.js')}`);
      expect(await caches.keys()).toEqual([`highdim-aside:${BASE}:v2`]);

      // A page that still asks the old worker how much is saved gets an answer, not silence.
      const answers: SaveProgress[] = [];
      const port = { postMessage: (m: SaveProgress) => answers.push(m) };
      await first.dispatch('message', { data: { type: 'status' }, ports: [port] });
      await first.dispatch('message', { data: { type: 'save-all' }, ports: [port] });
      expect(answers.map((a) => [a.type, a.stored, a.total, a.failed])).toEqual([
        ['status', 0, 4, 0],
        ['saved', 0, 4, 4],
      ]);
      expect(await caches.keys()).toEqual([`highdim-aside:${BASE}:v2`]);

      // The new worker still stores what it is asked to.
      await second.dispatch('message', keep('models/cnn/model.json'));
      expect(await caches.named.get(`highdim-aside:${BASE}:v2`)?.match(url('models/cnn/model.json'))).toBeDefined();
    });

  it('takes its cache back out when replaced between checking for it and opening it', async () => {
    stubNetwork();
    const first = await deploy('v1');
    const open = caches.open.bind(caches);
    let armed = true;
    caches.open = async (name: string) => {
      if (armed && name.endsWith(':v1')) {
        armed = false;
        await deploy('v2', first);
      }
      return open(name);
    };
    await first.dispatch('message', keep('models/cnn/model.json'));
    expect(armed).toBe(false);
    expect(await caches.keys()).toEqual([`highdim-aside:${BASE}:v2`]);
  });
});
