// `client:ahead`: an island hydrates once the page is idle, or as soon as it comes near the viewport,
// or at once when the address points into its figure, whichever is first, and only once; a reader
// saving data gets only the last two.
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
  document.head.querySelectorAll('link[rel=modulepreload]').forEach((l) => l.remove());
  Object.defineProperty(navigator, 'connection', { value: undefined, configurable: true });
  document.body.innerHTML = '';
  history.replaceState(null, '', location.pathname);
});

function island(value: Record<string, unknown> = { rootMargin: '600px' }, attributes = '') {
  document.body.innerHTML = `<h2 id="before">A section</h2><figure id="fig-lab"><astro-island ${attributes}><div class="figure"><p id="in-lab">A part</p></div></astro-island><figcaption id="lab-caption">The lab</figcaption></figure>`;
  const hydrate = vi.fn(async () => {});
  // What was asked for by the time the island's code is imported.
  const preloadedAtLoad: string[][] = [];
  const load = vi.fn(async () => {
    preloadedAtLoad.push(
      [...document.head.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]')].map((l) => l.href),
    );
    return hydrate;
  });
  // Astro types a directive's value as a string; client:ahead={{ rootMargin }} hands over the object.
  const options = { name: 'ahead', value } as unknown as Parameters<typeof hydrateAhead>[1];
  hydrateAhead(load, options, document.querySelector('astro-island')!);
  return { load, hydrate, preloadedAtLoad };
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

  it('with idle: false, hydrates only on approach, as client:visible would', async () => {
    const { load } = island({ rootMargin: '600px', idle: false });
    expect(idle).toEqual([]);
    intersect(true);
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('starts at once, saving data or not, when the address points to its figure or a place in it', async () => {
    Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true });
    for (const hash of ['#fig-lab', '#in-lab', '#lab-caption']) {
      history.replaceState(null, '', hash);
      const { load } = island({ rootMargin: '600px', idle: false });
      await flush();
      expect(load, hash).toHaveBeenCalledTimes(1);
    }
  });

  it('starts once the page is parsed when the place the address names comes after the island', async () => {
    Object.defineProperty(document, 'readyState', { value: 'loading', configurable: true });
    history.replaceState(null, '', '#lab-note');
    const { load } = island({ rootMargin: '600px', idle: false });
    await flush();
    expect(load).not.toHaveBeenCalled();
    // The parser reaches a note after the island, inside the figure.
    document.querySelector('figure')!.insertAdjacentHTML('beforeend', '<p id="lab-note">A note</p>');
    document.dispatchEvent(new Event('DOMContentLoaded', { bubbles: true }));
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('waits as before when the address points elsewhere, nowhere, or cannot be decoded', async () => {
    for (const hash of ['#before', '#no-such-place', '#%E0%A4%A']) {
      history.replaceState(null, '', hash);
      const { load } = island({ rootMargin: '600px', idle: false });
      await flush();
      expect(load, hash).not.toHaveBeenCalled();
    }
  });

  it('asks for every chunk the build named, in the component’s folder, a few a task, its own first', async () => {
    const names = ['Lab.a1.js', 'client.c3.js', 'rng.f6.js', 'host.d4.js', 'Button.e5.js', 'Slider.f6.js'];
    const { preloadedAtLoad } = island(
      { idle: false },
      `component-url="/base/_astro/Lab.a1.js" data-preload="${names.join(' ')}"`,
    );
    expect(document.head.querySelectorAll('link[rel=modulepreload]')).toHaveLength(0);
    intersect(true);
    await flush();
    const at = (name: string) => new URL(`/base/_astro/${name}`, document.baseURI).href;
    expect(preloadedAtLoad).toEqual([names.slice(0, 4).map(at)]);
    await flush();
    const all = [...document.head.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]')].map((l) => l.href);
    expect(all).toEqual(names.map(at));
  });
});
