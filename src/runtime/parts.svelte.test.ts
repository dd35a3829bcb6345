// A figure's parts mount one task after another once it can go live, and stop when it unmounts.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { partsInTurns, type Parts } from './parts.svelte.ts';
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
