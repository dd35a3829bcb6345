// whenQuiet: background work waits for a window without long tasks, on a fake clock.
import { describe, expect, it } from 'vitest';
import { whenQuiet, type LongTaskWatch, type QuietClock } from './page-quiet.ts';

/** A clock whose timers run only when `advance` moves time past them. */
function fakeClock(): QuietClock & { advance(ms: number): Promise<void>; pending(): number } {
  let now = 1000;
  let next = 0;
  const timers = new Map<number, { at: number; f: () => void }>();
  return {
    now: () => now,
    setTimeout(f, ms) {
      timers.set(++next, { at: now + ms, f });
      return next;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].f();
      }
      now = until;
      await Promise.resolve();
    },
    pending: () => timers.size,
  };
}

/** A long-task source the test feeds by hand. */
function fakeLongTasks(buffered: number[] = []) {
  let report: ((end: number) => void) | null = null;
  let stopped = false;
  const watch: LongTaskWatch = (onLongTask) => {
    report = onLongTask;
    for (const end of buffered) onLongTask(end);
    return () => void (stopped = true);
  };
  return { watch, longTask: (end: number) => report?.(end), stopped: () => stopped };
}

const OPTIONS = { quietMs: 2000, fallbackMs: 5000, maxMs: 20_000 };

async function track(p: Promise<void>) {
  let resolved = false;
  void p.then(() => (resolved = true));
  await Promise.resolve();
  return () => resolved;
}

describe('whenQuiet', () => {
  it('resolves once the page has gone quietMs without a long task, and stops watching', async () => {
    const clock = fakeClock();
    const tasks = fakeLongTasks();
    const resolved = await track(whenQuiet(OPTIONS, tasks.watch, clock));
    await clock.advance(1999);
    expect(resolved()).toBe(false);
    await clock.advance(1);
    expect(resolved()).toBe(true);
    expect(tasks.stopped()).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('waits again after each long task', async () => {
    const clock = fakeClock();
    const tasks = fakeLongTasks();
    const resolved = await track(whenQuiet(OPTIONS, tasks.watch, clock));
    await clock.advance(1500);
    tasks.longTask(clock.now() + 100); // a 100 ms task that has just ended at 1,600 ms
    await clock.advance(600); // 2,100 ms after the start, 500 ms after the task
    expect(resolved()).toBe(false);
    await clock.advance(1499);
    expect(resolved()).toBe(false);
    await clock.advance(1);
    expect(resolved()).toBe(true);
  });

  it('counts a long task reported late (buffered) by when it ended', async () => {
    const clock = fakeClock();
    const tasks = fakeLongTasks([clock.now() + 700]);
    const resolved = await track(whenQuiet(OPTIONS, tasks.watch, clock));
    await clock.advance(2000);
    expect(resolved()).toBe(false);
    await clock.advance(700);
    expect(resolved()).toBe(true);
  });

  it('gives up waiting at maxMs on a page that is never quiet', async () => {
    const clock = fakeClock();
    const tasks = fakeLongTasks();
    const resolved = await track(whenQuiet(OPTIONS, tasks.watch, clock));
    for (let t = 0; t < 19_000; t += 1000) {
      tasks.longTask(clock.now());
      await clock.advance(1000);
    }
    expect(resolved()).toBe(false);
    await clock.advance(1000);
    expect(resolved()).toBe(true);
  });

  it('waits fallbackMs where long tasks are not reported', async () => {
    const clock = fakeClock();
    const resolved = await track(whenQuiet(OPTIONS, null, clock));
    await clock.advance(4999);
    expect(resolved()).toBe(false);
    await clock.advance(1);
    expect(resolved()).toBe(true);
  });
});
