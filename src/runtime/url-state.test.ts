// The binding of figure state to the page address, with `location`, `history` and idle callbacks
// stood in for, so that it runs in Node.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAWING_FIELD, encodeDigit } from '../lib/digit-code.ts';
import type { Schema } from '../lib/url-state.ts';
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
  it('writes once per idle period, the last state winning, keeping the fragment', () => {
    const page = openPage('https://site.example/ch/?keep=1#fig');
    saveFigureState(schema, 'sr', { n: 500, unroll: false, ink: '' });
    saveFigureState(schema, 'sr', { n: 700, unroll: true, ink: '' });
    expect(idle).toHaveLength(1);
    expect(replaced).toEqual([]);
    runIdle();
    expect(page.search).toBe('?keep=1&sr.n=700&sr.unroll=1');
    expect(page.hash).toBe('#fig');
    expect(replaced).toHaveLength(1);
  });

  it('does not touch history when the address would not change', () => {
    openPage('https://site.example/ch/?sr.n=500');
    saveFigureState(schema, 'sr', { n: 500, unroll: false, ink: '' });
    runIdle();
    expect(replaced).toEqual([]);
  });

  it('two figures saving before the page is idle both land', () => {
    const page = openPage('https://site.example/ch/');
    saveFigureState(schema, 'a', { n: 500, unroll: false, ink: '' });
    saveFigureState(schema, 'b', { n: 600, unroll: false, ink: '' });
    runIdle();
    expect(page.search).toBe('?a.n=500&b.n=600');
  });

  it('without requestIdleCallback (Safari) it writes after a short timer', () => {
    vi.useFakeTimers();
    try {
      vi.stubGlobal('requestIdleCallback', undefined);
      const page = openPage('https://site.example/ch/');
      saveFigureState(schema, 'sr', { n: 800, unroll: false, ink: '' });
      expect(replaced).toEqual([]);
      vi.advanceTimersByTime(100);
      expect(page.search).toBe('?sr.n=800');
    } finally {
      vi.useRealTimers();
    }
  });
});
