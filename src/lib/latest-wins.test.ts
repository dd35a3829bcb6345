import { describe, expect, it } from 'vitest';
import { latestWins } from './latest-wins.ts';

describe('latestWins', () => {
  it('runs once more after a burst of calls, with the latest state, and reports when it is busy', async () => {
    let state = 0;
    const seen: number[] = [];
    const busy: boolean[] = [];
    let release: () => void = () => {};
    const run = latestWins(
      async () => {
        seen.push(state);
        await new Promise<void>((r) => (release = r));
      },
      (b) => busy.push(b),
    );
    const first = run();
    for (state = 1; state <= 5; state++) void run(); // a slider dragged through five positions
    state = 5;
    release();
    await new Promise((r) => setTimeout(r, 0));
    release();
    await first;
    expect(seen).toEqual([0, 5]);
    expect(busy).toEqual([true, false]);
  });
  it('is free again after a job throws', async () => {
    let calls = 0;
    const run = latestWins(async () => {
      calls++;
      if (calls === 1) throw new Error('broken model');
    });
    await expect(run()).rejects.toThrow('broken model');
    await run();
    expect(calls).toBe(2);
  });
});
