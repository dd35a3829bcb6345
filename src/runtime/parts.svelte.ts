// A live figure mounted in parts, one task after another: mounting all of it at once was one long
// task (450-550 ms at 4× CPU slow-down for pixel vs feature). Call during a component's setup; the
// figure shows the parts `count` covers, and itself once `all` are in (its static version until then).
// Its markup marks the two `parts-static` and `parts-live` (src/styles/figures.css lays the parts out
// out of sight as they mount).
import { untrack } from 'svelte';
import { observeVisibility } from './observe.ts';
import { showInTurns } from './yield-task.ts';

export interface Parts {
  /** How many parts are mounted: 0 until `ready()`, then 1 … total, one more per task. */
  readonly count: number;
  readonly all: boolean;
}

export function partsInTurns(total: number, ready: () => boolean): Parts {
  let count = $state(0);
  $effect(() => {
    if (!ready()) return;
    return untrack(() => showInTurns(count, total, (k) => (count = k)));
  });
  return {
    get count() {
      return count;
    },
    get all() {
      return count === total;
    },
  };
}

/**
 * Whether the element has come within `rootMargin` of the viewport (default: one screen above or
 * below) in a shown tab; it stays true from then on. A figure that starts ahead of the reader (its
 * files, its worker, its first result) builds its live parts only then: built while the reader is
 * still at the top of a chapter, they were long tasks for a figure that may never be reached.
 */
export function nearViewport(el: () => Element | undefined, rootMargin = '100% 0px'): { readonly now: boolean } {
  let near = $state(false);
  $effect(() => {
    const target = el();
    if (!target || untrack(() => near)) return;
    const stop = observeVisibility(
      target,
      (visible) => {
        if (!visible) return;
        near = true;
        stop();
      },
      rootMargin,
    );
    return stop;
  });
  return {
    get now() {
      return near;
    },
  };
}
