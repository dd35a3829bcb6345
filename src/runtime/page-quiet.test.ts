// whenQuiet: background work waits for a window without long tasks or inputs, on a fake clock.
import { describe, expect, it } from 'vitest';
import { whenQuiet, type Activity, type QuietClock } from './page-quiet.ts';

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

/** Long tasks and inputs the test reports by hand, as a browser with (or without) long tasks would. */
function fakeActivity(buffered: number[] = [], longTasks = true) {
  let report: ((until: number) => void) | null = null;
  let stopped = false;
  const activity: Activity = {
    longTasks,
    watch(onBusy) {
      report = onBusy;
      for (const end of buffered) onBusy(end);
      return () => void (stopped = true);
    },
  };
  return { activity, busyUntil: (until: number) => report?.(until), stopped: () => stopped };
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
    const page = fakeActivity();
    const resolved = await track(whenQuiet(OPTIONS, page.activity, clock));
    await clock.advance(1999);
    expect(resolved()).toBe(false);
    await clock.advance(1);
    expect(resolved()).toBe(true);
    expect(page.stopped()).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('waits again after each long task', async () => {
    const clock = fakeClock();
    const page = fakeActivity();
    const resolved = await track(whenQuiet(OPTIONS, page.activity, clock));
    await clock.advance(1500);
    page.busyUntil(clock.now() + 100); // a 100 ms task that has just ended at 1,600 ms
    await clock.advance(600); // 2,100 ms after the start, 500 ms after the task
    expect(resolved()).toBe(false);
    await clock.advance(1499);
    expect(resolved()).toBe(false);
    await clock.advance(1);
    expect(resolved()).toBe(true);
  });

  it('counts a long task reported late (buffered) by when it ended', async () => {
    const clock = fakeClock();
    const page = fakeActivity([clock.now() + 700]);
    const resolved = await track(whenQuiet(OPTIONS, page.activity, clock));
    await clock.advance(2000);
    expect(resolved()).toBe(false);
    await clock.advance(700);
    expect(resolved()).toBe(true);
  });

  it('gives up waiting at maxMs on a page that is never quiet', async () => {
    const clock = fakeClock();
    const page = fakeActivity();
    const resolved = await track(whenQuiet(OPTIONS, page.activity, clock));
    for (let t = 0; t < 19_000; t += 1000) {
      page.busyUntil(clock.now());
      await clock.advance(1000);
    }
    expect(resolved()).toBe(false);
    await clock.advance(1000);
    expect(resolved()).toBe(true);
  });

  it('waits fallbackMs where long tasks are not reported, and quietMs after the last input', async () => {
    const clock = fakeClock();
    const page = fakeActivity([], false);
    const resolved = await track(whenQuiet(OPTIONS, page.activity, clock));
    await clock.advance(4999);
    expect(resolved()).toBe(false);
    await clock.advance(1);
    expect(resolved()).toBe(true);

    const later = fakeActivity([], false);
    const resolvedLater = await track(whenQuiet(OPTIONS, later.activity, clock));
    await clock.advance(4000);
    later.busyUntil(clock.now()); // a key pressed 4 s in
    await clock.advance(1999);
    expect(resolvedLater()).toBe(false);
    await clock.advance(1);
    expect(resolvedLater()).toBe(true);
  });
});
