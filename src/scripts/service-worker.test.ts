// The service worker (service-worker.ts) run in Node against an in-memory CacheStorage: what it stores
// at install and as the reader reads, and what a second build's worker keeps of the first's.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OfflineBuild } from '../lib/offline-files.ts';

const ORIGIN = 'https://aside.example';
const BASE = '/courses/ml/aside/';

/** Caches as the spec has them: `open` creates a missing cache. */
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
  async delete(name: string) {
    return this.named.delete(name);
  }
  async keys() {
    return [...this.named.keys()];
  }
}

type Listener = (event: Record<string, unknown>) => void;

interface WorkerUnderTest {
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
      ['data/digits.u8.gz', 'd1', 400, 'book'],
    ],
  };
}

/** Loads a fresh copy of the worker module for one build, with its own global scope. */
async function startWorker(version: string): Promise<WorkerUnderTest> {
  const listeners = new Map<string, Listener>();
  vi.stubGlobal('self', {
    location: new URL(`${BASE}sw.js`, ORIGIN),
    skipWaiting: async () => {},
    clients: { claim: async () => {} },
    addEventListener: (type: string, listener: Listener) => listeners.set(type, listener),
  });
  vi.stubGlobal('__OFFLINE_BUILD__', buildOf(version));
  vi.resetModules();
  await import('./service-worker.ts');
  return {
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

/** Installs and activates a build's worker the way the browser does (the old worker, if any, idle). */
async function deploy(version: string): Promise<WorkerUnderTest> {
  const worker = await startWorker(version);
  await worker.dispatch('install');
  await worker.dispatch('activate');
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
    const page = await first.dispatch('fetch', get('feature-space/'));
    expect(await page?.text()).toBe(`contents of ${url('feature-space/')}`);
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

  it('on a new deploy, fetches the shell and what changed, copies what did not, and drops the old cache', async () => {
    stubNetwork();
    const first = await deploy('v1');
    for (const path of ['models/cnn/model.json', 'feature-space/', 'data/digits.u8.gz'])
      await first.dispatch('message', keep(path));
    const fetched: string[] = [];
    const network = globalThis.fetch;
    vi.stubGlobal('fetch', (request: RequestInfo | URL) => {
      fetched.push(String(request instanceof Request ? request.url : request));
      return network(request);
    });
    // The second build changed the pages and the model (their revision is the version here), not the digits.
    await deploy('v2');
    expect(await caches.keys()).toEqual([`highdim-aside:${BASE}:v2`]);
    expect(fetched.sort()).toEqual(
      ['_astro/page.abc.js', 'feature-space/index.html', 'index.html', 'models/cnn/model.json'].map(url),
    );
    const stored = caches.named.get(`highdim-aside:${BASE}:v2`)!;
    expect([...stored.entries.keys()].sort()).toEqual(
      [
        '_astro/page.abc.js',
        'data/digits.u8.gz',
        'feature-space/index.html',
        'index.html',
        'models/cnn/model.json',
      ].map(url),
    );
    expect((await stored.match(url('data/digits.u8.gz')))?.headers.get('x-offline-revision')).toBe('d1');
    expect((await stored.match(url('models/cnn/model.json')))?.headers.get('x-offline-revision')).toBe('v2');
  });
});
