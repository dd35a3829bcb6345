// A figure's parts mount one task after another once it can go live, and stop when it unmounts.
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nearViewport, partsInTurns, type Parts } from './parts.svelte.ts';
import { yieldTask } from './yield-task.ts';

function mount(total: number) {
  const live = $state({ ready: false });
  let parts!: Parts;
  const unmount = $effect.root(() => {
    parts = partsInTurns(total, () => live.ready);
  });
  flushSync();
  return { live, parts, unmount };
}

describe('partsInTurns', () => {
  it('shows nothing until the figure can go live, then one more part per task', async () => {
    const { live, parts, unmount } = mount(3);
    await yieldTask();
    expect(parts.count).toBe(0);
    live.ready = true;
    flushSync();
    expect(parts.count).toBe(0);
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      await yieldTask();
      seen.push(parts.count);
    }
    expect(seen).toEqual([1, 2, 3, 3]);
    expect(parts.all).toBe(true);
    unmount();
  });

  it('stops mounting when the figure unmounts', async () => {
    const { live, parts, unmount } = mount(5);
    live.ready = true;
    flushSync();
    await yieldTask();
    expect(parts.count).toBe(1);
    unmount();
    for (let i = 0; i < 3; i++) await yieldTask();
    expect(parts.count).toBe(1);
    expect(parts.all).toBe(false);
  });
});

describe('nearViewport', () => {
  let observers: { callback: IntersectionObserverCallback; margin?: string; watched: Element[]; off: boolean }[];
  let tab: 'visible' | 'hidden';
  let onTab: (() => void)[];
  beforeEach(() => {
    observers = [];
    tab = 'visible';
    onTab = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        #o;
        constructor(callback: IntersectionObserverCallback, options?: IntersectionObserverInit) {
          this.#o = { callback, margin: options?.rootMargin, watched: [] as Element[], off: false };
          observers.push(this.#o);
        }
        observe(el: Element) {
          this.#o.watched.push(el);
        }
        disconnect() {
          this.#o.off = true;
        }
      },
    );
    vi.stubGlobal('document', {
      get visibilityState() {
        return tab;
      },
      addEventListener: (_: string, f: () => void) => onTab.push(f),
      removeEventListener: (_: string, f: () => void) => (onTab = onTab.filter((g) => g !== f)),
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const comes = (isIntersecting: boolean) =>
    observers.at(-1)!.callback([{ isIntersecting } as IntersectionObserverEntry], {} as IntersectionObserver);

  function watch(margin?: string) {
    const box = $state<{ el: Element | undefined }>({ el: undefined });
    let near!: { readonly now: boolean };
    const unmount = $effect.root(() => {
      near = nearViewport(() => box.el, margin);
    });
    flushSync();
    return { box, near, unmount };
  }

  it('waits for the element, then watches it a screen ahead by default', () => {
    const { box, near, unmount } = watch();
    expect(observers).toEqual([]);
    const el = { id: 'lab' } as unknown as Element;
    box.el = el;
    flushSync();
    expect(observers[0]?.watched).toEqual([el]);
    expect(observers[0]?.margin).toBe('100% 0px');
    expect(near.now).toBe(false);
    unmount();
  });

  it('turns true once the element comes near in a shown tab, and stays true after it leaves', () => {
    const { box, near, unmount } = watch('600px');
    box.el = {} as Element;
    flushSync();
    expect(observers[0]?.margin).toBe('600px');
    tab = 'hidden';
    comes(true);
    expect(near.now).toBe(false);
    tab = 'visible';
    onTab.forEach((f) => f());
    expect(near.now).toBe(true);
    expect(observers[0]?.off).toBe(true);
    comes(false);
    expect(near.now).toBe(true);
    unmount();
  });

  it('stops watching when the figure unmounts first', () => {
    const { box, near, unmount } = watch();
    box.el = {} as Element;
    flushSync();
    unmount();
    expect(observers[0]?.off).toBe(true);
    expect(onTab).toEqual([]);
    expect(near.now).toBe(false);
  });
});
