// whenQuiet: background work waits for a window without long tasks or inputs, on a fake clock.
import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../tests/setup/fake-clock.ts';
import { whenQuiet, type Activity } from './page-quiet.ts';

/** The shared fake clock, started at 1,000 ms; `advance` then lets the wait's promise settle. */
function quietClock() {
  const clock = fakeClock(1000);
  return {
    ...clock,
    async advance(ms: number) {
      clock.advance(ms);
      await Promise.resolve();
    },
  };
}

/**
 * Long tasks and inputs the test reports by hand, as a browser with (or without) long tasks would:
 * `busyUntil` delivers at once; `endedUnseen` is held until the next flush, as Chromium hands a long
 * task's entry to its observer a task after the task.
 */
function fakeActivity(reportsLongTasks = true) {
  let report: ((until: number) => void) | null = null;
  let held: number[] = [];
  let stopped = false;
  const activity: Activity = {
    reportsLongTasks,
    watch(onBusy) {
      report = onBusy;
      return {
        flush() {
          for (const end of held) onBusy(end);
          held = [];
        },
        stop: () => void (stopped = true),
      };
    },
  };
  return {
    activity,
    busyUntil: (until: number) => report?.(until),
    endedUnseen: (until: number) => held.push(until),
    stopped: () => stopped,
  };
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
    const clock = quietClock();
    const page = fakeActivity();
    const resolved = await track(whenQuiet(OPTIONS, page.activity, clock));
    await clock.advance(1999);
    expect(resolved()).toBe(false);
    await clock.advance(1);
    expect(resolved()).toBe(true);
    expect(page.stopped()).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('waits again after each long task or input', async () => {
    const clock = quietClock();
    const page = fakeActivity();
    const resolved = await track(whenQuiet(OPTIONS, page.activity, clock));
    await clock.advance(1500);
    page.busyUntil(clock.now()); // a long task that has just ended, 1,500 ms in
    await clock.advance(600);
    expect(resolved()).toBe(false);
    await clock.advance(1399);
    expect(resolved()).toBe(false);
    await clock.advance(1);
    expect(resolved()).toBe(true);
  });

  it('counts a long task whose entry had not been delivered when the wait ran out', async () => {
    const clock = quietClock();
    const page = fakeActivity();
    const resolved = await track(whenQuiet(OPTIONS, page.activity, clock));
    await clock.advance(1900);
    page.endedUnseen(clock.now()); // ended 1,900 ms in; its entry still queued at 2,000 ms
    await clock.advance(100);
    expect(resolved()).toBe(false);
    await clock.advance(1899);
    expect(resolved()).toBe(false);
    await clock.advance(1);
    expect(resolved()).toBe(true);
  });

  it('gives up waiting at maxMs on a page that is never quiet', async () => {
    const clock = quietClock();
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
    const clock = quietClock();
    const resolved = await track(whenQuiet(OPTIONS, fakeActivity(false).activity, clock));
    await clock.advance(4999);
    expect(resolved()).toBe(false);
    await clock.advance(1);
    expect(resolved()).toBe(true);

    const page = fakeActivity(false);
    const resolvedLater = await track(whenQuiet(OPTIONS, page.activity, clock));
    await clock.advance(4000);
    page.busyUntil(clock.now()); // a key pressed 4 s in
    await clock.advance(1999);
    expect(resolvedLater()).toBe(false);
    await clock.advance(1);
    expect(resolvedLater()).toBe(true);
  });
});
