// The binding of figure state to the page address, with `location`, `history` and idle callbacks
// stood in for, so that it runs in Node.
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAWING_FIELD, encodeDigit } from '../lib/digit-code.ts';
import type { Schema } from '../lib/url-state.ts';
import { flushAddressWrites, QUIET_MS, READ_ADDRESS } from './address-writes.ts';
import { loadFigureState, saveFigureState } from './url-state.ts';

const schema = {
  n: { kind: 'int', min: 100, max: 100_000, default: 2000 },
  unroll: { kind: 'bool', default: false },
  ink: DRAWING_FIELD,
} as const satisfies Schema;

let idle: (() => void)[];
let replaced: string[];

/** A page at `href`; `history.replaceState` moves it, as a browser would. */
function openPage(href: string) {
  const url = new URL(href);
  const location = {
    get pathname() {
      return url.pathname;
    },
    get search() {
      return url.search;
    },
    get hash() {
      return url.hash;
    },
  };
  vi.stubGlobal('location', location);
  vi.stubGlobal('history', {
    state: null,
    replaceState: (_state: unknown, _title: string, next: string) => {
      replaced.push(next);
      const moved = new URL(next, url);
      url.pathname = moved.pathname;
      url.search = moved.search;
      url.hash = moved.hash;
    },
  });
  return url;
}

beforeEach(() => {
  idle = [];
  replaced = [];
  vi.stubGlobal('requestIdleCallback', (f: () => void) => idle.push(f));
});
afterEach(() => {
  vi.unstubAllGlobals();
});
const runIdle = () => idle.splice(0).forEach((f) => f());

const code = encodeDigit(Float32Array.from({ length: 784 }, (_, i) => (i % 31 === 0 ? 1 : 0)));

describe('loadFigureState', () => {
  it('reads the state and leaves a clean address alone', () => {
    openPage(`https://site.example/ch/?sr.n=500&sr.ink=${code}&other=1#fig`);
    expect(loadFigureState(schema, 'sr')).toEqual({ n: 500, unroll: false, ink: code });
    expect(replaced).toEqual([]);
  });

  it('drops a drawing code that matches the pattern but does not decode, keeping the rest and the fragment', () => {
    const cut = code.slice(0, -4);
    const page = openPage(`https://site.example/ch/?sr.n=500&sr.ink=${cut}&other=1#fig`);
    expect(loadFigureState(schema, 'sr')).toEqual({ n: 500, unroll: false, ink: '' });
    expect(page.search).toBe('?sr.n=500&other=1');
    expect(page.hash).toBe('#fig');
  });

  it('drops garbage but keeps (clamped) values out of range and other figures’ parameters', () => {
    const page = openPage('https://site.example/ch/?sr.n=9999999&sr.unroll=maybe&pf.n=lots');
    expect(loadFigureState(schema, 'sr')).toEqual({ n: 100_000, unroll: false, ink: '' });
    expect(page.search).toBe('?sr.n=9999999&pf.n=lots');
  });

  it('leaves no query behind when nothing readable was in it', () => {
    const page = openPage('https://site.example/ch/?sr.unroll=maybe#fig');
    loadFigureState(schema, 'sr');
    expect(page.href).toBe('https://site.example/ch/#fig');
  });
});

