import { describe, expect, it } from 'vitest';
import { inItsOwnTask, paintInTurn, showInTurns, yieldTask } from './yield-task.ts';

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

describe('inItsOwnTask and paintInTurn', () => {
  it('runs each job in a task of its own, in the order asked, none in the asking task', async () => {
    const ran: string[] = [];
    inItsOwnTask(() => ran.push('a'));
    inItsOwnTask(() => ran.push('b'));
    expect(ran).toEqual([]);
    await yieldTask();
    expect(ran).toEqual(['a']);
    await yieldTask();
    expect(ran).toEqual(['a', 'b']);
  });

  it('runs the jobs queued after one that throws', async () => {
    const ran: string[] = [];
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    inItsOwnTask(() => {
      throw new Error('broken canvas');
    });
    inItsOwnTask(() => ran.push('after'));
    for (let i = 0; i < 3; i++) await yieldTask();
    process.off('uncaughtException', onError);
    expect(ran).toEqual(['after']);
    expect(errors).toHaveLength(1);
  });

  it('paints the newest value once per turn, and nothing once the canvas is gone', async () => {
    const painted: number[] = [];
    const action = paintInTurn((_canvas: HTMLCanvasElement, value: number) => painted.push(value));
    const canvas = {} as HTMLCanvasElement;
    const first = action(canvas, 1);
    first.update(2);
    first.update(3);
    const second = action(canvas, 10);
    second.destroy();
    for (let i = 0; i < 4; i++) await yieldTask();
    expect(painted).toEqual([3]);
  });
});
