// Background work the reader does not wait for (installing the offline copy) waits until the page is
// quiet: `quietMs` without a long task on the main thread. Started while a figure was building, the
// service worker's install (the shell's downloads, a copy of each file the page had loaded) competed
// for the CPU on a 2-core machine and halved the page's blocking time when left out (measured at 4×
// CPU slow-down on figures/fig-three-kinds/: 1,238 and 1,180 ms with it, 525 and 588 ms without).
// Browsers that report no long tasks wait `fallbackMs` instead; none waits longer than `maxMs`.

export interface QuietOptions {
  /** How long the page must go without a long task. */
  quietMs: number;
  /** Where long tasks are not reported: how long to wait instead. */
  fallbackMs: number;
  /** The longest wait, for a page that is never quiet. */
  maxMs: number;
}

/** Calls back with the end time (performance.now()) of each long task, buffered ones first; returns its stop. */
export type LongTaskWatch = (onLongTask: (endMs: number) => void) => () => void;

export interface QuietClock {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The browser's long tasks (Chromium), or null where they are not reported. */
export function browserLongTasks(): LongTaskWatch | null {
  if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('longtask'))
    return null;
  return (onLongTask) => {
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) onLongTask(entry.startTime + entry.duration);
    });
    observer.observe({ type: 'longtask', buffered: true });
    return () => observer.disconnect();
  };
}

const browserClock: QuietClock = {
  now: () => performance.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Resolves once the page has gone `quietMs` without a long task (see the file's comment). */
export function whenQuiet(
  options: QuietOptions,
  watch: LongTaskWatch | null = browserLongTasks(),
  clock: QuietClock = browserClock,
): Promise<void> {
  return new Promise((resolve) => {
    const started = clock.now();
    const deadline = started + options.maxMs;
    let lastEnd = started;
    let timer: unknown;
    let stop = () => {};
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      stop();
      resolve();
    };
    // One timer at a time: when it fires, either the page has been quiet long enough, or it is set again
    // for the end of the quiet window that the last long task started.
    const check = () => {
      const now = clock.now();
      if (now >= deadline || now - lastEnd >= options.quietMs) finish();
      else wait(lastEnd + options.quietMs - now);
    };
    const wait = (ms: number) => {
      timer = clock.setTimeout(check, Math.max(0, Math.min(ms, deadline - clock.now())));
    };
    if (!watch) {
      timer = clock.setTimeout(finish, Math.min(options.fallbackMs, options.maxMs));
      return;
    }
    stop = watch((endMs) => {
      // A long task that ended after the last one known moves the quiet window's start.
      lastEnd = Math.max(lastEnd, endMs);
    });
    wait(lastEnd + options.quietMs - clock.now());
  });
}
