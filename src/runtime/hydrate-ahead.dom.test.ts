// `client:ahead`: an island hydrates once the page is idle, or as soon as it comes near the viewport,
// whichever is first, and only once; a reader saving data gets only the second.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import hydrateAhead from './hydrate-ahead.ts';

let observers: { callback: IntersectionObserverCallback; options?: IntersectionObserverInit; observed: Element[] }[];
let idle: (() => void)[];

beforeEach(() => {
  observers = [];
  idle = [];
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      observed: Element[] = [];
      constructor(callback: IntersectionObserverCallback, options?: IntersectionObserverInit) {
        observers.push({ callback, options, observed: this.observed });
      }
      observe(el: Element) {
        this.observed.push(el);
      }
      disconnect() {}
    },
  );
  vi.stubGlobal('requestIdleCallback', (f: () => void) => idle.push(f));
  Object.defineProperty(document, 'readyState', { value: 'complete', configurable: true });
});
afterEach(() => {
  vi.unstubAllGlobals();
  Object.defineProperty(navigator, 'connection', { value: undefined, configurable: true });
  document.body.innerHTML = '';
});

function island() {
  document.body.innerHTML = '<astro-island><div class="figure"></div></astro-island>';
  const hydrate = vi.fn(async () => {});
  const load = vi.fn(async () => hydrate);
  // Astro types a directive's value as a string; client:ahead={{ rootMargin }} hands over the object.
  const options = { name: 'ahead', value: { rootMargin: '600px' } } as unknown as Parameters<typeof hydrateAhead>[1];
  hydrateAhead(load, options, document.querySelector('astro-island')!);
  return { load, hydrate };
}
const flush = () => new Promise((r) => setTimeout(r, 0));
const intersect = (isIntersecting: boolean) =>
  observers[0]!.callback([{ isIntersecting } as IntersectionObserverEntry], {} as IntersectionObserver);

describe('client:ahead', () => {
  it('watches the island’s content with the given margin', () => {
    island();
    expect(observers[0]?.options?.rootMargin).toBe('600px');
    expect(observers[0]?.observed.map((e) => e.className)).toEqual(['figure']);
  });

  it('hydrates when the page is idle, once, even if the island then scrolls into view', async () => {
    const { load, hydrate } = island();
    expect(load).not.toHaveBeenCalled();
    idle.splice(0).forEach((f) => f());
    intersect(true);
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
    expect(hydrate).toHaveBeenCalledTimes(1);
  });

  it('hydrates on approach before the page is idle', async () => {
    const { load } = island();
    intersect(false);
    await flush();
    expect(load).not.toHaveBeenCalled();
    intersect(true);
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not load ahead for a reader saving data, only on approach', async () => {
    Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true });
    const { load } = island();
    expect(idle).toEqual([]);
    intersect(true);
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
  });
});
