// Background work the reader does not wait for (installing the offline copy) waits until the page is
// quiet: `quietMs` without a long task on the main thread and without the reader's input. Started
// while a figure was building, the service worker's install (the shell's downloads, a copy of each file
// the page had loaded) competed for the CPU on a 2-core machine and halved the page's blocking time when
// left out (measured at 4× CPU slow-down on figures/fig-three-kinds/: 1,238 and 1,180 ms with it, 525 and
// 588 ms without). Waiting for long tasks alone moved it into the reader's first slider drag. Browsers
// that report no long tasks wait at least `fallbackMs`; none waits longer than `maxMs`.

export interface QuietOptions {
  /** How long the page must go without a long task or an input. */
  quietMs: number;
  /** Where long tasks are not reported: the shortest wait. */
  fallbackMs: number;
  /** The longest wait, for a page that is never quiet. */
  maxMs: number;
}

export interface Watching {
  /** Reports at once what is known but not yet delivered (a long task's entry comes a task late). */
  flush(): void;
  stop(): void;
}

/** Calls back with the time (performance.now()) until which the page was busy. */
export type ActivityWatch = (onBusy: (untilMs: number) => void) => Watching;

export interface Activity {
  watch: ActivityWatch;
  /** Whether the watch sees long tasks (Chromium), not only inputs. */
  reportsLongTasks: boolean;
}

export interface QuietClock {
  now(): number;
  setTimeout(f: () => void, ms: number): void;
}

/** The reader's inputs that mean "busy": a drag, a key, a scroll. */
const INPUTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/** The page's long tasks (buffered ones first, where reported) and the reader's inputs. */
export function browserActivity(): Activity {
  const reportsLongTasks =
    typeof PerformanceObserver !== 'undefined' && !!PerformanceObserver.supportedEntryTypes?.includes('longtask');
  return {
    reportsLongTasks,
    watch(onBusy) {
      const report = (entries: PerformanceEntryList) => {
        for (const entry of entries) onBusy(entry.startTime + entry.duration);
      };
      const observer = reportsLongTasks ? new PerformanceObserver((list) => report(list.getEntries())) : null;
      observer?.observe({ type: 'longtask', buffered: true });
      const onInput = () => onBusy(performance.now());
      // Capture on the window: a scroll inside an element does not bubble.
      for (const type of INPUTS) addEventListener(type, onInput, { capture: true, passive: true });
      return {
        flush: () => observer && report(observer.takeRecords()),
        stop() {
          observer?.disconnect();
          for (const type of INPUTS) removeEventListener(type, onInput, { capture: true });
        },
      };
    },
  };
}

const browserClock: QuietClock = {
  now: () => performance.now(),
  setTimeout: (f, ms) => void setTimeout(f, ms),
};

/** Resolves once the page has gone `quietMs` without a long task or an input (see the file's comment). */
export function whenQuiet(
  options: QuietOptions,
  activity: Activity = browserActivity(),
  clock: QuietClock = browserClock,
): Promise<void> {
  return new Promise((resolve) => {
    const started = clock.now();
    const deadline = started + options.maxMs;
    // Without long tasks to go by, the quiet window starts late enough to make the wait fallbackMs.
    let lastEnd = activity.reportsLongTasks ? started : started + Math.max(0, options.fallbackMs - options.quietMs);
    const watching = activity.watch((untilMs) => {
      // Activity that ended after the last known moves the quiet window's start.
      lastEnd = Math.max(lastEnd, untilMs);
    });
    // One timer at a time: when it fires, either the page has been quiet long enough, or it is set again
    // for the end of the quiet window that the last activity started.
    const check = () => {
      watching.flush();
      const now = clock.now();
      if (now >= deadline || now - lastEnd >= options.quietMs) {
        watching.stop();
        resolve();
      } else wait(lastEnd + options.quietMs - now);
    };
    const wait = (ms: number) => clock.setTimeout(check, Math.max(0, Math.min(ms, deadline - clock.now())));
    wait(lastEnd + options.quietMs - clock.now());
  });
}