describe('saveFigureState', () => {
  // Only the timers: requestIdleCallback is the test's own (`runIdle`).
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('writes once the reader has paused and the page is idle, the last state winning, keeping the fragment', () => {
    const page = openPage('https://site.example/ch/?keep=1#fig');
    saveFigureState(schema, 'sr', { n: 500, unroll: false, ink: '' });
    vi.advanceTimersByTime(QUIET_MS - 50);
    saveFigureState(schema, 'sr', { n: 700, unroll: true, ink: '' });
    vi.advanceTimersByTime(QUIET_MS - 1);
    expect(idle).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(idle).toHaveLength(1);
    expect(replaced).toEqual([]);
    runIdle();
    expect(page.search).toBe('?keep=1&sr.n=700&sr.unroll=1');
    expect(page.hash).toBe('#fig');
    expect(replaced).toHaveLength(1);
  });

  it('waits again for a change made after the pause, before the idle moment', () => {
    const page = openPage('https://site.example/ch/');
    saveFigureState(schema, 'sr', { n: 500, unroll: false, ink: '' });
    vi.advanceTimersByTime(QUIET_MS);
    saveFigureState(schema, 'sr', { n: 600, unroll: false, ink: '' });
    runIdle();
    expect(replaced).toEqual([]);
    vi.advanceTimersByTime(QUIET_MS);
    runIdle();
    expect(page.search).toBe('?sr.n=600');
  });

  it('does not touch history when the address would not change', () => {
    openPage('https://site.example/ch/?sr.n=500');
    saveFigureState(schema, 'sr', { n: 500, unroll: false, ink: '' });
    vi.advanceTimersByTime(QUIET_MS);
    runIdle();
    expect(replaced).toEqual([]);
  });

  it('two figures saving before the page is idle both land, on top of what else the address gained meanwhile', () => {
    const page = openPage('https://site.example/ch/');
    saveFigureState(schema, 'a', { n: 500, unroll: false, ink: '' });
    saveFigureState(schema, 'b', { n: 600, unroll: false, ink: '' });
    // The figure page's own modes are written at once.
    history.replaceState(null, '', '/ch/?view=present');
    vi.advanceTimersByTime(QUIET_MS);
    runIdle();
    expect(page.search).toBe('?view=present&a.n=500&b.n=600');
  });

  it('is written at once when something reads the address for the reader (a copied link)', () => {
    const page = openPage('https://site.example/ch/#fig');
    saveFigureState(schema, 'sr', { n: 800, unroll: false, ink: '' });
    flushAddressWrites();
    expect(page.href).toBe('https://site.example/ch/?sr.n=800#fig');
    vi.advanceTimersByTime(QUIET_MS);
    runIdle();
    expect(replaced).toHaveLength(1);
  });

  it('without requestIdleCallback (Safari) it writes when the pause is over', () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    const page = openPage('https://site.example/ch/');
    saveFigureState(schema, 'sr', { n: 800, unroll: false, ink: '' });
    vi.advanceTimersByTime(QUIET_MS - 1);
    expect(replaced).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(page.search).toBe('?sr.n=800');
  });

  it('is written when the page asks for the address (READ_ADDRESS), is left, or loses focus', async () => {
    vi.resetModules();
    const listeners = new Map<string, () => void>();
    vi.stubGlobal('addEventListener', (type: string, f: () => void) => listeners.set(type, f));
    const { saveFigureState: save } = await import('./url-state.ts');
    const page = openPage('https://site.example/ch/');
    save(schema, 'sr', { n: 900, unroll: false, ink: '' });
    listeners.get(READ_ADDRESS)?.();
    expect(page.search).toBe('?sr.n=900');
    save(schema, 'sr', { n: 1000, unroll: false, ink: '' });
    listeners.get('pagehide')?.();
    expect(page.search).toBe('?sr.n=1000');
    // The window losing focus (to the address bar), the tab hidden (a phone may discard it).
    save(schema, 'sr', { n: 1100, unroll: false, ink: '' });
    listeners.get('blur')?.();
    expect(page.search).toBe('?sr.n=1100');
    vi.stubGlobal('document', { visibilityState: 'hidden' });
    save(schema, 'sr', { n: 1200, unroll: false, ink: '' });
    listeners.get('visibilitychange')?.();
    expect(page.search).toBe('?sr.n=1200');
  });
});

describe('READ_ADDRESS', () => {
  it('is the event every page script that reads the address for the reader dispatches', () => {
    const dispatched = readdirSync('src/scripts')
      .filter((f) => f.endsWith('.ts') && !f.includes('.test.'))
      .flatMap((f) => [...readFileSync(`src/scripts/${f}`, 'utf8').matchAll(/new Event\('(aside:[^']*)'\)/g)])
      .map((m) => m[1]);
    // cite.ts, enhance.ts (copy link, links followed) and figure-page.ts (embed code, present-mode step).
    expect(dispatched.length).toBeGreaterThanOrEqual(4);
    expect(new Set(dispatched)).toEqual(new Set([READ_ADDRESS]));
  });
});
