import { describe, expect, it } from 'vitest';
import { showInTurns, yieldTask } from './yield-task.ts';

describe('showInTurns', () => {
  it('shows each part in a task of its own, in order, up to the last', async () => {
    const shown: number[] = [];
    showInTurns(1, 3, (k) => shown.push(k));
    // Nothing in the task that asked: the first part is already there.
    expect(shown).toEqual([]);
    await yieldTask();
    expect(shown).toEqual([2]);
    await yieldTask();
    expect(shown).toEqual([2, 3]);
    await yieldTask();
    expect(shown).toEqual([2, 3]);
  });

  it('shows nothing more once stopped (the figure unmounted)', async () => {
    const shown: number[] = [];
    const stop = showInTurns(0, 4, (k) => shown.push(k));
    await yieldTask();
    stop();
    for (let i = 0; i < 4; i++) await yieldTask();
    expect(shown).toEqual([1]);
  });
});
